import { describe, expect, it } from "vitest";
import { gid } from "../../tests/simulators/catalog";
import { catalogItem, CLUB_BOX, DECAF, makeFunnel, makeOffer, MORNING_ROAST, MUG, upgradeOffer } from "../../tests/support/catalog-offers";
import type { FunnelTriggers, OfferDefinition } from "./funnel-schemas";
import { funnelWarnings } from "./funnel-warnings";

const ROAST = gid("Product", MORNING_ROAST.productId);
const mug = (id: string, extra: Partial<OfferDefinition> = {}) => makeOffer({ id, items: [catalogItem(MUG.variant)], ...extra });
const decafSub = (id: string, extra: Partial<OfferDefinition> = {}) =>
  makeOffer({ id, kind: "subscription_upsell", purchaseOption: "subscription", items: [catalogItem(DECAF.variant)], ...extra });
const codes = (offers: OfferDefinition[], triggers: Partial<FunnelTriggers> = { showToAll: false, productIds: [ROAST], subscription: "include" }) =>
  funnelWarnings(makeFunnel({ id: "f", offers, triggers })).map((w) => w.code);

describe("FUN-4: upgrade funnels need a product trigger and an include-subscription trigger", () => {
  it.each<[string, Partial<FunnelTriggers>, boolean, string | null]>([
    ["product trigger + include: no warning", { showToAll: false, productIds: [ROAST], subscription: "include" }, false, null],
    ["no product trigger", { showToAll: false, productIds: [], subscription: "include" }, true, "add a product trigger"],
    ["subscription trigger off", { showToAll: false, productIds: [ROAST], subscription: "off" }, true, 'set the subscription trigger to "Include"'],
    ["subscription trigger exclude", { showToAll: false, productIds: [ROAST], subscription: "exclude" }, true, 'set the subscription trigger to "Include"'],
    ["show to all overrides good triggers", { showToAll: true, productIds: [ROAST], subscription: "include" }, true, "Show to all customers"],
  ])("FUN-4: %s", (_label, triggers, warns, fix) => {
    const warnings = funnelWarnings(makeFunnel({ id: "f", triggers, offers: [upgradeOffer("up")] }));
    const warning = warnings.find((w) => w.rule === "FUN-4");
    expect(Boolean(warning)).toBe(warns);
    if (warning && fix) {
      expect(warning).toMatchObject({ code: "upgrade_without_targeting", severity: "warning", offerIds: ["up"] });
      expect(warning.message).toContain("no subscription is changed");
      expect(warning.message).toContain(fix);
    }
  });

  it("FUN-4: a funnel without upgrade offers gets no targeting warning", () => {
    expect(codes([mug("m")], { showToAll: true })).toEqual([]);
  });
});

describe("FUN-5: more than one subscription offer in a funnel", () => {
  it("FUN-5: warns and lists the subscription offers, marking the pair that can meet after an accept", () => {
    const first = decafSub("first");
    const second = decafSub("second", { parentOfferId: "first", branch: "accept" });
    const warning = funnelWarnings(makeFunnel({ id: "f", offers: [first, second, mug("m", { parentOfferId: "second", branch: "accept" })] })).find((w) => w.rule === "FUN-5");
    expect(warning).toMatchObject({ code: "multiple_subscription_offers", offerIds: ["first", "second"], conflictingPairs: [["first", "second"]] });
    expect(warning?.message).toContain("Only the first one a shopper accepts can go through");
  });

  it("FUN-5: still lists a subscription downsell, with no conflicting pair (decline path only)", () => {
    const first = decafSub("first");
    const downsell = decafSub("down", { parentOfferId: "first", branch: "decline" });
    const warning = funnelWarnings(makeFunnel({ id: "f", offers: [first, downsell] })).find((w) => w.rule === "FUN-5");
    expect(warning).toMatchObject({ offerIds: ["first", "down"], conflictingPairs: [] });
  });

  it.each<[string, OfferDefinition[], boolean]>([
    ["one subscription offer and one product offer", [decafSub("a"), mug("b", { parentOfferId: "a", branch: "accept" })], false],
    ["a subscription-capable product offered one-time only does not count", [decafSub("a"), makeOffer({ id: "b", kind: "subscription_upsell", purchaseOption: "one_time", items: [catalogItem(DECAF.variant)] })], false],
    ["an upsell and an upgrade both touch subscriptions", [decafSub("a"), upgradeOffer("b", { parentOfferId: "a", branch: "accept" })], true],
  ])("FUN-5: %s → warns: %s", (_label, offers, warns) => {
    expect(codes(offers).includes("multiple_subscription_offers")).toBe(warns);
  });
});

describe("FUN-6: subscription-only products", () => {
  it("FUN-6: shows the Subscription limitations banner listing the products, with the exclude tip", () => {
    const club = makeOffer({ id: "club", kind: "subscription_upsell", purchaseOption: "subscription", items: [catalogItem(CLUB_BOX.variant)] });
    const again = makeOffer({ id: "again", kind: "subscription_upsell", purchaseOption: "both", items: [catalogItem(CLUB_BOX.variant)], parentOfferId: "club", branch: "decline" });
    const warning = funnelWarnings(makeFunnel({ id: "f", offers: [club, again, mug("m")] })).find((w) => w.rule === "FUN-6");
    expect(warning).toMatchObject({
      code: "subscription_only_products",
      title: "Subscription limitations",
      offerIds: ["club", "again"],
      products: [{ productId: gid("Product", CLUB_BOX.productId), title: "Coffee Club Box", offerIds: ["club", "again"] }],
    });
    expect(warning?.message).toContain('set the subscription trigger to "Exclude"');
  });

  it("FUN-6: no banner when no offer uses a subscription-only product", () => {
    expect(codes([mug("m"), decafSub("d", { parentOfferId: "m", branch: "accept" })])).toEqual([]);
  });
});

describe("audit S-6: subscription offers hold one product", () => {
  it("audit S-6: a stored subscription offer of two products is flagged, a one-product one is not", () => {
    const { items } = makeOffer({ id: "x", items: [catalogItem(DECAF.variant), catalogItem(MORNING_ROAST.variant12oz)] });
    const pair = decafSub("pair", { purchaseOption: "both", items });
    const warning = funnelWarnings(makeFunnel({ id: "f", offers: [pair] })).find((w) => w.code === "subscription_offer_several_products");
    expect(warning).toMatchObject({ rule: "UPS-1", offerIds: ["pair"] });
    expect(warning?.message).toContain("one subscription per post-purchase offer");
    expect(codes([decafSub("single")])).not.toContain("subscription_offer_several_products");
  });
});
