import { describe, expect, it } from "vitest";
import { DECAF, DOUBLE_BAG, MORNING_ROAST, makeOrder, upgradeOffer } from "../../tests/support/catalog-offers";
import { first } from "../../tests/support/entries";
import { InvalidUpgradeRequestError, OrderNotLinkedError } from "./errors";
import { applicableRequest, describeUpgradeRequest, findInput, parseUpgradeRequest, planUpgradeRequest, upgradeRequestColumn } from "./request";

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;
const subscriptionOrder = makeOrder([{ variantId: MORNING_ROAST.variant12oz, quantity: 2, sellingPlanId: MORNING_ROAST.monthly }]);
const swap = { replacementProductId: gid("Product", DECAF.productId), replacementVariantId: gid("ProductVariant", DECAF.variant), replacementQuantity: 1 };

/** Plans as the acceptance does, stores through the column, reads back as the worker does. */
function roundTrip(offer = upgradeOffer("o1"), lines = subscriptionOrder.lineItems) {
  const plan = planUpgradeRequest({ offer, initialLines: lines }, "recharge");
  return { plan, read: parseUpgradeRequest(upgradeRequestColumn.serialize(plan.request)) };
}

describe("UpgradeJob.request: one schema, written by the acceptance and read by the worker", () => {
  it("JOB-1: the stored request names the order's subscription line (ids, plan and quantity) and the change", () => {
    const { plan, read } = roundTrip();
    expect(plan.status).toBe("queued");
    expect(read).toEqual({
      version: 1,
      offerItemId: plan.request.offerItemId,
      offerProductTitle: plan.request.offerProductTitle,
      target: { productId: String(MORNING_ROAST.productId), variantId: String(MORNING_ROAST.variant12oz), sellingPlanId: String(MORNING_ROAST.monthly), quantity: 2 },
      change: { type: "frequency", interval: { unit: "month", deliveryCount: 1, billingCount: 6 }, applyAtEndOfCycle: false },
    });
  });

  it("JOB-4: 'apply at end of cycle' is planned as scheduled", () => {
    expect(roundTrip(upgradeOffer("o1", {}, { applyAtEndOfCycle: true })).plan.status).toBe("scheduled");
  });

  it("JOB-6: the provider lookup carries the replacement's variant, so a retry after the swap finds the line", () => {
    const { read } = roundTrip(upgradeOffer("o1", {}, { type: "both", ...swap }));
    const { change, target } = applicableRequest(read);
    expect(findInput({ orderId: "gid://shopify/Order/5001", customerId: "4001", change, target })).toEqual({
      orderId: "5001",
      customerId: "4001",
      productId: String(MORNING_ROAST.productId),
      variantId: String(MORNING_ROAST.variant12oz),
      replacementVariantId: String(DECAF.variant),
    });
  });

  it("JOB-6: a frequency-only change looks the line up without a replacement variant", () => {
    const { change, target } = applicableRequest(roundTrip().read);
    expect(findInput({ orderId: "5001", customerId: null, change, target })).toEqual({ orderId: "5001", productId: "1001", variantId: "2001" });
  });

  it("JOB-1: waits for the order id instead of failing (the order is linked later)", () => {
    const { change, target } = applicableRequest(roundTrip().read);
    expect(() => findInput({ orderId: null, customerId: null, change, target })).toThrow(OrderNotLinkedError);
  });

  it("RUN-5: an order without a subscription line of the trigger product is planned as failed, with the reason", () => {
    const oneTime = makeOrder([{ variantId: MORNING_ROAST.variant12oz }]).lineItems;
    const { plan, read } = roundTrip(upgradeOffer("o1"), oneTime);
    expect(plan).toMatchObject({ status: "failed", error: { class: "InvalidUpgradeSettings", message: expect.stringMatching(/no subscription line/) } });
    expect(() => applicableRequest(read)).toThrow(/no subscription line/);
  });

  it("RUN-5: no verified provider at acceptance is planned as failed", () => {
    const plan = planUpgradeRequest({ offer: upgradeOffer("o1"), initialLines: subscriptionOrder.lineItems }, null);
    expect(plan).toMatchObject({ provider: "none", status: "failed", error: { class: "ProviderNotConnected" } });
  });

  it("RUN-5: settings no provider change can express are planned as failed and stored without a change", () => {
    // 100 years is 1,200 months: past what any provider accepts (1,000 intervals).
    const offer = upgradeOffer("o1", {}, { type: "frequency", intervalUnit: "year", deliveryIntervalCount: 100, billingIntervalCount: 100 });
    const { plan, read } = roundTrip(offer);
    expect(plan.status).toBe("failed");
    expect(plan.error?.message).toMatch(/deliveryCount/);
    expect(read.change).toBeNull();
    expect(() => applicableRequest(read)).toThrow(InvalidUpgradeRequestError);
  });

  it.each([
    ["not JSON", "not json"],
    ["a bare change (a shape no writer produces)", JSON.stringify({ type: "frequency", interval: { unit: "month", deliveryCount: 2, billingCount: 2 }, applyAtEndOfCycle: false })],
    ["another version", JSON.stringify({ version: 2, offerItemId: null, offerProductTitle: null, target: null, change: null })],
    ["a target without its variant", JSON.stringify({ version: 1, offerItemId: "i", offerProductTitle: null, target: { productId: "1001" }, change: null })],
  ])("refuses %s as a permanent error", (_what, json) => {
    expect(() => parseUpgradeRequest(json)).toThrow(InvalidUpgradeRequestError);
  });

  it("never writes a document its reader would refuse", () => {
    expect(() => upgradeRequestColumn.serialize({ version: 1, offerItemId: "i", offerProductTitle: null, target: { productId: "x" } as never, change: null })).toThrow(/UpgradeJob.request/);
  });

  it("JOB-5: describes the request for the merchant", () => {
    expect(describeUpgradeRequest({ type: "frequency", interval: { unit: "month", deliveryCount: 2, billingCount: 2 }, applyAtEndOfCycle: true })).toBe(
      "Every 2 months · at the end of the current cycle",
    );
    expect(
      describeUpgradeRequest({
        type: "both",
        interval: { unit: "month", deliveryCount: 1, billingCount: 6 },
        replacement: { productId: String(DOUBLE_BAG.productId), variantId: String(DOUBLE_BAG.variant), quantity: 2 },
        discount: { type: "percentage", basisPoints: 1000 },
        applyAtEndOfCycle: false,
      }, { replacement: "Upgrade: Double Bag" }),
    ).toBe("Delivered every month, billed every 6 months · Replace with Upgrade: Double Bag × 2 · 10% off every renewal · right away");
    // Without a title the merchant still never reads a variant id.
    expect(describeUpgradeRequest({ type: "replacement", replacement: { productId: "1006", variantId: "2007", quantity: 1 }, applyAtEndOfCycle: false })).toBe(
      "Replace with the replacement product × 1 · right away",
    );
  });
});

type Offer = ReturnType<typeof upgradeOffer>;
type UpgradeSettings = NonNullable<Offer["items"][number]["upgrade"]>;

/** The offer with its upgrade settings changed after signing (the schema is bypassed, as a stale row would be). */
function withSettings(offer: Offer, settings: Partial<Record<keyof UpgradeSettings, unknown>>): Offer {
  const item = first(offer.items, "offer item");
  return { ...offer, items: [{ ...item, upgrade: { ...item.upgrade, ...settings } as UpgradeSettings }] };
}

const plan = (offer: Offer, lines = subscriptionOrder.lineItems, provider: "recharge" | "skio" | "loop" | null = "recharge") =>
  planUpgradeRequest({ offer, initialLines: lines }, provider);

const frequencyChange = { type: "frequency" as const, interval: { unit: "month" as const, deliveryCount: 2, billingCount: 2 }, applyAtEndOfCycle: false };
const monthlyTarget = { productId: "1001", variantId: "2001", sellingPlanId: "3001", quantity: 2 };

describe("planUpgradeRequest: the change an accepted offer asks for", () => {
  it.each([
    ["WIZ-7: a percentage discount in basis points", { type: "percentage", value: 1500 }, null, { type: "percentage", basisPoints: 1500 }],
    ["WIZ-7: a percentage discount with the merchant's provider code (Skio applies only codes)", { type: "percentage", value: 1000 }, "SAVE10", { type: "percentage", basisPoints: 1000, code: "SAVE10" }],
    ["WIZ-7: a fixed amount in the item's currency", { type: "fixed_amount", value: 250 }, null, { type: "fixed_amount", amountMinor: 250, currency: "USD" }],
    ["WIZ-7: a fixed amount with its code", { type: "fixed_amount", value: 1 }, "TAKE1", { type: "fixed_amount", amountMinor: 1, currency: "USD", code: "TAKE1" }],
  ])("%s", (_what, discount, discountCode, expected) => {
    const planned = plan(upgradeOffer("o1", {}, { discount, discountCode }));
    expect(planned.status).toBe("queued");
    expect(planned.request.change?.discount).toEqual(expected);
  });

  it.each([
    ["no discount", { type: "none", value: 0 }],
    ["a 0 % discount", { type: "percentage", value: 0 }],
    ["a discount of 0", { type: "fixed_amount", value: 0 }],
    ["'none' with a stray value", { type: "none", value: 500 }],
  ])("WIZ-7: %s asks the provider for no discount, even with a code", (_what, discount) => {
    const planned = plan(withSettings(upgradeOffer("o1"), { discount, discountCode: "SAVE10" }));
    expect(planned).toMatchObject({ status: "queued", error: null });
    expect(planned.request.change?.discount).toBeUndefined();
  });

  it.each([
    ["months stay months", { intervalUnit: "month", deliveryIntervalCount: 2, billingIntervalCount: 4 }, { unit: "month", deliveryCount: 2, billingCount: 4 }],
    ["weeks stay weeks", { intervalUnit: "week", deliveryIntervalCount: 3, billingIntervalCount: 3 }, { unit: "week", deliveryCount: 3, billingCount: 3 }],
    ["days stay days", { intervalUnit: "day", deliveryIntervalCount: 30, billingIntervalCount: 60 }, { unit: "day", deliveryCount: 30, billingCount: 60 }],
    ["a year is 12 months", { intervalUnit: "year", deliveryIntervalCount: 1, billingIntervalCount: 1 }, { unit: "month", deliveryCount: 12, billingCount: 12 }],
    ["two-yearly prepaid is 24 months both ways", { intervalUnit: "year", deliveryIntervalCount: 1, billingIntervalCount: 2 }, { unit: "month", deliveryCount: 12, billingCount: 24 }],
  ])("WIZ-4: the interval in provider units: %s", (_what, settings, interval) => {
    expect(plan(upgradeOffer("o1", {}, settings)).request.change?.interval).toEqual(interval);
  });

  it.each([
    ["interval unit", { intervalUnit: null }],
    ["delivery frequency", { deliveryIntervalCount: null }],
    ["billing frequency", { billingIntervalCount: null }],
  ])("RUN-5: a frequency upgrade whose %s went missing after signing is planned as failed, naming the interval", (_what, settings) => {
    const planned = plan(withSettings(upgradeOffer("o1"), settings));
    expect(planned).toMatchObject({ provider: "recharge", status: "failed", error: { class: "InvalidUpgradeSettings", message: "interval: A frequency change needs the new interval" } });
    expect(planned.request.change).toBeNull();
    expect(planned.request.target).toEqual(monthlyTarget);
  });

  it("WIZ-5: a replacement upgrade carries the replacement in legacy ids and no interval, even when the settings still hold one", () => {
    const planned = plan(upgradeOffer("o1", {}, { type: "replacement", ...swap, replacementQuantity: 3 }));
    expect(planned.status).toBe("queued");
    expect(planned.request.change).toEqual({ type: "replacement", replacement: { productId: String(DECAF.productId), variantId: String(DECAF.variant), quantity: 3 }, applyAtEndOfCycle: false });
  });

  it("WIZ-5: 'both' carries the interval and the replacement", () => {
    expect(plan(upgradeOffer("o1", {}, { type: "both", ...swap })).request.change).toEqual({
      type: "both",
      interval: { unit: "month", deliveryCount: 1, billingCount: 6 },
      replacement: { productId: String(DECAF.productId), variantId: String(DECAF.variant), quantity: 1 },
      applyAtEndOfCycle: false,
    });
  });

  it("WIZ-5: a frequency upgrade never swaps the product, even with replacement settings left over", () => {
    const planned = plan(upgradeOffer("o1", {}, { type: "frequency", ...swap }));
    expect(planned.status).toBe("queued");
    expect(planned.request.change?.replacement).toBeUndefined();
  });

  it.each([
    ["product", { replacementProductId: null }],
    ["variant", { replacementVariantId: null }],
    ["quantity", { replacementQuantity: null }],
  ])("RUN-5: a replacement without its %s is planned as failed, naming the replacement", (_what, settings) => {
    const planned = plan(withSettings(upgradeOffer("o1", {}, { type: "replacement", ...swap }), settings));
    expect(planned).toMatchObject({ status: "failed", error: { class: "InvalidUpgradeSettings", message: "replacement: A replacement needs the new product and variant" } });
    expect(planned.request.change).toBeNull();
  });

  it("PRV-4: the provider's own selling plan goes with the change; none leaves it out", () => {
    expect(plan(upgradeOffer("o1", {}, { providerSellingPlanId: "plan-77" })).request.change?.sellingPlanId).toBe("plan-77");
    expect(plan(upgradeOffer("o1", {}, { providerSellingPlanId: null })).request.change?.sellingPlanId).toBeUndefined();
  });

  it("JOB-4: 'apply at end of cycle' is stored on the change", () => {
    expect(plan(upgradeOffer("o1", {}, { applyAtEndOfCycle: true })).request.change).toMatchObject({ applyAtEndOfCycle: true });
    expect(plan(upgradeOffer("o1")).request.change).toMatchObject({ applyAtEndOfCycle: false });
  });

  it("PRV-4: Skio may move every line's cadence only when the merchant opted in for this offer", () => {
    expect(plan(upgradeOffer("o1", {}, { frequencyAppliesToAllLines: true }), subscriptionOrder.lineItems, "skio").request.change).toMatchObject({ frequencyAppliesToAllLines: true });
    expect(plan(upgradeOffer("o1", {}, { frequencyAppliesToAllLines: false }), subscriptionOrder.lineItems, "skio").request.change).not.toHaveProperty("frequencyAppliesToAllLines");
  });
});

describe("planUpgradeRequest: the line, the item and the outcome", () => {
  it("RUN-3: the target is the trigger product's subscription line, not a one-time line of it nor another product's subscription", () => {
    const order = makeOrder([
      { variantId: DECAF.variant, quantity: 4, sellingPlanId: DECAF.monthly },
      { variantId: MORNING_ROAST.variant12oz, quantity: 5 },
      { variantId: MORNING_ROAST.variant12oz, quantity: 3, sellingPlanId: MORNING_ROAST.every2Months },
    ]);
    expect(plan(upgradeOffer("o1"), order.lineItems).request.target).toEqual({
      productId: String(MORNING_ROAST.productId),
      variantId: String(MORNING_ROAST.variant12oz),
      sellingPlanId: String(MORNING_ROAST.every2Months),
      quantity: 3,
    });
  });

  it("RUN-5: an order with only another product's subscription has no target", () => {
    const order = makeOrder([{ variantId: DECAF.variant, sellingPlanId: DECAF.monthly }]);
    const planned = plan(upgradeOffer("o1"), order.lineItems);
    expect(planned).toMatchObject({ status: "failed", error: { class: "InvalidUpgradeSettings", message: "The order has no subscription line of the trigger product" } });
    expect(planned.request.target).toBeNull();
    expect(planned.request.change).toEqual({ type: "frequency", interval: { unit: "month", deliveryCount: 1, billingCount: 6 }, applyAtEndOfCycle: false });
  });

  it("RUN-2: a multi-product offer upgrades with its first item that has upgrade settings", () => {
    const offer = upgradeOffer("o1");
    const upgradeItem = first(offer.items, "offer item");
    const plain = { ...upgradeItem, id: "item-plain", productTitle: "Plain", upgrade: null };
    const second = { ...upgradeItem, id: "item-second", productTitle: "Second" };
    const planned = plan({ ...offer, items: [plain, upgradeItem, second] });
    expect(planned.request).toMatchObject({ offerItemId: upgradeItem.id, offerProductTitle: upgradeItem.productTitle });
    expect(planned.status).toBe("queued");
  });

  it("RUN-2: a successful plan names the provider, the outcome, and no error", () => {
    const planned = plan(upgradeOffer("o1"), subscriptionOrder.lineItems, "loop");
    expect(planned).toEqual({
      provider: "loop",
      status: "queued",
      error: null,
      request: {
        version: 1,
        offerItemId: `item-${DOUBLE_BAG.variant}`,
        offerProductTitle: first(upgradeOffer("o1").items).productTitle,
        target: monthlyTarget,
        change: { type: "frequency", interval: { unit: "month", deliveryCount: 1, billingCount: 6 }, applyAtEndOfCycle: false },
      },
    });
  });

  it("RUN-5: an offer without upgrade settings is planned as failed with an empty request", () => {
    const offer = upgradeOffer("o1");
    const planned = plan({ ...offer, items: offer.items.map((item) => ({ ...item, upgrade: null })) });
    expect(planned).toEqual({
      provider: "recharge",
      status: "failed",
      request: { version: 1, offerItemId: null, offerProductTitle: null, target: null, change: null },
      error: { class: "InvalidUpgradeSettings", message: "The offer has no upgrade settings" },
    });
  });

  it("RUN-5: a missing provider is the reason given first, even when the offer has no settings either", () => {
    const offer = upgradeOffer("o1");
    const planned = plan({ ...offer, items: [] }, subscriptionOrder.lineItems, null);
    expect(planned).toMatchObject({
      provider: "none",
      status: "failed",
      error: { class: "ProviderNotConnected", message: "No verified subscription provider was connected when the upgrade was accepted" },
    });
  });

  it("RUN-5: a failed plan keeps the connected provider's name", () => {
    expect(plan(upgradeOffer("o1"), [], "skio")).toMatchObject({ provider: "skio", status: "failed" });
  });

  it("RUN-5: a missing line is the reason given before broken settings", () => {
    const planned = plan(withSettings(upgradeOffer("o1"), { intervalUnit: null }), []);
    expect(planned.error).toEqual({ class: "InvalidUpgradeSettings", message: "The order has no subscription line of the trigger product" });
  });
});

describe("parseUpgradeRequest and applicableRequest: what the worker reads", () => {
  it("JOB-1: reads a stored failed request with every part null", () => {
    const stored = { version: 1, offerItemId: null, offerProductTitle: null, target: null, change: null };
    expect(parseUpgradeRequest(JSON.stringify(stored))).toEqual(stored);
  });

  it("JOB-1: reads a target without a selling plan", () => {
    const stored = { version: 1, offerItemId: "i", offerProductTitle: "T", target: { ...monthlyTarget, sellingPlanId: null }, change: frequencyChange };
    expect(parseUpgradeRequest(JSON.stringify(stored))).toEqual(stored);
  });

  it.each([
    ["an empty offer item id", { offerItemId: "" }, /offerItemId/],
    ["a line of quantity 0", { target: { ...monthlyTarget, quantity: 0 } }, /target\.quantity/],
    ["a fractional quantity", { target: { ...monthlyTarget, quantity: 1.5 } }, /target\.quantity/],
    ["a GID instead of a legacy id", { target: { ...monthlyTarget, productId: "gid://shopify/Product/1001" } }, /target\.productId/],
    ["a change that fails its own schema", { change: { type: "frequency", applyAtEndOfCycle: false } }, /change\.interval/],
  ])("refuses %s, saying the stored request cannot be read and why", (_what, patch, why) => {
    const json = JSON.stringify({ version: 1, offerItemId: "i", offerProductTitle: null, target: monthlyTarget, change: frequencyChange, ...patch });
    expect(() => parseUpgradeRequest(json)).toThrow(InvalidUpgradeRequestError);
    expect(() => parseUpgradeRequest(json)).toThrow(/^The stored upgrade request cannot be read \(/);
    expect(() => parseUpgradeRequest(json)).toThrow(why);
  });

  it("refuses an empty row as unreadable", () => {
    expect(() => parseUpgradeRequest("")).toThrow("The stored upgrade request cannot be read (empty).");
  });

  it("RUN-5: a request without a change cannot be applied, and says the settings were incomplete", () => {
    const request = { version: 1 as const, offerItemId: "i", offerProductTitle: null, target: monthlyTarget, change: null };
    expect(() => applicableRequest(request)).toThrow(new InvalidUpgradeRequestError("The upgrade cannot be applied as configured (the offer's upgrade settings were incomplete when it was accepted)."));
    // Neither part: the settings are named first.
    expect(() => applicableRequest({ ...request, target: null })).toThrow(/settings were incomplete/);
  });

  it("RUN-5: a request without a line cannot be applied, and says there is nothing to upgrade", () => {
    const request = { version: 1 as const, offerItemId: "i", offerProductTitle: null, target: null, change: frequencyChange };
    expect(() => applicableRequest(request)).toThrow(
      new InvalidUpgradeRequestError("The order had no subscription line of the offer's trigger product, so there is nothing to upgrade."),
    );
  });

  it("JOB-1: an applicable request hands over exactly its change and its line", () => {
    expect(applicableRequest({ version: 1, offerItemId: "i", offerProductTitle: null, target: monthlyTarget, change: frequencyChange })).toEqual({ change: frequencyChange, target: monthlyTarget });
  });
});

describe("findInput: the provider lookup for an order", () => {
  const replacement = { productId: "1008", variantId: "2009", quantity: 1 };

  it.each([
    ["an order GID", "gid://shopify/Order/5001"],
    ["a legacy id", "5001"],
    ["a legacy id with spaces around it", "  5001 "],
    ["a GID with spaces around it", " gid://shopify/Order/5001\n"],
  ])("JOB-1: reads %s as the legacy order id", (_what, orderId) => {
    expect(findInput({ orderId, customerId: null, change: frequencyChange, target: monthlyTarget })).toEqual({ orderId: "5001", productId: "1001", variantId: "2001" });
  });

  it.each([
    ["empty", ""],
    ["not an id", "order"],
    ["digits after other text", "x5001"],
    ["digits before other text", "5001x"],
    ["a GID without digits", "gid://shopify/Order/"],
    ["a GID of no type", "gid://shopify//5001"],
    ["a GID of another scheme", "gid://other/Order/5001"],
    ["a negative id", "-5001"],
  ])("JOB-1: an order id that is %s is treated as not linked yet", (_what, orderId) => {
    expect(() => findInput({ orderId, customerId: null, change: frequencyChange, target: monthlyTarget })).toThrow(
      new OrderNotLinkedError("Shopify has not told Uplift the order number yet, so the subscription cannot be looked up."),
    );
  });

  it.each([
    ["a customer GID", "gid://shopify/Customer/4001", { customerId: "4001" }],
    ["a legacy customer id", "4001", { customerId: "4001" }],
    ["an unreadable customer id (left out)", "customer-4001", {}],
    ["an empty customer id (left out)", "", {}],
  ])("JOB-1: %s", (_what, customerId, expected) => {
    expect(findInput({ orderId: "5001", customerId, change: frequencyChange, target: monthlyTarget })).toEqual({ orderId: "5001", productId: "1001", variantId: "2001", ...expected });
  });

  it("JOB-6: a replacement-only change looks the line up with the replacement's variant too", () => {
    const change = { type: "replacement" as const, replacement, applyAtEndOfCycle: false };
    expect(findInput({ orderId: "5001", customerId: null, change, target: monthlyTarget })).toEqual({ orderId: "5001", productId: "1001", variantId: "2001", replacementVariantId: "2009" });
  });

  it("JOB-6: a frequency change never looks for a replacement variant, even when one is stored on it", () => {
    const change = { ...frequencyChange, replacement };
    expect(findInput({ orderId: "5001", customerId: null, change, target: monthlyTarget })).not.toHaveProperty("replacementVariantId");
  });
});

describe("describeUpgradeRequest: one line for the merchant", () => {
  it.each([
    ["JOB-5: a weekly frequency change", frequencyChangeOf({ unit: "week", deliveryCount: 1, billingCount: 1 }), "Every week · right away"],
    ["JOB-5: a prepaid plan, capitalised", frequencyChangeOf({ unit: "month", deliveryCount: 1, billingCount: 3 }), "Delivered every month, billed every 3 months · right away"],
    [
      "JOB-5: a fixed amount off every renewal",
      { ...frequencyChange, discount: { type: "fixed_amount" as const, amountMinor: 250, currency: "USD" }, applyAtEndOfCycle: true },
      "Every 2 months · 2.50 USD off every renewal · at the end of the current cycle",
    ],
    [
      "JOB-5: a replacement change never shows a cadence stored on it",
      { type: "replacement" as const, interval: { unit: "month" as const, deliveryCount: 2, billingCount: 2 }, replacement: { productId: "1006", variantId: "2007", quantity: 2 }, applyAtEndOfCycle: false },
      "Replace with Upgrade: Double Bag × 2 · right away",
    ],
    [
      "JOB-5: a frequency change never shows a replacement stored on it",
      { ...frequencyChange, replacement: { productId: "1006", variantId: "2007", quantity: 2 } },
      "Every 2 months · right away",
    ],
  ])("%s", (_what, change, text) => {
    expect(describeUpgradeRequest(change, { replacement: "Upgrade: Double Bag" })).toBe(text);
  });

  it.each([
    ["no titles", undefined],
    ["a null title", { replacement: null }],
    ["an empty title", { replacement: "" }],
  ])("JOB-5: with %s the replacement is named generically, never by variant id", (_what, titles) => {
    expect(describeUpgradeRequest({ type: "both", interval: { unit: "day", deliveryCount: 10, billingCount: 10 }, replacement: { productId: "1006", variantId: "2007", quantity: 1 }, applyAtEndOfCycle: true }, titles)).toBe(
      "Every 10 days · Replace with the replacement product × 1 · at the end of the current cycle",
    );
  });
});

function frequencyChangeOf(interval: { unit: "day" | "week" | "month"; deliveryCount: number; billingCount: number }) {
  return { type: "frequency" as const, interval, applyAtEndOfCycle: false };
}
