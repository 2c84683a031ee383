/**
 * Postscript REST v2 client (providers.md §4): `Authorization: Bearer <private key>`,
 * `POST /api/v2/events` for custom events, and a key check before the key is saved.
 *
 * Base URL from POSTSCRIPT_API_URL (validated at boot by env.server.ts; read per call,
 * like the provider adapters, so tests and the demo can point it at the simulator),
 * timeout from PROVIDER_TIMEOUT_MS. The key never reaches a log line or an error text.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { logger as rootLogger, type Logger } from "~/logger.server";
import { providerTimeoutMs } from "~/providers/index.server";
import {
  PostscriptAuthError,
  PostscriptRateLimitedError,
  PostscriptRejectedError,
  PostscriptUnavailableError,
  type PostscriptError,
} from "./errors";
import type { PostscriptEventBody } from "./event-builders";

export const POSTSCRIPT_DEFAULT_URL = "https://api.postscript.io";

export function postscriptBaseUrl(source: NodeJS.ProcessEnv = process.env): string {
  return source.POSTSCRIPT_API_URL?.trim() || POSTSCRIPT_DEFAULT_URL;
}

export interface PostscriptClientOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  logger?: Logger;
}

export type KeyCheck =
  | { state: "valid"; message: string }
  | { state: "invalid"; message: string }
  | { state: "unverifiable"; message: string };

export interface PostscriptClient {
  /** Sends one custom event; resolves with Postscript's event ids (202). */
  sendEvent(body: PostscriptEventBody): Promise<{ eventIds: string[] }>;
  /** An authenticated read that proves the key works, without sending an event. */
  verifyKey(): Promise<KeyCheck>;
}

const EventsResponseSchema = z.object({ event_ids: z.array(z.union([z.string(), z.number()]).transform(String)) });

/** Postscript's own words from an error body (only the 429 body is documented). */
function providerMessage(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const b = body as Record<string, unknown>;
  for (const key of ["error_message", "message", "error", "detail"]) {
    if (typeof b[key] === "string" && b[key]) return b[key] as string;
  }
  if (Array.isArray(b.errors)) return b.errors.map((e) => (typeof e === "string" ? e : JSON.stringify(e))).join("; ");
  return undefined;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

export function createPostscriptClient(options: PostscriptClientOptions): PostscriptClient {
  const baseUrl = (options.baseUrl ?? postscriptBaseUrl()).replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? providerTimeoutMs();
  const doFetch = options.fetch ?? globalThis.fetch;
  const log = (options.logger ?? rootLogger).child({ provider: "postscript" });
  const scrub = (text: string) => (options.apiKey.length >= 4 ? text.split(options.apiKey).join("[redacted]") : text);

  async function call(method: "GET" | "POST", path: string, action: string, json?: unknown) {
    const requestId = randomUUID();
    const started = performance.now();
    const headers: Record<string, string> = {
      accept: "application/json",
      authorization: `Bearer ${options.apiKey}`,
      "x-request-id": requestId,
    };
    if (json !== undefined) headers["content-type"] = "application/json";
    let status: number;
    let text: string;
    try {
      const response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const timedOut = isAbort(error);
      log.warn("postscript request failed", { requestId, method, path, outcome: timedOut ? "timeout" : "network" });
      throw new PostscriptUnavailableError(
        timedOut
          ? `Postscript did not answer within ${timeoutMs / 1000} s while Uplift tried to ${action}.`
          : `Uplift could not connect to Postscript while trying to ${action}.`,
        timedOut ? "timeout" : "network",
      );
    }
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    const ok = status >= 200 && status < 300;
    (ok ? log.info : log.warn)("postscript request", { requestId, method, path, status, durationMs: Math.round(performance.now() - started) });
    return { status, body, ok };
  }

  function errorFor(status: number, body: unknown, action: string): PostscriptError {
    const said = providerMessage(body);
    const detail = said ? ` Postscript said: "${scrub(said).slice(0, 300)}".` : "";
    if (status === 401 || status === 403) {
      return new PostscriptAuthError(
        `Postscript rejected the private API key while Uplift tried to ${action}. Create a new private key in Postscript and save it again.${detail}`,
        status,
      );
    }
    if (status === 429) return new PostscriptRateLimitedError(`Postscript asked Uplift to slow down while it tried to ${action}.`);
    if (status >= 500) {
      return new PostscriptUnavailableError(`Postscript had a server error (HTTP ${status}) while Uplift tried to ${action}.`, "server_error", status);
    }
    return new PostscriptRejectedError(`Postscript refused to ${action} (HTTP ${status}).${detail}`, status);
  }

  return {
    async sendEvent(body) {
      const action = `record the "${body.type}" event`;
      const response = await call("POST", "/api/v2/events", action, body);
      if (!response.ok) throw errorFor(response.status, response.body, action);
      // 202 says "received", not "matched a subscriber" (matching is async): ids are informational.
      const parsed = EventsResponseSchema.safeParse(response.body);
      return { eventIds: parsed.success ? parsed.data.event_ids : [] };
    },

    async verifyKey() {
      const action = "check the private API key";
      let response: Awaited<ReturnType<typeof call>>;
      try {
        // GET /api/v2/me: the authenticated read Segment's Postscript destination uses to
        // test a key (segmentio/action-destinations, postscript/index.ts). Only the status
        // is read; the body is not documented.
        response = await call("GET", "/api/v2/me", action);
      } catch (error) {
        return { state: "unverifiable", message: `${(error as Error).message} Try again in a few minutes.` };
      }
      if (response.ok) return { state: "valid", message: "Postscript accepted the private API key." };
      const error = errorFor(response.status, response.body, action);
      if (error.permanent) return { state: "invalid", message: error.message };
      return { state: "unverifiable", message: `${error.message} Uplift could not verify the key; try again in a few minutes.` };
    },
  };
}
