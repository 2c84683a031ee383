/**
 * The worker process (`npm run worker`): moves outbox rows into BullMQ and runs every
 * queue's processor. Scale by starting more of them; BullMQ gives each job to one.
 * SIGTERM/SIGINT drain: no new jobs are taken, running ones finish, then it exits.
 */
import { Worker } from "bullmq";
import prisma from "./db.server";
import { env } from "./env.server";
import { logger } from "./logger.server";
import { createRedis } from "./redis.server";
import { startOutboxDispatcher } from "./jobs/outbox.server";
import { processorRegistrations } from "./jobs/processors.server";
import { closeQueues, queuePrefix } from "./jobs/queues.server";

export function startWorkerProcess() {
  env(); // fail at boot, with every problem named, rather than on the first job
  const dispatcher = startOutboxDispatcher();
  const workers = processorRegistrations().map(
    ({ queue, processor, options }) =>
      new Worker(queue, processor, { ...options, prefix: queuePrefix(), connection: createRedis() }),
  );
  for (const worker of workers) {
    worker.on("error", (error) => logger.error("worker error", { queue: worker.name, error }));
  }
  logger.info("worker started", { queues: workers.map((w) => w.name) });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info("worker draining");
      await dispatcher.stop();
      await Promise.allSettled(workers.map((w) => w.close()));
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
      void stop().then(() => process.exit(0));
    });
  }
}
