/**
 * Skio adapter specifics (providers.md §2) against the GraphQL simulator: `API <token>`
 * auth, lookups by the order's platformId, subscriptionEditInterval always with a count,
 * line swaps by Skio variant id, discount codes, and errors caught before any call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ProviderInvalidRequestError, type ProviderAdapter, type UpgradeChange } from "~/providers/index.server";
import { variantInfo } from "../../simulators/providers/seed";
import { startSkioSimulator, SKIO_DISCOUNT_CODES, SKIO_SIM_TOKENS, type SkioSimulator } from "../../simulators/providers/skio";
import { WIDE_SIM_LIMIT, adapterFor, everyTwoMonths, futureDate, nextOrderId, prepaidSixMonths, rejectionOf } from "./support";
import { at, first } from "../../support/entries";

let sim: SkioSimulator;
beforeAll(async () => {
  sim = await startSkioSimulator({ rateLimit: WIDE_SIM_LIMIT });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => sim.reset());

const skio = (extra = {}): ProviderAdapter => adapterFor("skio", sim.url, SKIO_SIM_TOKENS.valid, extra);
const bodies = () => sim.requests.map((r) => r.body as { query: string; variables?: { input?: Record<string, unknown> } });
const mutations = (name: string) => bodies().filter((b) => b.query.includes(`${name}(input:`));

function addSub(lines = [{ productId: 1001, variantId: 2001, quantity: 1, price: "18.00" }], nextChargeDate = futureDate(20)) {
  const orderId = nextOrderId();
  const ids = sim.addSubscription({ orderId, customerId: 4001, lines, intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1, nextChargeDate });
  return { orderId: String(orderId), ...ids };
}

describe("Skio adapter", () => {
  it("PRV-1: finds the demo order's subscription by the order's platformId and sends `authorization: API <token>`", async () => {
    const sub = await skio().findSubscriptionForOrder({ orderId: "5001", productId: "1001", variantId: "2001" });
    expect(sub).toMatchObject({ productId: "1001", variantId: "2001", interval: { unit: "month", deliveryCount: 1, billingCount: 1 }, nextChargeDate: "2026-12-21", status: "active", lineCount: 1 });
    expect(first(bodies()).query).toContain('"gid://shopify/Order/5001"');
    for (const request of sim.requests) expect(request.headers.authorization).toBe(`API ${SKIO_SIM_TOKENS.valid}`);
  });

  it("PRV-1: finds a line added to an existing subscription through Orders → OrderLineItems", async () => {
    const { orderId, subscriptionId } = addSub();
    // The subscription did not originate in this order; only the order's line items point at it.
    sim.state.subscriptions.get(subscriptionId)!.originOrderId = null;
    const sub = await skio().findSubscriptionForOrder({ orderId, productId: "1001", variantId: "2001" });
    expect(sub.id).toBe(subscriptionId);
    expect(bodies().some((b) => b.query.includes("OrderLineItems"))).toBe(true);
  });

  it("PRV-1: lists a product's selling plans, prepaid ones included", async () => {
    const plans = await skio().listSellingPlans({ productId: "1001" });
    expect(plans.map((p) => [p.shopifySellingPlanId, p.prepaid])).toEqual([["3001", false], ["3002", false], ["3003", true]]);
  });

  it("PRV-1: subscriptionEditInterval always carries billingIntervalCount (Skio would silently change only the unit)", async () => {
    const { orderId } = addSub();
    const sub = await skio().findSubscriptionForOrder({ orderId, productId: "1001" });
    await skio().applyUpgrade({ subscription: sub, change: { type: "frequency", interval: { unit: "week", deliveryCount: 6, billingCount: 6 }, applyAtEndOfCycle: false } });
    const edit = first(mutations("subscriptionEditInterval"));
    expect(edit.variables?.input).toMatchObject({ subscriptionId: sub.id, billingInterval: "WEEK", billingIntervalCount: 6 });
    expect(edit.variables?.input).not.toHaveProperty("prepaidDeliveryInterval");
  });

  it("PRV-2: a prepaid Skio frequency bills on the charge cadence and delivers on the prepaid delivery cadence", async () => {
    const { orderId, subscriptionId } = addSub();
    const sub = await skio().findSubscriptionForOrder({ orderId, productId: "1001" });
    const result = await skio().applyUpgrade({ subscription: sub, change: { type: "frequency", interval: prepaidSixMonths, applyAtEndOfCycle: false } });
    expect(first(mutations("subscriptionEditInterval")).variables?.input).toMatchObject({ billingIntervalCount: 6, prepaidDeliveryInterval: "MONTH", prepaidDeliveryIntervalCount: 1 });
    expect(result.subscription).toMatchObject({ interval: prepaidSixMonths, prepaid: true });
    expect(sim.state.subscriptions.get(subscriptionId)!.prepaidDeliveryPolicy).toMatchObject({ interval: "MONTH", intervalCount: 1 });
  });

  it("JOB-4: end of cycle sends the current nextBillingDate; applying now leaves it to Skio", async () => {
    const keep = futureDate(30);
    const a = addSub(undefined, keep);
    const subA = await skio().findSubscriptionForOrder({ orderId: a.orderId, productId: "1001" });
    const kept = await skio().applyUpgrade({ subscription: subA, change: { type: "frequency", interval: everyTwoMonths, applyAtEndOfCycle: true } });
    expect(first(mutations("subscriptionEditInterval")).variables?.input).toMatchObject({ nextBillingDate: keep });
    expect(kept.subscription.nextChargeDate).toBe(keep);

    const b = addSub(undefined, keep);
    const subB = await skio().findSubscriptionForOrder({ orderId: b.orderId, productId: "1001" });
    const moved = await skio().applyUpgrade({ subscription: subB, change: { type: "frequency", interval: everyTwoMonths, applyAtEndOfCycle: false } });
    expect(at(mutations("subscriptionEditInterval"), 1).variables?.input).not.toHaveProperty("nextBillingDate");
    expect(moved.subscription.nextChargeDate).not.toBe(keep);
  });

  it("PRV-4 (audit Medium 7): a replacement swaps only this line at the new variant's price, sets the quantity, and keeps the frequency", async () => {
    const { orderId, subscriptionId, lineIds } = addSub();
    const sub = await skio().findSubscriptionForOrder({ orderId, productId: "1001" });
    const result = await skio().applyUpgrade({ subscription: sub, change: { type: "replacement", replacement: { productId: "1001", variantId: "2002", quantity: 3 }, applyAtEndOfCycle: false } });
    const variantUuid = (legacy: number) => [...sim.state.variants.values()].find((v) => v.platformId === `gid://shopify/ProductVariant/${legacy}`)!.id;
    expect(mutations("swapSubscriptionProductVariants").map((m) => m.variables?.input)).toEqual([
      { subscriptionId, oldProductVariantId: variantUuid(2001), newProductVariantId: variantUuid(2002), pricingOption: "NEW_VARIANT_PRICE", subscriptionLinesToSwapFrom: [at(lineIds, 0)] },
    ]);
    expect(mutations("updateSubscriptionLine").map((m) => m.variables?.input)).toEqual([{ subscriptionLineId: at(lineIds, 0), quantity: 3 }]);
    expect(sim.state.lines.get(at(lineIds, 0))!.priceWithoutDiscount).toBe(Number(variantInfo(2002)!.price));
    expect(mutations("subscriptionEditInterval")).toHaveLength(0);
    expect(result.subscription).toMatchObject({ variantId: "2002", quantity: 3, interval: sub.interval });
  });

  const twoLines = [
    { productId: 1001, variantId: 2001, quantity: 1, price: "18.00" },
    { productId: 1008, variantId: 2009, quantity: 1, price: "19.80" },
  ];

  it.each(["frequency", "both"] as const)("issue 13 §7: a %s change on a multi-line Skio subscription is refused before any write unless the offer opted in", async (type) => {
    const { orderId } = addSub(twoLines);
    const sub = await skio().findSubscriptionForOrder({ orderId, productId: "1001" });
    const change: UpgradeChange = { type, interval: everyTwoMonths, replacement: { productId: "1001", variantId: "2002", quantity: 1 }, applyAtEndOfCycle: false };
    const error = await rejectionOf(skio().applyUpgrade({ subscription: sub, change }));
    expect(error).toBeInstanceOf(ProviderInvalidRequestError);
    expect((error as ProviderInvalidRequestError).code).toBe("multi_line_frequency");
    expect(error.message).toMatch(/all of them together\. Nothing was changed/);
    expect(sim.requests.filter((r) => /mutation/.test(JSON.stringify(r.body)))).toHaveLength(0);
  });

  it("issue 13 §7: with the offer's opt-in, a frequency change on a multi-line Skio subscription covers every line, and the summary says so", async () => {
    const { orderId } = addSub(twoLines);
    const sub = await skio().findSubscriptionForOrder({ orderId, productId: "1001" });
    const result = await skio().applyUpgrade({ subscription: sub, change: { type: "frequency", interval: everyTwoMonths, frequencyAppliesToAllLines: true, applyAtEndOfCycle: false } });
    expect(result.subscription.lineCount).toBe(2);
    expect(result.summary).toContain("all 2 lines");
  });

  it("PRV-1: applyDiscountCode applies an existing code", async () => {
    const { orderId, subscriptionId } = addSub();
    const sub = await skio().findSubscriptionForOrder({ orderId, productId: "1001" });
    await skio().applyUpgrade({ subscription: sub, change: { type: "frequency", interval: everyTwoMonths, discount: { type: "percentage", basisPoints: 1000, code: SKIO_DISCOUNT_CODES.active }, applyAtEndOfCycle: false } });
    expect(first(mutations("applyDiscountCode")).variables?.input).toEqual({ subscriptionId, code: SKIO_DISCOUNT_CODES.active });
    expect(sim.state.subscriptions.get(subscriptionId)!.discounts.map((d) => d.redeemCode)).toEqual([SKIO_DISCOUNT_CODES.active]);
  });

  it.each([
    { code: "NO-SUCH-CODE", why: "does not exist" },
    { code: SKIO_DISCOUNT_CODES.inactive, why: "not active" },
  ])("PRV-1: a discount code Skio rejects ($code) is a permanent error that says it $why", async ({ code, why }) => {
    const { orderId } = addSub();
    const sub = await skio().findSubscriptionForOrder({ orderId, productId: "1001" });
    const error = await rejectionOf(skio().applyUpgrade({ subscription: sub, change: { type: "frequency", interval: everyTwoMonths, discount: { type: "percentage", basisPoints: 1000, code }, applyAtEndOfCycle: false } }));
    expect(error).toBeInstanceOf(ProviderInvalidRequestError);
    expect((error as ProviderInvalidRequestError).code).toBe("discount_rejected");
    expect(error.message).toContain(why);
  });

  it("PRV-1: a Skio discount without a code is refused before any call", async () => {
    const sub = await skio().findSubscriptionForOrder({ orderId: "5001", productId: "1001" });
    const before = sim.requests.length;
    const error = await rejectionOf(skio().applyUpgrade({ subscription: sub, change: { type: "frequency", interval: everyTwoMonths, discount: { type: "percentage", basisPoints: 1000 }, applyAtEndOfCycle: false } }));
    expect(error).toBeInstanceOf(ProviderInvalidRequestError);
    expect(error.message).toMatch(/discount code/);
    expect(sim.requests.length).toBe(before);
  });

  it("PRV-1: a malformed Skio id is refused before any call (Skio would answer 'internal error')", async () => {
    const sub = await skio().findSubscriptionForOrder({ orderId: "5001", productId: "1001" });
    const before = sim.requests.length;
    const error = await rejectionOf(skio().applyUpgrade({ subscription: { ...sub, id: "not-a-uuid" }, change: { type: "frequency", interval: everyTwoMonths, applyAtEndOfCycle: false } }));
    expect(error).toBeInstanceOf(ProviderInvalidRequestError);
    expect(sim.requests.length).toBe(before);
  });

  it("PRV-1: the simulator enforces Skio's query depth limit of 4, and every adapter query stays within it", async () => {
    const response = await fetch(sim.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `API ${SKIO_SIM_TOKENS.valid}` },
      body: JSON.stringify({ query: "{ Subscriptions { SubscriptionLines { Subscription { SubscriptionLines { ProductVariant { id } } } } } }" }),
    });
    expect(((await response.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toMatch(/depth/);

    const sub = await skio().findSubscriptionForOrder({ orderId: "5001", productId: "1001" });
    await skio().listSellingPlans({ productId: "1001" });
    await skio().verifyToken();
    await skio().applyUpgrade({ subscription: sub, change: { type: "both", interval: everyTwoMonths, replacement: { productId: "1001", variantId: "2002", quantity: 1 }, applyAtEndOfCycle: false } });
    expect(sim.requests.every((r) => r.status === 200)).toBe(true);
  });
});
