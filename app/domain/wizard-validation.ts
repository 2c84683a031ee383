/**
 * The subscription upgrade wizard's rules (WIZ-1..8) and which products each product
 * picker may offer (WIZ-1, WIZ-3; the editor's pickers use the same function). Pure:
 * the browser runs a step's validator before Next, the server runs all of them again
 * on Save, with the provider's selling plans passed in.
 */
import { z } from "zod";
import { SellingPlanSchema, type IntervalUnit, type SellingPlan, type Upgrade } from "./funnel-schemas";
import { discountToText, EditorDiscountSchema, parseDiscount, type EditorDiscount, type EditorDraft, type EditorItem, type FieldErrors } from "./funnel-editor-schemas";
import { parseDecimalToMinor } from "./money";
import { everyText } from "./pricing";

export type WizardProvider = "recharge" | "skio" | "loop";
export const WIZARD_STEPS = ["trigger", "offer", "configure", "summary"] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
export type UpgradeType = Upgrade["type"];
export type WizardIntervalUnit = Extract<IntervalUnit, "day" | "week" | "month">;

/** What a picker knows about a product (Admin GraphQL snapshot, app/integrations/shopify-admin). */
export interface PickerProduct {
  id: string;
  title: string;
  imageUrl: string | null;
  status: string;
  /** Product.requiresSellingPlan: subscription-only. */
  subscriptionOnly: boolean;
  /** Product.hasVariantsThatRequiresComponents: a Shopify bundle. */
  isBundle: boolean;
  sellingPlans: SellingPlan[];
  variants: Array<{ id: string; title: string; priceMinor: number; isBundle: boolean }>;
  currency: string;
  onlineStoreUrl: string | null;
}

export type PickerMode =
  | "trigger"
  | "product_upsell"
  | "subscription_upsell"
  | "upgrade_trigger"
  | "upgrade_offer"
  | "replacement";

export interface Eligibility {
  allowed: boolean;
  /** Why the product cannot be picked here, and what to do instead. */
  reason: string | null;
}

export const WIZ3_SUBSCRIPTION_ONLY =
  "Can only be sold as a subscription. The offer product is added to the order as a one-time purchase (Shopify cannot add a second subscription to an order), so the offer would be skipped. Allow one-time purchase on it in Shopify, or pick another product.";
export const WIZ3_BUNDLE =
  "Shopify bundle products are not supported: adding one fails with \"product not found\". Pick a standard product instead; for a quantity upgrade (1 → 3 items), use a standard product with a fixed quantity of 3.";
export const WIZ1_NO_PLANS = "Has no selling plans, so nobody can hold a subscription of it. Only subscription products can trigger an upgrade.";

/** WIZ-1, WIZ-3 and the editor's offer rules: may `product` be picked in `mode`? */
export function productEligibility(product: Pick<PickerProduct, "subscriptionOnly" | "isBundle" | "sellingPlans">, mode: PickerMode): Eligibility {
  const no = (reason: string): Eligibility => ({ allowed: false, reason });
  switch (mode) {
    case "trigger":
      return { allowed: true, reason: null };
    case "upgrade_trigger":
      return product.sellingPlans.length > 0 ? { allowed: true, reason: null } : no(WIZ1_NO_PLANS);
    case "upgrade_offer":
      if (product.isBundle) return no(WIZ3_BUNDLE);
      if (product.subscriptionOnly) return no(WIZ3_SUBSCRIPTION_ONLY);
      return { allowed: true, reason: null };
    case "replacement":
      return product.isBundle ? no(WIZ3_BUNDLE) : { allowed: true, reason: null };
    case "product_upsell":
      if (product.isBundle) return no(WIZ3_BUNDLE);
      if (product.subscriptionOnly) return no("Can only be sold as a subscription: offer it in a subscription upsell instead.");
      return { allowed: true, reason: null };
    case "subscription_upsell":
      return product.isBundle ? no(WIZ3_BUNDLE) : { allowed: true, reason: null };
  }
}

/** A selling plan at the provider (Recharge plan, Skio plan, Loop plan), as the wizard needs it. */
export interface ProviderPlanOption {
  id: string;
  name: string;
  interval: { unit: WizardIntervalUnit; deliveryCount: number; billingCount: number };
  prepaid: boolean;
}

export interface WizardProductChoice {
  id: string;
  title: string;
  imageUrl: string | null;
  variantId: string;
  variantTitle: string;
  priceMinor: number;
  currency: string;
  subscriptionOnly: boolean;
  isBundle: boolean;
  sellingPlans: SellingPlan[];
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
    },
  };
}

/** WIZ-5: Recharge and Skio pick a provider plan and can wait for the end of the cycle. */
export const providerHasPlanPicker = (provider: WizardProvider) => provider === "recharge" || provider === "skio";
/** WIZ-6: Loop bills as often as it delivers (no prepaid). */
export const providerLocksBilling = (provider: WizardProvider) => provider === "loop";
export const typeChangesFrequency = (type: UpgradeType) => type !== "replacement";
export const typeReplacesProduct = (type: UpgradeType) => type !== "frequency";

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
  if (!create.hasImage) errors["create.image"] = "Add the image shown in the offer card";
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

/**
 * The offer item a valid wizard saves: the offer product with its upgrade (domain shape).
 * Call only after validateWizard found no errors.
 */
export function wizardToUpgrade(state: WizardState, ctx: WizardContext): Upgrade {
  const { config } = state;
  const trigger = state.trigger as WizardProductChoice;
  const frequency = typeChangesFrequency(config.type);
  const replaces = typeReplacesProduct(config.type);
  const delivery = frequency ? (parseCount(config.deliveryIntervalCount, 365) as number) : null;
  const billing = frequency ? (providerLocksBilling(ctx.provider) ? delivery : (parseCount(config.billingIntervalCount, 365) as number)) : null;
  const loopPlan =
    frequency && ctx.provider === "loop" && ctx.providerPlans
      ? findMatchingPlan(ctx.providerPlans, { unit: config.intervalUnit, deliveryCount: delivery as number, billingCount: billing as number })
      : null;
  const discount = parseDiscount(config.discount, ctx.currency);
  return {
    triggerProductId: trigger.id,
    triggerProductTitle: trigger.title,
    triggerSellingPlans: trigger.sellingPlans,
    type: config.type,
    intervalUnit: frequency ? config.intervalUnit : null,
    deliveryIntervalCount: delivery,
    billingIntervalCount: billing,
    providerSellingPlanId: !frequency ? null : ctx.provider === "loop" ? (loopPlan?.id ?? null) : config.providerSellingPlanId,
    // WIZ-5: only Recharge and Skio can wait for the end of the cycle, and only when the frequency changes.
    applyAtEndOfCycle: frequency && providerHasPlanPicker(ctx.provider) ? config.applyAtEndOfCycle : false,
    replacementProductId: replaces ? (config.replacement?.id ?? null) : null,
    replacementVariantId: replaces ? (config.replacement?.variantId ?? null) : null,
    replacementTitle: replaces ? (config.replacement?.title ?? null) : null,
    replacementQuantity: replaces ? parseCount(config.replacementQuantity, 100) : null,
    discount: discount.ok ? discount.value : { type: "none", value: 0 },
  };
}

/** A saved upgrade back into the wizard's typed state (WIZ-8: reopen and edit). */
export function upgradeToConfig(upgrade: Upgrade, replacement: WizardProductChoice | null, currency: string): WizardState["config"] {
  const unit = upgrade.intervalUnit && upgrade.intervalUnit !== "year" ? upgrade.intervalUnit : "month";
  return {
    type: upgrade.type,
    intervalUnit: unit,
    deliveryIntervalCount: String(upgrade.deliveryIntervalCount ?? 1),
    billingIntervalCount: String(upgrade.billingIntervalCount ?? upgrade.deliveryIntervalCount ?? 1),
    providerSellingPlanId: upgrade.providerSellingPlanId ?? null,
    applyAtEndOfCycle: upgrade.applyAtEndOfCycle,
    replacement,
    replacementQuantity: String(upgrade.replacementQuantity ?? 1),
    discount: discountToText(upgrade.discount, currency),
  };
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

/** A product (picker or Admin snapshot) as the wizard's choice, with one of its variants. */
export function choiceFromProduct(product: PickerProduct, variantId?: string | null): WizardProductChoice {
  const variant = product.variants.find((v) => v.id === variantId) ?? product.variants.find((v) => !v.isBundle) ?? product.variants[0];
  return {
    id: product.id,
    title: product.title,
    imageUrl: product.imageUrl,
    variantId: variant?.id ?? "",
    variantTitle: variant?.title ?? "",
    priceMinor: variant?.priceMinor ?? 0,
    currency: product.currency,
    subscriptionOnly: product.subscriptionOnly,
    isBundle: product.isBundle || Boolean(variant?.isBundle),
    sellingPlans: product.sellingPlans,
  };
}

/** Where the wizard's upgrade goes: a product of an existing upgrade offer, or a new offer in the tree. */
export type UpgradePlacement =
  | { kind: "item"; offerId: string; itemIndex: number }
  | { kind: "new"; parentId: string | null; branch: "accept" | "decline" | null };

export const NEW_UPGRADE_OFFER_ID = "new-upgrade";

/** FUN-4's recommended targeting: the trigger product, and only orders holding a subscription. */
export function targetsUpgrade(triggers: EditorDraft["triggers"], triggerProductId: string): boolean {
  return !triggers.showToAll && triggers.subscription === "include" && triggers.products.some((p) => p.id === triggerProductId);
}

/**
 * Puts a validated wizard result into the funnel's draft (FUN-7: one product's upgrade at
 * a time), optionally with FUN-4's recommended triggers. Returns a message instead when
 * the place no longer exists or is taken.
 */
export function applyUpgradeToDraft(
  draft: EditorDraft,
  item: EditorItem,
  placement: UpgradePlacement,
  options: { recommendedTriggers: boolean; trigger: { id: string; title: string; imageUrl: string | null } },
): { ok: true; draft: EditorDraft; offerId: string } | { ok: false; status: 400 | 404; message: string } {
  let offers = draft.offers;
  let offerId: string;
  if (placement.kind === "item") {
    const offer = offers.find((o) => o.id === placement.offerId && o.kind === "subscription_upgrade");
    if (!offer) return { ok: false, status: 404, message: "This upgrade offer no longer exists in the funnel." };
    if (placement.itemIndex < 0 || placement.itemIndex > offer.items.length) return { ok: false, status: 404, message: "This product is no longer part of the upgrade offer." };
    const items = [...offer.items];
    items[placement.itemIndex] = item;
    offers = offers.map((o) => (o.id === offer.id ? { ...o, items } : o));
    offerId = offer.id;
  } else {
    if (placement.parentId === null && offers.some((o) => !o.parentId)) {
      return { ok: false, status: 400, message: "This funnel already has a first offer: add the upgrade after one of its offers." };
    }
    if (placement.parentId !== null) {
      if (!offers.some((o) => o.id === placement.parentId)) return { ok: false, status: 404, message: "The offer this upgrade should follow no longer exists." };
      if (offers.some((o) => o.parentId === placement.parentId && o.branch === placement.branch)) {
        return { ok: false, status: 400, message: `Another offer already follows this ${placement.branch ?? "offer"}.` };
      }
    }
    offerId = NEW_UPGRADE_OFFER_ID;
    offers = [
      ...offers,
      {
        id: offerId,
        parentId: placement.parentId,
        branch: placement.parentId ? placement.branch : null,
        kind: "subscription_upgrade",
        headline: "",
        body: "This item represents your subscription upgrade. Your recurring plan is updated separately.",
        purchaseOption: "one_time",
        defaultOption: "one_time",
        lockedSellingPlanId: null,
        discount: { type: "none", value: "" },
        items: [item],
      },
    ];
  }
  let triggers = draft.triggers;
  if (options.recommendedTriggers) {
    const has = triggers.products.some((p) => p.id === options.trigger.id);
    triggers = { products: has ? triggers.products : [...triggers.products, options.trigger], subscription: "include", showToAll: false };
  }
  const name = draft.name?.trim() ? draft.name : `Upgrade: ${options.trigger.title}`.slice(0, 100);
  return { ok: true, draft: { ...draft, name, triggers, offers }, offerId };
}

/** The offer item a wizard saves: the offer product, one-time, carrying its upgrade. */
export function wizardOfferItem(state: WizardState, ctx: WizardContext): EditorItem {
  const product = state.offerProduct as WizardProductChoice;
  return {
    productId: product.id,
    variantId: product.variantId,
    productTitle: product.title,
    variantTitle: product.variantTitle === "Default Title" ? "" : product.variantTitle,
    imageUrl: product.imageUrl,
    priceMinor: product.priceMinor,
    currency: product.currency,
    quantity: "1",
    subscriptionOnly: product.subscriptionOnly,
    isBundle: product.isBundle,
    sellingPlans: product.sellingPlans,
    upgrade: wizardToUpgrade(state, ctx),
  };
}

const ProductChoiceSchema = z.object({
  id: z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/, "Expected a product id"),
  title: z.string().max(255).default(""),
  imageUrl: z.string().max(2048).nullable().default(null),
  variantId: z.string().max(100).default(""),
  variantTitle: z.string().max(255).default(""),
  priceMinor: z.number().int().min(0).default(0),
  currency: z.string().regex(/^[A-Z]{3}$/).default("USD"),
  subscriptionOnly: z.boolean().default(false),
  isBundle: z.boolean().default(false),
  sellingPlans: z.array(SellingPlanSchema).max(100).default([]),
});

const Count = z.union([z.string(), z.number()]).transform((v) => String(v).trim().slice(0, 10));

/** The wizard's state as the browser sends it (OPS-3); the server re-reads every product from Shopify anyway. */
export const WizardStateSchema = z.object({
  trigger: ProductChoiceSchema.nullable(),
  offerTab: z.enum(["create", "existing"]).default("existing"),
  create: z.object({ title: z.string().max(300).default(""), price: z.string().max(30).default(""), hasImage: z.boolean().default(false) }).default({ title: "", price: "", hasImage: false }),
  offerProduct: ProductChoiceSchema.nullable(),
  config: z.object({
    type: z.enum(["frequency", "replacement", "both"]),
    intervalUnit: z.enum(["day", "week", "month"]).default("month"),
    deliveryIntervalCount: Count,
    billingIntervalCount: Count,
    providerSellingPlanId: z.string().max(200).nullable().default(null),
    applyAtEndOfCycle: z.boolean().default(false),
    replacement: ProductChoiceSchema.nullable().default(null),
    replacementQuantity: Count.default("1"),
    discount: EditorDiscountSchema.default({ type: "none", value: "" }),
  }),
});

export const UpgradePlacementSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("item"), offerId: z.string().min(1).max(64), itemIndex: z.number().int().min(0).max(20) }),
  z.object({ kind: z.literal("new"), parentId: z.string().min(1).max(64).nullable(), branch: z.enum(["accept", "decline"]).nullable() }),
]);
