/**
 * "Retry now" (JOB-5): the merchant's command on a failed upgrade, audited.
 */
import prisma from "~/db.server";
import { recordAudit, type AuditActor } from "~/audit/audit.server";
import { AppError } from "~/lib/errors";
import { withDbRetry } from "~/lib/db-retry.server";
import { dispatchSoon } from "~/jobs/outbox.server";
import { logger } from "~/logger.server";
import { requeueUpgrade } from "./enqueue.server";

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
    super(`Only a failed upgrade can be retried; this one is ${status}.`);
  }
}

/**
 * "Retry now" (JOB-5): a failed upgrade gets a fresh budget of three attempts. The status
 * flips only from "failed" (a double click retries once), the new job goes through the
 * outbox like any other (JOB-1), and the audit log records who asked.
 */
export async function retryUpgrade(input: { shop: { id: string; domain: string }; id: string; actor: AuditActor; now?: Date }): Promise<void> {
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

