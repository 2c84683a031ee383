/**
 * Writes funnels built from the shared demo catalog (tests/simulators/catalog.ts) into
 * the database, the way the funnel editor stores them. Used by the demo seed, the
 * runtime tests and the offer benchmark, so all three exercise real rows.
 */
import type { Db } from "../../../app/db.server";
import { parseDecimalToMinor } from "../../../app/domain/money";
import { DEMO_CURRENCY, findVariant, gid } from "../../../tests/simulators/catalog";

export interface SeedUpgrade {
  triggerProductId: number;
  triggerProductTitle?: string;
  type: "frequency" | "replacement" | "both";
  intervalUnit?: "day" | "week" | "month";
  deliveryIntervalCount?: number;
  billingIntervalCount?: number;
  providerSellingPlanId?: string;
  applyAtEndOfCycle?: boolean;
  replacementVariantId?: number;
  replacementQuantity?: number;
  discount?: { type: "none" | "percentage" | "fixed_amount"; value: number };
}

export interface SeedItem {
  variantId: number;
  quantity?: number;
  /** Overrides the catalog price (minor units). */
  priceMinor?: number;
  /** Overrides the catalog plans (JSON as stored). */
  sellingPlans?: unknown[];
  subscriptionOnly?: boolean;
  upgrade?: SeedUpgrade;
}

export interface SeedOffer {
  key: string;
  parent?: string;
  branch?: "accept" | "decline";
  kind?: "product_upsell" | "subscription_upsell" | "subscription_upgrade";
  headline?: string;
  body?: string;
  purchaseOption?: "one_time" | "subscription" | "both";
  defaultOption?: "one_time" | "subscription";
  lockedSellingPlanId?: number | null;
  discount?: { type: "none" | "percentage" | "fixed_amount"; value: number };
  items: SeedItem[];
}

export interface SeedFunnel {
  name: string;
  status?: "draft" | "active" | "inactive";
  priority?: number;
  triggerProductIds?: number[];
  subscriptionTrigger?: "off" | "include" | "exclude";
  showToAll?: boolean;
  createdAt?: Date;
  offers: SeedOffer[];
}

function catalogItem(variantId: number) {
  const found = findVariant(variantId);
  if (!found) throw new Error(`No catalog variant ${variantId}`);
  return found;
}

function plansOf(variantId: number): unknown[] {
  const { product } = catalogItem(variantId);
  return (product.sellingPlanGroup?.plans ?? []).map((plan) => ({
    id: gid("SellingPlan", plan.id),
    name: plan.name,
    intervalUnit: plan.interval.toLowerCase(),
    deliveryIntervalCount: plan.deliveryIntervalCount,
    billingIntervalCount: plan.billingIntervalCount,
    percentOff: plan.percentOff,
  }));
}

function upgradeData(upgrade: SeedUpgrade) {
  const replacement = upgrade.replacementVariantId ? catalogItem(upgrade.replacementVariantId) : null;
  return {
    triggerProductId: gid("Product", upgrade.triggerProductId),
    triggerProductTitle: upgrade.triggerProductTitle ?? "",
    type: upgrade.type,
    intervalUnit: upgrade.intervalUnit ?? null,
    deliveryIntervalCount: upgrade.deliveryIntervalCount ?? null,
    billingIntervalCount: upgrade.billingIntervalCount ?? null,
    providerSellingPlanId: upgrade.providerSellingPlanId ?? null,
    applyAtEndOfCycle: upgrade.applyAtEndOfCycle ?? false,
    replacementProductId: replacement ? gid("Product", replacement.product.id) : null,
    replacementVariantId: replacement ? gid("ProductVariant", replacement.variant.id) : null,
    replacementQuantity: upgrade.replacementQuantity ?? null,
    discountType: upgrade.discount?.type ?? "none",
    discountValue: upgrade.discount?.value ?? 0,
  };
}

/** Creates one funnel with its offer tree; returns the ids by offer key. */
export async function createSeedFunnel(db: Db, shopId: string, spec: SeedFunnel, options: { imageBase?: string } = {}) {
  const funnel = await db.funnel.create({
    data: {
      shopId,
      name: spec.name,
      status: spec.status ?? "active",
      priority: spec.priority ?? 0,
      triggerProductIds: JSON.stringify((spec.triggerProductIds ?? []).map((id) => gid("Product", id))),
      subscriptionTrigger: spec.subscriptionTrigger ?? "off",
      showToAll: spec.showToAll ?? false,
      ...(spec.createdAt ? { createdAt: spec.createdAt } : {}),
    },
  });
  const offerIds: Record<string, string> = {};
  for (const [position, offer] of spec.offers.entries()) {
    const created = await db.offer.create({
      data: {
        shopId,
        funnelId: funnel.id,
        parentOfferId: offer.parent ? offerIds[offer.parent] : null,
        branch: offer.branch ?? null,
        position,
        kind: offer.kind ?? "product_upsell",
        headline: offer.headline ?? "",
        body: offer.body ?? "",
        purchaseOption: offer.purchaseOption ?? "one_time",
        defaultOption: offer.defaultOption ?? "one_time",
        lockedSellingPlanId: offer.lockedSellingPlanId ? gid("SellingPlan", offer.lockedSellingPlanId) : null,
        discountType: offer.discount?.type ?? "none",
        discountValue: offer.discount?.value ?? 0,
      },
    });
    offerIds[offer.key] = created.id;
    for (const [itemPosition, item] of offer.items.entries()) {
      const { product, variant } = catalogItem(item.variantId);
      await db.offerItem.create({
        data: {
          offerId: created.id,
          position: itemPosition,
          productId: gid("Product", product.id),
          variantId: gid("ProductVariant", variant.id),
          productTitle: product.title,
          variantTitle: variant.title === "Default Title" ? "" : variant.title,
          imageUrl: options.imageBase ? `${options.imageBase}${product.imageUrl}` : product.imageUrl,
          priceMinor: item.priceMinor ?? parseDecimalToMinor(variant.price, DEMO_CURRENCY),
          currency: DEMO_CURRENCY,
          quantity: item.quantity ?? 1,
          subscriptionOnly: item.subscriptionOnly ?? product.requiresSellingPlan,
          sellingPlans: JSON.stringify(item.sellingPlans ?? plansOf(item.variantId)),
          ...(item.upgrade ? { upgrade: { create: upgradeData(item.upgrade) } } : {}),
        },
      });
    }
  }
  return { funnelId: funnel.id, offerIds };
}
