import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as uninstalled } from "~/routes/webhooks.app.uninstalled";
import { action as scopesUpdate } from "~/routes/webhooks.app.scopes_update";
import { action as compliance } from "~/routes/webhooks.compliance";
import { callRoute, installShop, webhookRequest } from "../support/shopify";
import { first } from "../support/entries";

async function seedShopWithCustomerData(domain: string, customerId: string) {
  await installShop(domain);
  const shop = await prisma.shop.create({ data: { domain } });
  const funnel = await prisma.funnel.create({ data: { shopId: shop.id, name: "F" } });
  const offer = await prisma.offer.create({ data: { shopId: shop.id, funnelId: funnel.id, kind: "subscription_upgrade" } });
  const acceptance = await prisma.acceptance.create({
    data: {
      shopId: shop.id, referenceId: `ref-${customerId}`, orderId: "5001", customerId, funnelId: funnel.id, offerId: offer.id,
      offerKey: offer.id, kind: "subscription_upgrade", chosenOption: "one_time", amountMinor: 1500, currency: "USD",
    },
  });
  await prisma.upgradeJob.create({
    data: { shopId: shop.id, acceptanceId: acceptance.id, provider: "recharge", customerId, customerName: "Ada Lovelace", request: "{}" },
  });
  await prisma.offerEvent.create({ data: { shopId: shop.id, referenceId: `ref-${customerId}`, offerId: offer.id, offerKey: offer.id, type: "shown", customerId } });
  await prisma.postscriptDelivery.create({
    data: { shopId: shop.id, eventType: "upgrade_accepted", externalId: `e-${customerId}`, customerId, body: '{"phone":"+15555550101"}' },
  });
  await prisma.outboxEvent.create({ data: { shopId: shop.id, topic: "postscript", dedupeKey: `ps-${domain}-${customerId}`, payload: "{}", customerId } });
  await prisma.outboxEvent.create({ data: { shopId: shop.id, topic: "upgrade", dedupeKey: `up-${domain}-${customerId}`, payload: "{}", customerId } });
  return shop;
}

describe("mandatory webhooks", () => {
  it("OPS-1: app/uninstalled removes the shop's sessions, keeps its data, and is safe to receive twice", async () => {
    const shop = await seedShopWithCustomerData("uninstall.myshopify.com", "c1");
    const request = () => webhookRequest("/webhooks/app/uninstalled", "app/uninstalled", shop.domain, { id: 1 }, { webhookId: "w-1" });
    expect((await callRoute(uninstalled, request())).status).toBe(200);
    expect((await callRoute(uninstalled, request())).status).toBe(200);
    expect(await prisma.session.count({ where: { shop: shop.domain } })).toBe(0);
    const after = await prisma.shop.findUniqueOrThrow({ where: { domain: shop.domain } });
    expect(after.uninstalledAt).toBeInstanceOf(Date);
    expect(await prisma.funnel.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("OPS-1: a webhook whose HMAC does not verify is refused and changes nothing", async () => {
    const shop = await seedShopWithCustomerData("forged.myshopify.com", "c2");
    const response = await callRoute(
      compliance,
      webhookRequest("/webhooks/compliance", "shop/redact", shop.domain, { shop_domain: shop.domain }, { secret: "not-the-secret" }),
    );
    expect(response.status).toBe(401);
    expect(await prisma.shop.count({ where: { domain: shop.domain } })).toBe(1);
  });

  it("OPS-1: shop/redact erases every row the shop owns, and a second delivery is harmless", async () => {
    const shop = await seedShopWithCustomerData("redact-shop.myshopify.com", "c3");
    const other = await seedShopWithCustomerData("neighbour.myshopify.com", "c3");
    const request = () => webhookRequest("/webhooks/compliance", "shop/redact", shop.domain, { shop_id: 1, shop_domain: shop.domain });
    expect((await callRoute(compliance, request())).status).toBe(200);
    expect((await callRoute(compliance, request())).status).toBe(200);
    const owned = { where: { shopId: shop.id } };
    expect(await prisma.shop.count({ where: { id: shop.id } })).toBe(0);
    expect(await prisma.session.count({ where: { shop: shop.domain } })).toBe(0);
    for (const count of [
      prisma.funnel.count(owned), prisma.offer.count(owned), prisma.acceptance.count(owned), prisma.upgradeJob.count(owned),
      prisma.offerEvent.count(owned), prisma.postscriptDelivery.count(owned), prisma.outboxEvent.count(owned),
    ]) {
      expect(await count).toBe(0);
    }
    // The other shop is untouched.
    expect(await prisma.acceptance.count({ where: { shopId: other.id } })).toBe(1);
  });

  it("OPS-1: customers/redact erases that customer's data row by row and nobody else's", async () => {
    const shop = await seedShopWithCustomerData("redact-customer.myshopify.com", "4001");
    const acceptance = await prisma.acceptance.create({
      data: { shopId: shop.id, referenceId: "ref-other", customerId: "4002", offerKey: "k", kind: "product_upsell", chosenOption: "one_time", amountMinor: 100, currency: "USD" },
    });
    const payload = { shop_id: 1, shop_domain: shop.domain, customer: { id: 4001, email: "ada@example.com", phone: "+15555550101" }, orders_to_redact: [5001] };
    const response = await callRoute(compliance, webhookRequest("/webhooks/compliance", "customers/redact", shop.domain, payload));
    expect(response.status).toBe(200);
    const whose = { where: { shopId: shop.id, customerId: "4001" } };
    expect(await prisma.acceptance.count(whose)).toBe(0);
    expect(await prisma.upgradeJob.count(whose)).toBe(0);
    expect(await prisma.offerEvent.count(whose)).toBe(0);
    expect(await prisma.postscriptDelivery.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await prisma.outboxEvent.count({ where: { shopId: shop.id, topic: "postscript" } })).toBe(0);
    const job = await prisma.upgradeJob.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(job.customerName).toBeNull();
    // The merchant's record of the sale survives without the link to the person.
    expect(await prisma.acceptance.count({ where: { shopId: shop.id } })).toBe(2);
    expect((await prisma.acceptance.findUniqueOrThrow({ where: { id: acceptance.id } })).customerId).toBe("4002");
  });

  it("OPS-1: customers/data_request records what Uplift holds for the merchant, once per request", async () => {
    const shop = await seedShopWithCustomerData("data-request.myshopify.com", "77");
    const payload = { shop_id: 1, shop_domain: shop.domain, customer: { id: 77 }, orders_requested: [5001], data_request: { id: 9 } };
    for (let i = 0; i < 2; i++) {
      expect((await callRoute(compliance, webhookRequest("/webhooks/compliance", "customers/data_request", shop.domain, payload))).status).toBe(200);
    }
    const entries = await prisma.auditLog.findMany({ where: { shopId: shop.id, action: "customer_data_request:9" } });
    expect(entries).toHaveLength(1);
    const report = JSON.parse(first(entries).newValue!);
    expect(report.acceptances).toHaveLength(1);
    expect(report.upgrades[0].status).toBe("queued");
  });

  it("OPS-3: a compliance webhook with an unreadable payload gets a 400 naming the field", async () => {
    const shop = await seedShopWithCustomerData("bad-payload.myshopify.com", "5");
    const response = await callRoute(compliance, webhookRequest("/webhooks/compliance", "customers/redact", shop.domain, { shop_domain: shop.domain }));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/customer/);
    expect(await prisma.acceptance.count({ where: { shopId: shop.id, customerId: "5" } })).toBe(1);
  });

  it("OPS-1: app/scopes_update stores the granted scopes on the shop's sessions", async () => {
    await installShop("scopes.myshopify.com", "read_products");
    const response = await callRoute(
      scopesUpdate,
      webhookRequest("/webhooks/app/scopes_update", "app/scopes_update", "scopes.myshopify.com", { id: 1, previous: ["read_products"], current: ["read_products", "write_products"] }),
    );
    expect(response.status).toBe(200);
    const session = await prisma.session.findUniqueOrThrow({ where: { id: "offline_scopes.myshopify.com" } });
    expect(session.scope).toBe("read_products,write_products");
  });
});
