/**
 * Pure: the EventFacts of an upgrade or upsell offer, from the offer definition the
 * runtime works with and the initial purchase's lines (PS-2).
 */
import type { Discount as OfferDiscount, OfferDefinition, OrderLine, Upgrade } from "~/domain/funnel-schemas";
import { sameId } from "~/domain/ids";
import type { Discount, Interval } from "~/providers/types";
import type { EventFacts } from "./event-builders";

type PlanLike = { intervalUnit: string; deliveryIntervalCount: number; billingIntervalCount: number };

/** Providers count in days, weeks and months: a yearly plan is 12 months. */
export function toInterval(plan: Partial<PlanLike> | null | undefined): Interval | null {
  if (!plan?.intervalUnit || !plan.deliveryIntervalCount || !plan.billingIntervalCount) return null;
  const unit = plan.intervalUnit.toLowerCase();
  const factor = unit === "year" ? 12 : 1;
  const normalised = unit === "year" ? "month" : unit;
  if (normalised !== "day" && normalised !== "week" && normalised !== "month") return null;
  return { unit: normalised, deliveryCount: plan.deliveryIntervalCount * factor, billingCount: plan.billingIntervalCount * factor };
}

export function toDiscount(discount: OfferDiscount | null | undefined, currency: string): Discount | null {
  if (!discount || discount.value <= 0) return null;
  if (discount.type === "percentage") return { type: "percentage", basisPoints: discount.value };
  if (discount.type === "fixed_amount") return { type: "fixed_amount", amountMinor: discount.value, currency };
  return null;
}

/** The first configured upgrade item of an offer (one upgrade per acceptance). */
export function upgradeItemOf(offer: OfferDefinition): { item: OfferDefinition["items"][number]; upgrade: Upgrade } | null {
  const item = offer.items.find((i) => i.upgrade);
  return item?.upgrade ? { item, upgrade: item.upgrade } : null;
}

/** What an upgrade offer changes: products, old → new frequency, the recurring discount. */
export function upgradeOfferFacts(offer: OfferDefinition, lines: readonly OrderLine[]): EventFacts {
  const found = upgradeItemOf(offer);
  if (!found) return { productTitles: offer.items.map((i) => i.productTitle).filter(Boolean) };
  const { item, upgrade } = found;
  const line = lines.find((l) => sameId("Product", l.productId, upgrade.triggerProductId) && l.sellingPlanId);
  const currentPlan = line ? upgrade.triggerSellingPlans.find((p) => sameId("SellingPlan", p.id, line.sellingPlanId)) : undefined;
  return {
    productTitles: [item.productTitle].filter(Boolean),
    triggerProductTitle: upgrade.triggerProductTitle || null,
    upgradeType: upgrade.type,
    oldInterval: toInterval(currentPlan),
    newInterval: upgrade.type === "replacement" ? null : toInterval(upgrade as Partial<PlanLike>),
    discount: toDiscount(upgrade.discount, item.currency),
  };
}

/** A subscription upsell: the products, the plan the shopper chose, the first-cycle discount. */
export function upsellOfferFacts(offer: OfferDefinition, sellingPlanId: string | null): EventFacts {
  const plans = offer.items.flatMap((i) => i.sellingPlans);
  const plan = sellingPlanId ? plans.find((p) => sameId("SellingPlan", p.id, sellingPlanId)) : undefined;
  return {
    productTitles: offer.items.map((i) => i.productTitle).filter(Boolean),
    sellingPlanName: plan?.name ?? null,
    newInterval: toInterval(plan),
    discount: toDiscount(offer.discount, offer.items[0]?.currency ?? "USD"),
  };
}
