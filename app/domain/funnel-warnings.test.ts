import { describe, expect, it } from "vitest";
import { gid } from "../../tests/simulators/catalog";
import { catalogItem, CLUB_BOX, DECAF, FROTHER, makeFunnel, makeOffer, MORNING_ROAST, MUG, upgradeOffer } from "../../tests/support/catalog-offers";
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

describe("funnel warnings: every rule at once, and the exact words", () => {
  const badlyTargeted: Partial<FunnelTriggers> = { showToAll: true, productIds: [], subscription: "off" };

  it("FUN-4 / FUN-5 / FUN-6: a funnel breaking all three rules gets the warnings in rule order", () => {
    const club = makeOffer({ id: "club", kind: "subscription_upsell", purchaseOption: "subscription", items: [catalogItem(CLUB_BOX.variant)] });
    const warnings = funnelWarnings(makeFunnel({ id: "f", triggers: badlyTargeted, offers: [upgradeOffer("up"), club] }));
    expect(warnings.map((w) => [w.rule, w.code, w.severity])).toEqual([
      ["FUN-4", "upgrade_without_targeting", "warning"],
      ["FUN-5", "multiple_subscription_offers", "warning"],
      ["FUN-6", "subscription_only_products", "warning"],
    ]);
  });

  it("FUN-4: names every missing trigger, in the order the merchant fixes them", () => {
    const [warning] = funnelWarnings(makeFunnel({ id: "f", triggers: badlyTargeted, offers: [upgradeOffer("up"), upgradeOffer("up2")] }));
    expect(warning).toMatchObject({ title: "This upgrade funnel may show to the wrong shoppers", offerIds: ["up", "up2"], products: [] });
    expect(warning?.message).toBe(
      "Without a product trigger and an include-subscription trigger, the upgrade can be shown to shoppers who did not buy the subscription it changes. " +
        "If they accept, the offer product is added to their order but no subscription is changed — a silent failure you only see in the upgrades list. " +
        'To fix it, turn off "Show to all customers" (it overrides every other trigger), add a product trigger with the subscription product being upgraded, ' +
        'set the subscription trigger to "Include".',
    );
  });

  it("FUN-4: a single missing trigger is the whole fix sentence", () => {
    const [warning] = funnelWarnings(makeFunnel({ id: "f", triggers: { showToAll: false, productIds: [], subscription: "include" }, offers: [upgradeOffer("up")] }));
    expect(warning?.message).toMatch(/ To fix it, add a product trigger with the subscription product being upgraded\.$/);
  });

  it("FUN-5: names each subscription offer by headline, else its products, else its id", () => {
    const byHeadline = decafSub("a", { headline: "Try decaf" });
    const byProducts = makeOffer({ id: "b", kind: "subscription_upgrade", items: [catalogItem(MUG.variant), catalogItem(FROTHER.variant)] });
    const warning = funnelWarnings(makeFunnel({ id: "f", offers: [byHeadline, byProducts] })).find((w) => w.rule === "FUN-5");
    expect(warning).toMatchObject({ title: "More than one offer contains a subscription", severity: "warning", products: [] });
    expect(warning?.message).toBe(
      '"Try decaf", "Ceramic Mug + Milk Frother" all add or change a subscription. Only the first one a shopper accepts can go through; later subscription offers are skipped. ' +
        'Keep one subscription offer per funnel, or set the subscription trigger to "Exclude" so these offers only reach orders without a subscription.',
    );
  });

  it("FUN-5: an offer without headline or products is named by its id", () => {
    const bare = upgradeOffer("bare", { items: [] });
    const warning = funnelWarnings(makeFunnel({ id: "f", offers: [decafSub("a", { headline: "A" }), bare] })).find((w) => w.rule === "FUN-5");
    expect(warning?.message.startsWith('"A", "bare" all add')).toBe(true);
  });

  it("FUN-5: a subscription offer reached through any path below the accepted one conflicts; decline paths and unrelated branches do not", () => {
    // first ─accept→ mug ─decline→ later (reachable after accepting first)
    // first ─decline→ other (never shown after accepting first)
    const offers = [
      decafSub("first"),
      mug("mug", { parentOfferId: "first", branch: "accept" }),
      decafSub("later", { parentOfferId: "mug", branch: "decline" }),
      decafSub("other", { parentOfferId: "first", branch: "decline" }),
    ];
    const warning = funnelWarnings(makeFunnel({ id: "f", offers })).find((w) => w.rule === "FUN-5");
    expect(warning?.offerIds).toEqual(["first", "later", "other"]);
    expect(warning?.conflictingPairs).toEqual([["first", "later"]]);
  });

  it.each<[string, boolean, OfferDefinition]>([
    ["an upsell sold both ways with plans", true, makeOffer({ id: "b", kind: "subscription_upsell", purchaseOption: "both", items: [catalogItem(DECAF.variant)] })],
    ["an upsell sold both ways without any plan", false, makeOffer({ id: "b", kind: "product_upsell", purchaseOption: "both", items: [catalogItem(MUG.variant)] })],
    ["an upsell offered one-time only", false, makeOffer({ id: "b", kind: "subscription_upsell", purchaseOption: "one_time", items: [catalogItem(DECAF.variant)] })],
    ["an upgrade, even without items", true, upgradeOffer("b", { items: [] })],
  ])("FUN-5: %s counts as a subscription offer: %s", (_label, counts, offer) => {
    expect(codes([decafSub("a"), offer]).includes("multiple_subscription_offers")).toBe(counts);
  });

  it("FUN-6: lists each subscription-only product once, each offer once, and names them all in the message", () => {
    const twice = makeOffer({
      id: "twice",
      kind: "subscription_upsell",
      purchaseOption: "subscription",
      items: [catalogItem(CLUB_BOX.variant), catalogItem(CLUB_BOX.variant, { id: "club-2" })],
    });
    const other = makeOffer({
      id: "decaf-only",
      kind: "subscription_upsell",
      purchaseOption: "subscription",
      items: [catalogItem(DECAF.variant, { subscriptionOnly: true })],
      parentOfferId: "twice",
      branch: "accept",
    });
    const warning = funnelWarnings(makeFunnel({ id: "f", offers: [twice, other] })).find((w) => w.rule === "FUN-6");
    expect(warning).toMatchObject({
      severity: "warning",
      offerIds: ["twice", "decaf-only"],
      products: [
        { productId: gid("Product", CLUB_BOX.productId), title: "Coffee Club Box", offerIds: ["twice"] },
        { productId: gid("Product", DECAF.productId), title: "Decaf Roast", offerIds: ["decaf-only"] },
      ],
    });
    expect(warning?.message).toBe(
      "Coffee Club Box, Decaf Roast can only be bought as a subscription. Shopify cannot add a second subscription to an order that already has one, " +
        "so these offers are skipped for those orders, and a subscription-only product can never be added one-time. " +
        'Tip: set the subscription trigger to "Exclude" so this funnel only shows to orders without a subscription.',
    );
  });
});
