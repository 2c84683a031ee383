/**
 * Postscript REST v2 simulator (providers.md §4) for tests and the demo:
 *
 * - `POST /api/v2/events`: Bearer private key (legacy Basic and the partner
 *   X-Postscript-Shop-Token also accepted) → 401 on a bad key; documented fields only →
 *   400 on unknown ones; 202 `{"event_ids": [...]}`; `external_id` is the idempotency key
 *   (a resend returns the same id and is not stored twice);
 * - 15 requests a second per key → 429 `{"error_code":3002,…}`, no Retry-After;
 * - `GET /api/v2/me`: the authenticated read used to check a key;
 * - faults and state over HTTP: POST /__sim/faults, GET /__sim/state, POST /__sim/reset.
 */
import { randomUUID } from "node:crypto";
import { LeakyBucket, startSimServer, type Faults, type RecordedRequest, type SimRequest, type SimResponse, type SimStats } from "../providers/sim-server";
import { validateEvent, type ValidEvent } from "./validate";

export const POSTSCRIPT_SIM_KEYS = {
  valid: "sk_sim_postscript_valid_0001",
  /** A second shop's key. */
  other: "sk_sim_postscript_other_0002",
} as const;

export const RATE_LIMIT_BODY = { error_code: 3002, error_message: "Rate limit exceeded", success: false };

export interface ReceivedEvent extends ValidEvent {
  eventId: string;
  /** Which key sent it (the shop at Postscript). */
  key: string;
  receivedAt: string;
}

export interface PostscriptSimState {
  /** Every accepted event, once per external_id. */
  events: ReceivedEvent[];
  /** Event types Postscript now offers in Flows (learnt from a first event). */
  definitions: string[];
  /** Resends of an external_id already received. */
  duplicates: number;
}

export interface PostscriptSimOptions {
  port?: number;
  /** Valid private keys (default POSTSCRIPT_SIM_KEYS). */
  keys?: string[];
  /** Per-key bucket; default 15 requests draining 15 a second. */
  rateLimit?: { capacity: number; drainPerSecond: number };
}

export interface PostscriptSimulator {
  url: string;
  state: PostscriptSimState;
  faults: Faults;
  requests: RecordedRequest[];
  stats: SimStats;
  /** Received events of one type (all when omitted). */
  eventsOf(type?: string): ReceivedEvent[];
  reset(): void;
  close(): Promise<void>;
}

function keyFrom(req: SimRequest): string | null {
  const shopToken = req.headers["x-postscript-shop-token"];
  if (typeof shopToken === "string" && shopToken) return shopToken;
  const auth = req.headers.authorization ?? "";
  const bearer = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic\s+(\S+)$/i.exec(auth)?.[1];
  if (basic) return Buffer.from(basic, "base64").toString("utf8").split(":")[0] || null;
  return null;
}

const errorBody = (status: number, message?: string) =>
  status === 429 ? RATE_LIMIT_BODY : { error_message: message ?? (status >= 500 ? "Internal server error" : "Request failed"), success: false };

export async function startPostscriptSimulator(options: PostscriptSimOptions = {}): Promise<PostscriptSimulator> {
  const keys = new Set(options.keys ?? Object.values(POSTSCRIPT_SIM_KEYS));
  const limit = { capacity: options.rateLimit?.capacity ?? 15, drainPerSecond: options.rateLimit?.drainPerSecond ?? 15 };
  const bucket = new LeakyBucket(limit.capacity, limit.drainPerSecond);
  const state: PostscriptSimState = { events: [], definitions: [], duplicates: 0 };

  function handle(req: SimRequest, ctx: { stats: SimStats }): SimResponse {
    const key = keyFrom(req);
    if (!key || !keys.has(key)) return { status: 401, body: errorBody(401, "Invalid API key") };
    if (!bucket.hit(key).ok) {
      ctx.stats.rateLimitViolations += 1;
      return { status: 429, body: RATE_LIMIT_BODY };
    }
    if (req.method === "GET" && req.path === "/api/v2/me") {
      return { status: 200, body: { shop: { id: [...keys].indexOf(key) + 1, name: "Demo Shop" } } };
    }
    if (req.path === "/api/v2/events") {
      if (req.method !== "POST") return { status: 405, body: errorBody(405, "Method not allowed") };
      if (req.json === null) return { status: 400, body: errorBody(400, "The body must be JSON") };
      const result = validateEvent(req.json);
      if (!result.ok) return { status: 400, body: { error_message: result.errors.join("; "), errors: result.errors, success: false } };
      const event = result.event;
      const existing = event.external_id ? state.events.find((e) => e.key === key && e.external_id === event.external_id) : undefined;
      if (existing) {
        state.duplicates += 1;
        return { status: 202, body: { event_ids: [existing.eventId] } };
      }
      const received: ReceivedEvent = { ...event, eventId: randomUUID(), key, receivedAt: new Date().toISOString() };
      state.events.push(received);
      if (!state.definitions.includes(event.type)) state.definitions.push(event.type);
      return { status: 202, body: { event_ids: [received.eventId] } };
    }
    return { status: 404, body: errorBody(404, `No route for ${req.method} ${req.path}`) };
  }

  const core = await startSimServer({
    port: options.port,
    hooks: {
      handle,
      errorBody: (status) => errorBody(status),
      reset: () => {
        state.events.length = 0;
        state.definitions.length = 0;
        state.duplicates = 0;
        bucket.capacity = limit.capacity;
        bucket.drainPerSecond = limit.drainPerSecond;
        bucket.reset();
      },
      // Keys never appear in the state: they are secrets even in a simulator.
      snapshot: () => ({ ...state, events: state.events.map(({ key: _key, ...rest }) => rest) }),
      configure: (body) => {
        const limit = body.rateLimit as { capacity?: number; drainPerSecond?: number } | undefined;
        if (limit?.capacity) bucket.capacity = limit.capacity;
        if (limit?.drainPerSecond) bucket.drainPerSecond = limit.drainPerSecond;
      },
    },
  });

  return {
    url: core.origin,
    state,
    faults: core.faults,
    requests: core.requests,
    stats: core.stats,
    eventsOf: (type) => state.events.filter((e) => !type || e.type === type),
    reset: core.reset,
    close: core.close,
  };
}
