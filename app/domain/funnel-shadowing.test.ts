import { describe, expect, it } from "vitest";
import { catalogItem, CLUB_BOX, FROTHER, makeFunnel, makeOffer, MUG, upgradeOffer } from "../../tests/support/catalog-offers";
import type { FunnelTriggers, OfferDefinitionInput } from "./funnel-schemas";
import { funnelReach, shadowedFunnels, shadowedFunnelWarning, shadowingFunnel, triggersCover, type FunnelReach } from "./funnel-shadowing";

const A = "gid://shopify/Product/1";
const B = "gid://shopify/Product/2";
const t = (patch: Partial<FunnelTriggers>): FunnelTriggers => ({ productIds: [], subscription: "off", showToAll: false, ...patch });
const reach = (id: string, patch: Partial<FunnelReach> = {}): FunnelReach => ({
  id,
  name: id,
  status: "active",
  priority: 0,
  createdAt: "2026-01-01T00:00:00.000Z",
  triggers: t({ showToAll: true }),
  alwaysHasOffer: true,
  ...patch,
});

describe("FUN-3: whose triggers match every order another funnel matches", () => {
  it.each([
    ['"Show to all" covers a product trigger', t({ showToAll: true }), t({ productIds: [A] }), true],
    ['"Show to all" covers an include-subscription trigger', t({ showToAll: true }), t({ productIds: [A], subscription: "include" }), true],
    ["a product trigger does not cover \"Show to all\"", t({ productIds: [A] }), t({ showToAll: true }), false],
    ["products A or B cover product A", t({ productIds: [A, B] }), t({ productIds: [A] }), true],
    ["product A does not cover products A or B", t({ productIds: [A] }), t({ productIds: [A, B] }), false],
    ["exclude-subscription alone covers product A on orders without a subscription", t({ subscription: "exclude" }), t({ productIds: [A], subscription: "exclude" }), true],
    ["exclude-subscription does not cover an upgrade funnel (include)", t({ subscription: "exclude" }), t({ productIds: [A], subscription: "include" }), false],
    ["include-subscription does not cover a product trigger without one", t({ subscription: "include" }), t({ productIds: [A] }), false],
    ["product A covers product A with include-subscription", t({ productIds: [A] }), t({ productIds: [A], subscription: "include" }), true],
    ["a funnel without triggers matches nothing, so covers nothing", t({}), t({ productIds: [A] }), false],
    ["and nothing covers a funnel without triggers", t({ showToAll: true }), t({}), false],
  ])("%s", (_name, higher, lower, expected) => {
    expect(triggersCover(higher, lower)).toBe(expected);
  });
});

describe("FUN-3: a funnel that can never fire names the funnel that always wins", () => {
  const upgrade = reach("upgrade", { name: "Morning Roast upgrade", triggers: t({ productIds: [A], subscription: "include" }), createdAt: "2026-02-01T00:00:00.000Z" });

  it.each([
    ["an older show-to-all funnel at the same priority wins", [reach("all", { name: "Coffee lovers" })], "all"],
    ["a show-to-all funnel with a higher priority wins", [reach("all", { priority: 5, createdAt: "2026-03-01T00:00:00.000Z" })], "all"],
    ["a younger funnel at the same priority does not", [reach("all", { createdAt: "2026-03-01T00:00:00.000Z" })], null],
    ["a lower priority does not", [reach("all", { priority: -1 })], null],
    ["an inactive one does not", [reach("all", { status: "inactive" })], null],
    ["one whose first offer can be skipped does not (the order falls through)", [reach("all", { alwaysHasOffer: false })], null],
    ["one excluding subscriptions does not", [reach("one-time", { triggers: t({ subscription: "exclude" }) })], null],
    ["the first of several winners in checkout order is named", [reach("low", { priority: 1 }), reach("high", { priority: 9 })], "high"],
  ])("%s", (_name, others, expected) => {
    expect(shadowingFunnel(upgrade, [upgrade, ...others])?.id ?? null).toBe(expected);
  });

  it("FUN-3: the warning names the winner and what to change", () => {
    const warning = shadowedFunnelWarning(upgrade, [reach("all", { name: "Coffee lovers" })]);
    expect(warning).toMatchObject({ code: "shadowed_by_higher_funnel", rule: "FUN-3", title: 'This funnel never fires: "Coffee lovers" always wins' });
    expect(warning?.message).toMatch(/priority above 0 \(equal priorities go to the older funnel\), narrow the triggers of "Coffee lovers", or deactivate it/);
  });

  it("FUN-3: the list flags every shadowed funnel and only those", () => {
    const all = reach("all", { name: "Coffee lovers" });
    const oneTime = reach("one-time", { triggers: t({ productIds: [B] }), createdAt: "2026-04-01T00:00:00.000Z" });
    const result = shadowedFunnels([all, upgrade, oneTime]);
    expect([...result.entries()].map(([id, winner]) => [id, winner.id])).toEqual([
      ["upgrade", "all"],
      ["one-time", "all"],
    ]);
  });
});

describe("FUN-3: what decides whether a funnel can win an order (funnelReach)", () => {
  const mug = () => catalogItem(MUG.variant);
  const oneTime = (id: string, patch: Partial<OfferDefinitionInput> = {}) => makeOffer({ id, items: [mug()], ...patch });

  it("FUN-3: copies the ranking and trigger facts of the funnel", () => {
    const funnel = makeFunnel({
      id: "f-1",
      name: "Mug lovers",
      status: "draft",
      priority: 7,
      createdAt: "2026-05-06T07:08:09.000Z",
      triggers: { productIds: [A], subscription: "exclude" },
      offers: [oneTime("o-1")],
    });
    expect(funnelReach(funnel)).toEqual({
      id: "f-1",
      name: "Mug lovers",
      status: "draft",
      priority: 7,
      createdAt: "2026-05-06T07:08:09.000Z",
      triggers: { productIds: [A], subscription: "exclude", showToAll: false },
      alwaysHasOffer: true,
    });
  });

  it.each([
    ["a one-time product upsell is always shown", [oneTime("root")], "root", true],
    ["a one-time-or-subscription option keeps its one-time option, so it is always shown", [oneTime("root", { purchaseOption: "both" })], "root", true],
    ["a subscription upsell of a one-time product is always shown", [oneTime("root", { kind: "subscription_upsell" })], "root", true],
    ["several products in one currency are always shown", [oneTime("root", { items: [mug(), catalogItem(FROTHER.variant)] })], "root", true],
    ["an upgrade can be skipped (RUN-3: the order needs the subscription)", [upgradeOffer("root")], "root", false],
    ["a subscription-only purchase option can be skipped (RUN-6/7)", [oneTime("root", { purchaseOption: "subscription" })], "root", false],
    ["an offer without products is never shown", [makeOffer({ id: "root", items: [] })], "root", false],
    ["a subscription-only product can be skipped (RUN-4)", [makeOffer({ id: "root", items: [catalogItem(CLUB_BOX.variant)] })], "root", false],
    ["one subscription-only product among others is enough to skip it (RUN-4)", [makeOffer({ id: "root", items: [mug(), catalogItem(CLUB_BOX.variant)] })], "root", false],
    ["products priced in two currencies can be skipped (currency check)", [oneTime("root", { items: [mug(), catalogItem(FROTHER.variant, { currency: "EUR" })] })], "root", false],
    ["the first offer is the root offer, not the first in the list (skippable root)", [oneTime("other"), upgradeOffer("root")], "root", false],
    ["the first offer is the root offer, not the first in the list (one-time root)", [upgradeOffer("other"), oneTime("root")], "root", true],
    ["a funnel whose root offer is missing has nothing to show", [oneTime("other")], "root", false],
    ["a funnel without a root offer has nothing to show", [oneTime("other")], null, false],
  ])("FUN-3: %s", (_name, offers, rootOfferId, expected) => {
    expect(funnelReach(makeFunnel({ id: "f", offers, rootOfferId })).alwaysHasOffer).toBe(expected);
  });
});

describe("FUN-3: trigger coverage, subscription and product rules (FUN-2)", () => {
  it.each([
    ["a subscription trigger alone can match, so include covers include", t({ subscription: "include" }), t({ subscription: "include" }), true],
    ["exclude alone covers exclude alone", t({ subscription: "exclude" }), t({ subscription: "exclude" }), true],
    ["include does not cover exclude", t({ subscription: "include" }), t({ subscription: "exclude" }), false],
    ["exclude does not cover include", t({ subscription: "exclude" }), t({ subscription: "include" }), false],
    ["a product trigger without a subscription rule covers the same product excluding subscriptions", t({ productIds: [A] }), t({ productIds: [A], subscription: "exclude" }), true],
    ["a product trigger does not cover a subscription trigger without products", t({ productIds: [A] }), t({ subscription: "include" }), false],
    ["products A or B with include cover product B with include", t({ productIds: [A, B], subscription: "include" }), t({ productIds: [B], subscription: "include" }), true],
    ["product A with include does not cover product A without a subscription rule", t({ productIds: [A], subscription: "include" }), t({ productIds: [A] }), false],
    ["product A does not cover product B", t({ productIds: [A] }), t({ productIds: [B] }), false],
    ["exclude does not cover a product trigger without a subscription rule", t({ subscription: "exclude" }), t({ productIds: [A] }), false],
    ["\"Show to all\" covers \"Show to all\"", t({ showToAll: true }), t({ showToAll: true }), true],
    ["include does not cover \"Show to all\"", t({ subscription: "include" }), t({ showToAll: true }), false],
    ["\"Show to all\" with a product list left from before still matches every order: product A does not cover it", t({ productIds: [A] }), t({ showToAll: true, productIds: [A] }), false],
    ["\"Show to all\" covers a subscription trigger alone", t({ showToAll: true }), t({ subscription: "exclude" }), true],
    ["a funnel without triggers does not cover one without triggers", t({}), t({}), false],
    ["a funnel without triggers does not cover \"Show to all\"", t({}), t({ showToAll: true }), false],
  ])("FUN-3: %s", (_name, higher, lower, expected) => {
    expect(triggersCover(higher, lower)).toBe(expected);
  });
});

describe("FUN-3: ranking ties and the order funnels are tried in", () => {
  const target = reach("m-target", { createdAt: "2026-02-01T00:00:00.000Z" });

  it.each([
    ["at the same priority and the same moment, the lower id wins", reach("b"), [reach("a")], "a"],
    ["at the same priority and the same moment, a higher id loses", reach("a"), [reach("b")], null],
    ["an older funnel at the same priority wins, whatever its id", reach("a", { createdAt: "2026-02-01T00:00:00.000Z" }), [reach("z")], "z"],
    ["a higher priority wins over an older funnel", reach("a", { priority: 1 }), [reach("z", { priority: 2, createdAt: "2026-06-01T00:00:00.000Z" })], "z"],
    ["a draft funnel does not win", target, [reach("draft", { status: "draft" })], null],
    [
      "an inactive funnel ranked first is passed over for the next one that wins",
      target,
      [reach("off", { status: "inactive", priority: 9 }), reach("on", { priority: 1 })],
      "on",
    ],
    [
      "a skippable funnel ranked first is passed over for the next one that wins",
      target,
      [reach("skip", { alwaysHasOffer: false, priority: 9 }), reach("sure", { priority: 1 })],
      "sure",
    ],
    [
      "a narrower funnel ranked first is passed over for the next one that covers",
      target,
      [reach("narrow", { priority: 9, triggers: t({ productIds: [A] }) }), reach("broad", { priority: 1 })],
      "broad",
    ],
    [
      "a funnel ranked below is passed over for the next one that ranks above",
      target,
      [reach("below", { createdAt: "2026-03-01T00:00:00.000Z" }), reach("above", { createdAt: "2026-01-01T00:00:00.000Z" })],
      "above",
    ],
    ["of two winners at one priority, the older is named", target, [reach("young", { createdAt: "2026-01-15T00:00:00.000Z" }), reach("old", { createdAt: "2026-01-01T00:00:00.000Z" })], "old"],
    ["a funnel never shadows itself", target, [target], null],
    ["a funnel with the target's id is the target itself", target, [reach("m-target", { priority: 5 })], null],
  ])("FUN-3: %s", (_name, subject, others, expected) => {
    expect(shadowingFunnel(subject, others)?.id ?? null).toBe(expected);
  });

  it("FUN-3: a funnel whose triggers match nothing is never shadowed", () => {
    expect(shadowingFunnel(reach("none", { triggers: t({}), createdAt: "2026-06-01T00:00:00.000Z" }), [reach("all")])).toBeNull();
  });
});

describe("FUN-3: the warning text", () => {
  const target = reach("target", { name: "Mug funnel", priority: 2, triggers: t({ productIds: [A] }) });

  it("FUN-3: a winner with a higher priority: the fix is a priority above it, without the tie note", () => {
    expect(shadowedFunnelWarning(target, [target, reach("all", { name: "Everyone", priority: 4 })])).toEqual({
      code: "shadowed_by_higher_funnel",
      rule: "FUN-3",
      severity: "warning",
      title: 'This funnel never fires: "Everyone" always wins',
      message:
        'Only one funnel fires per order. "Everyone" ranks above this funnel, its triggers match every order this funnel\'s triggers match, and its first offer can always be shown. ' +
        'To let this funnel fire, give this funnel a priority above 4, narrow the triggers of "Everyone", or deactivate it.',
      offerIds: [],
      products: [],
    });
  });

  it("FUN-3: a winner at the same priority: the fix explains that the older funnel wins ties", () => {
    const warning = shadowedFunnelWarning({ ...target, createdAt: "2026-03-01T00:00:00.000Z" }, [reach("all", { name: "Everyone", priority: 2 })]);
    expect(warning?.message).toBe(
      'Only one funnel fires per order. "Everyone" ranks above this funnel, its triggers match every order this funnel\'s triggers match, and its first offer can always be shown. ' +
        'To let this funnel fire, give this funnel a priority above 2 (equal priorities go to the older funnel), narrow the triggers of "Everyone", or deactivate it.',
    );
  });

  it("FUN-3: no warning when nothing always wins", () => {
    expect(shadowedFunnelWarning(target, [target, reach("all", { priority: 1 })])).toBeNull();
  });

  it("FUN-3: the list is empty when no funnel is shadowed", () => {
    expect(shadowedFunnels([reach("a", { triggers: t({ productIds: [A] }) }), reach("b", { triggers: t({ productIds: [B] }) })]).size).toBe(0);
  });

  it("FUN-3: the list is built from funnel definitions through funnelReach", () => {
    const all = makeFunnel({ id: "all", offers: [makeOffer({ id: "o-all", items: [catalogItem(MUG.variant)] })] });
    const upgrade = makeFunnel({ id: "upgrade", createdAt: "2026-02-01T00:00:00.000Z", triggers: { subscription: "include" }, offers: [upgradeOffer("o-up")] });
    const mugs = makeFunnel({ id: "mugs", priority: 1, triggers: { productIds: [A] }, offers: [upgradeOffer("o-mug")] });
    const result = shadowedFunnels([all, upgrade, mugs].map(funnelReach));
    expect([...result.entries()].map(([id, winner]) => [id, winner.id])).toEqual([["upgrade", "all"]]);
  });
});
