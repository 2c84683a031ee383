import { describe, expect, it } from "vitest";
import type { FunnelTriggers } from "./funnel-schemas";
import { shadowedFunnels, shadowedFunnelWarning, shadowingFunnel, triggersCover, type FunnelReach } from "./funnel-shadowing";

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
