/**
 * OPS-3: a lone UTF-16 surrogate ("\ud800": valid JSON, no UTF-8 form) anywhere a request
 * carries text — an extension body field, a signed token's claims, a webhook payload, an
 * admin JSON action — is a 400 that says what is wrong, never a 500 from the database,
 * and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as editorAction } from "~/routes/app.funnels.$id";
import { action as compliance } from "~/routes/webhooks.compliance";
import { action as ordersEdited } from "~/routes/webhooks.orders.edited";
import { catalogItem, MORNING_ROAST, MUG } from "../support/catalog-offers";
import { gid } from "../simulators/catalog";
import { startAdminApi, type AdminApi } from "../support/admin-api";
import { adminRequest, callRoute, extensionToken, webhookRequest } from "../support/shopify";
import { postDecision, postOffer, postSign, purchaseInputData, purchaseToken, seedFunnel, seedShop, showAndSign, writtenRows } from "./runtime-fixtures";

const LONE = "\ud800";
const SHOP = "malformed-text.myshopify.com";
let shopId: string;
let api: AdminApi;

beforeAll(async () => {
  api = await startAdminApi([SHOP]);
  const shop = await seedShop(SHOP);
  shopId = shop.id;
  await seedFunnel(shop.id, { name: "Mug", triggerProductIds: [1001], offers: [{ key: "mug", headline: "Add a mug", items: [{ variantId: 2005 }] }] });
});
afterAll(async () => {
  await api?.close();
});

const funnelCount = () => prisma.funnel.count({ where: { shopId } });

describe("lone surrogates at the extension endpoints (OPS-3)", () => {
  it.each([
    ["sign: offerId", () => postSign, (p: { referenceId: string }) => ({ referenceId: p.referenceId, offerId: `offer-${LONE}`, choice: { option: "one_time" } })],
    ["sign: sellingPlanId", () => postSign, (p: { referenceId: string; offerId: string }) => ({ referenceId: p.referenceId, offerId: p.offerId, choice: { option: "one_time", sellingPlanId: LONE } })],
    ["decision: offerId", () => postDecision, (p: { referenceId: string }) => ({ referenceId: p.referenceId, offerId: LONE, decision: "declined" })],
    ["decision: outcome", () => postDecision, (p: { referenceId: string; offerId: string }) => ({ referenceId: p.referenceId, offerId: p.offerId, decision: "declined", outcome: `x${LONE}` })],
    ["offer: history", () => postOffer, () => ({ history: { declinedOfferIds: [`${LONE}`] } })],
    ["offer: an unknown field", () => postOffer, () => ({ note: LONE })],
  ])("OPS-3: a lone surrogate in the body (%s) is a 400 naming the field, and nothing is written", async (_label, endpoint, body) => {
    const purchase = await purchaseToken(SHOP, [{ variantId: 2001 }]);
    const { offer } = await showAndSign(purchase.token, purchase.referenceId);
    const before = await writtenRows(shopId);
    const response = await endpoint()(purchase.token, body({ referenceId: purchase.referenceId, offerId: offer.offerId }));
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: "invalid_body", message: expect.stringContaining("well-formed Unicode") });
    expect(await writtenRows(shopId)).toEqual(before);
  });

  it.each([["offer", postOffer], ["sign", postSign], ["decision", postDecision]] as const)(
    "OPS-3: a lone surrogate in the signed token's referenceId is a 400 on the %s endpoint, and nothing is written",
    async (_label, endpoint) => {
      const referenceId = `ref-${LONE}-${Math.random()}`;
      const token = await extensionToken(SHOP, referenceId, purchaseInputData(SHOP, referenceId, [{ variantId: 2001 }]));
      const before = await writtenRows(shopId);
      const response = await endpoint(token, { referenceId, offerId: "x", decision: "declined", choice: { option: "one_time" } });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: "invalid_input_data", message: expect.stringContaining("well-formed Unicode") });
      expect(await writtenRows(shopId)).toEqual(before);
    },
  );
});

describe("lone surrogates in webhooks and admin actions (OPS-3)", () => {
  it("OPS-3: a webhook payload carrying a lone surrogate is a 400 and changes nothing", async () => {
    const redact = webhookRequest("/webhooks/compliance", "customers/redact", SHOP, { shop_domain: SHOP, customer: { id: 1, email: `a${LONE}@b.c` }, orders_to_redact: [] });
    const response = await callRoute(compliance, redact);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("well-formed Unicode");
    const edited = webhookRequest("/webhooks/orders/edited", "orders/edited", SHOP, { order_edit: { id: 1, order_id: 1, created_at: new Date().toISOString(), staff_note: LONE, line_items: { additions: [{ id: 1, delta: 1 }] } } });
    expect((await callRoute(ordersEdited, edited)).status).toBe(400);
  });

  it("OPS-3: saving a funnel whose name holds a lone surrogate is a 400 and creates nothing", async () => {
    const before = await funnelCount();
    const draft = {
      name: `Mug ${LONE}`,
      status: "draft",
      priority: "0",
      triggers: { products: [{ id: gid("Product", MORNING_ROAST.productId), title: "Morning Roast Coffee", imageUrl: null }], subscription: "off", showToAll: false },
      offers: [{ id: "o1", parentId: null, branch: null, kind: "product_upsell", items: [{ ...catalogItem(MUG.variant), quantity: "1", upgrade: null }] }],
    };
    const request = await adminRequest(SHOP, "/app/funnels/new", { method: "POST", body: JSON.stringify({ intent: "save", draft }), headers: { "Content-Type": "application/json" } });
    const response = await callRoute(editorAction, request, { id: "new" });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("well-formed Unicode");
    expect(await funnelCount()).toBe(before);
  });
});
