/**
 * The one upstream HTTP client (issue 11): a timeout through AbortSignal (the body is read
 * under it too), a request id per call (sent as X-Request-Id and logged), JSON parsing,
 * the status → failure-kind mapping every integration turns into its own typed errors,
 * and secret scrubbing. Feature-free: it knows no provider and no integration; the
 * provider wrapper (providers/http.server.ts) and the Postscript client build on it.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Logger } from "~/logger.server";

export interface UpstreamConfig {
  /** Log lines read "<logAs> request" / "<logAs> request failed" ("provider", "postscript"). */
  logAs: string;
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
  /** Auth and version headers: sent on every call, never logged. */
  headers: Record<string, string>;
  logger: Logger;
}

export interface UpstreamRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Appended to the base URL's path. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
}

export interface UpstreamResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty or non-JSON body. */
  body: unknown;
  requestId: string;
}

/** No answer at all: the caller decides the words ("did not answer within …"). */
export class UpstreamTransportError extends Error {
  readonly kind: "timeout" | "network";
  readonly requestId: string;
  constructor(kind: "timeout" | "network", requestId: string) {
    super(kind === "timeout" ? "the upstream did not answer in time" : "the upstream could not be reached");
    this.name = "UpstreamTransportError";
    this.kind = kind;
    this.requestId = requestId;
  }
}

/**
 * What a non-2xx status means, the same for every upstream: 401/403 auth, 404 not found,
 * 429 throttled (with the Retry-After wait when usable), 5xx and 408 transient, any other
 * 4xx a refusal, anything else unexpected.
 */
export type UpstreamFailure =
  | { kind: "auth_rejected"; status: 401 }
  | { kind: "auth_forbidden"; status: 403 }
  | { kind: "not_found"; status: 404 }
  | { kind: "rate_limited"; status: 429; retryAfterMs: number | null }
  | { kind: "server_error"; status: number }
  | { kind: "rejected"; status: number }
  | { kind: "unexpected"; status: number };

export function classifyStatus(status: number, headers: Headers, nowMs: number = Date.now()): UpstreamFailure | null {
  if (status >= 200 && status < 300) return null;
  if (status === 401) return { kind: "auth_rejected", status };
  if (status === 403) return { kind: "auth_forbidden", status };
  if (status === 404) return { kind: "not_found", status };
  if (status === 429) return { kind: "rate_limited", status, retryAfterMs: parseRetryAfter(headers.get("retry-after"), nowMs) };
  // 408 Request Timeout is the server giving up on us: transient like a timeout.
  if (status >= 500 || status === 408) return { kind: "server_error", status };
  if (status >= 400) return { kind: "rejected", status };
  return { kind: "unexpected", status };
}

/** Not reversible; lets limiter keys and logs tell tokens apart without holding them. */
export function tokenFingerprint(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 16);
}

/** Replaces every secret (4+ characters) in `text`. */
export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join("[redacted]");
  return out;
}

/** Retry-After in seconds or as an HTTP date → milliseconds; null when absent or unusable. */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

export function buildUrl(baseUrl: string, path: string, query?: UpstreamRequest["query"]): string {
  const url = new URL(baseUrl);
  const suffix = path.replace(/^\/+/, "");
  if (suffix) url.pathname = `${url.pathname.replace(/\/+$/, "")}/${suffix}`;
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export interface UpstreamHttp {
  /** Any answer comes back (the caller maps non-2xx with classifyStatus); no answer throws UpstreamTransportError. */
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
}

export function createUpstreamHttp(config: UpstreamConfig): UpstreamHttp {
  const log = config.logger;
  return {
    async send(req) {
      const requestId = randomUUID();
      const started = performance.now();
      const headers: Record<string, string> = { accept: "application/json", "x-request-id": requestId, ...config.headers };
      if (req.json !== undefined) headers["content-type"] = "application/json";
      const fields = { requestId, method: req.method, path: req.path };
      try {
        const response = await config.fetch(buildUrl(config.baseUrl, req.path, req.query), {
          method: req.method,
          headers,
          body: req.json === undefined ? undefined : JSON.stringify(req.json),
          signal: AbortSignal.timeout(config.timeoutMs),
        });
        // The body is read under the same signal: a response that starts but stalls times out too.
        const text = await response.text();
        const ok = response.status >= 200 && response.status < 300;
        (ok ? log.info : log.warn)(`${config.logAs} request`, { ...fields, status: response.status, durationMs: Math.round(performance.now() - started) });
        return { status: response.status, headers: response.headers, body: parseJson(text), requestId };
      } catch (error) {
        const kind = isAbort(error) ? "timeout" : "network";
        log.warn(`${config.logAs} request failed`, { ...fields, outcome: kind, durationMs: Math.round(performance.now() - started) });
        throw new UpstreamTransportError(kind, requestId);
      }
    },
  };
}
