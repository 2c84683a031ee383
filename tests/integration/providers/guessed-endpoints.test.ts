/**
 * Issue 13 §2: each simulator can answer every *guessed* endpoint (no public source; the
 * provider's "unconfirmed" module) with 404 or 400, as the real service would if the
 * guess were wrong. Every upgrade type runs through that mode at every provider and must
 * degrade safely: success, or a permanent error the merchant can act on with nothing
 * changed, or a partial outcome that names what landed — never a duplicate line, a double
 * discount, or a charge without the change.
 */
import { describe, expect, it } from "vitest";
import {
  ProviderError,
  ProviderPartialChangeError,
  type ProviderName,
  type UpgradeChange,
  type UpgradeType,
} from "~/providers/index.server";
import { LOOP_SIM_TOKENS, type LoopSimulator } from "../../simulators/providers/loop";
import { RECHARGE_SIM_TOKENS, type RechargeSimulator } from "../../simulators/providers/recharge";
import { SKIO_DISCOUNT_CODES, SKIO_SIM_TOKENS, type SkioSimulator } from "../../simulators/providers/skio";
import type { GuessedEndpointMode } from "../../simulators/providers/sim-server";
import { SHOP, adapterFor, everyTwoMonths, futureDate, nextOrderId, withProviderSimulators } from "./support";

let recharge: RechargeSimulator;
let skio: SkioSimulator;
let loop: LoopSimulator;
withProviderSimulators((sims) => ({ recharge, skio, loop } = sims));

const TOKENS: Record<ProviderName, string> = { recharge: RECHARGE_SIM_TOKENS.valid, skio: SKIO_SIM_TOKENS.valid, loop: LOOP_SIM_TOKENS.valid };
const sims = () => ({ recharge, skio, loop });

/** What the line looks like at the provider now (variant, quantity, billing count), in the simulator's own truth. */
function truth(provider: ProviderName, customerId: number) {
  if (provider === "recharge") {
    return [...recharge.state.subscriptions.values()]
      .filter((s) => recharge.state.customers.get(s.customer_id)?.external_customer_id === String(customerId))
      .map((s) => ({ variant: Number(s.variant_id), quantity: s.quantity, every: s.charge_interval_frequency }));
  }
  if (provider === "skio") {
    return [...skio.state.lines.values()]
      .filter((l) => skio.state.users.get(skio.state.subscriptions.get(l.subscriptionId)!.storefrontUserId!)?.platformId === `gid://shopify/Customer/${customerId}`)
      .map((l) => ({ variant: Number(/(\d+)$/.exec(skio.state.variants.get(l.productVariantId)!.platformId)![1]), quantity: l.quantity, every: skio.state.subscriptions.get(l.subscriptionId)!.billingPolicy.intervalCount }));
  }
  return [...loop.state.subscriptions.values()]
    .map((r) => r.current)
    .filter((s) => s.customerShopifyId === customerId)
    .flatMap((s) => s.lines.map((l) => ({ variant: l.variantShopifyId, quantity: l.quantity, every: s.billingPolicy.intervalCount })));
}

function discountsHeld(provider: ProviderName): number {
  if (provider === "recharge") return [...recharge.state.addresses.values()].filter((a) => a.discount_id !== null).length;
  if (provider === "skio") return [...skio.state.subscriptions.values()].reduce((n, s) => n + s.discounts.length, 0);
  return [...loop.state.subscriptions.values()].reduce((n, r) => n + r.current.discounts.length, 0);
}

const changeFor = (provider: ProviderName, type: UpgradeType, withDiscount: boolean): UpgradeChange => ({
  type,
  interval: everyTwoMonths,
  replacement: { productId: "1001", variantId: "2002", quantity: 2 },
  ...(withDiscount ? { discount: { type: "percentage", basisPoints: 1000, ...(provider === "skio" ? { code: SKIO_DISCOUNT_CODES.active } : {}) } } : {}),
  applyAtEndOfCycle: false,
});

/**
 * The expected outcome of each upgrade type when every guess is refused. Recharge uses no
 * guessed write; Skio's only guess is the re-pricing swap; Loop guesses its plan listing,
 * frequency, discount, split and remove-line calls.
 */
const EXPECTED: Record<ProviderName, Record<`${UpgradeType}${"" | "+discount"}`, "applied" | "refused" | "partial">> = {
  recharge: { frequency: "applied", replacement: "applied", both: "applied", "frequency+discount": "applied", "replacement+discount": "applied", "both+discount": "applied" },
  skio: { frequency: "applied", replacement: "refused", both: "refused", "frequency+discount": "applied", "replacement+discount": "refused", "both+discount": "refused" },
  loop: { frequency: "refused", replacement: "applied", both: "refused", "frequency+discount": "refused", "replacement+discount": "partial", "both+discount": "refused" },
};

const cases = (["recharge", "skio", "loop"] as const).flatMap((provider) =>
  ([404, 400] as const).flatMap((mode) =>
    (["frequency", "replacement", "both"] as const).flatMap((type) =>
      [false, true].map((withDiscount) => ({ provider, mode, type, withDiscount, label: `${type}${withDiscount ? "+discount" : ""}` as const })),
    ),
  ),
);

describe("guessed-endpoint mode", () => {
  it.each(cases)("issue 13 §2: $provider with every guess answering $mode: a $label upgrade degrades safely", async ({ provider, mode, type, withDiscount, label }) => {
    const orderId = nextOrderId();
    const customerId = orderId + 50_000;
    sims()[provider].addSubscription({ orderId, customerId, lines: [{ productId: 1001, variantId: 2001, quantity: 1, price: "18.00" }], intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1, nextChargeDate: futureDate(20) });
    sims()[provider].faults.guessedEndpoints = mode as GuessedEndpointMode;
    const before = truth(provider, customerId);
    const discountsBefore = discountsHeld(provider);
    const adapter = adapterFor(provider, sims()[provider].url, TOKENS[provider]);
    const change = changeFor(provider, type, withDiscount);

    const sub = await adapter.findSubscriptionForOrder({ orderId: String(orderId), customerId: String(customerId), productId: "1001", variantId: "2001" });
    const outcome = await adapter.applyUpgrade({ subscription: sub, change }).then(
      () => "applied" as const,
      (error: unknown) => error,
    );
    const after = truth(provider, customerId);
    const wanted = { variant: type === "frequency" ? 2001 : 2002, quantity: type === "frequency" ? 1 : 2, every: type === "replacement" ? 1 : 2 };

    // Never a duplicate line, never more than one discount.
    expect(after).toHaveLength(1);
    expect(discountsHeld(provider) - discountsBefore).toBeLessThanOrEqual(withDiscount ? 1 : 0);
    const expected = EXPECTED[provider][label];
    if (expected === "applied") {
      expect(outcome).toBe("applied");
      expect(after).toEqual([wanted]);
      expect(discountsHeld(provider) - discountsBefore).toBe(withDiscount ? 1 : 0);
      return;
    }
    expect(outcome).toBeInstanceOf(ProviderError);
    const error = outcome as ProviderError;
    expect(error.permanent).toBe(true);
    if (expected === "refused") {
      // Nothing changed, so nothing is billed differently; the merchant is told it is a guess that failed.
      expect(after).toEqual(before);
      expect(discountsHeld(provider)).toBe(discountsBefore);
      expect(error.code).toBe("unconfirmed_endpoint");
      expect(error.message).toMatch(/based on a guess/);
    } else {
      // What landed is real and named; what did not is named with the next step.
      expect(error).toBeInstanceOf(ProviderPartialChangeError);
      expect(after).toEqual([wanted]);
      expect(discountsHeld(provider)).toBe(discountsBefore);
      expect(error.message).toMatch(/add the discount in Loop by hand/);
    }
  });

  it.each(["recharge", "loop"] as const)("issue 13 §2, CONN-2: the %s token check with every guess refused is valid with the scopes unchecked, not rejected", async (provider) => {
    sims()[provider].faults.guessedEndpoints = 404;
    const result = await adapterFor(provider, sims()[provider].url, TOKENS[provider]).verifyToken({ shopDomain: SHOP });
    expect(result).toMatchObject({ state: "valid", unchecked: expect.arrayContaining(["scopes"]) });
  });

  it("issue 13 §2: the mode can be switched over the control surface, for the demo and browser tests", async () => {
    const response = await fetch(`${loop.url}/__sim/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ guessedEndpoints: 400 }) });
    expect(await response.json()).toMatchObject({ guessedEndpoints: 400 });
    expect(loop.faults.guessedEndpoints).toBe(400);
  });
});
