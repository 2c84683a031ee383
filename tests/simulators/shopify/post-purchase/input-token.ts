/**
 * What Shopify hands the post-purchase extension: `inputData` and its `token`, an HS256
 * JWT signed with the app's secret (iss "shopify", sub = referenceId) whose `input_data`
 * claim mirrors inputData. Ids are numeric legacy ids, per the extension's published types.
 */
import { extensionMoneyBag } from "../money";
import { signHs256 } from "../jwt";
import { findShopVariant, orderTotals, type CheckoutSession, type ShopState, type SimOrder } from "../store";

/** UNCONFIRMED: the lifetime of Shopify's input token is not documented where we could read it. */
export const INPUT_TOKEN_TTL_SECONDS = 3600;

export function initialPurchase(shop: ShopState, order: SimOrder) {
  const bag = (cents: number) => extensionMoneyBag(cents, shop.currencyCode);
  return {
    referenceId: order.referenceId,
    // The extension's types declare customerId as a string (unlike the numeric product/variant ids).
    customerId: String(order.customerId),
    destinationCountryCode: "US",
    totalPriceSet: bag(orderTotals(order).totalCents),
    lineItems: order.lines.map((line) => {
      const variantTitle = findShopVariant(shop, line.variantId)?.variant.title ?? line.variantTitle ?? "Default Title";
      return {
        product: { id: line.productId, title: line.title, variant: { id: line.variantId, title: variantTitle, metafields: [] }, metafields: [] },
        quantity: line.quantity,
        totalPriceSet: bag(line.unitCents * line.quantity),
        ...(line.sellingPlan ? { sellingPlanId: line.sellingPlan.id } : {}),
      };
    }),
  };
}

export function issueInputToken(shop: ShopState, order: SimOrder, session: CheckoutSession, now = new Date()) {
  const purchase = initialPurchase(shop, order);
  const iat = Math.floor(now.getTime() / 1000);
  const token = signHs256({
    iss: "shopify",
    sub: order.referenceId,
    iat,
    exp: iat + INPUT_TOKEN_TTL_SECONDS,
    input_data: {
      shop: { id: shop.id, domain: shop.domain },
      initialPurchase: {
        ...purchase,
        lineItems: purchase.lineItems.map(({ product, ...rest }) => ({
          ...rest,
          product: { id: product.id, title: product.title, variant: { id: product.variant.id, title: product.variant.title } },
        })),
      },
    },
  }, session.appSecret);
  const inputData = {
    extensionPoint: "Checkout::PostPurchase::Render",
    locale: "en",
    version: "unstable",
    token,
    shop: { id: shop.id, domain: shop.domain, metafields: [] },
    initialPurchase: purchase,
  };
  return { token, referenceId: order.referenceId, inputData };
}
