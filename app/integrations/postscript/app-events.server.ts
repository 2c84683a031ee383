/**
 * Where the app's moments become Postscript events (PS-2). The runtime and the upgrade
 * worker call these at their natural points with one line each:
 *
 * - an upgrade offer is shown            → uplift_upgrade_offered   (runtime, offer.server)
 * - an acceptance is recorded            → uplift_upgrade_accepted / uplift_upsell_subscription_accepted
 *                                          (+ uplift_upgrade_failed when it could not even be queued),
 *                                          inside the acceptance's transaction
 * - the provider call succeeded          → uplift_subscription_upgraded (worker)
 * - the last attempt failed              → uplift_upgrade_failed (worker)
 *
 * PS-4: none of them throws for a reason of its own or makes the caller wait on
 * Postscript: they only write a delivery row and its outbox entry.
 */
import { createHash } from "node:crypto";
import prisma from "~/db.server";
import type { OfferDefinition, OrderContext, OrderLine } from "~/domain/funnel-schemas";
import { ChangesetSnapshotSchema } from "~/domain/changeset-snapshot";
import { defineJsonColumn } from "~/lib/json-column";
import { logger } from "~/logger.server";
import type { ProviderSubscription, UpgradeChange } from "~/providers/types";
import type { EventFacts } from "./event-builders";
import { upgradeOfferFacts, upsellOfferFacts } from "./offer-facts";
import { recordPostscriptEvent, type RecordDb, type RecordResult } from "./record-event.server";

/** Read-only view of SignedChangeset.snapshot (owned by post-purchase), through the same schema. */
const snapshotColumn = defineJsonColumn("SignedChangeset.snapshot", ChangesetSnapshotSchema);

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

/** What an acceptance's events say, handed over by the acceptance itself (nothing is read back). */
export interface AcceptanceFacts {
  shopId: string;
  acceptanceId: string;
  orderId: string | null;
  customerId: string | null;
  amountMinor: number;
  currency: string;
  occurredAt: Date;
  kind: OfferDefinition["kind"];
  chosenOption: "one_time" | "subscription";
  sellingPlanId: string | null;
  /** The offer and the purchase's lines as signed. */
  offer: OfferDefinition;
  initialLines: OrderLine[];
  /** For an upgrade: its provider, and whether it already failed at acceptance (RUN-5). */
  upgrade: { provider: string; failureMessage: string | null } | null;
}

/**
 * PS-2: the events of one acceptance, written in the acceptance's own transaction — so
 * a crash after the commit cannot lose them, and a rolled-back acceptance leaves none.
 * Returns whether anything was recorded (the caller dispatches after its commit).
 */
export async function recordAcceptanceEvents(tx: RecordDb, facts: AcceptanceFacts): Promise<RecordResult[]> {
  const base: EventFacts = { orderId: facts.orderId, amount: { amountMinor: facts.amountMinor, currency: facts.currency } };
  const common = { shopId: facts.shopId, key: facts.acceptanceId, customer: { id: facts.customerId }, occurredAt: facts.occurredAt };
  const results: RecordResult[] = [];

  if (facts.kind === "subscription_upgrade") {
    const eventFacts = { ...upgradeOfferFacts(facts.offer, facts.initialLines), ...base, provider: facts.upgrade?.provider ?? null };
    results.push(await recordPostscriptEvent(tx, { ...common, type: "uplift_upgrade_accepted", properties: eventFacts }));
    // RUN-5: an upgrade that could not even be queued is final at once; no worker will report it.
    if (facts.upgrade?.failureMessage) {
      results.push(
        await recordPostscriptEvent(tx, {
          ...common,
          type: "uplift_upgrade_failed",
          properties: { ...eventFacts, failureReason: facts.upgrade.failureMessage, attempts: 0 },
        }),
      );
    }
  } else if (facts.chosenOption === "subscription") {
    results.push(
      await recordPostscriptEvent(tx, { ...common, type: "uplift_upsell_subscription_accepted", properties: { ...upsellOfferFacts(facts.offer, facts.sellingPlanId), ...base } }),
    );
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
  const stored = snapshotColumn.safeParse(upgrade.acceptance.signedChangeset?.snapshot);
  const snapshot = stored.ok ? stored.value : null;
  const offerFacts = snapshot ? upgradeOfferFacts(snapshot.offer, snapshot.initialLines) : {};
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
