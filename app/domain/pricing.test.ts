import { describe, expect, it } from "vitest";
import { catalogItem, DECAF, makeOffer, MORNING_ROAST, MUG } from "../../tests/support/catalog-offers";
import type { Discount, SellingPlan } from "./funnel-schemas";
import { money } from "./money";
import { applyFirstCycleDiscount, cadenceText, deliveriesPerBilling, discountAmount, planUnitPriceMinor, priceOffer, PricingError } from "./pricing";

const sellingPlan = (extra: Partial<SellingPlan>): SellingPlan => ({ id: "gid://shopify/SellingPlan/1", name: "Plan", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1, ...extra });
import { first } from "../../tests/support/entries";

const monthlyPlan = (price: number) =>
  makeOffer({
    id: "o",
    kind: "subscription_upsell",
    purchaseOption: "subscription",
    items: [
      {
        id: "i",
        productId: 9001,
        variantId: 9101,
        productTitle: "Moisturizer",
        priceMinor: price,
        currency: "USD",
        sellingPlans: [{ id: 9201, name: "Monthly", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1 }],
      },
    ],
  });

describe("pricing: the SPEC's worked examples (UPS-4)", () => {
  it.each([
    // $30 one-time order + $25/month plan at 20 % off
    { label: "$25/month at 20 % off after a $30 order", price: 2500, discount: { type: "percentage", value: 2000 }, order: 3000, accept: 2000, recurring: 2500, total: 5000 },
    // 100 % off a $40 plan: first delivery free
    { label: "100 % off a $40 plan", price: 4000, discount: { type: "percentage", value: 10000 }, order: 3000, accept: 0, recurring: 4000, total: 3000 },
  ] as const)("UPS-4: $label → accept $accept, recurring $recurring every month, order total $total", ({ price, discount, order, accept, recurring, total }) => {
    const offer = monthlyPlan(price);
    const result = priceOffer({ items: offer.items, discount, option: "subscription", plan: first(offer.items).sellingPlans[0], orderTotal: money(order, "USD") });
    expect(result.acceptPrice).toEqual(money(accept, "USD"));
    expect(first(result.lines).firstCycleTotal).toEqual(money(accept, "USD"));
    expect(result.recurring?.subtotal).toEqual(money(recurring, "USD"));
    expect(result.recurring?.cadence).toBe("every month");
    expect(result.orderTotalAfterAccept).toEqual(money(total, "USD"));
  });
});

describe("pricing: first-cycle discount (UPS-3)", () => {
  const line = money(2500, "USD");
  it.each<[string, Discount, number, number]>([
    ["no discount", { type: "none", value: 0 }, 2500, 0],
    ["20 % off", { type: "percentage", value: 2000 }, 2000, 500],
    ["12.5 % off (half a cent rounds up in the shopper's favour)", { type: "percentage", value: 1250 }, 2187, 313],
    ["a percentage above 100 % is capped at 100 %", { type: "percentage", value: 15000 }, 0, 2500],
    ["$5 fixed off", { type: "fixed_amount", value: 500 }, 2000, 500],
    ["a fixed amount larger than the price stops at zero, never negative", { type: "fixed_amount", value: 9999 }, 0, 2500],
  ])("UPS-3: %s", (_label, discount, discounted, savings) => {
    const result = applyFirstCycleDiscount(line, discount);
    expect(result.discounted).toEqual(money(discounted, "USD"));
    expect(result.savings).toEqual(money(savings, "USD"));
    expect(result.regular).toEqual(line);
  });

  // Discounts that slipped past the schema (it refuses them) still never raise a price
  // or take a line below zero.
  it.each<[string, number, Discount, number]>([
    ["a negative percentage takes nothing off", 2500, { type: "percentage", value: -500 }, 0],
    ["a negative fixed amount takes nothing off", 2500, { type: "fixed_amount", value: -500 }, 0],
    ["exactly 100 % takes the whole line", 2500, { type: "percentage", value: 10000 }, 2500],
    ["a fixed amount equal to the line takes the whole line", 2500, { type: "fixed_amount", value: 2500 }, 2500],
    ["a fixed amount one cent under the line leaves one cent", 2500, { type: "fixed_amount", value: 2499 }, 2499],
    ["a free line has nothing to discount", 0, { type: "percentage", value: 2000 }, 0],
    ["a negative line total is never discounted", -100, { type: "fixed_amount", value: 50 }, 0],
    ["a negative line total is never discounted by a percentage", -100, { type: "percentage", value: 5000 }, 0],
  ])("UPS-3: %s", (_label, lineMinor, discount, expected) => {
    expect(discountAmount(money(lineMinor, "USD"), discount)).toEqual(money(expected, "USD"));
  });

  it("UPS-3: the discount applies to the line total (unit price × quantity)", () => {
    const items = [catalogItem(MUG.variant, { quantity: 2 })].map((i) => first(makeOffer({ id: "o", items: [i] }).items));
    const result = priceOffer({ items, discount: { type: "percentage", value: 1000 }, option: "one_time" });
    expect(result.regularSubtotal).toEqual(money(3600, "USD"));
    expect(result.acceptPrice).toEqual(money(3240, "USD"));
    expect(result.recurring).toBeNull();
  });

  it("UPS-3: a one-time price is never shown with a recurring subtotal", () => {
    const offer = makeOffer({ id: "o", items: [catalogItem(MORNING_ROAST.variant12oz)] });
    const result = priceOffer({ items: offer.items, discount: { type: "none", value: 0 }, option: "one_time", orderTotal: money(1000, "USD") });
    expect(result.acceptPrice).toEqual(money(2000, "USD"));
    expect(result.recurring).toBeNull();
    expect(result.orderTotalAfterAccept).toEqual(money(3000, "USD"));
  });
});

describe("pricing: selling plans", () => {
  const roast = makeOffer({ id: "o", kind: "subscription_upsell", purchaseOption: "both", items: [catalogItem(MORNING_ROAST.variant12oz)] });
  const plan = (id: number) => first(roast.items).sellingPlans.find((p) => p.id === `gid://shopify/SellingPlan/${id}`) as SellingPlan;

  it("UPS-3: the plan's own 10 % off makes the $20 Morning Roast $18.00 a month (the demo subscription's price)", () => {
    const result = priceOffer({ items: roast.items, discount: { type: "none", value: 0 }, option: "subscription", plan: plan(MORNING_ROAST.monthly) });
    expect(result.acceptPrice).toEqual(money(1800, "USD"));
    expect(result.recurring).toMatchObject({ subtotal: money(1800, "USD"), cadence: "every month" });
  });

  it("UPS-3: a prepaid plan charges all deliveries of the billing period: 6 × $17.00 every 6 months, delivered monthly", () => {
    const result = priceOffer({ items: roast.items, discount: { type: "percentage", value: 1000 }, option: "subscription", plan: plan(MORNING_ROAST.prepaid6Months) });
    expect(first(result.lines).unitPrice).toEqual(money(1700, "USD"));
    expect(result.regularSubtotal).toEqual(money(10200, "USD"));
    expect(result.acceptPrice).toEqual(money(9180, "USD"));
    expect(result.recurring).toMatchObject({ subtotal: money(10200, "USD"), cadence: "every 6 months, delivered monthly" });
  });

  it.each<[string, Pick<SellingPlan, "intervalUnit" | "deliveryIntervalCount" | "billingIntervalCount">, string]>([
    ["monthly", { intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1 }, "every month"],
    ["every 2 months", { intervalUnit: "month", deliveryIntervalCount: 2, billingIntervalCount: 2 }, "every 2 months"],
    ["prepaid 6 months", { intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 6 }, "every 6 months, delivered monthly"],
    ["weekly", { intervalUnit: "week", deliveryIntervalCount: 1, billingIntervalCount: 1 }, "every week"],
    ["prepaid 4 weeks delivered every 2", { intervalUnit: "week", deliveryIntervalCount: 2, billingIntervalCount: 4 }, "every 4 weeks, delivered every 2 weeks"],
    ["every 10 days", { intervalUnit: "day", deliveryIntervalCount: 10, billingIntervalCount: 10 }, "every 10 days"],
    ["yearly", { intervalUnit: "year", deliveryIntervalCount: 1, billingIntervalCount: 1 }, "every year"],
  ])("UPS-3: cadence text for %s is %j", (_label, plan, expected) => {
    expect(cadenceText(plan)).toBe(expected);
  });

  it.each<[string, Partial<SellingPlan>, number, number]>([
    ["the plan's 10 % off", { percentOff: 10 }, 2000, 1800],
    ["no adjustment", {}, 2000, 2000],
    ["0 %", { percentOff: 0 }, 2000, 2000],
    ["12.5 % rounds the half cent up in the shopper's favour", { percentOff: 12.5 }, 999, 874],
    ["33.333 % is 3333 basis points", { percentOff: 33.333 }, 1000, 667],
    ["33.335 % rounds to 3334 basis points", { percentOff: 33.335 }, 10000, 6666],
    ["100 % makes it free", { percentOff: 100 }, 2000, 0],
    ["above 100 % is capped at free, never negative", { percentOff: 150 }, 2000, 0],
  ])("UPS-3: plan unit price with %s", (_label, extra, unit, expected) => {
    expect(planUnitPriceMinor(unit, sellingPlan(extra))).toBe(expected);
  });

  it.each<[number, number, number]>([
    [1, 1, 1],
    [1, 6, 6],
    [2, 4, 2],
    [2, 5, 2],
    [3, 2, 1],
    [2, 1, 1],
  ])("UPS-3: delivered every %i, billed every %i → %i deliveries per charge", (delivery, billing, expected) => {
    expect(deliveriesPerBilling(sellingPlan({ deliveryIntervalCount: delivery, billingIntervalCount: billing }))).toBe(expected);
  });

  it.each<[SellingPlan["intervalUnit"], string]>([
    ["day", "every 7 days, delivered daily"],
    ["week", "every 7 weeks, delivered weekly"],
    ["year", "every 7 years, delivered yearly"],
  ])("UPS-3: a prepaid %s plan delivered every unit", (intervalUnit, expected) => {
    expect(cadenceText({ intervalUnit, deliveryIntervalCount: 1, billingIntervalCount: 7 })).toBe(expected);
  });

  it("UPS-3: a one-time price ignores a plan passed with it", () => {
    const result = priceOffer({ items: roast.items, discount: { type: "none", value: 0 }, option: "one_time", plan: plan(MORNING_ROAST.monthly) });
    expect(result).toMatchObject({ option: "one_time", currency: "USD", acceptPrice: money(2000, "USD"), recurring: null, orderTotalAfterAccept: null });
    expect(result.lines).toEqual([
      { itemId: first(roast.items).id, quantity: 1, unitPrice: money(2000, "USD"), regularTotal: money(2000, "USD"), firstCycleTotal: money(2000, "USD"), savings: money(0, "USD"), recurringTotal: null },
    ]);
  });

  it("UPS-3 / UPS-4: a two-line subscription sums lines, savings and the recurring charge (quantity × plan price × deliveries)", () => {
    const monthly = { id: 9201, name: "Monthly", intervalUnit: "month" as const, deliveryIntervalCount: 1, billingIntervalCount: 2, percentOff: 10 };
    const offer = makeOffer({
      id: "o",
      kind: "subscription_upsell",
      purchaseOption: "subscription",
      items: [
        { id: "a", productId: 1, variantId: 11, productTitle: "A", priceMinor: 1000, currency: "USD", quantity: 3, sellingPlans: [monthly] },
        { id: "b", productId: 2, variantId: 12, productTitle: "B", priceMinor: 500, currency: "USD", sellingPlans: [monthly] },
      ],
    });
    const result = priceOffer({ items: offer.items, discount: { type: "fixed_amount", value: 700 }, option: "subscription", plan: first(offer.items).sellingPlans[0] ?? null, orderTotal: money(100, "USD") });
    // A: 3 × $9.00 × 2 deliveries = $54.00 − $7.00; B: 1 × $4.50 × 2 = $9.00 − $7.00.
    expect(result.lines.map((l) => [l.unitPrice.amountMinor, l.regularTotal.amountMinor, l.firstCycleTotal.amountMinor, l.savings.amountMinor, l.recurringTotal?.amountMinor])).toEqual([
      [900, 5400, 4700, 700, 5400],
      [450, 900, 200, 700, 900],
    ]);
    expect(result).toMatchObject({ regularSubtotal: money(6300, "USD"), acceptPrice: money(4900, "USD"), savings: money(1400, "USD"), orderTotalAfterAccept: money(5000, "USD") });
    expect(result.recurring).toMatchObject({ subtotal: money(6300, "USD"), cadence: "every 2 months, delivered monthly" });
  });

  it("refuses an offer whose items mix currencies, naming both", () => {
    const items = [catalogItem(MUG.variant), catalogItem(MUG.variant, { id: "eur", currency: "EUR" })].map((i) => first(makeOffer({ id: "o", items: [i] }).items));
    expect(() => priceOffer({ items, discount: { type: "none", value: 0 }, option: "one_time" })).toThrow("Offer items mix USD and EUR");
  });

  it.each([
    ["a subscription without a plan", () => priceOffer({ items: roast.items, discount: { type: "none", value: 0 }, option: "subscription" })],
    [
      "a plan the product does not have",
      () => {
        const decaf = makeOffer({ id: "d", items: [catalogItem(DECAF.variant)] });
        return priceOffer({ items: roast.items, discount: { type: "none", value: 0 }, option: "subscription", plan: first(decaf.items).sellingPlans[0] });
      },
    ],
    ["an offer without products", () => priceOffer({ items: [], discount: { type: "none", value: 0 }, option: "one_time" })],
  ])("refuses to price %s", (_label, run) => {
    expect(run).toThrow(PricingError);
    expect(run).toThrow(expect.objectContaining({ name: "PricingError" }));
  });
});

describe("every selling-plan pricing policy (audit S-12)", () => {
  const plan = (pricing: SellingPlan["pricing"], counts = { deliveryIntervalCount: 1, billingIntervalCount: 1 }): SellingPlan => ({
    id: "gid://shopify/SellingPlan/9901",
    name: "Plan",
    intervalUnit: "month",
    ...counts,
    pricing,
  });
  const priced = (p: SellingPlan, discount: Discount = { type: "none", value: 0 }) => {
    const item = { ...catalogItem(MUG.variant), priceMinor: 2000 };
    const offer = makeOffer({ id: "o", kind: "subscription_upsell", purchaseOption: "subscription", items: [{ ...item, sellingPlans: [p] }] });
    return priceOffer({ items: offer.items, discount, option: "subscription", plan: offer.items[0]?.sellingPlans[0] ?? null });
  };

  it.each<[string, SellingPlan["pricing"], number, number]>([
    ["a percentage off ($20 at 15 % → $17.00)", { initial: { type: "percentage", percent: 15 }, later: null }, 1700, 1700],
    ["a fixed amount off ($20 less $3.00 → $17.00)", { initial: { type: "fixed_amount", amountMinor: 300 }, later: null }, 1700, 1700],
    ["a fixed price ($12.50)", { initial: { type: "price", amountMinor: 1250 }, later: null }, 1250, 1250],
    ["no policy at all (the one-time price)", { initial: null, later: null }, 2000, 2000],
    ["20 % off the first charge, then 10 % after cycle 1", { initial: { type: "percentage", percent: 20 }, later: { afterCycle: 1, adjustment: { type: "percentage", percent: 10 } } }, 1600, 1800],
  ])("audit S-12: %s", (_label, pricing, firstCharge, nextCharge) => {
    const price = priced(plan(pricing));
    expect(price.acceptPrice.amountMinor).toBe(firstCharge);
    expect(price.recurring?.subtotal.amountMinor).toBe(nextCharge);
  });

  it("audit S-12: a recurring policy after 3 cycles is reported with the cycle it starts on", () => {
    const price = priced(plan({ initial: { type: "price", amountMinor: 1000 }, later: { afterCycle: 3, adjustment: { type: "price", amountMinor: 1500 } } }));
    expect(price.acceptPrice.amountMinor).toBe(1000);
    expect(price.recurring?.subtotal.amountMinor).toBe(1000);
    expect(price.recurring?.later).toEqual({ fromCycle: 4, subtotal: money(1500, "USD") });
  });

  it("audit S-12: a prepaid plan's fixed amount is spread over the deliveries of one charge (6 × $20 less $12 → $108)", () => {
    const price = priced(plan({ initial: { type: "fixed_amount", amountMinor: 1200 }, later: null }, { deliveryIntervalCount: 1, billingIntervalCount: 6 }));
    expect(price.acceptPrice.amountMinor).toBe(10_800);
  });

  it("audit S-12: an older snapshot with percentOff alone keeps its price", () => {
    const legacy: SellingPlan = { id: "gid://shopify/SellingPlan/9902", name: "Old", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1, percentOff: 10 };
    expect(priced(legacy).acceptPrice.amountMinor).toBe(1800);
  });
});
