/**
 * Builds the post-purchase `changes` array the server signs (shopify.md §1.5), from
 * the STORED offer and the shopper's choice — never from changes the client sent
 * (RUN-9). Ids are Shopify's numeric legacy ids.
 *
 * - Upsell bought one-time, and every subscription upgrade: `add_variant` of each
 *   offered product. For an upgrade that line is only the order's record of the
 *   upgrade (RUN-2); the provider call is a separate step.
 * - Upsell bought as a subscription: `add_subscription` with the chosen plan and the
 *   offer's subscription shipping (audit S-11; free unless the merchant set a price).
 *   Shopify's shipping prices are decimal numbers in the order's currency, before tax.
 * - The offer's first-cycle discount rides on each change: a percentage as a number
 *   (20 for 20 %), a fixed amount as a decimal number in the order's currency, which
 *   must be the offer's currency. Each offered line gets the discount (pricing.ts
 *   shows the same); a fixed amount is capped at the line's total.
 */
import type { ChosenOption, Discount, FlowState, OfferDefinition, OfferItem, OrderContext, SellingPlan } from "./funnel-schemas";
import { toNumericId, tryToGid } from "./ids";
import { formatMoney, money, toDecimalNumber, type Money } from "./money";
import { discountAmount, MAX_PERCENT_BASIS_POINTS, priceOffer } from "./pricing";
import { optionContext, resolvePlans, resolvePurchaseOptions } from "./purchase-options";

export interface ExplicitDiscount {
  value: number;
  valueType: "percentage" | "fixed_amount";
  title: string;
}

export interface AddVariantChange {
  type: "add_variant";
  variantId: number;
  quantity: number;
  discount?: ExplicitDiscount;
}

export interface AddSubscriptionChange {
  type: "add_subscription";
  variantId: number;
  sellingPlanId: number;
  quantity: number;
  initialShippingPrice: number;
  recurringShippingPrice: number;
  shippingOption: { title?: string; presentmentTitle?: string };
  discount?: ExplicitDiscount;
}

export type PostPurchaseChange = AddVariantChange | AddSubscriptionChange;

/** The shopper's pick, as the accept request carries it. */
export interface OfferChoice {
  option: ChosenOption;
  /** GID or numeric id; for a subscription, omitted means the default plan. */
  sellingPlanId?: string | number | null;
}

export type ChoiceErrorCode =
  | "offer_has_no_items"
  | "currency_mismatch"
  | "option_not_offered"
  | "subscription_not_allowed_on_order"
  | "subscription_needs_single_product"
  | "one_time_not_allowed"
  | "plan_not_on_product"
  | "plan_locked"
  | "plan_not_allowed_for_one_time"
  | "no_selling_plan";

/** The choice does not fit the offer (tampered or stale request): nothing may be signed. */
export class ChangesetChoiceError extends Error {
  readonly code: ChoiceErrorCode;
  constructor(code: ChoiceErrorCode, message: string) {
    super(message);
    this.name = "ChangesetChoiceError";
    this.code = code;
  }
}

export interface BuiltChangeset {
  changes: PostPurchaseChange[];
  option: ChosenOption;
  plan: SellingPlan | null;
  /** What the shopper is charged now (the first-cycle price), for the signed record. */
  amount: Money;
}

/** Validates `choice` against `offer` on `order` and returns the changes to sign. */
export function buildChanges(offer: OfferDefinition, choice: OfferChoice, order: OrderContext, flow?: FlowState | null): PostPurchaseChange[] {
  return buildChangeset(offer, choice, order, flow).changes;
}

/** buildChanges plus the resolved option, plan and charged amount. */
export function buildChangeset(offer: OfferDefinition, choice: OfferChoice, order: OrderContext, flow?: FlowState | null): BuiltChangeset {
  const { option, plan } = resolveChoice(offer, choice, order, flow);
  const changes = offer.items.map((item): PostPurchaseChange => {
    const discount = explicitDiscount(offer.discount, item, plan, option);
    if (option === "subscription" && plan) {
      return {
        type: "add_subscription",
        variantId: toNumericId("ProductVariant", item.variantId),
        sellingPlanId: toNumericId("SellingPlan", plan.id),
        quantity: item.quantity,
        ...subscriptionShipping(offer, order.currency),
        ...(discount ? { discount } : {}),
      };
    }
    return { type: "add_variant", variantId: toNumericId("ProductVariant", item.variantId), quantity: item.quantity, ...(discount ? { discount } : {}) };
  });
  const amount = priceOffer({ items: offer.items, discount: offer.discount, option, plan }).acceptPrice;
  return { changes, option, plan, amount };
}

function subscriptionShipping(offer: OfferDefinition, currency: string): Pick<AddSubscriptionChange, "initialShippingPrice" | "recurringShippingPrice" | "shippingOption"> {
  const { initialMinor, recurringMinor } = offer.subscriptionShipping;
  const free = initialMinor === 0 && recurringMinor === 0;
  return {
    initialShippingPrice: toDecimalNumber(money(initialMinor, currency)),
    recurringShippingPrice: toDecimalNumber(money(recurringMinor, currency)),
    shippingOption: { title: "Subscription shipping", presentmentTitle: free ? "Free shipping" : "Shipping" },
  };
}

/** Checks the choice: the option must be on offer for this order, the plan on the product and not against a lock. */
export function resolveChoice(
  offer: OfferDefinition,
  choice: OfferChoice,
  order: OrderContext,
  flow?: FlowState | null,
): { option: ChosenOption; plan: SellingPlan | null } {
  if (offer.items.length === 0) throw new ChangesetChoiceError("offer_has_no_items", "This offer has no product to add");
  const foreign = offer.items.find((item) => item.currency !== order.currency);
  if (foreign) {
    throw new ChangesetChoiceError("currency_mismatch", `The order is in ${order.currency} but the offer is priced in ${foreign.currency}`);
  }

  const options = resolvePurchaseOptions(offer, optionContext(order, flow));
  if (!options.allowed.includes(choice.option)) {
    const removed = options.removed.find((r) => r.option === choice.option);
    if (!options.configured.includes(choice.option)) {
      throw new ChangesetChoiceError("option_not_offered", `This offer is not sold as ${choice.option === "subscription" ? "a subscription" : "a one-time purchase"}`);
    }
    if (removed?.code === "several_products") throw new ChangesetChoiceError("subscription_needs_single_product", removed.message);
    if (choice.option === "subscription") {
      throw new ChangesetChoiceError("subscription_not_allowed_on_order", `A subscription cannot be added to this order: ${removed?.message ?? "not allowed"}`);
    }
    throw new ChangesetChoiceError("one_time_not_allowed", removed?.message ?? "This offer cannot be bought one-time");
  }

  const hasPlan = choice.sellingPlanId !== undefined && choice.sellingPlanId !== null && choice.sellingPlanId !== "";
  if (choice.option === "one_time") {
    if (hasPlan) throw new ChangesetChoiceError("plan_not_allowed_for_one_time", "A one-time purchase cannot carry a selling plan");
    return { option: "one_time", plan: null };
  }

  const plans = resolvePlans(offer);
  if (!hasPlan) {
    if (!plans.defaultPlan) throw new ChangesetChoiceError("no_selling_plan", "The product has no selling plan to subscribe with");
    return { option: "subscription", plan: plans.defaultPlan };
  }
  const wanted = tryToGid("SellingPlan", choice.sellingPlanId as string | number);
  const plan = plans.plans.find((p) => p.id === wanted);
  if (!plan) throw new ChangesetChoiceError("plan_not_on_product", `Selling plan ${String(choice.sellingPlanId)} is not offered with this product`);
  if (plans.lockedPlan && plans.lockedPlan.id !== plan.id) {
    throw new ChangesetChoiceError("plan_locked", `This offer is locked to the plan "${plans.lockedPlan.name}"`);
  }
  return { option: "subscription", plan };
}

function explicitDiscount(discount: Discount, item: OfferItem, plan: SellingPlan | null, option: ChosenOption): ExplicitDiscount | undefined {
  if (discount.type === "none" || discount.value <= 0) return undefined;
  const suffix = option === "subscription" ? " first delivery" : "";
  if (discount.type === "percentage") {
    const percent = Math.min(discount.value, MAX_PERCENT_BASIS_POINTS) / 100;
    return { value: percent, valueType: "percentage", title: `${percent}% off${suffix}` };
  }
  // Capped at the line total, as pricing shows it, so the shopper is charged what they saw.
  const lineTotal = priceOffer({ items: [item], discount: { type: "none", value: 0 }, option, plan }).regularSubtotal;
  const amount = discountAmount(lineTotal, discount);
  if (amount.amountMinor === 0) return undefined;
  return { value: toDecimalNumber(amount), valueType: "fixed_amount", title: `${formatMoney(money(amount.amountMinor, amount.currency), "en-US")} off${suffix}` };
}
