import { describe, expect, it } from "vitest";
import { OfferDefinitionSchema, type OrderLine } from "~/domain/funnel-schemas";
import { buildEventProperties } from "./event-builders";
import { toDiscount, toInterval, upgradeOfferFacts, upsellOfferFacts } from "./offer-facts";

const monthlyPlan = { id: "gid://shopify/SellingPlan/3001", name: "Delivered monthly", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1 };
const item = (extra: Record<string, unknown> = {}) => ({
  id: "item-1",
  productId: "gid://shopify/Product/1006",
  variantId: "gid://shopify/ProductVariant/2007",
  productTitle: "Double Bag",
  priceMinor: 1500,
  currency: "USD",
  ...extra,
});
const upgradeOffer = OfferDefinitionSchema.parse({
  id: "offer-up",
  kind: "subscription_upgrade",
  items: [
    item({
      upgrade: {
        triggerProductId: "gid://shopify/Product/1001",
        triggerProductTitle: "Morning Roast",
        triggerSellingPlans: [monthlyPlan],
        type: "frequency",
        intervalUnit: "month",
        deliveryIntervalCount: 2,
        billingIntervalCount: 2,
        discount: { type: "percentage", value: 1000 },
      },
    }),
  ],
});
const roastSubscriptionLine: OrderLine = {
  productId: "gid://shopify/Product/1001",
  variantId: "gid://shopify/ProductVariant/2001",
  quantity: 1,
  sellingPlanId: "gid://shopify/SellingPlan/3001",
  totalPriceMinor: 1800,
} as OrderLine;

describe("offer facts (PS-2)", () => {
  it.each([
    [{ intervalUnit: "month", deliveryIntervalCount: 2, billingIntervalCount: 2 }, { unit: "month", deliveryCount: 2, billingCount: 2 }],
    [{ intervalUnit: "YEAR", deliveryIntervalCount: 1, billingIntervalCount: 1 }, { unit: "month", deliveryCount: 12, billingCount: 12 }],
    [{ intervalUnit: "week", deliveryIntervalCount: 1, billingIntervalCount: 4 }, { unit: "week", deliveryCount: 1, billingCount: 4 }],
    [{ intervalUnit: "month" }, null],
    [null, null],
  ])("PS-2: a plan %j is the interval %j", (plan, expected) => {
    expect(toInterval(plan)).toEqual(expected);
  });

  it.each([
    [{ type: "percentage", value: 2000 }, { type: "percentage", basisPoints: 2000 }],
    [{ type: "fixed_amount", value: 500 }, { type: "fixed_amount", amountMinor: 500, currency: "EUR" }],
    [{ type: "none", value: 0 }, null],
    [{ type: "percentage", value: 0 }, null],
  ] as const)("PS-2: an offer discount %j is %j", (discount, expected) => {
    expect(toDiscount(discount, "EUR")).toEqual(expected);
  });

  it("PS-2: an upgrade offer says old → new frequency, the products and the recurring discount", () => {
    expect(buildEventProperties(upgradeOfferFacts(upgradeOffer, [roastSubscriptionLine]))).toEqual({
      product_title: "Double Bag",
      product_titles: ["Double Bag"],
      trigger_product_title: "Morning Roast",
      upgrade_type: "frequency",
      old_frequency: "every month",
      new_frequency: "every 2 months",
      new_interval_unit: "month",
      new_delivery_interval_count: 2,
      new_billing_interval_count: 2,
      discount: "10% off",
      discount_type: "percentage",
      discount_value: 10,
    });
  });

  it("PS-2: without the subscription line the old frequency is simply absent", () => {
    expect(upgradeOfferFacts(upgradeOffer, []).oldInterval).toBeNull();
  });

  it("PS-2: a subscription upsell names the plan the shopper chose and its first-cycle discount", () => {
    const upsell = OfferDefinitionSchema.parse({
      id: "offer-upsell",
      kind: "subscription_upsell",
      purchaseOption: "both",
      discount: { type: "percentage", value: 2000 },
      items: [item({ productTitle: "Decaf Blend", sellingPlans: [monthlyPlan] })],
    });
    expect(buildEventProperties(upsellOfferFacts(upsell, "3001"))).toMatchObject({
      product_title: "Decaf Blend",
      selling_plan: "Delivered monthly",
      new_frequency: "every month",
      discount: "20% off",
    });
    expect(upsellOfferFacts(upsell, null).sellingPlanName).toBeNull();
  });
});
