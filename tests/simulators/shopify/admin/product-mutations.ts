/**
 * productCreate and productVariantsBulkUpdate. Like Shopify, productCreate makes one
 * default variant, takes its status from the input and never publishes the product to a
 * sales channel (so `onlineStoreUrl` stays null).
 */
import { parseGid } from "../ids";
import { toCents } from "../money";
import { findProduct, type ProductStatus, type ShopState, type SimMedia, type SimProduct } from "../store";
import type { AdminContext } from "./context";
import { productView, variantView } from "./products";
import { shopView } from "./shop";
import { stagedResourceKey } from "./uploads";

interface UserError { field: string[]; message: string; code?: string }

interface ProductCreateInput {
  title?: string | null;
  handle?: string | null;
  status?: ProductStatus | null;
  descriptionHtml?: string | null;
  vendor?: string | null;
  productType?: string | null;
  tags?: string[] | null;
  requiresSellingPlan?: boolean | null;
}
interface CreateMediaInput { originalSource: string; mediaContentType: SimMedia["mediaContentType"]; alt?: string | null }

const slugify = (text: string) => text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "product";

function uniqueHandle(shop: ShopState, wanted: string): string {
  const taken = new Set(shop.products.map((p) => p.handle));
  if (!taken.has(wanted)) return wanted;
  for (let n = 1; ; n++) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

function isHttpUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** A staged upload that was never POSTed fails processing, as Shopify's media pipeline would. */
function createMedia(input: CreateMediaInput, ctx: AdminContext, now: Date): SimMedia {
  const key = stagedResourceKey(ctx, input.originalSource);
  const upload = key === null ? undefined : ctx.shop.uploads.get(key);
  const missing = key !== null && !upload?.body;
  return {
    id: ctx.shop.nextId(),
    url: input.originalSource,
    alt: input.alt ?? null,
    mediaContentType: input.mediaContentType,
    status: missing ? "FAILED" : "READY",
    mimeType: upload?.contentType ?? upload?.mimeType ?? null,
    error: missing ? { code: "IMAGE_DOWNLOAD_FAILURE", message: "Image could not be downloaded: the staged upload holds no file" } : null,
    createdAt: now,
  };
}

export function productCreate(
  args: { product?: ProductCreateInput | null; input?: ProductCreateInput | null; media?: CreateMediaInput[] | null },
  ctx: AdminContext,
) {
  // `input: ProductInput` is deprecated (validation rejects it unless deprecated fields are allowed).
  const input = args.product ?? args.input ?? {};
  const title = (input.title ?? "").trim();
  const userErrors: UserError[] = [];
  // Field path UNCONFIRMED: Shopify reports blank titles on the `title` input field.
  if (!title) userErrors.push({ field: ["title"], message: "Title can't be blank" });
  if (title.length > 255) userErrors.push({ field: ["title"], message: "Title is too long (maximum is 255 characters)" });
  (args.media ?? []).forEach((m, i) => {
    if (!isHttpUrl(m.originalSource)) userErrors.push({ field: ["media", String(i), "originalSource"], message: "Image URL is invalid" });
    // A simulator limit, not Shopify's: only images are modelled.
    if (m.mediaContentType !== "IMAGE") userErrors.push({ field: ["media", String(i), "mediaContentType"], message: "The simulator supports IMAGE media only" });
  });
  if (userErrors.length) return { product: null, shop: shopView(ctx), userErrors };

  const now = new Date();
  const product: SimProduct = {
    id: ctx.shop.nextId(),
    title,
    handle: uniqueHandle(ctx.shop, slugify(input.handle ?? title)),
    status: input.status ?? "ACTIVE",
    descriptionHtml: input.descriptionHtml ?? "",
    vendor: input.vendor ?? ctx.shop.name,
    productType: input.productType ?? "",
    tags: input.tags ?? [],
    requiresSellingPlan: input.requiresSellingPlan ?? false,
    published: false,
    publishedAt: null,
    createdAt: now,
    updatedAt: now,
    media: (args.media ?? []).map((m) => createMedia(m, ctx, now)),
    variants: [{
      id: ctx.shop.nextId(), title: "Default Title", sku: null, priceCents: 0, compareAtPriceCents: null,
      requiresComponents: false, inventoryQuantity: 0, position: 1, createdAt: now, updatedAt: now,
    }],
    sellingPlanGroup: null,
  };
  ctx.shop.products.push(product);
  return { product: productView(product, ctx), shop: shopView(ctx), userErrors: [] };
}

interface VariantUpdateInput {
  id?: string | null;
  price?: string | null;
  compareAtPrice?: string | null;
  requiresComponents?: boolean | null;
  inventoryItem?: { sku?: string | null; tracked?: boolean | null } | null;
}

const validMoney = (value: string) => /^-?\d+(\.\d+)?$/.test(value.trim());
const isPrice = (value: string | null | undefined): value is string => value != null && validMoney(String(value)) && Number(value) >= 0;

export function productVariantsBulkUpdate(
  args: { productId: string; variants: VariantUpdateInput[]; allowPartialUpdates?: boolean | null },
  ctx: AdminContext,
) {
  const productId = parseGid(args.productId, "Product");
  const product = productId === null ? undefined : findProduct(ctx.shop, productId);
  if (!product) {
    return { product: null, productVariants: null, userErrors: [{ field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }] };
  }
  const userErrors: UserError[] = [];
  const updates = args.variants.map((input, i) => {
    const field = (name: string) => ["variants", String(i), name];
    if (!input.id) {
      userErrors.push({ field: field("id"), message: "Product variant is missing ID attribute", code: "PRODUCT_VARIANT_ID_MISSING" });
      return null;
    }
    const variantId = parseGid(input.id, "ProductVariant");
    const variant = product.variants.find((v) => v.id === variantId);
    if (!variant) {
      userErrors.push({ field: field("id"), message: "Product variant does not exist", code: "PRODUCT_VARIANT_DOES_NOT_EXIST" });
      return null;
    }
    for (const name of ["price", "compareAtPrice"] as const) {
      const value = input[name];
      if (value == null) continue;
      if (!validMoney(String(value))) userErrors.push({ field: field(name), message: `${name} is invalid`, code: "INVALID_INPUT" });
      else if (Number(value) < 0) userErrors.push({ field: field(name), message: `${name} must be greater than or equal to 0`, code: "NEGATIVE_PRICE_VALUE" });
    }
    return { variant, input };
  });
  if (userErrors.length && !args.allowPartialUpdates) return { product: productView(product, ctx), productVariants: null, userErrors };

  const now = new Date();
  const updated = [];
  for (const update of updates) {
    if (!update) continue;
    const { variant, input } = update;
    // With allowPartialUpdates, an invalid value was reported above and is skipped here.
    if (isPrice(input.price)) variant.priceCents = toCents(input.price);
    if (input.compareAtPrice === null) variant.compareAtPriceCents = null;
    else if (isPrice(input.compareAtPrice)) variant.compareAtPriceCents = toCents(input.compareAtPrice);
    if (input.requiresComponents != null) variant.requiresComponents = input.requiresComponents;
    if (input.inventoryItem?.sku !== undefined) variant.sku = input.inventoryItem.sku ?? null;
    if (input.inventoryItem?.tracked != null) variant.inventoryTracked = input.inventoryItem.tracked;
    variant.updatedAt = now;
    updated.push(variant);
  }
  product.updatedAt = now;
  return { product: productView(product, ctx), productVariants: updated.map((v) => variantView(v, product, ctx)), userErrors };
}
