/**
 * Property-based tests (fast-check) over the boundaries a stranger can reach: the three
 * post-purchase endpoints, the webhooks and the funnel editor. Whatever the body — random
 * JSON, wrong types, lone surrogates, huge strings, not JSON at all — the answer is never
 * a 5xx, and a refused request writes nothing (OPS-3). Repeated and reordered decisions
 * for one purchase record at most one acceptance, with one upgrade job and one outbox
 * row (RUN-8, JOB-1). Runs are bounded (numRuns) to keep the file quick.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as editorAction } from "~/routes/app.funnels.$id";
import { action as compliance } from "~/routes/webhooks.compliance";
import { action as ordersEdited } from "~/routes/webhooks.orders.edited";
import { action as uninstalled } from "~/routes/webhooks.app.uninstalled";
import { action as scopesUpdate } from "~/routes/webhooks.app.scopes_update";
import { catalogItem, MORNING_ROAST, MUG } from "../support/catalog-offers";
import { gid } from "../simulators/catalog";
import { startAdminApi, type AdminApi } from "../support/admin-api";
import { adminRequest, APP_URL, callRoute, webhookRequest } from "../support/shopify";
import { apiRequest, postDecision, purchaseToken, seedFunnel, seedShop, showAndSign, writtenRows } from "./runtime-fixtures";
import { action as offerAction } from "~/routes/api.post-purchase.offer";
import { action as signAction } from "~/routes/api.post-purchase.sign-changeset";
import { action as decisionAction } from "~/routes/api.post-purchase.decision";

const SHOP = "properties.myshopify.com";
let shopId: string;
let api: AdminApi;

beforeAll(async () => {
  api = await startAdminApi([SHOP]);
  const shop = await seedShop(SHOP, { beta: true, provider: "recharge" });
  shopId = shop.id;
  await seedFunnel(shop.id, {
    name: "Upgrade",
    triggerProductIds: [1001],
    subscriptionTrigger: "include",
    offers: [{ key: "up", kind: "subscription_upgrade", items: [{ variantId: 2007, upgrade: { triggerProductId: 1001, type: "frequency", intervalUnit: "month", deliveryIntervalCount: 2, billingIntervalCount: 2 } }] }],
  });
});
afterAll(async () => {
  await api?.close();
});

/** Strings a hostile client sends: ordinary, any code unit (lone surrogates included), long. */
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  { weight: 3, arbitrary: fc.tuple(fc.string(), fc.integer({ min: 0xd800, max: 0xdfff })).map(([text, code]) => `${text}${String.fromCharCode(code)}`) },
  fc.nat({ max: 3 }).map((n) => "z".repeat(70_000 + n)),
);
const nastyJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, nastyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(nastyString, tie("value"), { maxKeys: 4 })),
})).value;

/** A real value most of the time, else something hostile (mostly strings: what reaches the database). */
const field = <T>(real: T, realWeight = 1) =>
  fc.oneof({ weight: realWeight, arbitrary: fc.constant(real) }, { weight: 2, arbitrary: nastyString }, { weight: 1, arbitrary: nastyJson });

/** Bodies shaped like the real ones, with any field replaced by something hostile. */
function shapedBody(referenceId: string, offerId: string, changeset: string) {
  return fc.record(
    {
      // Kept real most of the time: a wrong referenceId is refused before anything else is read.
      referenceId: field(referenceId, 8),
      offerId: field(offerId),
      decision: fc.oneof(fc.constantFrom("accepted", "declined", "failed"), nastyJson),
      token: field(changeset, 2),
      outcome: field("processed"),
      choice: fc.oneof(nastyJson, fc.record({ option: field("one_time", 2), sellingPlanId: field(null) }, { requiredKeys: [] })),
      history: fc.oneof(nastyJson, fc.record({ declinedOfferIds: fc.array(nastyString, { maxLength: 3 }) })),
    },
    { requiredKeys: [] },
  );
}

const ENDPOINTS = [
  ["/api/post-purchase/offer", offerAction],
  ["/api/post-purchase/sign-changeset", signAction],
  ["/api/post-purchase/decision", decisionAction],
] as const;

describe("extension endpoints under random bodies (OPS-3)", () => {
  it("OPS-3: any body on any endpoint answers below 500, and a refused one writes nothing", async () => {
    const purchase = await purchaseToken(SHOP, [{ variantId: 2001, sellingPlanId: 3001 }]);
    const { offer, signed } = await showAndSign(purchase.token, purchase.referenceId);
    const body = fc.oneof({ weight: 1, arbitrary: nastyJson }, { weight: 3, arbitrary: shapedBody(purchase.referenceId, offer.offerId, signed.body.token) });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), body, fc.boolean(), async ([path, action], value, asText) => {
        const before = await writtenRows(shopId);
        const request = asText
          ? new Request(new URL(path, APP_URL()), { method: "POST", headers: apiRequest(path, purchase.token, null).headers, body: typeof value === "string" ? value : `${JSON.stringify(value)}}` })
          : apiRequest(path, purchase.token, value);
        const response = await callRoute(action, request);
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(await writtenRows(shopId)).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it("RUN-8/JOB-1: decisions for one purchase, repeated and in any order, record at most one acceptance with one upgrade job and one outbox row", async () => {
    const decision = fc.constantFrom("accepted", "declined", "failed");
    await fc.assert(
      fc.asyncProperty(fc.array(decision, { minLength: 1, maxLength: 6 }), fc.boolean(), async (decisions, together) => {
        const purchase = await purchaseToken(SHOP, [{ variantId: 2001, sellingPlanId: 3001 }]);
        const { offer, signed } = await showAndSign(purchase.token, purchase.referenceId);
        const send = (d: string) => postDecision(purchase.token, { referenceId: purchase.referenceId, offerId: offer.offerId, decision: d, token: signed.body.token });
        const results = together ? await Promise.all(decisions.map(send)) : await decisions.reduce(async (done, d) => [...(await done), await send(d)], Promise.resolve([] as Awaited<ReturnType<typeof send>>[]));
        for (const result of results) expect(result.status).toBeLessThan(500);
        const where = { shopId, referenceId: purchase.referenceId };
        const acceptances = await prisma.acceptance.count({ where });
        const accepted = results.some((r, i) => decisions[i] === "accepted" && r.status === 200);
        expect(acceptances).toBe(accepted ? 1 : 0);
        expect(await prisma.upgradeJob.count({ where: { acceptance: where } })).toBe(acceptances);
        expect(await prisma.outboxEvent.count({ where: { shopId, dedupeKey: { in: (await prisma.acceptance.findMany({ where })).map((a) => `upgrade-${a.id}`) } } })).toBe(acceptances);
      }),
      { numRuns: 25 },
    );
  });
});

describe("webhooks and admin actions under random payloads (OPS-3)", () => {
  const WEBHOOKS = [
    ["/webhooks/orders/edited", "orders/edited", ordersEdited],
    ["/webhooks/compliance", "customers/redact", compliance],
    ["/webhooks/compliance", "customers/data_request", compliance],
    ["/webhooks/app/scopes_update", "app/scopes_update", scopesUpdate],
  ] as const;

  it("OPS-3: any signed webhook payload answers 200 or 400, and a 400 changes nothing", async () => {
    const payload = fc.oneof(
      nastyJson,
      fc.record({ order_edit: fc.record({ id: fc.oneof(fc.nat(), nastyJson), order_id: fc.oneof(fc.nat(), nastyJson), created_at: fc.oneof(fc.date().map((d) => (Number.isNaN(d.getTime()) ? "x" : d.toISOString())), nastyJson), line_items: nastyJson }, { requiredKeys: [] }) }),
      fc.record({ shop_domain: fc.oneof(fc.constant(SHOP), nastyString), customer: fc.record({ id: fc.oneof(fc.nat(), nastyJson), email: nastyString }, { requiredKeys: [] }), orders_to_redact: nastyJson }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...WEBHOOKS), payload, async ([path, topic, action], value) => {
        const before = await writtenRows(shopId);
        const response = await callRoute(action, webhookRequest(path, topic, SHOP, value));
        expect([200, 400]).toContain(response.status);
        if (response.status === 400) expect(await writtenRows(shopId)).toEqual(before);
      }),
      { numRuns: 80 },
    );
  });

  it("OPS-3: app/uninstalled delivered twice or more is harmless", async () => {
    const other = await seedShop("properties-uninstall.myshopify.com");
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), async (times) => {
        for (let i = 0; i < times; i++) expect((await callRoute(uninstalled, webhookRequest("/webhooks/app/uninstalled", "app/uninstalled", other.domain, { id: 1 }, { webhookId: "w-same" }))).status).toBe(200);
      }),
      { numRuns: 3 },
    );
  });

  it("OPS-3: saving a funnel with hostile drafts answers below 500, and a refused save creates nothing", async () => {
    const valid = {
      name: "Mug",
      status: "draft",
      priority: "0",
      triggers: { products: [{ id: gid("Product", MORNING_ROAST.productId), title: "Morning Roast Coffee", imageUrl: null }], subscription: "off", showToAll: false },
      offers: [{ id: "o1", parentId: null, branch: null, kind: "product_upsell", items: [{ ...catalogItem(MUG.variant), quantity: "1", upgrade: null }] }],
    };
    const draft = fc.oneof(nastyJson, fc.record({ name: field(valid.name, 2), status: field(valid.status, 3), priority: field(valid.priority, 3), triggers: field(valid.triggers, 3), offers: field(valid.offers, 3) }));
    await fc.assert(
      fc.asyncProperty(draft, async (value) => {
        const before = await prisma.funnel.count({ where: { shopId } });
        const request = await adminRequest(SHOP, "/app/funnels/new", { method: "POST", body: JSON.stringify({ intent: "save", draft: value }), headers: { "Content-Type": "application/json" } });
        const response = await callRoute(editorAction, request, { id: "new" });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(await prisma.funnel.count({ where: { shopId } })).toBe(before);
      }),
      { numRuns: 40 },
    );
  });
});
