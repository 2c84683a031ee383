/**
 * Admin GraphQL product nodes (the UpliftPickerProduct fragment) to the pickers' plain
 * snapshot: selling plans in the domain's shape, prices in exact minor units, the
 * subscription-only and bundle flags WIZ-3 and RUN-4 depend on.
 */
import type { PlanAdjustment, SellingPlan } from "~/domain/funnel-schemas";
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
  pricingPolicies: PricingPolicyNode[];
}

/** SellingPlanFixedPricingPolicy or SellingPlanRecurringPricingPolicy (then with afterCycle). */
export interface PricingPolicyNode {
  __typename?: string;
  afterCycle?: number | null;
  adjustmentType?: string;
  adjustmentValue?: { percentage?: number; amount?: string; currencyCode?: string } | null;
}

/** One policy in the domain's shape; null when Shopify's answer cannot be read safely. */
function toAdjustment(policy: PricingPolicyNode): PlanAdjustment | null {
  const value = policy.adjustmentValue;
  if (policy.adjustmentType === "PERCENTAGE" && typeof value?.percentage === "number") {
    return { type: "percentage", percent: Math.min(Math.max(value.percentage, 0), 100) };
  }
  if ((policy.adjustmentType === "FIXED_AMOUNT" || policy.adjustmentType === "PRICE") && value?.amount && value.currencyCode) {
    try {
      const amountMinor = Math.max(0, parseDecimalToMinor(value.amount, value.currencyCode));
      return { type: policy.adjustmentType === "PRICE" ? "price" : "fixed_amount", amountMinor };
    } catch {
      return null;
    }
  }
  return null;
}

/** Audit S-12: every policy is read — percentage, fixed amount, fixed price, and the recurring one after N cycles. */
function toPricing(policies: PricingPolicyNode[]): NonNullable<SellingPlan["pricing"]> {
  const recurring = policies.find((p) => p.__typename === "SellingPlanRecurringPricingPolicy" || typeof p.afterCycle === "number");
  const fixed = policies.find((p) => p !== recurring);
  const later = recurring && typeof recurring.afterCycle === "number" && recurring.afterCycle >= 1 ? toAdjustment(recurring) : null;
  return {
    initial: fixed ? toAdjustment(fixed) : null,
    later: later && recurring?.afterCycle ? { afterCycle: recurring.afterCycle, adjustment: later } : null,
  };
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
  const pricing = toPricing(node.pricingPolicies);
  // percentOff stays for readers of older snapshots; `pricing` is the full story.
  const percentage = pricing.initial?.type === "percentage" ? pricing.initial.percent : 0;
  return {
    id: node.id,
    name: node.name,
    intervalUnit: unit,
    deliveryIntervalCount: delivery.intervalCount,
    billingIntervalCount: billing.intervalCount,
    ...(percentage > 0 ? { percentOff: percentage } : {}),
    pricing,
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
