/**
 * The one way an upgrade enters the queue (JOB-1): the UpgradeJob row and its outbox row
 * are written in the caller's transaction — the acceptance's, or a merchant's Retry now —
 * so an upgrade is never queued without its row, nor recorded without its job.
 */
import type { Prisma } from "@prisma/client";
import { addToOutbox, countOutboxKeys } from "~/jobs/outbox.server";
import { QUEUES } from "~/jobs/queues.server";
import type { ProviderName } from "~/providers/types";
import { planUpgradeRequest, upgradeRequestColumn, type UpgradeAcceptance } from "./request";

type Tx = Prisma.TransactionClient;

/** The BullMQ job id of an acceptance's upgrade: the first run, then one per Retry now (BullMQ forbids ":"). */
export function upgradeJobKey(acceptanceId: string, retry = 0): string {
  return retry === 0 ? `upgrade-${acceptanceId}` : `upgrade-${acceptanceId}-retry-${retry}`;
}

/** What the worker's job carries (processor.server.ts parses it with UpgradeJobDataSchema). */
const jobPayload = (upgradeJobId: string, acceptanceId: string) => ({ upgradeJobId, acceptanceId });

export interface EnqueueUpgradeInput extends UpgradeAcceptance {
  shopId: string;
  acceptanceId: string;
  provider: ProviderName | null;
  orderId: string | null;
  /** "#1005", when known at acceptance (the order webhook); otherwise linked later. */
  orderName?: string | null;
  customerId: string | null;
  customerName: string | null;
  now: Date;
  firstAttemptDelayMs: number;
}

export interface EnqueuedUpgrade {
  upgradeJobId: string;
  /** The outbox row to dispatch; null when the upgrade failed at once (nothing to run). */
  outboxKey: string | null;
  failure: { class: string; message: string } | null;
}

/** RUN-2 step 2: plans the request from the accepted offer and writes the job, inside `tx`. */
export async function enqueueUpgrade(tx: Tx, input: EnqueueUpgradeInput): Promise<EnqueuedUpgrade> {
  const plan = planUpgradeRequest(input, input.provider);
  const job = await tx.upgradeJob.create({
    data: {
      shopId: input.shopId,
      acceptanceId: input.acceptanceId,
      provider: plan.provider,
      status: plan.status,
      orderId: input.orderId,
      orderName: input.orderName ?? null,
      customerId: input.customerId,
      customerName: input.customerName,
      request: upgradeRequestColumn.serialize(plan.request),
      lastErrorClass: plan.error?.class ?? null,
      lastErrorMessage: plan.error?.message ?? null,
      completedAt: plan.error ? input.now : null,
    },
  });
  if (plan.error) return { upgradeJobId: job.id, outboxKey: null, failure: plan.error };
  const outboxKey = upgradeJobKey(input.acceptanceId);
  await addToOutbox(tx, {
    shopId: input.shopId,
    topic: QUEUES.upgrades,
    dedupeKey: outboxKey,
    payload: jobPayload(job.id, input.acceptanceId),
    customerId: input.customerId,
    availableAt: new Date(input.now.getTime() + input.firstAttemptDelayMs),
  });
  return { upgradeJobId: job.id, outboxKey, failure: null };
}

/** The order webhook names the order of an acceptance the page confirmed first; the worker needs it (RUN-10). */
export async function linkUpgradeOrder(tx: Tx, input: { acceptanceId: string; orderId: string; orderName: string | null; customerName: string | null }): Promise<void> {
  await tx.upgradeJob.updateMany({
    where: { acceptanceId: input.acceptanceId, orderId: null },
    data: { orderId: input.orderId, ...(input.customerName ? { customerName: input.customerName } : {}) },
  });
  // The name may arrive after the id (a page-recorded acceptance linked by a later webhook).
  if (input.orderName) await tx.upgradeJob.updateMany({ where: { acceptanceId: input.acceptanceId, orderId: input.orderId, orderName: null }, data: { orderName: input.orderName } });
}

/** Retry now: a fresh job for an existing upgrade row, inside `tx`. Returns its outbox key. */
export async function requeueUpgrade(tx: Tx, row: { id: string; shopId: string; acceptanceId: string }, now: Date): Promise<string> {
  // BullMQ keeps the failed job under the first id; each retry is a new job.
  const earlier = await countOutboxKeys(tx, row.shopId, upgradeJobKey(row.acceptanceId));
  const outboxKey = upgradeJobKey(row.acceptanceId, earlier);
  await addToOutbox(tx, { shopId: row.shopId, topic: QUEUES.upgrades, dedupeKey: outboxKey, payload: jobPayload(row.id, row.acceptanceId), availableAt: now });
  return outboxKey;
}
