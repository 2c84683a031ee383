/**
 * The simulated shops' mutable state, seeded from the shared demo catalog. Everything the
 * GraphQL resolvers, the upload target and the post-purchase surface read or change
 * lives here, so /__sim/reset can rebuild it in one place.
 */
import { createHash } from "node:crypto";
import {
  CUSTOMERS,
  DEMO_CURRENCY,
  DEMO_SHOP,
  ORDERS,
  PRODUCTS,
  type CatalogSellingPlan,
} from "../catalog";
import { percentOff, toCents } from "./money";

export type ProductStatus = "ACTIVE" | "DRAFT" | "ARCHIVED" | "UNLISTED";

export interface SimVariant {
  id: number;
  title: string;
  sku: string | null;
  priceCents: number;
  compareAtPriceCents: number | null;
  requiresComponents: boolean;
  inventoryQuantity: number;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}
export interface SimMedia {
  id: number;
  /** Absolute, or a path on the simulator (resolved against its base URL when served). */
  url: string;
  alt: string | null;
  mediaContentType: "IMAGE" | "VIDEO" | "EXTERNAL_VIDEO" | "MODEL_3D";
  status: "READY" | "FAILED" | "PROCESSING" | "UPLOADED";
  mimeType: string | null;
  error: { code: string; message: string } | null;
  createdAt: Date;
}
export interface SimSellingPlanGroup { id: number; name: string; merchantCode: string; plans: CatalogSellingPlan[] }
export interface SimProduct {
  id: number;
  title: string;
  handle: string;
  status: ProductStatus;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  requiresSellingPlan: boolean;
  /** Published to the Online Store sales channel. */
  published: boolean;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  media: SimMedia[];
  variants: SimVariant[];
  sellingPlanGroup: SimSellingPlanGroup | null;
}
export interface SimCustomer { id: number; firstName: string; lastName: string; email: string; phone: string; createdAt: Date }
export interface SimLineItem {
  id: number;
  productId: number;
  variantId: number;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  /** The line's price before any post-purchase discount. */
  originalUnitCents: number;
  unitCents: number;
  sellingPlan: { id: number; name: string } | null;
}
export interface SimShippingLine { id: number; title: string; cents: number }
export interface SimOrder {
  id: number;
  name: string;
  number: number;
  /** The post-purchase `initialPurchase.referenceId`: opaque, derived from shop and order. */
  referenceId: string;
  customerId: number;
  createdAt: Date;
  updatedAt: Date;
  lines: SimLineItem[];
  shippingLines: SimShippingLine[];
  edited: boolean;
  metafields: { namespace: string; key: string; value: string | number; valueType: string }[];
  /** UNCONFIRMED: third-party copies of Shopify's limits table say 3 accepted offers per checkout. */
  changesetApplicationsRemaining: number;
}
export interface StagedUpload {
  key: string;
  filename: string;
  mimeType: string;
  signature: string;
  httpMethod: "POST" | "PUT";
  body: Buffer | null;
  contentType: string | null;
  createdAt: Date;
}
export interface CheckoutSession { referenceId: string; orderId: number; appApiKey: string; appSecret: string; appId: number }
export interface AppliedChangeset {
  jti: string;
  referenceId: string;
  orderId: number;
  orderEditId: number;
  addedLineItemIds: number[];
  addedVariantIds: number[];
  appliedAt: Date;
}

export interface ShopSeed {
  domain: string;
  /** Admin API access token the app must present (X-Shopify-Access-Token). */
  accessToken: string;
  name?: string;
  /** Numeric shop id (post-purchase `inputData.shop.id`). */
  id?: number;
  currencyCode?: string;
  /** "demo" seeds tests/simulators/catalog.ts; "empty" starts with nothing. */
  catalog?: "demo" | "empty";
}

export interface ShopState {
  seed: ShopSeed;
  id: number;
  domain: string;
  name: string;
  currencyCode: string;
  accessToken: string;
  products: SimProduct[];
  customers: SimCustomer[];
  orders: SimOrder[];
  uploads: Map<string, StagedUpload>;
  checkouts: Map<string, CheckoutSession>;
  /** jti → referenceId of every changeset Shopify accepted. */
  usedJtis: Map<string, string>;
  changesets: AppliedChangeset[];
  nextId(): number;
}

export const DEMO_SHOP_SEED: ShopSeed = { domain: DEMO_SHOP, accessToken: "shpat_demo", name: "Demo Shop", id: 60_001 };
export const DEFAULT_APPLICATIONS_PER_CHECKOUT = 3;

export const referenceIdFor = (domain: string, orderId: number): string =>
  createHash("sha256").update(`${domain}/${orderId}`).digest("hex").slice(0, 32);

function seedProducts(now: Date): SimProduct[] {
  return PRODUCTS.map((p) => ({
    id: p.id,
    title: p.title,
    handle: p.handle,
    status: p.status,
    descriptionHtml: `<p>${p.title}</p>`,
    vendor: "Demo Roasters",
    productType: "Coffee",
    tags: [],
    requiresSellingPlan: p.requiresSellingPlan,
    published: p.published,
    publishedAt: p.published ? now : null,
    createdAt: now,
    updatedAt: now,
    media: [{
      id: 20_000 + p.id, url: p.imageUrl, alt: p.title,
      mediaContentType: "IMAGE", status: "READY", mimeType: "image/svg+xml", error: null, createdAt: now,
    }],
    variants: p.variants.map((v, index) => ({
      id: v.id, title: v.title, sku: v.sku, priceCents: toCents(v.price), compareAtPriceCents: null,
      requiresComponents: v.requiresComponents ?? false, inventoryQuantity: v.inventoryQuantity,
      position: index + 1, createdAt: now, updatedAt: now,
    })),
    sellingPlanGroup: p.sellingPlanGroup
      ? { id: p.sellingPlanGroup.id, name: p.sellingPlanGroup.name, merchantCode: p.sellingPlanGroup.name.toLowerCase().replace(/\W+/g, "-"), plans: p.sellingPlanGroup.plans.map((plan) => ({ ...plan })) }
      : null,
  }));
}

/** A line as the catalog prices it: the plan's percentage applies to subscription lines. */
export function buildLine(products: SimProduct[], id: number, variantId: number, quantity: number, sellingPlanId?: number): SimLineItem {
  const product = products.find((p) => p.variants.some((v) => v.id === variantId));
  const variant = product?.variants.find((v) => v.id === variantId);
  if (!product || !variant) throw new Error(`Unknown variant ${variantId}`);
  const plan = sellingPlanId === undefined ? undefined : product.sellingPlanGroup?.plans.find((p) => p.id === sellingPlanId);
  if (sellingPlanId !== undefined && !plan) throw new Error(`Selling plan ${sellingPlanId} is not offered on variant ${variantId}`);
  const unitCents = plan ? percentOff(variant.priceCents, plan.percentOff) : variant.priceCents;
  return {
    id, productId: product.id, variantId, quantity,
    title: product.title,
    variantTitle: variant.title === "Default Title" ? null : variant.title,
    sku: variant.sku,
    // A selling plan's adjustment sets the line price itself (not a discount allocation; UNCONFIRMED).
    originalUnitCents: unitCents,
    unitCents,
    sellingPlan: plan ? { id: plan.id, name: plan.name } : null,
  };
}

export function createShopState(seed: ShopSeed, now = new Date()): ShopState {
  let counter = 9_000_000;
  const demo = (seed.catalog ?? "demo") === "demo";
  const products = demo ? seedProducts(now) : [];
  // Seeded orders were placed a minute ago, so a changeset signed "now" is after the purchase.
  const placedAt = new Date(now.getTime() - 60_000);
  const orders: SimOrder[] = demo
    ? ORDERS.map((o) => ({
      id: o.id, name: o.name, number: Number(o.name.replace("#", "")), referenceId: referenceIdFor(seed.domain, o.id),
      customerId: o.customerId, createdAt: placedAt, updatedAt: placedAt,
      lines: o.lines.map((l, i) => buildLine(products, o.id * 10 + i + 1, l.variantId, l.quantity, l.sellingPlanId)),
      shippingLines: [], edited: false, metafields: [], changesetApplicationsRemaining: DEFAULT_APPLICATIONS_PER_CHECKOUT,
    }))
    : [];
  return {
    seed,
    id: seed.id ?? 60_001,
    domain: seed.domain,
    name: seed.name ?? seed.domain.replace(/\.myshopify\.com$/, ""),
    currencyCode: seed.currencyCode ?? DEMO_CURRENCY,
    accessToken: seed.accessToken,
    products,
    customers: demo ? CUSTOMERS.map((c) => ({ ...c, createdAt: placedAt })) : [],
    orders,
    uploads: new Map(),
    checkouts: new Map(),
    usedJtis: new Map(),
    changesets: [],
    nextId: () => ++counter,
  };
}

export const findProduct = (shop: ShopState, id: number) => shop.products.find((p) => p.id === id);

export function findShopVariant(shop: ShopState, variantId: number) {
  for (const product of shop.products) {
    const variant = product.variants.find((v) => v.id === variantId);
    if (variant) return { product, variant };
  }
  return undefined;
}

export const findOrder = (shop: ShopState, id: number) => shop.orders.find((o) => o.id === id);

export function orderTotals(order: SimOrder) {
  const subtotalCents = order.lines.reduce((sum, l) => sum + l.unitCents * l.quantity, 0);
  const shippingCents = order.shippingLines.reduce((sum, s) => sum + s.cents, 0);
  // The simulated shop charges no tax, so totals stay easy to assert.
  const taxCents = 0;
  return { subtotalCents, shippingCents, taxCents, totalCents: subtotalCents + shippingCents + taxCents };
}
