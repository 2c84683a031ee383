/**
 * Entry point: one factory for all three providers. The base URL is the only thing that
 * separates production (the real host) from tests and the demo (the simulators).
 */
import { upstreamEnv, type UpstreamEnv } from "~/env.server";
import { logger as rootLogger, type Logger } from "~/logger.server";
import type { AdapterDeps } from "./adapter-deps";
import { createLoopAdapter } from "./loop/adapter.server";
import { processRateLimiter, type RateLimiter, type RateLimitRule } from "./rate-limiter.server";
import { createRechargeAdapter } from "./recharge/adapter.server";
import { createSkioAdapter } from "./skio/adapter.server";
import type { ProviderAdapter, ProviderName } from "./types";

export * from "./types";
export * from "./errors";
export { REQUIRED_SCOPES, PROVIDER_HELP, PROVIDER_LABELS, SCOPE_LABELS, scopeLabel } from "./scopes";
export { isChangeApplied, describeInterval } from "./change";
export { createTokenBucketLimiter, noRateLimit, processRateLimiter, type RateLimiter, type RateLimitRule } from "./rate-limiter.server";
export { RECHARGE_RATE_LIMIT } from "./recharge/adapter.server";
export { SKIO_RATE_LIMIT } from "./skio/adapter.server";
export { LOOP_RATE_LIMIT } from "./loop/adapter.server";

const BASE_URL_ENV = { recharge: "RECHARGE_API_URL", skio: "SKIO_API_URL", loop: "LOOP_API_URL" } as const satisfies Record<ProviderName, keyof UpstreamEnv>;
export const DEFAULT_PROVIDER_TIMEOUT_MS = upstreamEnv({}).PROVIDER_TIMEOUT_MS;

/** The provider's API base URL (env.server.ts: RECHARGE_/SKIO_/LOOP_API_URL, else the real host). */
export function providerBaseUrl(provider: ProviderName, env: Record<string, string | undefined> = process.env): string {
  return upstreamEnv(env)[BASE_URL_ENV[provider]];
}

/** PROVIDER_TIMEOUT_MS (env.server.ts), default 10 s; a bad value falls back to the default. */
export function providerTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  return upstreamEnv(env).PROVIDER_TIMEOUT_MS;
}

export interface CreateProviderAdapterOptions {
  provider: ProviderName;
  token: string;
  shopDomain: string;
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Defaults to one in-process limiter; the worker passes its shared (Redis) one. */
  limiter?: RateLimiter;
  /** Overrides the documented bucket (tests use small windows). */
  rateLimit?: RateLimitRule;
  logger?: Logger;
  now?: () => Date;
}

const FACTORIES: Record<ProviderName, (deps: AdapterDeps) => ProviderAdapter> = {
  recharge: createRechargeAdapter,
  skio: createSkioAdapter,
  loop: createLoopAdapter,
};

export function createProviderAdapter(options: CreateProviderAdapterOptions): ProviderAdapter {
  return FACTORIES[options.provider]({
    token: options.token,
    shopDomain: options.shopDomain,
    baseUrl: options.baseUrl ?? providerBaseUrl(options.provider),
    timeoutMs: options.timeoutMs ?? providerTimeoutMs(),
    fetch: options.fetch ?? globalThis.fetch,
    limiter: options.limiter ?? processRateLimiter,
    rateLimit: options.rateLimit,
    logger: options.logger ?? rootLogger,
    now: options.now ?? (() => new Date()),
  });
}
