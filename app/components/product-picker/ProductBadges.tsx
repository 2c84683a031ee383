import { Badge, InlineStack } from "@shopify/polaris";
import type { PickerProduct } from "./types";

/** Selling-plan info and the flags that decide where a product may be offered. */
export function ProductBadges({ product }: { product: Pick<PickerProduct, "subscriptionOnly" | "isBundle" | "sellingPlans" | "status"> }) {
  const plans = product.sellingPlans.length;
  return (
    <InlineStack gap="100">
      {product.subscriptionOnly ? <Badge tone="attention">Subscription only</Badge> : null}
      {product.isBundle ? <Badge tone="warning">Bundle</Badge> : null}
      {plans > 0 ? <Badge tone="info">{plans === 1 ? "1 selling plan" : `${plans} selling plans`}</Badge> : <Badge>One-time only</Badge>}
      {product.status !== "ACTIVE" ? <Badge>{product.status.charAt(0) + product.status.slice(1).toLowerCase()}</Badge> : null}
    </InlineStack>
  );
}
