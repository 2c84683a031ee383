import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { adminEditedOrderReader } from "~/post-purchase/server/edited-order.server";
import { reconcileOrderEdit } from "~/post-purchase/server/reconcile.server";
import { parseWebhookPayload } from "~/lib/webhook-payload.server";

const timestamp = z.string().datetime({ offset: true });

// Shopify's REST-shaped orders/edited body: the edit's own id, its order, when it was made
// and committed (committed_at since 2024-07), and the added lines with their `delta`.
const OrderEditedSchema = z.object({
  order_edit: z.object({
    id: z.number().int().positive(),
    order_id: z.number().int().positive(),
    created_at: timestamp,
    committed_at: timestamp.nullish(),
    line_items: z
      .object({ additions: z.array(z.object({ id: z.number().int().positive(), delta: z.number().int().positive() })).max(250).default([]) })
      .default({ additions: [] }),
  }),
});

// RUN-10: a changeset Shopify applied is recorded even when the shopper's page never confirmed it.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload, admin, webhookId } = await authenticate.webhook(request);
  const { order_edit: edit } = parseWebhookPayload(OrderEditedSchema, payload, "orders/edited");
  await reconcileOrderEdit({
    shopDomain: shop,
    webhookId,
    edit: { id: String(edit.id), orderId: edit.order_id, committedAt: new Date(edit.committed_at ?? edit.created_at), additions: edit.line_items.additions },
    readOrder: admin ? adminEditedOrderReader(admin) : null,
  });
  return new Response();
};
