/**
 * RUN-10 end to end over real HTTP: the Shopify simulator issues the extension token,
 * verifies and applies the changeset the app signed exactly as Shopify would, and sends
 * the HMAC-signed orders/edited webhook to the app's route, which reads the order back
 * through Admin GraphQL and records what the shopper's page never confirmed.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as ordersEdited } from "~/routes/webhooks.orders.edited";
import { DEMO_SHOP } from "../simulators/catalog";
import { startShopifySimulator, type ShopifySimulator } from "../simulators/shopify/server";
import { APP_URL, callRoute, installShop, webhookRequest } from "../support/shopify";
import { postDecision, postOffer, postSign, seedFunnel, seedShop, writtenRows, type Json } from "./runtime-fixtures";

const MORNING_ROAST = 1001;
const DOUBLE_BAG = 2007;
let sim: ShopifySimulator;
let hooks: Server;
let shopId: string;
let offerId: string;
const hookStatuses: number[] = [];
const realFetch = globalThis.fetch;

async function simPost(path: string, body: unknown): Promise<Json> {
  const response = await realFetch(`${sim.url}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  expect(response.status, path).toBeLessThan(300);
  return response.json();
}

beforeAll(async () => {
  // The simulator posts webhooks here; each becomes a Fetch Request for the real route module.
  hooks = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(new URL(req.url ?? "/", APP_URL()), { method: "POST", headers, body: Buffer.concat(chunks) });
      const response = await callRoute(ordersEdited, request);
      hookStatuses.push(response.status);
      res.writeHead(response.status).end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, "127.0.0.1", resolve));
  sim = await startShopifySimulator({
    shops: [{ domain: DEMO_SHOP, accessToken: "shpat_demo-shop", name: "Demo Shop", id: 60_001 }],
    webhookTarget: { url: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/webhooks/orders/edited`, secret: process.env.SHOPIFY_API_SECRET! },
  });
  // What the demo launcher does: the app's Admin API calls for the shop go to the simulator.
  setAbstractFetchFunc(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (url.hostname !== DEMO_SHOP) return realFetch(input, init);
    const headers = new Headers(init?.headers);
    headers.set("X-Simulated-Shop", DEMO_SHOP);
    return realFetch(`${sim.url}${url.pathname}${url.search}`, { ...init, headers });
  });

  await installShop(DEMO_SHOP);
  const shop = await seedShop(DEMO_SHOP, { beta: true, provider: "skio" });
  shopId = shop.id;
  const funnel = await seedFunnel(shop.id, {
    name: "Upgrade",
    triggerProductIds: [MORNING_ROAST],
    subscriptionTrigger: "include",
    offers: [{ key: "up", kind: "subscription_upgrade", items: [{ variantId: DOUBLE_BAG, upgrade: { triggerProductId: MORNING_ROAST, type: "frequency", intervalUnit: "month", deliveryIntervalCount: 2, billingIntervalCount: 2 } }] }],
  });
  offerId = funnel.offerIds.up;
});

afterAll(async () => {
  await sim?.close();
  await new Promise((resolve) => hooks?.close(resolve));
});

beforeEach(async () => {
  await simPost("/__sim/webhooks", { mode: "deliver" });
  hookStatuses.length = 0;
});

/** A fresh order holding a Morning Roast subscription, through the app to a signed changeset. */
async function checkoutAndSign() {
  const order = await simPost("/__sim/orders", { customerId: 4001, lines: [{ variantId: 2001, quantity: 1, sellingPlanId: 3001 }] });
  const input = await simPost("/__sim/post-purchase/input-token", { orderId: order.id, appApiKey: process.env.SHOPIFY_API_KEY, appSecret: process.env.SHOPIFY_API_SECRET });
  const offer = await postOffer(input.token);
  expect(offer.body.offer.offerId).toBe(offerId);
  const signed = await postSign(input.token, { referenceId: input.referenceId, offerId, choice: { option: "one_time" } });
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
    expect(hookStatuses).toEqual([200]);

    const acceptance = await acceptanceFor(referenceId);
    expect(acceptance).toMatchObject({ orderId: String(orderId), customerId: "4001", kind: "subscription_upgrade", signedChangeset: { appliedVia: "webhook" } });
    expect(acceptance?.upgradeJob).toMatchObject({ status: "queued", provider: "skio", orderId: String(orderId), customerName: "Ada Lovelace", orderName: expect.stringMatching(/^#\d{4}$/) });
    expect(await prisma.outboxEvent.count({ where: { dedupeKey: `upgrade-${acceptance!.id}` } })).toBe(1);

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
    const other = await checkoutAndSign();
    expect((await apply(other.referenceId, other.changeset)).status).toBe("processed");
    await sim.state.webhooks.idle();
    expect(hookStatuses).toEqual([200]);
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

  it("OPS-1: an orders/edited webhook that fails HMAC is refused and changes nothing", async () => {
    const before = await writtenRows(shopId);
    const forged = webhookRequest("/webhooks/orders/edited", "orders/edited", DEMO_SHOP, { order_edit: { order_id: 1, line_items: { additions: [{ id: 1, delta: 1 }] } } }, { secret: "wrong" });
    expect((await callRoute(ordersEdited, forged)).status).toBe(401);
    expect(await writtenRows(shopId)).toEqual(before);
  });
});
