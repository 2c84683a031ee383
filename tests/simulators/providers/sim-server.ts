/**
 * The HTTP shell every provider simulator shares: request recording, fault injection
 * (status, Retry-After, hang, delay), counters, and the /__sim control surface so a
 * separate process (the demo, browser e2e) can drive faults over HTTP.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FaultRule {
  /** Match on HTTP method (any when absent). */
  method?: string;
  /** Match on a substring of the path (any when absent). */
  path?: string;
  /** Match on a substring of the raw body (Skio: a GraphQL field name). */
  bodyIncludes?: string;
  /** Answer with this status instead of the real handler. */
  status?: number;
  /** Body for `status`; the provider's usual error body when absent. */
  body?: unknown;
  /** Retry-After header value (omit for none). */
  retryAfter?: string;
  /** Never answer: the connection stays open until the client gives up or the sim closes. */
  hang?: boolean;
  /** Answer late by this many ms (then `status`, or the real answer). */
  delayMs?: number;
  /**
   * Do the real work, then drop the connection instead of answering: the write happened
   * but its response is lost (the client sees a network error).
   */
  loseResponse?: boolean;
  /** Number of matching requests this rule applies to (default: all). */
  times?: number;
}

export interface RecordedRequest {
  seq: number;
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status: number | null;
  fault: boolean;
}

export interface SimStats {
  /** Every 429 served, injected or not. */
  served429: number;
  /** 429s served by the simulator's own rate limit: client-side limiting failed. */
  rateLimitViolations: number;
  faultsServed: number;
}

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  json: unknown;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * How the simulator answers endpoints whose contract is a guess (no public source):
 * "serve" behaves as the guess assumes; 404 / 400 answer as a real service would if the
 * guess were wrong, so tests prove the adapter degrades safely (issue 13 §2).
 */
export type GuessedEndpointMode = "serve" | 404 | 400;
/** What POST /__sim/faults understands; anything else is refused with this list. */
const FAULT_CONTROL_KEYS = ["rules", "clear", "visibilityDelayMs", "rateLimit", "guessedEndpoints"] as const;

export class Faults {
  rules: FaultRule[] = [];
  /** Loop: how long a change takes to show in reads. */
  visibilityDelayMs = 0;
  guessedEndpoints: GuessedEndpointMode = "serve";

  add(...rules: FaultRule[]): void {
    this.rules.push(...rules.map((r) => ({ ...r })));
  }

  clear(): void {
    this.rules = [];
    this.visibilityDelayMs = 0;
    this.guessedEndpoints = "serve";
  }

  /** The first live rule matching the request; consumes one of its `times`. */
  take(req: SimRequest): FaultRule | undefined {
    const rule = this.rules.find(
      (r) =>
        (!r.method || r.method.toUpperCase() === req.method) &&
        (!r.path || req.path.includes(r.path)) &&
        (!r.bodyIncludes || req.rawBody.includes(r.bodyIncludes)),
    );
    if (!rule) return undefined;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) this.rules = this.rules.filter((r) => r !== rule);
    }
    return rule;
  }
}

/** A leaky bucket per key, as Recharge documents it: `capacity` requests, draining at `drainPerSecond`. */
export class LeakyBucket {
  private levels = new Map<string, { level: number; at: number }>();
  constructor(
    public capacity: number,
    public drainPerSecond: number,
  ) {}

  hit(key: string): { ok: boolean; level: number; retryAfterMs: number } {
    const now = performance.now();
    const bucket = this.levels.get(key) ?? { level: 0, at: now };
    bucket.level = Math.max(0, bucket.level - ((now - bucket.at) / 1000) * this.drainPerSecond);
    bucket.at = now;
    this.levels.set(key, bucket);
    if (bucket.level + 1 > this.capacity + 1e-6) {
      return { ok: false, level: bucket.level, retryAfterMs: ((bucket.level + 1 - this.capacity) / this.drainPerSecond) * 1000 };
    }
    bucket.level += 1;
    return { ok: true, level: bucket.level, retryAfterMs: 0 };
  }

  reset(): void {
    this.levels.clear();
  }
}

/**
 * POST /__sim/tokens, the same at every provider: registers (or replaces) an API token.
 * `add` is called per request because a reset swaps the simulator's token map.
 */
export function tokenControl<T>(add: (token: T) => void): (body: unknown) => unknown {
  return (body) => {
    add(body as T);
    return { ok: true };
  };
}

/** The `rateLimit` setting of POST /__sim/faults: resizes every bucket the simulator has. */
export function rateLimitSetting(...buckets: LeakyBucket[]): (body: Record<string, unknown>) => void {
  return (body) => {
    const rl = body.rateLimit as { capacity?: number; drainPerSecond?: number } | undefined;
    for (const bucket of buckets) {
      if (rl?.capacity) bucket.capacity = rl.capacity;
      if (rl?.drainPerSecond) bucket.drainPerSecond = rl.drainPerSecond;
    }
  };
}

export interface SimHooks {
  /** Handles one API request (after recording and faults). */
  handle(req: SimRequest, ctx: { stats: SimStats }): Promise<SimResponse> | SimResponse;
  /** The provider's usual body for an injected error status. */
  errorBody(status: number): unknown;
  reset(): void;
  snapshot(): unknown;
  /** Extra control routes: POST /__sim/<name>. */
  controls?: Record<string, (body: unknown) => unknown>;
  /** Extra settings accepted by POST /__sim/faults (e.g. a rate-limit window). */
  configure?: (body: Record<string, unknown>) => void;
  /** True for a request to an endpoint (or operation) whose contract is a guess. */
  isGuessed?: (req: SimRequest) => boolean;
}

export interface SimCore {
  origin: string;
  faults: Faults;
  requests: RecordedRequest[];
  stats: SimStats;
  /** Restores the seed and clears faults, requests and counters. */
  reset(): void;
  close(): Promise<void>;
}

const SECRET_HEADERS = /token|authorization/i;

function send(res: ServerResponse, response: SimResponse): void {
  if (res.writableEnded || res.destroyed) return;
  const text = response.body === undefined ? "" : JSON.stringify(response.body);
  res.writeHead(response.status, { "content-type": "application/json", ...response.headers });
  res.end(text);
}

export async function startSimServer(options: { port?: number; hooks: SimHooks }): Promise<SimCore> {
  const { hooks } = options;
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const stats: SimStats = { served429: 0, rateLimitViolations: 0, faultsServed: 0 };
  const hangers = new Set<() => void>();
  let seq = 0;

  function reset(): void {
    hooks.reset();
    faults.clear();
    requests.length = 0;
    Object.assign(stats, { served429: 0, rateLimitViolations: 0, faultsServed: 0 });
  }

  async function control(name: string, method: string, body: unknown): Promise<SimResponse> {
    if (name === "reset" && method === "POST") {
      reset();
      return { status: 200, body: { ok: true } };
    }
    if (name === "state" && method === "GET") return { status: 200, body: { state: hooks.snapshot(), stats, requestCount: requests.length } };
    if (name === "requests" && method === "GET") {
      const redacted = requests.map((r) => ({
        ...r,
        headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, SECRET_HEADERS.test(k) ? "[redacted]" : v])),
      }));
      return { status: 200, body: { requests: redacted } };
    }
    if (name === "faults" && method === "DELETE") {
      faults.clear();
      return { status: 200, body: { ok: true } };
    }
    if (name === "faults" && method === "GET") return { status: 200, body: { rules: faults.rules, visibilityDelayMs: faults.visibilityDelayMs } };
    if (name === "faults" && method === "POST") {
      const input = (body ?? {}) as Record<string, unknown>;
      // A bare POST used to answer 200 and change nothing: say what the body must hold.
      if (!FAULT_CONTROL_KEYS.some((key) => key in input)) {
        return { status: 400, body: { error: `POST /__sim/faults needs a JSON body with one of ${FAULT_CONTROL_KEYS.join(", ")}, e.g. {"rules":[{"status":503,"times":1}]} (fields: method, path, bodyIncludes, status, body, retryAfter, hang, delayMs, times)` } };
      }
      if (input.clear) faults.clear();
      if (Array.isArray(input.rules)) faults.add(...(input.rules as FaultRule[]));
      if (typeof input.visibilityDelayMs === "number") faults.visibilityDelayMs = input.visibilityDelayMs;
      if (input.guessedEndpoints === "serve" || input.guessedEndpoints === 404 || input.guessedEndpoints === 400) faults.guessedEndpoints = input.guessedEndpoints;
      hooks.configure?.(input);
      return { status: 200, body: { ok: true, rules: faults.rules, visibilityDelayMs: faults.visibilityDelayMs, guessedEndpoints: faults.guessedEndpoints } };
    }
    const extra = hooks.controls?.[name];
    if (extra && method === "POST") {
      try {
        return { status: 200, body: extra(body) };
      } catch (error) {
        return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
      }
    }
    return { status: 404, body: { error: `unknown control ${method} /__sim/${name}` } };
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://sim.local");
    let json: unknown = null;
    try {
      json = rawBody && (req.headers["content-type"] ?? "").includes("json") ? JSON.parse(rawBody) : null;
    } catch {
      json = null;
    }
    const method = (req.method ?? "GET").toUpperCase();

    if (url.pathname.startsWith("/__sim/")) {
      send(res, await control(url.pathname.slice("/__sim/".length), method, json));
      return;
    }

    const simReq: SimRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, rawBody, json };
    const record: RecordedRequest = {
      seq: ++seq,
      at: Date.now(),
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : String(v ?? "")])),
      body: json ?? (rawBody || null),
      status: null,
      fault: false,
    };
    requests.push(record);

    let response: SimResponse;
    const fault = faults.take(simReq);
    if (fault) {
      record.fault = true;
      stats.faultsServed += 1;
      if (fault.hang) {
        await new Promise<void>((resolve) => {
          hangers.add(resolve);
          res.on("close", resolve);
        });
        res.destroy();
        return;
      }
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    }
    const guessedRefusal = faults.guessedEndpoints !== "serve" && hooks.isGuessed?.(simReq) ? faults.guessedEndpoints : null;
    if (guessedRefusal !== null && !fault?.status) {
      response = { status: guessedRefusal, body: hooks.errorBody(guessedRefusal) };
    } else if (fault?.status) {
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {};
      response = { status: fault.status, body: fault.body ?? hooks.errorBody(fault.status), headers };
    } else {
      try {
        response = await hooks.handle(simReq, { stats });
      } catch (error) {
        response = { status: 500, body: { error: error instanceof Error ? error.message : String(error) } };
      }
    }
    if (response.status === 429) stats.served429 += 1;
    record.status = response.status;
    if (fault?.loseResponse) {
      res.destroy();
      return;
    }
    send(res, response);
  };
  const server = createServer((req, res) => {
    // A simulator bug must show up as a 500 the test sees, not an unhandled rejection.
    handle(req, res).catch((error: unknown) => {
      console.error("provider simulator: request handler failed", error);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    faults,
    requests,
    stats,
    reset,
    close: async () => {
      for (const release of hangers) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
