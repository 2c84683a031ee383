/**
 * The upgrade processor (JOB-1..6, RUN-5, CONN-6): one run of a BullMQ job is one try at
 * changing the shopper's subscription at the provider. This orchestrator loads the row,
 * refuses to run an upgrade that already ended, and hands the try to attempt.server.ts
 * and any failure to failure.server.ts.
 */
import { DelayedError, UnrecoverableError, type Processor } from "bullmq";
import { logger as rootLogger } from "~/logger.server";
import { attemptUpgrade } from "./attempt.server";
import { handleFailure } from "./failure.server";
import { MAX_UPGRADE_ATTEMPTS, RETRY_OFFSETS_MS } from "./retry-policy";
import { UpgradeJobDataSchema, type Run, type UpgradeJobData, type UpgradeJobResult, type UpgradeProcessorDeps } from "./run";
import { loadUpgradeForJob, markRunning } from "./state.server";
import { UpgradeRetryError } from "./errors";

export { UpgradeJobDataSchema, type UpgradeJobData, type UpgradeJobResult, type UpgradeProcessorDeps } from "./run";

export function createUpgradeProcessor(deps: UpgradeProcessorDeps): Processor<UpgradeJobData, UpgradeJobResult> {
  const now = deps.now ?? Date.now;
  const baseLogger = deps.logger ?? rootLogger;

  return async (job, token) => {
    const data = UpgradeJobDataSchema.safeParse(job.data);
    if (!data.success) throw new UnrecoverableError(`Malformed upgrade job data (job ${job.id})`);
    const upgrade = await loadUpgradeForJob(data.data.upgradeJobId);
    if (!upgrade || upgrade.acceptanceId !== data.data.acceptanceId) {
      baseLogger.warn("upgrade job without its upgrade row; skipped", { jobId: job.id });
      return { skipped: "missing" };
    }
    // A re-run after a crash that happened once the outcome was already recorded.
    if (upgrade.status === "succeeded" || upgrade.status === "failed") return { skipped: upgrade.status };

    const attempt = job.attemptsMade + 1;
    const run: Run = {
      upgrade,
      job,
      token,
      attempt,
      maxAttempts: Math.min(MAX_UPGRADE_ATTEMPTS, job.opts.attempts ?? 1),
      startedAt: new Date(now()),
      budgetStart: new Date(job.timestamp),
      statusBefore: upgrade.status,
      openRowId: null,
      resumed: false,
      subscriptionId: null,
      secrets: [],
      log: baseLogger.child({ shop: upgrade.shop.domain, upgradeId: upgrade.id, provider: upgrade.provider, attempt }),
    };
    await markRunning(upgrade.id, attempt);
    try {
      return await attemptUpgrade(run, deps);
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      return handleFailure(run, error, deps);
    }
  };
}

/**
 * BullMQ's settings.backoffStrategy for "upgrade-schedule": the processor already worked
 * out when the next attempt runs (UpgradeRetryError.delayMs). Anything else that escaped
 * it (the database was down) falls back to the plain offsets.
 */
export function upgradeBackoffStrategy(retryScale: number) {
  return (attemptsMade: number, _type?: string, error?: Error): number => {
    if (error instanceof UpgradeRetryError) return error.delayMs;
    const offset = RETRY_OFFSETS_MS[Math.min(Math.max(attemptsMade, 1), RETRY_OFFSETS_MS.length) - 1];
    return Math.round(offset * retryScale);
  };
}
