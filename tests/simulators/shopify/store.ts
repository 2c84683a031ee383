/**
 * The simulated shops' mutable state. Everything the GraphQL resolvers, the upload target
 * and the post-purchase surface read or change lives in a ShopState, so /__sim/reset can
 * rebuild it in one place (seed.ts).
 */
import { createHash } from "node:crypto";
import type { CatalogSellingPlan } from "../catalog";

export type ProductStatus = "ACTIVE" | "DRAFT" | "ARCHIVED" | "UNLISTED";

export interface SimVariant {
  id: number;
  title: string;
  sku: string | null;
  priceCents: number;
  compareAtPriceCents: number | null;
  requiresComponents: boolean;
  inventoryQuantity: number;
  /** InventoryItem.tracked: false means Shopify never refuses the variant for stock. Default tracked. */
  inventoryTracked?: boolean;
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

export const DEFAULT_APPLICATIONS_PER_CHECKOUT = 3;

export const referenceIdFor = (domain: string, orderId: number): string =>
  createHash("sha256").update(`${domain}/${orderId}`).digest("hex").slice(0, 32);

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
