/**
 * Recharge simulator state and its wire shapes (providers.md §1): 2021-11 bodies, and
 * 2021-01 bodies when a request forgets X-Recharge-Version (the account default).
 */
import { DEMO_SHOP, OTHER_SHOP, addInterval, catalogProducts, variantInfo, type SimSubscriptionSpec, type SimToken } from "./seed";

export const RECHARGE_ALL_SCOPES = [
  ...["subscriptions", "customers", "orders", "discounts", "products", "payment_methods", "batches"].flatMap((s) => [`read_${s}`, `write_${s}`]),
  "write_notifications",
  "read_events",
  "read_accounts",
  "store_info",
];

export const RECHARGE_SIM_TOKENS = {
  valid: "rc_test_demo_full_access",
  otherStore: "rc_test_other_store",
  readOnly: "rc_test_read_only",
  noStoreInfo: "rc_test_no_store_info",
} as const;

export interface RcSubscription {
  id: number;
  shop: string;
  address_id: number;
  customer_id: number;
  product_id: string;
  variant_id: string;
  quantity: number;
  price: string;
  order_interval_unit: "day" | "week" | "month";
  order_interval_frequency: number;
  charge_interval_frequency: number;
  next_charge_scheduled_at: string | null;
  status: "active" | "cancelled" | "expired";
  plan_id: number | null;
  product_title: string;
  variant_title: string;
  sku: string;
  created_at: string;
  updated_at: string;
}
export interface RcOrder {
  id: number;
  shop: string;
  external_order_id: string;
  customer_id: number;
  address_id: number;
  line_items: Array<{ purchase_item_id: number | null; purchase_item_type: "subscription" | "onetime"; product_id: string; variant_id: string; quantity: number; title: string }>;
  created_at: string;
}
export interface RcPlan {
  id: number;
  shop: string;
  title: string;
  type: "subscription" | "prepaid" | "onetime";
  product_id: string;
  external_plan_id: number;
  discount_amount: string;
  interval_unit: "day" | "week" | "month";
  order_interval_frequency: number;
  charge_interval_frequency: number;
}
export interface RcDiscount {
  id: number;
  shop: string;
  code: string;
  value: string;
  value_type: string;
  status: string;
  applies_to: unknown;
}
export interface RcAddress {
  id: number;
  shop: string;
  customer_id: number;
  discount_id: number | null;
}

export interface RechargeSimState {
  tokens: Map<string, SimToken>;
  stores: Map<string, { id: number; name: string }>;
  subscriptions: Map<number, RcSubscription>;
  orders: Map<number, RcOrder>;
  plans: Map<number, RcPlan>;
  discounts: Map<number, RcDiscount>;
  addresses: Map<number, RcAddress>;
  customers: Map<number, { id: number; shop: string; external_customer_id: string }>;
  nextId: number;
}

export interface RechargeSeed {
  tokens?: SimToken[];
  subscriptions?: SimSubscriptionSpec[];
}

export function defaultRechargeTokens(): SimToken[] {
  const writeless = RECHARGE_ALL_SCOPES.filter((s) => !s.startsWith("write_"));
  return [
    { token: RECHARGE_SIM_TOKENS.valid, shop: DEMO_SHOP, scopes: RECHARGE_ALL_SCOPES },
    { token: RECHARGE_SIM_TOKENS.otherStore, shop: OTHER_SHOP, scopes: RECHARGE_ALL_SCOPES },
    { token: RECHARGE_SIM_TOKENS.readOnly, shop: DEMO_SHOP, scopes: writeless },
    { token: RECHARGE_SIM_TOKENS.noStoreInfo, shop: DEMO_SHOP, scopes: RECHARGE_ALL_SCOPES.filter((s) => s !== "store_info") },
  ];
}

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00");

export function emptyRechargeState(): RechargeSimState {
  return {
    tokens: new Map(),
    stores: new Map([
      [DEMO_SHOP, { id: 7001, name: "Demo Coffee Co." }],
      [OTHER_SHOP, { id: 7002, name: "Some Other Store" }],
    ]),
    subscriptions: new Map(),
    orders: new Map(),
    plans: new Map(),
    discounts: new Map(),
    addresses: new Map(),
    customers: new Map(),
    nextId: 100_001,
  };
}

/** Plans from the catalog's selling plans. Recharge: a product with a prepaid plan has no other plan type, so mixed products keep their pay-per-delivery plans only. */
export function seedRechargePlans(state: RechargeSimState, shop: string): void {
  for (const product of catalogProducts()) {
    const group = product.sellingPlanGroup;
    if (!group) continue;
    const hasPostpaid = group.plans.some((p) => p.billingIntervalCount === p.deliveryIntervalCount);
    for (const plan of group.plans) {
      const prepaid = plan.billingIntervalCount > plan.deliveryIntervalCount;
      if (prepaid && hasPostpaid) continue;
      const id = state.nextId++;
      state.plans.set(id, {
        id,
        shop,
        title: plan.name,
        type: prepaid ? "prepaid" : "subscription",
        product_id: String(product.id),
        external_plan_id: plan.id,
        discount_amount: plan.percentOff.toFixed(2),
        interval_unit: plan.interval.toLowerCase() as RcPlan["interval_unit"],
        order_interval_frequency: plan.deliveryIntervalCount,
        charge_interval_frequency: plan.billingIntervalCount,
      });
    }
  }
}

/** One order, one address per customer, and one Recharge subscription per line. */
export function addRechargeSubscription(state: RechargeSimState, spec: SimSubscriptionSpec): { orderId: number; subscriptionIds: number[] } {
  const shop = spec.shop ?? DEMO_SHOP;
  let customer = [...state.customers.values()].find((c) => c.shop === shop && c.external_customer_id === String(spec.customerId));
  if (!customer) {
    customer = { id: state.nextId++, shop, external_customer_id: String(spec.customerId) };
    state.customers.set(customer.id, customer);
  }
  let address = [...state.addresses.values()].find((a) => a.customer_id === customer!.id);
  if (!address) {
    address = { id: state.nextId++, shop, customer_id: customer.id, discount_id: null };
    state.addresses.set(address.id, address);
  }
  let order = [...state.orders.values()].find((o) => o.shop === shop && o.external_order_id === String(spec.orderId));
  if (!order) {
    order = { id: state.nextId++, shop, external_order_id: String(spec.orderId), customer_id: customer.id, address_id: address.id, line_items: [], created_at: now() };
    state.orders.set(order.id, order);
  }
  const subscriptionIds: number[] = [];
  for (const line of spec.lines) {
    const info = variantInfo(line.variantId);
    const id = state.nextId++;
    state.subscriptions.set(id, {
      id,
      shop,
      address_id: address.id,
      customer_id: customer.id,
      product_id: String(line.productId),
      variant_id: String(line.variantId),
      quantity: line.quantity,
      price: line.price,
      order_interval_unit: spec.intervalUnit,
      order_interval_frequency: spec.deliveryIntervalCount,
      charge_interval_frequency: spec.billingIntervalCount,
      next_charge_scheduled_at: spec.nextChargeDate,
      status: spec.status === "cancelled" ? "cancelled" : "active",
      plan_id: null,
      product_title: info?.productTitle ?? "Product",
      variant_title: info?.variantTitle ?? "",
      sku: info?.sku ?? "",
      created_at: now(),
      updated_at: now(),
    });
    order.line_items.push({ purchase_item_id: id, purchase_item_type: "subscription", product_id: String(line.productId), variant_id: String(line.variantId), quantity: line.quantity, title: info?.productTitle ?? "" });
    subscriptionIds.push(id);
  }
  return { orderId: order.id, subscriptionIds };
}

export function serializeSubscription(sub: RcSubscription, version: "2021-11" | "2021-01"): Record<string, unknown> {
  const common = {
    id: sub.id,
    address_id: sub.address_id,
    customer_id: sub.customer_id,
    cancelled_at: null,
    cancellation_reason: null,
    charge_interval_frequency: sub.charge_interval_frequency,
    order_interval_frequency: sub.order_interval_frequency,
    order_interval_unit: sub.order_interval_unit,
    created_at: sub.created_at,
    updated_at: sub.updated_at,
    product_title: sub.product_title,
    variant_title: sub.variant_title,
    sku: sub.sku,
    quantity: sub.quantity,
    properties: [],
  };
  if (version === "2021-01") {
    return {
      ...common,
      shopify_product_id: Number(sub.product_id),
      shopify_variant_id: Number(sub.variant_id),
      recharge_product_id: 1,
      price: Number(sub.price),
      next_charge_scheduled_at: sub.next_charge_scheduled_at ? `${sub.next_charge_scheduled_at}T00:00:00` : null,
      status: sub.status.toUpperCase(),
    };
  }
  return {
    ...common,
    analytics_data: { utm_params: [] },
    cancellation_reason_comments: null,
    expire_after_specific_number_of_charges: null,
    external_product_id: { ecommerce: sub.product_id },
    external_variant_id: { ecommerce: sub.variant_id },
    has_queued_charges: sub.status === "active",
    is_prepaid: sub.charge_interval_frequency > sub.order_interval_frequency,
    is_skippable: true,
    is_swappable: false,
    max_retries_reached: false,
    next_charge_scheduled_at: sub.next_charge_scheduled_at,
    order_day_of_month: null,
    order_day_of_week: null,
    presentment_currency: "USD",
    price: sub.price,
    sku_override: false,
    status: sub.status,
    plan_id: sub.plan_id,
  };
}

export function serializeOrder(order: RcOrder, version: "2021-11" | "2021-01"): Record<string, unknown> {
  if (version === "2021-01") {
    return {
      id: order.id,
      shopify_order_id: order.external_order_id,
      customer_id: order.customer_id,
      address_id: order.address_id,
      line_items: order.line_items.map((l) => ({ subscription_id: l.purchase_item_id, shopify_product_id: l.product_id, shopify_variant_id: l.variant_id, quantity: l.quantity, title: l.title })),
    };
  }
  return {
    id: order.id,
    external_order_id: { ecommerce: order.external_order_id },
    customer: { id: order.customer_id },
    address_id: order.address_id,
    created_at: order.created_at,
    line_items: order.line_items.map((l) => ({
      purchase_item_id: l.purchase_item_id,
      purchase_item_type: l.purchase_item_type,
      external_product_id: { ecommerce: l.product_id },
      external_variant_id: { ecommerce: l.variant_id },
      quantity: l.quantity,
      title: l.title,
    })),
  };
}

export function serializePlan(plan: RcPlan): Record<string, unknown> {
  return {
    id: plan.id,
    title: plan.title,
    type: plan.type,
    discount_amount: plan.discount_amount,
    discount_type: "percentage",
    external_plan_id: plan.external_plan_id,
    external_plan_group_id: null,
    external_plan_name: plan.title,
    external_product_id: { ecommerce: plan.product_id },
    external_variant_ids: [],
    has_variant_restrictions: false,
    sort_order: 0,
    channel_settings: { api: { display: true } },
    subscription_preferences: {
      interval_unit: plan.interval_unit,
      order_interval_frequency: plan.order_interval_frequency,
      charge_interval_frequency: plan.charge_interval_frequency,
      cutoff_day_of_month: null,
      order_day_of_month: null,
      expire_after_specific_number_of_charges: null,
    },
    created_at: now(),
    updated_at: now(),
    deleted_at: null,
  };
}

export function recalculatedNextCharge(today: string, sub: RcSubscription): string {
  return addInterval(today, sub.order_interval_unit, sub.charge_interval_frequency);
}
