import { describe, expect, it } from "vitest";
import { catalogItem, MORNING_ROAST } from "../../tests/support/catalog-offers";
import {
  deriveShopState,
  DiscountSchema,
  OfferItemSchema,
  OrderContextSchema,
  UpgradeSchema,
} from "./funnel-schemas";
import { InvalidIdError, sameId, toGid, toNumericId, tryToGid } from "./ids";
import { orderContextFromInputData } from "./order-input";

describe("ids: numeric legacy ids ↔ GIDs", () => {
  it.each([
    ["Product", 1001, "gid://shopify/Product/1001"],
    ["Product", "1001", "gid://shopify/Product/1001"],
    ["Product", "gid://shopify/Product/1001", "gid://shopify/Product/1001"],
    ["Product", "gid://shopify/Product/001001", "gid://shopify/Product/1001"],
    ["ProductVariant", 2001, "gid://shopify/ProductVariant/2001"],
    ["SellingPlan", " 3001 ", "gid://shopify/SellingPlan/3001"],
  ] as const)("%s id %j normalises to %s", (type, input, expected) => {
    expect(toGid(type, input)).toBe(expected);
  });

  it.each([
    ["Product", "gid://shopify/ProductVariant/2001"],
    ["Product", "abc"],
    ["Product", 0],
    ["Product", -5],
    ["Product", 1.5],
    ["SellingPlan", ""],
    ["Product", "99999999999999999999"],
  ] as const)("refuses %s id %j", (type, input) => {
    expect(tryToGid(type, input)).toBeNull();
    expect(() => toGid(type, input)).toThrow(InvalidIdError);
  });

  it("converts back to the numeric id the post-purchase changeset needs", () => {
    expect(toNumericId("ProductVariant", "gid://shopify/ProductVariant/2007")).toBe(2007);
    expect(toNumericId("SellingPlan", "3001")).toBe(3001);
    expect(() => toNumericId("SellingPlan", "gid://shopify/Product/3001")).toThrow(InvalidIdError);
  });

  it("compares ids whatever their spelling", () => {
    expect(sameId("Product", 1001, "gid://shopify/Product/1001")).toBe(true);
    expect(sameId("Product", 1001, 1002)).toBe(false);
    expect(sameId("Product", null, 1001)).toBe(false);
  });
});

describe("funnel schemas", () => {
  it("normalises the extension's numeric ids to GIDs in the order context", () => {
    const order = OrderContextSchema.parse({
      referenceId: "r1",
      shopDomain: "demo-shop.myshopify.com",
      currency: "USD",
      lineItems: [{ productId: 1001, variantId: "2001", quantity: 1, sellingPlanId: 3001, totalPriceMinor: 1800 }],
      totalMinor: 1800,
    });
    expect(order.lineItems[0]).toMatchObject({
      productId: "gid://shopify/Product/1001",
      variantId: "gid://shopify/ProductVariant/2001",
      sellingPlanId: "gid://shopify/SellingPlan/3001",
    });
  });

  it("accepts the catalog's capitalised interval units and fills item defaults", () => {
    const item = OfferItemSchema.parse(catalogItem(MORNING_ROAST.variant12oz, { quantity: undefined, subscriptionOnly: undefined }));
    expect(item.sellingPlans.map((p) => p.intervalUnit)).toEqual(["month", "month", "month"]);
    expect(item.quantity).toBe(1);
    expect(item.subscriptionOnly).toBe(false);
    expect(item.upgrade).toBeUndefined();
  });

  it.each([
    [{ type: "percentage", value: 2000 }, true],
    [{ type: "percentage", value: 10000 }, true],
    [{ type: "percentage", value: 10001 }, false],
    [{ type: "fixed_amount", value: 500 }, true],
    [{ type: "fixed_amount", value: -1 }, false],
    [{ type: "fixed_amount", value: 1.5 }, false],
    [{ type: "bogus", value: 1 }, false],
  ])("UPS-3: discount %j is valid: %s", (discount, valid) => {
    expect(DiscountSchema.safeParse(discount).success).toBe(valid);
  });

  const upgrade = { triggerProductId: 1001, type: "frequency", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 6 };
  it.each([
    ["a prepaid frequency upgrade", upgrade, true],
    ["billing not a multiple of delivery", { ...upgrade, deliveryIntervalCount: 4, billingIntervalCount: 6 }, false],
    ["a frequency upgrade without an interval", { ...upgrade, intervalUnit: null }, false],
    ["a replacement with variant and quantity", { triggerProductId: 1001, type: "replacement", replacementVariantId: 2007, replacementQuantity: 3 }, true],
    ["a replacement without a variant", { triggerProductId: 1001, type: "replacement", replacementQuantity: 3 }, false],
    ["both, missing the replacement", { ...upgrade, type: "both" }, false],
  ])("WIZ-4: %s is valid: %s", (_label, input, valid) => {
    expect(UpgradeSchema.safeParse(input).success).toBe(valid);
  });
});

describe("shop state (BETA-1, CONN-5)", () => {
  it.each([
    [{ betaEnabled: false, provider: "recharge", providerVerified: true }, false],
    [{ betaEnabled: true, provider: "skio", providerVerified: false }, false],
    [{ betaEnabled: true, provider: null, providerVerified: true }, false],
    [{ betaEnabled: true, provider: "loop", providerVerified: true }, true],
  ] as const)("BETA-1/CONN-5: %j enables upgrades: %s", (input, enabled) => {
    expect(deriveShopState(input).subscriptionUpgradesEnabled).toBe(enabled);
  });
});

describe("order input from the post-purchase extension", () => {
  const bag = (amount: string, currencyCode = "USD") => ({ shopMoney: { amount, currencyCode }, presentmentMoney: { amount, currencyCode } });

  it("RUN-1: converts inputData (numeric ids, decimal strings) into the order context", () => {
    const order = orderContextFromInputData({
      extensionPoint: "Checkout::PostPurchase::Render",
      shop: { id: 1, domain: "demo-shop.myshopify.com", metafields: [] },
      initialPurchase: {
        referenceId: "abc123",
        customerId: 4001,
        totalPriceSet: bag("36.00"),
        lineItems: [
          { product: { id: 1001, title: "Morning Roast Coffee", variant: { id: 2001, title: "12 oz" } }, quantity: 1, totalPriceSet: bag("18.00"), sellingPlanId: 3001 },
          { product: { id: 1004, title: "Ceramic Mug", variant: { id: 2005, title: "Default Title" } }, quantity: 1, totalPriceSet: bag("18") },
        ],
      },
    });
    expect(order).toEqual({
      referenceId: "abc123",
      shopDomain: "demo-shop.myshopify.com",
      currency: "USD",
      customerId: "4001",
      totalMinor: 3600,
      lineItems: [
        { productId: "gid://shopify/Product/1001", variantId: "gid://shopify/ProductVariant/2001", quantity: 1, sellingPlanId: "gid://shopify/SellingPlan/3001", totalPriceMinor: 1800 },
        { productId: "gid://shopify/Product/1004", variantId: "gid://shopify/ProductVariant/2005", quantity: 1, sellingPlanId: null, totalPriceMinor: 1800 },
      ],
    });
  });

  it("OPS-3: uses the presentment currency's decimals (JPY) and rejects malformed input", () => {
    const jpy = orderContextFromInputData({
      shop: { domain: "s.myshopify.com" },
      initialPurchase: { referenceId: "r", totalPriceSet: bag("3000", "JPY"), lineItems: [] },
    });
    expect(jpy).toMatchObject({ currency: "JPY", totalMinor: 3000, customerId: null });
    expect(() => orderContextFromInputData({ shop: { domain: "s" }, initialPurchase: { referenceId: "", totalPriceSet: bag("1"), lineItems: [] } })).toThrow();
  });
});

describe("funnel schemas: refusals name the field and the fix (mutation survivors)", () => {
  const upgrade = { triggerProductId: 1001, type: "frequency", intervalUnit: "MONTH", deliveryIntervalCount: 1, billingIntervalCount: 6 };
  const issues = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
    (result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]);

  it("unit spellings in capitals (Shopify, the catalog) read as the domain's lower case", () => {
    expect(UpgradeSchema.parse(upgrade).intervalUnit).toBe("month");
  });

  it.each<[string, Record<string, unknown>, Array<[string, string]>]>([
    ["a frequency upgrade without an interval", { intervalUnit: null }, [["intervalUnit", "A frequency upgrade needs an interval unit, a delivery and a billing frequency"]]],
    ["a frequency upgrade without a billing frequency", { billingIntervalCount: null }, [["intervalUnit", "A frequency upgrade needs an interval unit, a delivery and a billing frequency"]]],
    ["billing that is not a multiple of delivery", { deliveryIntervalCount: 4, billingIntervalCount: 6 }, [["billingIntervalCount", "Billing frequency must be a whole multiple of the delivery frequency"]]],
    ["a replacement without its variant", { type: "replacement", replacementQuantity: 1 }, [["replacementVariantId", "A replacement upgrade needs a replacement variant and quantity"]]],
    ["both without a replacement quantity", { type: "both", replacementVariantId: 2007 }, [["replacementVariantId", "A replacement upgrade needs a replacement variant and quantity"]]],
  ])("WIZ-4: refuses %s, next to the field", (_label, extra, expected) => {
    expect(issues(UpgradeSchema.safeParse({ ...upgrade, ...extra }))).toEqual(expected);
  });

  it("WIZ-4: a replacement needs no interval; a valid both-upgrade passes", () => {
    expect(UpgradeSchema.safeParse({ triggerProductId: 1001, type: "replacement", replacementVariantId: 2007, replacementQuantity: 2 }).success).toBe(true);
    expect(UpgradeSchema.safeParse({ ...upgrade, type: "both", replacementVariantId: 2007, replacementQuantity: 2 }).success).toBe(true);
  });

  it("refuses an id that is neither a GID nor numeric, quoting it", () => {
    expect(issues(UpgradeSchema.safeParse({ ...upgrade, triggerProductId: "roast" }))).toEqual([["triggerProductId", 'Expected a Product id (GID or numeric), got "roast"']]);
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    ["100 %", { type: "percentage", value: 10_000 }, true],
    ["100.01 %", { type: "percentage", value: 10_001 }, false],
    ["a fixed amount above 10 000 minor units", { type: "fixed_amount", value: 10_001 }, true],
  ])("UPS-3: a discount of %s is accepted: %s", (_label, discount, ok) => {
    expect(DiscountSchema.safeParse(discount).success).toBe(ok);
  });

  it.each<[number, boolean]>([
    [0, true],
    [-1, false],
  ])("UPS-3: an item priced %i minor units is accepted: %s", (priceMinor, ok) => {
    expect(OfferItemSchema.safeParse({ ...catalogItem(MORNING_ROAST.variant12oz), priceMinor }).success).toBe(ok);
  });
});
