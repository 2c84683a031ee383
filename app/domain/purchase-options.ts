/**
 * Which purchase options (UPS-1) and selling plans (UPS-2) an offer really has on a
 * given order. Offer selection, the offer view model and changeset building all call
 * these functions, so what the shopper sees, what the server signs and what the
 * selection skips can never disagree.
 *
 * - Subscription upgrades always add the offer product one-time (RUN-2); upsells use
 *   the merchant's purchaseOption.
 * - The subscription option disappears when the offer holds several products (Shopify
 *   adds at most one subscription per changeset: subscription_limit_error), when the
 *   product has no selling plans, when the
 *   order already holds a subscription (RUN-6: Shopify refuses add_subscription then)
 *   or when a subscription offer was already accepted in this flow (RUN-7).
 * - The one-time option disappears when a product is subscription-only (RUN-4).
 * - An offer left with no option is skipped; a dual offer left with one option is
 *   downgraded (RUN-6: "both" → one-time only).
 */
import type { ChosenOption, FlowState, OfferDefinition, OrderContext, PurchaseOption, SellingPlan } from "./funnel-schemas";

export interface OptionReason {
  code: "several_products" | "no_selling_plans" | "order_has_subscription" | "subscription_offer_already_accepted" | "offer_product_subscription_only";
  option: ChosenOption;
  message: string;
}

export interface PurchaseOptionResolution {
  /** What the merchant configured (one_time for upgrades). */
  configured: ChosenOption[];
  /** What remains on this order, one_time first. */
  allowed: ChosenOption[];
  /** "both" when both remain, else the one that remains; null when none does. */
  effective: PurchaseOption | null;
  /** Preselected option: the merchant's default when allowed, else the one allowed. */
  defaultOption: ChosenOption | null;
  /** Why each configured option was removed. */
  removed: OptionReason[];
}

export interface OptionContext {
  orderHasSubscription: boolean;
  subscriptionAcceptedInFlow: boolean;
}

/** True when any line of the order is already a subscription. */
export function orderHasSubscription(order: Pick<OrderContext, "lineItems">): boolean {
  return order.lineItems.some((line) => Boolean(line.sellingPlanId));
}

/** RUN-7: a subscription upsell or a subscription upgrade was accepted in this flow. */
export function subscriptionAcceptedInFlow(flow: Pick<FlowState, "subscriptionAdded" | "subscriptionUpgraded"> | null | undefined): boolean {
  return Boolean(flow && (flow.subscriptionAdded || flow.subscriptionUpgraded));
}

export function optionContext(order: Pick<OrderContext, "lineItems">, flow?: Pick<FlowState, "subscriptionAdded" | "subscriptionUpgraded"> | null): OptionContext {
  return { orderHasSubscription: orderHasSubscription(order), subscriptionAcceptedInFlow: subscriptionAcceptedInFlow(flow) };
}

export function configuredOptions(offer: Pick<OfferDefinition, "kind" | "purchaseOption">): ChosenOption[] {
  if (offer.kind === "subscription_upgrade") return ["one_time"];
  if (offer.purchaseOption === "both") return ["one_time", "subscription"];
  return [offer.purchaseOption];
}

export function resolvePurchaseOptions(offer: OfferDefinition, ctx: OptionContext): PurchaseOptionResolution {
  const configured = configuredOptions(offer);
  const removed: OptionReason[] = [];

  if (configured.includes("subscription")) {
    const subscriptionReason = whySubscriptionUnavailable(offer, ctx);
    if (subscriptionReason) removed.push(subscriptionReason);
  }
  if (configured.includes("one_time")) {
    const subscriptionOnly = offer.items.filter((item) => item.subscriptionOnly);
    if (subscriptionOnly.length > 0) {
      removed.push({
        code: "offer_product_subscription_only",
        option: "one_time",
        message: `${titles(subscriptionOnly)} can only be sold as a subscription, so it cannot be added as a one-time purchase`,
      });
    }
  }

  const allowed = configured.filter((option) => !removed.some((r) => r.option === option));
  // There are at most two options, so anything short of both is the single one left, or none.
  const effective: PurchaseOption | null = allowed.length === 2 ? "both" : (allowed[0] ?? null);
  const defaultOption = allowed.includes(offer.defaultOption) ? offer.defaultOption : (allowed[0] ?? null);
  return { configured, allowed, effective, defaultOption, removed };
}

/** Audit S-6: one add_subscription per changeset, so a subscription offer holds exactly one product. */
export const SEVERAL_PRODUCTS_SUBSCRIPTION_MESSAGE =
  "Shopify adds at most one subscription per post-purchase offer, so an offer of several products can only be bought one-time";

function whySubscriptionUnavailable(offer: OfferDefinition, ctx: OptionContext): OptionReason | null {
  if (offer.items.length > 1) return { code: "several_products", option: "subscription", message: SEVERAL_PRODUCTS_SUBSCRIPTION_MESSAGE };
  if (offerSellingPlans(offer).length === 0) {
    return { code: "no_selling_plans", option: "subscription", message: "The offered product has no selling plans" };
  }
  if (ctx.subscriptionAcceptedInFlow) {
    return {
      code: "subscription_offer_already_accepted",
      option: "subscription",
      message: "A subscription offer was already accepted in this checkout; only one can go through",
    };
  }
  if (ctx.orderHasSubscription) {
    return {
      code: "order_has_subscription",
      option: "subscription",
      message: "The order already contains a subscription, and Shopify cannot add a second one after checkout",
    };
  }
  return null;
}

/**
 * The selling plans the offer can be bought with: its product's plans, in their order.
 * An offer of several products has none (audit S-6: one subscription per changeset).
 */
export function offerSellingPlans(offer: Pick<OfferDefinition, "items">): SellingPlan[] {
  const [only] = offer.items;
  return offer.items.length === 1 && only ? only.sellingPlans : [];
}

export interface PlanResolution {
  plans: SellingPlan[];
  /** The locked plan when the lock applies (UPS-2), else null. */
  lockedPlan: SellingPlan | null;
  /** True when a lock is configured but its plan is gone: all plans are shown instead. */
  lockFallback: boolean;
  /** Preselected plan: the locked one, else the product's first plan; null without plans. */
  defaultPlan: SellingPlan | null;
}

/**
 * UPS-2: a locked plan is shown alone; a lock whose plan no longer exists falls back to
 * all plans; a one-time-only offer ignores any lock; without a lock the first plan is
 * the default.
 */
export function resolvePlans(offer: OfferDefinition): PlanResolution {
  const plans = offerSellingPlans(offer);
  const lockApplies = offer.lockedSellingPlanId !== null && offer.kind !== "subscription_upgrade" && offer.purchaseOption !== "one_time";
  const lockedPlan = lockApplies ? plans.find((plan) => plan.id === offer.lockedSellingPlanId) ?? null : null;
  return {
    plans,
    lockedPlan,
    lockFallback: lockApplies && lockedPlan === null,
    defaultPlan: lockedPlan ?? plans[0] ?? null,
  };
}

function titles(items: OfferDefinition["items"]): string {
  return items.map((item) => item.productTitle).join(", ");
}
