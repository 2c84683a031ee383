/**
 * The rules that decide whether a funnel may fire for an order (status, FUN-2
 * triggers, FUN-3 ranking) and whether one offer may be shown (RUN-3, RUN-4, RUN-6,
 * RUN-7, currency), each failure as a structured reason for the merchant's "why" view.
 * offer-selection.ts walks funnels and offer trees with them.
 */
import type { ChosenOption, FlowState, FunnelDefinition, OfferDefinition, OrderContext, PurchaseOption, ShopState } from "./funnel-schemas";
import { optionContext, orderHasSubscription, resolvePurchaseOptions, subscriptionAcceptedInFlow, type OptionReason } from "./purchase-options";
import { upgradeProviderProblems } from "./upgrade-provider-fit";

export type SkipCode =
  // funnel level
  | "inactive"
  | "no_triggers"
  | "trigger_product_missing"
  | "subscription_trigger_include_no_subscription"
  | "subscription_trigger_exclude_has_subscription"
  | "lower_priority"
  | "no_eligible_offer"
  | "no_root_offer"
  | "funnel_not_found"
  | "offer_cycle"
  | "end_of_funnel"
  | "accepted_limit_reached"
  | "shown_limit_reached"
  // offer level
  | "offer_has_no_items"
  | "currency_mismatch"
  | "upgrades_disabled"
  | "upgrade_config_missing"
  | "upgrade_needs_subscription_line"
  | "upgrade_offer_product_is_bundle"
  | "upgrade_not_possible_with_provider"
  | "subscription_offer_already_accepted"
  | "subscription_offer_on_subscription_order"
  | "offer_product_subscription_only"
  | "no_selling_plans"
  | "subscription_offer_several_products";

/** One reason a funnel or offer was passed over (or, in `adjustments`, changed). */
export interface SkipReason {
  funnelId: string | null;
  offerId?: string;
  code: SkipCode | "subscription_option_removed" | "one_time_option_removed";
  message: string;
  /** The SPEC requirement behind the rule, for the merchant's help link. */
  rule?: string;
}

/** FUN-3 order: priority descending, then older createdAt, then id. */
export function rankFunnels<T extends Pick<FunnelDefinition, "id" | "priority" | "createdAt">>(funnels: readonly T[]): T[] {
  return [...funnels].sort(
    (a, b) => b.priority - a.priority || Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Why `funnel` cannot fire for `order` (status and FUN-2 triggers); empty when it can. */
export function funnelMismatches(funnel: FunnelDefinition, order: OrderContext): SkipReason[] {
  const at = (code: SkipCode, message: string, rule = "FUN-2"): SkipReason => ({ funnelId: funnel.id, code, message, rule });
  if (funnel.status !== "active") return [at("inactive", `The funnel is ${funnel.status}`, "FUN-1")];
  const { triggers } = funnel;
  if (triggers.showToAll) return [];

  const productTrigger = triggers.productIds.length > 0;
  if (!productTrigger && triggers.subscription === "off") {
    return [at("no_triggers", 'No trigger is set and "Show to all customers" is off')];
  }
  const reasons: SkipReason[] = [];
  if (productTrigger && !order.lineItems.some((line) => triggers.productIds.includes(line.productId))) {
    reasons.push(at("trigger_product_missing", "The order contains none of the trigger products"));
  }
  const hasSubscription = orderHasSubscription(order);
  if (triggers.subscription === "include" && !hasSubscription) {
    reasons.push(at("subscription_trigger_include_no_subscription", "The subscription trigger needs a subscription in the order, and it has none"));
  }
  if (triggers.subscription === "exclude" && hasSubscription) {
    reasons.push(at("subscription_trigger_exclude_has_subscription", "The subscription trigger excludes orders with a subscription, and this one has one"));
  }
  return reasons;
}

export type OfferEvaluation =
  | { eligible: true; effectivePurchaseOption: PurchaseOption; defaultOption: ChosenOption; adjustments: SkipReason[] }
  | { eligible: false; reasons: SkipReason[] };

/** Every reason `offer` cannot be shown on `order` in the current flow (also for the editor's preview). */
export function evaluateOffer(funnelId: string, offer: OfferDefinition, order: OrderContext, shop: ShopState, flow: FlowState): OfferEvaluation {
  const reasons: SkipReason[] = [];
  const at = (code: SkipCode, message: string, rule?: string) => reasons.push({ funnelId, offerId: offer.id, code, message, rule });

  if (offer.items.length === 0) at("offer_has_no_items", "The offer has no product");
  const foreign = offer.items.find((item) => item.currency !== order.currency);
  if (foreign) {
    at("currency_mismatch", `The order is paid in ${order.currency} but the offer is priced in ${foreign.currency}; exact prices cannot be shown`, "UPS-3");
  }
  if (offer.kind === "subscription_upgrade") checkUpgrade(offer, order, shop, flow, at);

  const options = resolvePurchaseOptions(offer, optionContext(order, flow));
  if (options.effective === null) {
    for (const removed of options.removed) reasons.push(optionSkip(funnelId, offer, removed));
  }
  if (reasons.length > 0 || options.effective === null || options.defaultOption === null) return { eligible: false, reasons };

  const adjustments = options.removed.map((removed): SkipReason => ({
    funnelId,
    offerId: offer.id,
    code: removed.option === "subscription" ? "subscription_option_removed" : "one_time_option_removed",
    message: removed.message,
    rule: ruleForOption(removed),
  }));
  return { eligible: true, effectivePurchaseOption: options.effective, defaultOption: options.defaultOption, adjustments };
}

function checkUpgrade(
  offer: OfferDefinition,
  order: OrderContext,
  shop: ShopState,
  flow: FlowState,
  at: (code: SkipCode, message: string, rule?: string) => void,
): void {
  if (!shop.subscriptionUpgradesEnabled) {
    at("upgrades_disabled", "Subscription upgrades are not enabled for this shop, or no verified provider is connected", "CONN-5");
  }
  // The upgrade's changeset line is one-time, but it changes the shopper's subscription:
  // after one subscription offer was accepted, a second could not go through (RUN-7).
  if (subscriptionAcceptedInFlow(flow)) {
    at("subscription_offer_already_accepted", "A subscription offer was already accepted in this checkout; only one can go through", "RUN-7");
  }
  for (const item of offer.items) {
    const upgrade = item.upgrade;
    if (!upgrade) {
      at("upgrade_config_missing", `${item.productTitle} has no upgrade settings`, "FUN-7");
      continue;
    }
    const lines = order.lineItems.filter((line) => line.productId === upgrade.triggerProductId);
    const name = upgrade.triggerProductTitle || "the trigger product";
    if (!lines.some((line) => Boolean(line.sellingPlanId))) {
      at(
        "upgrade_needs_subscription_line",
        lines.length > 0
          ? `The order has ${name} as a one-time purchase; an upgrade needs it bought as a subscription`
          : `The order does not contain a subscription of ${name}`,
        "RUN-3",
      );
    }
    if (item.isBundle) {
      at("upgrade_offer_product_is_bundle", `${item.productTitle} is a Shopify bundle, which upgrades cannot use`, "WIZ-3");
    }
    // Switching provider (or settings it cannot do) stops the offer at once (issue 13 §6).
    for (const problem of upgradeProviderProblems(upgrade, shop.provider)) {
      at("upgrade_not_possible_with_provider", problem.reason, "PRV-1");
    }
  }
}

function optionSkip(funnelId: string, offer: OfferDefinition, removed: OptionReason): SkipReason {
  const base = { funnelId, offerId: offer.id, message: removed.message, rule: ruleForOption(removed) };
  switch (removed.code) {
    case "order_has_subscription":
      return { ...base, code: "subscription_offer_on_subscription_order" };
    case "subscription_offer_already_accepted":
      return { ...base, code: "subscription_offer_already_accepted" };
    case "offer_product_subscription_only":
      return { ...base, code: "offer_product_subscription_only" };
    case "no_selling_plans":
      return { ...base, code: "no_selling_plans" };
    case "several_products":
      return { ...base, code: "subscription_offer_several_products" };
  }
}

function ruleForOption(removed: OptionReason): string {
  switch (removed.code) {
    case "order_has_subscription":
      return "RUN-6";
    case "subscription_offer_already_accepted":
      return "RUN-7";
    case "offer_product_subscription_only":
      return "RUN-4";
    case "no_selling_plans":
    case "several_products":
      return "UPS-1";
  }
}
