import { BlockStack, Card, List, Text } from "@shopify/polaris";
import { PROVIDER_HELP, PROVIDER_LABELS } from "~/providers/scopes";
import type { ProviderName } from "~/providers/types";

/** CONN-3: which permissions to grant and where the provider keeps its API tokens. */
export function ProviderHelpCard({ provider }: { provider: ProviderName }) {
  const help = PROVIDER_HELP[provider];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {`Create a ${PROVIDER_LABELS[provider]} API token`}
        </Text>
        <Text as="p" tone="subdued">
          {`Where: ${help.where}`}
        </Text>
        <List type="number">
          {help.steps.map((step) => (
            <List.Item key={step}>{step}</List.Item>
          ))}
        </List>
        <Text as="h3" variant="headingSm">
          Permissions Uplift needs
        </Text>
        <List>
          {help.scopes.map((scope) => (
            <List.Item key={scope.name}>{`${scope.label} (${scope.name})`}</List.Item>
          ))}
        </List>
        {help.note ? (
          <Text as="p" tone="subdued">
            {help.note}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
