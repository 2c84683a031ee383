/**
 * BullMQ queues. Every Redis key lives under QUEUE_PREFIX, so several environments (or
 * test files) can share one Redis without seeing each other's jobs.
 */
import { Queue, type JobsOptions } from "bullmq";
import { env } from "~/env.server";
import { createRedis } from "~/redis.server";

export const QUEUES = { upgrades: "upgrades", postscript: "postscript" } as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Completed jobs stay a week so a late duplicate add with the same id is ignored. */
export const KEEP_JOBS: Pick<JobsOptions, "removeOnComplete" | "removeOnFail"> = {
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export function queuePrefix(): string {
  return env().QUEUE_PREFIX;
}

const queues = new Map<QueueName, Queue>();

/**
 * A producer queue. It fails fast while Redis is unreachable instead of buffering
 * commands (callers bound their wait with waitUntilReady()): the outbox keeps the work
 * and a later dispatch retries (JOB-1).
 */
export function getQueue(name: QueueName): Queue {
  let queue = queues.get(name);
  if (!queue) {
    queue = new Queue(name, {
      prefix: queuePrefix(),
      connection: createRedis({ enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
    });
    // Errors surface on add(); the outbox records them. Without a listener ioredis would
    // print every reconnect failure.
    queue.on("error", () => undefined);
    queues.set(name, queue);
  }
  return queue;
}

export async function closeQueues(): Promise<void> {
  const all = [...queues.values()];
  queues.clear();
  await Promise.allSettled(all.map((q) => q.close()));
}
