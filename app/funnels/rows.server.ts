/**
 * Funnel rows (Funnel → Offer → OfferItem → UpgradeConfig) to and from the domain's
 * shapes — the only place that maps them, for the editor and the post-purchase runtime
 * alike (app/funnels/definitions.server.ts). The JSON and enum columns are
 * validated with the domain's zod schemas on the way out, so a bad row fails loudly here
 * rather than deep in the editor or checkout.
 */
import type { Funnel, Offer, OfferItem, Prisma, UpgradeConfig } from "@prisma/client";
import { z } from "zod";
import {
  DiscountSchema,
  FunnelDefinitionSchema,
  ProviderSchema,
  SellingPlanSchema,
  type FunnelDefinition,
  type OfferDefinition,
  type OfferItem as DomainItem,
  type Upgrade,
} from "~/domain/funnel-schemas";
import { discountToText, shippingToText, type EditorDraft } from "~/domain/funnel-editor-schemas";

export type ItemRow = OfferItem & { upgrade: UpgradeConfig | null };
export type OfferRow = Offer & { items: ItemRow[] };
export type FunnelRow = Funnel & { offers: OfferRow[] };

/** What to include to load a FunnelRow. */
export const FUNNEL_INCLUDE = {
  offers: { include: { items: { include: { upgrade: true }, orderBy: { position: "asc" } } }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] },
} satisfies Prisma.FunnelInclude;

const StringArray = z.array(z.string());
const PlanArray = z.array(SellingPlanSchema);

function parseJson<T>(schema: z.ZodType<T>, text: string, fallback: T): T {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

/**
 * How JSON array columns are read. Lenient (the editor): anything unreadable loads as []
 * so the merchant can still open and fix the funnel. Strict (the runtime): text that is
 * not JSON throws, and the content is left to FunnelDefinitionSchema, which refuses the
 * whole funnel rather than showing it with pieces missing.
 */
interface ReadOptions {
  strict?: boolean;
}

function jsonArray<T>(schema: z.ZodType<T[]>, text: string, what: string, options: ReadOptions): T[] {
  if (!options.strict) return parseJson(schema, text, []);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
  return (Array.isArray(value) ? value : []) as T[];
}

export const triggerProductIds = (funnel: Pick<Funnel, "triggerProductIds">) => parseJson(StringArray, funnel.triggerProductIds, []);

function upgradeFromRow(row: UpgradeConfig, options: ReadOptions): Upgrade {
  return {
    triggerProductId: row.triggerProductId,
    triggerProductTitle: row.triggerProductTitle,
    triggerSellingPlans: jsonArray(PlanArray, row.triggerSellingPlans, `Upgrade ${row.id} triggerSellingPlans`, options),
    type: row.type as Upgrade["type"],
    intervalUnit: (row.intervalUnit as Upgrade["intervalUnit"]) ?? null,
    deliveryIntervalCount: row.deliveryIntervalCount,
    billingIntervalCount: row.billingIntervalCount,
    providerSellingPlanId: row.providerSellingPlanId,
    applyAtEndOfCycle: row.applyAtEndOfCycle,
    replacementProductId: row.replacementProductId,
    replacementVariantId: row.replacementVariantId,
    replacementTitle: row.replacementTitle || null,
    replacementQuantity: row.replacementQuantity,
    discount: DiscountSchema.parse({ type: row.discountType, value: row.discountValue }),
    discountCode: row.discountCode || null,
    provider: ProviderSchema.safeParse(row.provider).data ?? null,
    frequencyAppliesToAllLines: row.frequencyAppliesToAllLines,
  };
}

function itemFromRow(row: ItemRow, options: ReadOptions): DomainItem {
  return {
    id: row.id,
    productId: row.productId,
    variantId: row.variantId,
    productTitle: row.productTitle,
    variantTitle: row.variantTitle,
    imageUrl: row.imageUrl,
    priceMinor: row.priceMinor,
    currency: row.currency,
    quantity: row.quantity,
    subscriptionOnly: row.subscriptionOnly,
    isBundle: row.isBundle,
    sellingPlans: jsonArray(PlanArray, row.sellingPlans, `Offer item ${row.id} sellingPlans`, options),
    upgrade: row.upgrade ? upgradeFromRow(row.upgrade, options) : null,
  };
}

function offerFromRow(row: OfferRow, options: ReadOptions): OfferDefinition {
  return {
    id: row.id,
    parentOfferId: row.parentOfferId,
    branch: (row.branch as OfferDefinition["branch"]) ?? null,
    kind: row.kind as OfferDefinition["kind"],
    headline: row.headline,
    body: row.body,
    purchaseOption: row.purchaseOption as OfferDefinition["purchaseOption"],
    defaultOption: row.defaultOption as OfferDefinition["defaultOption"],
    lockedSellingPlanId: row.lockedSellingPlanId,
    discount: DiscountSchema.parse({ type: row.discountType, value: row.discountValue }),
    subscriptionShipping: { initialMinor: row.subscriptionShippingMinor, recurringMinor: row.subscriptionRecurringShippingMinor },
    items: row.items.map((item) => itemFromRow(item, options)),
  };
}

/**
 * The runtime's FunnelDefinition of a stored funnel, validated by the domain schema
 * (throws when it does not parse). `strict` is for the runtime: see ReadOptions.
 */
export function funnelRowToDefinition(row: FunnelRow, options: ReadOptions = {}): FunnelDefinition {
  const offers = row.offers.map((offer) => offerFromRow(offer, options));
  return FunnelDefinitionSchema.parse({
    id: row.id,
    name: row.name,
    status: row.status,
    priority: row.priority,
    createdAt: row.createdAt.toISOString(),
    triggers: {
      productIds: jsonArray(StringArray, row.triggerProductIds, `Funnel ${row.id} triggerProductIds`, options),
      subscription: row.subscriptionTrigger,
      showToAll: row.showToAll,
    },
    // The root is the offer without a parent; editors keep exactly one, the first wins otherwise.
    rootOfferId: offers.find((o) => !o.parentOfferId)?.id ?? null,
    offers,
  });
}

/**
 * The editor's draft of a stored funnel. What the database keeps only as ids comes from
 * Shopify (`products`): trigger titles, an upgrade's replacement title and its trigger's
 * selling plans (for the preview's "from" cadence); the id stands in when Shopify is silent.
 */
export function definitionToDraft(
  definition: FunnelDefinition,
  currency: string,
  titles: Map<string, { title: string; imageUrl: string | null; sellingPlans?: Upgrade["triggerSellingPlans"] }> = new Map(),
): EditorDraft {
  return {
    name: definition.name,
    status: definition.status,
    priority: String(definition.priority),
    triggers: {
      products: definition.triggers.productIds.map((id) => ({ id, title: titles.get(id)?.title ?? id, imageUrl: titles.get(id)?.imageUrl ?? null })),
      subscription: definition.triggers.subscription,
      showToAll: definition.triggers.showToAll,
    },
    offers: definition.offers.map((offer) => ({
      id: offer.id,
      parentId: offer.parentOfferId,
      branch: offer.branch,
      kind: offer.kind,
      headline: offer.headline,
      body: offer.body,
      purchaseOption: offer.purchaseOption,
      defaultOption: offer.defaultOption,
      lockedSellingPlanId: offer.lockedSellingPlanId,
      discount: discountToText(offer.discount, offer.items[0]?.currency ?? currency),
      subscriptionShipping: shippingToText(offer.subscriptionShipping, offer.items[0]?.currency ?? currency),
      items: offer.items.map((item) => ({
        productId: item.productId,
        variantId: item.variantId,
        productTitle: item.productTitle,
        variantTitle: item.variantTitle,
        imageUrl: item.imageUrl ?? null,
        priceMinor: item.priceMinor,
        currency: item.currency,
        quantity: String(item.quantity),
        subscriptionOnly: item.subscriptionOnly,
        isBundle: item.isBundle,
        sellingPlans: item.sellingPlans,
        upgrade: item.upgrade
          ? {
              ...item.upgrade,
              triggerProductTitle: item.upgrade.triggerProductTitle || (titles.get(item.upgrade.triggerProductId)?.title ?? ""),
              triggerSellingPlans: item.upgrade.triggerSellingPlans.length ? item.upgrade.triggerSellingPlans : (titles.get(item.upgrade.triggerProductId)?.sellingPlans ?? []),
              replacementTitle: item.upgrade.replacementProductId ? (titles.get(item.upgrade.replacementProductId)?.title ?? item.upgrade.replacementTitle ?? null) : null,
            }
          : null,
      })),
    })),
  };
}

/** Columns of one offer item (and its upgrade) for a nested create. */
export function itemCreateData(item: DomainItem, position: number): Prisma.OfferItemCreateWithoutOfferInput {
  const upgrade = item.upgrade;
  return {
    position,
    productId: item.productId,
    variantId: item.variantId,
    productTitle: item.productTitle,
    variantTitle: item.variantTitle,
    imageUrl: item.imageUrl ?? null,
    priceMinor: item.priceMinor,
    currency: item.currency,
    quantity: item.quantity,
    subscriptionOnly: item.subscriptionOnly,
    isBundle: item.isBundle,
    sellingPlans: JSON.stringify(item.sellingPlans),
    ...(upgrade
      ? {
          upgrade: {
            create: {
              triggerProductId: upgrade.triggerProductId,
              triggerProductTitle: upgrade.triggerProductTitle,
              triggerSellingPlans: JSON.stringify(upgrade.triggerSellingPlans),
              type: upgrade.type,
              intervalUnit: upgrade.intervalUnit ?? null,
              deliveryIntervalCount: upgrade.deliveryIntervalCount ?? null,
              billingIntervalCount: upgrade.billingIntervalCount ?? null,
              providerSellingPlanId: upgrade.providerSellingPlanId ?? null,
              applyAtEndOfCycle: upgrade.applyAtEndOfCycle,
              replacementProductId: upgrade.replacementProductId ?? null,
              replacementVariantId: upgrade.replacementVariantId ?? null,
              replacementTitle: upgrade.replacementTitle ?? "",
              replacementQuantity: upgrade.replacementQuantity ?? null,
              discountType: upgrade.discount.type,
              discountValue: upgrade.discount.value,
              discountCode: upgrade.discountCode ?? null,
              provider: upgrade.provider ?? null,
              frequencyAppliesToAllLines: upgrade.frequencyAppliesToAllLines ?? false,
            },
          },
        }
      : {}),
  };
}

/** Columns of one offer, without its place in the tree. */
export function offerColumns(offer: OfferDefinition) {
  return {
    kind: offer.kind,
    headline: offer.headline,
    body: offer.body,
    purchaseOption: offer.purchaseOption,
    defaultOption: offer.defaultOption,
    lockedSellingPlanId: offer.lockedSellingPlanId,
    discountType: offer.discount.type,
    discountValue: offer.discount.value,
    subscriptionShippingMinor: offer.subscriptionShipping.initialMinor,
    subscriptionRecurringShippingMinor: offer.subscriptionShipping.recurringMinor,
  };
}
