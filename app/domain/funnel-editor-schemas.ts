/**
 * The funnel editor's draft: what the browser holds while the merchant edits and posts
 * on Save (validated by funnel-editor-validation.ts on both sides, turned into the
 * runtime's shape by funnel-editor-preview.ts).
 *
 * Amounts the merchant types stay strings ("12.50", "20") until they are parsed here,
 * exactly: percentages to basis points, fixed amounts to minor units.
 */
import { z } from "zod";
import {
  BranchSchema,
  ChosenOptionSchema,
  FunnelStatusSchema,
  OfferKindSchema,
  PurchaseOptionSchema,
  SubscriptionTriggerSchema,
  type Discount,
  type OfferDefinition,
} from "./funnel-schemas";
import { money, parseDecimalToMinor, toDecimalString } from "./money";

export const MAX_OFFERS_PER_FUNNEL = 10;
export const MAX_ITEMS_PER_OFFER = 5;
export const MAX_NAME_LENGTH = 100;
export const MAX_HEADLINE_LENGTH = 120;
export const MAX_BODY_LENGTH = 1000;
export const MAX_QUANTITY = 100;

/** The discount as typed: "20" (percent) or "5.00" (shop currency). */
export const EditorDiscountSchema = z.object({
  type: z.enum(["none", "percentage", "fixed_amount"]),
  value: z.string().max(20).default(""),
});

/** A product in an offer: the picker's snapshot of it, plus quantity and the upgrade (FUN-7: per product). */
export const EditorItemSchema = z.object({
  productId: z.string().min(1),
  variantId: z.string().min(1),
  productTitle: z.string().max(255),
  variantTitle: z.string().max(255).default(""),
  imageUrl: z.string().max(2048).nullable().default(null),
  priceMinor: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
  quantity: z.union([z.string(), z.number()]).transform((v) => String(v).trim()),
  subscriptionOnly: z.boolean().default(false),
  isBundle: z.boolean().default(false),
  sellingPlans: z.array(z.unknown()).max(100).default([]),
  upgrade: z.unknown().nullable().default(null),
});

export const EditorOfferSchema = z.object({
  /** A saved offer's id, or a client id ("new-…") for an offer added in this session. */
  id: z.string().min(1).max(64),
  parentId: z.string().min(1).max(64).nullable().default(null),
  branch: BranchSchema.nullable().default(null),
  kind: OfferKindSchema,
  headline: z.string().default(""),
  body: z.string().default(""),
  purchaseOption: PurchaseOptionSchema.default("one_time"),
  defaultOption: ChosenOptionSchema.default("one_time"),
  lockedSellingPlanId: z.string().nullable().default(null),
  discount: EditorDiscountSchema.default({ type: "none", value: "" }),
  /** Audit S-11: subscription shipping as typed, in the shop currency ("" = free). */
  subscriptionShipping: z.object({ initial: z.string().default(""), recurring: z.string().default("") }).default({ initial: "", recurring: "" }),
  items: z.array(EditorItemSchema).max(MAX_ITEMS_PER_OFFER, `An offer holds at most ${MAX_ITEMS_PER_OFFER} products`),
});

export const EditorTriggerProductSchema = z.object({
  id: z.string().min(1),
  title: z.string().max(255).default(""),
  imageUrl: z.string().max(2048).nullable().default(null),
});

export const EditorDraftSchema = z.object({
  name: z.string().default(""),
  status: FunnelStatusSchema.default("draft"),
  priority: z.union([z.string(), z.number()]).transform((v) => String(v).trim()),
  triggers: z.object({
    products: z.array(EditorTriggerProductSchema).max(50, "A product trigger holds at most 50 products"),
    subscription: SubscriptionTriggerSchema.default("off"),
    showToAll: z.boolean().default(false),
  }),
  offers: z.array(EditorOfferSchema).max(MAX_OFFERS_PER_FUNNEL, `A funnel holds at most ${MAX_OFFERS_PER_FUNNEL} offers`),
});

export type EditorDiscount = z.input<typeof EditorDiscountSchema>;
export type EditorItem = z.input<typeof EditorItemSchema>;
export type EditorOffer = z.input<typeof EditorOfferSchema>;
export type EditorDraft = z.input<typeof EditorDraftSchema>;
export type EditorTriggerProduct = z.input<typeof EditorTriggerProductSchema>;
/** After parsing (defaults applied, numbers as typed text). */
export type ParsedOffer = z.infer<typeof EditorOfferSchema>;
export type ParsedItem = z.infer<typeof EditorItemSchema>;

/** A validated funnel, ready for the model to store: offers in tree order, root first. */
export interface ValidFunnelDraft {
  name: string;
  status: z.infer<typeof FunnelStatusSchema>;
  priority: number;
  triggers: { products: Array<z.infer<typeof EditorTriggerProductSchema>>; subscription: z.infer<typeof SubscriptionTriggerSchema>; showToAll: boolean };
  /** Domain offers; `id` is the draft's id (saved or client). */
  offers: OfferDefinition[];
}

export type FieldErrors = Record<string, string>;
export type DraftResult = { ok: true; value: ValidFunnelDraft } | { ok: false; fieldErrors: FieldErrors };

/** Where an offer's errors live in FieldErrors: `offers.<id>.<field>`. */
export const offerField = (offerId: string, field: string) => `offers.${offerId}.${field}`;

const PERCENT = /^\d{1,3}(?:\.\d{1,2})?$/;

/** "12.5" → 1250 basis points; null when the text is not a percentage with at most 2 decimals. */
export function percentToBasisPoints(text: string): number | null {
  const value = text.trim().replace(/\s*%$/, "");
  if (!PERCENT.test(value)) return null;
  const [whole, fraction = ""] = value.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** Basis points back to the merchant's text: 1250 → "12.5". */
export function basisPointsToPercent(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const fraction = String(basisPoints % 100).padStart(2, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** A stored discount as the merchant typed it: 1250 bp → "12.5", 500 USD minor units → "5.00". */
export function discountToText(discount: Discount, currency: string): EditorDiscount {
  if (discount.type === "percentage") return { type: "percentage", value: basisPointsToPercent(discount.value) };
  if (discount.type === "fixed_amount") return { type: "fixed_amount", value: toDecimalString(money(discount.value, currency)) };
  return { type: "none", value: "" };
}

/**
 * UPS-3 / WIZ-7: a percentage is 0 < x ≤ 100, a fixed amount > 0 in the shop currency.
 * Returns the domain discount or the message for the value field.
 */
export function parseDiscount(input: EditorDiscount, currency: string): { ok: true; value: Discount } | { ok: false; message: string } {
  const text = (input.value ?? "").trim();
  if (input.type === "none") return { ok: true, value: { type: "none", value: 0 } };
  if (input.type === "percentage") {
    const basisPoints = percentToBasisPoints(text);
    if (basisPoints === null) return { ok: false, message: "Enter a percentage such as 15 or 12.5" };
    if (basisPoints <= 0) return { ok: false, message: "A percentage discount must be more than 0" };
    if (basisPoints > 10_000) return { ok: false, message: "A percentage discount is at most 100 %" };
    return { ok: true, value: { type: "percentage", value: basisPoints } };
  }
  let minor: number;
  try {
    minor = parseDecimalToMinor(text, currency);
  } catch {
    return { ok: false, message: `Enter an amount in ${currency}, such as 5.00` };
  }
  if (minor <= 0) return { ok: false, message: "A fixed discount must be more than 0" };
  return { ok: true, value: { type: "fixed_amount", value: minor } };
}

/** Audit S-11: a shipping price as typed ("" is free) to minor units, or the field's message. */
export function parseShippingPrice(text: string, currency: string): { ok: true; value: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, value: 0 };
  try {
    const minor = parseDecimalToMinor(trimmed, currency);
    if (minor >= 0) return { ok: true, value: minor };
  } catch {
    // falls through to the message
  }
  return { ok: false, message: `Enter a shipping price in ${currency}, such as 4.99, or leave it empty for free shipping` };
}

/** The stored shipping prices as the editor shows them ("" for free). */
export function shippingToText(shipping: { initialMinor: number; recurringMinor: number }, currency: string): { initial: string; recurring: string } {
  const text = (minor: number) => (minor > 0 ? toDecimalString(money(minor, currency)) : "");
  return { initial: text(shipping.initialMinor), recurring: text(shipping.recurringMinor) };
}

/** UPS-2: switching to one-time only clears the plan lock; a lock outside the product's plans is dropped too. */
export function withPurchaseOption(offer: EditorOffer, purchaseOption: EditorOffer["purchaseOption"] & string): EditorOffer {
  const next: EditorOffer = { ...offer, purchaseOption };
  if (purchaseOption === "one_time") next.lockedSellingPlanId = null;
  if (purchaseOption !== "both") next.defaultOption = purchaseOption === "subscription" ? "subscription" : "one_time";
  return next;
}
