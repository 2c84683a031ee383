/**
 * Admin GraphQL product nodes (the UpliftPickerProduct fragment) to the pickers' plain
 * snapshot: selling plans in the domain's shape, prices in exact minor units, the
 * subscription-only and bundle flags WIZ-3 and RUN-4 depend on.
 */
import type { SellingPlan } from "~/domain/funnel-schemas";
import { parseDecimalToMinor } from "~/domain/money";
import type { PickerProduct } from "~/domain/wizard-validation";

export interface ProductNode {
  id: string;
  title: string;
  status: string;
  onlineStoreUrl: string | null;
  requiresSellingPlan: boolean;
  hasVariantsThatRequiresComponents: boolean;
  featuredMedia: { preview: { image: { url: string; altText: string | null } | null } | null } | null;
  variants: { nodes: Array<{ id: string; title: string; price: string; requiresComponents: boolean }> };
  sellingPlanGroups: { nodes: Array<{ sellingPlans: { nodes: SellingPlanNode[] } }> };
}

export interface SellingPlanNode {
  id: string;
  name: string;
  billingPolicy: { interval?: string; intervalCount?: number } | null;
  deliveryPolicy: { interval?: string; intervalCount?: number } | null;
  pricingPolicies: Array<{ adjustmentType?: string; adjustmentValue?: { percentage?: number } | null }>;
}

const UNITS: Record<string, SellingPlan["intervalUnit"]> = { DAY: "day", WEEK: "week", MONTH: "month", YEAR: "year" };

/** Recurring plans only; a plan whose billing and delivery units differ is skipped (the domain cannot express it). */
export function toSellingPlan(node: SellingPlanNode): SellingPlan | null {
  const billing = node.billingPolicy;
  const delivery = node.deliveryPolicy;
  if (!billing?.interval || !delivery?.interval || !billing.intervalCount || !delivery.intervalCount) return null;
  if (billing.interval !== delivery.interval) return null;
  const unit = UNITS[billing.interval];
  if (!unit) return null;
  const percentage = node.pricingPolicies.find((p) => p.adjustmentType === "PERCENTAGE")?.adjustmentValue?.percentage;
  return {
    id: node.id,
    name: node.name,
    intervalUnit: unit,
    deliveryIntervalCount: delivery.intervalCount,
    billingIntervalCount: billing.intervalCount,
    ...(typeof percentage === "number" && percentage > 0 ? { percentOff: Math.min(percentage, 100) } : {}),
  };
}

export function toPickerProduct(node: ProductNode, currency: string): PickerProduct {
  const plans = node.sellingPlanGroups.nodes.flatMap((group) => group.sellingPlans.nodes.map(toSellingPlan));
  return {
    id: node.id,
    title: node.title,
    imageUrl: node.featuredMedia?.preview?.image?.url ?? null,
    status: node.status,
    subscriptionOnly: node.requiresSellingPlan,
    isBundle: node.hasVariantsThatRequiresComponents,
    sellingPlans: plans.filter((plan): plan is SellingPlan => plan !== null),
    variants: node.variants.nodes.map((variant) => ({
      id: variant.id,
      title: variant.title,
      priceMinor: safePrice(variant.price, currency),
      isBundle: variant.requiresComponents,
    })),
    currency,
    onlineStoreUrl: node.onlineStoreUrl,
  };
}

function safePrice(price: string, currency: string): number {
  try {
    return Math.max(0, parseDecimalToMinor(price, currency));
  } catch {
    return 0;
  }
}
