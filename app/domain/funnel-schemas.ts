/**
 * The single source of the domain's types: zod schemas for a funnel and its offers as
 * plain runtime data, the order as the post-purchase extension sees it, the shop's
 * feature state and the state of one post-purchase flow. Every other domain module
 * imports these as types only (`import type`), so the checkout extension's bundle
 * pulls zod in only where it really validates.
 *
 * Ids are normalised on parse: product, variant and selling plan ids may arrive as
 * GIDs or as numeric legacy ids (the extension's inputData) and always leave as GIDs.
 */
import { z } from "zod";
import { tryToGid, type GidType } from "./ids";

function gidSchema(type: GidType) {
  return z.union([z.string(), z.number()]).transform((value, ctx) => {
    const gid = tryToGid(type, value);
    if (gid === null) {
      ctx.addIssue({ code: "custom", message: `Expected a ${type} id (GID or numeric), got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return gid;
  });
}

export const ProductIdSchema = gidSchema("Product");
export const VariantIdSchema = gidSchema("ProductVariant");
export const SellingPlanIdSchema = gidSchema("SellingPlan");

export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, "Expected an ISO 4217 currency code");
export const MinorAmountSchema = z.number().int().refine(Number.isSafeInteger, "Amount out of range");

export const MoneySchema = z.object({ amountMinor: MinorAmountSchema, currency: CurrencySchema });

export const FunnelStatusSchema = z.enum(["draft", "active", "inactive"]);
export const SubscriptionTriggerSchema = z.enum(["off", "include", "exclude"]);
export const OfferKindSchema = z.enum(["product_upsell", "subscription_upsell", "subscription_upgrade"]);
/** UPS-1: what the merchant offers. */
export const PurchaseOptionSchema = z.enum(["one_time", "subscription", "both"]);
/** What the shopper ends up buying. */
export const ChosenOptionSchema = z.enum(["one_time", "subscription"]);
export const BranchSchema = z.enum(["accept", "decline"]);
export const ProviderSchema = z.enum(["recharge", "skio", "loop"]);

/** Shopify and the catalog spell units in capitals ("MONTH"); the domain in lower case. */
export const IntervalUnitSchema = z.preprocess(
  (value) => (typeof value === "string" ? value.toLowerCase() : value),
  z.enum(["day", "week", "month", "year"]),
);

/**
 * UPS-3 / WIZ-7: percentage in basis points (2000 = 20 %, at most 10 000 = 100 %),
 * fixed amount in minor units of the offer's currency.
 */
export const DiscountSchema = z
  .object({
    type: z.enum(["none", "percentage", "fixed_amount"]),
    value: z.number().int().min(0),
  })
  .refine((d) => d.type !== "percentage" || d.value <= 10_000, { message: "A percentage discount is at most 100 %", path: ["value"] });

const NO_DISCOUNT = { type: "none" as const, value: 0 };

/** A selling plan of an offered product, in the product's order (the first is the default). */
/**
 * One Shopify selling plan pricing policy adjustment (audit S-12): a percentage off, a
 * fixed amount off each charge (Shopify divides it among the charge's deliveries), or a
 * fixed price per delivery. Amounts in the shop's minor units.
 */
export const PlanAdjustmentSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("percentage"), percent: z.number().min(0).max(100) }),
  z.object({ type: z.literal("fixed_amount"), amountMinor: z.number().int().min(0) }),
  z.object({ type: z.literal("price"), amountMinor: z.number().int().min(0) }),
]);
export type PlanAdjustment = z.infer<typeof PlanAdjustmentSchema>;

export const SellingPlanSchema = z.object({
  id: SellingPlanIdSchema,
  name: z.string(),
  intervalUnit: IntervalUnitSchema,
  deliveryIntervalCount: z.number().int().min(1),
  billingIntervalCount: z.number().int().min(1),
  /** The plan's own price adjustment ("Subscribe & save 10 %"), as a percentage 0–100. */
  percentOff: z.number().min(0).max(100).optional(),
  /**
   * Every pricing policy, when read from Shopify: `initial` from the first cycle (the
   * fixed policy), `later` from cycle `afterCycle + 1` on (the recurring policy). Takes
   * precedence over `percentOff`, which older snapshots hold alone.
   */
  pricing: z
    .object({
      initial: PlanAdjustmentSchema.nullable(),
      later: z.object({ afterCycle: z.number().int().min(1), adjustment: PlanAdjustmentSchema }).nullable(),
    })
    .optional(),
});

/** How accepting an upgrade changes the shopper's existing subscription (WIZ-4..7). */
export const UpgradeSchema = z
  .object({
    /** The subscription product the shopper must have bought (RUN-3). */
    triggerProductId: ProductIdSchema,
    triggerProductTitle: z.string().default(""),
    /** Plans of the trigger product, to describe the shopper's current plan ("from …"). */
    triggerSellingPlans: z.array(SellingPlanSchema).default([]),
    type: z.enum(["frequency", "replacement", "both"]),
    intervalUnit: IntervalUnitSchema.nullable().optional(),
    deliveryIntervalCount: z.number().int().min(1).nullable().optional(),
    billingIntervalCount: z.number().int().min(1).nullable().optional(),
    providerSellingPlanId: z.string().nullable().optional(),
    applyAtEndOfCycle: z.boolean().default(false),
    replacementProductId: ProductIdSchema.nullable().optional(),
    replacementVariantId: VariantIdSchema.nullable().optional(),
    replacementTitle: z.string().nullable().optional(),
    replacementQuantity: z.number().int().min(1).nullable().optional(),
    /** Recurring discount applied by the provider (WIZ-7), not the first-cycle one. */
    discount: DiscountSchema.default(NO_DISCOUNT),
    /** An existing discount code at the provider; Skio applies a discount only by code. */
    discountCode: z.string().trim().min(1).max(255).nullable().optional(),
    /** The provider the upgrade was set up for; null on offers saved before it was recorded. */
    provider: ProviderSchema.nullable().optional(),
    /** Opt-in: a frequency change may move every line of a multi-line Skio subscription. */
    frequencyAppliesToAllLines: z.boolean().default(false),
  })
  .superRefine((u, ctx) => {
    if (u.type !== "replacement") {
      if (!u.intervalUnit || !u.deliveryIntervalCount || !u.billingIntervalCount) {
        ctx.addIssue({ code: "custom", path: ["intervalUnit"], message: "A frequency upgrade needs an interval unit, a delivery and a billing frequency" });
      } else if (u.billingIntervalCount % u.deliveryIntervalCount !== 0) {
        ctx.addIssue({ code: "custom", path: ["billingIntervalCount"], message: "Billing frequency must be a whole multiple of the delivery frequency" });
      }
    }
    if (u.type !== "frequency" && (!u.replacementVariantId || !u.replacementQuantity)) {
      ctx.addIssue({ code: "custom", path: ["replacementVariantId"], message: "A replacement upgrade needs a replacement variant and quantity" });
    }
  });

/** One product of an offer (a multi-product offer has several, FUN-7). */
export const OfferItemSchema = z.object({
  id: z.string().min(1),
  productId: ProductIdSchema,
  variantId: VariantIdSchema,
  productTitle: z.string(),
  variantTitle: z.string().default(""),
  imageUrl: z.string().nullable().optional(),
  /** One-time unit price snapshot, minor units of `currency` (display only: Shopify prices the changeset). */
  priceMinor: MinorAmountSchema.refine((v) => v >= 0, "Price cannot be negative"),
  currency: CurrencySchema,
  quantity: z.number().int().min(1).default(1),
  /** Product.requiresSellingPlan snapshot (RUN-4, WIZ-3). */
  subscriptionOnly: z.boolean().default(false),
  /** ProductVariant.requiresComponents snapshot: a Shopify bundle (WIZ-3). */
  isBundle: z.boolean().default(false),
  sellingPlans: z.array(SellingPlanSchema).default([]),
  upgrade: UpgradeSchema.nullable().optional(),
});

/** One offer page; offers form a tree through parentOfferId + branch. */
export const OfferDefinitionSchema = z.object({
  id: z.string().min(1),
  parentOfferId: z.string().nullable().default(null),
  branch: BranchSchema.nullable().default(null),
  kind: OfferKindSchema,
  headline: z.string().default(""),
  body: z.string().default(""),
  purchaseOption: PurchaseOptionSchema.default("one_time"),
  defaultOption: ChosenOptionSchema.default("one_time"),
  lockedSellingPlanId: SellingPlanIdSchema.nullable().default(null),
  /** First-cycle discount (UPS-3). */
  discount: DiscountSchema.default(NO_DISCOUNT),
  /** Audit S-11: shipping of a subscription bought from this offer (minor units; 0 = free). */
  subscriptionShipping: z.object({ initialMinor: z.number().int().min(0), recurringMinor: z.number().int().min(0) }).default({ initialMinor: 0, recurringMinor: 0 }),
  items: z.array(OfferItemSchema).default([]),
});

export const FunnelTriggersSchema = z.object({
  /** Product trigger: the order contains one of these products (empty = off). */
  productIds: z.array(ProductIdSchema).default([]),
  subscription: SubscriptionTriggerSchema.default("off"),
  showToAll: z.boolean().default(false),
});

export const FunnelDefinitionSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  status: FunnelStatusSchema,
  /** Higher fires first (FUN-3). */
  priority: z.number().int(),
  createdAt: z.iso.datetime({ offset: true }),
  triggers: FunnelTriggersSchema,
  rootOfferId: z.string().nullable(),
  offers: z.array(OfferDefinitionSchema),
});

export const OrderLineSchema = z.object({
  productId: ProductIdSchema,
  variantId: VariantIdSchema,
  quantity: z.number().int().min(0),
  /** Present when the line is already a subscription (shopify.md §1.3). */
  sellingPlanId: SellingPlanIdSchema.nullable().optional(),
  totalPriceMinor: MinorAmountSchema,
});

/** The initial purchase as the post-purchase page sees it, in presentment currency. */
export const OrderContextSchema = z.object({
  referenceId: z.string().min(1),
  shopDomain: z.string().min(1),
  currency: CurrencySchema,
  customerId: z.string().nullable().optional(),
  lineItems: z.array(OrderLineSchema),
  totalMinor: MinorAmountSchema,
});

/**
 * What the runtime needs to know about the shop. `subscriptionUpgradesEnabled` is the
 * beta flag (BETA-1) AND a verified provider connection (CONN-5): build it with
 * deriveShopState.
 */
export const ShopStateSchema = z.object({
  subscriptionUpgradesEnabled: z.boolean(),
  provider: ProviderSchema.nullable(),
});

/** Decisions taken so far in one post-purchase flow (one order). */
export const FlowStateSchema = z.object({
  /** The funnel chosen for this order; set once, then kept for the whole flow (FUN-3). */
  funnelId: z.string().nullable().default(null),
  shownOfferIds: z.array(z.string()).default([]),
  acceptedOfferIds: z.array(z.string()).default([]),
  declinedOfferIds: z.array(z.string()).default([]),
  /** A subscription upsell was accepted: the order now has a subscription (RUN-7). */
  subscriptionAdded: z.boolean().default(false),
  /** A subscription upgrade was accepted: the shopper's subscription is already being changed (RUN-7). */
  subscriptionUpgraded: z.boolean().default(false),
  acceptedCount: z.number().int().min(0).default(0),
});

export type FunnelStatus = z.infer<typeof FunnelStatusSchema>;
export type SubscriptionTrigger = z.infer<typeof SubscriptionTriggerSchema>;
export type OfferKind = z.infer<typeof OfferKindSchema>;
export type PurchaseOption = z.infer<typeof PurchaseOptionSchema>;
export type ChosenOption = z.infer<typeof ChosenOptionSchema>;
export type Branch = z.infer<typeof BranchSchema>;
export type Provider = z.infer<typeof ProviderSchema>;
export type IntervalUnit = z.infer<typeof IntervalUnitSchema>;
export type Discount = z.infer<typeof DiscountSchema>;
export type SellingPlan = z.infer<typeof SellingPlanSchema>;
export type Upgrade = z.infer<typeof UpgradeSchema>;
export type OfferItem = z.infer<typeof OfferItemSchema>;
export type OfferDefinition = z.infer<typeof OfferDefinitionSchema>;
export type FunnelTriggers = z.infer<typeof FunnelTriggersSchema>;
export type FunnelDefinition = z.infer<typeof FunnelDefinitionSchema>;
export type OrderLine = z.infer<typeof OrderLineSchema>;
export type OrderContext = z.infer<typeof OrderContextSchema>;
export type ShopState = z.infer<typeof ShopStateSchema>;
export type FlowState = z.infer<typeof FlowStateSchema>;

/** Input shapes (before defaults and id normalisation), for builders and editors. */
export type FunnelDefinitionInput = z.input<typeof FunnelDefinitionSchema>;
export type OfferDefinitionInput = z.input<typeof OfferDefinitionSchema>;
export type OfferItemInput = z.input<typeof OfferItemSchema>;
export type OrderContextInput = z.input<typeof OrderContextSchema>;

/** BETA-1 + CONN-5: upgrades run only with the beta flag on and a verified provider. */
export function deriveShopState(input: { betaEnabled: boolean; provider: Provider | null; providerVerified: boolean }): ShopState {
  const connected = input.provider !== null && input.providerVerified;
  return { subscriptionUpgradesEnabled: input.betaEnabled && connected, provider: connected ? input.provider : null };
}
