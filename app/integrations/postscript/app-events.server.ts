/**
 * Where the app's moments become Postscript events (PS-2). The runtime and the upgrade
 * worker call these at their natural points with one line each:
 *
 * - an upgrade offer is shown            → uplift_upgrade_offered   (runtime, offer.server)
 * - an acceptance is committed           → uplift_upgrade_accepted / uplift_upsell_subscription_accepted
 *                                          (+ uplift_upgrade_failed when it could not even be queued)
 * - the provider call succeeded          → uplift_subscription_upgraded (worker)
 * - the last attempt failed              → uplift_upgrade_failed (worker)
 *
 * PS-4: none of them throws or makes the caller wait on Postscript. The shopper-facing
 * ones do not even wait on the database: they run after the caller's commit and only log
 * a failure.
 */
import { createHash } from "node:crypto";
import prisma from "~/db.server";
import type { OfferDefinition, OrderContext } from "~/domain/funnel-schemas";
import { logger } from "~/logger.server";
import type { ProviderSubscription, UpgradeChange } from "~/providers/types";
import type { ChangesetSnapshot } from "~/post-purchase/server/sign-changeset.server";
import type { EventFacts } from "./event-builders";
import { upgradeOfferFacts, upsellOfferFacts } from "./offer-facts";
import { recordPostscriptEvent, type RecordResult } from "./record-event.server";

function readSnapshot(json: string | null | undefined): ChangesetSnapshot | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as ChangesetSnapshot;
    return value && value.offer && Array.isArray(value.offer.items) ? value : null;
  } catch {
    return null;
  }
}

/** A stable, id-safe key for facts without a row id of their own (an impression). */
function hashKey(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);
}

function logFailure(what: string, fields: Record<string, unknown>) {
  return (error: unknown) => logger.error(`postscript ${what} event not recorded`, { ...fields, error });
}

/** Runtime, after the "shown" OfferEvent: records "upgrade offered" for an upgrade offer. */
export function notifyPostscriptOfferShown(input: { shopId: string; referenceId: string; offer: OfferDefinition; order: OrderContext }): void {
  if (input.offer.kind !== "subscription_upgrade") return;
  const run = async () =>
    recordPostscriptEvent(prisma, {
      shopId: input.shopId,
      type: "uplift_upgrade_offered",
      key: hashKey(input.referenceId, input.offer.id),
      customer: { id: input.order.customerId ?? null },
      properties: upgradeOfferFacts(input.offer, input.order.lineItems),
    });
  void run().catch(logFailure("offered", { shopId: input.shopId, offerId: input.offer.id }));
}

/** Runtime, from afterAcceptanceCommitted: records the acceptance's events without waiting. */
export function notifyPostscriptAcceptance(record: { shopId: string; acceptanceId: string; created: boolean }): void {
  if (!record.created) return;
  void recordAcceptanceEvents(record.acceptanceId).catch(logFailure("acceptance", { shopId: record.shopId, acceptanceId: record.acceptanceId }));
}

/** The events of one committed acceptance (exported for tests; safe to repeat). */
export async function recordAcceptanceEvents(acceptanceId: string): Promise<RecordResult[]> {
  const acceptance = await prisma.acceptance.findUnique({
    where: { id: acceptanceId },
    include: { signedChangeset: { select: { snapshot: true } }, upgradeJob: { select: { status: true, provider: true, lastErrorMessage: true } } },
  });
  if (!acceptance) return [];
  const snapshot = readSnapshot(acceptance.signedChangeset?.snapshot);
  const base: EventFacts = { orderId: acceptance.orderId, amount: { amountMinor: acceptance.amountMinor, currency: acceptance.currency } };
  const common = { shopId: acceptance.shopId, key: acceptance.id, customer: { id: acceptance.customerId }, occurredAt: acceptance.createdAt };
  const results: RecordResult[] = [];

  if (acceptance.kind === "subscription_upgrade") {
    const offerFacts = snapshot ? upgradeOfferFacts(snapshot.offer, snapshot.initialLines ?? []) : {};
    const facts = { ...offerFacts, ...base, provider: acceptance.upgradeJob?.provider ?? null };
    results.push(await recordPostscriptEvent(prisma, { ...common, type: "uplift_upgrade_accepted", properties: facts }));
    // RUN-5: an upgrade that could not even be queued is final at once; no worker will report it.
    if (acceptance.upgradeJob?.status === "failed") {
      results.push(
        await recordPostscriptEvent(prisma, {
          ...common,
          type: "uplift_upgrade_failed",
          properties: { ...facts, failureReason: acceptance.upgradeJob.lastErrorMessage ?? "The upgrade could not be queued", attempts: 0 },
        }),
      );
    }
  } else if (acceptance.chosenOption === "subscription") {
    const offerFacts = snapshot ? upsellOfferFacts(snapshot.offer, acceptance.sellingPlanId ?? snapshot.choice?.sellingPlanId ?? null) : {};
    results.push(await recordPostscriptEvent(prisma, { ...common, type: "uplift_upsell_subscription_accepted", properties: { ...offerFacts, ...base } }));
  }
  return results;
}

async function upgradeContext(upgradeJobId: string) {
  const upgrade = await prisma.upgradeJob.findUnique({
    where: { id: upgradeJobId },
    include: {
      acceptance: { select: { id: true, orderId: true, customerId: true, signedChangeset: { select: { snapshot: true } } } },
      // One read answers "does this shop use Postscript at all?" for the many that do not.
      shop: { select: { postscriptConnection: { select: { enabled: true } } } },
    },
  });
  if (!upgrade?.shop.postscriptConnection?.enabled) return null;
  const snapshot = readSnapshot(upgrade.acceptance.signedChangeset?.snapshot);
  const offerFacts = snapshot ? upgradeOfferFacts(snapshot.offer, snapshot.initialLines ?? []) : {};
  return {
    upgrade,
    facts: { ...offerFacts, orderId: upgrade.orderId ?? upgrade.acceptance.orderId, provider: upgrade.provider } satisfies EventFacts,
    common: { shopId: upgrade.shopId, key: upgrade.acceptanceId, customer: { id: upgrade.customerId ?? upgrade.acceptance.customerId } },
  };
}

/**
 * Worker, after the provider change succeeded (or was found already applied): records
 * "subscription upgraded" with the subscription as the provider now shows it.
 */
export async function recordPostscriptUpgradeSucceeded(input: {
  upgradeJobId: string;
  change?: UpgradeChange | null;
  before?: ProviderSubscription | null;
  after?: ProviderSubscription | null;
}): Promise<void> {
  try {
    const context = await upgradeContext(input.upgradeJobId);
    if (!context) return;
    const facts: EventFacts = {
      ...context.facts,
      upgradeType: input.change?.type ?? context.facts.upgradeType,
      oldInterval: input.before?.interval ?? context.facts.oldInterval,
      newInterval: input.after?.interval ?? input.change?.interval ?? context.facts.newInterval,
      discount: input.change?.discount ?? context.facts.discount,
      nextChargeDate: input.after?.nextChargeDate ?? null,
    };
    await recordPostscriptEvent(prisma, { ...context.common, type: "uplift_subscription_upgraded", properties: facts });
  } catch (error) {
    logFailure("upgraded", { upgradeId: input.upgradeJobId })(error);
  }
}

/** Worker, after the last attempt failed: records "upgrade failed" with the reason. */
export async function recordPostscriptUpgradeFailed(input: { upgradeJobId: string; reason: string; attempts: number }): Promise<void> {
  try {
    const context = await upgradeContext(input.upgradeJobId);
    if (!context) return;
    await recordPostscriptEvent(prisma, {
      ...context.common,
      type: "uplift_upgrade_failed",
      properties: { ...context.facts, failureReason: input.reason, attempts: input.attempts },
    });
  } catch (error) {
    logFailure("failed", { upgradeId: input.upgradeJobId })(error);
  }
}
