import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { adminEditedOrderReader } from "~/post-purchase/server/edited-order.server";
import { reconcileOrderEdit } from "~/post-purchase/server/reconcile.server";
import { parseWebhookPayload } from "~/lib/webhook-payload.server";

const OrderEditedSchema = z.object({
  order_edit: z.object({
    order_id: z.number().int().positive(),
    line_items: z.object({ additions: z.array(z.object({ id: z.number().int().positive() })).default([]) }).default({ additions: [] }),
  }),
});

// RUN-10: a changeset Shopify applied is recorded even when the shopper's page never confirmed it.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload, admin } = await authenticate.webhook(request);
  const { order_edit: edit } = parseWebhookPayload(OrderEditedSchema, payload, "orders/edited");
  await reconcileOrderEdit({
    shopDomain: shop,
    edit: { orderId: edit.order_id, addedLineItemIds: edit.line_items.additions.map((a) => a.id) },
    readOrder: admin ? adminEditedOrderReader(admin) : null,
  });
  return new Response();
};
