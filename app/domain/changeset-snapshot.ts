/**
 * What SignedChangeset stores (the columns `changes` and `snapshot`), as zod schemas so
 * every reader — signing, the acceptance, the order webhook, the Postscript events —
 * reads the same shape. Browser-safe and pure (post-purchase/server/snapshot-columns.server.ts
 * turns them into column definitions).
 */
import { z } from "zod";
import type { PostPurchaseChange } from "./changeset";
import { ChosenOptionSchema, OfferDefinitionSchema, OfferKindSchema, OrderLineSchema } from "./funnel-schemas";

const DiscountSchema = z.object({ value: z.number(), valueType: z.enum(["percentage", "fixed_amount"]), title: z.string() });

/** The changes array exactly as signed (shopify.md §1.5). */
export const SignedChangesSchema = z.array(
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("add_variant"), variantId: z.number().int(), quantity: z.number().int(), discount: DiscountSchema.optional() }),
    z.object({
      type: z.literal("add_subscription"),
      variantId: z.number().int(),
      sellingPlanId: z.number().int(),
      quantity: z.number().int(),
      initialShippingPrice: z.number(),
      recurringShippingPrice: z.number(),
      shippingOption: z.object({ title: z.string().optional(), presentmentTitle: z.string().optional() }),
      discount: DiscountSchema.optional(),
    }),
  ]),
) satisfies z.ZodType<PostPurchaseChange[]>;

/** The choice and the offer as they were when signed; survives later edits of the offer. */
export const ChangesetSnapshotSchema = z.object({
  version: z.literal(1),
  funnelId: z.string().min(1),
  kind: OfferKindSchema,
  choice: z.object({ option: ChosenOptionSchema, sellingPlanId: z.string().nullable() }),
  offer: OfferDefinitionSchema,
  customerId: z.string().nullable(),
  /** The initial purchase's lines, to recognise the order in orders/edited (RUN-10). */
  initialLines: z.array(OrderLineSchema),
});
export type ChangesetSnapshot = z.infer<typeof ChangesetSnapshotSchema>;
