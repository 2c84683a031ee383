/**
 * One try at an upgrade (JOB-1, JOB-4, JOB-6, PRV-3): read the provider credentials,
 * find the shopper's subscription and re-read it — a change already there is recorded as
 * "already_applied" and nothing is sent —, wait for the end of the cycle when asked,
 * then apply, saving the provider-side progress after every step.
 */
import { DelayedError } from "bullmq";
import { withDbRetry } from "~/lib/db-retry.server";
import { logger as rootLogger } from "~/logger.server";
import { DONE_STEP } from "~/providers/change";
import {
  PROVIDER_LABELS,
  ProviderNameSchema,
  UpgradeProgressSchema,
  createProviderAdapter,
  describeInterval,
  type ProviderName,
  type ProviderSubscription,
  type UpgradeProgress,
} from "~/providers/index.server";
import { DecryptionError } from "~/security/encryption.server";
import { loadProviderCredentials } from "./connection/provider-connection.server";
import { NoProviderConnectionError, UnreadableTokenError } from "./errors";
import { shopScopedLimiter } from "./provider-limiter.server";
import { applicableRequest, findInput, parseUpgradeRequest } from "./request";
import { SCHEDULE_TOLERANCE_MS, endOfCycleRunAt } from "./retry-policy";
import type { Run, UpgradeJobResult, UpgradeOutcome, UpgradeProcessorDeps } from "./run";
import { closeAttempt, markScheduled, markSucceeded, openAttempt, saveProgress, type UpgradeForJob } from "./state.server";

/** UpgradeJob.progress; a missing or unreadable one means "nothing done yet" (the re-read decides). */
function parseProgress(json: string): UpgradeProgress | undefined {
  try {
    const parsed = UpgradeProgressSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Tells the listener (Postscript, PS-2); the outcome is recorded already, so a listener's failure is only logged. */
export async function notify(deps: UpgradeProcessorDeps, outcome: UpgradeOutcome): Promise<void> {
  await deps.onOutcome?.(outcome).catch((error: unknown) => (deps.logger ?? rootLogger).error("upgrade outcome listener failed", { upgradeId: outcome.upgradeJobId, error }));
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

export async function attemptUpgrade(run: Run, deps: UpgradeProcessorDeps): Promise<UpgradeJobResult> {
  const now = deps.now ?? Date.now;
  const { upgrade } = run;
  const credentials = await readCredentials(upgrade);
  const provider = credentials.provider;
  run.secrets.push(credentials.token);
  const { change, target } = applicableRequest(parseUpgradeRequest(upgrade.request));
  const lookup = findInput({ orderId: upgrade.orderId, customerId: upgrade.customerId, change, target });
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
    await notify(deps, { type: "succeeded", upgradeJobId: upgrade.id, change, after: subscription });
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
  await notify(deps, { type: "succeeded", upgradeJobId: upgrade.id, change, before: subscription, after: result.subscription });
  run.log.info("upgrade applied", { outcome: "succeeded", durationMs: endedAt.getTime() - run.startedAt.getTime() });
  return { outcome: "succeeded" };
}
