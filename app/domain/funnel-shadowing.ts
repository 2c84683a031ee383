/**
 * FUN-3: only one funnel fires per order, the best-ranked one that has an offer to
 * show. A funnel never fires when a funnel ranked above it matches every order it
 * matches and always has an offer to show. This names that funnel so the merchant can
 * fix the ranking or the triggers, with the same ranking and trigger rules the
 * checkout applies (selection-rules.ts).
 *
 * Conservative by design: it warns only when the shadowing is certain from the
 * definitions alone. A higher funnel whose first offer can be skipped on some orders
 * (an upgrade, a subscription-only upsell) lets lower funnels through, so it is not
 * reported.
 */
import type { FunnelDefinition, FunnelTriggers } from "./funnel-schemas";
import type { FunnelWarning } from "./funnel-warnings";
import { rankFunnels } from "./selection-rules";

/** What decides whether a funnel can win an order: enough to compare funnels without their offers. */
export interface FunnelReach {
  id: string;
  name: string;
  status: FunnelDefinition["status"];
  priority: number;
  createdAt: string;
  triggers: FunnelTriggers;
  /** Its first offer passes every offer check on any order its triggers match. */
  alwaysHasOffer: boolean;
}

export function funnelReach(funnel: FunnelDefinition): FunnelReach {
  const root = funnel.offers.find((offer) => offer.id === funnel.rootOfferId);
  // A one-time option survives every order-dependent offer rule (RUN-3/4/6/7 only touch
  // subscriptions and upgrades), so such a first offer is always shown.
  const alwaysHasOffer =
    root !== undefined &&
    root.kind !== "subscription_upgrade" &&
    root.purchaseOption !== "subscription" &&
    root.items.length > 0 &&
    root.items.every((item) => !item.subscriptionOnly && item.currency === root.items[0]?.currency);
  const { id, name, status, priority, createdAt, triggers } = funnel;
  return { id, name, status, priority, createdAt, triggers, alwaysHasOffer };
}

/** Whether every order `lower`'s triggers match is also matched by `higher`'s (FUN-2). */
export function triggersCover(higher: FunnelTriggers, lower: FunnelTriggers): boolean {
  if (!canMatch(higher) || !canMatch(lower)) return false;
  if (higher.showToAll) return true;
  if (lower.showToAll) return false;
  // "Contains one of these products": a superset of products matches every such order.
  const products = higher.productIds.length === 0 || (lower.productIds.length > 0 && lower.productIds.every((id) => higher.productIds.includes(id)));
  const subscription = higher.subscription === "off" || higher.subscription === lower.subscription;
  return products && subscription;
}

/** A funnel with no trigger at all matches nothing (selection-rules.ts). */
function canMatch(triggers: FunnelTriggers): boolean {
  return triggers.showToAll || triggers.productIds.length > 0 || triggers.subscription !== "off";
}

/** The active funnel that always wins over `target`, or null. */
export function shadowingFunnel(target: FunnelReach, others: readonly FunnelReach[]): FunnelReach | null {
  for (const other of rankFunnels(others)) {
    if (other.id === target.id || other.status !== "active" || !other.alwaysHasOffer) continue;
    if (rankFunnels([target, other])[0] !== other) continue;
    if (triggersCover(other.triggers, target.triggers)) return other;
  }
  return null;
}

export function shadowedFunnelWarning(target: FunnelReach, others: readonly FunnelReach[]): FunnelWarning | null {
  const winner = shadowingFunnel(target, others);
  if (!winner) return null;
  const fix =
    winner.priority === target.priority
      ? `give this funnel a priority above ${winner.priority} (equal priorities go to the older funnel)`
      : `give this funnel a priority above ${winner.priority}`;
  return {
    code: "shadowed_by_higher_funnel",
    rule: "FUN-3",
    severity: "warning",
    title: `This funnel never fires: "${winner.name}" always wins`,
    message:
      `Only one funnel fires per order. "${winner.name}" ranks above this funnel, its triggers match every order this funnel's triggers match, and its first offer can always be shown. ` +
      `To let this funnel fire, ${fix}, narrow the triggers of "${winner.name}", or deactivate it.`,
    offerIds: [],
    products: [],
  };
}

/** Every funnel of a shop that never fires, with the funnel that always wins over it (for the funnel list). */
export function shadowedFunnels(funnels: readonly FunnelReach[]): Map<string, FunnelReach> {
  const result = new Map<string, FunnelReach>();
  for (const funnel of funnels) {
    const winner = shadowingFunnel(funnel, funnels);
    if (winner) result.set(funnel.id, winner);
  }
  return result;
}
