import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader as appLoader } from "~/routes/app";
import { loader as dashboardLoader } from "~/routes/app._index";
import { loader as healthLoader } from "~/routes/healthz";
import { adminRequest, callRoute, installShop } from "../support/shopify";

describe("embedded admin", () => {
  it("authenticates an embedded request and creates the shop on first sight", async () => {
    await installShop("dash.myshopify.com");
    const response = await callRoute(appLoader, await adminRequest("dash.myshopify.com", "/app"));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.apiKey).toBe(process.env.SHOPIFY_API_KEY);
    expect(await prisma.shop.count({ where: { domain: "dash.myshopify.com" } })).toBe(1);
  });

  it("BETA-1: the Upgrades nav entry exists only once support has enabled the beta", async () => {
    await installShop("nav.myshopify.com");
    const load = async () => (await callRoute(appLoader, await adminRequest("nav.myshopify.com", "/app"))).json();
    expect((await load()).upgradesBeta).toBe(false);
    await prisma.shop.update({ where: { domain: "nav.myshopify.com" }, data: { subscriptionUpgradesBeta: true } });
    expect((await load()).upgradesBeta).toBe(true);
  });

  it("refuses a request without a session token", async () => {
    const response = await callRoute(dashboardLoader, new Request(`${process.env.SHOPIFY_APP_URL}/app?_data=routes/app._index`, { headers: { "User-Agent": "Mozilla/5.0 Chrome/156" } }));
    expect([302, 401]).toContain(response.status);
  });

  it("counts the shop's own funnels and acceptances only", async () => {
    await installShop("stats.myshopify.com");
    const mine = await prisma.shop.create({ data: { domain: "stats.myshopify.com" } });
    const theirs = await prisma.shop.create({ data: { domain: "stats-other.myshopify.com" } });
    await prisma.funnel.create({ data: { shopId: mine.id, name: "A", status: "active" } });
    await prisma.funnel.create({ data: { shopId: theirs.id, name: "B", status: "active" } });
    await prisma.acceptance.create({ data: { shopId: theirs.id, referenceId: "r", offerKey: "o", kind: "product_upsell", chosenOption: "one_time", amountMinor: 500, currency: "USD" } });
    const response = await callRoute(dashboardLoader, await adminRequest("stats.myshopify.com", "/app"));
    const { stats } = await response.json();
    expect(stats.activeFunnels).toBe(1);
    expect(stats.acceptances).toBe(0);
    expect(stats.revenue).toEqual([]);
  });

  it("health check reports the database and Redis", async () => {
    const response = await callRoute(healthLoader, new Request("http://x/healthz"));
    expect(await response.json()).toEqual({ ok: true, database: "up", redis: "up" });
    expect(response.status).toBe(200);
  });
});
