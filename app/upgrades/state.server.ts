/**
 * The worker's writes to UpgradeJob and UpgradeAttempt. The database is what the merchant
 * sees (JOB-5), so every BullMQ transition has its row update here, made before the job
 * moves on in Redis.
 *
 * Writes are single statements (updateMany/createMany): Prisma's update() reads inside a
 * deferred transaction first, which on SQLite shared by several processes fails with
 * SQLITE_BUSY_SNAPSHOT whenever another process commits in between (db-retry.server.ts).
 */
import { randomUUID } from "node:crypto";
import prisma from "~/db.server";
import { withDbRetry } from "../lib/db-retry.server";
import type { UpgradeProgress } from "~/providers/types";

/** "queued" | "running" | "succeeded" | "retrying" | "failed" | "scheduled" */
export type UpgradeStatus = "queued" | "running" | "succeeded" | "retrying" | "failed" | "scheduled";
export const UPGRADE_STATUSES: readonly UpgradeStatus[] = ["queued", "scheduled", "running", "retrying", "succeeded", "failed"];
/** "succeeded" | "failed" | "already_applied" | "rate_limited" | "running" */
export type AttemptOutcome = "succeeded" | "failed" | "already_applied" | "rate_limited" | "running";

const MESSAGE_MAX = 1000;
const clip = (text: string | null | undefined) => (text == null ? null : text.slice(0, MESSAGE_MAX));

export async function loadUpgradeForJob(upgradeJobId: string) {
  return withDbRetry(() => prisma.upgradeJob.findUnique({ where: { id: upgradeJobId }, include: { shop: true } }));
}
export type UpgradeForJob = NonNullable<Awaited<ReturnType<typeof loadUpgradeForJob>>>;

export async function markRunning(id: string, attempt: number): Promise<void> {
  await withDbRetry(() => prisma.upgradeJob.updateMany({ where: { id }, data: { status: "running", attemptsUsed: attempt, nextAttemptAt: null } }));
}

export async function saveProgress(id: string, progress: UpgradeProgress): Promise<void> {
  await withDbRetry(() => prisma.upgradeJob.updateMany({ where: { id }, data: { progress: JSON.stringify(progress) } }));
}

/**
 * Opens the attempt row right before the provider is asked to change anything. A row
 * left "running" by a worker that died mid-attempt is picked up again, so the timeline
 * shows one attempt that was resumed rather than two.
 */
export async function openAttempt(
  upgradeJobId: string,
  number: number,
  startedAt: Date,
  options: { mayBeResuming: boolean },
): Promise<{ id: string; resumed: boolean }> {
  if (options.mayBeResuming) {
    const dangling = await withDbRetry(() => prisma.upgradeAttempt.findFirst({ where: { upgradeJobId, number, outcome: "running" }, orderBy: { startedAt: "desc" } }));
    if (dangling) return { id: dangling.id, resumed: true };
  }
  const id = randomUUID();
  await withDbRetry(() => prisma.upgradeAttempt.createMany({ data: [{ id, upgradeJobId, number, startedAt, outcome: "running" }] }));
  return { id, resumed: false };
}

export interface AttemptResult {
  outcome: Exclude<AttemptOutcome, "running">;
  errorClass?: string | null;
  errorMessage?: string | null;
  providerSummary?: string | null;
}

/** Closes the open row, or records a whole attempt that failed before it opened one. */
export async function closeAttempt(
  upgradeJobId: string,
  openRowId: string | null,
  attempt: { number: number; startedAt: Date; endedAt: Date },
  result: AttemptResult,
): Promise<void> {
  const data = {
    endedAt: attempt.endedAt,
    outcome: result.outcome,
    errorClass: result.errorClass ?? null,
    errorMessage: clip(result.errorMessage),
    providerSummary: clip(result.providerSummary),
  };
  if (openRowId) {
    await withDbRetry(() => prisma.upgradeAttempt.updateMany({ where: { id: openRowId }, data }));
    return;
  }
  await withDbRetry(() => prisma.upgradeAttempt.createMany({ data: [{ upgradeJobId, number: attempt.number, startedAt: attempt.startedAt, ...data }] }));
}

/** End of this budget's first failed attempt (for "24 h after the initial failure"). */
export async function firstFailureAt(upgradeJobId: string, since: Date): Promise<Date | null> {
  const row = await withDbRetry(() => prisma.upgradeAttempt.findFirst({
    where: { upgradeJobId, number: 1, outcome: "failed", startedAt: { gte: since } },
    orderBy: { startedAt: "desc" },
  }));
  return row?.endedAt ?? null;
}

/** 429 waits already taken by this attempt of this budget. */
export async function rateLimitWaits(upgradeJobId: string, number: number, since: Date): Promise<number> {
  return withDbRetry(() => prisma.upgradeAttempt.count({ where: { upgradeJobId, number, outcome: "rate_limited", startedAt: { gte: since } } }));
}

export async function markSucceeded(
  id: string,
  input: { attemptsUsed: number; providerSubscriptionId: string; at: Date; progress?: UpgradeProgress },
): Promise<void> {
  await withDbRetry(() => prisma.upgradeJob.updateMany({
    where: { id },
    data: {
      status: "succeeded",
      attemptsUsed: input.attemptsUsed,
      providerSubscriptionId: input.providerSubscriptionId,
      ...(input.progress ? { progress: JSON.stringify(input.progress) } : {}),
      nextAttemptAt: null,
      completedAt: input.at,
      lastErrorClass: null,
      lastErrorMessage: null,
    },
  }));
}

/** Waiting for another try: "retrying" (counted failure or 429), "queued"/"scheduled" (not yet tried). */
export async function markWaiting(
  id: string,
  input: {
    status: UpgradeStatus;
    attemptsUsed: number;
    nextAttemptAt: Date;
    error?: { errorClass: string; message: string };
    providerSubscriptionId?: string | null;
  },
): Promise<void> {
  await withDbRetry(() => prisma.upgradeJob.updateMany({
    where: { id },
    data: {
      status: input.status,
      attemptsUsed: input.attemptsUsed,
      nextAttemptAt: input.nextAttemptAt,
      ...(input.providerSubscriptionId ? { providerSubscriptionId: input.providerSubscriptionId } : {}),
      ...(input.error ? { lastErrorClass: input.error.errorClass, lastErrorMessage: clip(input.error.message) } : {}),
    },
  }));
}

/** JOB-4: waits for the end of the cycle; `date` is the provider's next charge date. */
export async function markScheduled(id: string, input: { attemptsUsed: number; date: string; runAt: Date; providerSubscriptionId: string }): Promise<void> {
  await withDbRetry(() => prisma.upgradeJob.updateMany({
    where: { id },
    data: {
      status: "scheduled",
      attemptsUsed: input.attemptsUsed,
      scheduledFor: new Date(`${input.date}T00:00:00.000Z`),
      nextAttemptAt: input.runAt,
      providerSubscriptionId: input.providerSubscriptionId,
    },
  }));
}

export async function markFailed(
  id: string,
  input: { attemptsUsed: number; errorClass: string; message: string; at: Date; providerSubscriptionId?: string | null },
): Promise<void> {
  await withDbRetry(() => prisma.upgradeJob.updateMany({
    where: { id },
    data: {
      ...(input.providerSubscriptionId ? { providerSubscriptionId: input.providerSubscriptionId } : {}),
      status: "failed",
      attemptsUsed: input.attemptsUsed,
      nextAttemptAt: null,
      completedAt: input.at,
      lastErrorClass: input.errorClass,
      lastErrorMessage: clip(input.message),
    },
  }));
}
