/**
 * Postscript REST v2 client (providers.md §4): `Authorization: Bearer <private key>`,
 * `POST /api/v2/events` for custom events, and a key check before the key is saved.
 *
 * Base URL from POSTSCRIPT_API_URL and timeout from PROVIDER_TIMEOUT_MS, both through
 * env.server.ts (read per call, like the provider adapters, so tests and the demo can
 * point it at the simulator). HTTP goes through the shared upstream client
 * (lib/upstream-http.server.ts); its failure kinds become Postscript's own error classes.
 * The key never reaches a log line or an error text.
 */
import { z } from "zod";
import { upstreamEnv } from "~/env.server";
import { classifyStatus, createUpstreamHttp, scrub, UpstreamTransportError, type UpstreamResponse } from "~/lib/upstream-http.server";
import { logger as rootLogger, type Logger } from "~/logger.server";
import {
  PostscriptAuthError,
  PostscriptRateLimitedError,
  PostscriptRejectedError,
  PostscriptUnavailableError,
  type PostscriptError,
} from "./errors";
import type { PostscriptEventBody } from "./event-builders";

export const POSTSCRIPT_DEFAULT_URL = upstreamEnv({}).POSTSCRIPT_API_URL;

export function postscriptBaseUrl(source: NodeJS.ProcessEnv = process.env): string {
  return upstreamEnv(source).POSTSCRIPT_API_URL;
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

export function createPostscriptClient(options: PostscriptClientOptions): PostscriptClient {
  const timeoutMs = options.timeoutMs ?? upstreamEnv().PROVIDER_TIMEOUT_MS;
  const upstream = createUpstreamHttp({
    logAs: "postscript",
    baseUrl: options.baseUrl ?? postscriptBaseUrl(),
    timeoutMs,
    fetch: options.fetch ?? globalThis.fetch,
    headers: { authorization: `Bearer ${options.apiKey}` },
    logger: (options.logger ?? rootLogger).child({ provider: "postscript" }),
  });

  async function call(method: "GET" | "POST", path: string, action: string, json?: unknown): Promise<UpstreamResponse> {
    try {
      return await upstream.send({ method, path, json });
    } catch (error) {
      if (!(error instanceof UpstreamTransportError)) throw error;
      const timedOut = error.kind === "timeout";
      throw new PostscriptUnavailableError(
        timedOut
          ? `Postscript did not answer within ${timeoutMs / 1000} s while Uplift tried to ${action}.`
          : `Uplift could not connect to Postscript while trying to ${action}.`,
        error.kind,
      );
    }
  }

  /** The shared status mapping, as Postscript's own classes (RudderStack's rules, P3). */
  function errorFor(response: UpstreamResponse, action: string): PostscriptError {
    const said = providerMessage(response.body);
    const detail = said ? ` Postscript said: "${scrub(said, [options.apiKey]).slice(0, 300)}".` : "";
    const failure = classifyStatus(response.status, response.headers) ?? { kind: "unexpected" as const, status: response.status };
    switch (failure.kind) {
      case "auth_rejected":
      case "auth_forbidden":
        return new PostscriptAuthError(
          `Postscript rejected the private API key while Uplift tried to ${action}. Create a new private key in Postscript and save it again.${detail}`,
          failure.status,
        );
      case "rate_limited":
        return new PostscriptRateLimitedError(`Postscript asked Uplift to slow down while it tried to ${action}.`);
      case "server_error":
        return new PostscriptUnavailableError(`Postscript had a server error (HTTP ${failure.status}) while Uplift tried to ${action}.`, "server_error", failure.status);
      case "not_found":
      case "rejected":
      case "unexpected":
        return new PostscriptRejectedError(`Postscript refused to ${action} (HTTP ${failure.status}).${detail}`, failure.status);
    }
  }

  const isOk = (response: UpstreamResponse) => response.status >= 200 && response.status < 300;

  return {
    async sendEvent(body) {
      const action = `record the "${body.type}" event`;
      const response = await call("POST", "/api/v2/events", action, body);
      if (!isOk(response)) throw errorFor(response, action);
      // 202 says "received", not "matched a subscriber" (matching is async): ids are informational.
      const parsed = EventsResponseSchema.safeParse(response.body);
      return { eventIds: parsed.success ? parsed.data.event_ids : [] };
    },

    async verifyKey() {
      const action = "check the private API key";
      let response: UpstreamResponse;
      try {
        // GET /api/v2/me: the authenticated read Segment's Postscript destination uses to
        // test a key (segmentio/action-destinations, postscript/index.ts). Only the status
        // is read; the body is not documented.
        response = await call("GET", "/api/v2/me", action);
      } catch (error) {
        return { state: "unverifiable", message: `${(error as Error).message} Try again in a few minutes.` };
      }
      if (isOk(response)) return { state: "valid", message: "Postscript accepted the private API key." };
      const error = errorFor(response, action);
      if (error.permanent) return { state: "invalid", message: error.message };
      return { state: "unverifiable", message: `${error.message} Uplift could not verify the key; try again in a few minutes.` };
    },
  };
}
