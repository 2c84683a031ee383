/**
 * The audit actor for a merchant's command in the admin: the shop and the staff member's
 * id from the session token (Shopify gives the app no name without online tokens).
 */
export function merchantActor(shopDomain: string, context: object): string {
  const token = "sessionToken" in context ? (context.sessionToken as { sub?: string } | undefined) : undefined;
  return `merchant:${shopDomain}${token?.sub ? ` (user ${token.sub})` : ""}`;
}
