import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { UNSUPPORTED_PROVIDERS } from "./provider-options";

/** CONN-1: subscription apps that cannot be connected for upgrades, and why. */
export function UnsupportedProvidersCard() {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Other subscription apps
        </Text>
        {UNSUPPORTED_PROVIDERS.map((p) => (
          <BlockStack key={p.name} gap="100">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h3" variant="headingSm">
                {p.name}
              </Text>
              <Badge tone="attention">Not supported for upgrades</Badge>
            </InlineStack>
            <Text as="p" tone="subdued">
              {p.reason}
            </Text>
          </BlockStack>
        ))}
      </BlockStack>
    </Card>
  );
}
