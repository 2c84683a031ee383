/**
 * What the merchant sees of event delivery (PS-4): the latest events with their status
 * and error, and "Resend" for one that failed. A resend is harmless: the event keeps its
 * external_id, so Postscript treats it as the same event.
 */
import { AppError } from "~/lib/errors";
import prisma from "~/db.server";
import { addToOutbox, dispatchSoon } from "~/jobs/outbox.server";
import { QUEUES } from "~/jobs/queues.server";
import { postscriptDedupeKey } from "./record-event.server";

export type DeliveryStatus = "pending" | "retrying" | "sent" | "failed";

export interface DeliveryView {
  id: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  isTest: boolean;
  createdAt: string;
  sentAt: string | null;
}

function statusOf(row: { status: string; attempts: number }): DeliveryStatus {
  if (row.status === "sent" || row.status === "failed") return row.status;
  return row.attempts > 0 ? "retrying" : "pending";
}

export async function listRecentDeliveries(shopId: string, take = 20): Promise<DeliveryView[]> {
  const rows = await prisma.postscriptDelivery.findMany({
    where: { shopId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    // The body holds the shopper's contact: it never leaves the server.
    select: { id: true, eventType: true, status: true, attempts: true, lastError: true, isTest: true, createdAt: true, sentAt: true },
  });
  return rows.map((row) => ({
    id: row.id,
    eventType: row.eventType,
    status: statusOf(row),
    attempts: row.attempts,
    lastError: row.lastError,
    isTest: row.isTest,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  }));
}

export class DeliveryNotFoundError extends AppError {
  readonly code = "delivery_not_found";
  readonly kind = "not_found" as const;
  constructor() {
    super("There is no failed Postscript event with that id for this shop.");
  }
}

/** Queues a failed (non-test) event again; scoped to the shop (OPS-2). */
export async function resendDelivery(input: { shopId: string; deliveryId: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  await prisma.$transaction(async (tx) => {
    // Only a failed row flips back to pending: a double click queues it once.
    const flipped = await tx.postscriptDelivery.updateMany({
      where: { id: input.deliveryId, shopId: input.shopId, status: "failed", isTest: false },
      data: { status: "pending", attempts: 0, lastError: null },
    });
    if (flipped.count === 0) throw new DeliveryNotFoundError();
    const row = await tx.postscriptDelivery.findUniqueOrThrow({ where: { id: input.deliveryId }, select: { customerId: true } });
    await addToOutbox(tx, {
      shopId: input.shopId,
      topic: QUEUES.postscript,
      // A new job id: the failed job keeps its own for a month.
      dedupeKey: postscriptDedupeKey(input.deliveryId, now.getTime()),
      payload: { deliveryId: input.deliveryId, shopId: input.shopId },
      customerId: row.customerId,
    });
  });
  dispatchSoon({ topic: QUEUES.postscript });
}
