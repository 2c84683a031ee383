import { BlockStack, Banner, List, Text } from "@shopify/polaris";
import { scopeLabel } from "~/providers/scopes";
import type { TokenTestOutcome } from "./types";

const INVALID_TITLES: Record<NonNullable<TokenTestOutcome["reason"]>, string> = {
  rejected: "API key rejected",
  missing_scopes: "API key is missing permissions",
  other_store: "API key belongs to another store",
};

/** CONN-2: the three states, green / red / warning, with what to do next. */
export function TokenTestResult({
  outcome,
  onRetry,
  retrying = false,
}: {
  outcome: Pick<TokenTestOutcome, "state" | "reason" | "message" | "missingScopes">;
  onRetry?: () => void;
  retrying?: boolean;
}) {
  if (outcome.state === "valid") {
    return (
      <Banner tone="success" title="API key is valid">
        <p data-test-state="valid">{outcome.message}</p>
      </Banner>
    );
  }
  if (outcome.state === "invalid") {
    return (
      <Banner tone="critical" title={INVALID_TITLES[outcome.reason ?? "rejected"]}>
        <BlockStack gap="200">
          <p data-test-state="invalid">{outcome.message}</p>
          {outcome.missingScopes.length > 0 ? (
            <>
              <Text as="p" fontWeight="semibold">
                Missing permissions:
              </Text>
              <List>
                {outcome.missingScopes.map((scope) => (
                  <List.Item key={scope}>{scopeLabel(scope)}</List.Item>
                ))}
              </List>
            </>
          ) : null}
        </BlockStack>
      </Banner>
    );
  }
  return (
    <Banner
      tone="warning"
      title="Could not verify the API key"
      action={onRetry ? { content: "Try again", onAction: onRetry, loading: retrying } : undefined}
    >
      <p data-test-state="unverifiable">{outcome.message} You can save once a test passes.</p>
    </Banner>
  );
}
