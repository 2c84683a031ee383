/**
 * Skio simulator state (providers.md §2): UUID ids, Shopify GIDs in platformId, live
 * lines have removedAt = null, one token = one store.
 */
import { randomUUID } from "node:crypto";
import { gid } from "../catalog";
import { DEMO_SHOP, OTHER_SHOP, catalogProducts, type SimSubscriptionSpec, type SimToken } from "./seed";

export const SKIO_ALL_SCOPES = ["edit_subscription", "delete_subscription", "create_subscription"];
export const SKIO_SIM_TOKENS = {
  valid: "skio_test_demo_full_access",
  otherStore: "skio_test_other_store",
  noEdit: "skio_test_no_edit",
} as const;
/** Codes the demo store holds in Shopify, as Skio sees them. */
export const SKIO_DISCOUNT_CODES = { active: "UPLIFT10", inactive: "SUMMER-OVER" } as const;

export interface SkPolicy { id: string; interval: string; intervalCount: number; minCycles: number | null; maxCycles: number | null; isMaxCycleV2: boolean }
export interface SkSubscription {
  id: string;
  shop: string;
  platformId: string;
  status: string;
  nextBillingDate: string | null;
  createdAt: string;
  updatedAt: string;
  billingPolicy: SkPolicy;
  deliveryPolicy: SkPolicy;
  prepaidDeliveryPolicy: SkPolicy | null;
  originOrderId: string | null;
  storefrontUserId: string;
  discounts: Array<{ id: string; redeemCode: string }>;
}
export interface SkLine { id: string; subscriptionId: string; platformId: string; quantity: number; priceWithoutDiscount: number; productVariantId: string; sellingPlanId: string | null; isPrepaid: boolean; removedAt: string | null }
export interface SkVariant { id: string; shop: string; platformId: string; title: string; sku: string; productId: string }

export interface SkioSimState {
  tokens: Map<string, SimToken>;
  sites: Map<string, { id: string; name: string }>;
  products: Map<string, { id: string; shop: string; platformId: string; title: string }>;
  variants: Map<string, SkVariant>;
  users: Map<string, { id: string; shop: string; platformId: string; email: string }>;
  subscriptions: Map<string, SkSubscription>;
  lines: Map<string, SkLine>;
  orders: Map<string, { id: string; shop: string; platformId: string; platformNumber: string; storefrontUserId: string }>;
  orderLineItems: Map<string, { id: string; orderId: string; subscriptionLineId: string | null }>;
  sellingPlanGroups: Map<string, { id: string; shop: string; platformId: string; name: string }>;
  groupResources: Map<string, { id: string; groupId: string; productVariantId: string }>;
  /** SellingPlan as the reference has it: the cadence only through its Policy relations. */
  sellingPlans: Map<string, { id: string; shop: string; platformId: string; name: string; position: number; billingPolicy: SkPolicy; deliveryPolicy: SkPolicy; prepaidDeliveryPolicy: SkPolicy | null; groupId: string }>;
  discountCodes: Map<string, { code: string; shop: string; active: boolean }>;
}

export interface SkioSeed {
  tokens?: SimToken[];
  subscriptions?: SimSubscriptionSpec[];
}

export function defaultSkioTokens(): SimToken[] {
  return [
    { token: SKIO_SIM_TOKENS.valid, shop: DEMO_SHOP, scopes: SKIO_ALL_SCOPES },
    { token: SKIO_SIM_TOKENS.otherStore, shop: OTHER_SHOP, scopes: SKIO_ALL_SCOPES },
    { token: SKIO_SIM_TOKENS.noEdit, shop: DEMO_SHOP, scopes: SKIO_ALL_SCOPES.filter((s) => s !== "edit_subscription") },
  ];
}

export function emptySkioState(): SkioSimState {
  return {
    tokens: new Map(),
    sites: new Map([
      [DEMO_SHOP, { id: randomUUID(), name: "Demo Coffee Co." }],
      [OTHER_SHOP, { id: randomUUID(), name: "Some Other Store" }],
    ]),
    products: new Map(),
    variants: new Map(),
    users: new Map(),
    subscriptions: new Map(),
    lines: new Map(),
    orders: new Map(),
    orderLineItems: new Map(),
    sellingPlanGroups: new Map(),
    groupResources: new Map(),
    sellingPlans: new Map(),
    discountCodes: new Map(),
  };
}

export function policy(interval: string, intervalCount: number): SkPolicy {
  return { id: randomUUID(), interval: interval.toUpperCase(), intervalCount, minCycles: null, maxCycles: null, isMaxCycleV2: false };
}

/** The demo store's catalog, selling plans and discount codes as Skio mirrors them. */
export function seedSkioCatalog(state: SkioSimState, shop: string, options: { discountCodes?: boolean } = {}): void {
  for (const product of catalogProducts()) {
    const productUuid = randomUUID();
    state.products.set(productUuid, { id: productUuid, shop, platformId: gid("Product", product.id), title: product.title });
    const variantUuids = product.variants.map((v) => {
      const id = randomUUID();
      state.variants.set(id, { id, shop, platformId: gid("ProductVariant", v.id), title: v.title, sku: v.sku, productId: productUuid });
      return id;
    });
    const group = product.sellingPlanGroup;
    if (!group) continue;
    const groupId = randomUUID();
    state.sellingPlanGroups.set(groupId, { id: groupId, shop, platformId: gid("SellingPlanGroup", group.id), name: group.name });
    for (const variantId of variantUuids) {
      const id = randomUUID();
      state.groupResources.set(id, { id, groupId, productVariantId: variantId });
    }
    for (const plan of group.plans) {
      const id = randomUUID();
      state.sellingPlans.set(id, {
        id,
        shop,
        platformId: gid("SellingPlan", plan.id),
        name: plan.name,
        position: group.plans.indexOf(plan),
        // As on a subscription: Delivery mirrors Billing; a prepaid plan ships on its PrepaidDeliveryPolicy.
        billingPolicy: policy(plan.interval, plan.billingIntervalCount),
        deliveryPolicy: policy(plan.interval, plan.billingIntervalCount),
        prepaidDeliveryPolicy: plan.billingIntervalCount > plan.deliveryIntervalCount ? policy(plan.interval, plan.deliveryIntervalCount) : null,
        groupId,
      });
    }
  }
  if (options.discountCodes === false) return;
  state.discountCodes.set(SKIO_DISCOUNT_CODES.active, { code: SKIO_DISCOUNT_CODES.active, shop, active: true });
  state.discountCodes.set(SKIO_DISCOUNT_CODES.inactive, { code: SKIO_DISCOUNT_CODES.inactive, shop, active: false });
}

let contractSeq = 880_000;

export function addSkioSubscription(state: SkioSimState, spec: SimSubscriptionSpec): { subscriptionId: string; lineIds: string[] } {
  const shop = spec.shop ?? DEMO_SHOP;
  const userGid = gid("Customer", spec.customerId);
  let user = [...state.users.values()].find((u) => u.shop === shop && u.platformId === userGid);
  if (!user) {
    user = { id: randomUUID(), shop, platformId: userGid, email: `customer-${spec.customerId}@example.com` };
    state.users.set(user.id, user);
  }
  const orderGid = gid("Order", spec.orderId);
  let order = [...state.orders.values()].find((o) => o.shop === shop && o.platformId === orderGid);
  if (!order) {
    order = { id: randomUUID(), shop, platformId: orderGid, platformNumber: String(spec.orderId), storefrontUserId: user.id };
    state.orders.set(order.id, order);
  }
  const prepaid = spec.billingIntervalCount > spec.deliveryIntervalCount;
  const billing = policy(spec.intervalUnit, spec.billingIntervalCount);
  const now = new Date().toISOString();
  const sub: SkSubscription = {
    id: randomUUID(),
    shop,
    platformId: gid("SubscriptionContract", spec.contractId ?? ++contractSeq),
    status: (spec.status ?? "active").toUpperCase(),
    nextBillingDate: `${spec.nextChargeDate}T00:00:00.000Z`,
    createdAt: now,
    updatedAt: now,
    billingPolicy: billing,
    deliveryPolicy: policy(spec.intervalUnit, spec.billingIntervalCount),
    prepaidDeliveryPolicy: prepaid ? policy(spec.intervalUnit, spec.deliveryIntervalCount) : null,
    originOrderId: order.id,
    storefrontUserId: user.id,
    discounts: [],
  };
  state.subscriptions.set(sub.id, sub);
  const lineIds = spec.lines.map((line) => {
    const variant = [...state.variants.values()].find((v) => v.shop === shop && v.platformId === gid("ProductVariant", line.variantId));
    if (!variant) throw new Error(`Skio simulator: variant ${line.variantId} is not in the catalog`);
    const id = randomUUID();
    state.lines.set(id, { id, subscriptionId: sub.id, platformId: gid("SubscriptionLine", id), quantity: line.quantity, priceWithoutDiscount: Number(line.price), productVariantId: variant.id, sellingPlanId: null, isPrepaid: prepaid, removedAt: null });
    const itemId = randomUUID();
    state.orderLineItems.set(itemId, { id: itemId, orderId: order!.id, subscriptionLineId: id });
    return id;
  });
  return { subscriptionId: sub.id, lineIds };
}
