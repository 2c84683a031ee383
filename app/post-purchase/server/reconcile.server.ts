/**
 * RUN-10's safety net: Shopify sends orders/edited after applying a changeset, even
 * when the shopper's page died before telling us. The webhook names the order and the
 * added line item ids only, so the app reads the order and looks for a changeset it
 * signed recently that fits: same customer, the initial purchase's lines still in the
 * order, and exactly the signed variants, quantities and plans among the added lines.
 * A match not yet recorded is accepted now (via "webhook"); one the page already
 * confirmed learns its order id, which the upgrade worker needs.
 *
 * Most order edits are not ours: when no signed changeset is waiting, nothing is read.
 */
import type { SignedChangeset } from "@prisma/client";
import { sameId, tryToGid } from "~/domain/ids";
import prisma from "~/db.server";
import { logger } from "~/logger.server";
import { linkOrder, recordAcceptedChangeset } from "./acceptances.server";
import type { EditedOrder, EditedOrderLine, ReadEditedOrder } from "./edited-order.server";
import { loadShopRuntime } from "./shop-runtime.server";
import { parseChanges, parseSnapshot } from "./snapshot-columns.server";

/** How long after signing a changeset its order edit is still expected. */
export const RECONCILE_WINDOW_MS = 7 * 24 * 3600_000;

export type ReconcileOutcome = "ignored" | "no_candidates" | "order_unreadable" | "unmatched" | "recorded" | "linked" | "already_linked";

export interface OrderEdit {
  orderId: number;
  addedLineItemIds: number[];
}

type Candidate = SignedChangeset & { acceptance: { id: string; orderId: string | null } | null };

const lineKey = (variantId: string | null, quantity: number, sellingPlanId: string | null) =>
  `${tryToGid("ProductVariant", variantId ?? "") ?? "?"}|${quantity}|${sellingPlanId ? tryToGid("SellingPlan", sellingPlanId) : "-"}`;

function sameMultiset(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
}

/** True when `wanted` lines are all in `lines` (each line used once). */
function containsAll(lines: EditedOrderLine[], wanted: Array<{ variantId: string; quantity: number }>): boolean {
  const pool = lines.map((l) => `${l.variantId}|${l.quantity}`);
  return wanted.every((w) => {
    const index = pool.indexOf(`${tryToGid("ProductVariant", w.variantId)}|${w.quantity}`);
    if (index === -1) return false;
    pool.splice(index, 1);
    return true;
  });
}

/** The signed changeset this order edit applied, if one fits (newest first). */
export function matchChangeset(candidates: Candidate[], order: EditedOrder, addedIds: number[]): Candidate | null {
  const added = order.lines.filter((l) => addedIds.includes(l.id));
  const before = order.lines.filter((l) => !addedIds.includes(l.id));
  const addedKeys = added.map((l) => lineKey(l.variantId, l.quantity, l.sellingPlanId));
  for (const candidate of candidates) {
    const snapshot = parseSnapshot(candidate);
    if (snapshot.customerId && order.customerId && !sameId("Customer", snapshot.customerId, order.customerId)) continue;
    if (!containsAll(before, snapshot.initialLines)) continue;
    const changes = parseChanges(candidate);
    const signedKeys = changes.map((c) => lineKey(String(c.variantId), c.quantity, c.type === "add_subscription" ? String(c.sellingPlanId) : null));
    if (sameMultiset(signedKeys, addedKeys)) return candidate;
  }
  return null;
}

export async function reconcileOrderEdit(input: { shopDomain: string; edit: OrderEdit; readOrder: ReadEditedOrder | null; now?: Date }): Promise<ReconcileOutcome> {
  const { shopDomain, edit } = input;
  if (edit.addedLineItemIds.length === 0) return "ignored";
  const shop = await loadShopRuntime(shopDomain);
  if (!shop) return "ignored";
  const since = new Date((input.now ?? new Date()).getTime() - RECONCILE_WINDOW_MS);
  const candidates = await prisma.signedChangeset.findMany({
    where: { shopId: shop.id, createdAt: { gte: since }, OR: [{ appliedAt: null }, { acceptance: { is: { orderId: null } } }] },
    include: { acceptance: { select: { id: true, orderId: true } } },
    orderBy: { createdAt: "desc" },
    take: 500,
  });
  if (candidates.length === 0) return "no_candidates";
  if (!input.readOrder) {
    logger.warn("orders/edited: no offline session to read the order; changesets stay unconfirmed", { shop: shopDomain, orderId: edit.orderId });
    return "order_unreadable";
  }
  const order = await input.readOrder(edit.orderId);
  if (!order) return "order_unreadable";

  const match = matchChangeset(candidates, order, edit.addedLineItemIds);
  if (!match) return "unmatched";
  if (match.acceptance) {
    if (match.acceptance.orderId) return "already_linked";
    await linkOrder(match.acceptance.id, order);
    logger.info("orders/edited confirmed a page-recorded acceptance", { shop: shopDomain, acceptanceId: match.acceptance.id });
    return "linked";
  }
  const record = await recordAcceptedChangeset({ shop, signed: match, via: "webhook", orderId: order.orderId, orderName: order.orderName, customerName: order.customerName });
  logger.info("orders/edited recorded an acceptance the page never confirmed", { shop: shopDomain, acceptanceId: record.acceptanceId, created: record.created });
  return record.created ? "recorded" : "linked";
}
