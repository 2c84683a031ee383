/**
 * Database rows → the domain's FunnelDefinition (app/domain/funnel-schemas.ts). JSON
 * columns are parsed and every funnel goes through the zod schema, so the runtime only
 * ever sees validated definitions; a funnel that fails is skipped and logged instead of
 * taking every other funnel of the shop down with it.
 */
import type { Prisma } from "@prisma/client";
import { FunnelDefinitionSchema, type FunnelDefinition } from "~/domain/funnel-schemas";
import { logger } from "~/logger.server";

/** What loadActiveFunnelRows reads: a funnel with its offer tree, items and upgrade settings. */
export const FUNNEL_TREE_INCLUDE = {
  offers: {
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    include: { items: { orderBy: { position: "asc" }, include: { upgrade: true } } },
  },
} satisfies Prisma.FunnelInclude;

export type FunnelRow = Prisma.FunnelGetPayload<{ include: typeof FUNNEL_TREE_INCLUDE }>;
type OfferRow = FunnelRow["offers"][number];
type ItemRow = OfferRow["items"][number];

function parseJsonArray(text: string, what: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
}

function itemInput(item: ItemRow) {
  const upgrade = item.upgrade;
  return {
    id: item.id,
    productId: item.productId,
    variantId: item.variantId,
    productTitle: item.productTitle,
    variantTitle: item.variantTitle,
    imageUrl: item.imageUrl,
    priceMinor: item.priceMinor,
    currency: item.currency,
    quantity: item.quantity,
    subscriptionOnly: item.subscriptionOnly,
    sellingPlans: parseJsonArray(item.sellingPlans, `Offer item ${item.id} sellingPlans`),
    upgrade: upgrade
      ? {
          triggerProductId: upgrade.triggerProductId,
          triggerProductTitle: upgrade.triggerProductTitle,
          type: upgrade.type,
          intervalUnit: upgrade.intervalUnit,
          deliveryIntervalCount: upgrade.deliveryIntervalCount,
          billingIntervalCount: upgrade.billingIntervalCount,
          providerSellingPlanId: upgrade.providerSellingPlanId,
          applyAtEndOfCycle: upgrade.applyAtEndOfCycle,
          replacementProductId: upgrade.replacementProductId,
          replacementVariantId: upgrade.replacementVariantId,
          replacementQuantity: upgrade.replacementQuantity,
          discount: { type: upgrade.discountType, value: upgrade.discountValue },
        }
      : null,
  };
}

function offerInput(offer: OfferRow) {
  return {
    id: offer.id,
    parentOfferId: offer.parentOfferId,
    branch: offer.branch,
    kind: offer.kind,
    headline: offer.headline,
    body: offer.body,
    purchaseOption: offer.purchaseOption,
    defaultOption: offer.defaultOption,
    lockedSellingPlanId: offer.lockedSellingPlanId,
    discount: { type: offer.discountType, value: offer.discountValue },
    items: offer.items.map(itemInput),
  };
}

/** The definition of one funnel row; throws (zod or JSON) when the stored data is invalid. */
export function toFunnelDefinition(row: FunnelRow): FunnelDefinition {
  // The root is the offer without a parent; editors keep exactly one, the first wins otherwise.
  const root = row.offers.find((offer) => offer.parentOfferId === null);
  return FunnelDefinitionSchema.parse({
    id: row.id,
    name: row.name,
    status: row.status,
    priority: row.priority,
    createdAt: row.createdAt.toISOString(),
    triggers: {
      productIds: parseJsonArray(row.triggerProductIds, `Funnel ${row.id} triggerProductIds`),
      subscription: row.subscriptionTrigger,
      showToAll: row.showToAll,
    },
    rootOfferId: root?.id ?? null,
    offers: row.offers.map(offerInput),
  });
}

/** Every row that parses; the others are logged with the shop and skipped. */
export function toFunnelDefinitions(rows: FunnelRow[], shop: string): FunnelDefinition[] {
  const funnels: FunnelDefinition[] = [];
  for (const row of rows) {
    try {
      funnels.push(toFunnelDefinition(row));
    } catch (error) {
      logger.warn("funnel skipped: stored definition is invalid", { shop, funnelId: row.id, error });
    }
  }
  return funnels;
}
