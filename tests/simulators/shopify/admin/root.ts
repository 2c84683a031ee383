/**
 * Root Query and Mutation fields the simulator implements. Any other root field passes
 * validation (it exists in the real schema) and resolves to null; the response then
 * names it under `extensions.simulator.unimplementedFields`.
 */
import { GraphQLError } from "graphql";
import { parseGid, splitGid } from "../ids";
import { checkoutTokenOf, findOrder, findProduct, findShopVariant, type SimProduct } from "../store";
import { connection, type ConnectionArgs } from "./connection";
import type { AdminContext } from "./context";
import { customerView, orderView } from "./orders";
import { productCreate, productVariantsBulkUpdate } from "./product-mutations";
import { productMatches } from "./product-search";
import { productView, variantView } from "./products";
import { shopView } from "./shop";
import { stagedUploadsCreate } from "./uploads";

type SearchArgs = ConnectionArgs & { query?: string | null; sortKey?: string | null };

const PRODUCT_SORTS: Record<string, (a: SimProduct, b: SimProduct) => number> = {
  ID: (a, b) => a.id - b.id,
  TITLE: (a, b) => a.title.localeCompare(b.title) || a.id - b.id,
  CREATED_AT: (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id,
  UPDATED_AT: (a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.id - b.id,
  VENDOR: (a, b) => a.vendor.localeCompare(b.vendor) || a.id - b.id,
  PRODUCT_TYPE: (a, b) => a.productType.localeCompare(b.productType) || a.id - b.id,
  INVENTORY_TOTAL: (a, b) => a.variants.reduce((s, v) => s + v.inventoryQuantity, 0) - b.variants.reduce((s, v) => s + v.inventoryQuantity, 0) || a.id - b.id,
};

function products(args: SearchArgs, ctx: AdminContext) {
  const sort = PRODUCT_SORTS[args.sortKey ?? "ID"] ?? PRODUCT_SORTS.ID;
  const found = ctx.shop.products.filter((p) => productMatches(p, args.query)).sort(sort);
  return connection(found, args, (p) => p.id, (p) => productView(p, ctx));
}

/** `product_id:`, `sku:` and `title:` filters; anything else is ignored. */
function productVariants(args: SearchArgs, ctx: AdminContext) {
  const terms = (args.query ?? "").split(/\s+/).filter(Boolean).map((t) => t.split(":"));
  const all = ctx.shop.products.flatMap((product) => product.variants.map((variant) => ({ product, variant })));
  const found = all.filter(({ product, variant }) => terms.every(([field, value]) => {
    if (field === "product_id") return String(product.id) === value;
    if (field === "sku") return variant.sku === value;
    if (field === "title") return variant.title.toLowerCase() === value?.toLowerCase();
    return true;
  }));
  return connection(found, args, (x) => x.variant.id, (x) => variantView(x.variant, x.product, ctx));
}

/**
 * `checkout_token:` and `name:` filters (a quoted value is unquoted), newest first as
 * Shopify lists orders by default; any other term is refused rather than ignored, so a
 * query the simulator cannot answer faithfully fails loudly.
 */
function orders(args: SearchArgs, ctx: AdminContext) {
  const terms = (args.query ?? "").split(/\s+/).filter(Boolean).map((term) => {
    const [field, ...rest] = term.split(":");
    return { field, value: rest.join(":").replace(/^"(.*)"$/, "$1") };
  });
  const found = ctx.shop.orders.filter((order) => terms.every(({ field, value }) => {
    if (field === "checkout_token") return checkoutTokenOf(ctx.shop, order) === value;
    if (field === "name") return order.name === value;
    throw new GraphQLError(`The simulator does not support the orders filter '${field}'`);
  }));
  const newestFirst = [...found].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
  return connection(newestFirst, args, (o) => o.id, (o) => orderView(o, ctx));
}

function node(id: string, ctx: AdminContext) {
  const parsed = splitGid(id);
  if (!parsed) throw new GraphQLError(`Invalid global id '${id}'`, { extensions: { code: "RESOURCE_NOT_FOUND" } });
  const { shop } = ctx;
  switch (parsed.type) {
    case "Product": {
      const product = findProduct(shop, parsed.id);
      return product ? productView(product, ctx) : null;
    }
    case "ProductVariant": {
      const found = findShopVariant(shop, parsed.id);
      return found ? variantView(found.variant, found.product, ctx) : null;
    }
    case "Order": {
      const order = findOrder(shop, parsed.id);
      return order ? orderView(order, ctx) : null;
    }
    case "Customer": {
      const customer = shop.customers.find((c) => c.id === parsed.id);
      return customer ? customerView(customer, ctx) : null;
    }
    default:
      return null;
  }
}

type Resolver = (args: never, ctx: AdminContext) => unknown;

/** One object for both operation types: Shopify's Query and Mutation field names never collide. */
export const rootValue: Record<string, Resolver> = {
  shop: (_args: Record<string, never>, ctx: AdminContext) => shopView(ctx),
  products,
  product: ({ id }: { id: string }, ctx: AdminContext) => {
    const productId = parseGid(id, "Product");
    const product = productId === null ? undefined : findProduct(ctx.shop, productId);
    return product ? productView(product, ctx) : null;
  },
  productVariant: ({ id }: { id: string }, ctx: AdminContext) => {
    const variantId = parseGid(id, "ProductVariant");
    const found = variantId === null ? undefined : findShopVariant(ctx.shop, variantId);
    return found ? variantView(found.variant, found.product, ctx) : null;
  },
  productVariants,
  order: ({ id }: { id: string }, ctx: AdminContext) => {
    const orderId = parseGid(id, "Order");
    const order = orderId === null ? undefined : findOrder(ctx.shop, orderId);
    return order ? orderView(order, ctx) : null;
  },
  orders,
  customer: ({ id }: { id: string }, ctx: AdminContext) => {
    const customerId = parseGid(id, "Customer");
    const customer = ctx.shop.customers.find((c) => c.id === customerId);
    return customer ? customerView(customer, ctx) : null;
  },
  node: ({ id }: { id: string }, ctx: AdminContext) => node(id, ctx),
  nodes: ({ ids }: { ids: string[] }, ctx: AdminContext) => ids.map((id) => node(id, ctx)),
  productCreate,
  productVariantsBulkUpdate,
  stagedUploadsCreate,
};
