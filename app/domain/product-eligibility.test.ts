/**
 * Which products each picker may offer (WIZ-1, WIZ-3 and the editor's offer rules), and a
 * picked product as the wizard's choice.
 */
import { describe, expect, it } from "vitest";
import type { SellingPlan } from "./funnel-schemas";
import { choiceFromProduct, productEligibility, WIZ1_NO_PLANS, WIZ3_BUNDLE, WIZ3_SUBSCRIPTION_ONLY, type PickerMode, type PickerProduct } from "./product-eligibility";

const PLAN: SellingPlan = { id: "gid://shopify/SellingPlan/3001", name: "Monthly", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1 };
const standard = { subscriptionOnly: false, isBundle: false, sellingPlans: [] as SellingPlan[] };
const withPlans = { ...standard, sellingPlans: [PLAN] };
const subscriptionOnly = { ...withPlans, subscriptionOnly: true };
const bundle = { ...withPlans, isBundle: true };
const subscriptionOnlyBundle = { ...subscriptionOnly, isBundle: true };
const UPSELL_SUBSCRIPTION_ONLY = "Can only be sold as a subscription: offer it in a subscription upsell instead.";

describe("WIZ-1 / WIZ-3: picker eligibility", () => {
  it.each<[PickerMode, string, Pick<PickerProduct, "subscriptionOnly" | "isBundle" | "sellingPlans">, string | null]>([
    ["trigger", "any product", subscriptionOnlyBundle, null],
    ["upgrade_trigger", "a product with selling plans", withPlans, null],
    ["upgrade_trigger", "a product without selling plans", standard, WIZ1_NO_PLANS],
    ["upgrade_offer", "a standard product", standard, null],
    ["upgrade_offer", "a bundle", bundle, WIZ3_BUNDLE],
    ["upgrade_offer", "a subscription-only product", subscriptionOnly, WIZ3_SUBSCRIPTION_ONLY],
    ["upgrade_offer", "a subscription-only bundle (the bundle reason first)", subscriptionOnlyBundle, WIZ3_BUNDLE],
    ["replacement", "a subscription-only product", subscriptionOnly, null],
    ["replacement", "a bundle", bundle, WIZ3_BUNDLE],
    ["product_upsell", "a product with plans", withPlans, null],
    ["product_upsell", "a bundle", bundle, WIZ3_BUNDLE],
    ["product_upsell", "a subscription-only product", subscriptionOnly, UPSELL_SUBSCRIPTION_ONLY],
    ["product_upsell", "a subscription-only bundle (the bundle reason first)", subscriptionOnlyBundle, WIZ3_BUNDLE],
    ["subscription_upsell", "a subscription-only product", subscriptionOnly, null],
    ["subscription_upsell", "a bundle", bundle, WIZ3_BUNDLE],
  ])("WIZ-3: in the %s picker, %s → refused for: %j", (mode, _label, product, reason) => {
    expect(productEligibility(product, mode)).toEqual({ allowed: reason === null, reason });
  });

  it("WIZ-3: each refusal says why and what to do instead", () => {
    expect(WIZ3_SUBSCRIPTION_ONLY).toContain("Allow one-time purchase on it in Shopify, or pick another product.");
    expect(WIZ3_BUNDLE).toContain("Pick a standard product instead");
    expect(WIZ1_NO_PLANS).toContain("Only subscription products can trigger an upgrade.");
  });
});

describe("WIZ-2: a picked product as the wizard's choice", () => {
  const product = (variants: PickerProduct["variants"], extra: Partial<PickerProduct> = {}): PickerProduct => ({
    id: "gid://shopify/Product/1001",
    title: "Morning Roast Coffee",
    imageUrl: "/coffee.svg",
    status: "ACTIVE",
    subscriptionOnly: false,
    isBundle: false,
    sellingPlans: [PLAN],
    variants,
    currency: "EUR",
    onlineStoreUrl: null,
    ...extra,
  });
  const v = (id: string, isBundle = false) => ({ id: `gid://shopify/ProductVariant/${id}`, title: `V${id}`, priceMinor: Number(id), isBundle });

  it("takes the named variant", () => {
    expect(choiceFromProduct(product([v("1"), v("2")]), v("2").id)).toEqual({
      id: "gid://shopify/Product/1001",
      title: "Morning Roast Coffee",
      imageUrl: "/coffee.svg",
      variantId: v("2").id,
      variantTitle: "V2",
      priceMinor: 2,
      currency: "EUR",
      subscriptionOnly: false,
      isBundle: false,
      sellingPlans: [PLAN],
    });
  });

  it.each<[string, PickerProduct["variants"], string | null | undefined, string]>([
    ["no variant named: the first standard variant", [v("1", true), v("2"), v("3")], undefined, "2"],
    ["an unknown variant: the first standard variant", [v("1", true), v("2")], "gid://shopify/ProductVariant/9", "2"],
    ["only bundle variants: the first one", [v("1", true), v("2", true)], null, "1"],
  ])("%s", (_label, variants, variantId, expected) => {
    expect(choiceFromProduct(product(variants), variantId).variantId).toBe(v(expected).id);
  });

  it("a bundle variant makes the choice a bundle, as does a bundle product", () => {
    expect(choiceFromProduct(product([v("1", true)])).isBundle).toBe(true);
    expect(choiceFromProduct(product([v("1")], { isBundle: true })).isBundle).toBe(true);
    expect(choiceFromProduct(product([v("1")], { subscriptionOnly: true })).subscriptionOnly).toBe(true);
  });

  it("a product without variants has an empty, free variant", () => {
    expect(choiceFromProduct(product([]))).toMatchObject({ variantId: "", variantTitle: "", priceMinor: 0, isBundle: false });
  });
});
