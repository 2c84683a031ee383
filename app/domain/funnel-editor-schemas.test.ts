/**
 * The funnel editor's draft schemas and the parsers of what the merchant types
 * (app/domain/funnel-editor-schemas.ts). funnel-editor-validation.test.ts proves the rules
 * on whole drafts; this file pins the exact conversions, the edges and the messages.
 */
import { describe, expect, it } from "vitest";
import {
  basisPointsToPercent,
  discountToText,
  EditorDraftSchema,
  EditorItemSchema,
  EditorOfferSchema,
  MAX_ITEMS_PER_OFFER,
  MAX_OFFERS_PER_FUNNEL,
  offerField,
  parseDiscount,
  parseShippingPrice,
  percentToBasisPoints,
  shippingToText,
  withPurchaseOption,
  type EditorDiscount,
  type EditorItem,
  type EditorOffer,
} from "./funnel-editor-schemas";

const mug: EditorItem = {
  productId: "gid://shopify/Product/1004",
  variantId: "gid://shopify/ProductVariant/2005",
  productTitle: "Coffee Mug",
  priceMinor: 1800,
  currency: "USD",
  quantity: "1",
};
const offer = (extra: Partial<EditorOffer> = {}): EditorOffer => ({ id: "a", kind: "product_upsell", items: [mug], ...extra });
const messagesOf = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) => result.error?.issues.map((issue) => issue.message) ?? [];

describe("UPS-3: a typed percentage to basis points and back", () => {
  it.each<[string, number | null]>([
    ["20", 2000],
    ["12.5", 1250],
    ["12.05", 1205],
    ["0.05", 5],
    ["100", 10_000],
    ["999.99", 99_999],
    [" 15 ", 1500],
    ["15%", 1500],
    ["15 %", 1500],
    ["15  %", 1500],
    ["12.5 %", 1250],
    ["1000", null],
    ["12.345", null],
    ["5.", null],
    [".5", null],
    ["-5", null],
    ["", null],
    ["abc", null],
    ["x12", null],
    ["12abc", null],
    ["%15", null],
    ["15%%", null],
  ])("UPS-3: %j is %s basis points", (text, expected) => {
    expect(percentToBasisPoints(text)).toBe(expected);
  });

  it.each<[number, string]>([
    [2000, "20"],
    [1250, "12.5"],
    [1205, "12.05"],
    [1010, "10.1"],
    [5, "0.05"],
    [1, "0.01"],
    [10_000, "100"],
    [99_999, "999.99"],
    [0, "0"],
  ])("UPS-3: %s basis points read %j", (basisPoints, text) => {
    expect(basisPointsToPercent(basisPoints)).toBe(text);
  });
});

describe("UPS-3: a stored discount as the merchant typed it", () => {
  it.each<[string, Parameters<typeof discountToText>[0], string, EditorDiscount]>([
    ["a percentage", { type: "percentage", value: 1250 }, "USD", { type: "percentage", value: "12.5" }],
    ["a fixed amount in dollars", { type: "fixed_amount", value: 500 }, "USD", { type: "fixed_amount", value: "5.00" }],
    ["a fixed amount in yen (no decimals)", { type: "fixed_amount", value: 500 }, "JPY", { type: "fixed_amount", value: "500" }],
    ["no discount", { type: "none", value: 0 }, "USD", { type: "none", value: "" }],
  ])("UPS-3: %s", (_case, discount, currency, expected) => {
    expect(discountToText(discount, currency)).toEqual(expected);
  });

  it("UPS-3: the text of a stored discount parses back to the same discount", () => {
    for (const discount of [{ type: "percentage", value: 1205 }, { type: "fixed_amount", value: 1999 }, { type: "none", value: 0 }] as const) {
      expect(parseDiscount(discountToText(discount, "USD"), "USD")).toEqual({ ok: true, value: discount });
    }
  });
});

describe("UPS-3 / WIZ-7 / OPS-3: parsing the typed discount, with the value field's message", () => {
  it.each<[string, EditorDiscount, string, { type: string; value: number }]>([
    ["no discount, whatever the text", { type: "none", value: "abc" }, "USD", { type: "none", value: 0 }],
    ["the smallest percentage", { type: "percentage", value: "0.01" }, "USD", { type: "percentage", value: 1 }],
    ["100 % (the most)", { type: "percentage", value: "100" }, "USD", { type: "percentage", value: 10_000 }],
    ["a percentage with spaces around", { type: "percentage", value: " 20 " }, "USD", { type: "percentage", value: 2000 }],
    ["the smallest fixed amount", { type: "fixed_amount", value: "0.01" }, "USD", { type: "fixed_amount", value: 1 }],
    ["a fixed amount with spaces around", { type: "fixed_amount", value: " 5 " }, "USD", { type: "fixed_amount", value: 500 }],
    ["a fixed amount in yen", { type: "fixed_amount", value: "500" }, "JPY", { type: "fixed_amount", value: 500 }],
  ])("UPS-3: %s is accepted", (_case, input, currency, expected) => {
    expect(parseDiscount(input, currency)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, EditorDiscount, string, string]>([
    ["a percentage without a value", { type: "percentage" }, "USD", "Enter a percentage such as 15 or 12.5"],
    ["a percentage that is not a number", { type: "percentage", value: "abc" }, "USD", "Enter a percentage such as 15 or 12.5"],
    ["0 %", { type: "percentage", value: "0" }, "USD", "A percentage discount must be more than 0"],
    ["0.00 %", { type: "percentage", value: "0.00" }, "USD", "A percentage discount must be more than 0"],
    ["100.01 %", { type: "percentage", value: "100.01" }, "USD", "A percentage discount is at most 100 %"],
    ["a fixed amount without a value", { type: "fixed_amount" }, "USD", "Enter an amount in USD, such as 5.00"],
    ["a fixed amount that is not a number", { type: "fixed_amount", value: "five" }, "EUR", "Enter an amount in EUR, such as 5.00"],
    ["a fixed amount with cents in yen", { type: "fixed_amount", value: "5.50" }, "JPY", "Enter an amount in JPY, such as 5.00"],
    ["a fixed amount of 0", { type: "fixed_amount", value: "0" }, "USD", "A fixed discount must be more than 0"],
    ["a negative fixed amount", { type: "fixed_amount", value: "-1" }, "USD", "A fixed discount must be more than 0"],
  ])("OPS-3: %s is refused with its message", (_case, input, currency, message) => {
    expect(parseDiscount(input, currency)).toEqual({ ok: false, message });
  });
});

describe("Audit S-11: subscription shipping prices as typed", () => {
  const refused = (currency: string) => ({ ok: false as const, message: `Enter a shipping price in ${currency}, such as 4.99, or leave it empty for free shipping` });

  it.each<[string, string, ReturnType<typeof parseShippingPrice>]>([
    ["", "USD", { ok: true, value: 0 }],
    ["   ", "USD", { ok: true, value: 0 }],
    ["0", "USD", { ok: true, value: 0 }],
    ["4.99", "USD", { ok: true, value: 499 }],
    [" 4.99 ", "USD", { ok: true, value: 499 }],
    ["500", "JPY", { ok: true, value: 500 }],
    ["-1", "USD", refused("USD")],
    ["free", "USD", refused("USD")],
    ["4.999", "USD", refused("USD")],
    ["4.5", "JPY", refused("JPY")],
  ])("S-11: %j (%s)", (text, currency, expected) => {
    expect(parseShippingPrice(text, currency)).toEqual(expected);
  });

  it.each<[{ initialMinor: number; recurringMinor: number }, string, { initial: string; recurring: string }]>([
    [{ initialMinor: 0, recurringMinor: 0 }, "USD", { initial: "", recurring: "" }],
    [{ initialMinor: 499, recurringMinor: 0 }, "USD", { initial: "4.99", recurring: "" }],
    [{ initialMinor: 0, recurringMinor: 1000 }, "USD", { initial: "", recurring: "10.00" }],
    [{ initialMinor: 1, recurringMinor: 1 }, "USD", { initial: "0.01", recurring: "0.01" }],
    [{ initialMinor: 500, recurringMinor: 700 }, "JPY", { initial: "500", recurring: "700" }],
  ])("S-11: stored %j (%s) shows as %j, free as empty", (shipping, currency, expected) => {
    expect(shippingToText(shipping, currency)).toEqual(expected);
  });
});

describe("UPS-2: switching the purchase option", () => {
  const locked = offer({ purchaseOption: "both", defaultOption: "subscription", lockedSellingPlanId: "gid://shopify/SellingPlan/3005", headline: "Subscribe" });

  it.each<[EditorOffer["purchaseOption"] & string, Partial<EditorOffer>]>([
    ["one_time", { purchaseOption: "one_time", defaultOption: "one_time", lockedSellingPlanId: null }],
    ["subscription", { purchaseOption: "subscription", defaultOption: "subscription", lockedSellingPlanId: "gid://shopify/SellingPlan/3005" }],
    ["both", { purchaseOption: "both", defaultOption: "subscription", lockedSellingPlanId: "gid://shopify/SellingPlan/3005" }],
  ])("UPS-2: to %s", (purchaseOption, expected) => {
    expect(withPurchaseOption(locked, purchaseOption)).toEqual({ ...locked, ...expected });
    expect(locked.purchaseOption).toBe("both");
  });

  it("UPS-2: to both keeps a one-time default as well", () => {
    expect(withPurchaseOption(offer({ purchaseOption: "one_time", defaultOption: "one_time" }), "both").defaultOption).toBe("one_time");
  });

  it("UPS-2: to subscription from one-time makes subscription the default", () => {
    expect(withPurchaseOption(offer({ purchaseOption: "one_time", defaultOption: "one_time" }), "subscription")).toMatchObject({ purchaseOption: "subscription", defaultOption: "subscription" });
  });
});

describe("the editor draft schemas (FUN-1, FUN-7)", () => {
  it("OPS-3: an offer's errors live under offers.<id>.<field>", () => {
    expect(offerField("new-1", "discount.value")).toBe("offers.new-1.discount.value");
  });

  it("FUN-7: a minimal offer gets the editor's defaults and a typed quantity stays text, trimmed", () => {
    expect(EditorOfferSchema.parse(offer({ items: [{ ...mug, quantity: 2 }, { ...mug, quantity: " 3 " }] }))).toEqual({
      id: "a",
      parentId: null,
      branch: null,
      kind: "product_upsell",
      headline: "",
      body: "",
      purchaseOption: "one_time",
      defaultOption: "one_time",
      lockedSellingPlanId: null,
      discount: { type: "none", value: "" },
      subscriptionShipping: { initial: "", recurring: "" },
      items: [
        { ...mug, quantity: "2", variantTitle: "", imageUrl: null, subscriptionOnly: false, isBundle: false, sellingPlans: [], upgrade: null },
        { ...mug, quantity: "3", variantTitle: "", imageUrl: null, subscriptionOnly: false, isBundle: false, sellingPlans: [], upgrade: null },
      ],
    });
  });

  it("FUN-1: a draft gets its defaults and a typed priority stays text, trimmed", () => {
    const parsed = EditorDraftSchema.parse({ priority: " 7 ", triggers: { products: [{ id: "gid://shopify/Product/1001" }] }, offers: [] });
    expect(parsed).toEqual({ name: "", status: "draft", priority: "7", triggers: { products: [{ id: "gid://shopify/Product/1001", title: "", imageUrl: null }], subscription: "off", showToAll: false }, offers: [] });
    expect(EditorDraftSchema.parse({ priority: 5, triggers: { products: [] }, offers: [] }).priority).toBe("5");
  });

  it.each<[string, unknown]>([
    ["a lower-case currency", { ...mug, currency: "usd" }],
    ["a negative price", { ...mug, priceMinor: -1 }],
    ["a fractional price", { ...mug, priceMinor: 1.5 }],
    ["an empty product id", { ...mug, productId: "" }],
    ["an empty variant id", { ...mug, variantId: "" }],
    ["a title over 255 characters", { ...mug, productTitle: "x".repeat(256) }],
  ])("FUN-7: an item with %s is refused", (_case, input) => {
    expect(EditorItemSchema.safeParse(input).success).toBe(false);
  });

  it("OPS-3: the limits say what they are", () => {
    const items = Array.from({ length: MAX_ITEMS_PER_OFFER + 1 }, () => mug);
    expect(EditorOfferSchema.safeParse(offer({ items: items.slice(0, MAX_ITEMS_PER_OFFER) })).success).toBe(true);
    expect(messagesOf(EditorOfferSchema.safeParse(offer({ items })))).toEqual(["An offer holds at most 5 products"]);

    const offers = Array.from({ length: MAX_OFFERS_PER_FUNNEL + 1 }, (_, i) => offer({ id: `o${i}` }));
    const draft = (extra: object) => ({ priority: "0", triggers: { products: [] }, offers: [], ...extra });
    expect(EditorDraftSchema.safeParse(draft({ offers: offers.slice(0, MAX_OFFERS_PER_FUNNEL) })).success).toBe(true);
    expect(messagesOf(EditorDraftSchema.safeParse(draft({ offers })))).toEqual(["A funnel holds at most 10 offers"]);

    const products = Array.from({ length: 51 }, (_, i) => ({ id: `gid://shopify/Product/${i + 1}` }));
    expect(EditorDraftSchema.safeParse(draft({ triggers: { products: products.slice(0, 50) } })).success).toBe(true);
    expect(messagesOf(EditorDraftSchema.safeParse(draft({ triggers: { products } })))).toEqual(["A product trigger holds at most 50 products"]);
  });
});
