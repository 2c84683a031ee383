/**
 * What the upgrades queue should hold, for the reconciler (JOB-1): every UpgradeJob the
 * database says is queued, running, retrying or scheduled has a job `upgrade-<acceptanceId>`.
 * A job BullMQ failed behind the row's back (stalled past its limit: the worker died on it
 * again and again) is recorded as failed, with the reason, so the row tells the truth and
 * the merchant can retry it; re-running it blindly could loop forever.
 *
 * A row "running" only recently is left alone even when Redis lost its job: after a
 * flush the worker running it keeps going and records the outcome, and a second copy
 * would change the subscription twice (measured by bench:faults). Only a row running for
 * longer than `runningGraceMs` — its worker died with the job — is re-queued.
 */
import prisma from "~/db.server";
import type { QueueExpectation } from "~/jobs/reconciler.server";
import { QUEUES } from "~/jobs/queues.server";
import { logger } from "~/logger.server";
import { markFailed } from "./state.server";

const UNFINISHED = ["queued", "running", "retrying", "scheduled"];
const JOB_PREFIX = "upgrade-";

/** Longer than any attempt takes (provider timeouts, limiter waits): a row running this long has lost its worker. */
export const RUNNING_GRACE_MS = 5 * 60_000;

export const upgradeQueueExpectation = (options: { runningGraceMs?: number; now?: () => number } = {}): QueueExpectation => ({
  queue: QUEUES.upgrades,
  async unfinishedKeys(limit) {
    const stillRunningSince = new Date((options.now ?? Date.now)() - (options.runningGraceMs ?? RUNNING_GRACE_MS));
    const rows = await prisma.upgradeJob.findMany({
      where: { status: { in: UNFINISHED }, NOT: { status: "running", updatedAt: { gt: stillRunningSince } } },
      select: { acceptanceId: true },
      orderBy: { createdAt: "asc" },
      take: limit,
    });
    return rows.map((row) => `${JOB_PREFIX}${row.acceptanceId}`);
  },
  async onFailedInQueue(key, failedReason) {
    const row = await prisma.upgradeJob.findFirst({ where: { acceptanceId: key.slice(JOB_PREFIX.length), status: { in: UNFINISHED } } });
    if (!row) return "resolved";
    await markFailed(row.id, {
      attemptsUsed: row.attemptsUsed,
      errorClass: "JobStalledError",
      message: `The queue gave up on this upgrade (${failedReason}): a worker stopped while running it. Check the subscription, then retry.`,
      at: new Date(),
    });
    logger.warn("reconciler: upgrade failed in the queue while its row waited; marked failed", { upgradeId: row.id, reason: failedReason });
    return "resolved";
  },
});
