/**
 * The `orders/edited` webhook body after a post-purchase changeset. Shape from Shopify's
 * REST webhook sample as transcribed by third parties (`order_edit` with `id`, `app_id`,
 * `created_at`, `notify_customer`, `order_id`, `staff_note`, `user_id`, `line_items`
 * {additions, removals} of `{id, delta}`, `discounts.line_item`, `shipping_lines`) plus
 * `committed_at` (changelog, 2024-07). UNCONFIRMED for post-purchase edits specifically:
 * the `app_id` value, whether discounts and shipping added by a changeset appear under
 * `discounts`/`shipping_lines` (emitted empty here), and `staff_note` being "".
 *
 * Shopify does not echo the changeset's `jti` or referenceId: the app matches on
 * `order_id` plus the added line items' variants, read back through Admin GraphQL.
 */
import type { AppliedChangeset, CheckoutSession, SimOrder } from "../store";

export function ordersEditedPayload(order: SimOrder, applied: AppliedChangeset, session: CheckoutSession) {
  const at = applied.appliedAt.toISOString();
  return {
    order_edit: {
      id: applied.orderEditId,
      app_id: session.appId,
      created_at: at,
      committed_at: at,
      notify_customer: false,
      order_id: order.id,
      staff_note: "",
      user_id: null,
      line_items: {
        additions: applied.addedLineItemIds.map((id) => ({ id, delta: order.lines.find((l) => l.id === id)?.quantity ?? 0 })),
        removals: [],
      },
      discounts: { line_item: { additions: [], removals: [] } },
      shipping_lines: { additions: [], removals: [] },
    },
  };
}
