import { describe, expect, it } from "vitest";
import { gid } from "../../tests/simulators/catalog";
import {
  catalogItem,
  catalogOrder,
  CLUB_BOX,
  DECAF,
  FROTHER,
  makeFunnel,
  makeOffer,
  makeOrder,
  MORNING_ROAST,
  MUG,
  UPGRADES_OFF,
  UPGRADES_ON,
  upgradeOffer,
} from "../../tests/support/catalog-offers";
import { recordAccepted, recordDeclined, startFlow, withFunnel } from "./flow-state";
import type { FlowState, FunnelDefinition, FunnelTriggers, OfferDefinition, OrderContext, ShopState } from "./funnel-schemas";
import { selectNextOffer, type OfferSelection } from "./offer-selection";
import { first } from "../../tests/support/entries";

const ROAST_PRODUCT = gid("Product", MORNING_ROAST.productId);
const mugUpsell = (id = "mug") => makeOffer({ id, items: [catalogItem(MUG.variant)] });
const frotherUpsell = (id = "frother") => makeOffer({ id, items: [catalogItem(FROTHER.variant)] });
const decafSubscription = (id: string, purchaseOption: "subscription" | "both" = "subscription", extra: Partial<OfferDefinition> = {}) =>
  makeOffer({ id, kind: "subscription_upsell", purchaseOption, defaultOption: "subscription", items: [catalogItem(DECAF.variant)], ...extra });

function select(order: OrderContext, funnels: FunnelDefinition[], flow: FlowState = startFlow(), shop: ShopState = UPGRADES_ON): OfferSelection {
  return selectNextOffer({ order, funnels, shop, flow });
}
const shownId = (result: OfferSelection) => (result.status === "offer" ? result.offer.id : null);
const codes = (result: OfferSelection, offerId?: string) =>
  result.reasons.filter((r) => offerId === undefined || r.offerId === offerId).map((r) => r.code);

type DemoOrderId = 5001 | 5002 | 5003;

describe("FUN-2: triggers", () => {
  it.each<[string, Partial<FunnelTriggers>, DemoOrderId, string[]]>([
    ["show to all overrides a product trigger the order misses", { showToAll: true, productIds: [gid("Product", DECAF.productId)], subscription: "include" }, 5002, []],
    ["a product trigger matches an order with that product (one-time or subscription)", { productIds: [ROAST_PRODUCT] }, 5003, []],
    ["a product trigger misses an order without that product", { productIds: [ROAST_PRODUCT] }, 5002, ["trigger_product_missing"]],
    ["include-subscription matches an order with a subscription line", { subscription: "include" }, 5001, []],
    ["include-subscription misses a one-time order", { subscription: "include" }, 5003, ["subscription_trigger_include_no_subscription"]],
    ["exclude-subscription misses an order with a subscription", { subscription: "exclude" }, 5001, ["subscription_trigger_exclude_has_subscription"]],
    ["exclude-subscription matches a one-time order", { subscription: "exclude" }, 5002, []],
    ["product AND include: both must hold (product bought one-time fails)", { productIds: [ROAST_PRODUCT], subscription: "include" }, 5003, ["subscription_trigger_include_no_subscription"]],
    ["product AND include: both hold", { productIds: [ROAST_PRODUCT], subscription: "include" }, 5001, []],
    ["product AND exclude: both fail, both reported", { productIds: [gid("Product", DECAF.productId)], subscription: "exclude" }, 5001, ["trigger_product_missing", "subscription_trigger_exclude_has_subscription"]],
    ["no trigger at all and show-to-all off matches nothing", { showToAll: false }, 5002, ["no_triggers"]],
  ])("FUN-2: %s", (_label, triggers, orderId, expectedCodes) => {
    const funnel = makeFunnel({ id: "f", triggers: { showToAll: false, ...triggers }, offers: [mugUpsell()] });
    const result = select(catalogOrder(orderId), [funnel]);
    if (expectedCodes.length === 0) {
      expect(shownId(result)).toBe("mug");
    } else {
      expect(result.status).toBe("none");
      expect(codes(result).filter((c) => c !== "no_eligible_offer")).toEqual(expectedCodes);
    }
  });

  it.each(["draft", "inactive"] as const)("FUN-1: a %s funnel never fires", (status) => {
    const result = select(catalogOrder(5002), [makeFunnel({ id: "f", status, offers: [mugUpsell()] })]);
    expect(result).toEqual({ status: "none", reasons: [expect.objectContaining({ funnelId: "f", code: "inactive" })] });
  });
});

describe("FUN-3: one funnel per order, highest priority first", () => {
  const low = makeFunnel({ id: "low", priority: 1, offers: [mugUpsell("low-offer")] });
  const high = makeFunnel({ id: "high", priority: 5, offers: [frotherUpsell("high-offer")] });

  it("FUN-3: the highest-priority matching funnel fires and the others are reported as lower priority", () => {
    const result = select(catalogOrder(5002), [low, high]);
    expect(result).toMatchObject({ status: "offer", funnelId: "high", offer: { id: "high-offer" } });
    expect(result.reasons).toContainEqual(expect.objectContaining({ funnelId: "low", code: "lower_priority", rule: "FUN-3" }));
  });

  it.each([
    ["older createdAt wins a priority tie", [{ id: "b", createdAt: "2026-01-01T00:00:00Z" }, { id: "a", createdAt: "2026-02-01T00:00:00Z" }], "b"],
    ["the smaller id wins when priority and createdAt tie", [{ id: "b", createdAt: "2026-01-01T00:00:00Z" }, { id: "a", createdAt: "2026-01-01T00:00:00Z" }], "a"],
  ])("FUN-3: %s, whatever the input order", (_label, specs, winner) => {
    const funnels = specs.map((s) => makeFunnel({ ...s, priority: 3, offers: [mugUpsell(`${s.id}-offer`)] }));
    expect(select(catalogOrder(5002), funnels)).toMatchObject({ funnelId: winner });
    expect(select(catalogOrder(5002), [...funnels].reverse())).toMatchObject({ funnelId: winner });
  });

  it("FUN-3: a flow bound to a funnel stays on it even when a higher-priority funnel matches", () => {
    const flow = withFunnel(startFlow(), "low");
    expect(select(catalogOrder(5002), [low, high], flow)).toMatchObject({ status: "offer", funnelId: "low" });
  });

  it("FUN-3: a higher-priority funnel with nothing to show on this order does not fire; the next one does", () => {
    const upgradesOnly = makeFunnel({ id: "upgrades", priority: 9, offers: [upgradeOffer("up")] });
    const result = select(catalogOrder(5002), [upgradesOnly, low]);
    expect(result).toMatchObject({ status: "offer", funnelId: "low" });
    expect(codes(result)).toEqual(expect.arrayContaining(["upgrade_needs_subscription_line", "no_eligible_offer"]));
  });

  it("FUN-3: a bound funnel that was deleted or deactivated ends the flow", () => {
    expect(select(catalogOrder(5002), [high], withFunnel(startFlow(), "gone"))).toMatchObject({ status: "none", reasons: [{ code: "funnel_not_found" }] });
    const inactive = makeFunnel({ id: "low", status: "inactive", offers: [mugUpsell()] });
    expect(select(catalogOrder(5002), [inactive], withFunnel(startFlow(), "low"))).toMatchObject({ status: "none", reasons: [{ code: "inactive" }] });
  });
});

describe("RUN-3: upgrade offers need the subscription version of the trigger product", () => {
  const funnel = makeFunnel({ id: "f", offers: [upgradeOffer("up")] });

  it("RUN-3: shows the upgrade when the order holds Morning Roast as a subscription", () => {
    expect(select(catalogOrder(5001), [funnel])).toMatchObject({ status: "offer", offer: { id: "up" }, effectivePurchaseOption: "one_time", defaultOption: "one_time" });
  });

  it.each([
    ["Morning Roast bought one-time", 5003, "as a one-time purchase"],
    ["no Morning Roast at all", 5002, "does not contain a subscription"],
  ] as const)("RUN-3: skips the upgrade for an order with %s", (_label, orderId, messagePart) => {
    const result = select(catalogOrder(orderId), [funnel]);
    expect(result.status).toBe("none");
    const reason = result.reasons.find((r) => r.code === "upgrade_needs_subscription_line");
    expect(reason).toMatchObject({ offerId: "up", rule: "RUN-3" });
    expect(reason?.message).toContain(messagePart);
  });

  it("RUN-3 / CONN-5: skips upgrades while the shop's upgrades are not enabled", () => {
    const result = select(catalogOrder(5001), [funnel], startFlow(), UPGRADES_OFF);
    expect(codes(result, "up")).toEqual(["upgrades_disabled"]);
  });

  it("RUN-3: a multi-product upgrade offer needs the subscription of every item's trigger product", () => {
    const offer = makeOffer({
      id: "multi",
      kind: "subscription_upgrade",
      items: [first(upgradeOffer("x").items), { ...first(upgradeOffer("y", {}, { triggerProductId: gid("Product", DECAF.productId), triggerProductTitle: "Decaf Roast" }).items), id: "second" }],
    });
    const result = select(catalogOrder(5001), [makeFunnel({ id: "f", offers: [offer] })]);
    expect(codes(result, "multi")).toEqual(["upgrade_needs_subscription_line"]);
    expect(first(result.reasons).message).toContain("Decaf Roast");
  });

  it("WIZ-3: skips an upgrade whose offer product is a Shopify bundle, and one without upgrade settings", () => {
    const bundle = upgradeOffer("bundle", {}, {});
    const bundled = { ...bundle, items: [{ ...first(bundle.items), isBundle: true }] };
    const missing = { ...bundle, id: "missing", items: [{ ...first(bundle.items), upgrade: null }] };
    const result = select(catalogOrder(5001), [makeFunnel({ id: "f", offers: [bundled] }), makeFunnel({ id: "g", offers: [missing] })]);
    expect(codes(result, "bundle")).toEqual(["upgrade_offer_product_is_bundle"]);
    expect(codes(result, "missing")).toEqual(["upgrade_config_missing"]);
  });
});

describe("RUN-4: subscription-only offer products", () => {
  it.each<[string, () => OfferDefinition, DemoOrderId]>([
    ["an upgrade whose offer product is subscription-only", () => upgradeOffer("o", { items: [{ ...first(upgradeOffer("x").items), subscriptionOnly: true }] }), 5001],
    ["a one-time upsell of the subscription-only Coffee Club Box", () => makeOffer({ id: "o", items: [catalogItem(CLUB_BOX.variant)] }), 5002],
  ])("RUN-4: skips %s", (_label, build, orderId) => {
    const result = select(catalogOrder(orderId), [makeFunnel({ id: "f", offers: [build()] })]);
    expect(result.status).toBe("none");
    expect(result.reasons).toContainEqual(expect.objectContaining({ offerId: "o", code: "offer_product_subscription_only", rule: "RUN-4" }));
  });

  it("RUN-4: a dual offer of a subscription-only product is shown as subscription only on an order without a subscription", () => {
    const offer = makeOffer({ id: "club", kind: "subscription_upsell", purchaseOption: "both", defaultOption: "one_time", items: [catalogItem(CLUB_BOX.variant)] });
    const result = select(catalogOrder(5002), [makeFunnel({ id: "f", offers: [offer] })]);
    expect(result).toMatchObject({ status: "offer", effectivePurchaseOption: "subscription", defaultOption: "subscription" });
    expect(result.status === "offer" && result.adjustments.map((a) => a.code)).toEqual(["one_time_option_removed"]);
  });
});

describe("RUN-6: orders that already contain a subscription", () => {
  it("RUN-6: drops a subscription-only upsell when the order already has a subscription", () => {
    const result = select(catalogOrder(5001), [makeFunnel({ id: "f", offers: [decafSubscription("sub")] })]);
    expect(result.status).toBe("none");
    expect(result.reasons).toContainEqual(expect.objectContaining({ offerId: "sub", code: "subscription_offer_on_subscription_order", rule: "RUN-6" }));
  });

  it("RUN-6: downgrades a dual offer to one-time only when the order already has a subscription", () => {
    const result = select(catalogOrder(5001), [makeFunnel({ id: "f", offers: [decafSubscription("dual", "both")] })]);
    expect(result).toMatchObject({ status: "offer", offer: { id: "dual" }, effectivePurchaseOption: "one_time", defaultOption: "one_time" });
    expect(result.status === "offer" && result.adjustments).toEqual([expect.objectContaining({ code: "subscription_option_removed", rule: "RUN-6" })]);
  });

  it("UPS-1: keeps both options and the merchant's default on an order without a subscription", () => {
    const result = select(catalogOrder(5002), [makeFunnel({ id: "f", offers: [decafSubscription("dual", "both")] })]);
    expect(result).toMatchObject({ status: "offer", effectivePurchaseOption: "both", defaultOption: "subscription", adjustments: [] });
  });

  it("UPS-1: a subscription offer of a product without selling plans is skipped", () => {
    const offer = makeOffer({ id: "o", kind: "subscription_upsell", purchaseOption: "subscription", items: [catalogItem(MUG.variant)] });
    expect(codes(select(catalogOrder(5002), [makeFunnel({ id: "f", offers: [offer] })]), "o")).toEqual(["no_selling_plans"]);
  });
});

describe("RUN-7: one subscription offer per flow", () => {
  // root (Decaf subscription) --accept--> second (another subscription) --accept--> third (dual)
  const root = decafSubscription("root", "subscription");
  const second = decafSubscription("second", "subscription", { parentOfferId: "root", branch: "accept" });
  const third = decafSubscription("third", "both", { parentOfferId: "second", branch: "accept" });
  const funnel = makeFunnel({ id: "f", offers: [root, second, third] });

  it("RUN-7: after a subscription upsell is accepted, later subscription-only offers are skipped and dual ones downgraded", () => {
    const flow = recordAccepted(withFunnel(startFlow(), "f"), root, "subscription");
    const result = select(catalogOrder(5002), [funnel], flow);
    expect(result).toMatchObject({ status: "offer", offer: { id: "third" }, effectivePurchaseOption: "one_time" });
    expect(result.reasons).toContainEqual(expect.objectContaining({ offerId: "second", code: "subscription_offer_already_accepted", rule: "RUN-7" }));
  });

  it("RUN-7: a dual offer accepted as one-time does not use up the flow's subscription", () => {
    const dualRoot = decafSubscription("root", "both");
    const flow = recordAccepted(withFunnel(startFlow(), "f"), dualRoot, "one_time");
    expect(select(catalogOrder(5002), [makeFunnel({ id: "f", offers: [dualRoot, second, third] })], flow)).toMatchObject({ status: "offer", offer: { id: "second" } });
  });

  it("RUN-7: an accepted upgrade adds only a one-time line, yet a second upgrade in the same flow is skipped while one-time upsells still show", () => {
    const up1 = upgradeOffer("up1");
    const up2 = upgradeOffer("up2", { parentOfferId: "up1", branch: "accept" });
    const mug = makeOffer({ id: "mug", parentOfferId: "up2", branch: "accept", items: [catalogItem(MUG.variant)] });
    const flow = recordAccepted(withFunnel(startFlow(), "f"), up1, "one_time");
    expect(flow).toMatchObject({ subscriptionAdded: false, subscriptionUpgraded: true });
    const result = select(catalogOrder(5001), [makeFunnel({ id: "f", offers: [up1, up2, mug] })], flow);
    expect(result).toMatchObject({ status: "offer", offer: { id: "mug" } });
    expect(codes(result, "up2")).toEqual(["subscription_offer_already_accepted"]);
  });
});

describe("navigation through the offer tree", () => {
  // root --accept--> upsell2 --accept--> upsell3
  //      --decline-> downsell
  const root = makeOffer({ id: "root", items: [catalogItem(MUG.variant)] });
  const upsell2 = makeOffer({ id: "upsell2", parentOfferId: "root", branch: "accept", items: [catalogItem(FROTHER.variant)] });
  const upsell3 = makeOffer({ id: "upsell3", parentOfferId: "upsell2", branch: "accept", items: [catalogItem(MORNING_ROAST.variant12oz)] });
  const downsell = makeOffer({ id: "downsell", parentOfferId: "root", branch: "decline", items: [catalogItem(DECAF.variant)] });
  const funnel = makeFunnel({ id: "f", offers: [downsell, upsell3, upsell2, root], rootOfferId: "root" });
  const bound = withFunnel(startFlow(), "f");

  it.each<[string, (flow: FlowState) => FlowState, string | null]>([
    ["the flow starts at the root offer", (f) => f, "root"],
    ["asking again before a decision shows the same offer", (f) => ({ ...f, shownOfferIds: ["root"] }), "root"],
    ["accepting the root leads to its accept branch", (f) => recordAccepted(f, root, "one_time"), "upsell2"],
    ["declining the root leads to the downsell", (f) => recordDeclined(f, "root"), "downsell"],
    ["accept, accept leads to the third upsell", (f) => recordAccepted(recordAccepted(f, root, "one_time"), upsell2, "one_time"), "upsell3"],
    ["declining the downsell ends the flow", (f) => recordDeclined(recordDeclined(f, "root"), "downsell"), null],
    ["accept then decline with no downsell configured ends the flow", (f) => recordDeclined(recordAccepted(f, root, "one_time"), "upsell2"), null],
  ])("%s", (_label, step, expected) => {
    expect(shownId(select(catalogOrder(5002), [funnel], step(bound)))).toBe(expected);
  });

  it("a skipped offer is passed along its accept branch (the shopper never saw it, so nothing was declined)", () => {
    const clubRoot = makeOffer({ id: "root", items: [catalogItem(CLUB_BOX.variant)] });
    const result = select(catalogOrder(5002), [makeFunnel({ id: "f", offers: [clubRoot, upsell2, downsell], rootOfferId: "root" })]);
    expect(result).toMatchObject({ status: "offer", offer: { id: "upsell2" } });
    expect(codes(result, "root")).toEqual(["offer_product_subscription_only"]);
  });

  it("a skipped offer without an accept branch falls back to its decline branch (its alternative)", () => {
    const clubRoot = makeOffer({ id: "root", items: [catalogItem(CLUB_BOX.variant)] });
    const result = select(catalogOrder(5002), [makeFunnel({ id: "f", offers: [clubRoot, downsell], rootOfferId: "root" })]);
    expect(result).toMatchObject({ status: "offer", offer: { id: "downsell" } });
  });

  it("stops after 3 accepted offers, Shopify's limit, even when the funnel goes on", () => {
    let flow = bound;
    for (const offer of [root, upsell2, upsell3]) flow = recordAccepted(flow, offer, "one_time");
    const fourth = makeOffer({ id: "fourth", parentOfferId: "upsell3", branch: "accept", items: [catalogItem(MUG.variant)] });
    const longer = makeFunnel({ id: "f", offers: [root, upsell2, upsell3, fourth], rootOfferId: "root" });
    expect(select(catalogOrder(5002), [longer], flow)).toEqual({ status: "none", reasons: [expect.objectContaining({ code: "accepted_limit_reached" })] });
    // Below Shopify's accepted limit, the fourth offer in a row is still not shown (RUN-12).
    expect(select(catalogOrder(5002), [longer], { ...flow, acceptedCount: 2 })).toEqual({ status: "none", reasons: [expect.objectContaining({ code: "shown_limit_reached" })] });
  });

  it("reports a funnel without a root offer and an offer tree that loops instead of hanging", () => {
    const noRoot = makeFunnel({ id: "empty", offers: [], rootOfferId: null });
    expect(codes(select(catalogOrder(5002), [noRoot]))).toEqual(["no_root_offer", "no_eligible_offer"]);
    const a = makeOffer({ id: "a", parentOfferId: "b", branch: "accept", items: [catalogItem(CLUB_BOX.variant)] });
    const b = makeOffer({ id: "b", parentOfferId: "a", branch: "accept", items: [catalogItem(CLUB_BOX.variant)] });
    expect(codes(select(catalogOrder(5002), [makeFunnel({ id: "loop", offers: [a, b], rootOfferId: "a" })]))).toContain("offer_cycle");
  });

  it("UPS-3: skips an offer priced in another currency than the order's", () => {
    const eurOrder = makeOrder([{ variantId: MUG.variant }], { currency: "EUR" });
    expect(codes(select(eurOrder, [makeFunnel({ id: "f", offers: [mugUpsell()] })]), "mug")).toEqual(["currency_mismatch"]);
  });
});

describe("audit S-6: the runtime never offers a subscription of several products", () => {
  it("audit S-6: a two-product 'both' offer is shown one-time only; 'subscription only' is skipped", () => {
    const { items } = makeOffer({ id: "x", items: [catalogItem(DECAF.variant), catalogItem(MUG.variant)] });
    const both = select(catalogOrder(5002), [makeFunnel({ id: "f", offers: [decafSubscription("pair", "both", { items })] })]);
    expect(both.status === "offer" && both.effectivePurchaseOption).toBe("one_time");
    const only = select(catalogOrder(5002), [makeFunnel({ id: "g", offers: [decafSubscription("pair", "subscription", { items })] })]);
    expect(only.status).toBe("none");
  });
});

describe("RUN-12: at most three offers in a row", () => {
  it("RUN-12: a funnel's fourth offer is not selected after three were declined", () => {
    const chain = ["one", "two", "three", "four"].map((id, index, all) => makeOffer({ id, items: [catalogItem(MUG.variant)], ...(index > 0 ? { parentOfferId: all[index - 1], branch: "decline" as const } : {}) }));
    const funnel = makeFunnel({ id: "f", offers: chain });
    let flow = withFunnel(startFlow(), "f");
    for (const id of ["one", "two", "three"]) {
      expect(shownId(select(catalogOrder(5002), [funnel], flow))).toBe(id);
      flow = recordDeclined(flow, id);
    }
    const fourth = select(catalogOrder(5002), [funnel], flow);
    expect(fourth.status).toBe("none");
    expect(codes(fourth)).toEqual(["shown_limit_reached"]);
  });
});
