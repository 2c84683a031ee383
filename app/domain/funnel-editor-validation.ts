/**
 * The one validation of the funnel editor's draft, run by the browser (inline errors as
 * the merchant types, after the first Save) and by the save action (400 with the same
 * field errors). Errors are keyed by field path, offers by their id: `offers.<id>.<field>`.
 */
import { z } from "zod";
import { OfferItemSchema, SellingPlanSchema, UpgradeSchema, type OfferDefinition, type OfferItem } from "./funnel-schemas";
import { EditorDraftSchema, MAX_BODY_LENGTH, MAX_HEADLINE_LENGTH, MAX_NAME_LENGTH, MAX_QUANTITY, offerField, parseDiscount, parseShippingPrice, type DraftResult, type EditorOffer, type FieldErrors, type ParsedItem, type ParsedOffer } from "./funnel-editor-schemas";
import { offerSellingPlans } from "./purchase-options";
import { firstIssue } from "./zod-issues";

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

function validateOffer(offer: ParsedOffer, currency: string): OfferResult {
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
  const initialShipping = parseShippingPrice(offer.subscriptionShipping.initial, currency);
  const recurringShipping = parseShippingPrice(offer.subscriptionShipping.recurring, currency);
  if (!initialShipping.ok) errors[field("subscriptionShipping.initial")] = initialShipping.message;
  if (!recurringShipping.ok) errors[field("subscriptionShipping.recurring")] = recurringShipping.message;

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
    // Only a subscription pays shipping through the offer; one-time lines ship with the order.
    subscriptionShipping:
      purchaseOption !== "one_time" && initialShipping.ok && recurringShipping.ok
        ? { initialMinor: initialShipping.value, recurringMinor: recurringShipping.value }
        : { initialMinor: 0, recurringMinor: 0 },
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
    if (offer.items.length > 1) {
      // Audit S-6: Shopify refuses a second add_subscription in one changeset (subscription_limit_error).
      errors[field("purchaseOption")] =
        "Shopify adds only one subscription per post-purchase offer. Keep one product in this offer, or set the purchase option to \"One-time only\".";
    } else if (plans.length === 0) {
      errors[field("purchaseOption")] = `${offer.items[0]?.productTitle ?? "This product"} has no selling plans in Shopify, so it can only be offered one-time.`;
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

function validateItem(offer: ParsedOffer, item: ParsedItem, index: number, currency: string) {
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
  if (upgrade && !upgrade.success) errors[field("upgrade")] = `The upgrade settings of ${item.productTitle} are incomplete: ${firstIssue(upgrade.error).message}`;
  if (Object.keys(errors).length > 0) return { ok: false as const, errors };

  const parsed = OfferItemSchema.safeParse({
    ...item,
    id: `${offer.id}-item-${index}`,
    quantity,
    sellingPlans: plans.success ? plans.data : [],
    upgrade: upgrade?.success ? upgrade.data : null,
  });
  if (!parsed.success) return { ok: false as const, errors: { [field("productId")]: `This product could not be read: ${firstIssue(parsed.error).message}` } };
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
