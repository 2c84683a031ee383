/**
 * Recharge adapter specifics (providers.md §1) against the simulator: version header on
 * every call, the three interval fields sent together, end-of-cycle dates, discounts
 * through POST /discounts + the address, resumable retries, and the 40 / 2-per-second bucket.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ProviderInvalidRequestError,
  ProviderPartialChangeError,
  ProviderUnavailableError,
  RECHARGE_RATE_LIMIT,
  createTokenBucketLimiter,
  noRateLimit,
  type ProviderAdapter,
  type UpgradeChange,
  type UpgradeProgress,
} from "~/providers/index.server";
import { startRechargeSimulator, RECHARGE_SIM_TOKENS, type RechargeSimulator } from "../../simulators/providers/recharge";
import { variantInfo } from "../../simulators/providers/seed";
import { WIDE_SIM_LIMIT, adapterFor, calls, everyTwoMonths, futureDate, nextOrderId, rejectionOf } from "./support";
import { first } from "../../support/entries";

let sim: RechargeSimulator;
beforeAll(async () => {
  sim = await startRechargeSimulator({ rateLimit: WIDE_SIM_LIMIT });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => sim.reset());

const recharge = (extra = {}): ProviderAdapter => adapterFor("recharge", sim.url, RECHARGE_SIM_TOKENS.valid, extra);

async function freshSubscription(nextChargeDate = futureDate(20)) {
  const orderId = nextOrderId();
  sim.addSubscription({ orderId, customerId: orderId + 20_000, lines: [{ productId: 1001, variantId: 2001, quantity: 1, price: "18.00" }], intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1, nextChargeDate });
  return recharge().findSubscriptionForOrder({ orderId: String(orderId), productId: "1001", variantId: "2001" });
}

describe("Recharge adapter", () => {
  it("PRV-1: finds the demo order's subscription through /orders?external_order_id and purchase_item_id", async () => {
    const sub = await recharge().findSubscriptionForOrder({ orderId: "5001", productId: "1001", variantId: "2001" });
    expect(sub).toMatchObject({ productId: "1001", variantId: "2001", quantity: 1, interval: { unit: "month", deliveryCount: 1, billingCount: 1 }, prepaid: false, nextChargeDate: "2026-12-21", status: "active", lineCount: 1 });
    expect(first(calls(sim, "GET", "/orders")).query).toEqual({ external_order_id: "5001" });
    expect(calls(sim, "GET", `/subscriptions/${sub.id}`)).toHaveLength(1);
  });

  it("PRV-1: every call carries X-Recharge-Version 2021-11 and the access token header", async () => {
    const sub = await freshSubscription();
    await recharge().verifyToken();
    await recharge().listSellingPlans({ productId: "1001" });
    await recharge().applyUpgrade({ subscription: sub, change: { type: "both", interval: everyTwoMonths, replacement: { productId: "1001", variantId: "2002", quantity: 1 }, discount: { type: "percentage", basisPoints: 1000 }, applyAtEndOfCycle: true } });
    expect(sim.requests.length).toBeGreaterThan(6);
    for (const request of sim.requests) {
      expect(request.headers["x-recharge-version"]).toBe("2021-11");
      expect(request.headers["x-recharge-access-token"]).toBe(RECHARGE_SIM_TOKENS.valid);
      expect(request.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("PRV-1: a lost version header (2021-01 shapes come back) fails loudly as an unexpected answer", async () => {
    const stripVersion: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.delete("x-recharge-version");
      return fetch(input, { ...init, headers });
    };
    const error = await rejectionOf(recharge({ fetch: stripVersion }).findSubscriptionForOrder({ orderId: "5001", productId: "1001" }));
    expect(error).toBeInstanceOf(ProviderInvalidRequestError);
    expect((error as ProviderInvalidRequestError).code).toBe("unexpected_response");
  });

  it("PRV-1: lists the product's plans with their intervals and Shopify selling-plan ids", async () => {
    const plans = await recharge().listSellingPlans({ productId: "1001" });
    expect(plans.map((p) => ({ interval: p.interval, prepaid: p.prepaid, shopify: p.shopifySellingPlanId }))).toEqual([
      { interval: { unit: "month", deliveryCount: 1, billingCount: 1 }, prepaid: false, shopify: "3001" },
      { interval: { unit: "month", deliveryCount: 2, billingCount: 2 }, prepaid: false, shopify: "3002" },
    ]);
  });

  it("PRV-1: a frequency change sends all three interval fields together in one PUT, with the chosen plan", async () => {
    const sub = await freshSubscription();
    const plan = (await recharge().listSellingPlans({ productId: "1001" })).find((p) => p.interval.deliveryCount === 2)!;
    await recharge().applyUpgrade({ subscription: sub, change: { type: "frequency", interval: everyTwoMonths, sellingPlanId: plan.id, applyAtEndOfCycle: false } });
    const puts = calls(sim, "PUT", "/subscriptions/");
    expect(puts).toHaveLength(1);
    expect(first(puts).body).toEqual({ order_interval_unit: "month", order_interval_frequency: 2, charge_interval_frequency: 2, plan_id: Number(plan.id) });
    expect(first(puts).query).toMatchObject({ commit: "true" });
  });

  it("PRV-2: a prepaid change is a charge interval that is a multiple of the order interval, sent with override", async () => {
    const sub = await freshSubscription();
    const result = await recharge().applyUpgrade({ subscription: sub, change: { type: "frequency", interval: { unit: "month", deliveryCount: 1, billingCount: 3 }, applyAtEndOfCycle: false } });
    const put = first(calls(sim, "PUT", "/subscriptions/"));
    expect(put.body).toMatchObject({ order_interval_frequency: 1, charge_interval_frequency: 3 });
    expect(put.query).toMatchObject({ override: "true" });
    expect(result.subscription.prepaid).toBe(true);
    expect(sim.state.subscriptions.get(Number(sub.id))!.charge_interval_frequency).toBe(3);
  });

  it("JOB-4: apply at end of cycle keeps the scheduled next charge date; applying now lets Recharge reschedule", async () => {
    const keepDate = futureDate(25);
    const kept = await freshSubscription(keepDate);
    const keptResult = await recharge().applyUpgrade({ subscription: kept, change: { type: "frequency", interval: everyTwoMonths, applyAtEndOfCycle: true } });
    expect(keptResult.subscription.nextChargeDate).toBe(keepDate);
    expect(calls(sim, "POST", "/set_next_charge_date")).toHaveLength(1);

    const moved = await freshSubscription(keepDate);
    const movedResult = await recharge().applyUpgrade({ subscription: moved, change: { type: "frequency", interval: everyTwoMonths, applyAtEndOfCycle: false } });
    expect(movedResult.subscription.nextChargeDate).not.toBe(keepDate);
    expect(calls(sim, "POST", "/set_next_charge_date")).toHaveLength(1);
  });

  it("PRV-4 (audit High 5): a replacement sends the variant with use_external_variant_defaults, so the price follows it; the frequency stays", async () => {
    const sub = await freshSubscription();
    const result = await recharge().applyUpgrade({ subscription: sub, change: { type: "replacement", replacement: { productId: "1008", variantId: "2009", quantity: 1 }, applyAtEndOfCycle: false } });
    expect(first(calls(sim, "PUT", "/subscriptions/")).body).toEqual({ external_variant_id: { ecommerce: "2009" }, use_external_variant_defaults: true });
    expect(result.subscription).toMatchObject({ productId: "1008", variantId: "2009", interval: sub.interval });
    expect(sim.state.subscriptions.get(Number(sub.id))!.price).toBe(variantInfo(2009)!.price);
  });

  it("PRV-1: a discount is created with POST /discounts and applied to the subscription's address", async () => {
    const sub = await freshSubscription();
    await recharge().applyUpgrade({ subscription: sub, change: { type: "frequency", interval: everyTwoMonths, discount: { type: "fixed_amount", amountMinor: 250, currency: "USD" }, applyAtEndOfCycle: false } });
    const created = calls(sim, "POST", "/discounts");
    expect(created).toHaveLength(1);
    // Audit High 4: limited to the upgraded product, not every subscription at the address.
    expect(first(created).body).toMatchObject({ value: "2.50", value_type: "fixed_amount", applies_to: { purchase_item_type: "SUBSCRIPTION", resource: "shopify_product", ids: [sub.productId] } });
    const addressId = sim.state.subscriptions.get(Number(sub.id))!.address_id;
    const applied = calls(sim, "POST", `/addresses/${addressId}/apply_discount`);
    expect(applied).toHaveLength(1);
    expect(sim.state.addresses.get(addressId)!.discount_id).toBe(Number((first(applied).body as { discount_id: number }).discount_id));
  });

  it("PRV-1: an address that already holds another discount gets a partial outcome (change landed, discount not), and no orphan code", async () => {
    const sub = await freshSubscription();
    const change: UpgradeChange = { type: "frequency", interval: everyTwoMonths, discount: { type: "percentage", basisPoints: 500 }, applyAtEndOfCycle: false };
    await recharge().applyUpgrade({ subscription: sub, change });
    const error = await rejectionOf(recharge().applyUpgrade({ subscription: sub, change }));
    expect(error).toBeInstanceOf(ProviderPartialChangeError);
    expect(error.message).toContain("allows one discount per address");
    expect(calls(sim, "POST", "/discounts")).toHaveLength(1);
  });

  it("JOB-6: a retry after a failure mid-change resumes from its progress: one PUT, one discount", async () => {
    const sub = await freshSubscription();
    const change: UpgradeChange = { type: "both", interval: everyTwoMonths, replacement: { productId: "1001", variantId: "2002", quantity: 2 }, discount: { type: "percentage", basisPoints: 1000 }, applyAtEndOfCycle: false };
    sim.faults.add({ method: "POST", path: "/apply_discount", status: 500, times: 1 });
    let saved: UpgradeProgress | undefined;
    const first = await rejectionOf(recharge().applyUpgrade({ subscription: sub, change, onProgress: (p) => void (saved = p) }));
    expect(first).toBeInstanceOf(ProviderUnavailableError);
    expect(saved?.completedSteps).toEqual(["update", "discount_created"]);

    const result = await recharge().applyUpgrade({ subscription: sub, change, progress: saved, onProgress: (p) => void (saved = p) });
    expect(result.progress.completedSteps).toContain("done");
    expect(calls(sim, "PUT", "/subscriptions/")).toHaveLength(1);
    expect(calls(sim, "POST", "/discounts")).toHaveLength(1);
    expect(sim.state.discounts.size).toBe(1);
    expect(calls(sim, "POST", "/apply_discount")).toHaveLength(2);
  });

  it("PRV-1: a Recharge order without a subscription for the product is not-found", async () => {
    await expect(recharge().findSubscriptionForOrder({ orderId: "5001", productId: "1004" })).rejects.toMatchObject({ name: "ProviderNotFoundError" });
  });
});

describe("Recharge rate limit: a 40-request bucket draining at 2/s", () => {
  it("PRV-1: the documented bucket is 40 requests draining at 2 per second", () => {
    expect(RECHARGE_RATE_LIMIT).toEqual({ capacity: 40, refillPerSecond: 2 });
  });

  it("PRV-1: the client-side limiter keeps a burst inside the bucket: no 429 served", async () => {
    const small = await startRechargeSimulator({ rateLimit: { capacity: 5, drainPerSecond: 10 } });
    try {
      const adapter = adapterFor("recharge", small.url, RECHARGE_SIM_TOKENS.valid, { limiter: createTokenBucketLimiter(), rateLimit: { capacity: 5, refillPerSecond: 10 } });
      const started = Date.now();
      await Promise.all(Array.from({ length: 16 }, () => adapter.listSellingPlans({ productId: "1001" })));
      expect(small.stats.rateLimitViolations).toBe(0);
      expect(small.stats.served429).toBe(0);
      // A burst of 4 (the bucket less a safety margin), then 12 more at 9.5/s.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_100);
    } finally {
      await small.close();
    }
  });

  it("PRV-1: without the limiter the same burst overflows the bucket and Recharge answers 429 with X-Recharge-Limit", async () => {
    const small = await startRechargeSimulator({ rateLimit: { capacity: 5, drainPerSecond: 10 } });
    try {
      const adapter = adapterFor("recharge", small.url, RECHARGE_SIM_TOKENS.valid, { limiter: noRateLimit });
      const results = await Promise.allSettled(Array.from({ length: 16 }, () => adapter.listSellingPlans({ productId: "1001" })));
      expect(small.stats.rateLimitViolations).toBeGreaterThan(0);
      expect(results.some((r) => r.status === "rejected" && (r.reason as Error).name === "ProviderRateLimitedError")).toBe(true);
      expect(small.requests.find((r) => r.status === 429)).toBeDefined();
    } finally {
      await small.close();
    }
  });
});
