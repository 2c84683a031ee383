/**
 * Warnings the funnel editor shows, computed from the same rules the runtime applies,
 * so a warning names exactly what will happen at checkout.
 */
import { ProviderSchema, type FunnelDefinition, type OfferDefinition, type Provider } from "./funnel-schemas";
import { offerSellingPlans, SEVERAL_PRODUCTS_SUBSCRIPTION_MESSAGE } from "./purchase-options";
import { upgradeProviderProblems } from "./upgrade-provider-fit";

export type FunnelWarningCode =
  | "upgrade_without_targeting"
  | "multiple_subscription_offers"
  | "subscription_only_products"
  | "subscription_offer_several_products"
  | "upgrade_not_possible_with_provider"
  | "shadowed_by_higher_funnel";

export interface FunnelWarning {
  code: FunnelWarningCode;
  /** The SPEC requirement the warning implements. */
  rule: "FUN-3" | "FUN-4" | "FUN-5" | "FUN-6" | "UPS-1" | "PRV-1";
  severity: "warning" | "info";
  title: string;
  message: string;
  offerIds: string[];
  products: Array<{ productId: string; title: string; offerIds: string[] }>;
  /** FUN-5 only: pairs [earlier, later] where the later offer can follow an accepted earlier one. */
  conflictingPairs?: Array<[string, string]>;
}

/** `provider`: the shop's connected provider, when known (flags upgrades it cannot carry out). */
export function funnelWarnings(funnel: FunnelDefinition, context: { provider?: string | null } = {}): FunnelWarning[] {
  const warnings: FunnelWarning[] = [];
  const provider = ProviderSchema.safeParse(context.provider).data ?? null;
  const prv = upgradeProviderWarning(funnel, provider);
  if (prv) warnings.push(prv);
  const fun4 = upgradeTargetingWarning(funnel);
  if (fun4) warnings.push(fun4);
  const fun5 = multipleSubscriptionOffersWarning(funnel);
  if (fun5) warnings.push(fun5);
  const fun6 = subscriptionOnlyWarning(funnel);
  if (fun6) warnings.push(fun6);
  const severalProducts = severalProductsSubscriptionWarning(funnel);
  if (severalProducts) warnings.push(severalProducts);
  return warnings;
}

/**
 * Audit S-6: an upsell with a subscription option and several products (saved before the
 * editor refused it) is sold one-time at checkout, or skipped when it is subscription only.
 */
export function severalProductsSubscriptionWarning(funnel: FunnelDefinition): FunnelWarning | null {
  const offers = funnel.offers.filter((offer) => offer.kind === "subscription_upsell" && offer.purchaseOption !== "one_time" && offer.items.length > 1);
  if (offers.length === 0) return null;
  return {
    code: "subscription_offer_several_products",
    rule: "UPS-1",
    severity: "warning",
    title: "A subscription offer holds several products",
    message:
      `${offers.map((offer) => `"${offerName(offer)}"`).join(", ")}: ${SEVERAL_PRODUCTS_SUBSCRIPTION_MESSAGE}. ` +
      'Offers set to "Subscription only" are skipped. Keep one product per subscription offer.',
    offerIds: offers.map((offer) => offer.id),
    products: [],
  };
}

/**
 * Issue 13 §6: upgrades the connected provider cannot carry out (set up for another
 * provider, Loop and prepaid, Skio discount without a code) no longer show at checkout;
 * this names each one with the reason and the fix.
 */
export function upgradeProviderWarning(funnel: FunnelDefinition, provider: Provider | null): FunnelWarning | null {
  const found = funnel.offers.flatMap((offer) =>
    offer.items.flatMap((item) => (item.upgrade ? upgradeProviderProblems(item.upgrade, provider).map((problem) => ({ offer, problem })) : [])),
  );
  if (found.length === 0) return null;
  return {
    code: "upgrade_not_possible_with_provider",
    rule: "PRV-1",
    severity: "warning",
    title: "Some upgrades no longer show at checkout",
    message: found.map(({ offer, problem }) => `"${offerName(offer)}": ${problem.reason} To fix it: ${problem.fix}`).join(" "),
    offerIds: [...new Set(found.map(({ offer }) => offer.id))],
    products: [],
  };
}

/**
 * FUN-4: an upgrade funnel should fire only on orders holding the subscription it
 * upgrades. Without a product trigger AND an include-subscription trigger (or with
 * "show to all"), a shopper without it can accept: the offer product is added, but
 * the provider finds no subscription to change (RUN-5).
 */
export function upgradeTargetingWarning(funnel: FunnelDefinition): FunnelWarning | null {
  const upgrades = funnel.offers.filter((offer) => offer.kind === "subscription_upgrade");
  if (upgrades.length === 0) return null;
  const { triggers } = funnel;
  const targeted = !triggers.showToAll && triggers.productIds.length > 0 && triggers.subscription === "include";
  if (targeted) return null;

  const missing: string[] = [];
  if (triggers.showToAll) missing.push('turn off "Show to all customers" (it overrides every other trigger)');
  if (triggers.productIds.length === 0) missing.push("add a product trigger with the subscription product being upgraded");
  if (triggers.subscription !== "include") missing.push('set the subscription trigger to "Include"');
  return {
    code: "upgrade_without_targeting",
    rule: "FUN-4",
    severity: "warning",
    title: "This upgrade funnel may show to the wrong shoppers",
    message:
      "Without a product trigger and an include-subscription trigger, the upgrade can be shown to shoppers who did not buy the subscription it changes. " +
      "If they accept, the offer product is added to their order but no subscription is changed — a silent failure you only see in the upgrades list. " +
      `To fix it, ${missing.join(", ")}.`,
    offerIds: upgrades.map((offer) => offer.id),
    products: [],
  };
}

/** Offers that add a subscription (an upsell with a subscription option) or change one (an upgrade). */
export function isSubscriptionOffer(offer: OfferDefinition): boolean {
  if (offer.kind === "subscription_upgrade") return true;
  return offer.purchaseOption !== "one_time" && offerSellingPlans(offer).length > 0;
}

/**
 * FUN-5: only the first accepted subscription offer of a flow goes through (RUN-7).
 * Lists every subscription offer; `conflictingPairs` marks those that can really meet
 * (the later one reachable after accepting the earlier one).
 */
export function multipleSubscriptionOffersWarning(funnel: FunnelDefinition): FunnelWarning | null {
  const subscriptionOffers = funnel.offers.filter(isSubscriptionOffer);
  if (subscriptionOffers.length < 2) return null;
  const ids = new Set(subscriptionOffers.map((offer) => offer.id));
  const pairs: Array<[string, string]> = [];
  for (const offer of subscriptionOffers) {
    for (const later of reachableAfterAccept(funnel, offer.id)) if (ids.has(later)) pairs.push([offer.id, later]);
  }
  const names = subscriptionOffers.map((offer) => `"${offerName(offer)}"`).join(", ");
  return {
    code: "multiple_subscription_offers",
    rule: "FUN-5",
    severity: "warning",
    title: "More than one offer contains a subscription",
    message:
      `${names} all add or change a subscription. Only the first one a shopper accepts can go through; later subscription offers are skipped. ` +
      'Keep one subscription offer per funnel, or set the subscription trigger to "Exclude" so these offers only reach orders without a subscription.',
    offerIds: subscriptionOffers.map((offer) => offer.id),
    products: [],
    conflictingPairs: pairs,
  };
}

/**
 * FUN-6: a subscription-only product cannot be added one-time, so its offer is skipped
 * on orders that already contain a subscription (RUN-4, RUN-6).
 */
export function subscriptionOnlyWarning(funnel: FunnelDefinition): FunnelWarning | null {
  const products = new Map<string, { productId: string; title: string; offerIds: string[] }>();
  for (const offer of funnel.offers) {
    for (const item of offer.items) {
      if (!item.subscriptionOnly) continue;
      const entry = products.get(item.productId) ?? { productId: item.productId, title: item.productTitle, offerIds: [] };
      if (!entry.offerIds.includes(offer.id)) entry.offerIds.push(offer.id);
      products.set(item.productId, entry);
    }
  }
  if (products.size === 0) return null;
  const list = Array.from(products.values());
  const offerIds = Array.from(new Set(list.flatMap((p) => p.offerIds)));
  return {
    code: "subscription_only_products",
    rule: "FUN-6",
    severity: "warning",
    title: "Subscription limitations",
    message:
      `${list.map((p) => p.title).join(", ")} can only be bought as a subscription. Shopify cannot add a second subscription to an order that already has one, ` +
      "so these offers are skipped for those orders, and a subscription-only product can never be added one-time. " +
      'Tip: set the subscription trigger to "Exclude" so this funnel only shows to orders without a subscription.',
    offerIds,
    products: list,
  };
}

/** Offer ids that can be shown after `offerId` is accepted: its accept child and everything below it. */
function reachableAfterAccept(funnel: FunnelDefinition, offerId: string): string[] {
  const start = funnel.offers.find((o) => o.parentOfferId === offerId && o.branch === "accept");
  if (!start) return [];
  const seen = new Set<string>();
  const queue = [start.id];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const child of funnel.offers) if (child.parentOfferId === id) queue.push(child.id);
  }
  return Array.from(seen);
}

function offerName(offer: OfferDefinition): string {
  return offer.headline || offer.items.map((item) => item.productTitle).join(" + ") || offer.id;
}
