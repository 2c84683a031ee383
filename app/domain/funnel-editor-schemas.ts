/**
 * The funnel editor's draft: what the browser holds while the merchant edits and posts
 * on Save, and the one validation both sides run on it. The browser shows the same field
 * errors inline as the server answers with a 400, and turns a draft into the runtime's
 * FunnelDefinition to show the FUN-4/5/6 warnings and the live preview the runtime
 * would produce.
 *
 * Amounts the merchant types stay strings ("12.50", "20") until they are parsed here,
 * exactly: percentages to basis points, fixed amounts to minor units.
 */
import { z } from "zod";
import {
  BranchSchema,
  ChosenOptionSchema,
  FunnelStatusSchema,
  OfferItemSchema,
  OfferKindSchema,
  PurchaseOptionSchema,
  SellingPlanSchema,
  SubscriptionTriggerSchema,
  UpgradeSchema,
  type Discount,
  type FunnelDefinition,
  type OfferDefinition,
  type OfferItem,
} from "./funnel-schemas";
import { money, parseDecimalToMinor, toDecimalString } from "./money";
import { offerSellingPlans } from "./purchase-options";

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

/** Parses and checks a draft; every problem is reported against its field. */
export function validateFunnelDraft(input: unknown, ctx: { currency: string }): DraftResult {
  const parsed = EditorDraftSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) fieldErrors[issuePath(input, issue.path)] ??= issue.message;
    return { ok: false, fieldErrors };
  }
  const draft = parsed.data;
  const errors: FieldErrors = {};
  const name = draft.name.trim();
  if (!name) errors.name = "Give the funnel a name";
  else if (name.length > MAX_NAME_LENGTH) errors.name = `Keep the name under ${MAX_NAME_LENGTH} characters`;
  const priority = /^-?\d{1,4}$/.test(draft.priority) ? Number(draft.priority) : null;
  if (priority === null) errors.priority = "Priority is a whole number between -9999 and 9999";

  Object.assign(errors, treeErrors(draft.offers));
  const offers: OfferDefinition[] = [];
  for (const offer of draft.offers) {
    const result = validateOffer(offer, ctx.currency);
    if (result.ok) offers.push(result.value);
    else Object.assign(errors, result.errors);
  }
  if (draft.status === "active" && draft.offers.length === 0) errors.status = "Add at least one offer before activating the funnel";

  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  return {
    ok: true,
    value: { name, status: draft.status, priority: priority as number, triggers: draft.triggers, offers: sortTree(offers) },
  };
}

/** zod paths over offers/items use array indexes; the editor addresses offers by id. */
function issuePath(input: unknown, path: PropertyKey[]): string {
  const offers = (input as { offers?: Array<{ id?: unknown }> } | null)?.offers;
  if (path[0] === "offers" && typeof path[1] === "number" && Array.isArray(offers)) {
    const id = offers[path[1]]?.id;
    if (typeof id === "string" && id) return [`offers.${id}`, ...path.slice(2).map(String)].join(".");
  }
  return path.map(String).join(".") || "form";
}

/** One root; every other offer hangs under an existing one on a free accept/decline branch; no cycles. */
function treeErrors(offers: EditorOffer[]): FieldErrors {
  const errors: FieldErrors = {};
  const ids = new Set<string>();
  for (const offer of offers) {
    if (ids.has(offer.id)) errors[offerField(offer.id, "id")] = "Two offers share this id";
    ids.add(offer.id);
  }
  const roots = offers.filter((o) => !o.parentId);
  if (offers.length > 0 && roots.length !== 1) errors.offers = "A funnel starts with exactly one first offer";
  const taken = new Set<string>();
  for (const offer of offers) {
    if (!offer.parentId) continue;
    if (!ids.has(offer.parentId)) errors[offerField(offer.id, "parentId")] = "This offer follows an offer that no longer exists";
    if (!offer.branch) errors[offerField(offer.id, "branch")] = "Choose whether this offer follows an accept or a decline";
    const slot = `${offer.parentId}/${offer.branch}`;
    if (taken.has(slot)) errors[offerField(offer.id, "branch")] = `Another offer already follows this ${offer.branch}`;
    taken.add(slot);
  }
  const parentOf = new Map(offers.map((o) => [o.id, o.parentId ?? null]));
  for (const offer of offers) {
    const seen = new Set<string>();
    for (let at: string | null = offer.id; at; at = parentOf.get(at) ?? null) {
      if (seen.has(at)) {
        errors[offerField(offer.id, "parentId")] = "Offers cannot follow each other in a circle";
        break;
      }
      seen.add(at);
    }
  }
  return errors;
}

type OfferResult = { ok: true; value: OfferDefinition } | { ok: false; errors: FieldErrors };

function validateOffer(offer: z.infer<typeof EditorOfferSchema>, currency: string): OfferResult {
  const errors: FieldErrors = {};
  const field = (name: string) => offerField(offer.id, name);
  if (offer.headline.length > MAX_HEADLINE_LENGTH) errors[field("headline")] = `Keep the headline under ${MAX_HEADLINE_LENGTH} characters`;
  if (offer.body.length > MAX_BODY_LENGTH) errors[field("body")] = `Keep the text under ${MAX_BODY_LENGTH} characters`;
  if (offer.items.length === 0) errors[field("items")] = "Pick the product this offer shows";

  const items: OfferItem[] = [];
  offer.items.forEach((item, index) => {
    const result = validateItem(offer, item, index, currency);
    if (result.ok) items.push(result.value);
    else Object.assign(errors, result.errors);
  });

  const isUpgrade = offer.kind === "subscription_upgrade";
  const purchaseOption = offer.kind === "subscription_upsell" ? offer.purchaseOption : "one_time";
  const defaultOption = purchaseOption === "both" ? offer.defaultOption : purchaseOption;
  // UPS-2: one-time only clears the lock; upgrades never lock (they add the offer product one-time).
  const lockedSellingPlanId = purchaseOption === "one_time" ? null : offer.lockedSellingPlanId;
  const discount = isUpgrade ? { ok: true as const, value: { type: "none" as const, value: 0 } } : parseDiscount(offer.discount, currency);
  if (!discount.ok) errors[field("discount.value")] = discount.message;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const definition: OfferDefinition = {
    id: offer.id,
    parentOfferId: offer.parentId,
    branch: offer.parentId ? offer.branch : null,
    kind: offer.kind,
    headline: offer.headline.trim(),
    body: offer.body.trim(),
    purchaseOption,
    defaultOption,
    lockedSellingPlanId,
    discount: discount.ok ? discount.value : { type: "none", value: 0 },
    items,
  };
  Object.assign(errors, subscriptionOptionErrors(definition));
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: definition };
}

/** UPS-1 / UPS-2 and the offer types' product rules, on an offer whose fields already parsed. */
function subscriptionOptionErrors(offer: OfferDefinition): FieldErrors {
  const errors: FieldErrors = {};
  const field = (name: string) => offerField(offer.id, name);
  const subscriptionOnly = offer.items.filter((i) => i.subscriptionOnly);
  if (offer.kind === "subscription_upsell" && offer.purchaseOption !== "one_time") {
    const plans = offerSellingPlans(offer);
    if (plans.length === 0) {
      errors[field("purchaseOption")] =
        offer.items.length > 1
          ? "These products share no selling plan, so they cannot be offered as one subscription. Offer them one-time or pick products with a common plan."
          : `${offer.items[0]?.productTitle ?? "This product"} has no selling plans in Shopify, so it can only be offered one-time.`;
    } else if (offer.lockedSellingPlanId && !plans.some((p) => p.id === offer.lockedSellingPlanId)) {
      errors[field("lockedSellingPlanId")] = "The locked plan is not one of this product's selling plans. Pick another plan or remove the lock.";
    }
  }
  if (subscriptionOnly.length > 0 && offer.purchaseOption !== "subscription") {
    const names = subscriptionOnly.map((i) => i.productTitle).join(", ");
    errors[field(offer.kind === "subscription_upsell" ? "purchaseOption" : "items")] =
      offer.kind === "subscription_upsell"
        ? `${names} can only be bought as a subscription: set the purchase option to "Subscription only".`
        : offer.kind === "subscription_upgrade"
          ? `${names} can only be bought as a subscription, and an upgrade adds its offer product one-time. Pick a product that can be bought one-time.`
          : `${names} can only be bought as a subscription. Make this a subscription upsell, or pick another product.`;
  }
  return errors;
}

function validateItem(offer: z.infer<typeof EditorOfferSchema>, item: z.infer<typeof EditorItemSchema>, index: number, currency: string) {
  const errors: FieldErrors = {};
  const field = (name: string) => offerField(offer.id, `items.${index}.${name}`);
  const quantity = /^\d{1,3}$/.test(item.quantity) ? Number(item.quantity) : 0;
  if (quantity < 1 || quantity > MAX_QUANTITY) errors[field("quantity")] = `Quantity is a whole number from 1 to ${MAX_QUANTITY}`;
  if (item.currency !== currency) errors[field("productId")] = `This product is priced in ${item.currency}, the shop in ${currency}: pick it again`;
  if (item.isBundle) {
    errors[field("productId")] =
      "Shopify bundle products cannot be added after checkout. Pick a standard product (for a quantity upgrade, a standard product with a fixed quantity).";
  }
  const isUpgrade = offer.kind === "subscription_upgrade";
  if (isUpgrade && !item.upgrade) errors[field("upgrade")] = `Set up the upgrade for ${item.productTitle} (each product of an upgrade offer has its own settings)`;
  const plans = z.array(SellingPlanSchema).safeParse(item.sellingPlans);
  if (!plans.success) errors[field("productId")] = "This product's selling plans could not be read: pick it again";
  const upgrade = isUpgrade && item.upgrade ? UpgradeSchema.safeParse(item.upgrade) : null;
  if (upgrade && !upgrade.success) errors[field("upgrade")] = `The upgrade settings of ${item.productTitle} are incomplete: ${upgrade.error.issues[0].message}`;
  if (Object.keys(errors).length > 0) return { ok: false as const, errors };

  const parsed = OfferItemSchema.safeParse({
    ...item,
    id: `${offer.id}-item-${index}`,
    quantity,
    sellingPlans: plans.success ? plans.data : [],
    upgrade: upgrade?.success ? upgrade.data : null,
  });
  if (!parsed.success) return { ok: false as const, errors: { [field("productId")]: `This product could not be read: ${parsed.error.issues[0].message}` } };
  return { ok: true as const, value: parsed.data };
}

/** Root first, then breadth-first: accept before decline. */
function sortTree(offers: OfferDefinition[]): OfferDefinition[] {
  const ordered: OfferDefinition[] = [];
  const queue = offers.filter((o) => !o.parentOfferId);
  while (queue.length > 0) {
    const offer = queue.shift() as OfferDefinition;
    ordered.push(offer);
    const children = offers.filter((o) => o.parentOfferId === offer.id).sort((a, b) => (a.branch === "accept" ? -1 : 1) - (b.branch === "accept" ? -1 : 1));
    queue.push(...children);
  }
  return ordered;
}

/** The runtime's view of a valid draft (for warnings and the saved funnel's shape). */
export function draftToDefinition(draft: ValidFunnelDraft, meta: { id: string; createdAt: string }): FunnelDefinition {
  return {
    id: meta.id,
    name: draft.name,
    status: draft.status,
    priority: draft.priority,
    createdAt: meta.createdAt,
    triggers: { productIds: draft.triggers.products.map((p) => p.id), subscription: draft.triggers.subscription, showToAll: draft.triggers.showToAll },
    rootOfferId: draft.offers.find((o) => !o.parentOfferId)?.id ?? null,
    offers: draft.offers,
  };
}

/**
 * Best-effort runtime view of a draft that may still have errors, for live warnings and
 * previews while the merchant types: a field that does not parse yet is left at its
 * neutral value instead of hiding every warning.
 */
export function previewDefinition(draft: EditorDraft, currency: string): FunnelDefinition {
  const offers = draft.offers.map((offer) => previewOffer(offer, currency));
  return {
    id: "draft",
    name: draft.name ?? "",
    status: draft.status ?? "draft",
    priority: 0,
    createdAt: "1970-01-01T00:00:00.000Z",
    triggers: {
      productIds: draft.triggers.products.map((p) => p.id),
      subscription: draft.triggers.subscription ?? "off",
      showToAll: draft.triggers.showToAll ?? false,
    },
    rootOfferId: offers.find((o) => !o.parentOfferId)?.id ?? null,
    offers,
  };
}

/** One offer of a draft in the runtime's shape, lenient like previewDefinition. */
export function previewOffer(offer: EditorOffer, currency: string): OfferDefinition {
  const purchaseOption = offer.kind === "subscription_upsell" ? (offer.purchaseOption ?? "one_time") : "one_time";
  const discount = offer.kind === "subscription_upgrade" ? null : parseDiscount(offer.discount ?? { type: "none", value: "" }, currency);
  const items = offer.items.flatMap((item, index) => {
    const plans = z.array(SellingPlanSchema).safeParse(item.sellingPlans ?? []);
    const upgrade = item.upgrade ? UpgradeSchema.safeParse(item.upgrade) : null;
    const quantity = Number(item.quantity);
    const parsed = OfferItemSchema.safeParse({
      ...item,
      id: `${offer.id}-item-${index}`,
      quantity: Number.isInteger(quantity) && quantity >= 1 ? Math.min(quantity, MAX_QUANTITY) : 1,
      sellingPlans: plans.success ? plans.data : [],
      upgrade: upgrade?.success ? upgrade.data : null,
    });
    return parsed.success ? [parsed.data] : [];
  });
  return {
    id: offer.id,
    parentOfferId: offer.parentId ?? null,
    branch: offer.parentId ? (offer.branch ?? null) : null,
    kind: offer.kind,
    headline: offer.headline ?? "",
    body: offer.body ?? "",
    purchaseOption,
    defaultOption: purchaseOption === "both" ? (offer.defaultOption ?? "one_time") : purchaseOption,
    lockedSellingPlanId: purchaseOption === "one_time" ? null : (offer.lockedSellingPlanId ?? null),
    discount: discount?.ok ? discount.value : { type: "none", value: 0 },
    items,
  };
}

/** UPS-2: switching to one-time only clears the plan lock; a lock outside the product's plans is dropped too. */
export function withPurchaseOption(offer: EditorOffer, purchaseOption: EditorOffer["purchaseOption"] & string): EditorOffer {
  const next: EditorOffer = { ...offer, purchaseOption };
  if (purchaseOption === "one_time") next.lockedSellingPlanId = null;
  if (purchaseOption !== "both") next.defaultOption = purchaseOption === "subscription" ? "subscription" : "one_time";
  return next;
}
