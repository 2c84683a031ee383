/**
 * The Postscript flow end to end at integration level (PS-2, PS-4): the post-purchase
 * page's own API calls (offer, sign, decision) against the real route modules; the
 * Shopify store simulator issuing the extension token, applying the signed changeset and
 * sending orders/edited; the upgrade worker changing the subscription in the Recharge
 * simulator; and the Postscript worker delivering to the Postscript simulator — all over
 * real HTTP, with the app's outbox dispatcher moving work into BullMQ.
 */
import { Worker } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { startOutboxDispatcher } from "~/jobs/outbox.server";
import { closeQueues, getQueue, queuePrefix } from "~/jobs/queues.server";
import { createRedis } from "~/redis.server";
import { invalidateShopRuntime } from "~/post-purchase/server/shop-runtime.server";
import { action as ordersEdited } from "~/routes/webhooks.orders.edited";
import { encryptSecret, secretTail } from "~/security/encryption.server";
import { secretContext } from "~/security/secret-columns.server";
import { POSTSCRIPT_EVENT_TYPES } from "~/integrations/postscript/event-types";
import { postscriptProcessorRegistration } from "~/integrations/postscript/processor.server";
import { DEMO_SHOP } from "../simulators/catalog";
import { POSTSCRIPT_SIM_KEYS, startPostscriptSimulator, type PostscriptSimulator } from "../simulators/postscript/server";
import { RECHARGE_SIM_TOKENS, startRechargeSimulator, type RechargeSimulator } from "../simulators/providers/recharge";
import type { ShopifySimulator } from "../simulators/shopify/server";
import { installShop } from "../support/shopify";
import { startDemoStore, type DemoStore } from "../support/demo-store";
import { createUpgradeShop, startTestWorker, subscriptionSpec, waitFor, type TestWorker } from "../support/upgrade-fixtures";
import { postDecision, postOffer, postSign, seedFunnel, showOffer, type Json } from "./runtime-fixtures";
import { entry } from "../support/entries";

const MORNING_ROAST = 1001;
const DOUBLE_BAG = 2007;
const DECAF = 2009;
const ADA = { email: "ada@example.com", phone: "+15555550101" };

let shopify: ShopifySimulator;
let recharge: RechargeSimulator;
let postscript: PostscriptSimulator;
let store: DemoStore;
let upgradeWorker: TestWorker;
let postscriptWorker: Worker;
let dispatcher: { stop: () => Promise<void> };
let shopId: string;
let offerIds: Record<string, string>;

const simPost = (path: string, body: unknown): Promise<Json> => store.simPost(path, body);

beforeAll(async () => {
  store = await startDemoStore(ordersEdited, "/webhooks/orders/edited");
  shopify = store.sim;
  recharge = await startRechargeSimulator();
  postscript = await startPostscriptSimulator({ port: 0 });
  process.env.POSTSCRIPT_API_URL = postscript.url;

  await installShop(DEMO_SHOP);
  const shop = await createUpgradeShop({ provider: "recharge", token: RECHARGE_SIM_TOKENS.valid, domain: DEMO_SHOP });
  shopId = shop.id;
  await prisma.postscriptConnection.create({
    data: {
      shopId,
      enabled: true,
      keyword: "ROAST",
      apiKeyCiphertext: encryptSecret(POSTSCRIPT_SIM_KEYS.valid, { context: secretContext.postscriptApiKey(shopId) }),
      apiKeyLast4: secretTail(POSTSCRIPT_SIM_KEYS.valid),
      verifiedAt: new Date(),
      enabledEvents: JSON.stringify(POSTSCRIPT_EVENT_TYPES),
    },
  });
  invalidateShopRuntime(DEMO_SHOP);
  const upgrade = await seedFunnel(shopId, {
    name: "Upgrade",
    priority: 10,
    triggerProductIds: [MORNING_ROAST],
    subscriptionTrigger: "include",
    offers: [
      {
        key: "up",
        kind: "subscription_upgrade",
        items: [
          {
            variantId: DOUBLE_BAG,
            upgrade: {
              triggerProductId: MORNING_ROAST,
              triggerProductTitle: "Morning Roast",
              type: "frequency",
              intervalUnit: "month",
              deliveryIntervalCount: 2,
              billingIntervalCount: 2,
              discount: { type: "percentage", value: 1000 },
            },
          },
        ],
      },
    ],
  });
  const upsell = await seedFunnel(shopId, {
    name: "Decaf for everyone else",
    priority: 0,
    showToAll: true,
    offers: [{ key: "decaf", kind: "subscription_upsell", purchaseOption: "subscription", discount: { type: "percentage", value: 2000 }, items: [{ variantId: DECAF }] }],
  });
  offerIds = { up: entry(upgrade.offerIds, "up"), decaf: entry(upsell.offerIds, "decaf") };

  // The worker process's parts, in this process: dispatcher, upgrade worker, Postscript worker.
  dispatcher = startOutboxDispatcher(100);
  upgradeWorker = await startTestWorker({ baseUrls: { recharge: recharge.url }, retryScale: 1 / 36_000, timeoutMs: 2000 });
  const registration = postscriptProcessorRegistration({ retryScale: 0.0005 });
  postscriptWorker = new Worker(registration.queue, registration.processor, { ...registration.options, prefix: queuePrefix(), connection: createRedis() });
  postscriptWorker.on("error", () => undefined);
});

afterAll(async () => {
  await dispatcher?.stop();
  await postscriptWorker?.close();
  await upgradeWorker?.close();
  await closeQueues();
  await Promise.all([store?.close(), recharge?.close(), postscript?.close()]);
});

beforeEach(async () => {
  postscript.reset();
  await simPost("/__sim/webhooks", { mode: "hold" });
});

/** A new order in the store, the page's token for it, and the offer the app shows. */
async function checkout(lines: unknown[], customerId = 4001) {
  const order = await simPost("/__sim/orders", { customerId, lines });
  const input = await simPost("/__sim/post-purchase/input-token", { orderId: order.id, appApiKey: process.env.SHOPIFY_API_KEY, appSecret: process.env.SHOPIFY_API_SECRET });
  const offer = await postOffer(input.token);
  expect(offer.status).toBe(200);
  // Render mounts: the impression, which the "upgrade offered" event follows (RUN-14).
  await showOffer(input.token, input.referenceId, offer.body.offer.offerId);
  return { orderId: order.id as number, token: input.token as string, referenceId: input.referenceId as string, offer: offer.body.offer };
}

/** What the page does on "accept": sign, let Shopify apply, tell the app. Returns how long the app took. */
async function accept(flow: Awaited<ReturnType<typeof checkout>>, choice: Record<string, unknown>) {
  const signed = await postSign(flow.token, { referenceId: flow.referenceId, offerId: flow.offer.offerId, choice, consent: true });
  expect(signed.status).toBe(200);
  const applied = await simPost("/__sim/post-purchase/apply", { referenceId: flow.referenceId, token: signed.body.token, buyerConsentToSubscriptions: true });
  expect(applied.status).toBe("processed");
  const started = performance.now();
  const decided = await postDecision(flow.token, { referenceId: flow.referenceId, offerId: flow.offer.offerId, decision: "accepted", token: signed.body.token });
  const decisionMs = performance.now() - started;
  expect(decided.status).toBe(200);
  // Shopify's orders/edited arrives: it tells the app the order id the provider lookup needs.
  await simPost("/__sim/webhooks/flush", {});
  await shopify.state.webhooks.idle();
  return { acceptanceId: decided.body.acceptanceId as string, upgradeJobId: decided.body.upgradeJobId as string | null, decisionMs };
}

/** The upgrade's first attempt waits a grace period (providers lag the order); let it run now. */
async function runUpgradeNow(acceptanceId: string) {
  const job = await waitFor(() => getQueue("upgrades").getJob(`upgrade-${acceptanceId}`), 10_000, "the upgrade job");
  if ((await job.getState()) === "delayed") await job.promote();
}

const received = (type: string, count = 1) =>
  waitFor(() => (postscript.eventsOf(type).length >= count ? postscript.eventsOf(type) : null), 20_000, `${count} "${type}" event(s)`);
const upgradeStatus = (id: string) => prisma.upgradeJob.findUniqueOrThrow({ where: { id } }).then((u) => u.status);

describe("Postscript events from a real post-purchase flow (PS-2, PS-4)", () => {
  it("PS-2: accepting an upgrade sends 'offered' and 'accepted' at once, and 'upgraded' after the worker changed the subscription", async () => {
    // GIVEN a shopper whose order holds a monthly Morning Roast subscription at Recharge
    const flow = await checkout([{ variantId: 2001, quantity: 1, sellingPlanId: 3001 }]);
    recharge.addSubscription(subscriptionSpec(flow.orderId, { nextChargeDate: "2031-01-15" }));
    expect(flow.offer.offerId).toBe(offerIds.up);
    const [offered] = await received("uplift_upgrade_offered");
    expect(offered).toMatchObject({ ...ADA, properties: { trigger_product_title: "Morning Roast", new_frequency: "every 2 months", discount: "10% off" } });

    // WHEN they accept it on the page
    const { acceptanceId, upgradeJobId } = await accept(flow, { option: "one_time" });

    // THEN Postscript hears "accepted" with the order and the change, before the upgrade ran
    const [acceptedEvent] = await received("uplift_upgrade_accepted");
    expect(acceptedEvent).toMatchObject({
      ...ADA,
      external_id: `uplift_upgrade_accepted-${acceptanceId}`,
      properties: { product_title: expect.stringMatching(/Double Bag/), upgrade_type: "frequency", new_frequency: "every 2 months", provider: "recharge", currency: "USD" },
    });
    expect(postscript.eventsOf("uplift_subscription_upgraded")).toHaveLength(0);

    // AND, once the worker changed the subscription, "upgraded" with old → new as Recharge shows them
    await runUpgradeNow(acceptanceId);
    const [upgraded] = await received("uplift_subscription_upgraded");
    expect(await upgradeStatus(upgradeJobId!)).toBe("succeeded");
    expect(upgraded).toMatchObject({
      ...ADA,
      external_id: `uplift_subscription_upgraded-${acceptanceId}`,
      properties: {
        order_id: String(flow.orderId),
        old_frequency: "every month",
        new_frequency: "every 2 months",
        next_charge_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        discount: "10% off",
        provider: "recharge",
      },
    });
    const order = postscript.eventsOf().map((e) => e.type);
    expect(order.indexOf("uplift_upgrade_accepted")).toBeLessThan(order.indexOf("uplift_subscription_upgraded"));
    expect(postscript.state.duplicates).toBe(0);
  });

  it("PS-4: a Postscript outage neither slows nor breaks the accept or the upgrade; the events arrive once it recovers", async () => {
    // GIVEN Postscript is down (every event call answers 503)
    postscript.faults.add({ path: "/api/v2/events", status: 503 });
    // (Another shopper than the first test's: Recharge allows one discount per address.)
    const flow = await checkout([{ variantId: 2001, quantity: 1, sellingPlanId: 3001 }], 4002);
    recharge.addSubscription(subscriptionSpec(flow.orderId, { customerId: 4002 }));

    // WHEN the shopper accepts
    const { acceptanceId, upgradeJobId, decisionMs } = await accept(flow, { option: "one_time" });

    // THEN the page got its answer promptly, and the upgrade still went through
    expect(decisionMs).toBeLessThan(1000);
    await runUpgradeNow(acceptanceId);
    await waitFor(async () => (await upgradeStatus(upgradeJobId!)) === "succeeded", 20_000, "the upgrade to succeed");
    const pending = await waitFor(async () => {
      const rows = await prisma.postscriptDelivery.findMany({ where: { shopId, externalId: { endsWith: acceptanceId } } });
      return rows.length === 2 && rows.every((r) => r.status === "pending" && r.attempts > 0) ? rows : null;
    }, 20_000, "both events to be retrying");
    expect(pending.map((r) => r.eventType).sort()).toEqual(["uplift_subscription_upgraded", "uplift_upgrade_accepted"]);
    expect(postscript.eventsOf()).toHaveLength(0);

    // AND when Postscript recovers, every event arrives, once
    postscript.faults.clear();
    await received("uplift_upgrade_accepted");
    await received("uplift_subscription_upgraded");
    await received("uplift_upgrade_offered");
    expect(postscript.eventsOf().filter((e) => e.external_id?.endsWith(acceptanceId))).toHaveLength(2);
    expect(postscript.state.duplicates).toBe(0);
  });

  it("PS-2: an upgrade that fails after its last attempt sends 'upgrade failed' with the reason", async () => {
    // GIVEN no subscription exists at Recharge for this order (RUN-5)
    const flow = await checkout([{ variantId: 2001, quantity: 1, sellingPlanId: 3001 }]);
    const { acceptanceId, upgradeJobId } = await accept(flow, { option: "one_time" });
    await runUpgradeNow(acceptanceId);
    await waitFor(async () => (await upgradeStatus(upgradeJobId!)) === "failed", 30_000, "the upgrade to fail");
    const [failed] = await received("uplift_upgrade_failed");
    expect(failed).toMatchObject({
      ...ADA,
      external_id: `uplift_upgrade_failed-${acceptanceId}`,
      properties: { order_id: String(flow.orderId), provider: "recharge", failure_reason: expect.stringMatching(/subscription/i), attempts: expect.any(Number) },
    });
    expect(postscript.eventsOf("uplift_subscription_upgraded").filter((e) => e.external_id?.endsWith(acceptanceId))).toHaveLength(0);
  });

  it("PS-2: accepting a subscription upsell sends 'upsell subscription accepted' with the plan", async () => {
    const flow = await checkout([{ variantId: 2005, quantity: 1 }], 4002);
    expect(flow.offer.offerId).toBe(offerIds.decaf);
    const { acceptanceId } = await accept(flow, { option: "subscription" });
    const [upsell] = await received("uplift_upsell_subscription_accepted");
    expect(upsell).toMatchObject({
      email: "grace@example.com",
      phone: "+15555550102",
      external_id: `uplift_upsell_subscription_accepted-${acceptanceId}`,
      properties: { product_title: expect.stringMatching(/Decaf/), selling_plan: expect.any(String), discount: "20% off" },
    });
    // Not an upgrade: no upgrade events for it.
    expect(postscript.eventsOf().filter((e) => e.external_id?.endsWith(acceptanceId))).toHaveLength(1);
  });
});
