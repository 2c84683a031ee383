/**
 * RUN-10's safety net: Shopify sends orders/edited after applying a changeset, even
 * when the shopper's page died before telling us. The app reads the order back and
 * looks for the one changeset it signed that this edit applied (order-edit-match). A
 * match not yet recorded is accepted now (via "webhook"); one the page already
 * confirmed learns its order id, which the upgrade worker needs.
 *
 * Exactly once: the matched changeset is claimed with the edit's own id (unique per
 * shop), so a redelivery — normal, Shopify delivers at least once — finds its claim and
 * changes nothing, and a changeset claimed by one edit is never matched by another.
 * A changeset the page reported declined or failed is never matched.
 *
 * Most order edits are not ours: when no signed changeset is waiting, nothing is read.
 */
import prisma from "~/db.server";
import { logger } from "~/logger.server";
import { isUniqueViolation } from "../../lib/prisma-errors.server";
import { linkOrder, recordAcceptedChangeset } from "./acceptances.server";
import type { ReadEditedOrder } from "./edited-order.server";
import { matchOrderEdit, samePurchaseOnly, CLOCK_SKEW_MS, type Candidate, type OrderEdit } from "./order-edit-match.server";
import { loadShopRuntime, type ShopRuntime } from "./shop-runtime.server";

export type { OrderEdit } from "./order-edit-match.server";

/** How long after signing a changeset its order edit is still expected. */
export const RECONCILE_WINDOW_MS = 7 * 24 * 3600_000;

export type ReconcileOutcome =
  | "ignored"
  | "no_candidates"
  | "order_unreadable"
  | "unmatched"
  | "ambiguous"
  | "recorded"
  | "linked"
  | "already_linked"
  | "duplicate_delivery";

const include = { acceptance: { select: { id: true, orderId: true } } } as const;

/** Signed changesets this edit could have applied: unclaimed, not declined or failed, of this purchase. */
async function candidatesFor(shopId: string, edit: OrderEdit): Promise<Candidate[]> {
  const rows = await prisma.signedChangeset.findMany({
    where: {
      shopId,
      orderEditId: null,
      createdAt: { gte: new Date(edit.committedAt.getTime() - RECONCILE_WINDOW_MS), lte: new Date(edit.committedAt.getTime() + CLOCK_SKEW_MS) },
      OR: [{ appliedAt: null }, { acceptance: { is: { orderId: null } } }],
    },
    include,
    orderBy: { createdAt: "desc" },
    take: 500,
  });
  if (rows.length === 0) return rows;
  const referenceIds = [...new Set(rows.map((r) => r.referenceId))];
  const [refused, links] = await Promise.all([
    prisma.offerEvent.findMany({ where: { shopId, type: "declined", referenceId: { in: referenceIds } }, select: { referenceId: true, offerKey: true } }),
    prisma.acceptance.findMany({
      where: { shopId, OR: [{ orderId: String(edit.orderId) }, { referenceId: { in: referenceIds }, orderId: { not: null } }] },
      select: { referenceId: true, orderId: true },
    }),
  ]);
  const refusedKeys = new Set(refused.map((e) => `${e.referenceId}|${e.offerKey}`));
  const open = rows.filter((r) => !r.offerId || !refusedKeys.has(`${r.referenceId}|${r.offerId}`));
  return samePurchaseOnly(open, String(edit.orderId), links);
}

/** Records (or links) the acceptance of a changeset this edit claimed; safe to run again. */
async function settle(shop: ShopRuntime, claimed: Candidate, order: { orderId: string; orderName: string | null; customerName: string | null }): Promise<ReconcileOutcome> {
  if (claimed.acceptance) {
    if (claimed.acceptance.orderId) return "already_linked";
    await linkOrder(claimed.acceptance.id, { orderId: order.orderId, orderName: order.orderName, customerName: order.customerName });
    logger.info("orders/edited confirmed a page-recorded acceptance", { shop: shop.domain, acceptanceId: claimed.acceptance.id });
    return "linked";
  }
  const record = await recordAcceptedChangeset({ shop, signed: claimed, via: "webhook", orderId: order.orderId, orderName: order.orderName, customerName: order.customerName });
  logger.info("orders/edited recorded an acceptance the page never confirmed", { shop: shop.domain, acceptanceId: record.acceptanceId, created: record.created });
  return record.created ? "recorded" : "linked";
}

/** Claims `candidate` for this edit; false when another delivery or edit got there first. */
async function claim(candidate: Candidate, edit: OrderEdit): Promise<boolean> {
  try {
    const { count } = await prisma.signedChangeset.updateMany({ where: { id: candidate.id, orderEditId: null }, data: { orderEditId: edit.id } });
    return count === 1;
  } catch (error) {
    // The same edit, delivered twice at once, claimed another row first.
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function reconcileOrderEdit(input: { shopDomain: string; edit: OrderEdit; readOrder: ReadEditedOrder | null; webhookId?: string }): Promise<ReconcileOutcome> {
  const { shopDomain, edit } = input;
  const log = { shop: shopDomain, orderId: edit.orderId, orderEditId: edit.id, webhookId: input.webhookId };
  if (edit.additions.length === 0) return "ignored";
  const shop = await loadShopRuntime(shopDomain);
  if (!shop) return "ignored";

  const earlier = await prisma.signedChangeset.findUnique({ where: { shopId_orderEditId: { shopId: shop.id, orderEditId: edit.id } }, include });
  // A redelivery: finish what the first delivery may not have (it could have died after claiming).
  if (earlier?.acceptance?.orderId) return "duplicate_delivery";
  if (earlier) return settle(shop, earlier, { orderId: String(edit.orderId), orderName: null, customerName: null });

  const candidates = await candidatesFor(shop.id, edit);
  if (candidates.length === 0) return "no_candidates";
  if (!input.readOrder) {
    logger.warn("orders/edited: no offline session to read the order; changesets stay unconfirmed", log);
    return "order_unreadable";
  }
  const order = await input.readOrder(edit.orderId);
  if (!order) return "order_unreadable";

  const match = matchOrderEdit(candidates, order, edit);
  if (match.kind === "ambiguous") {
    logger.warn("orders/edited fits several signed changesets; none is recorded (the page's confirmation still is)", { ...log, candidateIds: match.candidateIds });
    return "ambiguous";
  }
  if (match.kind === "unmatched") return "unmatched";
  if (!(await claim(match.candidate, edit))) return "duplicate_delivery";
  return settle(shop, match.candidate, order);
}
