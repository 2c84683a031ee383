/**
 * Audit S-1: an upgrade must not depend on the orders/edited webhook alone for its order
 * id. With no webhook, the worker finds the order in the Admin API (store simulator) by
 * the purchase's reference; when that guess does not hold, it waits and retries instead
 * of guessing an order.
 */
import type { Shop } from "@prisma/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { findOrderByReference } from "~/integrations/shopify-admin/order-by-reference.server";
import { dispatchOutbox } from "~/jobs/outbox.server";
import { closeQueues } from "~/jobs/queues.server";
import { startRechargeSimulator, RECHARGE_SIM_TOKENS, type RechargeSimulator } from "../simulators/providers/recharge";
import { startShopifySimulator, type ShopifySimulator } from "../simulators/shopify/server";
import { createOrder } from "../simulators/shopify/control";
import { simAdminClient } from "../support/admin-api";
import { acceptUpgrade, allSettled, cleanupRedisPrefix, createUpgradeShop, startTestWorker, subscriptionSpec, upgradeRows, waitFor, type TestWorker } from "../support/upgrade-fixtures";

const DOMAIN = "order-link.myshopify.com";
const SCALE = 1 / 36_000;

let recharge: RechargeSimulator;
let store: ShopifySimulator;
let worker: TestWorker;
let shop: Shop;
/** The references the worker looked up, in order. */
const lookups: string[] = [];

beforeAll(async () => {
  recharge = await startRechargeSimulator();
  store = await startShopifySimulator({ shops: [{ domain: DOMAIN, accessToken: "shpat_order-link" }] });
  worker = await startTestWorker({
    baseUrls: { recharge: recharge.url },
    retryScale: SCALE,
    findOrderByReference: ({ shopDomain, referenceId }) => {
      lookups.push(referenceId);
      return findOrderByReference(simAdminClient(store.url, shopDomain, "shpat_order-link"), referenceId);
    },
  });
  shop = await createUpgradeShop({ provider: "recharge", token: RECHARGE_SIM_TOKENS.valid, domain: DOMAIN });
});

afterAll(async () => {
  await worker.close();
  await closeQueues();
  await cleanupRedisPrefix();
  await store.close();
  await recharge.close();
});

afterEach(() => {
  store.state.shop(DOMAIN).faults.checkoutTokenUnrelated = false;
  lookups.length = 0;
});

/** A fresh order in the store with its Recharge subscription, accepted before any webhook linked it. */
async function acceptedWithoutWebhook() {
  const order = createOrder(store.state, { customerId: 4001, lines: [{ variantId: 2001, quantity: 1, sellingPlanId: 3001 }] }, DOMAIN);
  const [subscriptionId] = recharge.addSubscription(subscriptionSpec(order.id)).subscriptionIds;
  const upgrade = await acceptUpgrade({ shop, provider: "recharge", orderId: order.id, referenceId: order.referenceId, orderLinked: false });
  await dispatchOutbox();
  return { ...upgrade, order, subscriptionId };
}

describe("audit S-1: the worker resolves the order when orders/edited has not arrived", () => {
  it("audit S-1: finds the order by the purchase reference, links it and applies the upgrade", async () => {
    const { upgradeJobId, acceptanceId, order, subscriptionId } = await acceptedWithoutWebhook();
    await allSettled([upgradeJobId]);

    const [row] = await upgradeRows([upgradeJobId]);
    expect(row).toMatchObject({ status: "succeeded", orderId: String(order.id), customerName: "Ada Lovelace", providerSubscriptionId: String(subscriptionId) });
    expect(await prisma.acceptance.findUnique({ where: { id: acceptanceId }, select: { orderId: true } })).toEqual({ orderId: String(order.id) });
    expect(lookups).toEqual([order.referenceId]);
  });

  it("audit S-1: when the checkout token is not the reference, the upgrade waits for its order and changes nothing", async () => {
    store.state.shop(DOMAIN).faults.checkoutTokenUnrelated = true;
    const { upgradeJobId, subscriptionId } = await acceptedWithoutWebhook();

    const row = await waitFor(async () => {
      const [r] = await upgradeRows([upgradeJobId]);
      return r?.lastErrorClass ? r : null;
    }, 15_000, "the first failed attempt");
    expect(row).toMatchObject({ orderId: null, lastErrorClass: "OrderNotLinkedError" });
    expect(["retrying", "running", "queued"]).toContain(row.status);
    expect(recharge.requests.filter((r) => r.method === "PUT" && r.path === `/subscriptions/${subscriptionId}`)).toEqual([]);
  });

  it("audit S-1: an upgrade the webhook already linked is not looked up again", async () => {
    const order = createOrder(store.state, { customerId: 4001, lines: [{ variantId: 2001, quantity: 1, sellingPlanId: 3001 }] }, DOMAIN);
    recharge.addSubscription(subscriptionSpec(order.id));
    const { upgradeJobId } = await acceptUpgrade({ shop, provider: "recharge", orderId: order.id, referenceId: order.referenceId });
    await dispatchOutbox();
    await allSettled([upgradeJobId]);

    expect((await upgradeRows([upgradeJobId]))[0]?.status).toBe("succeeded");
    expect(lookups).not.toContain(order.referenceId);
  });
});
