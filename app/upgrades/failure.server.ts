/**
 * What happens after a failed try (JOB-2, JOB-3, JOB-5, CONN-6): the retry policy
 * classifies the error, the database row is updated first, then BullMQ gets the matching
 * signal — a delay that burns no attempt, a counted retry, or the end.
 */
import { DelayedError, UnrecoverableError } from "bullmq";
import { withDbRetry } from "~/lib/db-retry.server";
import { scrub } from "~/providers/http.server";
import { ProviderRateLimitedError, isProviderError } from "~/providers/index.server";
import { notify } from "./attempt.server";
import { markConnectionNeedsRetest } from "./connection/provider-connection.server";
import { UnreadableTokenError, UpgradeRetryError } from "./errors";
import { RETRY_OFFSETS_MS, decideAfterFailure } from "./retry-policy";
import type { Run, UpgradeProcessorDeps } from "./run";
import { closeAttempt, firstFailureAt, markFailed, markWaiting, rateLimitWaits, type UpgradeStatus } from "./state.server";

/** Secret-free facts about a provider's answer: status, error code, our request id. */
function providerSummaryOf(error: unknown): string | null {
  if (!isProviderError(error)) return null;
  return [error.status ? `HTTP ${error.status}` : null, error.code, error.requestId ? `request ${error.requestId}` : null].filter(Boolean).join(" · ");
}

function waitingStatus(before: string, attempt: number): UpgradeStatus {
  if (before === "queued" || before === "scheduled" || before === "retrying") return before;
  return attempt > 1 ? "retrying" : "queued";
}

/** Records the failure, then hands BullMQ the matching signal. Always throws. */
export async function handleFailure(run: Run, error: unknown, deps: UpgradeProcessorDeps): Promise<never> {
  const now = deps.now ?? Date.now;
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
      await notify(deps, { type: "failed", upgradeJobId: upgrade.id, reason: finalMessage, attempts: run.attempt });
      // CONN-6: a token that stopped working puts the re-test banner on every admin page.
      if (decision.reason === "auth" || error instanceof UnreadableTokenError) await withDbRetry(() => markConnectionNeedsRetest(upgrade.shopId, message));
      run.log.warn("upgrade failed", fields);
      throw new UnrecoverableError(finalMessage);
    }
  }
}
