/**
 * Read views of orders, their line items and customers. Post-purchase changesets add
 * line items here, so an app that receives orders/edited can read what was added.
 */
import { gid } from "../ids";
import { moneyBag } from "../money";
import { checkoutTokenOf, findShopVariant, orderTotals, type SimCustomer, type SimLineItem, type SimOrder } from "../store";
import { connection, count, type ConnectionArgs } from "./connection";
import { iso, type AdminContext } from "./context";
import { imageView, productView, variantView } from "./products";

export function customerView(customer: SimCustomer, ctx: AdminContext) {
  const orders = ctx.shop.orders.filter((o) => o.customerId === customer.id);
  return {
    __typename: "Customer",
    id: gid("Customer", customer.id),
    legacyResourceId: String(customer.id),
    firstName: customer.firstName,
    lastName: customer.lastName,
    displayName: `${customer.firstName} ${customer.lastName}`,
    email: customer.email,
    phone: customer.phone,
    defaultEmailAddress: {
      emailAddress: customer.email,
      marketingState: "NOT_SUBSCRIBED",
      marketingOptInLevel: null,
      marketingUpdatedAt: null,
      openTrackingLevel: "UNKNOWN",
      validFormat: true,
    },
    defaultPhoneNumber: { phoneNumber: customer.phone },
    locale: "en",
    note: null,
    tags: [],
    state: "ENABLED",
    verifiedEmail: true,
    taxExempt: false,
    numberOfOrders: String(orders.length),
    createdAt: iso(customer.createdAt),
    updatedAt: iso(customer.createdAt),
  };
}

function lineItemView(line: SimLineItem, ctx: AdminContext) {
  const currency = ctx.shop.currencyCode;
  const found = findShopVariant(ctx.shop, line.variantId);
  const media = found?.product.media[0];
  return {
    __typename: "LineItem",
    id: gid("LineItem", line.id),
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    title: line.title,
    variantTitle: line.variantTitle,
    sku: line.sku,
    vendor: found?.product.vendor ?? null,
    quantity: line.quantity,
    currentQuantity: line.quantity,
    unfulfilledQuantity: line.quantity,
    nonFulfillableQuantity: 0,
    refundableQuantity: line.quantity,
    requiresShipping: line.requiresShipping,
    taxable: true,
    isGiftCard: false,
    merchantEditable: true,
    restockable: true,
    customAttributes: [],
    discountAllocations: [],
    taxLines: () => [],
    contract: null,
    sellingPlan: line.sellingPlan ? { name: line.sellingPlan.name, sellingPlanId: gid("SellingPlan", line.sellingPlan.id) } : null,
    variant: found ? variantView(found.variant, found.product, ctx) : null,
    product: found ? productView(found.product, ctx) : null,
    image: () => (media ? imageView(media, ctx) : null),
    originalUnitPriceSet: moneyBag(line.originalUnitCents, currency),
    discountedUnitPriceSet: moneyBag(line.unitCents, currency),
    discountedUnitPriceAfterAllDiscountsSet: moneyBag(line.unitCents, currency),
    originalTotalSet: moneyBag(line.originalUnitCents * line.quantity, currency),
    discountedTotalSet: () => moneyBag(line.unitCents * line.quantity, currency),
    totalDiscountSet: moneyBag((line.originalUnitCents - line.unitCents) * line.quantity, currency),
    unfulfilledOriginalTotalSet: moneyBag(line.originalUnitCents * line.quantity, currency),
    unfulfilledDiscountedTotalSet: moneyBag(line.unitCents * line.quantity, currency),
    priceAfterAllDiscountsBeforeTaxesSet: moneyBag(line.unitCents * line.quantity, currency),
  };
}

export function orderView(order: SimOrder, ctx: AdminContext) {
  const currency = ctx.shop.currencyCode;
  const totals = orderTotals(order);
  const bag = (cents: number) => moneyBag(cents, currency);
  const customer = ctx.shop.customers.find((c) => c.id === order.customerId);
  const quantity = order.lines.reduce((sum, l) => sum + l.quantity, 0);
  return {
    __typename: "Order",
    id: gid("Order", order.id),
    legacyResourceId: String(order.id),
    checkoutToken: checkoutTokenOf(ctx.shop, order),
    name: order.name,
    number: order.number,
    createdAt: iso(order.createdAt),
    processedAt: iso(order.createdAt),
    updatedAt: iso(order.updatedAt),
    cancelledAt: null,
    closed: false,
    closedAt: null,
    confirmed: true,
    test: false,
    edited: order.edited,
    note: null,
    tags: [],
    email: customer?.email ?? null,
    phone: null,
    currencyCode: currency,
    presentmentCurrencyCode: currency,
    displayFinancialStatus: "PAID",
    displayFulfillmentStatus: "UNFULFILLED",
    fullyPaid: true,
    unpaid: false,
    customer: customer ? customerView(customer, ctx) : null,
    lineItems: (args: ConnectionArgs) => connection(order.lines, args, (l) => l.id, (l) => lineItemView(l, ctx)),
    subtotalLineItemsQuantity: quantity,
    currentSubtotalLineItemsQuantity: quantity,
    subtotalPriceSet: bag(totals.subtotalCents),
    currentSubtotalPriceSet: bag(totals.subtotalCents),
    totalShippingPriceSet: bag(totals.shippingCents),
    currentShippingPriceSet: bag(totals.shippingCents),
    totalTaxSet: bag(totals.taxCents),
    currentTotalTaxSet: bag(totals.taxCents),
    totalDiscountsSet: bag(0),
    currentTotalDiscountsSet: bag(0),
    totalPriceSet: bag(totals.totalCents),
    currentTotalPriceSet: bag(totals.totalCents),
    totalReceivedSet: bag(totals.totalCents),
    totalOutstandingSet: bag(0),
    totalRefundedSet: bag(0),
    taxLines: [],
    currentTaxLines: [],
    transactionsCount: count(1),
  };
}
