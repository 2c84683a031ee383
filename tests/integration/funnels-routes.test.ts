/**
 * The funnels list and the funnel editor through their real loaders and actions, with
 * Admin GraphQL answered by the store simulator (FUN-1, FUN-4..7, UPS-1/2, CONN-5, OPS-2).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as listAction, loader as listLoader } from "~/routes/app.funnels._index";
import { action as editorAction, loader as editorLoader } from "~/routes/app.funnels.$id";
import type { EditorDraft, EditorItem, EditorOffer } from "~/domain/funnel-editor-schemas";
import { funnelWarnings } from "~/domain/funnel-warnings";
import { loadFunnel } from "~/funnels/funnels.server";
import { catalogItem, BARISTA_BUNDLE, CLUB_BOX, DECAF, DOUBLE_BAG, MORNING_ROAST, MUG, upgradeOffer } from "../support/catalog-offers";
import { gid } from "../simulators/catalog";
import { RECHARGE_SIM_TOKENS } from "../simulators/providers/recharge";
import { enableUpgrades, startAdminApi, type AdminApi } from "../support/admin-api";
import { adminFormPost, adminRequest, callRoute } from "../support/shopify";
import { first } from "../support/entries";

const SHOP = "funnels-shop.myshopify.com";
const OTHER = "funnels-other.myshopify.com";
let api: AdminApi;

beforeAll(async () => {
  api = await startAdminApi([SHOP, OTHER]);
});
afterAll(async () => {
  await api?.close();
});
beforeEach(async () => {
  await prisma.funnel.deleteMany({});
  await prisma.providerConnection.deleteMany({});
  await prisma.shop.updateMany({ data: { subscriptionUpgradesBeta: false } });
});

const shopId = async (domain: string) => (await prisma.shop.upsert({ where: { domain }, create: { domain }, update: {} })).id;

function item(variantId: number, extra: Partial<EditorItem> = {}): EditorItem {
  const base = catalogItem(variantId);
  return { ...(base as EditorItem), quantity: "1", upgrade: null, ...extra };
}
const offer = (id: string, extra: Partial<EditorOffer> = {}): EditorOffer => ({ id, parentId: null, branch: null, kind: "product_upsell", items: [item(MUG.variant)], ...extra });
const draft = (offers: EditorOffer[], extra: Partial<EditorDraft> = {}): EditorDraft => ({
  name: "Mug upsell",
  status: "draft",
  priority: "0",
  triggers: { products: [{ id: gid("Product", MORNING_ROAST.productId), title: "Morning Roast Coffee", imageUrl: null }], subscription: "off", showToAll: false },
  offers,
  ...extra,
});

async function save(domain: string, funnelId: string, body: unknown) {
  const request = await adminRequest(domain, `/app/funnels/${funnelId}`, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  return callRoute(editorAction, request, { id: funnelId });
}

async function create(domain: string, body: EditorDraft): Promise<string> {
  const response = await save(domain, "new", { intent: "save", draft: body });
  expect(response.status).toBe(302);
  const id = /\/app\/funnels\/([^?]+)/.exec(response.headers.get("Location") ?? "")?.[1];
  expect(id).toBeTruthy();
  return id as string;
}

const list = async (domain: string) => (await (await callRoute(listLoader, await adminRequest(domain, "/app/funnels"))).json()).funnels;
const listPost = async (domain: string, fields: Record<string, string | string[]>) => {
  const request = await adminRequest(domain, "/app/funnels", { method: "POST", body: toForm(fields) });
  return callRoute(listAction, request);
};
function toForm(fields: Record<string, string | string[]>) {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(key, v);
  return form;
}

describe("editor: create and save (FUN-1)", () => {
  it("FUN-1: creates a funnel with upsell 1 → on accept upsell 2, on decline a downsell, in one save", async () => {
    const id = await create(SHOP, draft([
      offer("up1"),
      offer("up2", { parentId: "up1", branch: "accept", kind: "subscription_upsell", purchaseOption: "both", defaultOption: "subscription", items: [item(DECAF.variant)] }),
      offer("down", { parentId: "up1", branch: "decline", discount: { type: "percentage", value: "20" } }),
    ]));
    const funnel = await loadFunnel(await shopId(SHOP), id);
    const root = funnel.offers.find((o) => !o.parentOfferId)!;
    expect(first(root.items).productTitle).toBe("Ceramic Mug");
    expect(funnel.offers.find((o) => o.parentOfferId === root.id && o.branch === "accept")).toMatchObject({ kind: "subscription_upsell", purchaseOption: "both", defaultOption: "subscription" });
    expect(funnel.offers.find((o) => o.parentOfferId === root.id && o.branch === "decline")?.discount).toEqual({ type: "percentage", value: 2000 });
    expect(funnel.triggers.productIds).toEqual([gid("Product", MORNING_ROAST.productId)]);
  });

  it("FUN-1: the editor loads a saved funnel as a draft, with trigger titles from Shopify", async () => {
    const id = await create(SHOP, draft([offer("a", { discount: { type: "fixed_amount", value: "2.50" } })]));
    const response = await callRoute(editorLoader, await adminRequest(SHOP, `/app/funnels/${id}`), { id });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.draft.triggers.products).toEqual([expect.objectContaining({ id: gid("Product", MORNING_ROAST.productId), title: "Morning Roast Coffee" })]);
    expect(body.draft.offers[0].discount).toEqual({ type: "fixed_amount", value: "2.50" });
    expect(body.funnel).toMatchObject({ id, name: "Mug upsell" });
    expect(api.requests.some((r) => r.shop === SHOP && r.operationName === "UpliftProductSummaries")).toBe(true);
  });

  it("FUN-1: saving keeps existing offers' ids, removes deleted ones, moves branches, and bumps updatedAt for the runtime cache", async () => {
    const id = await create(SHOP, draft([offer("a"), offer("b", { parentId: "a", branch: "accept" }), offer("c", { parentId: "a", branch: "decline" })]));
    const before = await prisma.funnel.findUniqueOrThrow({ where: { id } });
    const stored = await loadFunnel(before.shopId, id);
    const [a, b, c] = [stored.offers.find((o) => !o.parentOfferId)!, stored.offers.find((o) => o.branch === "accept")!, stored.offers.find((o) => o.branch === "decline")!];
    await new Promise((r) => setTimeout(r, 5));
    // GIVEN the accept and decline offers swapped, the decline one removed and a new one added.
    const response = await save(SHOP, id, {
      intent: "save",
      draft: draft([offer(a.id), offer(c.id, { parentId: a.id, branch: "accept" }), offer("new-1", { parentId: c.id, branch: "accept" })]),
    });
    expect(response.status).toBe(200);
    const after = await loadFunnel(before.shopId, id);
    expect(after.offers.map((o) => o.id)).toEqual(expect.arrayContaining([a.id, c.id]));
    expect(after.offers.some((o) => o.id === b.id)).toBe(false);
    expect(after.offers.find((o) => o.id === c.id)).toMatchObject({ parentOfferId: a.id, branch: "accept" });
    expect(after.offers).toHaveLength(3);
    expect((await prisma.funnel.findUniqueOrThrow({ where: { id } })).updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
  });

  it.each<[string, EditorDraft, string]>([
    ["a blank name", draft([offer("a")], { name: "" }), "name"],
    ["a percentage over 100", draft([offer("a", { discount: { type: "percentage", value: "150" } })]), "offers.a.discount.value"],
    ["two first offers", draft([offer("a"), offer("b")]), "offers"],
    ["a zero quantity", draft([offer("a", { items: [item(MUG.variant, { quantity: "0" })] })]), "offers.a.items.0.quantity"],
    ["a bundle product", draft([offer("a", { items: [item(BARISTA_BUNDLE.variant)] })]), "offers.a.items.0.productId"],
    ["a subscription option on a product without plans", draft([offer("a", { kind: "subscription_upsell", purchaseOption: "subscription" })]), "offers.a.purchaseOption"],
    ["activating without offers", draft([], { status: "active" }), "status"],
  ])("FUN-1: %s is answered with 400 and the field error, and nothing is stored", async (_label, body, field) => {
    const response = await save(SHOP, "new", { intent: "save", draft: body });
    expect(response.status).toBe(400);
    const result = await response.json();
    expect(result.fieldErrors[field]).toBeTruthy();
    expect(await prisma.funnel.count()).toBe(0);
  });

  it("answers a malformed body with 400, and a GET-only verb with 405", async () => {
    expect((await save(SHOP, "new", { intent: "publish" })).status).toBe(400);
    expect((await save(SHOP, "new", { intent: "save", draft: { offers: "nope" } })).status).toBe(400);
    const put = await callRoute(editorAction, await adminRequest(SHOP, "/app/funnels/new", { method: "PUT" }), { id: "new" });
    expect(put.status).toBe(405);
  });
});

describe("UPS-1 / UPS-2 through the editor", () => {
  it("UPS-2: a lock on a one-time-only offer is cleared on save; a lock on a subscription offer is kept", async () => {
    const plan = gid("SellingPlan", DECAF.every2Months);
    const id = await create(SHOP, draft([
      offer("a", { kind: "subscription_upsell", purchaseOption: "one_time", lockedSellingPlanId: plan, items: [item(DECAF.variant)] }),
      offer("b", { parentId: "a", branch: "decline", kind: "subscription_upsell", purchaseOption: "subscription", lockedSellingPlanId: plan, items: [item(DECAF.variant)] }),
    ]));
    const funnel = await loadFunnel(await shopId(SHOP), id);
    expect(funnel.offers.find((o) => !o.parentOfferId)?.lockedSellingPlanId).toBeNull();
    expect(funnel.offers.find((o) => o.parentOfferId)?.lockedSellingPlanId).toBe(plan);
  });
});

describe("audit S-11: subscription shipping through the editor", () => {
  it("audit S-11: the shipping prices a merchant types are stored and signed into the subscription change", async () => {
    const id = await create(SHOP, draft([offer("a", { kind: "subscription_upsell", purchaseOption: "subscription", subscriptionShipping: { initial: "5.00", recurring: "2.50" }, items: [item(DECAF.variant)] })]));
    const funnel = await loadFunnel(await shopId(SHOP), id);
    expect(funnel.offers[0]?.subscriptionShipping).toEqual({ initialMinor: 500, recurringMinor: 250 });
    const row = await prisma.offer.findFirstOrThrow({ where: { funnelId: id } });
    expect(row).toMatchObject({ subscriptionShippingMinor: 500, subscriptionRecurringShippingMinor: 250 });
  });
});

describe("FUN-4..6: warnings from the saved funnel match the runtime's rules", () => {
  it("FUN-5/FUN-6: a stored funnel with two subscription offers and a subscription-only product gets both warnings", async () => {
    const id = await create(SHOP, draft([
      offer("a", { kind: "subscription_upsell", purchaseOption: "subscription", items: [item(DECAF.variant)] }),
      offer("b", { parentId: "a", branch: "accept", kind: "subscription_upsell", purchaseOption: "subscription", items: [item(CLUB_BOX.variant)] }),
    ]));
    const codes = funnelWarnings(await loadFunnel(await shopId(SHOP), id)).map((w) => w.rule);
    expect(codes).toEqual(["FUN-5", "FUN-6"]);
  });
});

describe("CONN-5: the subscription upgrade offer type in the editor", () => {
  const upgrade = first(upgradeOffer("up").items).upgrade;
  const upgradeDraft = () => draft([offer("up", { kind: "subscription_upgrade", items: [item(DOUBLE_BAG.variant, { upgrade })] })], { triggers: { products: [{ id: gid("Product", MORNING_ROAST.productId), title: "", imageUrl: null }], subscription: "include", showToAll: false } });

  it("CONN-5: without the beta and a verified provider the editor is told upgrades are unavailable, and a new upgrade offer is refused with 403", async () => {
    const loaded = await (await callRoute(editorLoader, await adminRequest(SHOP, "/app/funnels/new"), { id: "new" })).json();
    expect(loaded.upgrades).toMatchObject({ available: false, reason: "beta_off" });
    const response = await save(SHOP, "new", { intent: "save", draft: upgradeDraft() });
    expect(response.status).toBe(403);
    expect((await response.json()).message).toMatch(/not enabled for this shop/);
    expect(await prisma.funnel.count()).toBe(0);
  });

  it("CONN-5: with the beta on but no verified connection, it stays unavailable with the reason", async () => {
    await prisma.shop.update({ where: { domain: SHOP }, data: { subscriptionUpgradesBeta: true } });
    const loaded = await (await callRoute(editorLoader, await adminRequest(SHOP, "/app/funnels/new"), { id: "new" })).json();
    expect(loaded.upgrades).toMatchObject({ available: false, reason: "no_connection" });
    expect((await save(SHOP, "new", { intent: "save", draft: upgradeDraft() })).status).toBe(403);
  });

  it("CONN-5: with the beta and a verified connection the offer type is available and saves; FUN-7 keeps its settings per product", async () => {
    await enableUpgrades(SHOP, "recharge", RECHARGE_SIM_TOKENS.valid);
    const loaded = await (await callRoute(editorLoader, await adminRequest(SHOP, "/app/funnels/new"), { id: "new" })).json();
    // The connected provider comes along, so the editor can flag upgrades it cannot do (issue 13 §6).
    expect(loaded.upgrades).toEqual({ available: true, provider: "recharge" });
    const id = await create(SHOP, upgradeDraft());
    const configs = await prisma.upgradeConfig.findMany({ where: { offerItem: { offer: { funnelId: id } } } });
    expect(configs).toEqual([expect.objectContaining({ type: "frequency", deliveryIntervalCount: 1, billingIntervalCount: 6, intervalUnit: "month" })]);
    // A saved upgrade offer may stay when the connection later needs a re-test (it is not "requested" again).
    await prisma.providerConnection.updateMany({ data: { needsRetest: true } });
    const stored = await loadFunnel(await shopId(SHOP), id);
    const resave = await save(SHOP, id, { intent: "save", draft: { ...upgradeDraft(), offers: [{ ...upgradeDraft().offers[0], id: first(stored.offers).id }] } });
    expect(resave.status).toBe(200);
  });
});

describe("OPS-2: another shop's funnel", () => {
  it("OPS-2: the editor answers 404 for another shop's funnel id, and its save and delete change nothing", async () => {
    const theirs = await create(OTHER, draft([offer("a")], { name: "Theirs" }));
    expect((await callRoute(editorLoader, await adminRequest(SHOP, `/app/funnels/${theirs}`), { id: theirs })).status).toBe(404);
    expect((await save(SHOP, theirs, { intent: "save", draft: draft([offer("a")], { name: "Hijacked" }) })).status).toBe(404);
    expect((await callRoute(editorAction, await adminFormPost(SHOP, `/app/funnels/${theirs}`, { intent: "delete" }), { id: theirs })).status).toBe(404);
    expect((await listPost(SHOP, { intent: "delete", ids: [theirs] })).status).toBe(404);
    expect((await listPost(SHOP, { intent: "activate", ids: [theirs] })).status).toBe(404);
    expect((await listPost(SHOP, { intent: "duplicate", id: theirs })).status).toBe(404);
    expect((await listPost(SHOP, { intent: "move", id: theirs, direction: "up" })).status).toBe(404);
    expect(await prisma.funnel.findUniqueOrThrow({ where: { id: theirs } })).toMatchObject({ name: "Theirs", status: "draft" });
    expect(await list(SHOP)).toEqual([]);
  });

  it("OPS-2: an offer id from another shop's funnel in a draft is created as a new offer, never updated", async () => {
    const theirs = await create(OTHER, draft([offer("a")], { name: "Theirs" }));
    const theirOffer = (await prisma.offer.findFirstOrThrow({ where: { funnelId: theirs } })).id;
    const mine = await create(SHOP, draft([offer("a")]));
    expect((await save(SHOP, mine, { intent: "save", draft: draft([offer(theirOffer, { headline: "Mine now" })]) })).status).toBe(200);
    expect((await prisma.offer.findUniqueOrThrow({ where: { id: theirOffer } })).headline).toBe("");
    expect((await prisma.offer.findFirstOrThrow({ where: { funnelId: mine } })).id).not.toBe(theirOffer);
  });
});

describe("funnels list (FUN-1)", () => {
  it("FUN-1: lists the shop's funnels in priority order with trigger summary, offers, offer views and accepts", async () => {
    const low = await create(SHOP, draft([offer("a")], { name: "Low", priority: "1" }));
    const high = await create(SHOP, draft([offer("a"), offer("b", { parentId: "a", branch: "decline" })], { name: "High", priority: "5" }));
    const id = await shopId(SHOP);
    const highOffer = await prisma.offer.findFirstOrThrow({ where: { funnelId: high } });
    await prisma.offerEvent.create({ data: { shopId: id, referenceId: "r1", offerId: highOffer.id, offerKey: highOffer.id, type: "shown" } });
    await prisma.acceptance.create({ data: { shopId: id, referenceId: "r1", funnelId: high, offerKey: highOffer.id, kind: "product_upsell", chosenOption: "one_time", amountMinor: 1800, currency: "USD" } });
    const rows = await list(SHOP);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(["High", "Low"]);
    expect(rows[0]).toMatchObject({ id: high, offerCount: 2, impressions: 1, accepts: 1, triggerProductCount: 1, status: "draft" });
    expect(rows[1]).toMatchObject({ id: low, offerCount: 1, impressions: 0, accepts: 0 });
  });

  it("FUN-1: activates and deactivates in bulk; a funnel without offers cannot be activated", async () => {
    const a = await create(SHOP, draft([offer("a")], { name: "A" }));
    const b = await create(SHOP, draft([offer("a")], { name: "B" }));
    const empty = await create(SHOP, draft([], { name: "Empty" }));
    const activated = await listPost(SHOP, { intent: "activate", ids: [a, b] });
    expect(activated.status).toBe(200);
    expect(await activated.json()).toMatchObject({ ok: true, count: 2 });
    expect((await prisma.funnel.findMany({ where: { id: { in: [a, b] } } })).map((f) => f.status)).toEqual(["active", "active"]);
    const refused = await listPost(SHOP, { intent: "activate", ids: [a, empty] });
    expect(refused.status).toBe(400);
    expect((await refused.json()).message).toMatch(/Add an offer before activating "Empty"/);
    expect((await prisma.funnel.findUniqueOrThrow({ where: { id: empty } })).status).toBe("draft");
    expect((await listPost(SHOP, { intent: "deactivate", ids: [a] })).status).toBe(200);
    expect((await prisma.funnel.findUniqueOrThrow({ where: { id: a } })).status).toBe("inactive");
  });

  it("FUN-1: duplicates a funnel with its whole offer tree as a draft copy", async () => {
    const source = await create(SHOP, draft([offer("a"), offer("b", { parentId: "a", branch: "accept", discount: { type: "percentage", value: "10" } })], { status: "active" }));
    const response = await listPost(SHOP, { intent: "duplicate", id: source });
    const { id } = await response.json();
    const copy = await loadFunnel(await shopId(SHOP), id);
    expect(copy).toMatchObject({ name: "Copy of Mug upsell", status: "draft" });
    expect(copy.offers).toHaveLength(2);
    expect(copy.offers.find((o) => o.parentOfferId)?.discount).toEqual({ type: "percentage", value: 1000 });
    expect(copy.offers.every((o) => !o.id.startsWith("copy-"))).toBe(true);
  });

  it("FUN-1: moving a funnel up or down changes which one fires first", async () => {
    const first = await create(SHOP, draft([offer("a")], { name: "First", priority: "3" }));
    await create(SHOP, draft([offer("a")], { name: "Second", priority: "2" }));
    await create(SHOP, draft([offer("a")], { name: "Third", priority: "1" }));
    expect((await listPost(SHOP, { intent: "move", id: first, direction: "down" })).status).toBe(200);
    expect((await list(SHOP)).map((r: { name: string }) => r.name)).toEqual(["Second", "First", "Third"]);
    expect((await listPost(SHOP, { intent: "move", id: first, direction: "up" })).status).toBe(200);
    expect((await list(SHOP)).map((r: { name: string; priority: number }) => [r.name, r.priority])).toEqual([["First", 3], ["Second", 2], ["Third", 1]]);
  });

  it("FUN-1: deletes funnels (all or nothing) and refuses an empty selection", async () => {
    const a = await create(SHOP, draft([offer("a")], { name: "A" }));
    const b = await create(SHOP, draft([offer("a")], { name: "B" }));
    expect((await listPost(SHOP, { intent: "delete", ids: [a, "missing-id"] })).status).toBe(404);
    expect(await prisma.funnel.count({ where: { id: { in: [a, b] } } })).toBe(2);
    expect((await listPost(SHOP, { intent: "delete" })).status).toBe(400);
    const deleted = await listPost(SHOP, { intent: "delete", ids: [a, b] });
    expect(await deleted.json()).toMatchObject({ ok: true, count: 2 });
    expect(await prisma.offer.count({ where: { funnelId: { in: [a, b] } } })).toBe(0);
  });

  it("FUN-1: the editor deletes its funnel and duplicates it, redirecting", async () => {
    const id = await create(SHOP, draft([offer("a")]));
    const dup = await callRoute(editorAction, await adminFormPost(SHOP, `/app/funnels/${id}`, { intent: "duplicate" }), { id });
    expect(dup.status).toBe(302);
    const removed = await callRoute(editorAction, await adminFormPost(SHOP, `/app/funnels/${id}`, { intent: "delete" }), { id });
    expect(removed.status).toBe(302);
    expect(removed.headers.get("Location")).toMatch(/\/app\/funnels(\?|$)/);
    expect(await prisma.funnel.count({ where: { id } })).toBe(0);
  });
});

describe("FUN-3: one priority meaning, and funnels that can never fire", () => {
  it("FUN-3: the list shows each funnel's own priority number and names the higher funnel that always wins over one", async () => {
    const everyone = await create(SHOP, draft([offer("a")], { name: "Everyone", priority: "3", status: "active", triggers: { products: [], subscription: "off", showToAll: true } }));
    const roast = await create(SHOP, draft([offer("a")], { name: "Roast buyers", priority: "2", status: "active" }));
    const rows = await list(SHOP);
    expect(rows.map((r: { name: string; priority: number }) => [r.name, r.priority])).toEqual([["Everyone", 3], ["Roast buyers", 2]]);
    expect(rows[0].neverFiresBecause).toBeNull();
    expect(rows[1].neverFiresBecause).toEqual({ id: everyone, name: "Everyone" });
    // The editor gets the other active funnels to warn with while the merchant edits.
    const editor = await (await callRoute(editorLoader, await adminRequest(SHOP, `/app/funnels/${roast}`), { id: roast })).json();
    expect(editor.competitors.map((c: { name: string }) => c.name)).toEqual(["Everyone"]);
  });

  it("FUN-3: once the lower funnel outranks it, nothing is flagged", async () => {
    await create(SHOP, draft([offer("a")], { name: "Everyone", priority: "1", status: "active", triggers: { products: [], subscription: "off", showToAll: true } }));
    await create(SHOP, draft([offer("a")], { name: "Roast buyers", priority: "2", status: "active" }));
    const rows = await list(SHOP);
    expect(rows.map((r: { neverFiresBecause: unknown }) => r.neverFiresBecause)).toEqual([null, null]);
  });
});

describe("adding an upgrade to a new or changed funnel is one flow", () => {
  /** The app's redirect is absolute (embedded apps redirect within the admin); compare path and query. */
  const pathOf = (response: Response) => {
    const url = new URL(response.headers.get("Location") ?? "", "https://unused.example");
    return url.pathname + url.search;
  };

  it("FUN-1: saving a new funnel with continueTo opens the upgrade wizard on the saved funnel", async () => {
    const response = await save(SHOP, "new", { intent: "save", draft: draft([]), continueTo: { parentId: null, branch: null } });
    expect(response.status).toBe(302);
    const funnel = await prisma.funnel.findFirstOrThrow({ where: { shopId: await shopId(SHOP) } });
    expect(pathOf(response)).toBe(`/app/funnels/${funnel.id}/upgrade?root=1`);
  });

  it("FUN-1: saving a changed funnel with continueTo on a new offer's branch maps the draft offer id to the saved one", async () => {
    const id = await create(SHOP, draft([offer("a")]));
    const saved = await prisma.offer.findFirstOrThrow({ where: { funnelId: id } });
    const response = await save(SHOP, id, {
      intent: "save",
      draft: draft([{ ...offer(saved.id) }, offer("draft-b", { parentId: saved.id, branch: "accept" })]),
      continueTo: { parentId: "draft-b", branch: "decline" },
    });
    expect(response.status).toBe(302);
    const b = await prisma.offer.findFirstOrThrow({ where: { funnelId: id, parentOfferId: saved.id } });
    expect(pathOf(response)).toBe(`/app/funnels/${id}/upgrade?parent=${b.id}&branch=decline`);
  });

  it("FUN-1: an invalid draft is not saved and the wizard is not opened; the fields say what to fix", async () => {
    const response = await save(SHOP, "new", { intent: "save", draft: draft([], { name: " " }), continueTo: { parentId: null, branch: null } });
    expect(response.status).toBe(400);
    expect((await response.json()).fieldErrors.name).toBeTruthy();
  });
});
