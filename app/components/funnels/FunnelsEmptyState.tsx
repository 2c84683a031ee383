import { Card, EmptyState } from "@shopify/polaris";

/** FUN-1: the list before the first funnel. */
export function FunnelsEmptyState() {
  return (
    <Card>
      <EmptyState
        heading="Show your first offer after checkout"
        action={{ content: "Create funnel", url: "/app/funnels/new" }}
        image="data:image/svg+xml;charset=utf-8,%3Csvg xmlns='http://www.w3.org/2000/svg' width='226' height='226'%3E%3Crect width='226' height='226' rx='24' fill='%23f1f1f1'/%3E%3Cpath d='M63 70h100l-14 36H77zM77 116h72l-10 26H87zM91 152h44l-6 18h-32z' fill='%23c9c9c9'/%3E%3C/svg%3E"
      >
        <p>
          A funnel picks the orders it shows on and the offers shoppers see on the post-purchase page: upsells, a
          downsell when they decline, or a subscription.
        </p>
      </EmptyState>
    </Card>
  );
}
