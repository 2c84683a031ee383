/**
 * Where a merchant looks an upgrade up outside Uplift (browser-safe). The order opens in
 * Shopify admin through App Bridge's shopify://admin links (they leave the app's iframe).
 * Providers publish no deep link to one subscription, so the provider link opens their
 * merchant dashboard and the page shows the subscription id to search for there. Only
 * dashboards whose address we could confirm are linked (Loop runs inside Shopify admin
 * under an app handle we could not confirm, so it gets the id and no link).
 */
export function orderAdminUrl(orderId: string): string {
  return `shopify://admin/orders/${encodeURIComponent(orderId)}`;
}

const PROVIDER_DASHBOARDS: Record<string, string> = {
  recharge: "https://admin.rechargeapps.com/",
  skio: "https://dashboard.skio.com/",
};

export function providerDashboardUrl(provider: string): string | null {
  return PROVIDER_DASHBOARDS[provider] ?? null;
}

/** "#1005", or what to say while Shopify has not named the order yet; never an internal id. */
export function orderLabel(row: { orderId: string | null; orderName: string | null }): string {
  if (row.orderName) return `Order ${row.orderName}`;
  return row.orderId ? "Order in Shopify" : "Waiting for Shopify";
}

/** "First try", "2 tries" once done; "1 of 3" while attempts remain. */
export function attemptsLabel(row: { status: string; attemptsUsed: number; maxAttempts: number }): string {
  if (row.status === "succeeded") return row.attemptsUsed <= 1 ? "First try" : `${row.attemptsUsed} tries`;
  return `${row.attemptsUsed} of ${row.maxAttempts}`;
}

/** Statuses that change without the merchant doing anything: the page keeps itself current. */
export const LIVE_STATUSES = ["queued", "running", "retrying"] as const;
export const isLive = (status: string) => (LIVE_STATUSES as readonly string[]).includes(status);
