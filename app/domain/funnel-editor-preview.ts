/**
 * Editor drafts in the runtime's shape (FunnelDefinition), so the editor's warnings
 * (FUN-4/5/6) and live preview come from the same functions the checkout runs.
 */
import { z } from "zod";
import { OfferItemSchema, SellingPlanSchema, UpgradeSchema, type FunnelDefinition, type OfferDefinition } from "./funnel-schemas";
import { MAX_QUANTITY, parseDiscount, parseShippingPrice, type EditorDraft, type EditorOffer, type ValidFunnelDraft } from "./funnel-editor-schemas";

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
    // Same rule as validation; a priority still being typed counts as 0.
    priority: /^-?\d{1,4}$/.test(String(draft.priority ?? "").trim()) ? Number(String(draft.priority).trim()) : 0,
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
    subscriptionShipping: previewShipping(offer, purchaseOption, currency),
    items,
  };
}

/** Subscription shipping of a draft offer; a price that does not parse yet counts as free. */
function previewShipping(offer: EditorOffer, purchaseOption: OfferDefinition["purchaseOption"], currency: string): OfferDefinition["subscriptionShipping"] {
  if (purchaseOption === "one_time") return { initialMinor: 0, recurringMinor: 0 };
  const read = (text: string | undefined) => {
    const parsed = parseShippingPrice(text ?? "", currency);
    return parsed.ok ? parsed.value : 0;
  };
  return { initialMinor: read(offer.subscriptionShipping?.initial), recurringMinor: read(offer.subscriptionShipping?.recurring) };
}
