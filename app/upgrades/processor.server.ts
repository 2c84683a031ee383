/**
 * The upgrade processor (JOB-1..6, RUN-5, CONN-6): one run of a BullMQ job is one try at
 * changing the shopper's subscription at the provider.
 *
 * 1. Load the upgrade, its acceptance and the shop's provider connection (the token is
 *    decrypted in memory only).
 * 2. Find the subscription and re-read it: a change that is already there is recorded as
 *    "already_applied" and nothing is sent (JOB-6).
 * 3. "Apply at end of cycle" waits for the next charge date (JOB-4).
 * 4. Apply, saving the provider-side progress after every step (PRV-3, JOB-6).
 * 5. A failure is classified by upgrade-retry-policy.ts; the database row is updated
 *    before the job moves on in Redis (JOB-5).
 */
import { DelayedError, UnrecoverableError, type Job, type Processor } from "bullmq";
import { z } from "zod";
import { logger as rootLogger, type Logger } from "~/logger.server";
import { loadProviderCredentials, markConnectionNeedsRetest } from "~/upgrades/connection/provider-connection.server";
import { scrub } from "~/providers/http.server";
import { DONE_STEP } from "~/providers/change";
import {
  PROVIDER_LABELS,
  ProviderNameSchema,
  ProviderRateLimitedError,
  UpgradeProgressSchema,
  createProviderAdapter,
  describeInterval,
  isProviderError,
  type ProviderName,
  type ProviderSubscription,
  type RateLimiter,
  type RateLimitRule,
  type UpgradeProgress,
} from "~/providers/index.server";
import { recordPostscriptUpgradeFailed, recordPostscriptUpgradeSucceeded } from "~/integrations/postscript/app-events.server";
import { DecryptionError } from "~/security/encryption.server";
import { withDbRetry } from "../lib/db-retry.server";
import { shopScopedLimiter } from "./provider-limiter.server";
import { NoProviderConnectionError, UnreadableTokenError, UpgradeRetryError } from "./errors";
import { findInput, parseStoredUpgradeRequest, targetFromOffer } from "./request";
import { MAX_UPGRADE_ATTEMPTS, RETRY_OFFSETS_MS, SCHEDULE_TOLERANCE_MS, decideAfterFailure, endOfCycleRunAt } from "./retry-policy";
import {
  closeAttempt,
  firstFailureAt,
  loadOfferTriggers,
  loadUpgradeForJob,
  markFailed,
  markRunning,
  markScheduled,
  markSucceeded,
  markWaiting,
  openAttempt,
  rateLimitWaits,
  saveProgress,
  type UpgradeForJob,
  type UpgradeStatus,
} from "./state.server";

export const UpgradeJobDataSchema = z.object({
  upgradeJobId: z.string().min(1),
  acceptanceId: z.string().min(1),
  outboxId: z.string().optional(),
});
export type UpgradeJobData = z.infer<typeof UpgradeJobDataSchema>;
export type UpgradeJobResult = { outcome: "succeeded" | "already_applied" } | { skipped: string };

export interface UpgradeProcessorDeps {
  /** Shared by every worker process (provider-limiter.server.ts); scoped per shop here. */
  limiter: RateLimiter;
  /** UPGRADE_RETRY_SCALE: multiplies the 1 h / 24 h retry offsets. */
  retryScale: number;
  timeoutMs?: number;
  baseUrlFor?: (provider: ProviderName) => string | undefined;
  /** Overrides the documented provider buckets (simulators run faster in the bench). */
  rateLimitFor?: (provider: ProviderName) => RateLimitRule | undefined;
  now?: () => number;
  fetch?: typeof fetch;
  logger?: Logger;
}

interface Run {
  upgrade: UpgradeForJob;
  job: Job<UpgradeJobData>;
  token: string | undefined;
  attempt: number;
  maxAttempts: number;
  startedAt: Date;
  /** Start of this attempt budget: a manual retry is a new BullMQ job. */
  budgetStart: Date;
  statusBefore: string;
  openRowId: string | null;
  resumed: boolean;
  /** The provider subscription, once found. */
  subscriptionId: string | null;
  secrets: string[];
  log: Logger;
}

function parseProgress(json: string): UpgradeProgress | undefined {
  try {
    const parsed = UpgradeProgressSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The shop's provider token. An upgrade accepted while no provider was connected (the
 * runtime records provider "none") uses whatever the shop has connected since.
 */
async function readCredentials(upgrade: UpgradeForJob): Promise<{ provider: ProviderName; token: string }> {
  const wanted = ProviderNameSchema.safeParse(upgrade.provider);
  let credentials;
  try {
    credentials = await withDbRetry(() => loadProviderCredentials(upgrade.shopId));
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    throw new UnreadableTokenError(
      "The saved API token can no longer be read (Uplift's encryption key changed). Paste the token again in Settings › Subscription Upgrades, test it and save.",
    );
  }
  if (!credentials) {
    const label = wanted.success ? PROVIDER_LABELS[wanted.data] : "your subscription provider";
    throw new NoProviderConnectionError(`No subscription provider is connected. Connect ${label} in Settings › Subscription Upgrades.`);
  }
  if (wanted.success && credentials.provider !== wanted.data) {
    throw new NoProviderConnectionError(
      `This upgrade was accepted while the shop used ${PROVIDER_LABELS[wanted.data]}, but the shop is now connected to ${PROVIDER_LABELS[credentials.provider]}.`,
    );
  }
  return { provider: credentials.provider, token: credentials.token };
}

function describeApplied(provider: ProviderName, sub: ProviderSubscription): string {
  return `${PROVIDER_LABELS[provider]} subscription ${sub.id} already shows the change (${describeInterval(sub.interval)}; variant ${sub.variantId} × ${sub.quantity}); nothing was sent`;
}

/** Secret-free facts about a provider's answer: status, error code, our request id. */
function providerSummaryOf(error: unknown): string | null {
  if (!isProviderError(error)) return null;
  return [error.status ? `HTTP ${error.status}` : null, error.code, error.requestId ? `request ${error.requestId}` : null].filter(Boolean).join(" · ");
}

function waitingStatus(before: string, attempt: number): UpgradeStatus {
  if (before === "queued" || before === "scheduled" || before === "retrying") return before;
  return attempt > 1 ? "retrying" : "queued";
}

export function createUpgradeProcessor(deps: UpgradeProcessorDeps): Processor<UpgradeJobData, UpgradeJobResult> {
  const now = deps.now ?? Date.now;
  const baseLogger = deps.logger ?? rootLogger;

  async function attemptUpgrade(run: Run): Promise<UpgradeJobResult> {
    const { upgrade } = run;
    const credentials = await readCredentials(upgrade);
    const provider = credentials.provider;
    run.secrets.push(credentials.token);
    const { change, target } = parseStoredUpgradeRequest(upgrade.request);
    // The runtime stores the order's subscription line; older rows only the change.
    const lookup = findInput({
      orderId: upgrade.orderId,
      customerId: upgrade.customerId,
      target: target ?? targetFromOffer(change, await loadOfferTriggers(upgrade.acceptanceId)),
    });
    // After a swap went through, Skio and Loop show the line under the replacement
    // variant: a retry must look for it there too (audit High 1).
    if (change.type !== "frequency" && change.replacement) lookup.replacementVariantId = change.replacement.variantId;
    const adapter = createProviderAdapter({
      provider,
      token: credentials.token,
      shopDomain: upgrade.shop.domain,
      baseUrl: deps.baseUrlFor?.(provider),
      timeoutMs: deps.timeoutMs,
      fetch: deps.fetch,
      // Before its first request a job may step aside for other shops; once started, it finishes.
      limiter: shopScopedLimiter(deps.limiter, upgrade.shop.domain),
      rateLimit: deps.rateLimitFor?.(provider),
      logger: run.log,
      now: () => new Date(now()),
    });

    // JOB-6: read the subscription as it stands now; never repeat a change that is there.
    const subscription = await adapter.findSubscriptionForOrder(lookup);
    run.subscriptionId = subscription.id;
    const progress = parseProgress(upgrade.progress);
    if (adapter.isChangeApplied(subscription, change, progress)) {
      const row = await openAttempt(upgrade.id, run.attempt, run.startedAt, { mayBeResuming: run.statusBefore === "running" });
      await closeAttempt(upgrade.id, row.id, { number: run.attempt, startedAt: run.startedAt, endedAt: new Date(now()) }, {
        outcome: "already_applied",
        providerSummary: describeApplied(provider, subscription),
      });
      await markSucceeded(upgrade.id, { attemptsUsed: run.attempt, providerSubscriptionId: subscription.id, at: new Date(now()) });
      await recordPostscriptUpgradeSucceeded({ upgradeJobId: upgrade.id, change, after: subscription }); // PS-2; never throws
      run.log.info("upgrade already applied; nothing sent", { outcome: "already_applied" });
      return { outcome: "already_applied" };
    }

    // JOB-4: wait for the end of the current cycle (re-checked on wake-up: the date may move).
    if (change.applyAtEndOfCycle) {
      const runAt = endOfCycleRunAt(subscription.nextChargeDate);
      if (runAt !== null && subscription.nextChargeDate && runAt - now() > SCHEDULE_TOLERANCE_MS) {
        await markScheduled(upgrade.id, { attemptsUsed: run.attempt - 1, date: subscription.nextChargeDate, runAt: new Date(runAt), providerSubscriptionId: subscription.id });
        run.log.info("upgrade scheduled for the end of the cycle", { nextChargeDate: subscription.nextChargeDate });
        await run.job.moveToDelayed(runAt, run.token);
        throw new DelayedError();
      }
    }

    const row = await openAttempt(upgrade.id, run.attempt, run.startedAt, { mayBeResuming: run.statusBefore === "running" });
    run.openRowId = row.id;
    run.resumed = row.resumed;
    const result = await adapter.applyUpgrade({
      subscription,
      change,
      progress,
      // Each finished step is saved before the next one starts (PRV-3, JOB-6); the last
      // one ("done") is saved together with the success below.
      onProgress: (p) => (p.completedSteps.includes(DONE_STEP) ? undefined : saveProgress(upgrade.id, p)),
    });
    const endedAt = new Date(now());
    await closeAttempt(upgrade.id, row.id, { number: run.attempt, startedAt: run.startedAt, endedAt }, {
      outcome: "succeeded",
      providerSummary: row.resumed ? `${result.summary} (resumed after a worker stopped mid-attempt)` : result.summary,
    });
    await markSucceeded(upgrade.id, { attemptsUsed: run.attempt, providerSubscriptionId: result.subscription.id, at: endedAt, progress: result.progress });
    await recordPostscriptUpgradeSucceeded({ upgradeJobId: upgrade.id, change, before: subscription, after: result.subscription }); // PS-2; never throws
    run.log.info("upgrade applied", { outcome: "succeeded", durationMs: endedAt.getTime() - run.startedAt.getTime() });
    return { outcome: "succeeded" };
  }

  /** Records the failure, then hands BullMQ the matching signal. Always throws. */
  async function handleFailure(run: Run, error: unknown): Promise<never> {
    const { upgrade } = run;
    const endedAt = new Date(now());
    const first =
      run.attempt === 1
        ? endedAt.getTime()
        : ((await firstFailureAt(upgrade.id, run.budgetStart))?.getTime() ?? endedAt.getTime() - RETRY_OFFSETS_MS[0] * deps.retryScale);
    const waits = error instanceof ProviderRateLimitedError ? await rateLimitWaits(upgrade.id, run.attempt, run.budgetStart) : 0;
    const decision = decideAfterFailure(error, {
      attempt: run.attempt,
      firstFailureAt: first,
      now: endedAt.getTime(),
      scale: deps.retryScale,
      rateLimitWaits: waits,
      maxAttempts: run.maxAttempts,
    });
    const raw = error instanceof Error ? error.message : String(error);
    const message = scrub(raw, run.secrets).slice(0, 1000);
    const timing = { number: run.attempt, startedAt: run.startedAt, endedAt };
    const fields = { outcome: decision.kind, reason: decision.reason, errorClass: decision.errorClass };

    switch (decision.kind) {
      case "defer": {
        // Uplift's own pacing (or a drain mid-change): not an attempt. An attempt row already
        // open stays open; the next run picks it up and finishes that attempt.
        await markWaiting(upgrade.id, {
          status: waitingStatus(run.statusBefore, run.attempt),
          attemptsUsed: run.attempt - 1,
          nextAttemptAt: new Date(decision.at),
          providerSubscriptionId: run.subscriptionId,
        });
        run.log.debug("upgrade deferred by the rate limiter", fields);
        await run.job.moveToDelayed(decision.at, run.token);
        throw new DelayedError();
      }
      case "wait": {
        // JOB-3: a 429 waits for the provider's retry-after and does not use up the attempt.
        await closeAttempt(upgrade.id, run.openRowId, timing, { outcome: "rate_limited", errorClass: decision.errorClass, errorMessage: message, providerSummary: providerSummaryOf(error) });
        await markWaiting(upgrade.id, {
          status: "retrying",
          attemptsUsed: run.attempt - 1,
          nextAttemptAt: new Date(decision.at),
          error: { errorClass: decision.errorClass, message },
          providerSubscriptionId: run.subscriptionId,
        });
        run.log.warn("provider rate-limited the upgrade; waiting", { ...fields, waitMs: decision.at - endedAt.getTime() });
        await run.job.moveToDelayed(decision.at, run.token);
        throw new DelayedError();
      }
      case "retry": {
        await closeAttempt(upgrade.id, run.openRowId, timing, { outcome: "failed", errorClass: decision.errorClass, errorMessage: message, providerSummary: providerSummaryOf(error) });
        await markWaiting(upgrade.id, {
          status: "retrying",
          attemptsUsed: run.attempt,
          nextAttemptAt: new Date(decision.at),
          error: { errorClass: decision.errorClass, message },
          providerSubscriptionId: run.subscriptionId,
        });
        run.log.warn("upgrade attempt failed; will retry", { ...fields, nextAttemptAt: new Date(decision.at).toISOString() });
        throw new UpgradeRetryError(message, Math.max(0, decision.at - now()));
      }
      case "fail": {
        const finalMessage = decision.reason === "no_subscription" ? `No matching subscription: ${message}` : message;
        await closeAttempt(upgrade.id, run.openRowId, timing, { outcome: "failed", errorClass: decision.errorClass, errorMessage: finalMessage, providerSummary: providerSummaryOf(error) });
        await markFailed(upgrade.id, { attemptsUsed: run.attempt, errorClass: decision.errorClass, message: finalMessage, at: endedAt, providerSubscriptionId: run.subscriptionId });
        await recordPostscriptUpgradeFailed({ upgradeJobId: upgrade.id, reason: finalMessage, attempts: run.attempt }); // PS-2; never throws
        // CONN-6: a token that stopped working puts the re-test banner on every admin page.
        if (decision.reason === "auth" || error instanceof UnreadableTokenError) await withDbRetry(() => markConnectionNeedsRetest(upgrade.shopId, message));
        run.log.warn("upgrade failed", fields);
        throw new UnrecoverableError(finalMessage);
      }
    }
  }

  return async (job, token) => {
    const data = UpgradeJobDataSchema.safeParse(job.data);
    if (!data.success) throw new UnrecoverableError(`Malformed upgrade job data (job ${job.id})`);
    const upgrade = await loadUpgradeForJob(data.data.upgradeJobId);
    if (!upgrade || upgrade.acceptanceId !== data.data.acceptanceId) {
      baseLogger.warn("upgrade job without its upgrade row; skipped", { jobId: job.id });
      return { skipped: "missing" };
    }
    // A re-run after a crash that happened once the outcome was already recorded.
    if (upgrade.status === "succeeded" || upgrade.status === "failed") return { skipped: upgrade.status };

    const attempt = job.attemptsMade + 1;
    const run: Run = {
      upgrade,
      job,
      token,
      attempt,
      maxAttempts: Math.min(MAX_UPGRADE_ATTEMPTS, job.opts.attempts ?? 1),
      startedAt: new Date(now()),
      budgetStart: new Date(job.timestamp),
      statusBefore: upgrade.status,
      openRowId: null,
      resumed: false,
      subscriptionId: null,
      secrets: [],
      log: baseLogger.child({ shop: upgrade.shop.domain, upgradeId: upgrade.id, provider: upgrade.provider, attempt }),
    };
    await markRunning(upgrade.id, attempt);
    try {
      return await attemptUpgrade(run);
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      return handleFailure(run, error);
    }
  };
}

/**
 * BullMQ's settings.backoffStrategy for "upgrade-schedule": the processor already worked
 * out when the next attempt runs (UpgradeRetryError.delayMs). Anything else that escaped
 * it (the database was down) falls back to the plain offsets.
 */
export function upgradeBackoffStrategy(retryScale: number) {
  return (attemptsMade: number, _type?: string, error?: Error): number => {
    if (error instanceof UpgradeRetryError) return error.delayMs;
    const offset = RETRY_OFFSETS_MS[Math.min(Math.max(attemptsMade, 1), RETRY_OFFSETS_MS.length) - 1];
    return Math.round(offset * retryScale);
  };
}
