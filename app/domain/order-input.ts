/**
 * Turns the post-purchase extension's `inputData.initialPurchase` (numeric ids,
 * MoneyBag decimal strings; shopify.md §1.3) into the domain's OrderContext: GIDs and
 * integer minor units in the presentment currency, the currency the shopper pays in.
 */
import { z } from "zod";
import { OrderContextSchema, type OrderContext } from "./funnel-schemas";
import { parseDecimalToMinor } from "./money";

const MoneyBagSchema = z.object({
  shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }),
  presentmentMoney: z.object({ amount: z.string(), currencyCode: z.string() }),
});

/** The part of Shopify's post-purchase inputData the app reads (extra fields pass through unchecked). */
export const PostPurchaseInputDataSchema = z.object({
  shop: z.object({ domain: z.string().min(1) }),
  initialPurchase: z.object({
    referenceId: z.string().min(1),
    customerId: z.union([z.string(), z.number()]).nullable().optional(),
    totalPriceSet: MoneyBagSchema,
    lineItems: z.array(
      z.object({
        product: z.object({
          id: z.union([z.string(), z.number()]),
          variant: z.object({ id: z.union([z.string(), z.number()]) }),
        }),
        quantity: z.number().int().min(0),
        totalPriceSet: MoneyBagSchema,
        sellingPlanId: z.union([z.string(), z.number()]).nullable().optional(),
      }),
    ),
  }),
});

export type PostPurchaseInputData = z.input<typeof PostPurchaseInputDataSchema>;

/** Validates inputData and converts it; throws a ZodError (or MoneyError) on bad input. */
export function orderContextFromInputData(inputData: unknown): OrderContext {
  const { shop, initialPurchase } = PostPurchaseInputDataSchema.parse(inputData);
  const currency = initialPurchase.totalPriceSet.presentmentMoney.currencyCode;
  return OrderContextSchema.parse({
    referenceId: initialPurchase.referenceId,
    shopDomain: shop.domain,
    currency,
    customerId: initialPurchase.customerId === null || initialPurchase.customerId === undefined ? null : String(initialPurchase.customerId),
    totalMinor: parseDecimalToMinor(initialPurchase.totalPriceSet.presentmentMoney.amount, currency),
    lineItems: initialPurchase.lineItems.map((line) => ({
      productId: line.product.id,
      variantId: line.product.variant.id,
      quantity: line.quantity,
      sellingPlanId: line.sellingPlanId ?? null,
      totalPriceMinor: parseDecimalToMinor(line.totalPriceSet.presentmentMoney.amount, currency),
    })),
  });
}
