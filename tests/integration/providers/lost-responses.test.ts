/**
 * Issue 13 §3 / JOB-6: every write at every provider has its response lost once (the
 * simulator does the work, then drops the connection). The retry runs the way the worker
 * does — find the line again (with the replacement variant), skip it if already applied,
 * else resume with the saved progress — and the provider ends with exactly one change.
 */
import { first } from "../../support/entries";
import { describe, expect, it } from "vitest";
import {
  ProviderUnavailableError,
  type FindSubscriptionInput,
  type ProviderAdapter,
  type UpgradeChange,
  type UpgradeProgress,
} from "~/providers/index.server";
import { LOOP_SIM_TOKENS, type LoopSimulator } from "../../simulators/providers/loop";
import { RECHARGE_SIM_TOKENS, type RechargeSimulator } from "../../simulators/providers/recharge";
import { SKIO_DISCOUNT_CODES, SKIO_SIM_TOKENS, type SkioSimulator } from "../../simulators/providers/skio";
import type { FaultRule } from "../../simulators/providers/sim-server";
import { adapterFor, everyTwoMonths, futureDate, nextOrderId, rejectionOf, withProviderSimulators } from "./support";

let recharge: RechargeSimulator;
let skio: SkioSimulator;
let loop: LoopSimulator;
withProviderSimulators((sims) => ({ recharge, skio, loop } = sims));

const COFFEE = { productId: 1001, variantId: 2001, quantity: 1, price: "18.00" };
const DECAF = { productId: 1008, variantId: 2009, quantity: 1, price: "19.80" };
const monthlySpec = (lines = [COFFEE]) => {
  const orderId = nextOrderId();
  return { orderId, customerId: orderId + 40_000, lines, intervalUnit: "month" as const, deliveryIntervalCount: 1, billingIntervalCount: 1, nextChargeDate: futureDate(20) };
};

/** The worker's flow (processor.server.ts), up to three attempts; returns the attempt that finished. */
async function runLikeTheWorker(adapter: ProviderAdapter, lookup: FindSubscriptionInput, change: UpgradeChange): Promise<number> {
  let saved: UpgradeProgress | undefined;
  const replacementVariantId = change.type !== "frequency" ? change.replacement?.variantId : undefined;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      const subscription = await adapter.findSubscriptionForOrder({ ...lookup, ...(replacementVariantId ? { replacementVariantId } : {}) });
      if (adapter.isChangeApplied(subscription, change, saved)) return attempt;
      await adapter.applyUpgrade({ subscription, change, progress: saved, onProgress: (p) => void (saved = p) });
      return attempt;
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError)) throw error;
    }
  }
  throw new Error("the upgrade did not finish in three attempts");
}

const lose = (rule: Omit<FaultRule, "loseResponse" | "times">): FaultRule => ({ ...rule, loseResponse: true, times: 1 });

describe("Recharge: a lost response at every write", () => {
  const change: UpgradeChange = {
    type: "both",
    interval: everyTwoMonths,
    replacement: { productId: "1001", variantId: "2002", quantity: 2 },
    discount: { type: "percentage", basisPoints: 1000 },
    applyAtEndOfCycle: true,
  };
  it.each([
    { write: "PUT /subscriptions/{id}", rule: lose({ method: "PUT", path: "/subscriptions/" }) },
    { write: "POST set_next_charge_date", rule: lose({ method: "POST", path: "/set_next_charge_date" }) },
    { write: "POST /discounts", rule: lose({ method: "POST", path: "/discounts" }) },
    { write: "POST apply_discount", rule: lose({ method: "POST", path: "/apply_discount" }) },
  ])("issue 13 §3: losing the answer to $write once still leaves exactly one change and one discount", async ({ rule }) => {
    const spec = monthlySpec();
    const { subscriptionIds } = recharge.addSubscription(spec);
    recharge.faults.add(rule);
    const attempt = await runLikeTheWorker(adapterFor("recharge", recharge.url, RECHARGE_SIM_TOKENS.valid), { orderId: String(spec.orderId), productId: "1001", variantId: "2001" }, change);

    expect(recharge.stats.faultsServed).toBe(1);
    expect(attempt).toBe(2);
    const sub = recharge.state.subscriptions.get(first(subscriptionIds))!;
    expect(sub).toMatchObject({ variant_id: "2002", quantity: 2, order_interval_frequency: 2, charge_interval_frequency: 2, next_charge_scheduled_at: spec.nextChargeDate });
    const ours = [...recharge.state.discounts.values()].filter((d) => d.code.startsWith("UPLIFT-"));
    expect(ours).toHaveLength(1);
    expect(recharge.state.addresses.get(sub.address_id)!.discount_id).toBe(first(ours).id);
  });
});

describe("Skio: a lost response at every write", () => {
  const change: UpgradeChange = {
    type: "both",
    interval: everyTwoMonths,
    replacement: { productId: "1008", variantId: "2009", quantity: 2 },
    discount: { type: "percentage", basisPoints: 1000, code: SKIO_DISCOUNT_CODES.active },
    applyAtEndOfCycle: false,
  };
  it.each(["swapSubscriptionProductVariants", "updateSubscriptionLine", "subscriptionEditInterval", "applyDiscountCode"])(
    "issue 13 §3: losing the answer to %s once still leaves exactly one change and one discount code",
    async (mutation) => {
      const spec = monthlySpec();
      const { subscriptionId, lineIds } = skio.addSubscription(spec);
      skio.faults.add(lose({ bodyIncludes: `mutation ${mutation}` }));
      const attempt = await runLikeTheWorker(adapterFor("skio", skio.url, SKIO_SIM_TOKENS.valid), { orderId: String(spec.orderId), productId: "1001", variantId: "2001" }, change);

      expect(skio.stats.faultsServed).toBe(1);
      expect(attempt).toBe(2);
      const line = skio.state.lines.get(first(lineIds))!;
      const variant = skio.state.variants.get(line.productVariantId)!;
      expect({ variant: variant.platformId, quantity: line.quantity }).toEqual({ variant: "gid://shopify/ProductVariant/2009", quantity: 2 });
      const sub = skio.state.subscriptions.get(subscriptionId)!;
      expect(sub.billingPolicy).toMatchObject({ interval: "MONTH", intervalCount: 2 });
      expect(sub.discounts.map((d) => d.redeemCode)).toEqual([SKIO_DISCOUNT_CODES.active]);
    },
  );
});

describe("Loop: a lost response at every write", () => {
  /** Where the customer's lines of a variant are now, and each holder's discounts. */
  const holdersOf = (customerId: number, variantId: number) =>
    [...loop.state.subscriptions.values()]
      .map((r) => r.current)
      .filter((s) => s.customerShopifyId === customerId && s.lines.some((l) => l.variantShopifyId === variantId))
      .map((s) => ({ id: s.id, interval: s.billingPolicy.intervalCount, lines: s.lines.filter((l) => l.variantShopifyId === variantId).length, discounts: s.discounts.length }));

  it.each([
    { write: "PUT …/swap", rule: lose({ method: "PUT", path: "/swap" }) },
    { write: "PUT …/frequency", rule: lose({ method: "PUT", path: "/frequency" }) },
    { write: "POST …/discount", rule: lose({ method: "POST", path: "/discount" }) },
  ])("issue 13 §3: one-line subscription, losing the answer to $write once still leaves exactly one change and one discount", async ({ rule }) => {
    const spec = monthlySpec();
    loop.addSubscription(spec);
    loop.faults.add(rule);
    const change: UpgradeChange = { type: "both", interval: everyTwoMonths, replacement: { productId: "1001", variantId: "2002", quantity: 2 }, discount: { type: "percentage", basisPoints: 1000 }, applyAtEndOfCycle: false };
    const attempt = await runLikeTheWorker(adapterFor("loop", loop.url, LOOP_SIM_TOKENS.valid), { orderId: String(spec.orderId), customerId: String(spec.customerId), productId: "1001", variantId: "2001" }, change);

    expect(loop.stats.faultsServed).toBe(1);
    expect(attempt).toBe(2);
    expect(holdersOf(spec.customerId, 2002)).toEqual([expect.objectContaining({ interval: 2, lines: 1, discounts: 1 })]);
    expect(holdersOf(spec.customerId, 2001)).toEqual([]);
  });

  it.each([
    { write: "POST …/split", rule: lose({ method: "POST", path: "/split" }) },
    { write: "DELETE …/line/{id}", rule: lose({ method: "DELETE", path: "/line/" }) },
    { write: "POST …/discount", rule: lose({ method: "POST", path: "/discount" }) },
  ])("issue 13 §3, PRV-3: multi-line split, losing the answer to $write once still leaves the line once, on the new frequency, discounted once", async ({ rule }) => {
    const spec = monthlySpec([COFFEE, DECAF]);
    loop.addSubscription(spec);
    loop.faults.add(rule);
    const change: UpgradeChange = { type: "frequency", interval: everyTwoMonths, discount: { type: "percentage", basisPoints: 1000 }, applyAtEndOfCycle: false };
    const attempt = await runLikeTheWorker(adapterFor("loop", loop.url, LOOP_SIM_TOKENS.valid), { orderId: String(spec.orderId), customerId: String(spec.customerId), productId: "1001", variantId: "2001" }, change);

    expect(loop.stats.faultsServed).toBe(1);
    expect(attempt).toBe(2);
    expect(holdersOf(spec.customerId, 2001)).toEqual([expect.objectContaining({ interval: 2, lines: 1, discounts: 1 })]);
    expect(holdersOf(spec.customerId, 2009)).toEqual([expect.objectContaining({ interval: 1, lines: 1, discounts: 0 })]);
  });

  it("PRV-3 (audit High 3): a lost split answer while Loop still hides the copy makes the retry wait — it never splits twice", async () => {
    const spec = monthlySpec([COFFEE, DECAF]);
    loop.addSubscription(spec);
    loop.faults.add(lose({ method: "POST", path: "/split" }));
    loop.faults.visibilityDelayMs = 3_600_000;
    const adapter = adapterFor("loop", loop.url, LOOP_SIM_TOKENS.valid);
    const change: UpgradeChange = { type: "frequency", interval: everyTwoMonths, applyAtEndOfCycle: false };
    const lookup = { orderId: String(spec.orderId), customerId: String(spec.customerId), productId: "1001", variantId: "2001" };
    let saved: UpgradeProgress | undefined;
    const onProgress = (p: UpgradeProgress) => void (saved = p);

    const first = await rejectionOf(adapter.applyUpgrade({ subscription: await adapter.findSubscriptionForOrder(lookup), change, onProgress }));
    expect(first).toBeInstanceOf(ProviderUnavailableError);
    expect(saved?.splitRequestedAt).toBeTruthy();
    // WHEN the retry comes while Loop still hides the new subscription
    const waiting = await rejectionOf(adapter.applyUpgrade({ subscription: await adapter.findSubscriptionForOrder(lookup), change, progress: saved, onProgress }));
    expect(waiting).toBeInstanceOf(ProviderUnavailableError);
    expect((waiting as ProviderUnavailableError).code).toBe("not_visible_yet");
    expect(waiting.message).toMatch(/instead of asking twice/);
    // THEN, once Loop shows it, the next retry finishes from the copy it finds.
    loop.faults.visibilityDelayMs = 0;
    await adapter.applyUpgrade({ subscription: await adapter.findSubscriptionForOrder(lookup), change, progress: saved, onProgress });
    expect(loop.requests.filter((r) => r.method === "POST" && r.path.endsWith("/split"))).toHaveLength(1);
    expect(holdersOf(spec.customerId, 2001)).toEqual([expect.objectContaining({ interval: 2, lines: 1 })]);
  });
});
