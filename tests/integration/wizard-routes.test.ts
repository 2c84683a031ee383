/**
 * The subscription upgrade wizard through its real loader and action: Admin GraphQL on
 * the store simulator (products, staged upload, productCreate), the provider adapters on
 * the Recharge and Loop simulators (WIZ-1..8, FUN-7, CONN-5, BETA-3, OPS-2).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action, loader } from "~/routes/app.funnels.$id_.upgrade";
import { loadFunnel } from "~/funnels/funnels.server";
import { funnelWarnings } from "~/domain/funnel-warnings";
import { emptyWizardState, WIZ3_BUNDLE, WIZ3_SUBSCRIPTION_ONLY, type WizardProductChoice, type WizardState } from "~/domain/wizard-validation";
import { DEMO_SHOP, gid } from "../simulators/catalog";
import { RECHARGE_SIM_TOKENS, startRechargeSimulator, type RechargeSimulator } from "../simulators/providers/recharge";
import { LOOP_SIM_TOKENS, startLoopSimulator, type LoopSimulator } from "../simulators/providers/loop";
import { SKIO_SIM_TOKENS } from "../simulators/providers/skio";
import { priceChanges } from "../simulators/shopify/post-purchase/changeset";
import { enableUpgrades, startAdminApi, type AdminApi } from "../support/admin-api";
import { adminRequest, callRoute } from "../support/shopify";
import { first } from "../support/entries";

const OTHER = "wizard-other.myshopify.com";
let api: AdminApi;
let recharge: RechargeSimulator;
let loop: LoopSimulator;

beforeAll(async () => {
  api = await startAdminApi([DEMO_SHOP, OTHER]);
  [recharge, loop] = await Promise.all([startRechargeSimulator({ port: 0 }), startLoopSimulator({ port: 0 })]);
  process.env.RECHARGE_API_URL = recharge.url;
  process.env.LOOP_API_URL = loop.url;
});
afterAll(async () => {
  await Promise.all([api?.close(), recharge?.close(), loop?.close()]);
});
beforeEach(async () => {
  await prisma.funnel.deleteMany({});
  await prisma.providerConnection.deleteMany({});
  await prisma.shop.updateMany({ data: { subscriptionUpgradesBeta: false } });
  await enableUpgrades(DEMO_SHOP, "recharge", RECHARGE_SIM_TOKENS.valid);
});

/** A product choice as the browser would send it (the server re-reads it from Shopify). */
const choice = (productId: number, variantId: number, extra: Partial<WizardProductChoice> = {}): WizardProductChoice => ({
  id: gid("Product", productId),
  title: "",
  imageUrl: null,
  variantId: gid("ProductVariant", variantId),
  variantTitle: "",
  priceMinor: 0,
  currency: "USD",
  subscriptionOnly: false,
  isBundle: false,
  sellingPlans: [],
  ...extra,
});
const ROAST = () => choice(1001, 2001);
const DOUBLE_BAG = () => choice(1006, 2007);

function wizard(change: (s: WizardState) => void = () => {}): WizardState {
  const s = emptyWizardState();
  s.trigger = ROAST();
  s.offerTab = "existing";
  s.offerProduct = DOUBLE_BAG();
  s.config.deliveryIntervalCount = "1";
  s.config.billingIntervalCount = "2";
  s.config.intervalUnit = "month";
  change(s);
  return s;
}

const NEW = { kind: "new", parentId: null, branch: null };

async function post(funnelId: string, body: unknown, shop = DEMO_SHOP) {
  const request = await adminRequest(shop, `/app/funnels/${funnelId}/upgrade`, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  return callRoute(action, request, { id: funnelId });
}
const save = (state: WizardState, extra: Record<string, unknown> = {}, funnelId = "new") => post(funnelId, { intent: "save", state, placement: NEW, recommendedTriggers: true, ...extra });

async function savedFunnelId(response: Response): Promise<string> {
  expect(response.status, await response.clone().text()).toBe(302);
  const id = /\/app\/funnels\/([^?]+)\?saved=1&upgrade=1/.exec(response.headers.get("Location") ?? "")?.[1];
  expect(id).toBeTruthy();
  return id as string;
}
const demoShopId = async () => (await prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } })).id;
const open = async (funnelId: string, query = "", shop = DEMO_SHOP) => callRoute(loader, await adminRequest(shop, `/app/funnels/${funnelId}/upgrade${query}`), { id: funnelId });

describe("BETA-3 / CONN-5: the wizard exists only with the beta and a verified provider", () => {
  it("BETA-3: without the beta the wizard answers 403 'not enabled for this shop', and its actions create nothing", async () => {
    await prisma.shop.update({ where: { domain: DEMO_SHOP }, data: { subscriptionUpgradesBeta: false } });
    const page = await open("new");
    expect(page.status).toBe(403);
    expect((await page.json()).message).toMatch(/not enabled for this shop/);
    const products = api.sim.state.shops.get(DEMO_SHOP)!.products.length;
    expect((await save(wizard())).status).toBe(403);
    expect(await prisma.funnel.count()).toBe(0);
    expect(api.sim.state.shops.get(DEMO_SHOP)!.products.length).toBe(products);
  });

  it("CONN-5: with the beta but no verified connection, the wizard answers 403 and says to connect the provider", async () => {
    await prisma.providerConnection.deleteMany({});
    const page = await open("new");
    expect(page.status).toBe(403);
    expect((await page.json()).message).toMatch(/Connect your subscription provider/);
  });

  it("CONN-5: a connection flagged for a re-test also closes the wizard", async () => {
    await prisma.providerConnection.updateMany({ data: { needsRetest: true } });
    expect((await open("new")).status).toBe(403);
  });
});

describe("WIZ-5: selling plans from the provider", () => {
  it("WIZ-5: loads Recharge's plans for the trigger product through the adapter", async () => {
    const response = await post("new", { intent: "plans", productId: gid("Product", 1001) });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.plans.map((p: { name: string; interval: unknown }) => [p.name, p.interval])).toEqual([
      ["Delivered monthly", { unit: "month", deliveryCount: 1, billingCount: 1 }],
      ["Delivered every 2 months", { unit: "month", deliveryCount: 2, billingCount: 2 }],
    ]);
    expect(recharge.requests.some((r) => r.path === "/plans")).toBe(true);
  });

  it("WIZ-5: a product the provider has no plans for comes back empty (the wizard shows how to fix it)", async () => {
    const body = await (await post("new", { intent: "plans", productId: gid("Product", 1004) })).json();
    expect(body).toMatchObject({ ok: true, plans: [] });
  });

  it("WIZ-5: a provider that cannot be reached is a clear 502, not a crash", async () => {
    recharge.faults.add({ path: "/plans", status: 503 });
    const response = await post("new", { intent: "plans", productId: gid("Product", 1001) });
    recharge.faults.clear();
    expect(response.status).toBe(502);
    expect((await response.json()).message).toMatch(/Recharge did not return its selling plans/);
  });
});

describe("WIZ-2: Create new — the placeholder product", () => {
  const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
  async function createProduct(fields: { title?: string; price?: string; image?: Blob | null; filename?: string }) {
    const form = new FormData();
    form.set("title", fields.title ?? "Premium upgrade");
    form.set("price", fields.price ?? "4.99");
    if (fields.image !== null) form.set("image", fields.image ?? new Blob([PNG], { type: "image/png" }), fields.filename ?? "upgrade.png");
    const request = await adminRequest(DEMO_SHOP, "/app/funnels/new/upgrade", { method: "POST", body: form });
    return callRoute(action, request, { id: "new" });
  }

  it("WIZ-2: uploads the image through stagedUploadsCreate and creates the product ACTIVE, unpublished, at the one-time price", async () => {
    const response = await createProduct({});
    expect(response.status).toBe(200);
    const { product } = await response.json();
    expect(product).toMatchObject({ title: "Premium upgrade", priceMinor: 499, currency: "USD", subscriptionOnly: false, isBundle: false });
    const simProduct = api.sim.state.shops.get(DEMO_SHOP)!.products.find((p) => gid("Product", p.id) === product.id)!;
    expect(simProduct).toMatchObject({ status: "ACTIVE", published: false });
    expect(first(simProduct.variants).priceCents).toBe(499);
    expect(simProduct.media).toEqual([expect.objectContaining({ status: "READY", mediaContentType: "IMAGE" })]);
    expect(product.imageUrl).toContain("/__sim/staged/");
    const ops = api.requests.filter((r) => r.shop === DEMO_SHOP).map((r) => r.operationName);
    expect(ops.slice(-4)).toEqual(["UpliftStagedImageUpload", "UpliftCreateOfferProduct", "UpliftSetOfferProductPrice", "UpliftPickerProduct"]);
    // Not on the Online Store: Shopify reports no storefront URL.
    const check = await fetch(`${api.sim.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_demo-shop", "X-Simulated-Shop": DEMO_SHOP },
      body: JSON.stringify({ query: "query P($id: ID!) { product(id: $id) { status onlineStoreUrl } }", variables: { id: product.id } }),
    });
    expect((await check.json()).data.product).toEqual({ status: "ACTIVE", onlineStoreUrl: null });
  });

  it("audit S-8: the placeholder product never requires shipping or tracks inventory, so accepting it cannot run out of stock", async () => {
    const { product } = await (await createProduct({})).json();
    const shop = api.sim.state.shops.get(DEMO_SHOP)!;
    const variant = first(shop.products.find((p) => gid("Product", p.id) === product.id)!.variants);
    expect(variant).toMatchObject({ tracked: false, requiresShipping: false, inventoryPolicy: "CONTINUE", inventoryQuantity: 0 });
    // Shopify's post-purchase pricing (simulated) accepts it with nothing in stock, as a line that ships nothing.
    const priced = priceChanges(shop, [{ type: "add_variant", variantId: variant.id, quantity: 2 }]);
    expect(priced.ok && priced.priced.lines.map((l) => l.requiresShipping)).toEqual([false]);
  });

  it("WIZ-2: Create new without an image makes a plain placeholder product with no media and no upload", async () => {
    const uploadsBefore = api.requests.filter((r) => r.operationName === "UpliftStagedImageUpload").length;
    const response = await createProduct({ image: null, title: "Plain upgrade line", price: "0.00" });
    expect(response.status).toBe(200);
    const { product } = await response.json();
    expect(product).toMatchObject({ title: "Plain upgrade line", priceMinor: 0, imageUrl: null });
    const simProduct = api.sim.state.shops.get(DEMO_SHOP)!.products.find((p) => gid("Product", p.id) === product.id)!;
    expect(simProduct.media).toEqual([]);
    expect(api.requests.filter((r) => r.operationName === "UpliftStagedImageUpload").length).toBe(uploadsBefore);
  });

  it.each<[string, Parameters<typeof createProduct>[0], string]>([
    ["a text file as image", { image: new Blob(["hello"], { type: "text/plain" }), filename: "notes.txt" }, "create.image"],
    ["a price that is not an amount", { price: "free" }, "create.price"],
    ["a negative price", { price: "-1" }, "create.price"],
    ["a blank title", { title: "  " }, "create.title"],
  ])("WIZ-2/WIZ-8: %s is refused next to its field and nothing is created in Shopify", async (_label, fields, field) => {
    const before = api.sim.state.shops.get(DEMO_SHOP)!.products.length;
    const response = await createProduct(fields);
    expect(response.status).toBe(400);
    expect((await response.json()).fieldErrors[field]).toBeTruthy();
    expect(api.sim.state.shops.get(DEMO_SHOP)!.products.length).toBe(before);
  });
});

describe("WIZ-8: Save validates every step on the server", () => {
  it("WIZ-1..7: saves a new upgrade funnel with the recommended triggers (no FUN-4 warning)", async () => {
    const id = await savedFunnelId(await save(wizard((s) => (s.config.discount = { type: "percentage", value: "10" }))));
    const funnel = await loadFunnel(await demoShopId(), id);
    expect(funnel).toMatchObject({ name: "Upgrade: Morning Roast Coffee", status: "draft", triggers: { productIds: [gid("Product", 1001)], subscription: "include", showToAll: false } });
    expect(funnel.offers).toHaveLength(1);
    expect(funnel.offers[0]).toMatchObject({ kind: "subscription_upgrade", purchaseOption: "one_time" });
    expect(first(funnel.offers).items[0]).toMatchObject({ productTitle: "Upgrade: Double Bag", priceMinor: 1500, subscriptionOnly: false });
    expect(first(first(funnel.offers).items).upgrade).toMatchObject({
      triggerProductId: gid("Product", 1001),
      triggerProductTitle: "Morning Roast Coffee",
      type: "frequency",
      intervalUnit: "month",
      deliveryIntervalCount: 1,
      billingIntervalCount: 2,
      discount: { type: "percentage", value: 1000 },
    });
    expect(funnelWarnings(funnel).map((w) => w.rule)).toEqual([]);
  });

  it("FUN-4: without the recommended triggers, the saved funnel carries the targeting warning", async () => {
    const id = await savedFunnelId(await save(wizard(), { recommendedTriggers: false }));
    expect(funnelWarnings(await loadFunnel(await demoShopId(), id)).map((w) => w.rule)).toEqual(["FUN-4"]);
  });

  it.each<[string, (s: WizardState) => void, string, string, RegExp]>([
    ["WIZ-1: a trigger without selling plans", (s) => (s.trigger = choice(1004, 2005)), "trigger", "trigger", /no selling plans/],
    ["WIZ-3: a subscription-only offer product, even when the browser claims otherwise", (s) => (s.offerProduct = choice(1002, 2003, { subscriptionOnly: false })), "offer", "offerProduct", new RegExp(WIZ3_SUBSCRIPTION_ONLY.slice(0, 40))],
    ["WIZ-3: a bundle offer product", (s) => (s.offerProduct = choice(1003, 2004)), "offer", "offerProduct", new RegExp(WIZ3_BUNDLE.slice(0, 40))],
    ["WIZ-2: the trigger product as offer product", (s) => (s.offerProduct = ROAST()), "offer", "offerProduct", /is the trigger product/],
    ["WIZ-4: billing that is not a multiple of delivery", (s) => { s.config.deliveryIntervalCount = "2"; s.config.billingIntervalCount = "3"; }, "configure", "config.billingIntervalCount", /whole multiple/],
    ["WIZ-4: a replacement that is a bundle", (s) => { s.config.type = "replacement"; s.config.replacement = choice(1003, 2004); }, "configure", "config.replacement", /bundle/],
    ["WIZ-7: a 0 % discount", (s) => (s.config.discount = { type: "percentage", value: "0" }), "configure", "config.discount.value", /more than 0/],
    ["WIZ-7: a fixed discount of 0", (s) => (s.config.discount = { type: "fixed_amount", value: "0.00" }), "configure", "config.discount.value", /more than 0/],
  ])("%s is refused with 400, the step and the field", async (_label, change, step, field, message) => {
    const response = await save(wizard(change));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.firstInvalidStep).toBe(step);
    expect(body.errors[step][field]).toMatch(message);
    expect(await prisma.funnel.count()).toBe(0);
  });

  it("WIZ-8: a product deleted from Shopify since it was picked is reported on its step", async () => {
    const response = await save(wizard((s) => (s.offerProduct = choice(999_999, 1))));
    expect(response.status).toBe(400);
    expect((await response.json()).errors.offer.offerProduct).toMatch(/no longer exists/);
  });

  it("answers a malformed save with 400", async () => {
    expect((await post("new", { intent: "save", state: { trigger: "x" }, placement: NEW })).status).toBe(400);
    expect((await post("new", { intent: "launch" })).status).toBe(400);
  });
});

describe("WIZ-5: Recharge — selling plan and end of cycle", () => {
  async function rechargePlanId(name: string): Promise<string> {
    const body = await (await post("new", { intent: "plans", productId: gid("Product", 1001) })).json();
    return body.plans.find((p: { name: string }) => p.name === name).id;
  }

  it("WIZ-5: saves the picked Recharge plan and 'apply at end of current cycle'", async () => {
    const planId = await rechargePlanId("Delivered every 2 months");
    const id = await savedFunnelId(await save(wizard((s) => { s.config.deliveryIntervalCount = "2"; s.config.billingIntervalCount = "2"; s.config.providerSellingPlanId = planId; s.config.applyAtEndOfCycle = true; })));
    const config = await prisma.upgradeConfig.findFirstOrThrow({ where: { offerItem: { offer: { funnelId: id } } } });
    expect(config).toMatchObject({ providerSellingPlanId: planId, applyAtEndOfCycle: true, deliveryIntervalCount: 2 });
  });

  it("WIZ-5: a plan that does not match the frequency is refused", async () => {
    const planId = await rechargePlanId("Delivered monthly");
    const response = await save(wizard((s) => { s.config.deliveryIntervalCount = "2"; s.config.billingIntervalCount = "2"; s.config.providerSellingPlanId = planId; }));
    expect(response.status).toBe(400);
    expect((await response.json()).errors.configure["config.providerSellingPlanId"]).toMatch(/does not match the frequency/);
  });
});

describe("WIZ-7: Skio — the discount code", () => {
  beforeEach(async () => {
    await enableUpgrades(DEMO_SHOP, "skio", SKIO_SIM_TOKENS.valid);
  });
  const discounted = (code: string) => wizard((s) => { s.config.discount = { type: "percentage", value: "10" }; s.config.discountCode = code; });

  it("WIZ-7: a Skio discount without a code is refused on the configure step, next to the Skio discount code field", async () => {
    const response = await save(discounted(" "));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.firstInvalidStep).toBe("configure");
    expect(body.errors.configure["config.discountCode"]).toMatch(/Skio discount code.*create the code in Skio first/);
    expect(await prisma.funnel.count()).toBe(0);
  });

  it("WIZ-7 / WIZ-8: with a code the Skio upgrade saves it and reopens with it", async () => {
    const id = await savedFunnelId(await save(discounted("UPGRADE10")));
    const config = await prisma.upgradeConfig.findFirstOrThrow({ where: { offerItem: { offer: { funnelId: id } } } });
    expect(config).toMatchObject({ discountType: "percentage", discountValue: 1000, discountCode: "UPGRADE10" });
    const offerId = (await prisma.offer.findFirstOrThrow({ where: { funnelId: id } })).id;
    const data = await (await open(id, `?offer=${offerId}&item=0`)).json();
    expect(data.state.config).toMatchObject({ discount: { type: "percentage", value: "10" }, discountCode: "UPGRADE10" });
  });
});

describe("WIZ-4: the offer text's facts are stored with the upgrade", () => {
  it("WIZ-4: saves the replacement's title, the trigger's selling plans and the offer product's bundle flag from Shopify", async () => {
    // The browser's titles and plans are ignored: the server stores what Shopify says.
    const id = await savedFunnelId(await save(wizard((s) => { s.config.type = "both"; s.config.replacement = choice(1008, 2009, { title: "Forged" }); })));
    const item = await prisma.offerItem.findFirstOrThrow({ where: { offer: { funnelId: id } }, include: { upgrade: true } });
    expect(item.isBundle).toBe(false);
    expect(item.upgrade).toMatchObject({ replacementTitle: "Decaf Roast", discountCode: null });
    const plans = JSON.parse(item.upgrade!.triggerSellingPlans);
    expect(plans.map((p: { id: string; name: string }) => [p.id, p.name])).toEqual(
      expect.arrayContaining([[gid("SellingPlan", 3001), "Delivered monthly"], [gid("SellingPlan", 3002), "Delivered every 2 months"]]),
    );
    const upgrade = first(first((await loadFunnel(await demoShopId(), id)).offers).items).upgrade;
    expect(upgrade).toMatchObject({ replacementTitle: "Decaf Roast", triggerSellingPlans: expect.arrayContaining([expect.objectContaining({ intervalUnit: "month", deliveryIntervalCount: 1 })]) });
  });
});

describe("WIZ-6: Loop — billing locked to delivery, selling plan pre-check", () => {
  beforeEach(async () => {
    await enableUpgrades(DEMO_SHOP, "loop", LOOP_SIM_TOKENS.valid);
  });

  it("WIZ-6: a prepaid frequency is refused for Loop", async () => {
    const response = await save(wizard((s) => { s.config.deliveryIntervalCount = "1"; s.config.billingIntervalCount = "6"; }));
    expect(response.status).toBe(400);
    expect((await response.json()).errors.configure["config.billingIntervalCount"]).toMatch(/Loop does not support prepaid/);
  });

  it("WIZ-6: refuses a frequency Loop has no selling plan for, before saving", async () => {
    const response = await save(wizard((s) => { s.config.deliveryIntervalCount = "3"; s.config.billingIntervalCount = "3"; }));
    expect(response.status).toBe(400);
    expect((await response.json()).errors.configure["config.deliveryIntervalCount"]).toMatch(/Loop has no selling plan that delivers every 3 months.*cannot create Loop selling plans/);
    expect(loop.requests.some((r) => r.path.startsWith("/admin/2023-10/sellingPlanGroup"))).toBe(true);
    expect(await prisma.funnel.count()).toBe(0);
  });

  it("WIZ-6: saves a frequency Loop has a plan for, with Loop's plan id and without end-of-cycle timing", async () => {
    const id = await savedFunnelId(await save(wizard((s) => { s.config.deliveryIntervalCount = "2"; s.config.billingIntervalCount = "2"; s.config.applyAtEndOfCycle = true; })));
    const config = await prisma.upgradeConfig.findFirstOrThrow({ where: { offerItem: { offer: { funnelId: id } } } });
    expect(config).toMatchObject({ providerSellingPlanId: "3002", billingIntervalCount: 2, applyAtEndOfCycle: false });
  });

  it("WIZ-6: when Loop cannot be asked, Save is refused (the pre-check is required)", async () => {
    loop.faults.add({ path: "/sellingPlanGroup", status: 503 });
    const response = await save(wizard((s) => { s.config.billingIntervalCount = "1"; }));
    loop.faults.clear();
    expect(response.status).toBe(502);
    expect(await prisma.funnel.count()).toBe(0);
  });
});

describe("WIZ-8 / FUN-7: reopen and edit; one upgrade per product", () => {
  it("WIZ-8: a saved wizard reopens with every choice filled in, and saving edits the same offer", async () => {
    const id = await savedFunnelId(await save(wizard((s) => { s.config.type = "both"; s.config.replacement = choice(1008, 2009); s.config.replacementQuantity = "2"; s.config.discount = { type: "percentage", value: "12.5" }; })));
    const offerId = (await prisma.offer.findFirstOrThrow({ where: { funnelId: id } })).id;
    const page = await open(id, `?offer=${offerId}&item=0`);
    expect(page.status).toBe(200);
    const data = await page.json();
    expect(data.placement).toEqual({ kind: "item", offerId, itemIndex: 0 });
    expect(data.state.trigger).toMatchObject({ id: gid("Product", 1001), title: "Morning Roast Coffee" });
    expect(data.state.offerProduct).toMatchObject({ id: gid("Product", 1006), title: "Upgrade: Double Bag" });
    expect(data.state.config).toMatchObject({ type: "both", deliveryIntervalCount: "1", billingIntervalCount: "2", replacementQuantity: "2", discount: { type: "percentage", value: "12.5" } });
    expect(data.state.config.replacement).toMatchObject({ id: gid("Product", 1008), title: "Decaf Roast" });

    const edited = { ...data.state, config: { ...data.state.config, type: "frequency" } };
    await savedFunnelId(await post(id, { intent: "save", state: edited, placement: data.placement, recommendedTriggers: false }));
    const offers = await prisma.offer.findMany({ where: { funnelId: id }, include: { items: { include: { upgrade: true } } } });
    expect(offers.map((o) => o.id)).toEqual([offerId]);
    expect(first(first(offers).items).upgrade).toMatchObject({ type: "frequency", replacementProductId: null });
  });

  it("FUN-7: a second product of the same upgrade offer gets its own upgrade settings", async () => {
    const id = await savedFunnelId(await save(wizard()));
    const offerId = (await prisma.offer.findFirstOrThrow({ where: { funnelId: id } })).id;
    const start = await (await open(id, `?offer=${offerId}&item=1`)).json();
    expect(start.state.trigger).toMatchObject({ id: gid("Product", 1001) });
    expect(start.state.offerProduct).toBeNull();
    const second = { ...wizard((s) => { s.offerProduct = choice(1005, 2006); s.config.type = "replacement"; s.config.replacement = choice(1008, 2009); }), trigger: start.state.trigger };
    await savedFunnelId(await post(id, { intent: "save", state: second, placement: start.placement, recommendedTriggers: false }));
    const items = await prisma.offerItem.findMany({ where: { offerId }, include: { upgrade: true }, orderBy: { position: "asc" } });
    expect(items.map((i) => [i.productTitle, i.upgrade?.type])).toEqual([["Upgrade: Double Bag", "frequency"], ["Milk Frother", "replacement"]]);
  });

  it("adds an upgrade after an existing offer's decline, and refuses a taken place", async () => {
    const id = await savedFunnelId(await save(wizard()));
    const rootId = (await prisma.offer.findFirstOrThrow({ where: { funnelId: id } })).id;
    const placement = { kind: "new", parentId: rootId, branch: "decline" };
    await savedFunnelId(await post(id, { intent: "save", state: wizard(), placement, recommendedTriggers: false }));
    expect(await prisma.offer.count({ where: { funnelId: id, parentOfferId: rootId, branch: "decline" } })).toBe(1);
    const taken = await post(id, { intent: "save", state: wizard(), placement, recommendedTriggers: false });
    expect(taken.status).toBe(400);
    expect((await taken.json()).message).toMatch(/already follows this decline/);
  });
});

describe("OPS-2: another shop's funnel", () => {
  it("OPS-2: the wizard answers 404 for another shop's funnel and offer, and saves nothing into it", async () => {
    await enableUpgrades(OTHER, "recharge", RECHARGE_SIM_TOKENS.otherStore);
    // A funnel saved through the wizard, then handed to the other shop.
    const theirs = await savedFunnelId(await save(wizard()));
    await prisma.funnel.update({ where: { id: theirs }, data: { shopId: (await prisma.shop.findUniqueOrThrow({ where: { domain: OTHER } })).id } });
    await prisma.offer.updateMany({ where: { funnelId: theirs }, data: { shopId: (await prisma.shop.findUniqueOrThrow({ where: { domain: OTHER } })).id } });
    const offerId = (await prisma.offer.findFirstOrThrow({ where: { funnelId: theirs } })).id;
    expect((await open(theirs)).status).toBe(404);
    expect((await open(theirs, `?offer=${offerId}`)).status).toBe(404);
    const response = await post(theirs, { intent: "save", state: wizard(), placement: { kind: "item", offerId, itemIndex: 0 }, recommendedTriggers: true });
    expect(response.status).toBe(404);
    expect(await prisma.offerItem.count({ where: { offerId } })).toBe(1);
  });
});
