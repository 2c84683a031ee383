/**
 * The transactional outbox (JOB-1). Work is written to the database in the same
 * transaction as the fact that caused it (an acceptance, an SMS event); a dispatcher
 * then adds it to BullMQ with the outbox row's dedupe key as the job id, so adding the
 * same row twice is harmless. While Redis is down nothing is lost: rows wait here.
 */
import type { Prisma } from "@prisma/client";
import prisma from "~/db.server";
import { logger } from "~/logger.server";
import { withDbRetry } from "../lib/db-retry.server";
import { jobOptionsFor } from "./job-options.server";
import { getQueue, type QueueName } from "./queues.server";

export interface OutboxEntry {
  shopId: string;
  topic: QueueName;
  /** Becomes the BullMQ job id: deterministic, e.g. `upgrade-<acceptanceId>` (BullMQ 6 forbids ":" in ids). */
  dedupeKey: string;
  payload: Record<string, unknown>;
  customerId?: string | null;
  /** Earliest moment the job may run (e.g. "apply at end of cycle"). */
  availableAt?: Date;
}

type Tx = Prisma.TransactionClient;

/** Records work inside the caller's transaction; a replay with the same key is a no-op. */
export async function addToOutbox(tx: Tx, entry: OutboxEntry): Promise<void> {
  await tx.outboxEvent.upsert({
    where: { dedupeKey: entry.dedupeKey },
    create: {
      shopId: entry.shopId,
      topic: entry.topic,
      dedupeKey: entry.dedupeKey,
      payload: JSON.stringify(entry.payload),
      customerId: entry.customerId ?? null,
      availableAt: entry.availableAt ?? new Date(),
    },
    update: {},
  });
}

const ADD_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms))]);
}

export interface DispatchResult {
  dispatched: number;
  failed: number;
}

/**
 * Moves pending outbox rows into their queues, oldest first. Stops at the first Redis
 * failure (the rest would fail too) and leaves those rows for the next run.
 */
export async function dispatchOutbox(options: { limit?: number; where?: Prisma.OutboxEventWhereInput } = {}): Promise<DispatchResult> {
  const pending = await prisma.outboxEvent.findMany({
    where: { dispatchedAt: null, ...options.where },
    orderBy: { createdAt: "asc" },
    take: options.limit ?? 100,
  });
  const result: DispatchResult = { dispatched: 0, failed: 0 };
  for (const event of pending) {
    try {
      const payload = JSON.parse(event.payload) as Record<string, unknown>;
      const queue = getQueue(event.topic as QueueName);
      await withTimeout(queue.waitUntilReady(), ADD_TIMEOUT_MS);
      await withTimeout(
        queue.add(event.topic, { ...payload, outboxId: event.id }, {
          ...jobOptionsFor(event),
          jobId: event.dedupeKey,
        }),
        ADD_TIMEOUT_MS,
      );
      await withDbRetry(() => prisma.outboxEvent.updateMany({ where: { id: event.id }, data: { dispatchedAt: new Date(), lastError: null } }));
      result.dispatched++;
    } catch (error) {
      result.failed++;
      await withDbRetry(() =>
        prisma.outboxEvent.updateMany({
          where: { id: event.id },
          data: { dispatchAttempts: { increment: 1 }, lastError: (error as Error).message.slice(0, 500) },
        }),
      );
      logger.warn("outbox dispatch failed; will retry", { outboxId: event.id, topic: event.topic, error });
      break;
    }
  }
  return result;
}

/**
 * Dispatches right after a commit without making the caller wait for Redis: the
 * shopper's accept must never be slowed or failed by the queue (JOB-1, PS-4).
 */
export function dispatchSoon(where?: Prisma.OutboxEventWhereInput): void {
  void dispatchOutbox({ where, limit: 10 }).catch((error) => logger.warn("outbox dispatch failed", { error }));
}

/** The worker's loop: dispatch every interval until stopped. */
export function startOutboxDispatcher(intervalMs = 1000): { stop: () => Promise<void> } {
  let running = true;
  let current: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    while (running) {
      current = dispatchOutbox().catch((error) => logger.warn("outbox dispatcher error", { error }));
      await current;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  };
  // The loop catches each pass itself; this only fires if the loop's own code breaks.
  tick().catch((error) => logger.error("outbox dispatcher stopped", { error }));
  return {
    stop: async () => {
      running = false;
      await current;
    },
  };
}
