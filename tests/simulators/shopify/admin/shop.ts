import { gid } from "../ids";
import { iso, type AdminContext } from "./context";

export function shopView(ctx: AdminContext) {
  const { shop } = ctx;
  return {
    __typename: "Shop",
    id: gid("Shop", shop.id),
    name: shop.name,
    myshopifyDomain: shop.domain,
    url: `https://${shop.domain}`,
    currencyCode: shop.currencyCode,
    enabledPresentmentCurrencies: [shop.currencyCode],
    email: `owner@${shop.domain}`,
    contactEmail: `owner@${shop.domain}`,
    ianaTimezone: "America/New_York",
    timezoneAbbreviation: "EST",
    taxesIncluded: false,
    taxShipping: false,
    checkoutApiSupported: true,
    setupRequired: false,
    createdAt: iso(new Date("2024-01-01T00:00:00Z")),
    updatedAt: iso(new Date("2024-01-01T00:00:00Z")),
  };
}
