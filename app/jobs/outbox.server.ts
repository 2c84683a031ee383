/**
 * The transactional outbox (JOB-1). Work is written to the database in the same
 * transaction as the fact that caused it (an acceptance, an SMS event); a dispatcher
 * then adds it to BullMQ with the outbox row's dedupe key as the job id, so adding the
 * same row twice is harmless. While Redis is down nothing is lost: rows wait here.
 *
 * With several dispatchers (every worker runs one, every web process dispatches right
 * after a commit) a row is claimed before it is added: a conditional update sets a short
 * lease, and only the dispatcher whose update matched adds it. Without the claim, a slow
 * dispatcher could add a row another had already dispatched, after its job completed and
 * was removed — BullMQ would then run it again. The claim is one UPDATE … WHERE lease is
 * free, atomic on SQLite (one writer) and on PostgreSQL (the second updater re-checks the
 * WHERE after the first commits), so no raw SQL per database is needed.
 */
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import type { Queue } from "bullmq";
import prisma from "~/db.server";
import { defineJsonColumn } from "~/lib/json-column";
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

/**
 * OutboxEvent.payload: the job's data, an object whose shape its queue's processor
 * checks (e.g. UpgradeJobDataSchema); here only "an object of JSON values" (ADR 0009).
 */
export const outboxPayloadColumn = defineJsonColumn("OutboxEvent.payload", z.record(z.string(), z.unknown()));

/** Records work inside the caller's transaction; a replay with the same key is a no-op. */
export async function addToOutbox(tx: Tx, entry: OutboxEntry): Promise<void> {
  await tx.outboxEvent.upsert({
    where: { dedupeKey: entry.dedupeKey },
    create: {
      shopId: entry.shopId,
      topic: entry.topic,
      dedupeKey: entry.dedupeKey,
      payload: outboxPayloadColumn.serialize(entry.payload),
      customerId: entry.customerId ?? null,
      availableAt: entry.availableAt ?? new Date(),
    },
    update: {},
  });
}

/** How many outbox rows of a shop have a key starting with `prefix` (a job's earlier runs). */
export async function countOutboxKeys(tx: Tx, shopId: string, prefix: string): Promise<number> {
  return tx.outboxEvent.count({ where: { shopId, dedupeKey: { startsWith: prefix } } });
}

/** The newest outbox key of a shop starting with `prefix` (a job's latest run), or null. */
export async function latestOutboxKey(shopId: string, prefix: string): Promise<string | null> {
  const row = await prisma.outboxEvent.findFirst({ where: { shopId, dedupeKey: { startsWith: prefix } }, orderBy: { createdAt: "desc" }, select: { dedupeKey: true } });
  return row?.dedupeKey ?? null;
}

const ADD_TIMEOUT_MS = 2000;

/** How long a claim holds: far longer than an add (two Redis calls of at most ADD_TIMEOUT_MS). */
export const OUTBOX_LEASE_MS = 30_000;

const leaseFree = (now: Date): Prisma.OutboxEventWhereInput => ({ OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] });

/** True when this dispatcher now owns the row until the lease ends. */
async function claim(id: string, now: Date): Promise<boolean> {
  const { count } = await withDbRetry(() =>
    prisma.outboxEvent.updateMany({ where: { id, dispatchedAt: null, ...leaseFree(now) }, data: { leaseUntil: new Date(now.getTime() + OUTBOX_LEASE_MS) } }),
  );
  return count === 1;
}

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
export interface DispatchOptions {
  limit?: number;
  where?: Prisma.OutboxEventWhereInput;
  /** Where rows go; the process's queues unless a caller supplies its own. */
  queueFor?: (name: QueueName) => Pick<Queue, "add" | "waitUntilReady">;
}

export async function dispatchOutbox(options: DispatchOptions = {}): Promise<DispatchResult> {
  const queueFor = options.queueFor ?? getQueue;
  const pending = await prisma.outboxEvent.findMany({
    where: { AND: [{ dispatchedAt: null }, leaseFree(new Date()), options.where ?? {}] },
    orderBy: { createdAt: "asc" },
    take: options.limit ?? 100,
  });
  const result: DispatchResult = { dispatched: 0, failed: 0 };
  for (const event of pending) {
    // Another dispatcher took it (or finished it) since the read: not ours to add.
    if (!(await claim(event.id, new Date()))) continue;
    try {
      const payload = outboxPayloadColumn.parse(event.payload);
      const queue = queueFor(event.topic as QueueName);
      await withTimeout(queue.waitUntilReady(), ADD_TIMEOUT_MS);
      await withTimeout(
        queue.add(event.topic, { ...payload, outboxId: event.id }, {
          ...jobOptionsFor(event),
          jobId: event.dedupeKey,
        }),
        ADD_TIMEOUT_MS,
      );
      await withDbRetry(() => prisma.outboxEvent.updateMany({ where: { id: event.id }, data: { dispatchedAt: new Date(), lastError: null, leaseUntil: null } }));
      result.dispatched++;
    } catch (error) {
      result.failed++;
      await withDbRetry(() =>
        prisma.outboxEvent.updateMany({
          where: { id: event.id },
          data: { dispatchAttempts: { increment: 1 }, lastError: (error as Error).message.slice(0, 500), leaseUntil: null },
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
