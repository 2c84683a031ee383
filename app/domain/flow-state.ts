/**
 * Pure updates of FlowState, the record of one order's post-purchase flow. The server
 * rebuilds it from stored events and passes it to selectNextOffer. Every update is
 * idempotent: recording the same decision twice changes nothing (RUN-8).
 */
import type { ChosenOption, FlowState, OfferDefinition } from "./funnel-schemas";

/** Shopify lets a post-purchase flow apply at most 3 changesets (shopify.md §1.9). */
export const MAX_ACCEPTED_OFFERS_PER_ORDER = 3;

/** RUN-12: Shopify's UX guideline, "display a maximum of three consecutive upsell offers". */
export const MAX_OFFERS_SHOWN_IN_A_ROW = 3;

/** Offers the shopper already answered (accepted, declined, or refused by Shopify) in this flow. */
export function decidedOfferCount(decided: { acceptedOfferIds: readonly string[]; declinedOfferIds: readonly string[]; failedOfferIds?: readonly string[] }): number {
  return new Set([...decided.acceptedOfferIds, ...decided.declinedOfferIds, ...(decided.failedOfferIds ?? [])]).size;
}

export function startFlow(): FlowState {
  return {
    funnelId: null,
    shownOfferIds: [],
    acceptedOfferIds: [],
    declinedOfferIds: [],
    subscriptionAdded: false,
    subscriptionUpgraded: false,
    acceptedCount: 0,
  };
}

/** Binds the flow to the funnel chosen for the order (FUN-3); a bound flow keeps its funnel. */
export function withFunnel(flow: FlowState, funnelId: string): FlowState {
  return flow.funnelId === null ? { ...flow, funnelId } : flow;
}

export function recordShown(flow: FlowState, offerId: string): FlowState {
  return flow.shownOfferIds.includes(offerId) ? flow : { ...flow, shownOfferIds: [...flow.shownOfferIds, offerId] };
}

/**
 * Records an accepted offer. A subscription upsell bought as a subscription sets
 * subscriptionAdded; an upgrade sets subscriptionUpgraded (its changeset line is
 * one-time, but the shopper's subscription is now being changed — RUN-7).
 */
export function recordAccepted(flow: FlowState, offer: Pick<OfferDefinition, "id" | "kind">, option: ChosenOption): FlowState {
  if (flow.acceptedOfferIds.includes(offer.id)) return flow;
  return {
    ...recordShown(flow, offer.id),
    acceptedOfferIds: [...flow.acceptedOfferIds, offer.id],
    acceptedCount: flow.acceptedCount + 1,
    subscriptionAdded: flow.subscriptionAdded || (offer.kind !== "subscription_upgrade" && option === "subscription"),
    subscriptionUpgraded: flow.subscriptionUpgraded || offer.kind === "subscription_upgrade",
  };
}

/**
 * Records a declined offer. An offer whose changeset Shopify refused (out of stock…)
 * is recorded the same way, so the flow moves on to its downsell.
 */
export function recordDeclined(flow: FlowState, offerId: string): FlowState {
  if (flow.declinedOfferIds.includes(offerId) || flow.acceptedOfferIds.includes(offerId)) return flow;
  return { ...recordShown(flow, offerId), declinedOfferIds: [...flow.declinedOfferIds, offerId] };
}
