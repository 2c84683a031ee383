/**
 * Test-only builders over the shared demo catalog (tests/simulators/catalog.ts).
 * Never imported by domain code: the domain boundary test skips this folder.
 * Everything goes through the real zod schemas, so fixtures get the same defaults
 * and id normalisation as production data.
 */
import { DEMO_CURRENCY, DEMO_SHOP, findVariant, gid, ORDERS } from "../simulators/catalog";
import {
  FunnelDefinitionSchema,
  OfferDefinitionSchema,
  OrderContextSchema,
  type FunnelDefinition,
  type FunnelDefinitionInput,
  type OfferDefinition,
  type OfferDefinitionInput,
  type OfferItemInput,
  type OrderContext,
  type ShopState,
} from "../../app/domain/funnel-schemas";
import { parseDecimalToMinor } from "../../app/domain/money";

export const MORNING_ROAST = { productId: 1001, variant12oz: 2001, monthly: 3001, every2Months: 3002, prepaid6Months: 3003 } as const;
export const CLUB_BOX = { productId: 1002, variant: 2003, plan: 3004 } as const;
export const BARISTA_BUNDLE = { productId: 1003, variant: 2004 } as const;
export const MUG = { productId: 1004, variant: 2005 } as const;
export const FROTHER = { productId: 1005, variant: 2006 } as const;
export const DOUBLE_BAG = { productId: 1006, variant: 2007 } as const;
export const DECAF = { productId: 1008, variant: 2009, monthly: 3005, every2Months: 3006 } as const;

export const UPGRADES_ON: ShopState = { subscriptionUpgradesEnabled: true, provider: "recharge" };
export const UPGRADES_OFF: ShopState = { subscriptionUpgradesEnabled: false, provider: null };

/** An offer item built from a catalog variant (price, plans, subscription-only and bundle flags). */
export function catalogItem(variantId: number, overrides: Partial<OfferItemInput> = {}): OfferItemInput {
  const found = findVariant(variantId);
  if (!found) throw new Error(`No catalog variant ${variantId}`);
  const { product, variant } = found;
  return {
    id: `item-${variantId}`,
    productId: gid("Product", product.id),
    variantId: gid("ProductVariant", variant.id),
    productTitle: product.title,
    variantTitle: variant.title,
    imageUrl: product.imageUrl,
    priceMinor: parseDecimalToMinor(variant.price, DEMO_CURRENCY),
    currency: DEMO_CURRENCY,
    quantity: 1,
    subscriptionOnly: product.requiresSellingPlan,
    isBundle: variant.requiresComponents === true,
    sellingPlans: (product.sellingPlanGroup?.plans ?? []).map((plan) => ({
      id: gid("SellingPlan", plan.id),
      name: plan.name,
      intervalUnit: plan.interval,
      deliveryIntervalCount: plan.deliveryIntervalCount,
      billingIntervalCount: plan.billingIntervalCount,
      percentOff: plan.percentOff,
    })),
    ...overrides,
  };
}

/** The catalog selling plans of a product, as offer data (for upgrade "from" texts). */
export function catalogPlans(variantId: number): OfferItemInput["sellingPlans"] {
  return catalogItem(variantId).sellingPlans;
}

export function makeOffer(input: Omit<OfferDefinitionInput, "kind"> & Partial<Pick<OfferDefinitionInput, "kind">>): OfferDefinition {
  return OfferDefinitionSchema.parse({ kind: "product_upsell", ...input });
}

/** A Morning Roast frequency upgrade (monthly → prepaid 6 months) with the Double Bag as offer product. */
export function upgradeOffer(id: string, overrides: Partial<OfferDefinitionInput> = {}, upgrade: Record<string, unknown> = {}): OfferDefinition {
  return makeOffer({
    id,
    kind: "subscription_upgrade",
    items: [
      catalogItem(DOUBLE_BAG.variant, {
        upgrade: {
          triggerProductId: gid("Product", MORNING_ROAST.productId),
          triggerProductTitle: "Morning Roast Coffee",
          triggerSellingPlans: catalogPlans(MORNING_ROAST.variant12oz),
          type: "frequency",
          intervalUnit: "month",
          deliveryIntervalCount: 1,
          billingIntervalCount: 6,
          ...upgrade,
        } as OfferItemInput["upgrade"],
      }),
    ],
    ...overrides,
  });
}

export function makeFunnel(input: Partial<FunnelDefinitionInput> & { id: string; offers: OfferDefinition[] }): FunnelDefinition {
  return FunnelDefinitionSchema.parse({
    name: `Funnel ${input.id}`,
    status: "active",
    priority: 0,
    createdAt: "2026-01-01T00:00:00.000Z",
    triggers: { showToAll: true },
    rootOfferId: input.offers[0]?.id ?? null,
    ...input,
  });
}

export interface LineSpec {
  variantId: number;
  quantity?: number;
  sellingPlanId?: number;
}

/** An order as the extension sees it, priced from the catalog (subscription lines at their plan price). */
export function makeOrder(lines: LineSpec[], overrides: Partial<OrderContext> = {}): OrderContext {
  const lineItems = lines.map((line) => {
    const found = findVariant(line.variantId);
    if (!found) throw new Error(`No catalog variant ${line.variantId}`);
    const quantity = line.quantity ?? 1;
    const unit = parseDecimalToMinor(found.variant.price, DEMO_CURRENCY);
    const plan = found.product.sellingPlanGroup?.plans.find((p) => p.id === line.sellingPlanId);
    const unitAfterPlan = plan ? unit - Math.round((unit * plan.percentOff) / 100) : unit;
    return {
      productId: found.product.id,
      variantId: line.variantId,
      quantity,
      sellingPlanId: line.sellingPlanId ?? null,
      totalPriceMinor: unitAfterPlan * quantity,
    };
  });
  return OrderContextSchema.parse({
    referenceId: `ref-${lines.map((l) => l.variantId).join("-")}`,
    shopDomain: DEMO_SHOP,
    currency: DEMO_CURRENCY,
    customerId: null,
    lineItems,
    totalMinor: lineItems.reduce((total, line) => total + line.totalPriceMinor, 0),
    ...overrides,
  });
}

/** One of the demo orders (5001: Morning Roast subscription + mug; 5002: mug; 5003: Morning Roast one-time ×2). */
export function catalogOrder(orderId: 5001 | 5002 | 5003): OrderContext {
  const order = ORDERS.find((o) => o.id === orderId);
  if (!order) throw new Error(`No catalog order ${orderId}`);
  return makeOrder(order.lines, { referenceId: `ref-${order.id}` });
}
