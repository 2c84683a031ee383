import { describe, expect, it } from "vitest";
import { gid } from "../../tests/simulators/catalog";
import { catalogItem, catalogOrder, DECAF, FROTHER, makeFunnel, makeOffer, MORNING_ROAST, MUG, UPGRADES_ON } from "../../tests/support/catalog-offers";
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
