/**
 * Money kept as integer cents inside the simulator; formatted only at the edges.
 */
export const toCents = (amount: string | number): number => Math.round(Number(amount) * 100);

/** Shopify's `Money` scalar (e.g. ProductVariant.price) and post-purchase amounts: two decimals. */
export const formatMoney = (cents: number): string => (cents / 100).toFixed(2);

/**
 * Shopify's `Decimal` scalar (MoneyV2.amount) drops trailing zeros but keeps one decimal
 * ("20.0", "19.5", "19.99"). UNCONFIRMED beyond observed responses: app code must parse
 * amounts, never display them verbatim, and this keeps that honest.
 */
export function formatDecimal(cents: number): string {
  const fixed = (cents / 100).toFixed(2);
  return fixed.endsWith("0") ? fixed.slice(0, -1) : fixed;
}

export const moneyV2 = (cents: number, currencyCode: string) => ({ amount: formatDecimal(cents), currencyCode });

export const moneyBag = (cents: number, currencyCode: string) => ({
  shopMoney: moneyV2(cents, currencyCode),
  presentmentMoney: moneyV2(cents, currencyCode),
});

/** The post-purchase extension's MoneyBag: `{ amount: string, currencyCode }` with two decimals. */
export const extensionMoneyBag = (cents: number, currencyCode: string) => ({
  shopMoney: { amount: formatMoney(cents), currencyCode },
  presentmentMoney: { amount: formatMoney(cents), currencyCode },
});

/** Price after a selling plan's percentage adjustment, rounded to the cent. */
export const percentOff = (cents: number, percent: number): number => Math.round(cents * (1 - percent / 100));

/**
 * A plan's first-charge unit price: its pricing policies when it has them (the fixed one,
 * without afterCycle), else its percentOff. A fixed amount is taken off the charge and
 * spread over its deliveries, as Shopify documents for SellingPlanFixedPricingPolicy.
 */
export function planUnitCents(cents: number, plan: { percentOff: number; pricingPolicies?: Array<{ type: string; value: number; afterCycle?: number }>; deliveryIntervalCount: number; billingIntervalCount: number }): number {
  if (!plan.pricingPolicies) return percentOff(cents, plan.percentOff);
  const first = plan.pricingPolicies.find((p) => p.afterCycle === undefined);
  if (!first) return cents;
  const deliveries = Math.max(1, Math.floor(plan.billingIntervalCount / plan.deliveryIntervalCount));
  if (first.type === "PERCENTAGE") return percentOff(cents, first.value);
  if (first.type === "PRICE") return Math.round(first.value * 100);
  return Math.max(0, cents - Math.round((first.value * 100) / deliveries));
}
