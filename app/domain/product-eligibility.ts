/**
 * Which products each picker may offer, and why not (WIZ-1, WIZ-3; the funnel editor's
 * pickers use the same rules), and a product as the wizard's choice.
 */
import type { SellingPlan } from "./funnel-schemas";

/** What a picker knows about a product (Admin GraphQL snapshot, app/integrations/shopify-admin). */
export interface PickerProduct {
  id: string;
  title: string;
  imageUrl: string | null;
  status: string;
  /** Product.requiresSellingPlan: subscription-only. */
  subscriptionOnly: boolean;
  /** Product.hasVariantsThatRequiresComponents: a Shopify bundle. */
  isBundle: boolean;
  sellingPlans: SellingPlan[];
  variants: Array<{ id: string; title: string; priceMinor: number; isBundle: boolean }>;
  currency: string;
  onlineStoreUrl: string | null;
}

export type PickerMode =
  | "trigger"
  | "product_upsell"
  | "subscription_upsell"
  | "upgrade_trigger"
  | "upgrade_offer"
  | "replacement";

export interface Eligibility {
  allowed: boolean;
  /** Why the product cannot be picked here, and what to do instead. */
  reason: string | null;
}

export const WIZ3_SUBSCRIPTION_ONLY =
  "Can only be sold as a subscription. The offer product is added to the order as a one-time purchase (Shopify cannot add a second subscription to an order), so the offer would be skipped. Allow one-time purchase on it in Shopify, or pick another product.";
export const WIZ3_BUNDLE =
  "Shopify bundle products are not supported: adding one fails with \"product not found\". Pick a standard product instead; for a quantity upgrade (1 → 3 items), use a standard product with a fixed quantity of 3.";
export const WIZ1_NO_PLANS = "Has no selling plans, so nobody can hold a subscription of it. Only subscription products can trigger an upgrade.";

/** WIZ-1, WIZ-3 and the editor's offer rules: may `product` be picked in `mode`? */
export function productEligibility(product: Pick<PickerProduct, "subscriptionOnly" | "isBundle" | "sellingPlans">, mode: PickerMode): Eligibility {
  const no = (reason: string): Eligibility => ({ allowed: false, reason });
  switch (mode) {
    case "trigger":
      return { allowed: true, reason: null };
    case "upgrade_trigger":
      return product.sellingPlans.length > 0 ? { allowed: true, reason: null } : no(WIZ1_NO_PLANS);
    case "upgrade_offer":
      if (product.isBundle) return no(WIZ3_BUNDLE);
      if (product.subscriptionOnly) return no(WIZ3_SUBSCRIPTION_ONLY);
      return { allowed: true, reason: null };
    case "replacement":
      return product.isBundle ? no(WIZ3_BUNDLE) : { allowed: true, reason: null };
    case "product_upsell":
      if (product.isBundle) return no(WIZ3_BUNDLE);
      if (product.subscriptionOnly) return no("Can only be sold as a subscription: offer it in a subscription upsell instead.");
      return { allowed: true, reason: null };
    case "subscription_upsell":
      return product.isBundle ? no(WIZ3_BUNDLE) : { allowed: true, reason: null };
  }
}

export interface WizardProductChoice {
  id: string;
  title: string;
  imageUrl: string | null;
  variantId: string;
  variantTitle: string;
  priceMinor: number;
  currency: string;
  subscriptionOnly: boolean;
  isBundle: boolean;
  sellingPlans: SellingPlan[];
}

/** A product (picker or Admin snapshot) as the wizard's choice, with one of its variants. */
export function choiceFromProduct(product: PickerProduct, variantId?: string | null): WizardProductChoice {
  const variant = product.variants.find((v) => v.id === variantId) ?? product.variants.find((v) => !v.isBundle) ?? product.variants[0];
  return {
    id: product.id,
    title: product.title,
    imageUrl: product.imageUrl,
    variantId: variant?.id ?? "",
    variantTitle: variant?.title ?? "",
    priceMinor: variant?.priceMinor ?? 0,
    currency: product.currency,
    subscriptionOnly: product.subscriptionOnly,
    isBundle: product.isBundle || Boolean(variant?.isBundle),
    sellingPlans: product.sellingPlans,
  };
}
