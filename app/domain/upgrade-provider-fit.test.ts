/**
 * Issue 13 §6: switching provider (or settings the provider cannot do) never leaves an
 * impossible upgrade offer live. Checkout skips it at once, and the funnel editor names it
 * with the reason and the fix — the same rule in both places.
 */
import { first } from "../../tests/support/entries";
import { describe, expect, it } from "vitest";
import { catalogOrder, makeFunnel, upgradeOffer } from "../../tests/support/catalog-offers";
import { startFlow } from "./flow-state";
import type { Provider } from "./funnel-schemas";
import { funnelWarnings } from "./funnel-warnings";
import { selectNextOffer } from "./offer-selection";
import { upgradeProviderProblems } from "./upgrade-provider-fit";

const monthlyUpgrade = { type: "frequency", intervalUnit: "month", deliveryIntervalCount: 2, billingIntervalCount: 2 };
const prepaidUpgrade = { type: "frequency", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 6 };
const discounted = { discount: { type: "percentage", value: 1000 } };

const cases: Array<[string, Record<string, unknown>, Provider, string[]]> = [
  ["an upgrade set up for Recharge, shop now on Skio", { ...monthlyUpgrade, provider: "recharge" }, "skio", ["provider_changed"]],
  ["an upgrade set up for Skio, shop now on Loop", { ...monthlyUpgrade, provider: "skio" }, "loop", ["provider_changed"]],
  ["a prepaid upgrade once the shop moves to Loop", { ...prepaidUpgrade, provider: "recharge" }, "loop", ["provider_changed", "loop_prepaid"]],
  ["a prepaid upgrade saved before the provider was recorded, on Loop", prepaidUpgrade, "loop", ["loop_prepaid"]],
  ["a Skio discount without a discount code", { ...monthlyUpgrade, ...discounted, provider: "skio" }, "skio", ["skio_discount_without_code"]],
  ["a Skio discount with its code", { ...monthlyUpgrade, ...discounted, discountCode: "UPLIFT10", provider: "skio" }, "skio", []],
  ["a prepaid upgrade on Recharge (supported)", { ...prepaidUpgrade, provider: "recharge" }, "recharge", []],
  ["an upgrade on the provider it was set up for", { ...monthlyUpgrade, provider: "loop" }, "loop", []],
];

describe("issue 13 §6: upgrades the connected provider cannot carry out", () => {
  it.each(cases)("%s → %s problems %j", (_label, upgrade, provider, expected) => {
    const offer = upgradeOffer("up", {}, upgrade);
    expect(upgradeProviderProblems(first(offer.items).upgrade!, provider).map((p) => p.code)).toEqual(expected);
  });

  it.each(cases.filter(([, , , expected]) => expected.length > 0))("stops showing at checkout at once: %s", (_label, upgrade, provider) => {
    const funnel = makeFunnel({ id: "f", offers: [upgradeOffer("up", {}, upgrade)] });
    const result = selectNextOffer({ order: catalogOrder(5001), funnels: [funnel], shop: { subscriptionUpgradesEnabled: true, provider }, flow: startFlow() });
    expect(result.status).not.toBe("offer");
    expect(result.reasons.filter((r) => r.offerId === "up").map((r) => r.code)).toContain("upgrade_not_possible_with_provider");
  });

  it("an upgrade the provider can do still shows (the rule is not a blanket ban)", () => {
    const funnel = makeFunnel({ id: "f", offers: [upgradeOffer("up", {}, { ...monthlyUpgrade, provider: "recharge" })] });
    const result = selectNextOffer({ order: catalogOrder(5001), funnels: [funnel], shop: { subscriptionUpgradesEnabled: true, provider: "recharge" }, flow: startFlow() });
    expect(result.status).toBe("offer");
  });

  it("the funnel editor flags each affected offer with the reason and the fix", () => {
    const funnel = makeFunnel({ id: "f", offers: [upgradeOffer("up", { headline: "Go bi-monthly" }, { ...monthlyUpgrade, provider: "recharge" })] });
    const [warning] = funnelWarnings(funnel, { provider: "skio" }).filter((w) => w.code === "upgrade_not_possible_with_provider");
    expect(warning).toMatchObject({ rule: "PRV-1", offerIds: ["up"] });
    expect(warning?.message).toMatch(/"Go bi-monthly": This upgrade was set up for Recharge, but the shop now uses Skio.*To fix it: Open the upgrade/);
    expect(funnelWarnings(funnel, { provider: "recharge" }).map((w) => w.code)).not.toContain("upgrade_not_possible_with_provider");
  });
});
