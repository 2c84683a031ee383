/**
 * The stored upgrade request (UpgradeJob.request): what the worker reads before it asks
 * a provider to change a paid subscription, so every shape and id form is pinned here.
 */
import { describe, expect, it } from "vitest";
import type { UpgradeChange } from "~/providers/types";
import { InvalidUpgradeRequestError, OrderNotLinkedError } from "./errors";
import { describeUpgradeRequest, findInput, parseStoredUpgradeRequest, targetFromOffer, UpgradeTargetSchema } from "./request";

const frequency: UpgradeChange = { type: "frequency", interval: { unit: "month", deliveryCount: 2, billingCount: 2 }, applyAtEndOfCycle: false };
const replacement: UpgradeChange = { type: "replacement", replacement: { productId: "1006", variantId: "2007", quantity: 1 }, applyAtEndOfCycle: false };

/** The InvalidUpgradeRequestError message `json` is refused with. */
function refusal(json: string): string {
  try {
    parseStoredUpgradeRequest(json);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidUpgradeRequestError);
    return (error as Error).message;
  }
  throw new Error("expected the request to be refused");
}

describe("stored upgrade request: ids", () => {
  it.each<[string, unknown, string]>([
    ["a numeric string", "1001", "1001"],
    ["a number", 1001, "1001"],
    ["a product GID", "gid://shopify/Product/1001", "1001"],
    ["a padded id", "  1001  ", "1001"],
    ["a GID with spaces around it", " gid://shopify/Product/1001 ", "1001"],
  ])("accepts %s as a Shopify id", (_label, productId, expected) => {
    expect(UpgradeTargetSchema.parse({ productId })).toEqual({ productId: expected });
  });

  it.each<[string, unknown]>([
    ["letters", "abc"],
    ["an id with a trailing letter", "1001a"],
    ["an empty string", ""],
    ["a boolean", true],
  ])("refuses %s as a Shopify id, saying a Shopify id was expected", (_label, productId) => {
    const parsed = UpgradeTargetSchema.safeParse({ productId });
    expect(parsed.success).toBe(false);
    if (typeof productId === "string") expect(parsed.error?.issues[0]?.message).toBe("Expected a Shopify id");
  });

  it("keeps the optional variant and contract ids, normalised", () => {
    expect(UpgradeTargetSchema.parse({ productId: 1, variantId: "gid://shopify/ProductVariant/2", contractId: "gid://shopify/SubscriptionContract/3" })).toEqual({
      productId: "1",
      variantId: "2",
      contractId: "3",
    });
  });
});

describe("stored upgrade request: shapes", () => {
  it.each<[string, unknown]>([
    ["the change at the top level", { ...frequency, target: { productId: "1001" } }],
    ["the change nested under change", { change: frequency, target: { productId: "1001" } }],
    ["the legacy trigger key", { ...frequency, trigger: { productId: "1001" } }],
  ])("reads %s", (_label, request) => {
    expect(parseStoredUpgradeRequest(JSON.stringify(request))).toEqual({ change: frequency, target: { productId: "1001" } });
  });

  it.each<[string, unknown]>([
    ["no target", frequency],
    ["a null target", { change: frequency, target: null }],
  ])("reads %s as no target (the offer's trigger product is used)", (_label, request) => {
    expect(parseStoredUpgradeRequest(JSON.stringify(request))).toEqual({ change: frequency, target: null });
  });

  it("prefers target over the legacy trigger key", () => {
    const json = JSON.stringify({ change: frequency, target: { productId: "1" }, trigger: { productId: "2" } });
    expect(parseStoredUpgradeRequest(json).target).toEqual({ productId: "1" });
  });

  it.each<[string, string, string]>([
    ["text that is not JSON", "not json", "The stored upgrade request is not valid JSON."],
    ["JSON null", "null", "The upgrade cannot be applied as configured (type:"],
    ["a JSON number", "42", "The upgrade cannot be applied as configured (type:"],
    ["a frequency change without its interval", JSON.stringify({ type: "frequency", applyAtEndOfCycle: false }), "(interval: A frequency change needs the new interval)"],
    ["a nested change that is not an object", JSON.stringify({ change: "frequency", type: "frequency", applyAtEndOfCycle: false }), "(interval: A frequency change needs the new interval)"],
    ["a target with a bad product id", JSON.stringify({ change: frequency, target: { productId: "abc" } }), "The upgrade's subscription line is not usable (productId: Expected a Shopify id)"],
  ])("refuses %s as a permanent error that says what is wrong", (_label, json, message) => {
    expect(refusal(json)).toContain(message);
  });

  it("lists every problem of a refused change, joined, with its field path", () => {
    const message = refusal(JSON.stringify({ type: "both", applyAtEndOfCycle: false }));
    expect(message).toBe(
      "The upgrade cannot be applied as configured (interval: A frequency change needs the new interval; replacement: A replacement needs the new product and variant).",
    );
  });
});

describe("stored upgrade request: the trigger product from the offer", () => {
  const items = [
    { triggerProductId: "gid://shopify/Product/1008", replacementVariantId: null },
    { triggerProductId: "gid://shopify/Product/1001", replacementVariantId: "gid://shopify/ProductVariant/2007" },
  ];

  it("takes the item whose replacement variant is the change's, whatever the id form", () => {
    expect(targetFromOffer(replacement, items)).toEqual({ productId: "1001" });
    expect(targetFromOffer(replacement, [items[0], { ...items[1], replacementVariantId: "2007" }])).toEqual({ productId: "1001" });
  });

  it("falls back to the first item when no replacement matches", () => {
    expect(targetFromOffer({ ...replacement, replacement: { productId: "1", variantId: "9999", quantity: 1 } }, items)).toEqual({ productId: "1008" });
    expect(targetFromOffer(frequency, items)).toEqual({ productId: "1008" });
  });

  it("has no target without items, or when the item's trigger product is unusable", () => {
    expect(targetFromOffer(frequency, [])).toBeNull();
    expect(targetFromOffer(frequency, [{ triggerProductId: "not an id" }])).toBeNull();
  });
});

describe("stored upgrade request: the provider lookup", () => {
  const target = { productId: "1001", variantId: "2001" };

  it("looks up by order, customer and target line, with legacy ids", () => {
    expect(findInput({ orderId: "gid://shopify/Order/5001", customerId: "gid://shopify/Customer/4001", target })).toEqual({
      orderId: "5001",
      customerId: "4001",
      productId: "1001",
      variantId: "2001",
    });
  });

  it("leaves the customer out when it is unknown or unusable", () => {
    expect(findInput({ orderId: "5001", customerId: null, target })).toEqual({ orderId: "5001", ...target });
    expect(findInput({ orderId: "5001", customerId: "nobody", target })).toEqual({ orderId: "5001", ...target });
  });

  it.each<[string, string | null]>([
    ["no order id yet", null],
    ["an order id that is not an id", "pending"],
  ])("waits (OrderNotLinkedError) when there is %s", (_label, orderId) => {
    expect(() => findInput({ orderId, customerId: "4001", target })).toThrow(OrderNotLinkedError);
    expect(() => findInput({ orderId, customerId: "4001", target })).toThrow("Shopify has not told Uplift the order number yet");
  });

  it("refuses, permanently, a request that says nothing about which subscription to change", () => {
    expect(() => findInput({ orderId: "5001", customerId: null, target: null })).toThrow(InvalidUpgradeRequestError);
    expect(() => findInput({ orderId: "5001", customerId: null, target: null })).toThrow("does not say which subscription product to change");
  });
});

describe("stored upgrade request: the merchant's one-line description", () => {
  it.each<[string, UpgradeChange, string]>([
    ["a frequency change right away", frequency, "Every 2 months · right away"],
    ["a monthly change", { ...frequency, interval: { unit: "month", deliveryCount: 1, billingCount: 1 } }, "Every month · right away"],
    ["a replacement (no cadence shown)", { ...replacement, interval: { unit: "week", deliveryCount: 1, billingCount: 1 } }, "Replace with variant 2007 × 1 · right away"],
    ["a frequency change (no replacement shown)", { ...frequency, replacement: { productId: "1", variantId: "9", quantity: 3 } }, "Every 2 months · right away"],
    [
      "both, with a fixed discount at the end of the cycle",
      { type: "both", interval: { unit: "week", deliveryCount: 2, billingCount: 2 }, replacement: { productId: "1", variantId: "9", quantity: 3 }, discount: { type: "fixed_amount", amountMinor: 250, currency: "USD" }, applyAtEndOfCycle: true },
      "Every 2 weeks · Replace with variant 9 × 3 · 2.50 USD off every renewal · at the end of the current cycle",
    ],
  ])("describes %s", (_label, change, expected) => {
    expect(describeUpgradeRequest(change)).toBe(expected);
  });
});
