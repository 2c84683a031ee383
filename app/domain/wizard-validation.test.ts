/**
 * The subscription upgrade wizard's rules (app/domain/wizard-validation.ts), shared by the
 * browser (Next validates the step) and the save action (every step again, WIZ-8).
 */
import { describe, expect, it } from "vitest";
import { emptyWizardState, findMatchingPlan, productEligibility, validateConfigureStep, validateCreateFields, validateOfferStep, validateTriggerStep, validateWizard, WIZ3_BUNDLE, WIZ3_SUBSCRIPTION_ONLY, type ProviderPlanOption, type WizardContext, type WizardProductChoice, type WizardState } from "~/domain/wizard-validation";
import { upgradeToConfig, wizardToUpgrade } from "~/domain/wizard-draft";
import { catalogItem, BARISTA_BUNDLE, CLUB_BOX, DECAF, DOUBLE_BAG, MORNING_ROAST, MUG } from "../../tests/support/catalog-offers";
import { OfferItemSchema } from "~/domain/funnel-schemas";

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

const monthly = (id: string, deliveryCount = 1, billingCount = deliveryCount): ProviderPlanOption => ({
  id,
  name: `Every ${deliveryCount} month(s)`,
  interval: { unit: "month", deliveryCount, billingCount },
  prepaid: billingCount > deliveryCount,
});
const RECHARGE: WizardContext = { provider: "recharge", currency: "USD", providerPlans: [monthly("rc-1"), monthly("rc-6", 1, 6)] };
const LOOP: WizardContext = { provider: "loop", currency: "USD", providerPlans: [monthly("loop-1"), monthly("loop-2", 2)] };

function state(change: (s: WizardState) => void = () => {}): WizardState {
  const s = emptyWizardState();
  s.trigger = choice(MORNING_ROAST.variant12oz);
  s.offerTab = "existing";
  s.offerProduct = choice(DOUBLE_BAG.variant);
  s.config.deliveryIntervalCount = "1";
  s.config.billingIntervalCount = "6";
  change(s);
  return s;
}

describe("WIZ-1: step 1, the trigger product", () => {
  it("WIZ-1: a product with selling plans can be the trigger", () => {
    expect(validateTriggerStep(state())).toEqual({});
  });

  it("WIZ-1: no trigger, or a product without selling plans, is refused with the reason", () => {
    expect(validateTriggerStep(state((s) => (s.trigger = null))).trigger).toMatch(/Choose the subscription product/);
    expect(validateTriggerStep(state((s) => (s.trigger = choice(MUG.variant)))).trigger).toMatch(/Ceramic Mug has no selling plans/);
  });

  it("WIZ-1: the trigger picker disables products without selling plans", () => {
    expect(productEligibility(choice(MUG.variant), "upgrade_trigger")).toMatchObject({ allowed: false, reason: expect.stringMatching(/no selling plans/i) });
    expect(productEligibility(choice(DECAF.variant), "upgrade_trigger")).toEqual({ allowed: true, reason: null });
  });
});

describe("WIZ-2 / WIZ-3: step 2, the offer product", () => {
  it("WIZ-2: Create new needs a title and a one-time price; the image is optional", () => {
    expect(validateCreateFields({ title: "Premium upgrade", price: "4.99", hasImage: true }, "USD")).toEqual({});
    expect(validateCreateFields({ title: "Plain placeholder", price: "0.00", hasImage: false }, "USD")).toEqual({});
    expect(validateCreateFields({ title: " ", price: "-1", hasImage: false }, "USD")).toEqual({
      "create.title": expect.stringMatching(/title/),
      "create.price": expect.stringMatching(/one-time upgrade price in USD/),
    });
    expect(validateCreateFields({ title: "Free upgrade", price: "0", hasImage: true }, "USD")).toEqual({});
    expect(validateCreateFields({ title: "x", price: "1.999", hasImage: true }, "USD")["create.price"]).toBeTruthy();
  });

  it("WIZ-2: Next on Create new waits for the product to exist", () => {
    expect(validateOfferStep(state((s) => { s.offerTab = "create"; s.offerProduct = null; })).offerProduct).toMatch(/Create the offer product first/);
  });

  it("WIZ-2: the trigger product cannot be the offer product (the picker hides it)", () => {
    expect(validateOfferStep(state((s) => (s.offerProduct = choice(MORNING_ROAST.variant12oz)))).offerProduct).toMatch(/is the trigger product/);
  });

  it("WIZ-3: a subscription-only product is refused with why and what to do", () => {
    const message = validateOfferStep(state((s) => (s.offerProduct = choice(CLUB_BOX.variant)))).offerProduct;
    expect(message).toContain("Coffee Club Box");
    expect(message).toContain(WIZ3_SUBSCRIPTION_ONLY);
    expect(message).toMatch(/Allow one-time purchase/);
  });

  it("WIZ-3: a Shopify bundle is refused with the fixed-quantity advice", () => {
    const message = validateOfferStep(state((s) => (s.offerProduct = choice(BARISTA_BUNDLE.variant)))).offerProduct;
    expect(message).toContain(WIZ3_BUNDLE);
    expect(message).toMatch(/fixed quantity of 3/);
  });

  it.each<[string, number, "upgrade_offer" | "replacement" | "product_upsell" | "subscription_upsell" | "trigger", boolean]>([
    ["a one-time product as upgrade offer", MUG.variant, "upgrade_offer", true],
    ["a subscription-only product as upgrade offer", CLUB_BOX.variant, "upgrade_offer", false],
    ["a bundle as upgrade offer", BARISTA_BUNDLE.variant, "upgrade_offer", false],
    ["a bundle as replacement", BARISTA_BUNDLE.variant, "replacement", false],
    ["a subscription-only product as replacement", CLUB_BOX.variant, "replacement", true],
    ["a subscription-only product in a product upsell", CLUB_BOX.variant, "product_upsell", false],
    ["a subscription-only product in a subscription upsell", CLUB_BOX.variant, "subscription_upsell", true],
    ["a bundle as a funnel trigger", BARISTA_BUNDLE.variant, "trigger", true],
  ])("WIZ-3: picker eligibility — %s: %s", (_label, variantId, mode, allowed) => {
    expect(productEligibility(choice(variantId), mode).allowed).toBe(allowed);
  });
});

describe("WIZ-4: step 3, the upgrade type", () => {
  it("WIZ-4: a prepaid frequency (billed every 6 months, delivered monthly) is valid", () => {
    expect(validateConfigureStep(state(), RECHARGE)).toEqual({});
  });

  it.each<[string, string, string, RegExp]>([
    ["billing below delivery", "2", "1", /equal to or greater than the delivery/],
    ["billing not a multiple of delivery", "2", "3", /whole multiple of the delivery frequency \(2, 4, 6/],
    ["a zero delivery frequency", "0", "1", /Delivery frequency is a whole number/],
    ["text as billing", "1", "six", /Billing frequency is a whole number/],
  ])("WIZ-4: %s is refused next to the field", (_label, delivery, billing, message) => {
    const errors = validateConfigureStep(state((s) => { s.config.deliveryIntervalCount = delivery; s.config.billingIntervalCount = billing; }), RECHARGE);
    expect(Object.values(errors).join(" ")).toMatch(message);
  });

  it("WIZ-4: replacement needs a replacement product (not a bundle) and a fixed quantity", () => {
    const missing = validateConfigureStep(state((s) => { s.config.type = "replacement"; s.config.replacementQuantity = "0"; }), RECHARGE);
    expect(missing["config.replacement"]).toMatch(/Choose the product that replaces/);
    expect(missing["config.replacementQuantity"]).toMatch(/1 to 100/);
    const bundle = validateConfigureStep(state((s) => { s.config.type = "replacement"; s.config.replacement = choice(BARISTA_BUNDLE.variant); }), RECHARGE);
    expect(bundle["config.replacement"]).toContain(WIZ3_BUNDLE);
  });

  it("WIZ-4: replacement keeps the subscription's frequency (no frequency saved); both saves frequency and replacement", () => {
    const replacement = state((s) => { s.config.type = "replacement"; s.config.replacement = choice(DECAF.variant); s.config.replacementQuantity = "3"; });
    expect(validateConfigureStep(replacement, RECHARGE)).toEqual({});
    expect(wizardToUpgrade(replacement, RECHARGE)).toMatchObject({ type: "replacement", intervalUnit: null, deliveryIntervalCount: null, billingIntervalCount: null, replacementQuantity: 3, applyAtEndOfCycle: false });
    const both = state((s) => { s.config.type = "both"; s.config.replacement = choice(DECAF.variant); });
    expect(wizardToUpgrade(both, RECHARGE)).toMatchObject({ type: "both", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 6, replacementTitle: "Decaf Roast" });
  });
});

describe("WIZ-5: Recharge and Skio — selling plan picker and end of cycle", () => {
  it("WIZ-5: a picked provider plan must exist and match the frequency", () => {
    expect(validateConfigureStep(state((s) => (s.config.providerSellingPlanId = "rc-6")), RECHARGE)).toEqual({});
    expect(validateConfigureStep(state((s) => (s.config.providerSellingPlanId = "rc-1")), RECHARGE)["config.providerSellingPlanId"]).toMatch(/does not match the frequency/);
    expect(validateConfigureStep(state((s) => (s.config.providerSellingPlanId = "gone")), RECHARGE)["config.providerSellingPlanId"]).toMatch(/no longer exists/);
  });

  it("WIZ-5: apply at end of current cycle is kept for Recharge/Skio frequency upgrades only", () => {
    const endOfCycle = state((s) => (s.config.applyAtEndOfCycle = true));
    expect(wizardToUpgrade(endOfCycle, RECHARGE).applyAtEndOfCycle).toBe(true);
    expect(wizardToUpgrade(endOfCycle, { ...RECHARGE, provider: "skio" }).applyAtEndOfCycle).toBe(true);
    expect(wizardToUpgrade(state((s) => { s.config.applyAtEndOfCycle = true; s.config.billingIntervalCount = "1"; }), LOOP).applyAtEndOfCycle).toBe(false);
    const replacement = state((s) => { s.config.applyAtEndOfCycle = true; s.config.type = "replacement"; s.config.replacement = choice(DECAF.variant); });
    expect(wizardToUpgrade(replacement, RECHARGE).applyAtEndOfCycle).toBe(false);
  });
});

describe("WIZ-6: Loop — locked billing and the selling plan pre-check", () => {
  it("WIZ-6: billing is locked to delivery (prepaid is refused)", () => {
    expect(validateConfigureStep(state(), LOOP)["config.billingIntervalCount"]).toMatch(/Loop does not support prepaid/);
    const postpaid = state((s) => { s.config.deliveryIntervalCount = "2"; s.config.billingIntervalCount = "2"; });
    expect(validateConfigureStep(postpaid, LOOP)).toEqual({});
    expect(wizardToUpgrade(postpaid, LOOP)).toMatchObject({ deliveryIntervalCount: 2, billingIntervalCount: 2, providerSellingPlanId: "loop-2" });
  });

  it("WIZ-6: refuses a frequency Loop has no selling plan for, saying the app cannot create it", () => {
    const errors = validateConfigureStep(state((s) => { s.config.deliveryIntervalCount = "3"; s.config.billingIntervalCount = "3"; }), LOOP);
    expect(errors["config.deliveryIntervalCount"]).toMatch(/Loop has no selling plan that delivers every 3 months/);
    expect(errors["config.deliveryIntervalCount"]).toMatch(/cannot create Loop selling plans/);
  });

  it("WIZ-6: the pre-check ignores prepaid plans", () => {
    expect(findMatchingPlan([monthly("p", 1, 6)], { unit: "month", deliveryCount: 1, billingCount: 1 })).toBeNull();
  });
});

describe("WIZ-7: the upgrade discount", () => {
  it.each<[string, string, Record<string, unknown> | RegExp]>([
    ["percentage", "10", { type: "percentage", value: 1000 }],
    ["percentage", "100", { type: "percentage", value: 10_000 }],
    ["percentage", "0", /more than 0/],
    ["percentage", "101", /at most 100/],
    ["fixed_amount", "2.50", { type: "fixed_amount", value: 250 }],
    ["fixed_amount", "0", /more than 0/],
  ])("WIZ-7: %s %s", (type, value, expected) => {
    const s = state((x) => (x.config.discount = { type: type as "percentage", value }));
    const errors = validateConfigureStep(s, RECHARGE);
    if (expected instanceof RegExp) expect(errors["config.discount.value"]).toMatch(expected);
    else {
      expect(errors).toEqual({});
      expect(wizardToUpgrade(s, RECHARGE).discount).toEqual(expected);
    }
  });
});

describe("WIZ-7: Skio applies the upgrade discount only by code", () => {
  const SKIO: WizardContext = { provider: "skio", currency: "USD", providerPlans: null };
  const discounted = (code: string) => state((s) => { s.config.discount = { type: "percentage", value: "10" }; s.config.discountCode = code; });

  it("WIZ-7: a Skio discount without a code is refused next to the Skio discount code field, saying to create it in Skio first", () => {
    for (const code of ["", "   "]) {
      const errors = validateConfigureStep(discounted(code), SKIO);
      expect(Object.keys(errors)).toEqual(["config.discountCode"]);
      expect(errors["config.discountCode"]).toMatch(/Skio discount code/);
      expect(errors["config.discountCode"]).toMatch(/create the code in Skio first/);
    }
    expect(validateWizard(discounted(""), SKIO).firstInvalidStep).toBe("configure");
    expect(validateConfigureStep(discounted("X".repeat(256)), SKIO)["config.discountCode"]).toMatch(/under 255 characters/);
  });

  it("WIZ-7: with a code the Skio upgrade is valid and carries the trimmed code", () => {
    expect(validateConfigureStep(discounted(" UPGRADE10 "), SKIO)).toEqual({});
    expect(wizardToUpgrade(discounted(" UPGRADE10 "), SKIO)).toMatchObject({ discount: { type: "percentage", value: 1000 }, discountCode: "UPGRADE10" });
  });

  it("WIZ-7: no code is asked or kept without a discount, nor for Recharge and Loop", () => {
    const none = state((s) => (s.config.discountCode = "LEFTOVER"));
    expect(validateConfigureStep(none, SKIO)).toEqual({});
    expect(wizardToUpgrade(none, SKIO).discountCode).toBeNull();
    expect(validateConfigureStep(discounted(""), RECHARGE)).toEqual({});
    expect(wizardToUpgrade(discounted("UPGRADE10"), RECHARGE).discountCode).toBeNull();
  });
});

describe("WIZ-8: every step validates; a saved wizard reopens", () => {
  it("WIZ-8: validateWizard names the first step with an error", () => {
    expect(validateWizard(state(), RECHARGE).firstInvalidStep).toBeNull();
    expect(validateWizard(state((s) => (s.offerProduct = null)), RECHARGE).firstInvalidStep).toBe("offer");
    expect(validateWizard(state((s) => { s.trigger = null; s.config.billingIntervalCount = "x"; }), RECHARGE).firstInvalidStep).toBe("trigger");
  });

  it("WIZ-8: a saved upgrade turns back into the same wizard input", () => {
    const original = state((s) => { s.config.type = "both"; s.config.replacement = choice(DECAF.variant); s.config.replacementQuantity = "2"; s.config.discount = { type: "percentage", value: "12.5" }; s.config.providerSellingPlanId = "rc-6"; s.config.applyAtEndOfCycle = true; });
    const saved = wizardToUpgrade(original, RECHARGE);
    expect(upgradeToConfig(saved, choice(DECAF.variant), "USD")).toEqual(original.config);
  });

  it("WIZ-8: a saved Skio upgrade reopens with its discount code", () => {
    const skio: WizardContext = { provider: "skio", currency: "USD", providerPlans: null };
    const original = state((s) => { s.config.discount = { type: "fixed_amount", value: "2.50" }; s.config.discountCode = "SAVE250"; });
    expect(upgradeToConfig(wizardToUpgrade(original, skio), null, "USD")).toEqual({ ...original.config, replacement: null });
  });
});
