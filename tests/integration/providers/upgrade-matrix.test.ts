/**
 * PRV-1, PRV-2, PRV-4 over real HTTP: every adapter × every upgrade type × prepaid or
 * postpaid × with or without a discount, against the provider simulators.
 */
import { describe, expect, it } from "vitest";
import { ProviderInvalidRequestError, type Discount, type Interval, type ProviderName, type UpgradeChange } from "~/providers/index.server";
import { LOOP_SIM_TOKENS, type LoopSimulator } from "../../simulators/providers/loop";
import { RECHARGE_SIM_TOKENS, type RechargeSimulator } from "../../simulators/providers/recharge";
import { SKIO_DISCOUNT_CODES, SKIO_SIM_TOKENS, type SkioSimulator } from "../../simulators/providers/skio";
import type { SimSubscriptionSpec } from "../../simulators/providers/seed";
import { adapterFor, everyTwoMonths, futureDate, monthly, nextOrderId, prepaidSixMonths, rejectionOf, withProviderSimulators } from "./support";

let recharge: RechargeSimulator;
let skio: SkioSimulator;
let loop: LoopSimulator;

withProviderSimulators((started) => ({ recharge, skio, loop } = started));

interface Harness {
  url: () => string;
  token: string;
  discount: Discount;
  add: (spec: SimSubscriptionSpec) => void;
  discountsOn: (subscriptionId: string) => number;
  requestCount: () => number;
}

const harness: Record<ProviderName, Harness> = {
  recharge: {
    url: () => recharge.url,
    token: RECHARGE_SIM_TOKENS.valid,
    discount: { type: "percentage", basisPoints: 1500 },
    add: (spec) => void recharge.addSubscription(spec),
    discountsOn: (id) => {
      const sub = recharge.state.subscriptions.get(Number(id))!;
      return recharge.state.addresses.get(sub.address_id)!.discount_id === null ? 0 : 1;
    },
    requestCount: () => recharge.requests.length,
  },
  skio: {
    url: () => skio.url,
    token: SKIO_SIM_TOKENS.valid,
    discount: { type: "percentage", basisPoints: 1000, code: SKIO_DISCOUNT_CODES.active },
    add: (spec) => void skio.addSubscription(spec),
    discountsOn: (id) => skio.state.subscriptions.get(id)!.discounts.length,
    requestCount: () => skio.requests.length,
  },
  loop: {
    url: () => loop.url,
    token: LOOP_SIM_TOKENS.valid,
    discount: { type: "fixed_amount", amountMinor: 500, currency: "USD" },
    add: (spec) => void loop.addSubscription(spec),
    discountsOn: (id) => loop.state.subscriptions.get(Number(id))!.current.discounts.length,
    requestCount: () => loop.requests.length,
  },
};

const TYPES = ["frequency", "replacement", "both"] as const;
const cases = (["recharge", "skio", "loop"] as const).flatMap((provider) =>
  TYPES.flatMap((type) =>
    [false, true].flatMap((prepaid) =>
      [false, true].map((discount) => ({
        provider,
        type,
        prepaid,
        discount,
        billing: prepaid ? "prepaid" : "postpaid",
        withDiscount: discount ? "with a discount" : "without a discount",
      })),
    ),
  ),
);

/** Replacement goes to another product (Decaf 12 oz × 2), which has its own plans. */
const REPLACEMENT = { productId: "1008", variantId: "2009", quantity: 2 };

describe("PRV-1: the upgrade matrix over real HTTP", () => {
  it.each(cases)("PRV-1/PRV-2/PRV-4: $provider $type upgrade, $billing, $withDiscount", async ({ provider, type, prepaid, discount }) => {
    const h = harness[provider];
    const orderId = nextOrderId();
    // A prepaid replacement starts from a prepaid subscription; a prepaid frequency change targets one.
    const existing: Interval = type === "replacement" && prepaid ? prepaidSixMonths : monthly;
    const target: Interval = prepaid ? prepaidSixMonths : everyTwoMonths;
    h.add({
      orderId,
      customerId: orderId + 10_000,
      lines: [{ productId: 1001, variantId: 2001, quantity: 1, price: "18.00" }],
      intervalUnit: "month",
      deliveryIntervalCount: existing.deliveryCount,
      billingIntervalCount: existing.billingCount,
      nextChargeDate: futureDate(20),
    });
    const adapter = adapterFor(provider, h.url(), h.token);
    const found = await adapter.findSubscriptionForOrder({ orderId: String(orderId), productId: "1001", variantId: "2001" });
    expect(found).toMatchObject({ productId: "1001", variantId: "2001", quantity: 1, interval: existing, prepaid: existing.billingCount > 1 });

    const change: UpgradeChange = {
      type,
      interval: type === "replacement" ? undefined : target,
      replacement: type === "frequency" ? undefined : REPLACEMENT,
      discount: discount ? h.discount : undefined,
      applyAtEndOfCycle: false,
    };

    if (provider === "loop" && prepaid) {
      // PRV-2: Loop is postpaid only; the upgrade is refused before any call.
      const before = h.requestCount();
      const error = await rejectionOf(adapter.applyUpgrade({ subscription: found, change }));
      expect(error).toBeInstanceOf(ProviderInvalidRequestError);
      expect((error as ProviderInvalidRequestError).code).toBe("prepaid_not_supported");
      expect(error.message).toMatch(/prepaid/i);
      expect(h.requestCount()).toBe(before);
      return;
    }

    const result = await adapter.applyUpgrade({ subscription: found, change });
    const expected = {
      // PRV-4: a replacement keeps the original frequency.
      interval: type === "replacement" ? existing : target,
      productId: type === "frequency" ? "1001" : REPLACEMENT.productId,
      variantId: type === "frequency" ? "2001" : REPLACEMENT.variantId,
      quantity: type === "frequency" ? 1 : REPLACEMENT.quantity,
    };
    expect(result.subscription).toMatchObject(expected);
    expect(result.progress.completedSteps).toContain("done");
    expect(result.summary).not.toContain(h.token);

    const reread = await adapter.getSubscriptionLine({ subscriptionId: result.subscription.id, lineId: result.subscription.lineId });
    expect(reread).toMatchObject({ ...expected, prepaid: expected.interval.billingCount > expected.interval.deliveryCount });
    expect(adapter.isChangeApplied(reread, change, result.progress)).toBe(true);
    expect(h.discountsOn(result.subscription.id)).toBe(discount ? 1 : 0);
  });
});

describe("JOB-6: a retry finds the line after its swap went through", () => {
  it.each(["recharge", "skio", "loop"] as const)("JOB-6: %s finds the swapped line by the replacement's variant, and sees the change applied", async (provider) => {
    const h = harness[provider];
    const orderId = nextOrderId();
    h.add({ orderId, customerId: orderId + 10_000, lines: [{ productId: 1001, variantId: 2001, quantity: 1, price: "18.00" }], intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1, nextChargeDate: futureDate(20) });
    const adapter = adapterFor(provider, h.url(), h.token);
    const lookup = { orderId: String(orderId), customerId: String(orderId + 10_000), productId: "1001", variantId: "2001" };
    const change: UpgradeChange = { type: "replacement", replacement: REPLACEMENT, applyAtEndOfCycle: false };
    await adapter.applyUpgrade({ subscription: await adapter.findSubscriptionForOrder(lookup), change });

    const again = await adapter.findSubscriptionForOrder({ ...lookup, replacementVariantId: REPLACEMENT.variantId });
    expect(again).toMatchObject({ productId: REPLACEMENT.productId, variantId: REPLACEMENT.variantId });
    expect(adapter.isChangeApplied(again, change)).toBe(true);
  });
});
