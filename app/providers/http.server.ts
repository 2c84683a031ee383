/**
 * The one way adapters talk HTTP: rate limiter, timeout via AbortSignal, a request id
 * per call (sent as X-Request-Id and logged), status → typed error mapping with
 * Retry-After, and token scrubbing of anything that leaves this module.
 */
import { createHash, randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Logger } from "~/logger.server";
import {
  ProviderAuthError,
  type ProviderError,
  ProviderInvalidRequestError,
  ProviderNotFoundError,
  ProviderRateLimitedError,
  ProviderUnavailableError,
} from "./errors";
import { withSafetyMargin, type RateLimiter, type RateLimitRule } from "./rate-limiter.server";
import { PROVIDER_LABELS } from "./scopes";
import type { ProviderName } from "./types";

export interface ProviderHttpConfig {
  provider: ProviderName;
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
  /** Auth and version headers: sent on every call, never logged. */
  headers: Record<string, string>;
  /** Scrubbed from any provider text that reaches an error message or a log line. */
  secrets: string[];
  logger: Logger;
  limiter: RateLimiter;
  /** The provider's documented bucket; the client paces by withSafetyMargin(rule). */
  rule: RateLimitRule;
  limiterKey: string;
  /** The provider's own error text in a response body, if any. */
  readMessage: (body: unknown) => string | undefined;
  /** Wait used for a 429 without a usable Retry-After header. */
  defaultRetryAfterMs: number;
}

export interface ProviderRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Appended to the base URL's path. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  /** Plain English that completes "while trying to …", e.g. "look up order 5001". */
  action: string;
  /** Statuses handed back instead of thrown; "any" hands back every response. */
  accept?: number[] | "any";
  /**
   * The endpoint's contract is a guess (the provider's "unconfirmed" module): a 400, 404
   * or 405 then means the guess is wrong, a permanent "unconfirmed_endpoint" error, never
   * "not found yet" (which the worker would retry).
   */
  guessed?: boolean;
  /** Per-call limiter bucket (e.g. Loop reads vs writes); defaults to the client's. */
  limiterKey?: string;
  rule?: RateLimitRule;
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  body: unknown;
  requestId: string;
}

export interface ProviderHttp {
  request(request: ProviderRequest): Promise<ProviderResponse>;
  /** Parses a body with a zod schema; a mismatch is a permanent "unexpected response". */
  parse<T extends z.ZodTypeAny>(schema: T, response: ProviderResponse, action: string): z.infer<T>;
  readonly config: ProviderHttpConfig;
}

/** Not reversible; lets limiter keys and logs tell tokens apart without holding them. */
export function tokenFingerprint(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 16);
}

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

export function buildUrl(baseUrl: string, path: string, query?: ProviderRequest["query"]): string {
  const url = new URL(baseUrl);
  const suffix = path.replace(/^\/+/, "");
  if (suffix) url.pathname = `${url.pathname.replace(/\/+$/, "")}/${suffix}`;
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** Maps an HTTP status to the typed error (JOB-3 decides retries from the class). */
export function errorForStatus(
  config: Pick<ProviderHttpConfig, "provider" | "secrets" | "defaultRetryAfterMs">,
  response: { status: number; headers: Headers; providerMessage?: string; requestId: string },
  action: string,
): ProviderError {
  const { provider } = config;
  const label = PROVIDER_LABELS[provider];
  const said = response.providerMessage ? scrub(response.providerMessage, config.secrets).slice(0, 300) : undefined;
  const detail = said ? ` ${label} said: "${said}".` : "";
  const base = { provider, requestId: response.requestId, status: response.status };
  const { status } = response;
  if (status === 401) {
    return new ProviderAuthError({
      ...base,
      code: "auth_rejected",
      message: `${label} rejected the API token while Uplift tried to ${action}. Test the API key again in Settings.${detail}`,
    });
  }
  if (status === 403) {
    return new ProviderAuthError({
      ...base,
      code: "auth_forbidden",
      message: `${label} refused to let Uplift ${action}: the API token is missing a permission.${detail} Add it to the token and test the API key again in Settings.`,
    });
  }
  if (status === 404) {
    return new ProviderNotFoundError({ ...base, message: `${label} could not find what Uplift needed to ${action}.${detail}` });
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after")) ?? config.defaultRetryAfterMs;
    return new ProviderRateLimitedError({
      ...base,
      retryAfterMs,
      message: `${label} asked Uplift to slow down while it tried to ${action}; it will try again in ${Math.ceil(retryAfterMs / 1000)} s.`,
    });
  }
  // 408 Request Timeout is the server giving up on us: transient like a timeout.
  if (status >= 500 || status === 408) {
    return new ProviderUnavailableError({
      ...base,
      code: "server_error",
      message: `${label} had a server error (HTTP ${status}) while Uplift tried to ${action}. Uplift will try again.`,
    });
  }
  if (status >= 400) {
    return new ProviderInvalidRequestError({
      ...base,
      message: `${label} refused to ${action}.${detail || ` (HTTP ${status})`}`,
    });
  }
  return new ProviderUnavailableError({
    ...base,
    code: "server_error",
    message: `${label} gave an unexpected answer (HTTP ${status}) while Uplift tried to ${action}.`,
  });
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

export function createProviderHttp(config: ProviderHttpConfig): ProviderHttp {
  const label = PROVIDER_LABELS[config.provider];
  const log = config.logger.child({ provider: config.provider });

  async function request(req: ProviderRequest): Promise<ProviderResponse> {
    await config.limiter.acquire(req.limiterKey ?? config.limiterKey, withSafetyMargin(req.rule ?? config.rule));
    const requestId = randomUUID();
    const started = performance.now();
    const headers: Record<string, string> = { accept: "application/json", "x-request-id": requestId, ...config.headers };
    if (req.json !== undefined) headers["content-type"] = "application/json";
    const fields = { requestId, method: req.method, path: req.path };

    let status: number;
    let responseHeaders: Headers;
    let text: string;
    try {
      const response = await config.fetch(buildUrl(config.baseUrl, req.path, req.query), {
        method: req.method,
        headers,
        body: req.json === undefined ? undefined : JSON.stringify(req.json),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      status = response.status;
      responseHeaders = response.headers;
      // The body is read under the same signal: a response that starts but stalls times out too.
      text = await response.text();
    } catch (error) {
      const timedOut = isAbort(error);
      log.warn("provider request failed", { ...fields, outcome: timedOut ? "timeout" : "network", durationMs: Math.round(performance.now() - started) });
      throw new ProviderUnavailableError({
        provider: config.provider,
        requestId,
        code: timedOut ? "timeout" : "network",
        message: timedOut
          ? `${label} did not answer within ${config.timeoutMs / 1000} s while Uplift tried to ${req.action}. Uplift will try again.`
          : `Uplift could not connect to ${label} while trying to ${req.action}. Uplift will try again.`,
      });
    }

    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    const durationMs = Math.round(performance.now() - started);
    const ok = status >= 200 && status < 300;
    const accepted = req.accept === "any" || (req.accept?.includes(status) ?? false);
    (ok ? log.info : log.warn)("provider request", { ...fields, status, durationMs });
    if (ok || accepted) return { status, headers: responseHeaders, body, requestId };
    if (req.guessed && [400, 404, 405].includes(status)) {
      throw new ProviderInvalidRequestError({
        provider: config.provider,
        requestId,
        status,
        code: "unconfirmed_endpoint",
        message: `${label} does not accept the call Uplift uses to ${req.action} (HTTP ${status}). ${label} does not publish this part of its API, so Uplift's call is based on a guess; contact Uplift support with request ${requestId}.`,
      });
    }
    throw errorForStatus(config, { status, headers: responseHeaders, providerMessage: config.readMessage(body), requestId }, req.action);
  }

  function parse<T extends z.ZodTypeAny>(schema: T, response: ProviderResponse, action: string): z.infer<T> {
    const parsed = schema.safeParse(response.body);
    if (parsed.success) return parsed.data;
    const where = parsed.error.issues[0]?.path.join(".") || "body";
    log.warn("provider response did not match the expected shape", { requestId: response.requestId, where });
    throw new ProviderInvalidRequestError({
      provider: config.provider,
      requestId: response.requestId,
      status: response.status,
      code: "unexpected_response",
      message: `${label} answered in a format Uplift does not understand while it tried to ${action} (field "${where}").`,
    });
  }

  return { request, parse, config };
}
