/**
 * Loop simulator state (providers.md §3). Loop is slow to show changes, so every
 * subscription keeps a timeline of snapshots: writes change the truth at once, reads see
 * the newest snapshot older than the visibility delay (a new subscription is invisible
 * until then).
 */
import { DEMO_SHOP, OTHER_SHOP, catalogProducts, variantInfo, type SimSubscriptionSpec, type SimToken } from "./seed";

export const LOOP_ALL_SCOPES = [
  "read_subscription_contracts",
  "write_subscription_contracts",
  "read_orders",
  "write_orders",
  "read_selling_plans",
  "write_selling_plans",
  "read_customers",
  "write_customers",
];
export const LOOP_SIM_TOKENS = {
  valid: "loop_test_demo_full_access",
  otherStore: "loop_test_other_store",
  readOnly: "loop_test_read_only",
} as const;

export interface LpPolicy { interval: string; intervalCount: number }
export interface LpLine { id: number; variantShopifyId: number; productShopifyId: number; quantity: number; price: string; sellingPlanShopifyId: number | null; title: string }
export interface LpSubscription {
  id: number;
  shop: string;
  shopifyId: number;
  originOrderShopifyId: number | null;
  status: string;
  isPrepaid: boolean;
  billingPolicy: LpPolicy;
  deliveryPolicy: LpPolicy;
  lines: LpLine[];
  customerShopifyId: number;
  customAttributes: Array<{ key: string; value: string }>;
  nextBillingDateEpoch: number;
  discounts: Array<{ id: number; title: string; type: string; value: number; orderLimit: number | null }>;
  createdAt: string;
  updatedAt: string;
}
export interface LpRecord {
  /** What Loop holds now: writes see and change this. */
  current: LpSubscription;
  /** What reads see, by time written. */
  timeline: Array<{ at: number; snapshot: LpSubscription }>;
}
export interface LpSellingPlanGroup {
  id: number;
  shop: string;
  shopifyId: number;
  name: string;
  productShopifyIds: number[];
  sellingPlans: Array<{ id: number; shopifyId: number; name: string; billingPolicy: LpPolicy; deliveryPolicy: LpPolicy }>;
}

export interface LoopSimState {
  tokens: Map<string, SimToken>;
  subscriptions: Map<number, LpRecord>;
  sellingPlanGroups: LpSellingPlanGroup[];
  nextId: number;
  nextLineId: number;
  nextContractId: number;
}

export interface LoopSeed {
  tokens?: SimToken[];
  subscriptions?: SimSubscriptionSpec[];
}

export function defaultLoopTokens(): SimToken[] {
  return [
    { token: LOOP_SIM_TOKENS.valid, shop: DEMO_SHOP, scopes: LOOP_ALL_SCOPES },
    { token: LOOP_SIM_TOKENS.otherStore, shop: OTHER_SHOP, scopes: LOOP_ALL_SCOPES },
    { token: LOOP_SIM_TOKENS.readOnly, shop: DEMO_SHOP, scopes: LOOP_ALL_SCOPES.filter((s) => !s.startsWith("write_")) },
  ];
}

export function emptyLoopState(): LoopSimState {
  return { tokens: new Map(), subscriptions: new Map(), sellingPlanGroups: [], nextId: 1_000_001, nextLineId: 5_000_001, nextContractId: 126_000_001 };
}

export function seedLoopPlans(state: LoopSimState, shop: string): void {
  let id = 9_001;
  for (const product of catalogProducts()) {
    const group = product.sellingPlanGroup;
    if (!group) continue;
    state.sellingPlanGroups.push({
      id: id++,
      shop,
      shopifyId: group.id,
      name: group.name,
      productShopifyIds: [product.id],
      sellingPlans: group.plans.map((plan) => ({
        id: id++,
        shopifyId: plan.id,
        name: plan.name,
        billingPolicy: { interval: plan.interval, intervalCount: plan.billingIntervalCount },
        deliveryPolicy: { interval: plan.interval, intervalCount: plan.deliveryIntervalCount },
      })),
    });
  }
}

const clone = <T>(value: T): T => structuredClone(value);

/** Records a change: the truth moves now, reads catch up after the visibility delay. */
export function commit(record: LpRecord): void {
  record.current.updatedAt = new Date().toISOString();
  record.timeline.push({ at: Date.now(), snapshot: clone(record.current) });
}

export function insertSubscription(state: LoopSimState, sub: LpSubscription): LpRecord {
  const record: LpRecord = { current: sub, timeline: [] };
  state.subscriptions.set(sub.id, record);
  commit(record);
  return record;
}

/** What a read sees now, or undefined while Loop has not caught up. */
export function visible(record: LpRecord, delayMs: number): LpSubscription | undefined {
  const cutoff = Date.now() - delayMs;
  return record.timeline.findLast((entry) => entry.at <= cutoff)?.snapshot;
}

export function newLine(state: LoopSimState, variantId: number, quantity: number, price: string, sellingPlanShopifyId: number | null): LpLine {
  const info = variantInfo(variantId);
  return { id: state.nextLineId++, variantShopifyId: variantId, productShopifyId: info?.productId ?? 0, quantity, price, sellingPlanShopifyId, title: info?.productTitle ?? "" };
}

export function addLoopSubscription(state: LoopSimState, spec: SimSubscriptionSpec): { subscriptionId: number; lineIds: number[]; shopifyId: number } {
  const unit = spec.intervalUnit.toUpperCase();
  const sub: LpSubscription = {
    id: state.nextId++,
    shop: spec.shop ?? DEMO_SHOP,
    shopifyId: spec.contractId ?? state.nextContractId++,
    originOrderShopifyId: spec.orderId,
    status: (spec.status ?? "active").toUpperCase(),
    isPrepaid: spec.billingIntervalCount > spec.deliveryIntervalCount,
    billingPolicy: { interval: unit, intervalCount: spec.billingIntervalCount },
    deliveryPolicy: { interval: unit, intervalCount: spec.deliveryIntervalCount },
    lines: spec.lines.map((l) => newLine(state, l.variantId, l.quantity, l.price, spec.sellingPlanId ?? null)),
    customerShopifyId: spec.customerId,
    customAttributes: [],
    nextBillingDateEpoch: Math.floor(Date.parse(`${spec.nextChargeDate}T00:00:00Z`) / 1000),
    discounts: [],
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  };
  // Seeded subscriptions exist "since before the test": visible at once.
  const record = insertSubscription(state, sub);
  for (const entry of record.timeline) entry.at = 0;
  return { subscriptionId: sub.id, lineIds: sub.lines.map((l) => l.id), shopifyId: sub.shopifyId };
}

export function serializeSubscription(sub: LpSubscription): Record<string, unknown> {
  const total = sub.lines.reduce((sum, l) => sum + Math.round(Number(l.price) * 100) * l.quantity, 0);
  return {
    id: sub.id,
    shopifyId: sub.shopifyId,
    originOrderShopifyId: sub.originOrderShopifyId,
    status: sub.status,
    createdAt: sub.createdAt,
    updatedAt: sub.updatedAt,
    completedOrdersCount: 1,
    currencyCode: "USD",
    totalLineItemPrice: total,
    totalLineItemDiscountedPrice: total,
    deliveryPrice: 0,
    pausedAt: null,
    cancelledAt: null,
    cancellationReason: null,
    cancellationComment: null,
    hasCustomPlan: false,
    isPrepaid: sub.isPrepaid,
    billingPolicy: { ...sub.billingPolicy, minCycles: null, maxCycles: null, anchors: null },
    deliveryPolicy: sub.deliveryPolicy,
    nextBillingDateEpoch: sub.nextBillingDateEpoch,
    lines: sub.lines.map((l) => ({ ...l, price: Math.round(Number(l.price) * 100) })),
    customer: { shopifyId: sub.customerShopifyId },
    customAttributes: sub.customAttributes,
    shippingAddress: null,
    discounts: sub.discounts,
    customerPaymentMethodId: 1,
    lastPaymentStatus: "SUCCESS",
  };
}
