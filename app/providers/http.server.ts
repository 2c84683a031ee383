/**
 * The provider wrapper over the shared upstream client (lib/upstream-http.server.ts):
 * the rate limiter, the provider's own error text, `accept` / `guessed` handling, and the
 * failure kinds turned into typed ProviderErrors (JOB-3 decides retries from the class).
 */
import type { z } from "zod";
import type { Logger } from "~/logger.server";
import { classifyStatus, createUpstreamHttp, scrub, UpstreamTransportError } from "~/lib/upstream-http.server";
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

export { buildUrl, parseRetryAfter, scrub, tokenFingerprint } from "~/lib/upstream-http.server";

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
  const failure = classifyStatus(response.status, response.headers) ?? { kind: "unexpected" as const, status: response.status };
  switch (failure.kind) {
    case "auth_rejected":
      return new ProviderAuthError({
        ...base,
        code: "auth_rejected",
        message: `${label} rejected the API token while Uplift tried to ${action}. Test the API key again in Settings.${detail}`,
      });
    case "auth_forbidden":
      return new ProviderAuthError({
        ...base,
        code: "auth_forbidden",
        message: `${label} refused to let Uplift ${action}: the API token is missing a permission.${detail} Add it to the token and test the API key again in Settings.`,
      });
    case "not_found":
      return new ProviderNotFoundError({ ...base, message: `${label} could not find what Uplift needed to ${action}.${detail}` });
    case "rate_limited": {
      const retryAfterMs = failure.retryAfterMs ?? config.defaultRetryAfterMs;
      return new ProviderRateLimitedError({
        ...base,
        retryAfterMs,
        message: `${label} asked Uplift to slow down while it tried to ${action}; it will try again in ${Math.ceil(retryAfterMs / 1000)} s.`,
      });
    }
    case "server_error":
      return new ProviderUnavailableError({
        ...base,
        code: "server_error",
        message: `${label} had a server error (HTTP ${failure.status}) while Uplift tried to ${action}. Uplift will try again.`,
      });
    case "rejected":
      return new ProviderInvalidRequestError({ ...base, message: `${label} refused to ${action}.${detail || ` (HTTP ${failure.status})`}` });
    case "unexpected":
      return new ProviderUnavailableError({
        ...base,
        code: "server_error",
        message: `${label} gave an unexpected answer (HTTP ${failure.status}) while Uplift tried to ${action}.`,
      });
  }
}

export function createProviderHttp(config: ProviderHttpConfig): ProviderHttp {
  const label = PROVIDER_LABELS[config.provider];
  const log = config.logger.child({ provider: config.provider });
  const upstream = createUpstreamHttp({ logAs: "provider", baseUrl: config.baseUrl, timeoutMs: config.timeoutMs, fetch: config.fetch, headers: config.headers, logger: log });

  async function request(req: ProviderRequest): Promise<ProviderResponse> {
    await config.limiter.acquire(req.limiterKey ?? config.limiterKey, withSafetyMargin(req.rule ?? config.rule));
    let response: ProviderResponse;
    try {
      response = await upstream.send({ method: req.method, path: req.path, query: req.query, json: req.json });
    } catch (error) {
      if (!(error instanceof UpstreamTransportError)) throw error;
      const timedOut = error.kind === "timeout";
      throw new ProviderUnavailableError({
        provider: config.provider,
        requestId: error.requestId,
        code: error.kind,
        message: timedOut
          ? `${label} did not answer within ${config.timeoutMs / 1000} s while Uplift tried to ${req.action}. Uplift will try again.`
          : `Uplift could not connect to ${label} while trying to ${req.action}. Uplift will try again.`,
      });
    }
    const { status, requestId } = response;
    const ok = status >= 200 && status < 300;
    const accepted = req.accept === "any" || (req.accept?.includes(status) ?? false);
    if (ok || accepted) return response;
    if (req.guessed && [400, 404, 405].includes(status)) {
      throw new ProviderInvalidRequestError({
        provider: config.provider,
        requestId,
        status,
        code: "unconfirmed_endpoint",
        message: `${label} does not accept the call Uplift uses to ${req.action} (HTTP ${status}). ${label} does not publish this part of its API, so Uplift's call is based on a guess; contact Uplift support with request ${requestId}.`,
      });
    }
    throw errorForStatus(config, { status, headers: response.headers, providerMessage: config.readMessage(response.body), requestId }, req.action);
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
