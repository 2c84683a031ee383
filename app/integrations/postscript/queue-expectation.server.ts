/**
 * What the Postscript queue should hold, for the reconciler (PS-4): every delivery still
 * "pending" has its job `postscript-<deliveryId>`. A job BullMQ failed behind the row's
 * back (stalled past its limit) is recorded as failed with the reason; support can resend.
 */
import prisma from "~/db.server";
import type { QueueExpectation } from "~/jobs/reconciler.server";
import { QUEUES } from "~/jobs/queues.server";
import { postscriptDedupeKey } from "./record-event.server";

const JOB_PREFIX = postscriptDedupeKey("");

export const postscriptQueueExpectation: QueueExpectation = {
  queue: QUEUES.postscript,
  async unfinishedKeys(limit) {
    const rows = await prisma.postscriptDelivery.findMany({ where: { status: "pending" }, select: { id: true }, orderBy: { createdAt: "asc" }, take: limit });
    return rows.map((row) => postscriptDedupeKey(row.id));
  },
  async onFailedInQueue(key, failedReason) {
    await prisma.postscriptDelivery.updateMany({
      where: { id: key.slice(JOB_PREFIX.length), status: "pending" },
      data: { status: "failed", lastError: `The queue gave up on this delivery (${failedReason}); resend it from support.` },
    });
    return "resolved";
  },
};
