/**
 * Builds a shop's state from the shared demo catalog (tests/simulators/catalog.ts), or an
 * empty shop. Called at start and on every /__sim/reset.
 */
import { CUSTOMERS, DEMO_CURRENCY, DEMO_SHOP, ORDERS, PRODUCTS } from "../catalog";
import { planUnitCents, toCents } from "./money";
import {
  DEFAULT_APPLICATIONS_PER_CHECKOUT,
  referenceIdFor,
  type ShopSeed,
  type ShopState,
  type SimLineItem,
  type SimOrder,
  type SimProduct,
} from "./store";

export const DEMO_SHOP_SEED: ShopSeed = { domain: DEMO_SHOP, accessToken: "shpat_demo", name: "Demo Shop", id: 60_001 };

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
      tracked: true, inventoryPolicy: "DENY", requiresShipping: true,
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
  const unitCents = plan ? planUnitCents(variant.priceCents, plan) : variant.priceCents;
  return {
    id, productId: product.id, variantId, quantity,
    title: product.title,
    variantTitle: variant.title === "Default Title" ? null : variant.title,
    sku: variant.sku,
    // A selling plan's adjustment sets the line price itself (not a discount allocation; UNCONFIRMED).
    originalUnitCents: unitCents,
    unitCents,
    sellingPlan: plan ? { id: plan.id, name: plan.name } : null,
    requiresShipping: variant.requiresShipping,
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
    burnedJtis: new Set(),
    changesets: [],
    faults: { checkoutTokenUnrelated: false, throttleNextAdminCalls: 0 },
    nextId: () => ++counter,
  };
}

