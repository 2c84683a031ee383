/**
 * The worker's processors, one per queue. Each entry says how to process a job and the
 * worker settings it needs (concurrency, backoff strategy, locks and stall recovery).
 */
import type { Processor, WorkerOptions } from "bullmq";
import { z } from "zod";
import { env } from "~/env.server";
import { logger } from "~/logger.server";
import { LOOP_RATE_LIMIT, RECHARGE_RATE_LIMIT, SKIO_RATE_LIMIT, providerBaseUrl, type ProviderName, type RateLimitRule } from "~/providers/index.server";
import { sharedRedis } from "~/redis.server";
import { createRedisRateLimiter } from "../upgrades/provider-limiter.server";
import { QUEUES, queuePrefix, type QueueName } from "./queues.server";
import { createUpgradeProcessor, upgradeBackoffStrategy } from "../upgrades/processor.server";
import { postscriptProcessorRegistration } from "~/integrations/postscript/processor.server";

export interface ProcessorRegistration {
  queue: QueueName;
  processor: Processor;
  options?: Omit<WorkerOptions, "connection" | "prefix">;
  /** Called when the worker starts draining (before it waits for running jobs). */
  onDrain?: () => void;
}

/**
 * Worker tuning, read once at boot. Production keeps BullMQ's 30 s locks; the fault tests
 * shorten them so a killed worker's job is recovered within seconds.
 */
const WorkerTuningSchema = z.object({
  UPGRADE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
  UPGRADE_LOCK_DURATION_MS: z.coerce.number().int().min(1000).default(30_000),
  UPGRADE_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
  /** Simulators and the bench only: multiplies every provider's documented bucket. */
  UPGRADE_PROVIDER_RATE_SCALE: z.coerce.number().positive().max(1000).default(1),
  /** Longest a job sleeps for a provider slot before stepping aside for other shops. */
  UPGRADE_LIMITER_MAX_WAIT_MS: z.coerce.number().int().min(100).default(10_000),
  /** How often each worker compares the queues with the database (jobs/reconciler.server.ts). */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  /** How long after dispatch a job missing from Redis counts as lost, not on its way. */
  RECONCILE_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** How long an upgrade may be "running" before a missing job means its worker died. */
  RECONCILE_RUNNING_GRACE_MS: z.coerce.number().int().min(0).default(300_000),
});
export type WorkerTuning = z.infer<typeof WorkerTuningSchema>;

export function workerTuning(source: NodeJS.ProcessEnv = process.env): WorkerTuning {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = WorkerTuningSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new Error(`Worker settings need fixing: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

const DOCUMENTED_RATES: Record<ProviderName, RateLimitRule> = { recharge: RECHARGE_RATE_LIMIT, skio: SKIO_RATE_LIMIT, loop: LOOP_RATE_LIMIT };

export function scaledRule(provider: ProviderName, scale: number): RateLimitRule | undefined {
  if (scale === 1) return undefined;
  const rule = DOCUMENTED_RATES[provider];
  return { capacity: Math.max(1, Math.round(rule.capacity * scale)), refillPerSecond: rule.refillPerSecond * scale };
}

export function upgradeRegistration(tuning: WorkerTuning = workerTuning()): ProcessorRegistration {
  const config = env();
  const limiter = createRedisRateLimiter({ redis: sharedRedis(), prefix: queuePrefix(), maxWaitMs: tuning.UPGRADE_LIMITER_MAX_WAIT_MS });
  const processor = createUpgradeProcessor({
    limiter,
    retryScale: config.UPGRADE_RETRY_SCALE,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
    baseUrlFor: (provider) => providerBaseUrl(provider),
    rateLimitFor: (provider) => scaledRule(provider, tuning.UPGRADE_PROVIDER_RATE_SCALE),
  });
  return {
    queue: QUEUES.upgrades,
    processor: processor as Processor,
    onDrain: () => {
      limiter.shutdown();
      logger.info("provider limiter at shutdown", limiter.stats());
    },
    options: {
      concurrency: tuning.UPGRADE_WORKER_CONCURRENCY,
      lockDuration: tuning.UPGRADE_LOCK_DURATION_MS,
      stalledInterval: tuning.UPGRADE_STALLED_INTERVAL_MS,
      // A job whose worker died is re-run; the re-read before any change (JOB-6) makes
      // that safe, so allow a few crashes before giving up on it.
      maxStalledCount: 3,
      settings: { backoffStrategy: upgradeBackoffStrategy(config.UPGRADE_RETRY_SCALE) },
    },
  };
}

export function processorRegistrations(): ProcessorRegistration[] {
  return [upgradeRegistration(), postscriptProcessorRegistration()];
}
