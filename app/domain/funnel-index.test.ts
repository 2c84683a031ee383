import { describe, expect, it } from "vitest";
import { gid } from "../../tests/simulators/catalog";
import { at } from "../../tests/support/entries";
import { catalogItem, catalogOrder, DECAF, DOUBLE_BAG, FROTHER, makeFunnel, makeOffer, makeOrder, MORNING_ROAST, MUG, UPGRADES_ON } from "../../tests/support/catalog-offers";
import { recordDeclined, startFlow, withFunnel } from "./flow-state";
import { candidateFunnels, indexFunnels } from "./funnel-index";
import type { FunnelDefinition } from "./funnel-schemas";
import { selectNextOffer } from "./offer-selection";

const product = (p: { productId: number }) => gid("Product", p.productId);
const offer = (id: string, variant: number = MUG.variant) => makeOffer({ id, items: [catalogItem(variant)] });

// A shop like the benchmark's: many product-triggered funnels, plus the other kinds of trigger.
const funnels: FunnelDefinition[] = [
  makeFunnel({ id: "roast", priority: 2, triggers: { showToAll: false, productIds: [product(MORNING_ROAST)] }, offers: [offer("roast-mug")] }),
  makeFunnel({ id: "roast-sub", priority: 3, triggers: { showToAll: false, productIds: [product(MORNING_ROAST)], subscription: "include" }, offers: [offer("roast-sub-mug")] }),
  makeFunnel({ id: "decaf", priority: 4, triggers: { showToAll: false, productIds: [product(DECAF)] }, offers: [offer("decaf-frother", FROTHER.variant)] }),
  makeFunnel({ id: "no-sub", priority: 1, triggers: { showToAll: false, subscription: "exclude" }, offers: [offer("no-sub-mug")] }),
  makeFunnel({ id: "all", priority: 0, triggers: { showToAll: true }, offers: [offer("all-mug")] }),
  ...Array.from({ length: 50 }, (_, i) => makeFunnel({ id: `other-${i}`, priority: 9, triggers: { showToAll: false, productIds: [gid("Product", 900_000 + i)] }, offers: [offer(`other-${i}-mug`)] })),
];
const index = indexFunnels(funnels);

describe("FUN-2 / FUN-3: the trigger-product index picks what a scan of every funnel picks", () => {
  it.each([5001, 5002, 5003] as const)("order %s: the same offer and funnel, from fewer candidates", (orderId) => {
    const order = catalogOrder(orderId);
    const candidates = candidateFunnels(index, order, null);
    const scanned = selectNextOffer({ order, funnels, shop: UPGRADES_ON, flow: startFlow() });
    const indexed = selectNextOffer({ order, funnels: candidates, shop: UPGRADES_ON, flow: startFlow() });
    // Every order matches the show-to-all funnel, so there is always an offer to compare.
    expect(scanned.status).toBe("offer");
    expect(indexed.status === "offer" && [indexed.funnelId, indexed.offer.id]).toEqual(scanned.status === "offer" && [scanned.funnelId, scanned.offer.id]);
    expect(candidates.length).toBeLessThan(10);
    expect(candidates.some((f) => f.id.startsWith("other-"))).toBe(false);
  });

  it("FUN-3: the funnel a flow is bound to stays a candidate even when the order does not hold its trigger product", () => {
    const order = catalogOrder(5002);
    const flow = recordDeclined(withFunnel(startFlow(), "other-7"), "other-7-mug");
    expect(candidateFunnels(index, order, "other-7").map((f) => f.id)).toContain("other-7");
    expect(candidateFunnels(index, order, null).map((f) => f.id)).not.toContain("other-7");
    const scanned = selectNextOffer({ order, funnels, shop: UPGRADES_ON, flow });
    const indexed = selectNextOffer({ order, funnels: candidateFunnels(index, order, "other-7"), shop: UPGRADES_ON, flow });
    expect(indexed).toEqual(scanned);
  });

  it("keeps the shop's order of funnels", () => {
    const ids = candidateFunnels(index, catalogOrder(5001), null).map((f) => f.id);
    expect(ids).toEqual(funnels.map((f) => f.id).filter((id) => ids.includes(id)));
  });
});

describe("FUN-2: candidates are exactly the funnels a full scan could match, in the shop's order", () => {
  // One funnel of each kind the index tells apart, in a shop order that is not the index's.
  const shop: FunnelDefinition[] = [
    makeFunnel({ id: "mug-or-decaf", triggers: { showToAll: false, productIds: [product(MUG), product(DECAF), product(MUG)] }, offers: [offer("o1")] }),
    makeFunnel({ id: "draft-roast", status: "draft", triggers: { showToAll: false, productIds: [product(MORNING_ROAST)] }, offers: [offer("o2")] }),
    makeFunnel({ id: "everyone", triggers: { showToAll: true, productIds: [product(DOUBLE_BAG)] }, offers: [offer("o3")] }),
    makeFunnel({ id: "roast", triggers: { showToAll: false, productIds: [product(MORNING_ROAST)] }, offers: [offer("o4")] }),
    makeFunnel({ id: "subscribers", triggers: { showToAll: false, subscription: "include" }, offers: [offer("o5")] }),
    makeFunnel({ id: "inactive-mug", status: "inactive", triggers: { showToAll: false, productIds: [product(MUG)] }, offers: [offer("o6")] }),
    makeFunnel({ id: "decaf", triggers: { showToAll: false, productIds: [product(DECAF)] }, offers: [offer("o7")] }),
  ];
  // Built inside each test, so Stryker attributes the indexing to the tests that prove it.
  const shopIndex = () => indexFunnels(shop);
  const always = ["draft-roast", "everyone", "subscribers", "inactive-mug"];

  it("FUN-2: only active funnels with a product trigger and without show-to-all are indexed, each once per product", () => {
    expect(shopIndex().unindexed.map((f) => f.id)).toEqual(always);
    expect([...shopIndex().byProduct.keys()]).toEqual([product(MUG), product(DECAF), product(MORNING_ROAST)]);
    expect(shopIndex().byProduct.get(product(MUG))?.map((f) => f.id)).toEqual(["mug-or-decaf"]);
    expect(shopIndex().byProduct.get(product(DECAF))?.map((f) => f.id)).toEqual(["mug-or-decaf", "decaf"]);
    expect(shopIndex().byProduct.get(product(MORNING_ROAST))?.map((f) => f.id)).toEqual(["roast"]);
    expect(shopIndex().all).toBe(shop);
  });

  it.each<[string, Array<{ variantId: number }>, string | null, string[]]>([
    ["no trigger product", [{ variantId: FROTHER.variant }], null, always],
    ["no lines at all", [], null, always],
    ["the mug", [{ variantId: MUG.variant }], null, ["mug-or-decaf", ...always]],
    ["the mug twice", [{ variantId: MUG.variant }, { variantId: MUG.variant }], null, ["mug-or-decaf", ...always]],
    ["decaf and roast", [{ variantId: DECAF.variant }, { variantId: MORNING_ROAST.variant12oz }], null, ["mug-or-decaf", "draft-roast", "everyone", "roast", "subscribers", "inactive-mug", "decaf"]],
    ["roast, then the mug", [{ variantId: MORNING_ROAST.variant12oz }, { variantId: MUG.variant }], null, ["mug-or-decaf", "draft-roast", "everyone", "roast", "subscribers", "inactive-mug"]],
    ["no trigger product, bound to decaf (FUN-3)", [{ variantId: FROTHER.variant }], "decaf", [...always, "decaf"]],
    ["the mug, bound to a funnel already picked", [{ variantId: MUG.variant }], "mug-or-decaf", ["mug-or-decaf", ...always]],
    ["no trigger product, bound to a funnel since deleted", [{ variantId: FROTHER.variant }], "deleted", always],
  ])("FUN-2: an order with %s", (_case, lines, bound, expected) => {
    const candidates = candidateFunnels(shopIndex(), makeOrder(lines), bound);
    expect(candidates.map((f) => f.id)).toEqual(expected);
    // Same order as the shop's list, whatever order the lines came in.
    expect(candidates.map((f) => f.id)).toEqual(shop.map((f) => f.id).filter((id) => expected.includes(id)));
  });

  it("FUN-2: when every funnel may match, all of them come back in the shop's order, as a copy", () => {
    const candidates = candidateFunnels(shopIndex(), makeOrder([{ variantId: MUG.variant }, { variantId: MORNING_ROAST.variant12oz }, { variantId: DECAF.variant }]), null);
    expect(candidates).toEqual(shop);
    expect(candidates).not.toBe(shop);
  });

  it("FUN-2: an order without the trigger products does not make the whole shop a candidate", () => {
    // Two funnels: with one stray entry the pick would be as large as the shop and return it all.
    const pair = indexFunnels([at(shop, 2, "funnel"), at(shop, 6, "funnel")]);
    expect(candidateFunnels(pair, makeOrder([{ variantId: FROTHER.variant }]), null).map((f) => f.id)).toEqual(["everyone"]);
    expect(candidateFunnels(pair, makeOrder([{ variantId: FROTHER.variant }]), "deleted").map((f) => f.id)).toEqual(["everyone"]);
  });

  it.each([
    [{ variantId: MUG.variant }],
    [{ variantId: DECAF.variant }, { variantId: MORNING_ROAST.variant12oz, sellingPlanId: MORNING_ROAST.monthly }],
    [{ variantId: FROTHER.variant }],
  ])("FUN-2: selectNextOffer over the candidates of %j picks what it picks over every funnel", (...lines) => {
    const order = makeOrder(lines);
    const scanned = selectNextOffer({ order, funnels: shop, shop: UPGRADES_ON, flow: startFlow() });
    const indexed = selectNextOffer({ order, funnels: candidateFunnels(shopIndex(), order, null), shop: UPGRADES_ON, flow: startFlow() });
    expect(indexed.status).toBe(scanned.status);
    expect(indexed.status === "offer" && [indexed.funnelId, indexed.offer.id]).toEqual(scanned.status === "offer" && [scanned.funnelId, scanned.offer.id]);
  });
});
