/**
 * RUN-10 end to end over real HTTP: the Shopify simulator issues the extension token,
 * verifies and applies the changeset the app signed exactly as Shopify would, and sends
 * the HMAC-signed orders/edited webhook to the app's route, which reads the order back
 * through Admin GraphQL and records what the shopper's page never confirmed.
 */
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as ordersEdited } from "~/routes/webhooks.orders.edited";
import { DEMO_SHOP } from "../simulators/catalog";
import type { ShopifySimulator } from "../simulators/shopify/server";
import { callRoute, installShop, webhookRequest } from "../support/shopify";
import { startDemoStore, type DemoStore } from "../support/demo-store";
import type { WebhookRelay } from "../support/webhook-relay";
import { postDecision, postOffer, postSign, seedFunnel, seedShop, writtenRows, type Json } from "./runtime-fixtures";
import { at, entry } from "../support/entries";

const MORNING_ROAST = 1001;
const DOUBLE_BAG = 2007;
let sim: ShopifySimulator;
let store: DemoStore;
let hooks: WebhookRelay;
let shopId: string;
let offerId: string;
const realFetch = globalThis.fetch;

const simPost = (path: string, body: unknown): Promise<Json> => store.simPost(path, body);

beforeAll(async () => {
  store = await startDemoStore(ordersEdited, "/webhooks/orders/edited");
  ({ sim: sim, relay: hooks } = store);

  await installShop(DEMO_SHOP);
  const shop = await seedShop(DEMO_SHOP, { beta: true, provider: "skio" });
  shopId = shop.id;
  const funnel = await seedFunnel(shop.id, {
    name: "Upgrade",
    triggerProductIds: [MORNING_ROAST],
    subscriptionTrigger: "include",
    offers: [{ key: "up", kind: "subscription_upgrade", items: [{ variantId: DOUBLE_BAG, upgrade: { triggerProductId: MORNING_ROAST, type: "frequency", intervalUnit: "month", deliveryIntervalCount: 2, billingIntervalCount: 2 } }] }],
  });
  offerId = entry(funnel.offerIds, "up");
});

afterAll(async () => {
  await store?.close();
});

/** Moves a purchase's signed changesets `ms` back in time: a purchase made earlier, told apart by timing. */
async function signedEarlier(referenceId: string, ms: number) {
  const rows = await prisma.signedChangeset.findMany({ where: { shopId, referenceId } });
  for (const row of rows) await prisma.signedChangeset.update({ where: { id: row.id }, data: { createdAt: new Date(row.createdAt.getTime() - ms) } });
}

beforeEach(async () => {
  await simPost("/__sim/webhooks", { mode: "deliver" });
  hooks.statuses.length = 0;
  // Earlier tests' purchases by the same customer were made an hour before this test's.
  const rows = await prisma.signedChangeset.findMany({ where: { shopId }, select: { referenceId: true }, distinct: ["referenceId"] });
  for (const row of rows) await signedEarlier(row.referenceId, 3600_000);
});

/** A fresh order holding a Morning Roast subscription, through the app to a signed changeset. */
async function checkoutAndSign(customerId = 4001) {
  const order = await simPost("/__sim/orders", { customerId, lines: [{ variantId: 2001, quantity: 1, sellingPlanId: 3001 }] });
  const input = await simPost("/__sim/post-purchase/input-token", { orderId: order.id, appApiKey: process.env.SHOPIFY_API_KEY, appSecret: process.env.SHOPIFY_API_SECRET });
  const offer = await postOffer(input.token);
  expect(offer.body.offer.offerId).toBe(offerId);
  const signed = await postSign(input.token, { referenceId: input.referenceId, offerId, choice: { option: "one_time" }, consent: true });
  expect(signed.status).toBe(200);
  return { orderId: order.id as number, token: input.token as string, referenceId: input.referenceId as string, changeset: signed.body.token as string };
}

const apply = (referenceId: string, token: string) => simPost("/__sim/post-purchase/apply", { referenceId, token, buyerConsentToSubscriptions: false });

async function acceptanceFor(referenceId: string) {
  return prisma.acceptance.findFirst({ where: { shopId, referenceId }, include: { signedChangeset: true, upgradeJob: true } });
}

describe("orders/edited reconciliation (RUN-10)", () => {
  it("RUN-1/RUN-10: Shopify applies the app's changeset; the page dies before confirming; the webhook records the acceptance and queues the upgrade once", async () => {
    const { orderId, referenceId, changeset } = await checkoutAndSign();
    expect(await apply(referenceId, changeset)).toEqual({ status: "processed", errors: [], changesetApplicationsRemaining: 2 });
    await sim.state.webhooks.idle();
    expect(hooks.statuses).toEqual([200]);

    const acceptance = await acceptanceFor(referenceId);
    expect(acceptance).toMatchObject({ orderId: String(orderId), customerId: "4001", kind: "subscription_upgrade", signedChangeset: { appliedVia: "webhook" } });
    expect(acceptance?.upgradeJob).toMatchObject({ status: "queued", provider: "skio", orderId: String(orderId), customerName: "Ada Lovelace", orderName: expect.stringMatching(/^#\d{4}$/) });
    expect(await prisma.outboxEvent.count({ where: { dedupeKey: `upgrade-${acceptance!.id}` } })).toBe(1);
    // RUN-13: the consent given on the page reaches the acceptance the webhook records.
    expect(acceptance?.consentedAt).toBeInstanceOf(Date);
    expect(acceptance?.consentedTerms).toContain("renews automatically until you cancel");

    // Shopify retries the same delivery: nothing is recorded twice.
    const delivery = sim.state.webhooks.deliveries.at(-1)!;
    const replay = webhookRequest("/webhooks/orders/edited", "orders/edited", DEMO_SHOP, JSON.parse(delivery.body), { webhookId: delivery.webhookId });
    expect((await callRoute(ordersEdited, replay)).status).toBe(200);
    expect(await prisma.acceptance.count({ where: { shopId, referenceId } })).toBe(1);
    expect(await prisma.upgradeJob.count({ where: { acceptance: { referenceId } } })).toBe(1);
  });

  it("RUN-10: when the page confirmed first, the webhook only adds the order id the worker needs", async () => {
    await simPost("/__sim/webhooks", { mode: "hold" });
    const { orderId, token, referenceId, changeset } = await checkoutAndSign();
    expect((await apply(referenceId, changeset)).status).toBe("processed");
    const decided = await postDecision(token, { referenceId, offerId, decision: "accepted", token: changeset });
    expect(decided.body.alreadyRecorded).toBe(false);
    expect((await acceptanceFor(referenceId))?.upgradeJob?.orderId).toBeNull();

    expect(await simPost("/__sim/webhooks/flush", {})).toMatchObject({ flushed: 1, delivered: 1 });
    const acceptance = await acceptanceFor(referenceId);
    expect(acceptance).toMatchObject({ id: decided.body.acceptanceId, orderId: String(orderId), signedChangeset: { appliedVia: "client" } });
    // The merchant sees the order's name (#1005), not its id.
    expect(acceptance?.upgradeJob).toMatchObject({ orderId: String(orderId), customerName: "Ada Lovelace", orderName: expect.stringMatching(/^#\d{4}$/) });
  });

  it("RUN-10: a changeset signed but never applied queues nothing, even when another order's edit arrives", async () => {
    const neverApplied = await checkoutAndSign();
    await signedEarlier(neverApplied.referenceId, 60_000);
    const other = await checkoutAndSign();
    expect((await apply(other.referenceId, other.changeset)).status).toBe("processed");
    await sim.state.webhooks.idle();
    expect(hooks.statuses).toEqual([200]);
    expect(await acceptanceFor(other.referenceId)).not.toBeNull();
    expect(await acceptanceFor(neverApplied.referenceId)).toBeNull();
    expect(await prisma.signedChangeset.findFirst({ where: { referenceId: neverApplied.referenceId } })).toMatchObject({ appliedAt: null });
  });

  it("RUN-8: Shopify answers a replayed changeset with changeset_already_applied and the order changes once", async () => {
    const { orderId, referenceId, changeset } = await checkoutAndSign();
    await apply(referenceId, changeset);
    const replay = await apply(referenceId, changeset);
    expect(replay).toMatchObject({ status: "unprocessed", errors: [{ code: "changeset_already_applied" }] });
    const order = await (await realFetch(`${sim.url}/__sim/orders/${orderId}`)).json();
    expect(order.lines.filter((l: Json) => l.variantId === DOUBLE_BAG)).toHaveLength(1);
    await sim.state.webhooks.idle();
    expect(await prisma.acceptance.count({ where: { shopId, referenceId } })).toBe(1);
  });

  it("RUN-10: a redelivered orders/edited is a no-op and never turns another purchase's unapplied changeset into an acceptance", async () => {
    // GIVEN the same customer signed the same changeset for two purchases; only the second was applied
    const neverApplied = await checkoutAndSign();
    await signedEarlier(neverApplied.referenceId, 60_000);
    const applied = await checkoutAndSign();
    expect((await apply(applied.referenceId, applied.changeset)).status).toBe("processed");
    await sim.state.webhooks.idle();
    const before = await writtenRows(shopId);
    expect(await acceptanceFor(applied.referenceId)).toMatchObject({ orderId: String(applied.orderId) });

    // WHEN Shopify delivers the same webhook three more times (at least once is normal)
    const delivery = sim.state.webhooks.deliveries.at(-1)!;
    for (let i = 0; i < 3; i++) {
      const replay = webhookRequest("/webhooks/orders/edited", "orders/edited", DEMO_SHOP, JSON.parse(delivery.body), { webhookId: delivery.webhookId });
      expect((await callRoute(ordersEdited, replay)).status).toBe(200);
    }

    // THEN nothing new is written and the unapplied changeset stays unapplied
    expect(await writtenRows(shopId)).toEqual(before);
    expect(await acceptanceFor(neverApplied.referenceId)).toBeNull();
    expect(await prisma.signedChangeset.findFirst({ where: { referenceId: neverApplied.referenceId } })).toMatchObject({ appliedAt: null, orderEditId: null });
  });

  it("RUN-10: an edit matches the changeset signed for its own purchase, not a newer one signed after it was committed", async () => {
    await simPost("/__sim/webhooks", { mode: "hold" });
    const first = await checkoutAndSign();
    expect((await apply(first.referenceId, first.changeset)).status).toBe("processed");
    // A second purchase by the same customer, signed a minute after the first edit was committed.
    const later = await checkoutAndSign();
    await prisma.signedChangeset.updateMany({ where: { referenceId: later.referenceId }, data: { createdAt: new Date(Date.now() + 60_000) } });

    expect(await simPost("/__sim/webhooks/flush", {})).toMatchObject({ flushed: 1, delivered: 1 });
    expect(await acceptanceFor(first.referenceId)).toMatchObject({ orderId: String(first.orderId), signedChangeset: { appliedVia: "webhook" } });
    expect(await acceptanceFor(later.referenceId)).toBeNull();
  });

  it("RUN-10: a changeset the page reported declined or failed is never matched by an order edit", async () => {
    await simPost("/__sim/webhooks", { mode: "hold" });
    for (const decision of ["declined", "failed"] as const) {
      const purchase = await checkoutAndSign();
      expect((await postDecision(purchase.token, { referenceId: purchase.referenceId, offerId, decision })).status).toBe(200);
      expect((await apply(purchase.referenceId, purchase.changeset)).status).toBe("processed");
      expect(await simPost("/__sim/webhooks/flush", {})).toMatchObject({ flushed: 1, delivered: 1 });
      expect(await acceptanceFor(purchase.referenceId)).toBeNull();
    }
  });

  it("RUN-10: an order edit that fits changesets of two purchases records neither (no guess, no phantom)", async () => {
    await simPost("/__sim/webhooks", { mode: "hold" });
    const applied = await checkoutAndSign();
    // Same customer, same lines, signed within the same seconds: nothing in the edit tells them apart.
    await checkoutAndSign();
    expect((await apply(applied.referenceId, applied.changeset)).status).toBe("processed");
    const before = await writtenRows(shopId);
    expect(await simPost("/__sim/webhooks/flush", {})).toMatchObject({ flushed: 1, delivered: 1 });
    expect(await writtenRows(shopId)).toEqual(before);
  });

  it("RUN-10/RUN-8: orders/edited deliveries duplicated and in any order, with or without the page's confirmation, record each applied changeset exactly once", async () => {
    const plan = fc.record({
      // Indexes into the two purchases' deliveries: repeats and any order.
      deliveries: fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 6 }),
      pageConfirms: fc.tuple(fc.boolean(), fc.boolean()),
    });
    await fc.assert(
      fc.asyncProperty(plan, async ({ deliveries, pageConfirms }) => {
        const rows = await prisma.signedChangeset.findMany({ where: { shopId }, select: { referenceId: true }, distinct: ["referenceId"] });
        for (const row of rows) await signedEarlier(row.referenceId, 3600_000);
        await simPost("/__sim/webhooks", { mode: "hold" });
        sim.state.webhooks.clear();
        // Two customers, so the edits are told apart by who bought, not by timing.
        const purchases = [await checkoutAndSign(4001), await checkoutAndSign(4002)];
        for (const p of purchases) expect((await apply(p.referenceId, p.changeset)).status).toBe("processed");
        const held = [...sim.state.webhooks.deliveries];
        for (const [i, p] of purchases.entries()) {
          if (pageConfirms[i]) expect((await postDecision(p.token, { referenceId: p.referenceId, offerId, decision: "accepted", token: p.changeset })).status).toBe(200);
        }
        for (const index of deliveries) {
          const delivery = at(held, index);
          const request = webhookRequest("/webhooks/orders/edited", "orders/edited", DEMO_SHOP, JSON.parse(delivery.body), { webhookId: delivery.webhookId });
          expect((await callRoute(ordersEdited, request)).status).toBe(200);
        }
        for (const [i, p] of purchases.entries()) {
          const delivered = deliveries.includes(i);
          const recorded = await prisma.acceptance.findMany({ where: { shopId, referenceId: p.referenceId }, include: { upgradeJob: true } });
          expect(recorded).toHaveLength(delivered || pageConfirms[i] ? 1 : 0);
          if (delivered) expect(recorded[0]).toMatchObject({ orderId: String(p.orderId), upgradeJob: { orderId: String(p.orderId) } });
          expect(await prisma.outboxEvent.count({ where: { dedupeKey: { in: recorded.map((a) => `upgrade-${a.id}`) } } })).toBe(recorded.length);
        }
      }),
      { numRuns: 8 },
    );
  });

  it("OPS-1: an orders/edited webhook that fails HMAC is refused and changes nothing", async () => {
    const before = await writtenRows(shopId);
    const forged = webhookRequest("/webhooks/orders/edited", "orders/edited", DEMO_SHOP, { order_edit: { order_id: 1, line_items: { additions: [{ id: 1, delta: 1 }] } } }, { secret: "wrong" });
    expect((await callRoute(ordersEdited, forged)).status).toBe(401);
    expect(await writtenRows(shopId)).toEqual(before);
  });
});
