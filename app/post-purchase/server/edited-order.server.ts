/**
 * Reads an order after an orders/edited webhook (RUN-10): its customer and line items
 * with variants and selling plans. The webhook carries only line item ids, and Shopify
 * never echoes our changeset's jti, so this is what the changeset is matched against.
 */
import { z } from "zod";

const EDITED_ORDER_QUERY = `#graphql
  query UpliftEditedOrder($id: ID!) {
    order(id: $id) {
      legacyResourceId
      createdAt
      name
      customer { legacyResourceId displayName }
      lineItems(first: 250) {
        nodes { id quantity variant { id } sellingPlan { sellingPlanId } }
      }
    }
  }`;

const ResponseSchema = z.object({
  data: z.object({
    order: z
      .object({
        legacyResourceId: z.string(),
        createdAt: z.string().datetime({ offset: true }).nullish(),
        name: z.string(),
        customer: z.object({ legacyResourceId: z.string(), displayName: z.string() }).nullable(),
        lineItems: z.object({
          nodes: z.array(
            z.object({
              id: z.string(),
              quantity: z.number().int(),
              variant: z.object({ id: z.string() }).nullable(),
              sellingPlan: z.object({ sellingPlanId: z.string().nullable() }).nullable(),
            }),
          ),
        }),
      })
      .nullable(),
  }),
});

export interface EditedOrderLine {
  /** Numeric line item id, as in the webhook's additions. */
  id: number;
  variantId: string | null;
  quantity: number;
  sellingPlanId: string | null;
}

export interface EditedOrder {
  orderId: string;
  /** "#1005": what the shopper and the merchant call the order. */
  orderName: string;
  customerId: string | null;
  customerName: string | null;
  /** When the purchase was placed: no changeset signed before it can be this order's. */
  createdAt: Date | null;
  lines: EditedOrderLine[];
}

export type ReadEditedOrder = (orderId: number) => Promise<EditedOrder | null>;

/** The part of shopify-app-remix's admin context we use. */
export interface AdminGraphql {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

export function adminEditedOrderReader(admin: AdminGraphql): ReadEditedOrder {
  return async (orderId) => {
    const response = await admin.graphql(EDITED_ORDER_QUERY, { variables: { id: `gid://shopify/Order/${orderId}` } });
    const { order } = ResponseSchema.parse(await response.json()).data;
    if (!order) return null;
    return {
      orderId: order.legacyResourceId,
      orderName: order.name,
      customerId: order.customer?.legacyResourceId ?? null,
      customerName: order.customer?.displayName ?? null,
      createdAt: order.createdAt ? new Date(order.createdAt) : null,
      lines: order.lineItems.nodes.map((line) => ({
        id: Number(line.id.slice(line.id.lastIndexOf("/") + 1)),
        variantId: line.variant?.id ?? null,
        quantity: line.quantity,
        sellingPlanId: line.sellingPlan?.sellingPlanId ?? null,
      })),
    };
  };
}
