/**
 * The product picker's resource route (app/routes/app.products.ts) against the store
 * simulator: Admin GraphQL search and cursor pagination, selling-plan data, and the
 * WIZ-1 / WIZ-3 marks that disable products where they are not allowed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader } from "~/routes/app.products";
import { WIZ1_NO_PLANS, WIZ3_BUNDLE, WIZ3_SUBSCRIPTION_ONLY } from "~/domain/wizard-validation";
import { gid } from "../simulators/catalog";
import { RECHARGE_SIM_TOKENS } from "../simulators/providers/recharge";
import { accessTokenFor, enableUpgrades, startAdminApi, type AdminApi } from "../support/admin-api";
import { adminRequest, callRoute } from "../support/shopify";
import { first } from "../support/entries";

const SHOP = "picker-shop.myshopify.com";
let api: AdminApi;

beforeAll(async () => {
  api = await startAdminApi([SHOP]);
  // Five more products so the catalog (8 + 5) spans two pages of 10.
  for (const title of ["Tea Sampler", "Travel Mug", "Pour-over Kit", "Filter Papers", "Coffee Scale"]) {
    const response = await fetch(`${api.sim.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessTokenFor(SHOP), "X-Simulated-Shop": SHOP },
      body: JSON.stringify({ query: "mutation Add($p: ProductCreateInput!) { productCreate(product: $p) { product { id } userErrors { message } } }", variables: { p: { title, status: "ACTIVE" } } }),
    });
    expect(response.status).toBe(200);
  }
});
afterAll(async () => {
  await api?.close();
});
beforeEach(async () => {
  await prisma.providerConnection.deleteMany({});
  await prisma.shop.updateMany({ data: { subscriptionUpgradesBeta: false } });
});

type Row = { id: string; title: string; subscriptionOnly: boolean; isBundle: boolean; sellingPlans: Array<{ id: string; intervalUnit: string; billingIntervalCount: number; percentOff?: number }>; variants: Array<{ priceMinor: number }>; eligibility: { allowed: boolean; reason: string | null } };

async function pick(query: string) {
  const response = await callRoute(loader, await adminRequest(SHOP, `/app/products?${query}`));
  return { status: response.status, body: await response.json() };
}
const byTitle = (rows: Row[], title: string) => rows.find((r) => r.title === title) as Row;
/** The row for `title` found by searching its first word, in `mode`. */
async function row(mode: string, title: string): Promise<Row> {
  const { body } = await pick(`mode=${mode}&q=${encodeURIComponent(first(title.split(" ")).replace(":", ""))}`);
  const found = byTitle(body.products, title);
  expect(found, `${title} in ${mode}`).toBeTruthy();
  return found;
}

describe("product picker on Admin GraphQL", () => {
  it("lists products with selling-plan info, prices in minor units and the bundle and subscription-only flags", async () => {
    const { status, body } = await pick("mode=trigger");
    expect(status).toBe(200);
    const roast = byTitle(body.products, "Morning Roast Coffee");
    expect(roast.sellingPlans.map((p) => [p.id, p.intervalUnit, p.billingIntervalCount, p.percentOff])).toEqual([
      [gid("SellingPlan", 3001), "month", 1, 10],
      [gid("SellingPlan", 3002), "month", 2, 10],
      [gid("SellingPlan", 3003), "month", 6, 15],
    ]);
    expect(roast.variants.map((v) => v.priceMinor)).toEqual([2000, 3600]);
    expect(byTitle(body.products, "Coffee Club Box").subscriptionOnly).toBe(true);
    expect(byTitle(body.products, "Barista Bundle").isBundle).toBe(true);
    expect(body.currency).toBe("USD");
    expect(api.requests.at(-1)).toEqual({ shop: SHOP, operationName: "UpliftPickerProducts" });
  });

  it("audit S-12: reads fixed-amount, fixed-price and after-N-cycles pricing policies from Shopify", async () => {
    const decafPlans = api.sim.state.shop(SHOP).products.find((p) => p.title === "Decaf Roast")!.sellingPlanGroup!.plans;
    const saved = decafPlans.map((plan) => ({ ...plan }));
    first(decafPlans).pricingPolicies = [{ type: "FIXED_AMOUNT", value: 3 }, { type: "PRICE", value: 15.5, afterCycle: 2 }];
    try {
      const decaf = await row("trigger", "Decaf Roast");
      expect((decaf.sellingPlans[0] as Row["sellingPlans"][number] & { pricing?: unknown }).pricing).toEqual({
        initial: { type: "fixed_amount", amountMinor: 300 },
        later: { afterCycle: 2, adjustment: { type: "price", amountMinor: 1550 } },
      });
    } finally {
      decafPlans.splice(0, decafPlans.length, ...saved);
    }
  });

  it("searches by title and pages with Shopify's cursors", async () => {
    const search = await pick("mode=trigger&q=roast");
    expect(search.body.products.map((p: Row) => p.title).sort()).toEqual(["Decaf Roast", "Morning Roast Coffee"]);
    const twoWords = await pick("mode=trigger&q=morning%20ro");
    expect(twoWords.body.products.map((p: Row) => p.title)).toEqual(["Morning Roast Coffee"]);

    const first = await pick("mode=trigger");
    expect(first.body.products).toHaveLength(10);
    expect(first.body.pageInfo.hasNextPage).toBe(true);
    const second = await pick(`mode=trigger&after=${encodeURIComponent(first.body.pageInfo.endCursor)}`);
    expect(second.body.pageInfo.hasNextPage).toBe(false);
    const titles = [...first.body.products, ...second.body.products].map((p: Row) => p.title);
    expect(new Set(titles).size).toBe(14);
  });

  it("offer pickers list only active products (a draft cannot be sold after checkout)", async () => {
    const trigger = await pick("mode=trigger&q=grinder");
    expect(trigger.body.products.map((p: Row) => p.title)).toEqual(["Burr Grinder (draft)"]);
    const offer = await pick("mode=product_upsell&q=grinder");
    expect(offer.body.products).toEqual([]);
  });

  it("marks subscription-only and bundle products as not allowed in a one-time product upsell", async () => {
    expect((await row("product_upsell", "Coffee Club Box")).eligibility).toEqual({ allowed: false, reason: expect.stringMatching(/subscription upsell/) });
    expect((await row("product_upsell", "Barista Bundle")).eligibility).toEqual({ allowed: false, reason: WIZ3_BUNDLE });
    expect((await row("product_upsell", "Ceramic Mug")).eligibility).toEqual({ allowed: true, reason: null });
    expect((await row("subscription_upsell", "Coffee Club Box")).eligibility.allowed).toBe(true);
  });

  it("refuses an unknown mode with 400", async () => {
    expect((await pick("mode=everything")).status).toBe(400);
  });
});

describe("the wizard's pickers (WIZ-1, WIZ-2, WIZ-3, CONN-5)", () => {
  it("CONN-5 / BETA-3: the upgrade pickers answer 403 'not enabled' while upgrades are unavailable", async () => {
    for (const mode of ["upgrade_trigger", "upgrade_offer", "replacement"]) {
      const { status, body } = await pick(`mode=${mode}`);
      expect(status).toBe(403);
      expect(body.message).toMatch(/not enabled for this shop/);
    }
  });

  it("WIZ-1: only products with selling plans can be the trigger; the others say why", async () => {
    await enableUpgrades(SHOP, "recharge", RECHARGE_SIM_TOKENS.valid);
    expect((await row("upgrade_trigger", "Morning Roast Coffee")).eligibility.allowed).toBe(true);
    expect((await row("upgrade_trigger", "Ceramic Mug")).eligibility).toEqual({ allowed: false, reason: WIZ1_NO_PLANS });
  });

  it("WIZ-2 / WIZ-3: the offer step hides the trigger product and refuses subscription-only and bundle products with the reason", async () => {
    await enableUpgrades(SHOP, "recharge", RECHARGE_SIM_TOKENS.valid);
    const trigger = gid("Product", 1001);
    const visible = await pick("mode=upgrade_offer&q=morning");
    expect(visible.body.products.map((p: Row) => p.id)).toContain(trigger);
    const hidden = await pick(`mode=upgrade_offer&q=morning&exclude=${encodeURIComponent(trigger)}`);
    expect(hidden.body.products.map((p: Row) => p.id)).not.toContain(trigger);
    expect((await row("upgrade_offer", "Coffee Club Box")).eligibility).toEqual({ allowed: false, reason: WIZ3_SUBSCRIPTION_ONLY });
    expect((await row("upgrade_offer", "Barista Bundle")).eligibility).toEqual({ allowed: false, reason: WIZ3_BUNDLE });
    expect((await row("upgrade_offer", "Upgrade: Double Bag")).eligibility.allowed).toBe(true);
  });

  it("WIZ-4: the replacement picker refuses bundles but allows subscription products", async () => {
    await enableUpgrades(SHOP, "recharge", RECHARGE_SIM_TOKENS.valid);
    expect((await row("replacement", "Coffee Club Box")).eligibility.allowed).toBe(true);
    expect((await row("replacement", "Barista Bundle")).eligibility.allowed).toBe(false);
  });
});
