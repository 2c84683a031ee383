/**
 * Finds the order a post-purchase acceptance belongs to from the purchase's reference, so
 * an upgrade does not depend on the orders/edited webhook alone for its order id (audit
 * S-1). The post-purchase `initialPurchase.referenceId` is the checkout's token; the
 * Admin API's `orders` search filters on it with `checkout_token:` (unverified on a real
 * store: NOTES-shopify.md lists it among the checks to run on a development store).
 *
 * Reads order level data only (protected customer data level 1) plus the customer's
 * name, which the upgrades list shows (a level 2 field).
 */
import { z } from "zod";
import { runAdminOperation, type AdminGraphqlClient } from "./client.server";

export const ORDER_BY_REFERENCE_QUERY = `#graphql
  query UpliftOrderByReference($query: String!) {
    orders(first: 1, query: $query) {
      nodes { legacyResourceId name customer { legacyResourceId displayName } }
    }
  }`;

const ResponseSchema = z.object({
  orders: z.object({
    nodes: z.array(
      z.object({
        legacyResourceId: z.string(),
        name: z.string(),
        customer: z.object({ legacyResourceId: z.string(), displayName: z.string() }).nullable(),
      }),
    ),
  }),
});

/** Checkout tokens are opaque letters, digits, "-" and "_"; anything else would change the search. */
const ReferenceIdSchema = z.string().regex(/^[\w-]{1,255}$/, "A purchase reference holds only letters, digits, '-' and '_'");

export interface OrderByReference {
  orderId: string;
  /** "#1005": what the merchant and the shopper call the order. */
  orderName: string;
  customerId: string | null;
  customerName: string | null;
}

/** The order placed by the checkout `referenceId`, or null when Shopify has none (yet). */
export async function findOrderByReference(admin: AdminGraphqlClient, referenceId: string): Promise<OrderByReference | null> {
  const reference = ReferenceIdSchema.parse(referenceId);
  const data = ResponseSchema.parse(
    await runAdminOperation(admin, "UpliftOrderByReference", ORDER_BY_REFERENCE_QUERY, { query: `checkout_token:"${reference}"` }),
  );
  const order = data.orders.nodes[0];
  if (!order) return null;
  return {
    orderId: order.legacyResourceId,
    orderName: order.name,
    customerId: order.customer?.legacyResourceId ?? null,
    customerName: order.customer?.displayName ?? null,
  };
}

/** Production lookup for the worker: the shop's offline session through unauthenticated.admin. */
export async function findOrderWithOfflineSession(input: { shopDomain: string; referenceId: string }): Promise<OrderByReference | null> {
  // Imported lazily: shopify.server validates the whole environment at import.
  const { unauthenticated } = await import("~/shopify.server");
  const { admin } = await unauthenticated.admin(input.shopDomain);
  return findOrderByReference(admin, input.referenceId);
}
