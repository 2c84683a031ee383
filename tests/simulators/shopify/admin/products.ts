/**
 * Read views of products, variants, media and selling plans in the shapes of the 2026-10
 * Admin schema. Fields with arguments are functions (graphql-js calls them with the
 * arguments); fields left out resolve to null, and a non-null one then becomes a GraphQL
 * error naming the gap.
 */
import type { CatalogSellingPlan } from "../../catalog";
import { gid } from "../ids";
import { formatMoney, moneyV2 } from "../money";
import type { SimMedia, SimProduct, SimSellingPlanGroup, SimVariant } from "../store";
import { connection, count, type ConnectionArgs } from "./connection";
import { absoluteUrl, iso, type AdminContext } from "./context";

const IMAGE_SIZE = 800;

export function imageView(media: SimMedia, ctx: AdminContext) {
  const url = absoluteUrl(ctx, media.url);
  return {
    __typename: "Image",
    id: gid("ImageSource", media.id),
    // Transforms (crop, resize) are ignored: the simulator serves the original.
    url: () => url,
    src: url,
    originalSrc: url,
    altText: media.alt,
    width: IMAGE_SIZE,
    height: IMAGE_SIZE,
    thumbhash: null,
  };
}

export function mediaView(media: SimMedia, ctx: AdminContext) {
  const image = media.status === "READY" ? imageView(media, ctx) : null;
  return {
    __typename: "MediaImage",
    id: gid("MediaImage", media.id),
    alt: media.alt,
    mediaContentType: media.mediaContentType,
    status: media.status,
    fileStatus: media.status,
    mediaErrors: media.error ? [{ code: media.error.code, details: null, message: media.error.message }] : [],
    fileErrors: [],
    mediaWarnings: [],
    image,
    preview: { image, status: media.status },
    mimeType: media.mimeType,
    originalSource: { url: absoluteUrl(ctx, media.url), fileSize: null },
    createdAt: iso(media.createdAt),
    updatedAt: iso(media.createdAt),
  };
}

function sellingPlanView(plan: CatalogSellingPlan, position: number, createdAt: string | null, currencyCode: string) {
  return {
    __typename: "SellingPlan",
    id: gid("SellingPlan", plan.id),
    name: plan.name,
    description: null,
    options: [plan.name],
    position,
    category: "SUBSCRIPTION",
    createdAt,
    billingPolicy: {
      __typename: "SellingPlanRecurringBillingPolicy",
      interval: plan.interval, intervalCount: plan.billingIntervalCount, anchors: [], minCycles: null, maxCycles: null, createdAt,
    },
    deliveryPolicy: {
      __typename: "SellingPlanRecurringDeliveryPolicy",
      interval: plan.interval, intervalCount: plan.deliveryIntervalCount, anchors: [], cutoff: null,
      intent: "FULFILLMENT_BEGIN", preAnchorBehavior: "ASAP", createdAt,
    },
    pricingPolicies: (plan.pricingPolicies ?? (plan.percentOff > 0 ? [{ type: "PERCENTAGE" as const, value: plan.percentOff }] : [])).map((policy) => ({
      __typename: policy.afterCycle === undefined ? "SellingPlanFixedPricingPolicy" : "SellingPlanRecurringPricingPolicy",
      ...(policy.afterCycle === undefined ? {} : { afterCycle: policy.afterCycle }),
      adjustmentType: policy.type,
      adjustmentValue:
        policy.type === "PERCENTAGE"
          ? { __typename: "SellingPlanPricingPolicyPercentageValue", percentage: policy.value }
          : { __typename: "MoneyV2", amount: policy.value.toFixed(2), currencyCode },
      createdAt,
    })),
    inventoryPolicy: null,
  };
}

function sellingPlanGroupView(group: SimSellingPlanGroup, product: SimProduct, ctx: AdminContext) {
  const createdAt = iso(product.createdAt);
  const productGid = gid("Product", product.id);
  const variantGids = product.variants.map((v) => gid("ProductVariant", v.id));
  return {
    __typename: "SellingPlanGroup",
    id: gid("SellingPlanGroup", group.id),
    name: group.name,
    merchantCode: group.merchantCode,
    appId: null,
    description: null,
    summary: `${group.plans.length} delivery frequencies`,
    options: ["Delivery every"],
    position: null,
    createdAt,
    sellingPlans: (args: ConnectionArgs) =>
      connection(group.plans, args, (plan) => plan.id, (plan) => sellingPlanView(plan, group.plans.indexOf(plan) + 1, createdAt, ctx.shop.currencyCode)),
    appliesToProduct: ({ productId }: { productId: string }) => productId === productGid,
    appliesToProductVariants: ({ productId }: { productId: string }) => productId === productGid,
    appliesToProductVariant: ({ productVariantId }: { productVariantId: string }) => variantGids.includes(productVariantId),
    products: (args: ConnectionArgs) => connection([product], args, (p) => p.id, (p) => productView(p, ctx)),
    productsCount: count(1),
    productVariants: (args: ConnectionArgs) => connection(product.variants, args, (v) => v.id, (v) => variantView(v, product, ctx)),
    productVariantsCount: count(product.variants.length),
  };
}

const groupsOf = (product: SimProduct) => (product.sellingPlanGroup ? [product.sellingPlanGroup] : []);

export function variantView(variant: SimVariant, product: SimProduct, ctx: AdminContext) {
  return {
    __typename: "ProductVariant",
    id: gid("ProductVariant", variant.id),
    legacyResourceId: String(variant.id),
    title: variant.title,
    displayName: `${product.title} - ${variant.title}`,
    price: formatMoney(variant.priceCents),
    compareAtPrice: variant.compareAtPriceCents === null ? null : formatMoney(variant.compareAtPriceCents),
    sku: variant.sku,
    barcode: null,
    requiresComponents: variant.requiresComponents,
    inventoryQuantity: variant.inventoryQuantity,
    sellableOnlineQuantity: product.published ? variant.inventoryQuantity : 0,
    availableForSale: product.status === "ACTIVE" && (!variant.tracked || variant.inventoryPolicy === "CONTINUE" || variant.inventoryQuantity > 0),
    inventoryPolicy: variant.inventoryPolicy,
    inventoryItem: { __typename: "InventoryItem", id: gid("InventoryItem", variant.id), sku: variant.sku, tracked: variant.tracked, requiresShipping: variant.requiresShipping },
    position: variant.position,
    taxable: true,
    showUnitPrice: false,
    selectedOptions: [{ name: "Title", value: variant.title }],
    createdAt: iso(variant.createdAt),
    updatedAt: iso(variant.updatedAt),
    product: () => productView(product, ctx),
    media: (args: ConnectionArgs) => connection(product.media, args, (m) => m.id, (m) => mediaView(m, ctx)),
    sellingPlanGroups: (args: ConnectionArgs) =>
      connection(groupsOf(product), args, (g) => g.id, (g) => sellingPlanGroupView(g, product, ctx)),
    sellingPlanGroupsCount: count(groupsOf(product).length),
  };
}

const stripTags = (html: string) => html.replace(/<[^>]*>/g, "").trim();

export function productView(product: SimProduct, ctx: AdminContext) {
  const prices = product.variants.map((v) => v.priceCents);
  const images = product.media.filter((m) => m.mediaContentType === "IMAGE" && m.status === "READY");
  const currency = ctx.shop.currencyCode;
  const onStore = product.published && product.status === "ACTIVE";
  return {
    __typename: "Product",
    id: gid("Product", product.id),
    legacyResourceId: String(product.id),
    title: product.title,
    handle: product.handle,
    status: product.status,
    descriptionHtml: product.descriptionHtml,
    description: ({ truncateAt }: { truncateAt?: number | null }) => stripTags(product.descriptionHtml).slice(0, truncateAt ?? undefined),
    vendor: product.vendor,
    productType: product.productType,
    tags: product.tags,
    templateSuffix: null,
    isGiftCard: false,
    tracksInventory: true,
    // Only Online Store publication gives a storefront URL; productCreate never publishes.
    onlineStoreUrl: onStore ? `https://${ctx.shop.domain}/products/${product.handle}` : null,
    onlineStorePreviewUrl: `https://${ctx.shop.domain}/products/${product.handle}?preview_key=simulated`,
    publishedAt: iso(product.publishedAt),
    createdAt: iso(product.createdAt),
    updatedAt: iso(product.updatedAt),
    requiresSellingPlan: product.requiresSellingPlan,
    hasVariantsThatRequiresComponents: product.variants.some((v) => v.requiresComponents),
    hasOnlyDefaultVariant: product.variants.length === 1 && product.variants[0]?.title === "Default Title",
    hasOutOfStockVariants: product.variants.some((v) => v.inventoryQuantity <= 0),
    totalInventory: product.variants.reduce((sum, v) => sum + v.inventoryQuantity, 0),
    seo: { title: null, description: null },
    featuredMedia: product.media[0] ? mediaView(product.media[0], ctx) : null,
    media: (args: ConnectionArgs) => connection(product.media, args, (m) => m.id, (m) => mediaView(m, ctx)),
    mediaCount: count(product.media.length),
    featuredImage: images[0] ? imageView(images[0], ctx) : null,
    images: (args: ConnectionArgs) => connection(images, args, (m) => m.id, (m) => imageView(m, ctx)),
    options: () => [{
      id: gid("ProductOption", product.id),
      name: "Title",
      position: 1,
      values: product.variants.map((v) => v.title),
      linkedMetafield: null,
    }],
    variants: (args: ConnectionArgs) => connection(product.variants, args, (v) => v.id, (v) => variantView(v, product, ctx)),
    variantsCount: count(product.variants.length),
    sellingPlanGroups: (args: ConnectionArgs) =>
      connection(groupsOf(product), args, (g) => g.id, (g) => sellingPlanGroupView(g, product, ctx)),
    sellingPlanGroupsCount: count(groupsOf(product).length),
    priceRangeV2: {
      minVariantPrice: moneyV2(prices.length ? Math.min(...prices) : 0, currency),
      maxVariantPrice: moneyV2(prices.length ? Math.max(...prices) : 0, currency),
    },
  };
}
