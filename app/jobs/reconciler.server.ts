/**
 * The reconciler (JOB-1): a periodic sweep that makes Redis agree with the database.
 * BullMQ's queue lives in Redis, and Redis can lose it — flushed, evicted under memory
 * pressure, restarted without AOF — and BullMQ fails a job that stalled more often than
 * its limit without telling our rows. The database is the record, so each feature says
 * what it believes should be in a queue (a QueueExpectation), and the sweep:
 * - re-queues work whose job Redis no longer holds, through the outbox (same job id);
 * - hands work whose job BullMQ failed while its row still waits back to the feature,
 *   which re-queues it or records the outcome, so the row tells the truth.
 *
 * Safe in every worker: a re-queue is "mark the outbox row undispatched, dispatch it",
 * and dispatch claims rows and uses deterministic job ids, so two sweeps at once add a
 * job once. Generic: features are passed in; this module imports none.
 */
import { logger } from "~/logger.server";
import prisma from "~/db.server";
import { withDbRetry } from "../lib/db-retry.server";
import { dispatchOutbox } from "./outbox.server";
import { getQueue, type QueueName } from "./queues.server";

/** A feature's word on what should be queued. */
export interface QueueExpectation {
  queue: QueueName;
  /** Outbox keys (= job ids) of work the database says is queued, running, retrying or scheduled. */
  unfinishedKeys(limit: number): Promise<string[]>;
  /**
   * BullMQ failed this job (e.g. "job stalled more than allowable limit") but the row still
   * waits: run it again ("requeue"), or record the outcome and answer "resolved".
   */
  onFailedInQueue(key: string, failedReason: string): Promise<"requeue" | "resolved">;
}

export interface ReconcileResult {
  checked: number;
  requeued: number;
  resolved: number;
}

/** Work handed to Redis this recently may still be on its way; it is checked next time. */
export const RECONCILE_GRACE_MS = 30_000;
const BATCH = 500;

async function requeue(key: string): Promise<void> {
  await withDbRetry(() => prisma.outboxEvent.updateMany({ where: { dedupeKey: key, dispatchedAt: { not: null } }, data: { dispatchedAt: null, leaseUntil: null } }));
  await dispatchOutbox({ where: { dedupeKey: key }, limit: 1 });
}

async function reconcileExpectation(expectation: QueueExpectation, now: Date, graceMs: number): Promise<ReconcileResult> {
  const result: ReconcileResult = { checked: 0, requeued: 0, resolved: 0 };
  const keys = await expectation.unfinishedKeys(BATCH);
  if (keys.length === 0) return result;
  const handedOver = await prisma.outboxEvent.findMany({
    where: { dedupeKey: { in: keys }, dispatchedAt: { lt: new Date(now.getTime() - graceMs) } },
    select: { dedupeKey: true },
  });
  const queue = getQueue(expectation.queue);
  for (const { dedupeKey: key } of handedOver) {
    result.checked++;
    const state = await queue.getJobState(key);
    if (state === "unknown") {
      logger.warn("reconciler: job missing from Redis; re-queued", { queue: expectation.queue, jobId: key });
      await requeue(key);
      result.requeued++;
    } else if (state === "failed") {
      const job = await queue.getJob(key);
      const decision = await expectation.onFailedInQueue(key, job?.failedReason ?? "failed");
      if (decision === "resolved") {
        result.resolved++;
        continue;
      }
      await job?.remove();
      await requeue(key);
      result.requeued++;
    }
  }
  return result;
}

/** One sweep over every expectation; a failing one is logged and the others still run. */
export async function reconcileQueues(expectations: QueueExpectation[], options: { now?: Date; graceMs?: number } = {}): Promise<ReconcileResult> {
  const total: ReconcileResult = { checked: 0, requeued: 0, resolved: 0 };
  for (const expectation of expectations) {
    try {
      const result = await reconcileExpectation(expectation, options.now ?? new Date(), options.graceMs ?? RECONCILE_GRACE_MS);
      total.checked += result.checked;
      total.requeued += result.requeued;
      total.resolved += result.resolved;
    } catch (error) {
      logger.warn("reconciler sweep failed; next sweep retries", { queue: expectation.queue, error });
    }
  }
  return total;
}

/** The worker's loop: a sweep every interval until stopped. */
export function startReconciler(expectations: QueueExpectation[], options: { intervalMs?: number; graceMs?: number } = {}): { stop: () => Promise<void> } {
  const intervalMs = options.intervalMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  let running = true;
  const tick = () => {
    current = reconcileQueues(expectations, { graceMs: options.graceMs }).finally(() => {
      if (running) timer = setTimeout(tick, intervalMs);
    });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    stop: async () => {
      running = false;
      clearTimeout(timer);
      await current;
    },
  };
}
