import type { Logger } from "~/logger.server";
import type { RateLimiter, RateLimitRule } from "./rate-limiter.server";

/** What createProviderAdapter hands every adapter factory (all resolved, no defaults left). */
export interface AdapterDeps {
  token: string;
  shopDomain: string;
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
  limiter: RateLimiter;
  /** Overrides the provider's documented bucket (tests use small windows). */
  rateLimit?: RateLimitRule;
  logger: Logger;
  /** Clock for "is this date in the past" decisions. */
  now: () => Date;
}
