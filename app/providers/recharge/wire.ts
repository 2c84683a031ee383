/**
 * Recharge 2021-11 response shapes (providers.md §1), parsed with zod so version drift
 * (a 2021-01 body when X-Recharge-Version is lost) fails loudly instead of silently.
 */
import { z } from "zod";
import { IntervalUnitSchema } from "../types";

/** 2021-11 external ids: {"ecommerce": "<id>"}, strings (numbers tolerated). */
export const ExternalIdSchema = z.object({
  ecommerce: z.union([z.string(), z.number()]).transform(String),
});

/** Recharge has used "day"/"days", any casing; the API documents day|week|month. */
export const RechargeUnitSchema = z
  .string()
  .transform((unit) => unit.toLowerCase().replace(/s$/, ""))
  .pipe(IntervalUnitSchema);

export const RechargeSubscriptionSchema = z.object({
  id: z.number(),
  address_id: z.number(),
  customer_id: z.number(),
  external_product_id: ExternalIdSchema,
  external_variant_id: ExternalIdSchema,
  quantity: z.coerce.number().int(),
  order_interval_unit: RechargeUnitSchema,
  order_interval_frequency: z.coerce.number().int().min(1),
  charge_interval_frequency: z.coerce.number().int().min(1),
  is_prepaid: z.boolean().optional(),
  next_charge_scheduled_at: z.string().nullable(),
  /** Both casings occur (providers.md §1.2). */
  status: z.string().transform((s) => s.toLowerCase()),
});
export type RechargeSubscription = z.infer<typeof RechargeSubscriptionSchema>;
export const RechargeSubscriptionEnvelope = z.object({ subscription: RechargeSubscriptionSchema });

export const RechargeOrdersEnvelope = z.object({
  orders: z.array(
    z.object({
      id: z.number(),
      external_order_id: ExternalIdSchema,
      line_items: z.array(
        z.object({
          purchase_item_id: z.number().nullable(),
          purchase_item_type: z.string(),
          external_product_id: ExternalIdSchema,
          external_variant_id: ExternalIdSchema,
          quantity: z.coerce.number().int(),
        }),
      ),
    }),
  ),
});

export const RechargePlanSchema = z.object({
  id: z.number(),
  title: z.string(),
  type: z.string(),
  external_plan_id: z.union([z.string(), z.number()]).nullable().optional(),
  deleted_at: z.string().nullable().optional(),
  subscription_preferences: z.object({
    interval_unit: RechargeUnitSchema,
    order_interval_frequency: z.coerce.number().int().min(1),
    charge_interval_frequency: z.coerce.number().int().min(1),
  }),
});
export type RechargePlan = z.infer<typeof RechargePlanSchema>;
export const RechargePlansEnvelope = z.object({ plans: z.array(RechargePlanSchema) });

export const RechargeDiscountEnvelope = z.object({ discount: z.object({ id: z.number(), code: z.string() }) });

/** GET /addresses/{id} (✅ R3 `model/v2/address.py`): `discounts[]` holds at most one entry (R1). */
export const RechargeAddressEnvelope = z.object({
  address: z.object({
    id: z.number(),
    discounts: z.array(z.object({ id: z.number().nullable().optional(), code: z.string().nullable().optional() })).default([]),
  }),
});
export type RechargeAddressDiscount = z.infer<typeof RechargeAddressEnvelope>["address"]["discounts"][number];

/** GET /customers/{id} (✅ R3 `model/v2/customer.py`): the Shopify customer behind a Recharge customer. */
export const RechargeCustomerEnvelope = z.object({
  customer: z.object({ id: z.number(), external_customer_id: z.object({ ecommerce: z.union([z.string(), z.number()]).nullable().optional() }).nullable().optional() }),
});

/** GET /subscriptions?limit=1 (✅ R3): one subscription is enough to find the store's customers. */
export const RechargeSubscriptionListEnvelope = z.object({ subscriptions: z.array(z.object({ id: z.number(), customer_id: z.number() })) });
