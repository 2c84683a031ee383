/**
 * The one interface every subscription provider adapter implements (PRV-1), with zod
 * schemas for everything that crosses it. Pure types: safe to import from the browser.
 */
import { z } from "zod";

export const PROVIDER_NAMES = ["recharge", "skio", "loop"] as const;
export const ProviderNameSchema = z.enum(PROVIDER_NAMES);
export type ProviderName = z.infer<typeof ProviderNameSchema>;

/** A Shopify legacy (numeric) id carried as a string, e.g. "2001". */
export const LegacyIdSchema = z.string().regex(/^\d+$/, "Expected a numeric Shopify id");

export const IntervalUnitSchema = z.enum(["day", "week", "month"]);
export type IntervalUnit = z.infer<typeof IntervalUnitSchema>;

/**
 * How often a line ships (deliveryCount) and is charged (billingCount), in `unit`s.
 * billingCount > deliveryCount means prepaid (ship monthly, charge every 6 months).
 */
export const IntervalSchema = z
  .object({
    unit: IntervalUnitSchema,
    deliveryCount: z.number().int().min(1).max(1000),
    billingCount: z.number().int().min(1).max(1000),
  })
  .refine((i) => i.billingCount % i.deliveryCount === 0, {
    message: "The billing interval must be a whole multiple of the delivery interval",
    path: ["billingCount"],
  });
export type Interval = z.infer<typeof IntervalSchema>;

/**
 * `code` is optional: Recharge creates its own code when none is given; Skio can only
 * apply an existing (Shopify) discount code, so a Skio discount needs one.
 */
export const DiscountSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("percentage"),
    basisPoints: z.number().int().min(1).max(10_000),
    code: z.string().min(1).max(255).optional(),
  }),
  z.object({
    type: z.literal("fixed_amount"),
    amountMinor: z.number().int().min(1),
    currency: z.string().regex(/^[A-Z]{3}$/),
    code: z.string().min(1).max(255).optional(),
  }),
]);
export type Discount = z.infer<typeof DiscountSchema>;

export const UpgradeTypeSchema = z.enum(["frequency", "replacement", "both"]);
export type UpgradeType = z.infer<typeof UpgradeTypeSchema>;

export const ReplacementSchema = z.object({
  productId: LegacyIdSchema,
  variantId: LegacyIdSchema,
  quantity: z.number().int().min(1).max(1000),
});

/** What an accepted upgrade asks the provider to change (WIZ-4..7, PRV-4). */
export const UpgradeChangeSchema = z
  .object({
    type: UpgradeTypeSchema,
    interval: IntervalSchema.optional(),
    /** The provider's own selling-plan id (see ProviderSellingPlan.id). */
    sellingPlanId: z.string().min(1).optional(),
    replacement: ReplacementSchema.optional(),
    discount: DiscountSchema.optional(),
    /** Keep the currently scheduled next charge date; the change applies from it on (JOB-4). */
    applyAtEndOfCycle: z.boolean(),
    /**
     * The merchant's opt-in, per offer, that a frequency change may move every line of a
     * multi-line subscription where the provider has one cadence per subscription (Skio).
     * Without it such a change is refused before any call (code "multi_line_frequency").
     */
    frequencyAppliesToAllLines: z.boolean().optional(),
  })
  .superRefine((change, ctx) => {
    if (change.type !== "replacement" && !change.interval) {
      ctx.addIssue({ code: "custom", path: ["interval"], message: "A frequency change needs the new interval" });
    }
    if (change.type !== "frequency" && !change.replacement) {
      ctx.addIssue({ code: "custom", path: ["replacement"], message: "A replacement needs the new product and variant" });
    }
  });
export type UpgradeChange = z.infer<typeof UpgradeChangeSchema>;

/** One line of a provider subscription, normalised: the line the upgrade targets. */
export const ProviderSubscriptionSchema = z.object({
  id: z.string().min(1),
  lineId: z.string().min(1),
  productId: LegacyIdSchema,
  variantId: LegacyIdSchema,
  quantity: z.number().int().min(1),
  interval: IntervalSchema,
  prepaid: z.boolean(),
  /** YYYY-MM-DD */
  nextChargeDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  /** Lower-case provider status: "active", "paused", "cancelled", … */
  status: z.string(),
  /** Live lines on the subscription (Recharge: always 1, one subscription per item). */
  lineCount: z.number().int().min(1),
});
export type ProviderSubscription = z.infer<typeof ProviderSubscriptionSchema>;

export const ProviderSellingPlanSchema = z.object({
  /** Recharge: plan id · Skio: SellingPlan id (UUID) · Loop: Shopify selling-plan id. */
  id: z.string(),
  name: z.string(),
  interval: IntervalSchema,
  prepaid: z.boolean(),
  shopifySellingPlanId: z.string().nullable(),
});
export type ProviderSellingPlan = z.infer<typeof ProviderSellingPlanSchema>;

export const FindSubscriptionInputSchema = z.object({
  orderId: LegacyIdSchema,
  customerId: LegacyIdSchema.optional(),
  productId: LegacyIdSchema,
  variantId: LegacyIdSchema.optional(),
  /** Shopify subscription contract id, when the order line carries one (Loop finds by it). */
  contractId: LegacyIdSchema.optional(),
  /**
   * The replacement's variant, when the upgrade has one: a retry after the swap went
   * through finds the line under its new variant (Skio and Loop show the line's current
   * variant, not the one bought).
   */
  replacementVariantId: LegacyIdSchema.optional(),
});
export type FindSubscriptionInput = z.infer<typeof FindSubscriptionInputSchema>;

export const SubscriptionLineRefSchema = z.object({
  subscriptionId: z.string().min(1),
  lineId: z.string().min(1),
  productId: LegacyIdSchema.optional(),
});
export type SubscriptionLineRef = z.infer<typeof SubscriptionLineRefSchema>;

/** What the token check could look at (Skio cannot list a token's scopes). */
export const VerificationItemSchema = z.enum(["authentication", "scopes", "store"]);
export type VerificationItem = z.infer<typeof VerificationItemSchema>;

const coverage = {
  checked: z.array(VerificationItemSchema),
  unchecked: z.array(VerificationItemSchema),
};
/** CONN-2: exactly one of three states. */
export const TokenCheckResultSchema = z.discriminatedUnion("state", [
  z.object({ state: z.literal("valid"), message: z.string(), ...coverage }),
  z.object({
    state: z.literal("invalid"),
    reason: z.enum(["rejected", "missing_scopes", "other_store"]),
    missingScopes: z.array(z.string()),
    message: z.string(),
    ...coverage,
  }),
  z.object({ state: z.literal("unverifiable"), message: z.string(), ...coverage }),
]);
export type TokenCheckResult = z.infer<typeof TokenCheckResultSchema>;

/**
 * Provider-side progress of a multi-step change, persisted by the worker between
 * attempts (UpgradeJob.progress) so a retry resumes instead of repeating (PRV-3, JOB-6).
 */
export const UpgradeProgressSchema = z.object({
  completedSteps: z.array(z.string()).default([]),
  originalNextChargeDate: z.string().nullable().optional(),
  discountId: z.string().optional(),
  discountCode: z.string().optional(),
  splitSubscriptionId: z.string().optional(),
  splitLineId: z.string().optional(),
  /** The line a Loop split copied, so a retry removes it from the right place. */
  splitFromSubscriptionId: z.string().optional(),
  splitFromLineId: z.string().optional(),
  /**
   * Loop: recorded before the split POST is sent (ISO time). A retry that sees it but
   * finds no copy waits for Loop to show it instead of splitting again (PRV-3).
   */
  splitRequestedAt: z.string().optional(),
  /** Loop: the discount title recorded before the discount POST, to find it on a resend. */
  discountRequestedTitle: z.string().optional(),
});
export type UpgradeProgress = z.infer<typeof UpgradeProgressSchema>;

export interface ApplyUpgradeInput {
  /** The subscription line found by findSubscriptionForOrder. */
  subscription: ProviderSubscription;
  change: UpgradeChange;
  /** Progress saved by an earlier, interrupted attempt. */
  progress?: UpgradeProgress;
  /** Called after every completed step; the worker persists it before the next step. */
  onProgress?: (progress: UpgradeProgress) => void | Promise<void>;
}

export interface ApplyUpgradeResult {
  /** The upgraded line as it stands now (for a Loop split: on the new subscription). */
  subscription: ProviderSubscription;
  progress: UpgradeProgress;
  /** Secret-free one-line summary for UpgradeAttempt.providerSummary. */
  summary: string;
}

/**
 * Store ownership without a guess (CONN-2): the adapter reads one of the token's
 * subscriptions and hands its Shopify customer id here; the caller asks the shop's own
 * Admin API whether that customer is the shop's. true = the shop's, false = not (another
 * store), null = could not tell (the result then lists "store" as unchecked).
 */
export type ShopOwnsCustomer = (shopifyCustomerId: string) => Promise<boolean | null>;

export interface VerifyTokenInput {
  shopDomain?: string;
  ownsCustomer?: ShopOwnsCustomer;
}

/** PRV-1. Every method except verifyToken throws ProviderError subclasses (errors.ts). */
export interface ProviderAdapter {
  readonly provider: ProviderName;
  /** CONN-2/CONN-3. Never throws: transient failures come back as "unverifiable". */
  verifyToken(input?: VerifyTokenInput): Promise<TokenCheckResult>;
  listSellingPlans(input: { productId: string }): Promise<ProviderSellingPlan[]>;
  findSubscriptionForOrder(input: FindSubscriptionInput): Promise<ProviderSubscription>;
  /**
   * Re-reads a line found earlier, by the ids findSubscriptionForOrder returned. After a
   * replacement the order's product no longer matches the line, so retries (JOB-6) re-read
   * by id. `productId` is a fallback for providers that may not report the line's product.
   */
  getSubscriptionLine(input: SubscriptionLineRef): Promise<ProviderSubscription>;
  applyUpgrade(input: ApplyUpgradeInput): Promise<ApplyUpgradeResult>;
  /** Pure: true when `subscription` already reflects `change` (JOB-6 skips the call). */
  isChangeApplied(subscription: ProviderSubscription, change: UpgradeChange, progress?: UpgradeProgress): boolean;
}
