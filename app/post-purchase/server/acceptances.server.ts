/**
 * Recording what the shopper decided. An applied changeset becomes, in ONE transaction:
 * the SignedChangeset marked applied, the Acceptance (unique per shop, purchase and
 * offer: RUN-8), and for a subscription upgrade the UpgradeJob plus its outbox row
 * (RUN-2 step 2, JOB-1). Whoever comes second — the page's confirmation or the order
 * webhook (RUN-10) — meets the unique constraint and gets the first one's acceptance.
 */
import type { SignedChangeset } from "@prisma/client";
import prisma from "~/db.server";
import { env } from "~/env.server";
import { dispatchSoon } from "~/jobs/outbox.server";
import { recordAcceptanceEvents } from "~/integrations/postscript/app-events.server";
import { dispatchPostscriptSoon } from "~/integrations/postscript/record-event.server";
import { logger } from "~/logger.server";
import { withDbRetry } from "../../lib/db-retry.server";
import { isUniqueViolation } from "../../lib/prisma-errors.server";
import type { ShopRuntime } from "./shop-runtime.server";
import { parseSnapshot } from "./snapshot-columns.server";
import { enqueueUpgrade, linkUpgradeOrder } from "~/upgrades/enqueue.server";

/**
 * Prisma's defaults (2 s to start, 5 s to finish) turn a queue of parallel accepts — a
 * page retrying, two tabs — into errors; an accept waits its turn instead (RUN-8).
 */
const ACCEPT_TRANSACTION = { maxWait: 15_000, timeout: 15_000 };

export interface AcceptanceRecord {
  shopId: string;
  acceptanceId: string;
  upgradeJobId: string | null;
  /** The outbox row to dispatch; null when nothing is to be queued. */
  outboxKey: string | null;
  /** Whether Postscript events were recorded with it (dispatched after the commit). */
  postscriptRecorded: boolean;
  created: boolean;
}

export interface AcceptInput {
  shop: Pick<ShopRuntime, "id" | "domain" | "state">;
  signed: SignedChangeset;
  via: "client" | "webhook";
  /** Known only from the order webhook: the page never learns the order id. */
  orderId?: string | null;
  orderName?: string | null;
  customerName?: string | null;
  now?: Date;
}

/**
 * After the commit: hand the acceptance's queued work to Redis without making the
 * shopper wait (JOB-1). Should Redis be down, the worker's dispatcher picks the rows up.
 */
export function afterAcceptanceCommitted(record: AcceptanceRecord): void {
  if (record.outboxKey) dispatchSoon({ dedupeKey: record.outboxKey });
  if (record.postscriptRecorded) dispatchPostscriptSoon();
}

/** The offer's stable key: its id, kept in the snapshot when the offer row is deleted later. */
function offerKeyOf(signed: SignedChangeset): string {
  return signed.offerId ?? parseSnapshot(signed).offer.id;
}

async function existingAcceptance(input: AcceptInput): Promise<AcceptanceRecord> {
  const { signed } = input;
  const acceptance = await prisma.acceptance.findUniqueOrThrow({
    where: { shopId_referenceId_offerKey: { shopId: signed.shopId, referenceId: signed.referenceId, offerKey: offerKeyOf(signed) } },
    include: { upgradeJob: { select: { id: true } } },
  });
  if (input.orderId) await linkOrder(acceptance.id, { orderId: input.orderId, orderName: input.orderName ?? null, customerName: input.customerName ?? null });
  return { shopId: signed.shopId, acceptanceId: acceptance.id, upgradeJobId: acceptance.upgradeJob?.id ?? null, outboxKey: null, postscriptRecorded: false, created: false };
}

/** The order webhook tells which order a page-confirmed acceptance belongs to; the worker needs it. */
export async function linkOrder(
  acceptanceId: string,
  order: { orderId: string; orderName: string | null; customerName: string | null },
): Promise<void> {
  const { orderId, orderName, customerName } = order;
  await prisma.$transaction(async (tx) => {
    await tx.acceptance.updateMany({ where: { id: acceptanceId, orderId: null }, data: { orderId } });
    await linkUpgradeOrder(tx, { acceptanceId, orderId, orderName, customerName });
  });
}

export async function recordAcceptedChangeset(input: AcceptInput): Promise<AcceptanceRecord> {
  const { signed, shop } = input;
  const now = input.now ?? new Date();
  const snapshot = parseSnapshot(signed);
  const offerKey = offerKeyOf(signed);
  try {
    // Idempotent (conditional update, unique constraints), so a locked SQLite is simply retried.
    const record = await withDbRetry(() => prisma.$transaction(async (tx) => {
      await tx.signedChangeset.updateMany({ where: { id: signed.id, appliedAt: null }, data: { appliedAt: now, appliedVia: input.via } });
      const acceptance = await tx.acceptance.create({
        data: {
          shopId: signed.shopId,
          referenceId: signed.referenceId,
          orderId: input.orderId ?? null,
          customerId: snapshot.customerId,
          funnelId: snapshot.funnelId,
          offerId: signed.offerId,
          offerKey,
          kind: snapshot.kind,
          chosenOption: snapshot.choice.option,
          sellingPlanId: snapshot.choice.sellingPlanId,
          signedChangesetId: signed.id,
          amountMinor: signed.amountMinor,
          currency: signed.currency,
          // RUN-13: the consent travels with the signed changeset, so the webhook path stores it too.
          consentedAt: snapshot.consent ? new Date(snapshot.consent.at) : null,
          consentedTerms: snapshot.consent?.terms ?? null,
        },
      });
      const upgrade =
        snapshot.kind === "subscription_upgrade"
          ? await enqueueUpgrade(tx, {
              shopId: signed.shopId,
              acceptanceId: acceptance.id,
              provider: shop.state.provider,
              offer: snapshot.offer,
              initialLines: snapshot.initialLines,
              orderId: input.orderId ?? null,
              orderName: input.orderName ?? null,
              customerId: snapshot.customerId,
              customerName: input.customerName ?? null,
              now,
              firstAttemptDelayMs: env().UPGRADE_FIRST_ATTEMPT_DELAY_MS,
            })
          : null;
      if (upgrade?.failure) logger.warn("upgrade accepted but cannot be queued", { shop: shop.domain, upgradeId: upgrade.upgradeJobId, reason: upgrade.failure.class });
      // PS-2: the events commit with the acceptance, or not at all.
      const events = await recordAcceptanceEvents(tx, {
        shopId: signed.shopId,
        acceptanceId: acceptance.id,
        orderId: acceptance.orderId,
        customerId: acceptance.customerId,
        amountMinor: acceptance.amountMinor,
        currency: acceptance.currency,
        occurredAt: acceptance.createdAt,
        kind: snapshot.kind,
        chosenOption: snapshot.choice.option,
        sellingPlanId: snapshot.choice.sellingPlanId,
        offer: snapshot.offer,
        initialLines: snapshot.initialLines,
        upgrade: upgrade ? { provider: shop.state.provider ?? "none", failureMessage: upgrade.failure?.message ?? null } : null,
      });
      return {
        shopId: signed.shopId,
        acceptanceId: acceptance.id,
        upgradeJobId: upgrade?.upgradeJobId ?? null,
        outboxKey: upgrade?.outboxKey ?? null,
        postscriptRecorded: events.some((e) => e.status === "recorded"),
        created: true,
      };
    }, ACCEPT_TRANSACTION));
    logger.info("offer accepted", { shop: shop.domain, acceptanceId: record.acceptanceId, upgradeId: record.upgradeJobId, via: input.via });
    afterAcceptanceCommitted(record);
    return record;
  } catch (error) {
    if (isUniqueViolation(error)) return existingAcceptance(input);
    throw error;
  }
}

/** A decline (or a changeset Shopify refused): the flow moves on to the downsell. Idempotent. */
export async function recordDeclined(input: { shopId: string; referenceId: string; offerId: string; customerId: string | null }): Promise<void> {
  try {
    await prisma.offerEvent.create({
      data: { shopId: input.shopId, referenceId: input.referenceId, offerId: input.offerId, offerKey: input.offerId, type: "declined", customerId: input.customerId },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}
