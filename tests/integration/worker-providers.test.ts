/**
 * The upgrade worker end to end against the Skio and Recharge simulators, for the cases
 * the provider audit found (issue 13): a retry after a swap to another product finds the
 * line under its new variant (audit High 1), and the repeat customer whose Recharge
 * address already holds a discount gets a truthful "partly applied", not a plain failure.
 * Real Redis and SQLite; the 1 h / 24 h schedule is scaled down (1 h = 100 ms).
 */
import { first } from "../support/entries";
import type { Shop } from "@prisma/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dispatchOutbox } from "~/jobs/outbox.server";
import { closeQueues } from "~/jobs/queues.server";
import { explainUpgradeError } from "~/upgrades/error-text";
import { RECHARGE_SIM_TOKENS, startRechargeSimulator, type RechargeSimulator } from "../simulators/providers/recharge";
import { SKIO_DISCOUNT_CODES, SKIO_SIM_TOKENS, startSkioSimulator, type SkioSimulator } from "../simulators/providers/skio";
import {
  MONTHLY_TO_BIMONTHLY,
  acceptUpgrade,
  allSettled,
  cleanupRedisPrefix,
  createUpgradeShop,
  startTestWorker,
  subscriptionSpec,
  upgradeRows,
  type TestWorker,
} from "../support/upgrade-fixtures";

let recharge: RechargeSimulator;
let skio: SkioSimulator;
let worker: TestWorker;
let rechargeShop: Shop;
let skioShop: Shop;
let nextOrder = 71_000;

beforeAll(async () => {
  [recharge, skio] = await Promise.all([startRechargeSimulator(), startSkioSimulator()]);
  worker = await startTestWorker({ baseUrls: { recharge: recharge.url, skio: skio.url }, retryScale: 1 / 36_000, timeoutMs: 5000 });
  rechargeShop = await createUpgradeShop({ provider: "recharge", token: RECHARGE_SIM_TOKENS.valid });
  skioShop = await createUpgradeShop({ provider: "skio", token: SKIO_SIM_TOKENS.valid });
});

afterAll(async () => {
  await worker.close();
  await closeQueues();
  await cleanupRedisPrefix();
  await Promise.all([recharge.close(), skio.close()]);
});

afterEach(() => {
  recharge.faults.clear();
  skio.faults.clear();
});

describe("upgrade worker and the provider contracts", () => {
  it("JOB-6 (audit High 1): a Skio swap to another product that landed before the attempt failed is found again by its new variant and finished once", async () => {
    const orderId = nextOrder++;
    const { lineIds, subscriptionId } = skio.addSubscription(subscriptionSpec(orderId));
    // GIVEN the swap lands, then the discount call fails once (the attempt fails mid-change)
    skio.faults.add({ bodyIncludes: "mutation applyDiscountCode", status: 503, times: 1 });
    const change = {
      type: "replacement" as const,
      replacement: { productId: "1008", variantId: "2009", quantity: 1 },
      discount: { type: "percentage" as const, basisPoints: 1000, code: SKIO_DISCOUNT_CODES.active },
      applyAtEndOfCycle: false,
    };
    const upgrade = await acceptUpgrade({ shop: skioShop, provider: "skio", orderId, change });
    await dispatchOutbox();
    await allSettled([upgrade.upgradeJobId]);

    // THEN the retry found the line (now product 1008) and finished only what was missing
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row).toMatchObject({ status: "succeeded", attemptsUsed: 2 });
    const swaps = skio.requests.filter((r) => JSON.stringify(r.body).includes("mutation swapSubscriptionProductVariants"));
    expect(swaps).toHaveLength(1);
    const line = skio.state.lines.get(first(lineIds))!;
    expect(skio.state.variants.get(line.productVariantId)!.platformId).toBe("gid://shopify/ProductVariant/2009");
    expect(skio.state.subscriptions.get(subscriptionId)!.discounts.map((d) => d.redeemCode)).toEqual([SKIO_DISCOUNT_CODES.active]);
  });

  it("issue 13: the repeat customer whose Recharge address already holds a discount — the change lands once, no code is created, and the upgrade says it is partly applied and what to do", async () => {
    const orderId = nextOrder++;
    const { subscriptionIds } = recharge.addSubscription(subscriptionSpec(orderId));
    const sub = recharge.state.subscriptions.get(first(subscriptionIds))!;
    // GIVEN the shopper's address carries their own loyalty discount from an earlier order
    const loyaltyId = recharge.state.nextId++;
    recharge.state.discounts.set(loyaltyId, { id: loyaltyId, shop: sub.shop, code: "LOYAL15", value: "15", value_type: "percentage", status: "enabled", applies_to: null });
    recharge.state.addresses.get(sub.address_id)!.discount_id = loyaltyId;

    const change = { ...MONTHLY_TO_BIMONTHLY, discount: { type: "percentage" as const, basisPoints: 1000 } };
    const upgrade = await acceptUpgrade({ shop: rechargeShop, provider: "recharge", orderId, change });
    await dispatchOutbox();
    await allSettled([upgrade.upgradeJobId]);

    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    // One attempt: retrying cannot help, and the merchant is told so.
    expect(row).toMatchObject({ attemptsUsed: 1, lastErrorClass: "ProviderPartialChangeError" });
    expect(row?.lastErrorMessage).toMatch(/Recharge applied the upgrade to subscription \d+ \(now every 2 months, variant 2001 × 1\)/);
    expect(row?.lastErrorMessage).toMatch(/already has discount LOYAL15, and Recharge allows one discount per address/);
    expect(row?.lastErrorMessage).toMatch(/Retrying in Uplift will not change this/);
    expect(explainUpgradeError(row?.lastErrorClass ?? null).title).toMatch(/^Partly applied/);
    // The billing change is at Recharge exactly once; no orphan code; the shopper keeps their own discount.
    expect(recharge.requests.filter((r) => r.method === "PUT" && r.path === `/subscriptions/${sub.id}`)).toHaveLength(1);
    expect(sub).toMatchObject({ order_interval_frequency: 2, charge_interval_frequency: 2 });
    expect(recharge.requests.filter((r) => r.method === "POST" && r.path === "/discounts")).toHaveLength(0);
    expect(recharge.state.addresses.get(sub.address_id)!.discount_id).toBe(loyaltyId);
  });
});
