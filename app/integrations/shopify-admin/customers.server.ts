/**
 * Is a Shopify customer this shop's? The provider token check (CONN-2) confirms a token's
 * store by asking the shop's own Admin API about the customer of one of the token's
 * subscriptions: a guess-free check, since no provider reliably names its shop.
 */
import { AdminApiError, runAdminOperation, type AdminGraphqlClient } from "./client.server";

export const CUSTOMER_EXISTS_QUERY = `#graphql
  query UpliftCustomerExists($id: ID!) {
    customer(id: $id) {
      id
    }
  }
`;

/**
 * A ShopOwnsCustomer (providers/types.ts) for this shop: true when the shop has the
 * customer, false when it does not, null when Shopify could not be asked.
 */
export function shopOwnsCustomer(admin: AdminGraphqlClient): (shopifyCustomerId: string) => Promise<boolean | null> {
  return async (shopifyCustomerId) => {
    try {
      const data = await runAdminOperation<{ customer: { id: string } | null }>(admin, "UpliftCustomerExists", CUSTOMER_EXISTS_QUERY, {
        id: `gid://shopify/Customer/${shopifyCustomerId}`,
      });
      return data.customer !== null;
    } catch (error) {
      if (error instanceof AdminApiError) return null;
      throw error;
    }
  };
}

/**
 * The same check through the shop's offline session (no request context needed, e.g. the
 * settings page's token test and re-test). null answers when the session is missing.
 */
export function shopOwnsCustomerWithOfflineSession(shopDomain: string): (shopifyCustomerId: string) => Promise<boolean | null> {
  return async (shopifyCustomerId) => {
    // Imported lazily: shopify.server validates the whole environment at import.
    const { unauthenticated } = await import("~/shopify.server");
    let admin: AdminGraphqlClient;
    try {
      ({ admin } = await unauthenticated.admin(shopDomain));
    } catch {
      return null;
    }
    return shopOwnsCustomer(admin)(shopifyCustomerId);
  };
}
