/**
 * Loop adapter specifics (providers.md §3) against the simulator: postpaid only (PRV-2),
 * existing selling plans only and the two-step split of a multi-line subscription (PRV-3),
 * delayed visibility, and the 5 requests/s read limit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  LOOP_RATE_LIMIT,
  ProviderInvalidRequestError,
  ProviderPartialChangeError,
  ProviderRateLimitedError,
  ProviderUnavailableError,
  createTokenBucketLimiter,
  noRateLimit,
  type ProviderAdapter,
  type ProviderSubscription,
  type UpgradeChange,
  type UpgradeProgress,
} from "~/providers/index.server";
import { startLoopSimulator, LOOP_SIM_TOKENS, type LoopSimulator } from "../../simulators/providers/loop";
import { WIDE_SIM_LIMIT, adapterFor, calls, everyTwoMonths, futureDate, monthly, nextOrderId, rejectionOf } from "./support";
import { first } from "../../support/entries";

let sim: LoopSimulator;
beforeAll(async () => {
  sim = await startLoopSimulator({ rateLimit: WIDE_SIM_LIMIT });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => sim.reset());

const loop = (extra = {}): ProviderAdapter => adapterFor("loop", sim.url, LOOP_SIM_TOKENS.valid, extra);
const writes = () => sim.requests.filter((r) => r.method !== "GET");

const COFFEE = { productId: 1001, variantId: 2001, quantity: 1, price: "18.00" };
const MUG_PLAN_LESS = { productId: 1004, variantId: 2005, quantity: 1, price: "18.00" };
const DECAF = { productId: 1008, variantId: 2009, quantity: 1, price: "19.80" };

function addSub(lines = [COFFEE], extra: { contractId?: number } = {}) {
  const orderId = nextOrderId();
  const customerId = orderId + 30_000;
  const ids = sim.addSubscription({ orderId, customerId, lines, intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1, nextChargeDate: futureDate(20), ...extra });
  return { orderId: String(orderId), customerId: String(customerId), ...ids };
}

/** Where a customer's lines of a variant live now, in Loop's own truth. */
function linesOf(variantId: number, customerId: string) {
  return [...sim.state.subscriptions.values()].filter((r) => String(r.current.customerShopifyId) === customerId).flatMap((r) => r.current.lines.filter((l) => l.variantShopifyId === variantId).map((l) => ({ subscriptionId: r.current.id, line: l, billing: r.current.billingPolicy })));
}

const toEveryTwoMonths: UpgradeChange = { type: "frequency", interval: everyTwoMonths, applyAtEndOfCycle: false };

describe("Loop adapter", () => {
  it("PRV-1: finds the subscription by shopify-{contractId}, by origin order, and by customer", async () => {
    const { orderId, customerId, shopifyId, subscriptionId } = addSub([COFFEE], { contractId: 555_001 });
    const byContract = await loop().findSubscriptionForOrder({ orderId, productId: "1001", contractId: String(shopifyId) });
    expect(byContract.id).toBe(String(subscriptionId));
    expect(calls(sim, "GET", "/subscription/shopify-555001")).toHaveLength(1);

    const byOrder = await loop().findSubscriptionForOrder({ orderId, productId: "1001", variantId: "2001" });
    expect(byOrder).toMatchObject({ id: String(subscriptionId), interval: monthly, prepaid: false, lineCount: 1 });
    expect(calls(sim, "GET", "/subscription").some((r) => r.query.originOrderShopifyId === orderId)).toBe(true);

    sim.state.subscriptions.get(subscriptionId)!.timeline.forEach((t) => (t.snapshot.originOrderShopifyId = null));
    const byCustomer = await loop().findSubscriptionForOrder({ orderId, customerId, productId: "1001" });
    expect(byCustomer.id).toBe(String(subscriptionId));
    for (const request of sim.requests) expect(request.headers["x-loop-token"]).toBe(LOOP_SIM_TOKENS.valid);
  });

  it("PRV-1: lists selling plans by their Shopify selling-plan ids", async () => {
    const plans = await loop().listSellingPlans({ productId: "1008" });
    expect(plans.map((p) => [p.id, p.interval.deliveryCount, p.prepaid])).toEqual([["3005", 1, false], ["3006", 2, false]]);
  });

  it("PRV-3: a frequency with no selling plan at Loop is a permanent error with a clear message, before any write", async () => {
    const { orderId } = addSub();
    const sub = await loop().findSubscriptionForOrder({ orderId, productId: "1001" });
    const error = await rejectionOf(loop().applyUpgrade({ subscription: sub, change: { type: "frequency", interval: { unit: "week", deliveryCount: 3, billingCount: 3 }, applyAtEndOfCycle: false } }));
    expect(error).toBeInstanceOf(ProviderInvalidRequestError);
    expect((error as ProviderInvalidRequestError).code).toBe("missing_selling_plan");
    expect(error.message).toContain("every 3 weeks");
    expect(error.message).toMatch(/Create that plan in Loop/);
    expect(writes()).toHaveLength(0);
  });

  it("PRV-3: a chosen selling plan that does not match the interval is refused the same way", async () => {
    const { orderId } = addSub();
    const sub = await loop().findSubscriptionForOrder({ orderId, productId: "1001" });
    const error = await rejectionOf(loop().applyUpgrade({ subscription: sub, change: { ...toEveryTwoMonths, sellingPlanId: "3001" } }));
    expect((error as ProviderInvalidRequestError).code).toBe("missing_selling_plan");
    expect(writes()).toHaveLength(0);
  });

  it("PRV-3: a single-line subscription changes frequency in place onto the existing plan", async () => {
    const { orderId, subscriptionId } = addSub();
    const sub = await loop().findSubscriptionForOrder({ orderId, productId: "1001" });
    await loop().applyUpgrade({ subscription: sub, change: toEveryTwoMonths });
    const put = first(calls(sim, "PUT", "/frequency"));
    expect(put.body).toMatchObject({ billingPolicy: { interval: "MONTH", intervalCount: 2 }, deliveryPolicy: { interval: "MONTH", intervalCount: 2 }, sellingPlanShopifyId: 3002 });
    expect(sim.state.subscriptions.get(subscriptionId)!.current.billingPolicy).toEqual({ interval: "MONTH", intervalCount: 2 });
    expect(calls(sim, "POST", "/split")).toHaveLength(0);
  });

  it("PRV-2: a prepaid Loop subscription is refused before any call, even for a replacement", async () => {
    const orderId = nextOrderId();
    sim.addSubscription({ orderId, customerId: 4001, lines: [COFFEE], intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 6, nextChargeDate: futureDate(20) });
    const sub = await loop().findSubscriptionForOrder({ orderId: String(orderId), productId: "1001" });
    expect(sub.prepaid).toBe(true);
    const before = sim.requests.length;
    const error = await rejectionOf(loop().applyUpgrade({ subscription: sub, change: { type: "replacement", replacement: { productId: "1001", variantId: "2002", quantity: 1 }, applyAtEndOfCycle: false } }));
    expect((error as ProviderInvalidRequestError).code).toBe("prepaid_not_supported");
    expect(sim.requests.length).toBe(before);
  });

  it("PRV-1: a discount is a manualDiscount with a title", async () => {
    const { orderId, subscriptionId } = addSub();
    const sub = await loop().findSubscriptionForOrder({ orderId, productId: "1001" });
    await loop().applyUpgrade({ subscription: sub, change: { ...toEveryTwoMonths, discount: { type: "percentage", basisPoints: 1250 } } });
    expect(first(calls(sim, "POST", "/discount")).body).toEqual({ manualDiscount: { title: "Upgrade discount", type: "PERCENTAGE", value: 12.5 } });
    expect(sim.state.subscriptions.get(subscriptionId)!.current.discounts).toHaveLength(1);
  });
});

describe("PRV-3: multi-line split in two recorded steps", () => {
  async function multiLine() {
    const created = addSub([COFFEE, DECAF]);
    const sub = await loop().findSubscriptionForOrder({ orderId: created.orderId, productId: "1001", variantId: "2001" });
    expect(sub.lineCount).toBe(2);
    return { ...created, sub };
  }

  function expectExactlyOneLineOnNewFrequency(original: number, customerId: string) {
    const coffee = linesOf(2001, customerId);
    expect(coffee).toHaveLength(1);
    expect(first(coffee).subscriptionId).not.toBe(original);
    expect(first(coffee).billing).toEqual({ interval: "MONTH", intervalCount: 2 });
    const decaf = linesOf(2009, customerId);
    expect(decaf).toEqual([expect.objectContaining({ subscriptionId: original, billing: { interval: "MONTH", intervalCount: 1 } })]);
  }

  it("PRV-3: the target line moves to a new subscription on the new frequency, then leaves the original", async () => {
    const { sub, subscriptionId, customerId } = await multiLine();
    const steps: string[][] = [];
    const result = await loop().applyUpgrade({ subscription: sub, change: toEveryTwoMonths, onProgress: (p) => void steps.push([...p.completedSteps]) });
    // The first report is "split requested", saved before the POST (crash-safe split).
    expect(steps).toEqual([[], ["split"], ["split", "remove_line"], ["split", "remove_line", "done"]]);
    expect(result.subscription).toMatchObject({ id: result.progress.splitSubscriptionId, interval: everyTwoMonths, lineCount: 1 });
    expect(calls(sim, "PUT", "/frequency")).toHaveLength(0);
    expect(calls(sim, "POST", "/split")).toHaveLength(1);
    expect(calls(sim, "DELETE", "/line/")).toHaveLength(1);
    expectExactlyOneLineOnNewFrequency(subscriptionId, customerId);
  });

  it("PRV-3: interrupted between the two steps and retried with its progress → exactly one line, on the new frequency", async () => {
    const { sub, subscriptionId, orderId, customerId } = await multiLine();
    sim.faults.add({ method: "DELETE", path: "/line/", status: 503, times: 1 });
    let saved: UpgradeProgress | undefined;
    const first = await rejectionOf(loop().applyUpgrade({ subscription: sub, change: toEveryTwoMonths, onProgress: (p) => void (saved = p) }));
    expect(first).toBeInstanceOf(ProviderUnavailableError);
    expect(saved).toMatchObject({ completedSteps: ["split"] });
    // GIVEN the intermediate state: the line exists twice, so the change is not applied yet.
    expect(linesOf(2001, customerId)).toHaveLength(2);
    const refound = await loop().findSubscriptionForOrder({ orderId, productId: "1001", variantId: "2001" });
    expect(refound.id).toBe(String(subscriptionId));
    expect(loop().isChangeApplied(refound, toEveryTwoMonths, saved)).toBe(false);

    // WHEN the worker retries with the saved progress
    const result = await loop().applyUpgrade({ subscription: refound, change: toEveryTwoMonths, progress: saved });

    // THEN it finishes the job without a second copy
    expect(result.progress.completedSteps).toEqual(["split", "remove_line", "done"]);
    expect(calls(sim, "POST", "/split")).toHaveLength(1);
    expectExactlyOneLineOnNewFrequency(subscriptionId, customerId);
  });

  it("PRV-3: a retry handed the new copy instead of the original still removes the line from the original", async () => {
    const { sub, subscriptionId, customerId } = await multiLine();
    sim.faults.add({ method: "DELETE", path: "/line/", status: 500, times: 1 });
    let saved: UpgradeProgress | undefined;
    await rejectionOf(loop().applyUpgrade({ subscription: sub, change: toEveryTwoMonths, onProgress: (p) => void (saved = p) }));
    const copy = await loop().getSubscriptionLine({ subscriptionId: saved!.splitSubscriptionId!, lineId: saved!.splitLineId! });
    expect(copy.lineCount).toBe(1);

    await loop().applyUpgrade({ subscription: copy, change: toEveryTwoMonths, progress: saved });
    expect(calls(sim, "DELETE", `/subscription/${subscriptionId}/line/${sub.lineId}`).map((r) => r.status)).toEqual([500, 200]);
    expectExactlyOneLineOnNewFrequency(subscriptionId, customerId);
  });

  it("PRV-3: a multi-line subscription already on the target frequency is left alone (no split)", async () => {
    const { sub } = await multiLine();
    await loop().applyUpgrade({ subscription: sub, change: { ...toEveryTwoMonths, interval: monthly } });
    expect(writes()).toHaveLength(0);
  });

  it("PRV-3: a crash after the split but before it was recorded is detected on retry: the copy is found, not made twice", async () => {
    const { sub, subscriptionId, customerId } = await multiLine();
    const crash = (p: UpgradeProgress) => {
      if (p.completedSteps.includes("split")) throw new Error("worker died before saving progress");
    };
    await expect(loop().applyUpgrade({ subscription: sub, change: toEveryTwoMonths, onProgress: crash })).rejects.toThrow("worker died");
    expect(linesOf(2001, customerId)).toHaveLength(2);

    const result = await loop().applyUpgrade({ subscription: sub, change: toEveryTwoMonths });
    expect(result.progress.completedSteps).toEqual(["split", "remove_line", "done"]);
    expect(calls(sim, "POST", "/split")).toHaveLength(1);
    expectExactlyOneLineOnNewFrequency(subscriptionId, customerId);
  });

  it("PRV-3 (audit High 2): a 404 on the remove-line call while the original still holds the line is a partial outcome, never 'done'", async () => {
    const { sub, subscriptionId, customerId } = await multiLine();
    // A wrong remove-line path: Loop answers 404 and removes nothing.
    sim.faults.add({ method: "DELETE", path: "/line/", status: 404 });
    const error = await rejectionOf(loop().applyUpgrade({ subscription: sub, change: toEveryTwoMonths }));
    expect(error).toBeInstanceOf(ProviderPartialChangeError);
    expect(error.message).toMatch(new RegExp(`would ship and bill twice: in Loop, remove it from subscription ${subscriptionId} now`));
    expect((error as ProviderPartialChangeError).missing).toEqual([expect.stringContaining(`from subscription ${subscriptionId}`)]);
    expect(linesOf(2001, customerId)).toHaveLength(2);
  });

  it("PRV-3: a retry whose remove already happened (answer lost) treats Loop's 404 as done", async () => {
    const { sub, subscriptionId, customerId } = await multiLine();
    let saved: UpgradeProgress | undefined;
    await loop().applyUpgrade({ subscription: sub, change: toEveryTwoMonths, onProgress: (p) => void (saved = p.completedSteps.length === 1 ? p : saved) });
    const result = await loop().applyUpgrade({ subscription: sub, change: toEveryTwoMonths, progress: saved });
    expect(result.progress.completedSteps).toContain("done");
    expect(calls(sim, "DELETE", "/line/").map((r) => r.status)).toEqual([200, 404]);
    expectExactlyOneLineOnNewFrequency(subscriptionId, customerId);
  });

  it("PRV-3/PRV-4: both on a multi-line subscription swaps the line, then splits it onto the replacement's plan", async () => {
    const { sub, subscriptionId, customerId } = await multiLine();
    const change: UpgradeChange = { type: "both", interval: everyTwoMonths, replacement: { productId: "1001", variantId: "2002", quantity: 2 }, discount: { type: "fixed_amount", amountMinor: 300, currency: "USD" }, applyAtEndOfCycle: false };
    const result = await loop().applyUpgrade({ subscription: sub, change });
    expect(result.progress.completedSteps).toEqual(["swap", "split", "remove_line", "discount", "done"]);
    const moved = linesOf(2002, customerId);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ billing: { interval: "MONTH", intervalCount: 2 }, line: expect.objectContaining({ quantity: 2 }) });
    expect(first(moved).subscriptionId).not.toBe(subscriptionId);
    expect(sim.state.subscriptions.get(first(moved).subscriptionId)!.current.discounts).toEqual([expect.objectContaining({ type: "FIXED_AMOUNT", value: 3 })]);
    expect(sim.state.subscriptions.get(subscriptionId)!.current.discounts).toHaveLength(0);
  });
});

describe("Loop's delayed visibility", () => {
  it("PRV-3: the new subscription is invisible to reads for a while; the split still completes from recorded ids", async () => {
    const created = addSub([COFFEE, DECAF]);
    const sub: ProviderSubscription = await loop().findSubscriptionForOrder({ orderId: created.orderId, productId: "1001" });
    sim.faults.visibilityDelayMs = 400;
    const result = await loop().applyUpgrade({ subscription: sub, change: toEveryTwoMonths });
    const newId = result.progress.splitSubscriptionId!;
    await expect(loop().getSubscriptionLine({ subscriptionId: newId, lineId: result.subscription.lineId })).rejects.toMatchObject({ name: "ProviderNotFoundError" });
    // The original still reads as before the change.
    const stale = await loop().getSubscriptionLine({ subscriptionId: sub.id, lineId: sub.lineId });
    expect(stale.lineCount).toBe(2);

    await new Promise((resolve) => setTimeout(resolve, 450));
    const fresh = await loop().getSubscriptionLine({ subscriptionId: newId, lineId: result.subscription.lineId });
    expect(fresh).toMatchObject({ interval: everyTwoMonths, variantId: "2001", lineCount: 1 });
    expect(loop().isChangeApplied(fresh, toEveryTwoMonths, result.progress)).toBe(true);
  });

  it("PRV-1: a frequency change shows late in reads; the result reports what was sent", async () => {
    const { orderId } = addSub();
    const sub = await loop().findSubscriptionForOrder({ orderId, productId: "1001" });
    sim.faults.visibilityDelayMs = 10_000;
    const result = await loop().applyUpgrade({ subscription: sub, change: toEveryTwoMonths });
    expect(result.subscription.interval).toEqual(everyTwoMonths);
    expect(result.summary).toMatch(/may take a while/);
    const reread = await loop().getSubscriptionLine({ subscriptionId: sub.id, lineId: sub.lineId });
    expect(reread.interval).toEqual(monthly);
  });

  it("PRV-1: a subscription Loop has not shown yet is not-found (the worker may retry it)", async () => {
    sim.faults.visibilityDelayMs = 10_000;
    const orderId = nextOrderId();
    sim.addSubscription({ orderId, customerId: 4001, lines: [MUG_PLAN_LESS], intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1, nextChargeDate: futureDate(9) });
    // Seeded subscriptions are visible at once; a freshly created one is not.
    const record = [...sim.state.subscriptions.values()].at(-1)!;
    first(record.timeline).at = Date.now();
    await expect(loop().findSubscriptionForOrder({ orderId: String(orderId), productId: "1004" })).rejects.toMatchObject({ name: "ProviderNotFoundError" });
  });
});

describe("Loop's 5 requests/s read limit", () => {
  it("PRV-1: the documented read limit is 5 per second", () => {
    expect(LOOP_RATE_LIMIT).toEqual({ capacity: 5, refillPerSecond: 5 });
  });

  it("PRV-1: the adapter paces a burst of reads under 5/s: no 429 served", async () => {
    const strict = await startLoopSimulator();
    try {
      const adapter = adapterFor("loop", strict.url, LOOP_SIM_TOKENS.valid, { limiter: createTokenBucketLimiter(), rateLimit: undefined });
      const started = Date.now();
      await Promise.all(Array.from({ length: 9 }, () => adapter.getSubscriptionLine({ subscriptionId: "1000001", lineId: "5000001" })));
      expect(strict.stats.rateLimitViolations).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    } finally {
      await strict.close();
    }
  });

  it("PRV-1: without pacing, Loop answers 429 with Retry-After and the adapter reports the wait", async () => {
    const strict = await startLoopSimulator();
    try {
      const adapter = adapterFor("loop", strict.url, LOOP_SIM_TOKENS.valid, { limiter: noRateLimit });
      const results = await Promise.allSettled(Array.from({ length: 12 }, () => adapter.getSubscriptionLine({ subscriptionId: "1000001", lineId: "5000001" })));
      const limited = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
      expect(strict.stats.rateLimitViolations).toBeGreaterThan(0);
      expect(limited[0]).toBeInstanceOf(ProviderRateLimitedError);
      expect((limited[0] as ProviderRateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(1_000);
    } finally {
      await strict.close();
    }
  });
});
