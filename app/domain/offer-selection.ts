/**
 * Which offer the post-purchase page shows next, and why every other funnel and offer
 * was passed over (the merchant's "why" view).
 *
 * Choosing the funnel (once per order):
 * - A funnel competes only when it is active and its triggers match (FUN-2): "show to
 *   all customers" matches every order and overrides the other triggers; otherwise the
 *   enabled triggers (products, subscription include/exclude) must ALL hold. A funnel
 *   with no trigger at all matches nothing: firing on every order is what "show to
 *   all" is for, and an empty funnel should not do it by accident.
 * - Matching funnels are ranked by priority (higher first), then older createdAt,
 *   then id, so the choice is deterministic (FUN-3).
 * - The best-ranked funnel that has an offer to show fires; a funnel whose every
 *   reachable offer is skipped for this order has not fired, so the next one gets its
 *   turn. Once an offer was shown, the flow is bound to that funnel (FlowState.funnelId)
 *   and no other funnel fires for the order.
 *
 * Walking the offer tree (stateless: recomputed from FlowState on every request):
 * - Start at the root offer. An accepted offer leads to its accept-branch child, a
 *   declined one to its decline-branch child (downsell); a missing child ends the flow.
 * - The first undecided offer that passes every check is the answer; asking again
 *   before the shopper decides returns it again.
 * - A SKIPPED offer was never seen, so nothing was declined: the walk continues along
 *   its accept branch (the funnel's next step). When it has no accept child, the
 *   decline child — an alternative to the skipped offer, often its one-time or cheaper
 *   version — is tried instead.
 * - Skips only get stricter as the flow advances (RUN-7 and the accept limit only
 *   turn on), so re-walking from the root always retraces the same path.
 * - After 3 accepted offers nothing more is shown (Shopify's changeset limit).
 *
 * The funnel and offer checks themselves live in selection-rules.ts.
 */
import type { ChosenOption, FlowState, FunnelDefinition, OfferDefinition, OrderContext, PurchaseOption, ShopState } from "./funnel-schemas";
import { decidedOfferCount, MAX_ACCEPTED_OFFERS_PER_ORDER, MAX_OFFERS_SHOWN_IN_A_ROW } from "./flow-state";
import { evaluateOffer, funnelMismatches, rankFunnels, type SkipReason } from "./selection-rules";

export { evaluateOffer, funnelMismatches, rankFunnels } from "./selection-rules";
export type { OfferEvaluation, SkipCode, SkipReason } from "./selection-rules";

export type OfferSelection =
  | {
      status: "offer";
      funnelId: string;
      offer: OfferDefinition;
      /** What the shopper may choose on this order (RUN-6 may have downgraded "both"). */
      effectivePurchaseOption: PurchaseOption;
      defaultOption: ChosenOption;
      /** Options removed from the shown offer, and why. */
      adjustments: SkipReason[];
      /** Everything passed over on the way. */
      reasons: SkipReason[];
    }
  | { status: "none"; reasons: SkipReason[] };

export interface SelectionInput {
  order: OrderContext;
  funnels: readonly FunnelDefinition[];
  shop: ShopState;
  flow: FlowState;
}

export function selectNextOffer({ order, funnels, shop, flow }: SelectionInput): OfferSelection {
  if (flow.acceptedCount >= MAX_ACCEPTED_OFFERS_PER_ORDER) {
    return none([{ funnelId: flow.funnelId, code: "accepted_limit_reached", message: `${MAX_ACCEPTED_OFFERS_PER_ORDER} offers were already accepted on this order, Shopify's limit` }]);
  }
  if (decidedOfferCount(flow) >= MAX_OFFERS_SHOWN_IN_A_ROW) {
    return none([{ funnelId: flow.funnelId, code: "shown_limit_reached", rule: "RUN-12", message: `${MAX_OFFERS_SHOWN_IN_A_ROW} offers were already shown in a row, Shopify's guideline` }]);
  }

  if (flow.funnelId !== null) {
    const bound = funnels.find((f) => f.id === flow.funnelId);
    if (!bound) return none([{ funnelId: flow.funnelId, code: "funnel_not_found", message: "The funnel this order started with no longer exists" }]);
    if (bound.status !== "active") return none([{ funnelId: bound.id, code: "inactive", message: "The funnel was deactivated during the flow" }]);
    return walkFunnel(bound, order, shop, flow);
  }

  const reasons: SkipReason[] = [];
  const candidates: FunnelDefinition[] = [];
  for (const funnel of funnels) {
    const misses = funnelMismatches(funnel, order);
    if (misses.length > 0) reasons.push(...misses);
    else candidates.push(funnel);
  }

  const ranked = rankFunnels(candidates);
  for (const [i, funnel] of ranked.entries()) {
    const result = walkFunnel(funnel, order, shop, flow);
    if (result.status === "offer") {
      for (const lower of ranked.slice(i + 1)) {
        reasons.push({ funnelId: lower.id, code: "lower_priority", rule: "FUN-3", message: `Matched, but "${funnel.name}" has a higher priority; only one funnel fires per order` });
      }
      return { ...result, reasons: [...reasons, ...result.reasons] };
    }
    reasons.push(...result.reasons);
  }
  return none(reasons);
}


type WalkResult = Extract<OfferSelection, { status: "offer" }> | { status: "none"; reasons: SkipReason[] };

function walkFunnel(funnel: FunnelDefinition, order: OrderContext, shop: ShopState, flow: FlowState): WalkResult {
  const reasons: SkipReason[] = [];
  const byId = new Map(funnel.offers.map((offer) => [offer.id, offer] as const));
  const child = (parentId: string, branch: "accept" | "decline") => funnel.offers.find((o) => o.parentOfferId === parentId && o.branch === branch);

  let current = funnel.rootOfferId === null ? undefined : byId.get(funnel.rootOfferId);
  if (!current) {
    reasons.push({ funnelId: funnel.id, code: "no_root_offer", message: "The funnel has no first offer" });
  }
  const visited = new Set<string>();
  while (current) {
    if (visited.has(current.id)) {
      reasons.push({ funnelId: funnel.id, offerId: current.id, code: "offer_cycle", message: "The offer tree loops back on itself" });
      break;
    }
    visited.add(current.id);
    if (flow.acceptedOfferIds.includes(current.id)) {
      current = child(current.id, "accept");
      continue;
    }
    if (flow.declinedOfferIds.includes(current.id)) {
      current = child(current.id, "decline");
      continue;
    }
    const evaluation = evaluateOffer(funnel.id, current, order, shop, flow);
    if (evaluation.eligible) {
      return {
        status: "offer",
        funnelId: funnel.id,
        offer: current,
        effectivePurchaseOption: evaluation.effectivePurchaseOption,
        defaultOption: evaluation.defaultOption,
        adjustments: evaluation.adjustments,
        reasons,
      };
    }
    reasons.push(...evaluation.reasons);
    current = child(current.id, "accept") ?? child(current.id, "decline");
  }
  reasons.push(
    flow.funnelId === null
      ? { funnelId: funnel.id, code: "no_eligible_offer", message: "The funnel matched, but none of its offers can be shown on this order" }
      : { funnelId: funnel.id, code: "end_of_funnel", message: "The funnel has no further offer on this path" },
  );
  return { status: "none", reasons };
}

function none(reasons: SkipReason[]): OfferSelection {
  return { status: "none", reasons };
}
