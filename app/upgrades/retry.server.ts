/**
 * "Retry now" (JOB-5): the merchant's command on a failed or retrying upgrade, one at a
 * time or for every failed one, audited.
 */
import prisma from "~/db.server";
import { recordAudit, type AuditActor } from "~/audit/audit.server";
import { AppError } from "~/lib/errors";
import { withDbRetry } from "~/lib/db-retry.server";
import { dispatchSoon, latestOutboxKey } from "~/jobs/outbox.server";
import { logger } from "~/logger.server";
import { QUEUES, getQueue } from "~/jobs/queues.server";
import { requeueUpgrade, upgradeJobKey } from "./enqueue.server";

export const UPGRADE_RETRIED = "upgrade.retried";
/** The audit entry names the upgrade it retried (AuditLog has no target column). */
export const retryReason = (upgradeId: string) => `Retry now on upgrade ${upgradeId}`;

export class UpgradeNotFoundError extends AppError {
  readonly code = "upgrade_not_found";
  readonly kind = "not_found" as const;
  constructor() {
    super("There is no such upgrade in this shop.");
  }
}

export class UpgradeNotRetryableError extends AppError {
  readonly code = "upgrade_not_retryable";
  readonly kind = "conflict" as const;
  constructor(status: string) {
    super(`Only a failed or retrying upgrade can be retried now; this one is ${status}.`);
  }
}

/** Retry now applies to these; a running upgrade is mid-call and a succeeded one is done. */
export const RETRYABLE_STATUSES = ["failed", "retrying"] as const;

/** The audit actor when a fixed key resumes upgrades by itself. */
export const KEY_FIXED_ACTOR = "system:provider-key-fixed";

/** Failures a fixed API key cures (CONN-6): the banner said these upgrades were paused. */
export const KEY_FAILURE_CLASSES = ["ProviderAuthError", "UnreadableTokenError"] as const;

interface RetryInput {
  shop: { id: string; domain: string };
  id: string;
  actor: AuditActor;
  now?: Date;
}

/**
 * "Retry now" (JOB-5). A failed upgrade gets a fresh budget of three attempts; a retrying
 * one runs its waiting attempt now instead of in 1 h / 24 h (same budget). The audit log
 * records who asked either way.
 */
export async function retryUpgrade(input: RetryInput): Promise<void> {
  const row = await prisma.upgradeJob.findFirst({ where: { id: input.id, shopId: input.shop.id }, select: { status: true, acceptanceId: true, attemptsUsed: true } });
  if (!row) throw new UpgradeNotFoundError();
  if (row.status === "retrying") return runWaitingAttemptNow(input, row);
  return retryFailed(input);
}

/**
 * The waiting attempt is a delayed BullMQ job (the retry schedule, JOB-2): promoting it
 * runs it at once, and no second job exists that could run beside it.
 */
async function runWaitingAttemptNow(input: RetryInput, row: { acceptanceId: string; attemptsUsed: number }): Promise<void> {
  const latest = await latestOutboxKey(input.shop.id, upgradeJobKey(row.acceptanceId));
  const job = latest ? await getQueue(QUEUES.upgrades).getJob(latest) : undefined;
  if (!job || !(await job.isDelayed())) throw new UpgradeNotRetryableError("starting its next attempt already");
  await job.promote();
  await recordAudit({
    shopId: input.shop.id,
    shopDomain: input.shop.domain,
    actor: input.actor,
    action: UPGRADE_RETRIED,
    oldValue: `retrying after ${row.attemptsUsed} attempt(s)`,
    newValue: `attempt ${row.attemptsUsed + 1} of 3 now`,
    reason: retryReason(input.id),
  });
  logger.info("waiting upgrade attempt run now by merchant", { shop: input.shop.domain, upgradeId: input.id });
}

/**
 * Retry now on every failed upgrade of the shop (the list's "Retry all failed"), or only
 * those a fixed key cures (`keyFailuresOnly`, after the provider connection passes its test
 * again). Each one is its own retry, so one that changed meanwhile is simply skipped.
 */
export async function retryFailedUpgrades(input: { shop: { id: string; domain: string }; actor: AuditActor; keyFailuresOnly?: boolean; now?: Date }): Promise<number> {
  const rows = await prisma.upgradeJob.findMany({
    where: { shopId: input.shop.id, status: "failed", ...(input.keyFailuresOnly ? { lastErrorClass: { in: [...KEY_FAILURE_CLASSES] } } : {}) },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: MAX_BULK_RETRY,
  });
  let retried = 0;
  for (const row of rows) {
    try {
      await retryFailed({ shop: input.shop, id: row.id, actor: input.actor, now: input.now });
      retried += 1;
    } catch (error) {
      if (!(error instanceof UpgradeNotRetryableError)) throw error;
    }
  }
  return retried;
}

/**
 * CONN-6: a rejected key failed these upgrades and the banner called them paused; once a
 * key passes its test again they run again with a fresh budget, audited as Uplift's doing.
 */
export function resumeUpgradesPausedByKey(shop: { id: string; domain: string }): Promise<number> {
  return retryFailedUpgrades({ shop, actor: KEY_FIXED_ACTOR, keyFailuresOnly: true });
}

/** One bulk retry stays a bounded amount of work; the rest is there for the next press. */
export const MAX_BULK_RETRY = 200;

async function retryFailed(input: RetryInput): Promise<void> {
  const now = input.now ?? new Date();
  const dedupeKey = await withDbRetry(() =>
    prisma.$transaction(async (tx) => {
      const row = await tx.upgradeJob.findFirst({ where: { id: input.id, shopId: input.shop.id } });
      if (!row) throw new UpgradeNotFoundError();
      const flipped = await tx.upgradeJob.updateMany({
        where: { id: row.id, shopId: input.shop.id, status: "failed" },
        data: { status: "queued", attemptsUsed: 0, nextAttemptAt: now, completedAt: null, lastErrorClass: null, lastErrorMessage: null },
      });
      if (flipped.count !== 1) throw new UpgradeNotRetryableError(row.status);
      const key = await requeueUpgrade(tx, row, now);
      await recordAudit(
        {
          shopId: input.shop.id,
          shopDomain: input.shop.domain,
          actor: input.actor,
          action: UPGRADE_RETRIED,
          oldValue: `failed${row.lastErrorClass ? ` (${row.lastErrorClass})` : ""} after ${row.attemptsUsed} attempt(s)`,
          newValue: "queued with a fresh budget of 3 attempts",
          reason: retryReason(row.id),
        },
        tx,
      );
      return key;
    }),
  );
  logger.info("upgrade retried by merchant", { shop: input.shop.domain, upgradeId: input.id });
  dispatchSoon({ dedupeKey });
}

