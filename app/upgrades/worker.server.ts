/**
 * The "upgrades" queue's registration for the worker process: the processor with the
 * shop-scoped, Redis-shared provider limiter and the retry schedule, tuned from the one
 * env schema (env.server.ts).
 */
import type { Processor } from "bullmq";
import { env } from "~/env.server";
import type { ProcessorRegistration } from "~/jobs/registration";
import { QUEUES, queuePrefix } from "~/jobs/queues.server";
import { logger } from "~/logger.server";
import { LOOP_RATE_LIMIT, RECHARGE_RATE_LIMIT, SKIO_RATE_LIMIT, providerBaseUrl, type ProviderName, type RateLimitRule } from "~/providers/index.server";
import { sharedRedis } from "~/redis.server";
import { createUpgradeProcessor, upgradeBackoffStrategy } from "./processor.server";
import { createRedisRateLimiter } from "./provider-limiter.server";
import type { UpgradeOutcomeListener } from "./run";

const DOCUMENTED_RATES: Record<ProviderName, RateLimitRule> = { recharge: RECHARGE_RATE_LIMIT, skio: SKIO_RATE_LIMIT, loop: LOOP_RATE_LIMIT };

/** UPGRADE_PROVIDER_RATE_SCALE (simulators and the bench only) multiplies every documented bucket. */
export function scaledRule(provider: ProviderName, scale: number): RateLimitRule | undefined {
  if (scale === 1) return undefined;
  const rule = DOCUMENTED_RATES[provider];
  return { capacity: Math.max(1, Math.round(rule.capacity * scale)), refillPerSecond: rule.refillPerSecond * scale };
}

export function upgradeRegistration(options: { onOutcome?: UpgradeOutcomeListener } = {}): ProcessorRegistration {
  const config = env();
  const limiter = createRedisRateLimiter({ redis: sharedRedis(), prefix: queuePrefix(), maxWaitMs: config.UPGRADE_LIMITER_MAX_WAIT_MS });
  const processor = createUpgradeProcessor({
    limiter,
    retryScale: config.UPGRADE_RETRY_SCALE,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
    baseUrlFor: (provider) => providerBaseUrl(provider),
    rateLimitFor: (provider) => scaledRule(provider, config.UPGRADE_PROVIDER_RATE_SCALE),
    onOutcome: options.onOutcome,
  });
  return {
    queue: QUEUES.upgrades,
    processor: processor as Processor,
    onDrain: () => {
      limiter.shutdown();
      logger.info("provider limiter at shutdown", limiter.stats());
    },
    options: {
      concurrency: config.UPGRADE_WORKER_CONCURRENCY,
      // Production keeps BullMQ's 30 s locks; the fault tests shorten them so a killed
      // worker's job is recovered within seconds.
      lockDuration: config.UPGRADE_LOCK_DURATION_MS,
      stalledInterval: config.UPGRADE_STALLED_INTERVAL_MS,
      // A job whose worker died is re-run; the re-read before any change (JOB-6) makes
      // that safe, so allow a few crashes before giving up on it.
      maxStalledCount: 3,
      settings: { backoffStrategy: upgradeBackoffStrategy(config.UPGRADE_RETRY_SCALE) },
    },
  };
}
