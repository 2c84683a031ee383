/**
 * The upgrade wizard's result as funnel data (app/domain/wizard-draft.ts): the saved
 * upgrade per provider (WIZ-4..7), reopening it (WIZ-8), and its place in the offer tree
 * with FUN-4's recommended triggers (FUN-7).
 */
import { describe, expect, it } from "vitest";
import { catalogItem, DECAF, DOUBLE_BAG, MORNING_ROAST } from "../../tests/support/catalog-offers";
import type { EditorDraft, EditorItem, EditorOffer } from "./funnel-editor-schemas";
import { OfferItemSchema, type Upgrade } from "./funnel-schemas";
import {
  applyUpgradeToDraft,
  NEW_UPGRADE_OFFER_ID,
  targetsUpgrade,
  upgradeToConfig,
  wizardOfferItem,
  WizardStateSchema,
  wizardToUpgrade,
  type UpgradePlacement,
} from "./wizard-draft";
import { emptyWizardState, type ProviderPlanOption, type WizardContext, type WizardProductChoice, type WizardState } from "./wizard-validation";

function choice(variantId: number): WizardProductChoice {
  const item = OfferItemSchema.parse({ ...catalogItem(variantId), id: "x" });
  return {
    id: item.productId,
    title: item.productTitle,
    imageUrl: item.imageUrl ?? null,
    variantId: item.variantId,
    variantTitle: item.variantTitle,
    priceMinor: item.priceMinor,
    currency: item.currency,
    subscriptionOnly: item.subscriptionOnly,
    isBundle: item.isBundle,
    sellingPlans: item.sellingPlans,
  };
}

const plan = (id: string, deliveryCount: number, billingCount = deliveryCount): ProviderPlanOption => ({
  id,
  name: id,
  interval: { unit: "month", deliveryCount, billingCount },
  prepaid: billingCount > deliveryCount,
});
const RECHARGE: WizardContext = { provider: "recharge", currency: "USD", providerPlans: [plan("rc-1", 1), plan("rc-6", 1, 6)] };
const SKIO: WizardContext = { provider: "skio", currency: "USD", providerPlans: null };
const LOOP: WizardContext = { provider: "loop", currency: "USD", providerPlans: [plan("loop-1", 1), plan("loop-2", 2)] };

function state(change: (s: WizardState) => void = () => {}): WizardState {
  const s = emptyWizardState();
  s.trigger = choice(MORNING_ROAST.variant12oz);
  s.offerTab = "existing";
  s.offerProduct = choice(DOUBLE_BAG.variant);
  s.config.deliveryIntervalCount = "2";
  s.config.billingIntervalCount = "6";
  s.config.providerSellingPlanId = "rc-6";
  change(s);
  return s;
}

describe("WIZ-4..7: the saved upgrade, per type and provider", () => {
  it("WIZ-4: a frequency upgrade keeps the cadence and drops any replacement", () => {
    const upgrade = wizardToUpgrade(
      state((s) => {
        s.config.replacement = choice(DECAF.variant);
        s.config.applyAtEndOfCycle = true;
      }),
      RECHARGE,
    );
    expect(upgrade).toEqual({
      provider: "recharge",
      frequencyAppliesToAllLines: false,
      triggerProductId: choice(MORNING_ROAST.variant12oz).id,
      triggerProductTitle: "Morning Roast Coffee",
      triggerSellingPlans: choice(MORNING_ROAST.variant12oz).sellingPlans,
      type: "frequency",
      intervalUnit: "month",
      deliveryIntervalCount: 2,
      billingIntervalCount: 6,
      providerSellingPlanId: "rc-6",
      applyAtEndOfCycle: true,
      replacementProductId: null,
      replacementVariantId: null,
      replacementTitle: null,
      replacementQuantity: null,
      discount: { type: "none", value: 0 },
      discountCode: null,
    });
  });

  it("WIZ-4: a replacement keeps no cadence, plan or end-of-cycle, only the replacement product", () => {
    const upgrade = wizardToUpgrade(
      state((s) => {
        s.config.type = "replacement";
        s.config.replacement = choice(DECAF.variant);
        s.config.replacementQuantity = "3";
        s.config.applyAtEndOfCycle = true;
      }),
      RECHARGE,
    );
    expect(upgrade).toMatchObject({
      type: "replacement",
      intervalUnit: null,
      deliveryIntervalCount: null,
      billingIntervalCount: null,
      providerSellingPlanId: null,
      applyAtEndOfCycle: false,
      replacementProductId: choice(DECAF.variant).id,
      replacementVariantId: choice(DECAF.variant).variantId,
      replacementTitle: "Decaf Roast",
      replacementQuantity: 3,
    });
  });

  it("WIZ-4: a replacement without a chosen product saves nulls, never a stale id", () => {
    const upgrade = wizardToUpgrade(state((s) => (s.config.type = "both")), RECHARGE);
    expect(upgrade).toMatchObject({ replacementProductId: null, replacementVariantId: null, replacementTitle: null, replacementQuantity: 1 });
  });

  it("WIZ-6: Loop bills as often as it delivers, takes its own matching plan and never waits for the end of the cycle", () => {
    const upgrade = wizardToUpgrade(
      state((s) => {
        s.config.applyAtEndOfCycle = true;
        s.config.providerSellingPlanId = "typed-by-hand";
      }),
      LOOP,
    );
    expect(upgrade).toMatchObject({ deliveryIntervalCount: 2, billingIntervalCount: 2, providerSellingPlanId: "loop-2", applyAtEndOfCycle: false });
  });

  it("WIZ-6: Loop without a matching plan saves no plan id", () => {
    expect(wizardToUpgrade(state((s) => (s.config.deliveryIntervalCount = "3")), LOOP).providerSellingPlanId).toBeNull();
    expect(wizardToUpgrade(state(), { ...LOOP, providerPlans: null }).providerSellingPlanId).toBeNull();
  });

  it("WIZ-5: Skio keeps the picked plan and the end-of-cycle choice", () => {
    expect(wizardToUpgrade(state((s) => (s.config.applyAtEndOfCycle = true)), SKIO)).toMatchObject({ providerSellingPlanId: "rc-6", applyAtEndOfCycle: true, billingIntervalCount: 6 });
  });

  it.each<[string, WizardContext, { type: "percentage" | "fixed_amount" | "none"; value: string }, string, object]>([
    ["Skio keeps the trimmed code of a discount", SKIO, { type: "percentage", value: "10" }, "  SAVE10 ", { discount: { type: "percentage", value: 1000 }, discountCode: "SAVE10" }],
    ["Skio with a blank code saves none", SKIO, { type: "fixed_amount", value: "2.50" }, "   ", { discount: { type: "fixed_amount", value: 250 }, discountCode: null }],
    ["Skio without a discount keeps no code", SKIO, { type: "none", value: "" }, "SAVE10", { discount: { type: "none", value: 0 }, discountCode: null }],
    ["Recharge makes its own code", RECHARGE, { type: "percentage", value: "10" }, "SAVE10", { discount: { type: "percentage", value: 1000 }, discountCode: null }],
    ["an unreadable discount saves no discount", RECHARGE, { type: "percentage", value: "lots" }, "", { discount: { type: "none", value: 0 }, discountCode: null }],
  ])("WIZ-7: %s", (_label, ctx, discount, discountCode, expected) => {
    const upgrade = wizardToUpgrade(
      state((s) => {
        s.config.discount = discount;
        s.config.discountCode = discountCode;
      }),
      ctx,
    );
    expect(upgrade).toMatchObject(expected);
  });

  it("WIZ-2: the offer item is the offer product, one-time, carrying the upgrade; a Default Title variant shows no variant title", () => {
    const item = wizardOfferItem(state(), RECHARGE);
    const product = choice(DOUBLE_BAG.variant);
    expect(item).toEqual({
      productId: product.id,
      variantId: product.variantId,
      productTitle: "Upgrade: Double Bag",
      variantTitle: "",
      imageUrl: product.imageUrl,
      priceMinor: 1500,
      currency: "USD",
      quantity: "1",
      subscriptionOnly: false,
      isBundle: false,
      sellingPlans: product.sellingPlans,
      upgrade: wizardToUpgrade(state(), RECHARGE),
    });
    expect(wizardOfferItem(state((s) => (s.offerProduct = choice(DECAF.variant))), RECHARGE).variantTitle).toBe("12 oz");
  });
});

describe("WIZ-8: a saved upgrade reopens in the wizard", () => {
  const saved = (extra: Partial<Upgrade>): Upgrade => ({ ...wizardToUpgrade(state(), RECHARGE), ...extra });

  it.each<[string, Partial<Upgrade>, Partial<WizardState["config"]>]>([
    ["a yearly cadence (the wizard offers no years) reopens as months", { intervalUnit: "year" }, { intervalUnit: "month" }],
    ["a weekly cadence stays weekly", { intervalUnit: "week" }, { intervalUnit: "week" }],
    ["no cadence (a replacement) reopens as monthly, 1 and 1", { intervalUnit: null, deliveryIntervalCount: null, billingIntervalCount: null }, { intervalUnit: "month", deliveryIntervalCount: "1", billingIntervalCount: "1" }],
    ["no billing count reopens billed as delivered", { deliveryIntervalCount: 3, billingIntervalCount: null }, { deliveryIntervalCount: "3", billingIntervalCount: "3" }],
    ["no plan, quantity or code reopens empty", { providerSellingPlanId: null, replacementQuantity: null, discountCode: null }, { providerSellingPlanId: null, replacementQuantity: "1", discountCode: "" }],
    ["a code and quantity reopen as text", { replacementQuantity: 4, discountCode: "SAVE" }, { replacementQuantity: "4", discountCode: "SAVE" }],
  ])("WIZ-8: %s", (_label, extra, expected) => {
    expect(upgradeToConfig(saved(extra), null, "USD")).toMatchObject(expected);
  });
});

describe("WizardStateSchema: the wizard state the browser posts", () => {
  it("trims counts, keeps at most 10 characters and fills defaults", () => {
    const parsed = WizardStateSchema.parse({
      trigger: null,
      offerProduct: null,
      config: { type: "frequency", deliveryIntervalCount: " 2 ", billingIntervalCount: 123456789012 },
    });
    expect(parsed.config).toMatchObject({ deliveryIntervalCount: "2", billingIntervalCount: "1234567890", replacementQuantity: "1", intervalUnit: "month", discountCode: "" });
    expect(parsed.offerTab).toBe("existing");
  });
});

describe("FUN-4 / FUN-7: placing the upgrade in the funnel", () => {
  const trigger = { id: choice(MORNING_ROAST.variant12oz).id, title: "Morning Roast Coffee", imageUrl: null };
  const item: EditorItem = { productId: "gid://shopify/Product/1006", variantId: "gid://shopify/ProductVariant/2007", productTitle: "Upgrade: Double Bag", priceMinor: 1500, currency: "USD", quantity: "1" };
  const other: EditorItem = { ...item, productId: "gid://shopify/Product/1004", productTitle: "Mug" };
  const offer = (id: string, extra: Partial<EditorOffer> = {}): EditorOffer => ({ id, kind: "subscription_upgrade", items: [other], ...extra });
  const draft = (offers: EditorOffer[], extra: Partial<EditorDraft> = {}): EditorDraft => ({
    name: "Coffee",
    priority: "0",
    triggers: { products: [], subscription: "off", showToAll: true },
    offers,
    ...extra,
  });
  const place = (d: EditorDraft, placement: UpgradePlacement, recommendedTriggers = false) => applyUpgradeToDraft(d, item, placement, { recommendedTriggers, trigger });

  it.each<[string, boolean, EditorDraft["triggers"]]>([
    ["trigger product + include, not shown to all", true, { products: [{ id: trigger.id, title: "x" }], subscription: "include", showToAll: false }],
    ["shown to all", false, { products: [{ id: trigger.id, title: "x" }], subscription: "include", showToAll: true }],
    ["subscription trigger off", false, { products: [{ id: trigger.id, title: "x" }], subscription: "off", showToAll: false }],
    ["another product", false, { products: [{ id: "gid://shopify/Product/9", title: "x" }], subscription: "include", showToAll: false }],
  ])("FUN-4: targetsUpgrade with %s is %s", (_label, expected, triggers) => {
    expect(targetsUpgrade(triggers, trigger.id)).toBe(expected);
  });

  it("FUN-7: replaces the chosen product of an existing upgrade offer, leaving other offers alone", () => {
    const mug = offer("mug", { kind: "product_upsell", parentId: "up", branch: "accept" });
    const result = place(draft([offer("up", { items: [other, other] }), mug]), { kind: "item", offerId: "up", itemIndex: 1 });
    expect(result).toEqual({ ok: true, offerId: "up", draft: draft([offer("up", { items: [other, item] }), mug]) });
  });

  it("FUN-7: an index just past the last product adds the upgrade as a new product of the offer", () => {
    const result = place(draft([offer("up")]), { kind: "item", offerId: "up", itemIndex: 1 });
    expect(result).toMatchObject({ ok: true, draft: { offers: [{ id: "up", items: [other, item] }] } });
  });

  it.each<[string, EditorDraft, UpgradePlacement, number, string]>([
    ["an offer that is gone", draft([offer("up")]), { kind: "item", offerId: "gone", itemIndex: 0 }, 404, "This upgrade offer no longer exists in the funnel."],
    ["an offer that is not an upgrade", draft([offer("up", { kind: "product_upsell" })]), { kind: "item", offerId: "up", itemIndex: 0 }, 404, "This upgrade offer no longer exists in the funnel."],
    ["a product index below zero", draft([offer("up")]), { kind: "item", offerId: "up", itemIndex: -1 }, 404, "This product is no longer part of the upgrade offer."],
    ["a product index past the end", draft([offer("up")]), { kind: "item", offerId: "up", itemIndex: 2 }, 404, "This product is no longer part of the upgrade offer."],
    ["a second first offer", draft([offer("root")]), { kind: "new", parentId: null, branch: null }, 400, "This funnel already has a first offer: add the upgrade after one of its offers."],
    ["a parent that is gone", draft([offer("root")]), { kind: "new", parentId: "gone", branch: "accept" }, 404, "The offer this upgrade should follow no longer exists."],
    ["a taken accept branch", draft([offer("root"), offer("next", { parentId: "root", branch: "accept" })]), { kind: "new", parentId: "root", branch: "accept" }, 400, "Another offer already follows this accept."],
    ["a taken branchless follow-up", draft([offer("root"), offer("next", { parentId: "root", branch: null })]), { kind: "new", parentId: "root", branch: null }, 400, "Another offer already follows this offer."],
  ])("FUN-7: refuses %s, saying why", (_label, d, placement, status, message) => {
    expect(place(d, placement)).toEqual({ ok: false, status, message });
  });

  it("FUN-7: a first upgrade offer in an empty funnel is the root, one-time, with the explanatory body", () => {
    const result = place(draft([]), { kind: "new", parentId: null, branch: "accept" });
    expect(result).toEqual({
      ok: true,
      offerId: NEW_UPGRADE_OFFER_ID,
      draft: draft([
        {
          id: "new-upgrade",
          parentId: null,
          branch: null,
          kind: "subscription_upgrade",
          headline: "",
          body: "This item represents your subscription upgrade. Your recurring plan is updated separately.",
          purchaseOption: "one_time",
          defaultOption: "one_time",
          lockedSellingPlanId: null,
          discount: { type: "none", value: "" },
          items: [item],
        },
      ]),
    });
  });

  it("FUN-7: a new upgrade offer follows a free branch of its parent (the other branch being taken is fine)", () => {
    const d = draft([offer("root"), offer("next", { parentId: "root", branch: "accept" })]);
    const result = place(d, { kind: "new", parentId: "root", branch: "decline" });
    expect(result).toMatchObject({ ok: true, draft: { offers: [{ id: "root" }, { id: "next" }, { id: "new-upgrade", parentId: "root", branch: "decline" }] } });
  });

  it("FUN-4: the recommended triggers add the trigger product once and target subscription orders only", () => {
    const added = place(draft([]), { kind: "new", parentId: null, branch: null }, true);
    expect(added).toMatchObject({ ok: true, draft: { triggers: { products: [trigger], subscription: "include", showToAll: false } } });
    const existing = { id: trigger.id, title: "Morning Roast (already there)" };
    const kept = place(draft([], { triggers: { products: [existing], subscription: "exclude", showToAll: true } }), { kind: "new", parentId: null, branch: null }, true);
    expect(kept).toMatchObject({ ok: true, draft: { triggers: { products: [existing], subscription: "include", showToAll: false } } });
  });

  it("FUN-4: without the recommendation the merchant's triggers stay as they are", () => {
    const triggers = { products: [], subscription: "off" as const, showToAll: true };
    expect(place(draft([], { triggers }), { kind: "new", parentId: null, branch: null })).toMatchObject({ ok: true, draft: { triggers } });
  });

  it.each<[string, string | undefined, string]>([
    ["a named funnel keeps its name", "Coffee", "Coffee"],
    ["a blank name becomes the upgrade's", "   ", "Upgrade: Morning Roast Coffee"],
    ["no name becomes the upgrade's", undefined, "Upgrade: Morning Roast Coffee"],
  ])("%s", (_label, name, expected) => {
    const result = place(draft([], { name }), { kind: "new", parentId: null, branch: null });
    expect(result).toMatchObject({ ok: true, draft: { name: expected } });
  });

  it("a generated name stops at 100 characters", () => {
    const long = applyUpgradeToDraft(draft([], { name: "" }), item, { kind: "new", parentId: null, branch: null }, { recommendedTriggers: false, trigger: { ...trigger, title: "x".repeat(150) } });
    expect(long.ok && long.draft.name).toBe(`Upgrade: ${"x".repeat(91)}`);
  });
});
