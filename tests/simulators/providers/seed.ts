/**
 * What the three provider simulators share: the subscription spec they seed from
 * (tests/simulators/catalog.ts), tokens bound to a store, and date helpers.
 */
import { DEMO_SHOP, DEMO_SUBSCRIPTIONS, PRODUCTS, findVariant } from "../catalog";

export { DEMO_SHOP };
export const OTHER_SHOP = "other-shop.myshopify.com";

export interface SimToken {
  token: string;
  /** The myshopify domain of the store the token belongs to. */
  shop: string;
  scopes: string[];
}

export interface SimLineSpec {
  productId: number;
  variantId: number;
  quantity: number;
  /** Decimal string. */
  price: string;
}

export interface SimSubscriptionSpec {
  shop?: string;
  orderId: number;
  customerId: number;
  lines: SimLineSpec[];
  intervalUnit: "day" | "week" | "month";
  deliveryIntervalCount: number;
  billingIntervalCount: number;
  sellingPlanId?: number;
  /** YYYY-MM-DD */
  nextChargeDate: string;
  status?: "active" | "paused" | "cancelled";
  /** Shopify subscription contract id (Loop's shopify-{id}, Skio's platformId). */
  contractId?: number;
}

type SingleLine = Omit<SimSubscriptionSpec, "lines"> & { productId: number; variantId: number; quantity: number; price: string };

/** Accepts a spec with `lines`, or the one-line shape of DEMO_SUBSCRIPTIONS. */
export function normalizeSpec(input: SimSubscriptionSpec | SingleLine): SimSubscriptionSpec {
  if ("lines" in input && Array.isArray(input.lines)) return input;
  const single = input as SingleLine;
  const { productId, variantId, quantity, price, ...rest } = single;
  return { ...rest, lines: [{ productId, variantId, quantity, price }] };
}

/**
 * The other store's one subscription: a customer (9401) the demo shop does not have, so a
 * token of the other store is caught by the customer check (CONN-2).
 */
export const OTHER_SHOP_CUSTOMER_ID = 9401;

export function demoSpecs(): SimSubscriptionSpec[] {
  const demo = DEMO_SUBSCRIPTIONS.map((s) => normalizeSpec({ ...s, shop: DEMO_SHOP }));
  const [template] = DEMO_SUBSCRIPTIONS;
  if (!template) return demo;
  const other = normalizeSpec({ ...template, shop: OTHER_SHOP, orderId: 9501, customerId: OTHER_SHOP_CUSTOMER_ID });
  return [...demo, other];
}

export function variantInfo(variantId: number) {
  const found = findVariant(variantId);
  if (!found) return undefined;
  return { productId: found.product.id, productTitle: found.product.title, variantTitle: found.variant.title, sku: found.variant.sku, price: found.variant.price };
}

export const catalogProducts = () => PRODUCTS;

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Calendar arithmetic on YYYY-MM-DD, months clamped to the last day. */
export function addInterval(date: string, unit: "day" | "week" | "month", count: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (unit === "day") d.setUTCDate(d.getUTCDate() + count);
  else if (unit === "week") d.setUTCDate(d.getUTCDate() + 7 * count);
  else {
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + count);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
  }
  return d.toISOString().slice(0, 10);
}

export const isDate = (value: unknown): value is string => typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
