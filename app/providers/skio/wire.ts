/**
 * Skio GraphQL documents and response shapes (providers.md §2). Documented mutations use
 * the `<Name>Input` variable types from code.skio.com; queries stay within Skio's depth
 * limit of 4 nested selections.
 */
import { z } from "zod";

/** Live lines only: removed lines keep a removedAt (providers.md §2). */
export const SKIO_SUBSCRIPTION_FIELDS = `
  id platformId status nextBillingDate
  BillingPolicy { interval intervalCount }
  DeliveryPolicy { interval intervalCount }
  PrepaidDeliveryPolicy { interval intervalCount }
  SubscriptionLines(where: { removedAt: { _is_null: true } }) {
    id quantity isPrepaid
    ProductVariant { id platformId Product { platformId } }
  }
  Discounts { id redeemCode }
`;

export const SKIO_PROBE = `query UpliftSkioProbe { Subscriptions(limit: 1) { id } }`;

/**
 * Values go into queries as literals: Skio's ids are Hasura `uuid`s, and a variable
 * declared `String!` would not type-check against them. JSON string escaping is valid
 * GraphQL string syntax; ids are validated before they get here.
 */
export const gqlLiteral = (value: string | string[]): string => JSON.stringify(value);

export const skioSubscriptionById = (id: string) => `query UpliftSkioSubscription {
  SubscriptionByPk(id: ${gqlLiteral(id)}) { ${SKIO_SUBSCRIPTION_FIELDS} }
}`;

export const SKIO_EDIT_INTERVAL = `mutation subscriptionEditInterval($input: SubscriptionEditIntervalInput!) {
  subscriptionEditInterval(input: $input) { subscriptionId }
}`;

export const SKIO_UPDATE_LINE = `mutation updateSubscriptionLine($input: UpdateSubscriptionLineInput!) {
  updateSubscriptionLine(input: $input) { ok }
}`;

export const SKIO_SWAP_VARIANT = `mutation swapSubscriptionProductVariants($input: SwapSubscriptionProductVariantsInput!) {
  swapSubscriptionProductVariants(input: $input) { ok }
}`;

export const SKIO_APPLY_DISCOUNT = `mutation applyDiscountCode($input: ApplyDiscountCodeInput!) {
  applyDiscountCode(input: $input) { ok message }
}`;

const PolicySchema = z.object({ interval: z.string(), intervalCount: z.number().int().min(1) }).nullable().optional();

export const SkioLineSchema = z.object({
  id: z.string(),
  quantity: z.number().int(),
  isPrepaid: z.boolean().nullable().optional(),
  ProductVariant: z.object({
    id: z.string(),
    platformId: z.string(),
    Product: z.object({ platformId: z.string() }).nullable().optional(),
  }),
});
export type SkioLine = z.infer<typeof SkioLineSchema>;

export const SkioSubscriptionSchema = z.object({
  id: z.string(),
  platformId: z.string().nullable().optional(),
  status: z.string(),
  nextBillingDate: z.string().nullable().optional(),
  BillingPolicy: PolicySchema,
  DeliveryPolicy: PolicySchema,
  PrepaidDeliveryPolicy: PolicySchema,
  SubscriptionLines: z.array(SkioLineSchema),
  /** S1: Discount.redeemCode, read back before re-applying a code (a lost answer). */
  Discounts: z.array(z.object({ id: z.string(), redeemCode: z.string().nullable().optional() })).default([]),
});
export type SkioSubscription = z.infer<typeof SkioSubscriptionSchema>;

export const SkioOkSchema = z.object({ ok: z.boolean(), message: z.string().nullable().optional() });

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
