import { describe, expect, it } from "vitest";
import { DECAF, DOUBLE_BAG, MORNING_ROAST, makeOrder, upgradeOffer } from "../../tests/support/catalog-offers";
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
