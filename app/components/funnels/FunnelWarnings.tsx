import { Banner, BlockStack, List } from "@shopify/polaris";
import type { FunnelWarning } from "~/domain/funnel-warnings";

interface Props {
  warnings: FunnelWarning[];
  offerNames: Map<string, string>;
}

/**
 * FUN-4, FUN-5, FUN-6: computed by the same function the checkout's rules come from
 * (app/domain/funnel-warnings.ts), so each banner says what will really happen.
 */
export function FunnelWarnings({ warnings, offerNames }: Props) {
  if (warnings.length === 0) return null;
  return (
    <BlockStack gap="300">
      {warnings.map((warning) => (
        <Banner key={warning.code} tone={warning.severity === "warning" ? "warning" : "info"} title={warning.title}>
          <BlockStack gap="200">
            <p>{warning.message}</p>
            {warning.rule === "FUN-6" ? (
              <List>
                {warning.products.map((p) => (
                  <List.Item key={p.productId}>
                    {p.title} (in {p.offerIds.map((id) => offerNames.get(id) ?? id).join(", ")})
                  </List.Item>
                ))}
              </List>
            ) : null}
            {warning.rule === "FUN-5" ? (
              <List>
                {warning.offerIds.map((id) => (
                  <List.Item key={id}>{offerNames.get(id) ?? id}</List.Item>
                ))}
              </List>
            ) : null}
          </BlockStack>
        </Banner>
      ))}
    </BlockStack>
  );
}
