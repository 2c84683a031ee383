/**
 * Which purchase options (UPS-1) and selling plans (UPS-2) an offer really has on an order
 * (app/domain/purchase-options.ts): selection, the view and the changeset all use these.
 */
import { describe, expect, it } from "vitest";
import { catalogItem, CLUB_BOX, DECAF, makeOffer, MORNING_ROAST, MUG } from "../../tests/support/catalog-offers";
import type { OfferDefinitionInput } from "./funnel-schemas";
import { configuredOptions, offerSellingPlans, resolvePlans, resolvePurchaseOptions, type OptionContext } from "./purchase-options";

const plain: OptionContext = { orderHasSubscription: false, subscriptionAcceptedInFlow: false };
const planId = (id: number) => `gid://shopify/SellingPlan/${id}`;
const decaf = (extra: Partial<OfferDefinitionInput> = {}) => makeOffer({ id: "d", kind: "subscription_upsell", purchaseOption: "both", items: [catalogItem(DECAF.variant)], ...extra });

describe("UPS-1: purchase options on an order", () => {
  it.each<[string, Partial<OfferDefinitionInput>, string[]]>([
    ["an upgrade is one-time whatever it says", { kind: "subscription_upgrade", purchaseOption: "both" }, ["one_time"]],
    ["both", { purchaseOption: "both" }, ["one_time", "subscription"]],
    ["subscription only", { purchaseOption: "subscription" }, ["subscription"]],
  ])("configures %s", (_label, extra, expected) => {
    expect(configuredOptions(decaf(extra))).toEqual(expected);
  });

  it.each<[string, OptionContext, string, string]>([
    ["RUN-7: after a subscription was accepted in the flow", { ...plain, subscriptionAcceptedInFlow: true, orderHasSubscription: true }, "subscription_offer_already_accepted", "A subscription offer was already accepted in this checkout; only one can go through"],
    ["RUN-6: on an order holding a subscription", { ...plain, orderHasSubscription: true }, "order_has_subscription", "The order already contains a subscription, and Shopify cannot add a second one after checkout"],
  ])("%s the subscription option goes, saying why, and both becomes one-time", (_label, ctx, code, message) => {
    expect(resolvePurchaseOptions(decaf({ defaultOption: "subscription" }), ctx)).toEqual({
      configured: ["one_time", "subscription"],
      allowed: ["one_time"],
      effective: "one_time",
      defaultOption: "one_time",
      removed: [{ code, option: "subscription", message }],
    });
  });

  it("audit S-6: an offer of several products has no subscription option (Shopify allows one subscription per changeset)", () => {
    const offer = decaf({ items: [catalogItem(DECAF.variant), catalogItem(MUG.variant)] });
    expect(resolvePurchaseOptions(offer, plain).removed).toEqual([expect.objectContaining({ code: "several_products", option: "subscription" })]);
  });

  it("RUN-4: subscription-only products cannot be bought one-time, and are named", () => {
    const offer = decaf({ items: [catalogItem(CLUB_BOX.variant)] });
    const result = resolvePurchaseOptions(offer, plain);
    expect(result.removed).toEqual([{ code: "offer_product_subscription_only", option: "one_time", message: "Coffee Club Box can only be sold as a subscription, so it cannot be added as a one-time purchase" }]);
    expect(result).toMatchObject({ allowed: ["subscription"], effective: "subscription", defaultOption: "subscription" });
  });

  it("RUN-4 + RUN-6: nothing left means the offer is skipped", () => {
    const offer = decaf({ items: [catalogItem(CLUB_BOX.variant)] });
    expect(resolvePurchaseOptions(offer, { ...plain, orderHasSubscription: true })).toMatchObject({ allowed: [], effective: null, defaultOption: null });
  });

  it("UPS-1: the merchant's default is kept when allowed", () => {
    expect(resolvePurchaseOptions(decaf({ defaultOption: "subscription" }), plain)).toMatchObject({ effective: "both", defaultOption: "subscription" });
    expect(resolvePurchaseOptions(decaf({ defaultOption: "one_time" }), plain)).toMatchObject({ effective: "both", defaultOption: "one_time" });
  });
});

describe("UPS-2: selling plans of an offer", () => {
  const roastPlans = catalogItem(MORNING_ROAST.variant12oz).sellingPlans ?? [];

  it("audit S-6: a multi-product offer has no plans, even ones every product shares (one subscription per changeset)", () => {
    const offer = decaf({ items: [catalogItem(MORNING_ROAST.variant12oz), catalogItem(MUG.variant, { sellingPlans: roastPlans })] });
    expect(offerSellingPlans(offer)).toEqual([]);
  });

  it("UPS-2: a single-product offer has that product's plans, in order", () => {
    const offer = decaf({ items: [catalogItem(MORNING_ROAST.variant12oz)] });
    expect(offerSellingPlans(offer).map((p) => p.id)).toEqual(roastPlans.map((p) => p.id));
  });

  it("one product without plans leaves none; no product leaves none", () => {
    expect(offerSellingPlans(decaf({ items: [catalogItem(MORNING_ROAST.variant12oz), catalogItem(MUG.variant)] }))).toEqual([]);
    expect(offerSellingPlans({ items: [] })).toEqual([]);
  });

  it.each<[string, Partial<OfferDefinitionInput>, string | null, boolean, string | null]>([
    ["no lock: the first plan is the default", {}, null, false, planId(DECAF.monthly)],
    ["a lock applies", { lockedSellingPlanId: DECAF.every2Months }, planId(DECAF.every2Months), false, planId(DECAF.every2Months)],
    ["a lock on a plan that is gone falls back to all plans", { lockedSellingPlanId: 9999 }, null, true, planId(DECAF.monthly)],
    ["a one-time-only offer ignores its lock", { purchaseOption: "one_time", lockedSellingPlanId: DECAF.every2Months }, null, false, planId(DECAF.monthly)],
    ["an upgrade ignores a lock", { kind: "subscription_upgrade", lockedSellingPlanId: DECAF.every2Months }, null, false, planId(DECAF.monthly)],
  ])("%s", (_label, extra, locked, fallback, defaultPlan) => {
    const result = resolvePlans(decaf(extra));
    expect(result.plans.map((p) => p.id)).toEqual([planId(DECAF.monthly), planId(DECAF.every2Months)]);
    expect(result.lockedPlan?.id ?? null).toBe(locked);
    expect(result.lockFallback).toBe(fallback);
    expect(result.defaultPlan?.id ?? null).toBe(defaultPlan);
  });

  it("a product without plans has no default plan", () => {
    expect(resolvePlans(decaf({ items: [catalogItem(MUG.variant)] })).defaultPlan).toBeNull();
  });
});
