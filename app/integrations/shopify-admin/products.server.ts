/**
 * Products through Admin GraphQL for the funnel editor and the upgrade wizard: search and
 * pagination for our own picker, one product by id (server-side re-checks), and the
 * wizard's placeholder product (WIZ-2). Every operation is a named #graphql literal,
 * validated against the published 2026-10 schema (tests/contract/admin-graphql-operations.test.ts).
 */
import type { PickerProduct } from "~/domain/wizard-validation";
import { runAdminOperation, type AdminGraphqlClient } from "./client.server";
import { toPickerProduct, type ProductNode } from "./product-snapshot";

/*
 * Query cost stays well under Shopify's 1 000-point ceiling: 10 products × (10 variants +
 * 3 groups × 10 plans) ≈ 400 points.
 */
export const PICKER_PAGE_SIZE = 10;

const PICKER_PRODUCT_FRAGMENT = `#graphql
  fragment UpliftPickerProduct on Product {
    id
    title
    status
    onlineStoreUrl
    requiresSellingPlan
    hasVariantsThatRequiresComponents
    featuredMedia {
      preview {
        image {
          url
          altText
        }
      }
    }
    variants(first: 10) {
      nodes {
        id
        title
        price
        requiresComponents
      }
    }
    sellingPlanGroups(first: 3) {
      nodes {
        sellingPlans(first: 10) {
          nodes {
            id
            name
            billingPolicy {
              ... on SellingPlanRecurringBillingPolicy {
                interval
                intervalCount
              }
            }
            deliveryPolicy {
              ... on SellingPlanRecurringDeliveryPolicy {
                interval
                intervalCount
              }
            }
            pricingPolicies {
              __typename
              ... on SellingPlanFixedPricingPolicy {
                adjustmentType
                adjustmentValue {
                  ... on SellingPlanPricingPolicyPercentageValue {
                    percentage
                  }
                  ... on MoneyV2 {
                    amount
                    currencyCode
                  }
                }
              }
              ... on SellingPlanRecurringPricingPolicy {
                afterCycle
                adjustmentType
                adjustmentValue {
                  ... on SellingPlanPricingPolicyPercentageValue {
                    percentage
                  }
                  ... on MoneyV2 {
                    amount
                    currencyCode
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

export const PICKER_PRODUCTS_QUERY = `#graphql
  query UpliftPickerProducts($first: Int!, $after: String, $query: String) {
    shop {
      currencyCode
    }
    products(first: $first, after: $after, query: $query, sortKey: TITLE) {
      nodes {
        ...UpliftPickerProduct
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${PICKER_PRODUCT_FRAGMENT}
`;

export const PICKER_PRODUCT_QUERY = `#graphql
  query UpliftPickerProduct($id: ID!) {
    shop {
      currencyCode
    }
    product(id: $id) {
      ...UpliftPickerProduct
    }
  }
  ${PICKER_PRODUCT_FRAGMENT}
`;

export const SHOP_CURRENCY_QUERY = `#graphql
  query UpliftShopCurrency {
    shop {
      currencyCode
    }
  }
`;

export interface ProductSearch {
  /** What the merchant typed. */
  text?: string;
  after?: string | null;
  /** Products never listed (the wizard hides the trigger product in the offer step, WIZ-2). */
  excludeIds?: string[];
  /** Only active products: drafts and archived products cannot be sold after checkout. */
  activeOnly?: boolean;
}

export interface ProductPage {
  products: PickerProduct[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  currency: string;
}

/**
 * Shopify search syntax for the merchant's words: each word must start a word of the
 * title (`title:roast*`); quotes, field prefixes and boolean operators are stripped.
 */
export function buildProductQuery(search: ProductSearch): string {
  const words = (search.text ?? "")
    .replace(/["'\\():*]/g, " ")
    .split(/\s+/)
    .map((word) => word.replace(/^-+/, ""))
    .filter((word) => word && !["AND", "OR", "NOT"].includes(word.toUpperCase()))
    .slice(0, 8);
  const terms = words.map((word) => `title:${word}*`);
  if (search.activeOnly) terms.push("status:active");
  for (const id of search.excludeIds ?? []) {
    const legacy = /\/(\d+)$/.exec(id)?.[1];
    if (legacy) terms.push(`-id:${legacy}`);
  }
  return terms.join(" ");
}

interface ProductsData {
  shop: { currencyCode: string };
  products: { nodes: ProductNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

export async function searchProducts(admin: AdminGraphqlClient, search: ProductSearch): Promise<ProductPage> {
  const data = await runAdminOperation<ProductsData>(admin, "UpliftPickerProducts", PICKER_PRODUCTS_QUERY, {
    first: PICKER_PAGE_SIZE,
    after: search.after ?? null,
    query: buildProductQuery(search) || null,
  });
  const excluded = new Set(search.excludeIds ?? []);
  const currency = data.shop.currencyCode;
  return {
    // Filtered again here: the search index may lag behind a product that was just hidden.
    products: data.products.nodes.filter((node) => !excluded.has(node.id)).map((node) => toPickerProduct(node, currency)),
    pageInfo: data.products.pageInfo,
    currency,
  };
}

/** One product by GID, or null when the shop has none with that id. */
export async function getProduct(admin: AdminGraphqlClient, id: string): Promise<PickerProduct | null> {
  const data = await runAdminOperation<{ shop: { currencyCode: string }; product: ProductNode | null }>(
    admin,
    "UpliftPickerProduct",
    PICKER_PRODUCT_QUERY,
    { id },
  );
  return data.product ? toPickerProduct(data.product, data.shop.currencyCode) : null;
}

export async function getShopCurrency(admin: AdminGraphqlClient): Promise<string> {
  const data = await runAdminOperation<{ shop: { currencyCode: string } }>(admin, "UpliftShopCurrency", SHOP_CURRENCY_QUERY);
  return data.shop.currencyCode;
}

export const PRODUCT_SUMMARIES_QUERY = `#graphql
  query UpliftProductSummaries($ids: [ID!]!) {
    shop {
      currencyCode
    }
    nodes(ids: $ids) {
      ... on Product {
        ...UpliftPickerProduct
      }
    }
  }
  ${PICKER_PRODUCT_FRAGMENT}
`;

/**
 * Products by id, for what the database keeps only as ids (trigger titles, an upgrade's
 * trigger plans); unknown ids are left out. At most 25 per call (query cost).
 */
export async function getProductSummaries(admin: AdminGraphqlClient, ids: string[]): Promise<Map<string, PickerProduct>> {
  const unique = Array.from(new Set(ids)).slice(0, 25);
  if (unique.length === 0) return new Map();
  const data = await runAdminOperation<{ shop: { currencyCode: string }; nodes: Array<Partial<ProductNode> | null> }>(
    admin,
    "UpliftProductSummaries",
    PRODUCT_SUMMARIES_QUERY,
    { ids: unique },
  );
  const products = new Map<string, PickerProduct>();
  for (const node of data.nodes) {
    if (node?.id && node.title !== undefined) products.set(node.id, toPickerProduct(node as ProductNode, data.shop.currencyCode));
  }
  return products;
}
