/**
 * The worker process (`npm run worker`) and its composition root: moves outbox rows into
 * BullMQ and runs every queue's processor. Scale by starting more of them; BullMQ gives each job to one.
 * SIGTERM/SIGINT drain: no new jobs are taken, running ones finish, then it exits.
 */
import { hostname } from "node:os";
import { Worker } from "bullmq";
import prisma from "./db.server";
import { env } from "./env.server";
import { logger } from "./logger.server";
import { createRedis } from "./redis.server";
import { tuneSqlite } from "./lib/db-retry.server";
import { startOutboxDispatcher } from "./jobs/outbox.server";
import { closeQueues, queuePrefix } from "./jobs/queues.server";
import type { ProcessorRegistration } from "./jobs/registration";
import { postscriptProcessorRegistration } from "./integrations/postscript/processor.server";
import { recordPostscriptUpgradeFailed, recordPostscriptUpgradeSucceeded } from "./integrations/postscript/app-events.server";
import type { UpgradeOutcomeListener } from "./upgrades/run";
import { upgradeRegistration } from "./upgrades/worker.server";

/** PS-2: the upgrade worker's final outcomes become Postscript events (neither ever throws). */
export const postscriptUpgradeOutcomes: UpgradeOutcomeListener = (outcome) =>
  outcome.type === "succeeded" ? recordPostscriptUpgradeSucceeded(outcome) : recordPostscriptUpgradeFailed(outcome);

/** The composition root: every queue this process works on, wired to what listens to it. */
export function processorRegistrations(): ProcessorRegistration[] {
  return [upgradeRegistration({ onOutcome: postscriptUpgradeOutcomes }), postscriptProcessorRegistration()];
}
import { startReconciler } from "./jobs/reconciler.server";
import { warnAboutRedisDurability } from "./jobs/redis-settings.server";
import { upgradeQueueExpectation } from "./upgrades/queue-expectation.server";
import { postscriptQueueExpectation } from "./integrations/postscript/queue-expectation.server";

export function startWorkerProcess() {
  env(); // fail at boot, with every problem named, rather than on the first job
  // Fire-and-forget: tuneSqlite logs its own failure and never rejects.
  void tuneSqlite(env().DATABASE_URL);
  const dispatcher = startOutboxDispatcher();
  // Redis is where BullMQ keeps queued jobs: warn when it may evict or forget them.
  const settingsConnection = createRedis();
  void warnAboutRedisDurability(settingsConnection).finally(() => settingsConnection.disconnect());
  // Every worker sweeps; a sweep is idempotent (see reconciler.server.ts).
  const reconciler = startReconciler([upgradeQueueExpectation({ runningGraceMs: env().RECONCILE_RUNNING_GRACE_MS }), postscriptQueueExpectation], {
    intervalMs: env().RECONCILE_INTERVAL_MS,
    graceMs: env().RECONCILE_GRACE_MS,
  });
  const registrations = processorRegistrations();
  const workers = registrations.map(
    ({ queue, processor, options }) =>
      // The name lands on every job it runs (job.processedBy): which process had a job.
      new Worker(queue, processor, { name: `${hostname()}:${process.pid}`, ...options, prefix: queuePrefix(), connection: createRedis() }),
  );
  for (const worker of workers) {
    worker.on("error", (error) => logger.error("worker error", { queue: worker.name, error }));
    // A job whose worker died (or lost its lock) goes back to the queue and runs again.
    worker.on("stalled", (jobId) => logger.warn("stalled job recovered", { queue: worker.name, jobId }));
  }
  logger.info("worker started", { queues: workers.map((w) => w.name) });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info("worker draining");
      // close() stops taking jobs at once and resolves when the running ones finished.
      const closing = workers.map((w) => w.close());
      // Jobs sleeping for a provider rate-limit slot step aside instead of holding the drain.
      for (const registration of registrations) registration.onDrain?.();
      await dispatcher.stop();
      await reconciler.stop();
      await Promise.allSettled(closing);
      await closeQueues();
      await prisma.$disconnect();
      logger.info("worker stopped");
    })());
  return { workers, stop };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const { stop } = startWorkerProcess();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error("worker did not stop cleanly", { error });
          process.exit(1);
        },
      );
    });
  }
}
