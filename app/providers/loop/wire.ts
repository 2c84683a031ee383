/**
 * Loop admin 2023-10 shapes (providers.md §3): every body is the envelope
 * {success, message, code, data, pageInfo}. Line fields beyond id/variantShopifyId are
 * UNCONFIRMED and read through loopLineFromWire.
 */
import { z } from "zod";

const ShopifyIdSchema = z.union([z.number(), z.string()]).transform(String);

export const LoopPolicySchema = z.object({ interval: z.string(), intervalCount: z.number().int().min(1) });

export const LoopLineSchema = z
  .object({
    id: z.union([z.number(), z.string()]).transform(String),
    variantShopifyId: ShopifyIdSchema,
    quantity: z.number().int(),
  })
  .passthrough();
export type LoopLine = z.infer<typeof LoopLineSchema>;

export const LoopSubscriptionSchema = z
  .object({
    id: z.union([z.number(), z.string()]).transform(String),
    shopifyId: ShopifyIdSchema.nullable().optional(),
    originOrderShopifyId: ShopifyIdSchema.nullable().optional(),
    status: z.string(),
    isPrepaid: z.boolean().optional(),
    billingPolicy: LoopPolicySchema,
    deliveryPolicy: LoopPolicySchema,
    lines: z.array(LoopLineSchema),
    customer: z.object({ shopifyId: ShopifyIdSchema.nullable().optional() }).passthrough().nullable().optional(),
    customAttributes: z.array(z.object({ key: z.string(), value: z.string() })).nullable().optional(),
  })
  .passthrough();
export type LoopSubscription = z.infer<typeof LoopSubscriptionSchema>;

export const loopEnvelope = <T extends z.ZodTypeAny>(data: T) =>
  z.object({ success: z.boolean(), message: z.string().nullable().optional(), data });

export const LoopSubscriptionEnvelope = loopEnvelope(LoopSubscriptionSchema);
export const LoopSubscriptionListEnvelope = loopEnvelope(z.array(LoopSubscriptionSchema));
