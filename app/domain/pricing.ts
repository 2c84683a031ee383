/**
 * Offer price maths (UPS-3, UPS-4), exact in integer minor units.
 *
 * Rules, in the order they apply:
 * - A selling plan's own adjustment turns the one-time unit price into the plan's
 *   per-delivery price: a percentage off ("Subscribe & save 10 %"), a fixed amount off
 *   each charge (spread over its deliveries) or a fixed price. A recurring policy
 *   replaces it from cycle `afterCycle + 1` (audit S-12).
 * - Prepaid plans (billed every 6 months, delivered monthly) charge every delivery of
 *   the billing period up front: charge = per-delivery price × deliveries per billing.
 * - The offer's discount applies to the FIRST cycle only and to each offered line's
 *   total (unit price × quantity): percentage in basis points, capped at 100 %; a fixed
 *   amount never takes a line below zero.
 * - Rounding: every percentage amount (plan adjustment, discount) is rounded half up
 *   to the minor unit; the rest is integer arithmetic and needs no rounding.
 * - The recurring subtotal is the regular plan charge: no first-cycle discount.
 *
 * These numbers are what the offer shows before anything is signed. Shopify prices the
 * changeset itself (calculateChangeset), which stays the authority for taxes and
 * shipping.
 */
import type { ChosenOption, Discount, OfferItem, PlanAdjustment, SellingPlan } from "./funnel-schemas";
import { add, basisPointsOf, minMoney, money, multiply, subtract, sum, zero, type Money } from "./money";

export const MAX_PERCENT_BASIS_POINTS = 10_000;

/** Thrown when an offer cannot be priced as asked (a plan the item does not have…). */
export class PricingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PricingError";
  }
}

export interface DiscountedAmount {
  /** Before the first-cycle discount. */
  regular: Money;
  /** After it: what the shopper pays now. */
  discounted: Money;
  savings: Money;
}

/** The first-cycle discount on one line total (UPS-3). */
export function applyFirstCycleDiscount(lineTotal: Money, discount: Discount): DiscountedAmount {
  const savings = discountAmount(lineTotal, discount);
  return { regular: lineTotal, discounted: subtract(lineTotal, savings), savings };
}

/** How much `discount` takes off `lineTotal`: never more than the line, never negative. */
export function discountAmount(lineTotal: Money, discount: Discount): Money {
  if (lineTotal.amountMinor <= 0) return zero(lineTotal.currency);
  if (discount.type === "percentage") {
    const basisPoints = Math.min(Math.max(discount.value, 0), MAX_PERCENT_BASIS_POINTS);
    return money(basisPointsOf(lineTotal.amountMinor, basisPoints), lineTotal.currency);
  }
  if (discount.type === "fixed_amount") {
    return minMoney(money(Math.max(discount.value, 0), lineTotal.currency), lineTotal);
  }
  return zero(lineTotal.currency);
}

/** The adjustment Shopify applies on `cycle` (1 = the first charge). */
export function planAdjustmentFor(plan: SellingPlan, cycle: number): PlanAdjustment | null {
  if (!plan.pricing) return plan.percentOff ? { type: "percentage", percent: plan.percentOff } : null;
  const { initial, later } = plan.pricing;
  return later && cycle > later.afterCycle ? later.adjustment : initial;
}

/** The plan's per-delivery unit price on `cycle`: the one-time price after the plan's own adjustment. */
export function planUnitPriceMinor(unitPriceMinor: number, plan: SellingPlan, cycle = 1): number {
  const adjustment = planAdjustmentFor(plan, cycle);
  if (!adjustment) return unitPriceMinor;
  switch (adjustment.type) {
    case "percentage": {
      const basisPoints = Math.min(Math.round(adjustment.percent * 100), MAX_PERCENT_BASIS_POINTS);
      return unitPriceMinor - basisPointsOf(unitPriceMinor, basisPoints);
    }
    case "fixed_amount":
      // Shopify divides a charge's fixed discount among its deliveries (SellingPlanFixedPricingPolicy).
      return Math.max(0, unitPriceMinor - Math.round(adjustment.amountMinor / deliveriesPerBilling(plan)));
    case "price":
      return adjustment.amountMinor;
  }
}

/** The first cycle after the first charge whose price differs from the next charge's, if any. */
function laterPriceCycle(plan: SellingPlan): number | null {
  const later = plan.pricing?.later;
  return later && later.afterCycle >= 2 ? later.afterCycle + 1 : null;
}

/** Deliveries paid per charge: 6 for "billed every 6 months, delivered monthly", else 1. */
export function deliveriesPerBilling(plan: SellingPlan): number {
  return Math.max(1, Math.floor(plan.billingIntervalCount / plan.deliveryIntervalCount));
}

const UNIT_ADVERB: Record<SellingPlan["intervalUnit"], string> = { day: "daily", week: "weekly", month: "monthly", year: "yearly" };

/** "every month", "every 2 weeks". */
export function everyText(count: number, unit: SellingPlan["intervalUnit"]): string {
  return count === 1 ? `every ${unit}` : `every ${count} ${unit}s`;
}

/**
 * The cadence shown next to a recurring price: "every month", "every 2 months", and for
 * prepaid plans the billing period with the delivery rhythm: "every 6 months, delivered monthly".
 */
export function cadenceText(plan: Pick<SellingPlan, "intervalUnit" | "deliveryIntervalCount" | "billingIntervalCount">): string {
  const billing = everyText(plan.billingIntervalCount, plan.intervalUnit);
  if (plan.billingIntervalCount === plan.deliveryIntervalCount) return billing;
  const delivery = plan.deliveryIntervalCount === 1 ? UNIT_ADVERB[plan.intervalUnit] : everyText(plan.deliveryIntervalCount, plan.intervalUnit);
  return `${billing}, delivered ${delivery}`;
}

export interface PricedLine {
  itemId: string;
  quantity: number;
  /** Unit price of the chosen option (the plan's per-delivery price for a subscription). */
  unitPrice: Money;
  /** Line total before the first-cycle discount. */
  regularTotal: Money;
  /** Line total the shopper pays now (the line subtotal, UPS-3). */
  firstCycleTotal: Money;
  savings: Money;
  /** What the next charge (cycle 2) costs: the plan charge without the first-cycle discount; null for one-time lines. */
  recurringTotal: Money | null;
}

export interface OfferPrice {
  option: ChosenOption;
  currency: string;
  lines: PricedLine[];
  /** Sum before the first-cycle discount ("original" price). */
  regularSubtotal: Money;
  /** What the accept button charges (UPS-3/UPS-4). */
  acceptPrice: Money;
  savings: Money;
  /**
   * "Recurring subtotal": the next charge (cycle 2) and its cadence; null for one-time.
   * `later`: when a recurring pricing policy changes the price further on.
   */
  recurring: { subtotal: Money; cadence: string; plan: SellingPlan; later: { fromCycle: number; subtotal: Money } | null } | null;
  /** The order's total plus the accept price, when the order total was given. */
  orderTotalAfterAccept: Money | null;
}

export interface PriceOfferInput {
  items: readonly OfferItem[];
  discount: Discount;
  option: ChosenOption;
  /** Required for a subscription: the plan must be on every item. */
  plan?: SellingPlan | null;
  /** The initial purchase's total, in the same currency. */
  orderTotal?: Money | null;
}

/** Prices an offer for one purchase option (and plan). */
export function priceOffer(input: PriceOfferInput): OfferPrice {
  const [firstItem] = input.items;
  if (!firstItem) throw new PricingError("An offer needs at least one product to be priced");
  const currency = firstItem.currency;
  const plan = input.option === "subscription" ? input.plan ?? null : null;
  if (input.option === "subscription" && plan === null) throw new PricingError("A subscription price needs a selling plan");

  const lines = input.items.map((item) => priceLine(item, currency, input.discount, plan));
  const regularSubtotal = sum(lines.map((l) => l.regularTotal), currency);
  const acceptPrice = sum(lines.map((l) => l.firstCycleTotal), currency);
  const recurring =
    plan === null
      ? null
      : { subtotal: sum(lines.map((l) => l.recurringTotal ?? zero(currency)), currency), cadence: cadenceText(plan), plan, later: laterCharge(input.items, currency, plan) };
  return {
    option: input.option,
    currency,
    lines,
    regularSubtotal,
    acceptPrice,
    savings: subtract(regularSubtotal, acceptPrice),
    recurring,
    orderTotalAfterAccept: input.orderTotal ? add(input.orderTotal, acceptPrice) : null,
  };
}

/** What the offered lines cost together on `cycle` of `plan`, no first-cycle discount. */
function chargeFor(items: readonly OfferItem[], currency: string, plan: SellingPlan, cycle: number): Money {
  return sum(items.map((item) => priceLine(item, currency, { type: "none", value: 0 }, plan, cycle).regularTotal), currency);
}

function laterCharge(items: readonly OfferItem[], currency: string, plan: SellingPlan): { fromCycle: number; subtotal: Money } | null {
  const fromCycle = laterPriceCycle(plan);
  return fromCycle === null ? null : { fromCycle, subtotal: chargeFor(items, currency, plan, fromCycle) };
}

function priceLine(item: OfferItem, currency: string, discount: Discount, plan: SellingPlan | null, cycle = 1): PricedLine {
  if (item.currency !== currency) throw new PricingError(`Offer items mix ${currency} and ${item.currency}`);
  let unitPrice = money(item.priceMinor, currency);
  let charges = 1;
  if (plan !== null) {
    const own = item.sellingPlans.find((p) => p.id === plan.id);
    if (!own) throw new PricingError(`Selling plan ${plan.id} is not offered with ${item.productTitle}`);
    unitPrice = money(planUnitPriceMinor(item.priceMinor, own, cycle), currency);
    charges = deliveriesPerBilling(own);
  }
  const regularTotal = multiply(unitPrice, item.quantity * charges);
  const { discounted, savings } = applyFirstCycleDiscount(regularTotal, discount);
  return {
    itemId: item.id,
    quantity: item.quantity,
    unitPrice,
    regularTotal,
    firstCycleTotal: discounted,
    savings,
    recurringTotal: plan === null ? null : cycle === 1 ? priceLine(item, currency, { type: "none", value: 0 }, plan, 2).regularTotal : regularTotal,
  };
}
