/**
 * The subscription upgrade wizard's rules (WIZ-1..8), step by step. Pure: the browser
 * runs a step's validator before Next, the server runs all of them again on Save, with
 * Shopify's current products and the provider's selling plans passed in.
 */
import type { IntervalUnit, Upgrade } from "./funnel-schemas";
import { parseDiscount, type EditorDiscount, type FieldErrors } from "./funnel-editor-schemas";
import { parseDecimalToMinor } from "./money";
import { everyText } from "./pricing";
import { productEligibility, WIZ3_BUNDLE, type WizardProductChoice } from "./product-eligibility";

export { choiceFromProduct, productEligibility, WIZ1_NO_PLANS, WIZ3_BUNDLE, WIZ3_SUBSCRIPTION_ONLY } from "./product-eligibility";
export type { Eligibility, PickerMode, PickerProduct, WizardProductChoice } from "./product-eligibility";

export type WizardProvider = "recharge" | "skio" | "loop";
export const WIZARD_STEPS = ["trigger", "offer", "configure", "summary"] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
export type UpgradeType = Upgrade["type"];
export type WizardIntervalUnit = Extract<IntervalUnit, "day" | "week" | "month">;

/** A selling plan at the provider (Recharge plan, Skio plan, Loop plan), as the wizard needs it. */
export interface ProviderPlanOption {
  id: string;
  name: string;
  interval: { unit: WizardIntervalUnit; deliveryCount: number; billingCount: number };
  prepaid: boolean;
}

/** Everything the merchant entered, as typed (numbers are strings until validated). */
export interface WizardState {
  trigger: WizardProductChoice | null;
  offerTab: "create" | "existing";
  create: { title: string; price: string; hasImage: boolean };
  offerProduct: WizardProductChoice | null;
  config: {
    type: UpgradeType;
    intervalUnit: WizardIntervalUnit;
    deliveryIntervalCount: string;
    billingIntervalCount: string;
    providerSellingPlanId: string | null;
    applyAtEndOfCycle: boolean;
    replacement: WizardProductChoice | null;
    replacementQuantity: string;
    discount: EditorDiscount;
    /** WIZ-7 with Skio: the existing discount code Skio applies (Skio discounts only by code). */
    discountCode: string;
  };
}

export interface WizardContext {
  provider: WizardProvider;
  currency: string;
  /** The provider's plans for the trigger product; null when not loaded (the browser before loading). */
  providerPlans: ProviderPlanOption[] | null;
}

export function emptyWizardState(): WizardState {
  return {
    trigger: null,
    offerTab: "create",
    create: { title: "Subscription upgrade", price: "0.00", hasImage: false },
    offerProduct: null,
    config: {
      type: "frequency",
      intervalUnit: "month",
      deliveryIntervalCount: "1",
      billingIntervalCount: "1",
      providerSellingPlanId: null,
      applyAtEndOfCycle: false,
      replacement: null,
      replacementQuantity: "1",
      discount: { type: "none", value: "" },
      discountCode: "",
    },
  };
}

/** WIZ-5: Recharge and Skio pick a provider plan and can wait for the end of the cycle. */
export const providerHasPlanPicker = (provider: WizardProvider) => provider === "recharge" || provider === "skio";
/** WIZ-6: Loop bills as often as it delivers (no prepaid). */
export const providerLocksBilling = (provider: WizardProvider) => provider === "loop";
export const typeChangesFrequency = (type: UpgradeType) => type !== "replacement";
export const typeReplacesProduct = (type: UpgradeType) => type !== "frequency";
/** WIZ-7: Skio applies a subscription discount only through an existing discount code. */
export const providerNeedsDiscountCode = (provider: WizardProvider, discount: EditorDiscount) => provider === "skio" && discount.type !== "none";
export const MAX_DISCOUNT_CODE_LENGTH = 255;

/** WIZ-1: the trigger is a subscription product. */
export function validateTriggerStep(state: WizardState): FieldErrors {
  if (!state.trigger) return { trigger: "Choose the subscription product shoppers must have bought" };
  const eligibility = productEligibility(state.trigger, "upgrade_trigger");
  return eligibility.allowed ? {} : { trigger: `${state.trigger.title} ${lowerFirst(eligibility.reason as string)}` };
}

/** WIZ-2 "Create new" fields, checked before the product is created. */
export function validateCreateFields(create: WizardState["create"], currency: string): FieldErrors {
  const errors: FieldErrors = {};
  const title = create.title.trim();
  if (!title) errors["create.title"] = "Give the offer product a title shoppers will understand, such as \"Subscription upgrade\"";
  else if (title.length > 255) errors["create.title"] = "Keep the title under 255 characters";
  const price = parsePrice(create.price, currency);
  if (price === null) errors["create.price"] = `Enter the one-time upgrade price in ${currency}, such as 0.00 or 4.99`;
  return errors;
}

/** WIZ-2 / WIZ-3: an offer product, not the trigger, purchasable one-time, not a bundle. */
export function validateOfferStep(state: WizardState): FieldErrors {
  const product = state.offerProduct;
  if (!product) {
    return state.offerTab === "create"
      ? { offerProduct: "Create the offer product first" }
      : { offerProduct: "Pick the product added to the order when the shopper accepts" };
  }
  if (state.trigger && product.id === state.trigger.id) {
    return { offerProduct: `${product.title} is the trigger product. The offer product is a separate item added to the order as the record of the upgrade: pick or create another product.` };
  }
  const eligibility = productEligibility(product, "upgrade_offer");
  return eligibility.allowed ? {} : { offerProduct: `${product.title}: ${eligibility.reason}` };
}

/** WIZ-4..7, provider-aware. */
export function validateConfigureStep(state: WizardState, ctx: WizardContext): FieldErrors {
  const errors: FieldErrors = {};
  const { config } = state;
  if (typeChangesFrequency(config.type)) Object.assign(errors, frequencyErrors(config, ctx));
  if (typeReplacesProduct(config.type)) {
    if (!config.replacement) errors["config.replacement"] = "Choose the product that replaces the subscribed one";
    else if (config.replacement.isBundle) errors["config.replacement"] = `${config.replacement.title}: ${WIZ3_BUNDLE}`;
    const quantity = parseCount(config.replacementQuantity, 100);
    if (quantity === null) errors["config.replacementQuantity"] = "Quantity is a whole number from 1 to 100";
  }
  const discount = parseDiscount(config.discount, ctx.currency);
  if (!discount.ok) errors["config.discount.value"] = discount.message;
  if (providerNeedsDiscountCode(ctx.provider, config.discount)) {
    const code = config.discountCode.trim();
    if (!code) {
      errors["config.discountCode"] = "Enter the Skio discount code: Skio applies discounts only by code, so create the code in Skio first, then enter it here";
    } else if (code.length > MAX_DISCOUNT_CODE_LENGTH) {
      errors["config.discountCode"] = `Keep the Skio discount code under ${MAX_DISCOUNT_CODE_LENGTH} characters`;
    }
  }
  return errors;
}

function frequencyErrors(config: WizardState["config"], ctx: WizardContext): FieldErrors {
  const errors: FieldErrors = {};
  const delivery = parseCount(config.deliveryIntervalCount, 365);
  const billing = providerLocksBilling(ctx.provider) ? delivery : parseCount(config.billingIntervalCount, 365);
  if (!["day", "week", "month"].includes(config.intervalUnit)) errors["config.intervalUnit"] = "Choose days, weeks or months";
  if (delivery === null) errors["config.deliveryIntervalCount"] = "Delivery frequency is a whole number from 1 to 365";
  if (billing === null) errors["config.billingIntervalCount"] = "Billing frequency is a whole number from 1 to 365";
  if (delivery === null || billing === null) return errors;
  if (billing < delivery) {
    errors["config.billingIntervalCount"] = "Billing frequency must be equal to or greater than the delivery frequency";
  } else if (billing % delivery !== 0) {
    errors["config.billingIntervalCount"] = `Billing frequency must be a whole multiple of the delivery frequency (${delivery}, ${delivery * 2}, ${delivery * 3}…)`;
  }
  if (providerLocksBilling(ctx.provider) && Number(config.billingIntervalCount) !== delivery && config.billingIntervalCount.trim() !== "") {
    errors["config.billingIntervalCount"] = "Loop does not support prepaid subscriptions: billing follows the delivery frequency";
  }
  if (errors["config.billingIntervalCount"]) return errors;
  const wanted = { unit: config.intervalUnit, deliveryCount: delivery, billingCount: billing };

  if (ctx.provider === "loop" && ctx.providerPlans !== null && !findMatchingPlan(ctx.providerPlans, wanted)) {
    errors["config.deliveryIntervalCount"] =
      `Loop has no selling plan that delivers ${everyText(delivery, config.intervalUnit)}. Create that plan in your Loop dashboard first (Uplift cannot create Loop selling plans), then save again.`;
  }
  if (providerHasPlanPicker(ctx.provider) && config.providerSellingPlanId && ctx.providerPlans !== null) {
    const plan = ctx.providerPlans.find((p) => p.id === config.providerSellingPlanId);
    if (!plan) errors["config.providerSellingPlanId"] = "This selling plan no longer exists at your provider: pick another one";
    else if (!sameInterval(plan.interval, wanted)) {
      errors["config.providerSellingPlanId"] = `"${plan.name}" does not match the frequency above: pick the plan again or change the frequency`;
    }
  }
  return errors;
}

/** WIZ-6: the Loop plan for a frequency (Loop bills as often as it delivers). */
export function findMatchingPlan(plans: ProviderPlanOption[], wanted: ProviderPlanOption["interval"]): ProviderPlanOption | null {
  return plans.find((p) => !p.prepaid && sameInterval(p.interval, wanted)) ?? null;
}

function sameInterval(a: ProviderPlanOption["interval"], b: ProviderPlanOption["interval"]): boolean {
  return a.unit === b.unit && a.deliveryCount === b.deliveryCount && a.billingCount === b.billingCount;
}

export type WizardErrors = Record<Exclude<WizardStep, "summary">, FieldErrors>;

/** WIZ-8: every step's errors; the first step with any is where the wizard goes back to. */
export function validateWizard(state: WizardState, ctx: WizardContext): { errors: WizardErrors; firstInvalidStep: WizardStep | null } {
  const errors: WizardErrors = {
    trigger: validateTriggerStep(state),
    offer: validateOfferStep(state),
    configure: validateConfigureStep(state, ctx),
  };
  const firstInvalidStep = (["trigger", "offer", "configure"] as const).find((step) => Object.keys(errors[step]).length > 0) ?? null;
  return { errors, firstInvalidStep };
}

/** The errors of one step (the browser's Next button). */
export function validateStep(step: WizardStep, state: WizardState, ctx: WizardContext): FieldErrors {
  if (step === "trigger") return validateTriggerStep(state);
  if (step === "offer") return validateOfferStep(state);
  if (step === "configure") return validateConfigureStep(state, ctx);
  return {};
}

/** A whole number 1..max from the merchant's text, or null. */
export function parseCount(text: string, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,4}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= 1 && value <= max ? value : null;
}

/** A non-negative price in minor units, or null. */
export function parsePrice(text: string, currency: string): number | null {
  try {
    const minor = parseDecimalToMinor(text.trim(), currency);
    return minor >= 0 ? minor : null;
  } catch {
    return null;
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
