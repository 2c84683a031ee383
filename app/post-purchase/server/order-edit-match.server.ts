/**
 * Which signed changeset an orders/edited delivery applied (RUN-10), as plain functions of
 * the rows and the order read back. Shopify never echoes our jti, so the edit is matched
 * by what it did: the added lines' variants and plans with the quantities of the edit's
 * own `delta`, the initial purchase's lines still in the order, the same customer, and a
 * signing time between the order's creation and the edit's commit. An edit that fits more
 * than one purchase is not guessed at: a wrong guess is a phantom acceptance, while a
 * real one the page confirmed is recorded anyway.
 */
import type { SignedChangeset } from "@prisma/client";
import { sameId, tryToGid } from "~/domain/ids";
import type { EditedOrder, EditedOrderLine } from "./edited-order.server";
import { parseChanges, parseSnapshot } from "./snapshot-columns.server";

/** Our clock against Shopify's: a changeset cannot be signed after the edit that applied it, give or take this. */
export const CLOCK_SKEW_MS = 5_000;

/** One order edit as the webhook names it. */
export interface OrderEdit {
  /** `order_edit.id`: the edit's own identity; a redelivery carries the same one. */
  id: string;
  orderId: number;
  committedAt: Date;
  additions: Array<{ id: number; delta: number }>;
}

export type Candidate = SignedChangeset & { acceptance: { id: string; orderId: string | null } | null };

export type MatchResult = { kind: "matched"; candidate: Candidate } | { kind: "unmatched" } | { kind: "ambiguous"; candidateIds: string[] };

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

/** The added lines as the edit describes them: the order's variant and plan, the edit's delta. */
function addedKeys(order: EditedOrder, edit: OrderEdit): string[] | null {
  const keys: string[] = [];
  for (const addition of edit.additions) {
    const line = order.lines.find((l) => l.id === addition.id);
    if (!line) return null;
    keys.push(lineKey(line.variantId, addition.delta, line.sellingPlanId));
  }
  return keys;
}

function fits(candidate: Candidate, order: EditedOrder, edit: OrderEdit, added: string[]): boolean {
  const signedAt = candidate.createdAt.getTime();
  if (signedAt > edit.committedAt.getTime() + CLOCK_SKEW_MS) return false;
  // Shopify refuses a changeset issued before the purchase (iat), so it cannot be this order's.
  if (order.createdAt && signedAt < order.createdAt.getTime() - CLOCK_SKEW_MS) return false;
  const snapshot = parseSnapshot(candidate);
  if (snapshot.customerId && order.customerId && !sameId("Customer", snapshot.customerId, order.customerId)) return false;
  const addedIds = new Set(edit.additions.map((a) => a.id));
  if (!containsAll(order.lines.filter((l) => !addedIds.has(l.id)), snapshot.initialLines)) return false;
  const changes = parseChanges(candidate);
  const signedKeys = changes.map((c) => lineKey(String(c.variantId), c.quantity, c.type === "add_subscription" ? String(c.sellingPlanId) : null));
  return sameMultiset(signedKeys, added);
}

/** Exactly one candidate fits, or none is chosen. */
export function matchOrderEdit(candidates: Candidate[], order: EditedOrder, edit: OrderEdit): MatchResult {
  const added = addedKeys(order, edit);
  if (!added) return { kind: "unmatched" };
  const fitting = candidates.filter((candidate) => fits(candidate, order, edit, added));
  const [only] = fitting;
  if (fitting.length === 1 && only) return { kind: "matched", candidate: only };
  return fitting.length === 0 ? { kind: "unmatched" } : { kind: "ambiguous", candidateIds: fitting.map((c) => c.id) };
}

/**
 * Which candidates may belong to this order at all. A purchase is one order: once an
 * acceptance ties a referenceId to an order, that order's edits only match its
 * changesets, and its changesets never match another order's edits.
 */
export function samePurchaseOnly(candidates: Candidate[], orderId: string, links: Array<{ referenceId: string; orderId: string | null }>): Candidate[] {
  const ofThisOrder = new Set(links.filter((l) => l.orderId === orderId).map((l) => l.referenceId));
  const elsewhere = new Set(links.filter((l) => l.orderId !== null && l.orderId !== orderId).map((l) => l.referenceId));
  return candidates.filter((c) => !elsewhere.has(c.referenceId) && (ofThisOrder.size === 0 || ofThisOrder.has(c.referenceId)));
}
