/**
 * The wizard's result as funnel data: the upgrade (domain shape) and its offer item, a
 * saved upgrade back into the wizard (WIZ-8: reopen and edit), its place in the funnel's
 * offer tree (FUN-7: one product's upgrade at a time), and the zod schemas the save
 * action parses the browser's wizard state with.
 */
import { z } from "zod";
import { SellingPlanSchema, type Upgrade } from "./funnel-schemas";
import { discountToText, EditorDiscountSchema, parseDiscount, type EditorDraft, type EditorItem } from "./funnel-editor-schemas";
import type { WizardProductChoice } from "./product-eligibility";
import {
  findMatchingPlan,
  MAX_DISCOUNT_CODE_LENGTH,
  parseCount,
  providerHasPlanPicker,
  providerLocksBilling,
  providerNeedsDiscountCode,
  typeChangesFrequency,
  typeReplacesProduct,
  type WizardContext,
  type WizardState,
} from "./wizard-validation";

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
    // Only Skio needs the code (Recharge makes its own); without a discount there is nothing to apply.
    discountCode: providerNeedsDiscountCode(ctx.provider, config.discount) ? config.discountCode.trim() || null : null,
    // Checkout drops the offer if the shop later connects another provider (issue 13 §6).
    provider: ctx.provider,
    // No wizard control yet for the multi-line Skio opt-in (issue 13 §7): off.
    frequencyAppliesToAllLines: false,
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
    discountCode: upgrade.discountCode ?? "",
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
    // Longer than a valid code on purpose: the step's validator explains the limit next to the field.
    discountCode: z.string().max(MAX_DISCOUNT_CODE_LENGTH * 2).default(""),
  }),
});

export const UpgradePlacementSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("item"), offerId: z.string().min(1).max(64), itemIndex: z.number().int().min(0).max(20) }),
  z.object({ kind: z.literal("new"), parentId: z.string().min(1).max(64).nullable(), branch: z.enum(["accept", "decline"]).nullable() }),
]);
