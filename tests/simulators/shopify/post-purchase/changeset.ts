/**
 * Post-purchase changes: parsed strictly by the extension's published types (`variantId`,
 * not the tutorial's `variantID`) and priced against the simulated catalog. Pricing is
 * shared by calculateChangeset and applyChangeset so both always agree.
 */
import { z } from "zod";
import { extensionMoneyBag, percentOff } from "../money";
import { findShopVariant, orderTotals, type ShopState, type SimLineItem, type SimOrder } from "../store";

const id = z.number().int().positive();
const quantity = z.number().int().positive();
const discount = z.object({
  value: z.number().nonnegative(),
  valueType: z.enum(["percentage", "fixed_amount"]),
  title: z.string(),
});
const change = z.discriminatedUnion("type", [
  z.object({ type: z.literal("add_variant"), variantId: id, quantity, discount: discount.optional() }),
  z.object({
    type: z.literal("add_subscription"),
    variantId: id,
    sellingPlanId: id,
    quantity,
    initialShippingPrice: z.number().nonnegative(),
    recurringShippingPrice: z.number().nonnegative(),
    shippingOption: z.object({ title: z.string().optional(), presentmentTitle: z.string().optional() }),
    discount: discount.optional(),
  }),
  z.object({ type: z.literal("add_shipping_line"), price: z.number().nonnegative(), title: z.string().optional(), presentmentTitle: z.string().optional() }),
  z.object({
    type: z.literal("set_metafield"),
    namespace: z.string().min(1),
    key: z.string().min(1),
    value: z.union([z.string(), z.number()]),
    valueType: z.enum(["integer", "string", "json_string"]),
  }),
]);
export const changesSchema = z.array(change).min(1);
export type Change = z.infer<typeof change>;

export type ChangesetErrorCode =
  | "payment_required" | "insufficient_inventory" | "changeset_already_applied" | "unsupported_payment_method"
  | "invalid_request" | "server_error" | "buyer_consent_required" | "subscription_vaulting_error"
  | "subscription_contract_creation_error" | "subscription_no_shipping_address_error" | "subscription_limit_error"
  | "order_released_error";
export interface ChangesetError { code: ChangesetErrorCode; message: string }

/** A line to add, not yet given an id. */
export type PricedLine = Omit<SimLineItem, "id">;
export interface PricedChangeset {
  lines: PricedLine[];
  shipping: { title: string; cents: number }[];
  metafields: { namespace: string; key: string; value: string | number; valueType: string }[];
  hasSubscription: boolean;
}

const error = (code: ChangesetErrorCode, message: string) => ({ ok: false as const, error: { code, message } });

function discounted(unitCents: number, qty: number, d: z.infer<typeof discount> | undefined): number {
  if (!d) return unitCents;
  if (d.valueType === "percentage") return percentOff(unitCents, Math.min(d.value, 100));
  // UNCONFIRMED: a fixed amount is taken off the line, then spread per unit.
  return Math.max(0, Math.round((unitCents * qty - Math.round(d.value * 100)) / qty));
}

export function priceChanges(shop: ShopState, changes: Change[]): { ok: true; priced: PricedChangeset } | { ok: false; error: ChangesetError } {
  const priced: PricedChangeset = { lines: [], shipping: [], metafields: [], hasSubscription: false };
  const wanted = new Map<number, number>();
  for (const c of changes) {
    if (c.type === "add_shipping_line") {
      priced.shipping.push({ title: c.presentmentTitle ?? c.title ?? "Shipping", cents: Math.round(c.price * 100) });
      continue;
    }
    if (c.type === "set_metafield") {
      priced.metafields.push({ namespace: c.namespace, key: c.key, value: c.value, valueType: c.valueType });
      continue;
    }
    const found = findShopVariant(shop, c.variantId);
    // UNCONFIRMED: Shopify's exact refusal for a draft/archived product; unpublished ACTIVE products are accepted.
    if (!found || found.product.status === "DRAFT" || found.product.status === "ARCHIVED") {
      return error("invalid_request", `Variant ${c.variantId} is not available`);
    }
    const { product, variant } = found;
    let unitCents = variant.priceCents;
    let sellingPlan: SimLineItem["sellingPlan"] = null;
    if (c.type === "add_subscription") {
      const plan = product.sellingPlanGroup?.plans.find((p) => p.id === c.sellingPlanId);
      if (!plan) return error("invalid_request", `Selling plan ${c.sellingPlanId} is not offered on variant ${c.variantId}`);
      unitCents = percentOff(unitCents, plan.percentOff);
      sellingPlan = { id: plan.id, name: plan.name };
      priced.hasSubscription = true;
      priced.shipping.push({
        title: c.shippingOption.presentmentTitle ?? c.shippingOption.title ?? "Subscription shipping",
        cents: Math.round(c.initialShippingPrice * 100),
      });
    } else if (product.requiresSellingPlan) {
      return error("invalid_request", `Variant ${c.variantId} can only be sold with a selling plan`);
    }
    wanted.set(variant.id, (wanted.get(variant.id) ?? 0) + c.quantity);
    // Like Shopify: only a tracked variant can run out (a new product's variant is tracked, at 0).
    if (variant.inventoryTracked !== false && (wanted.get(variant.id) ?? 0) > variant.inventoryQuantity) {
      return error("insufficient_inventory", `Variant ${variant.id} has only ${variant.inventoryQuantity} in stock`);
    }
    priced.lines.push({
      productId: product.id,
      variantId: variant.id,
      title: product.title,
      variantTitle: variant.title === "Default Title" ? null : variant.title,
      sku: variant.sku,
      quantity: c.quantity,
      originalUnitCents: unitCents,
      unitCents: discounted(unitCents, c.quantity, c.discount),
      sellingPlan,
    });
  }
  return { ok: true, priced };
}

/** The extension's `calculatedPurchase`: updatedLineItems lists the added lines only, as the tutorial reads [0]. */
export function calculatedPurchase(shop: ShopState, order: SimOrder, priced: PricedChangeset) {
  const bag = (cents: number) => extensionMoneyBag(cents, shop.currencyCode);
  const before = orderTotals(order);
  const addedSubtotal = priced.lines.reduce((sum, l) => sum + l.unitCents * l.quantity, 0);
  const addedShipping = priced.shipping.reduce((sum, s) => sum + s.cents, 0);
  return {
    subtotalPriceSet: bag(before.subtotalCents + addedSubtotal),
    totalPriceSet: bag(before.totalCents + addedSubtotal + addedShipping),
    totalOutstandingSet: bag(addedSubtotal + addedShipping),
    addedTaxLines: [],
    addedShippingLines: priced.shipping.map((s) => ({ priceSet: bag(s.cents), presentmentTitle: s.title })),
    updatedLineItems: priced.lines.map((l) => ({
      priceSet: bag(l.originalUnitCents),
      totalPriceSet: bag(l.unitCents * l.quantity),
      productId: l.productId,
      variantId: l.variantId,
      ...(l.sellingPlan ? { sellingPlanId: l.sellingPlan.id } : {}),
      productHandle: shop.products.find((p) => p.id === l.productId)?.handle ?? "",
      quantity: l.quantity,
    })),
  };
}
