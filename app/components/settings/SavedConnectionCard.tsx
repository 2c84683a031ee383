import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";
import { TokenTestResult } from "./TokenTestResult";
import type { ConnectionView, UpgradesActionData } from "./types";

// The same text on the server and in the browser, whatever their time zones (no hydration mismatch).
const formatUtc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

function stateBadge(connection: ConnectionView) {
  if (connection.needsRetest) return <Badge tone="critical">Needs re-test</Badge>;
  if (connection.testState === "valid") return <Badge tone="success">Verified</Badge>;
  if (connection.testState === "invalid") return <Badge tone="critical">Invalid</Badge>;
  return <Badge tone="attention">Not verified</Badge>;
}

/** The saved connection: masked token, last test, re-test without retyping (CONN-6), disconnect. */
export function SavedConnectionCard({ connection }: { connection: ConnectionView }) {
  const retest = useFetcher<UpgradesActionData>();
  const disconnect = useFetcher<UpgradesActionData>();
  const retestOutcome = retest.data?.intent === "retest" ? retest.data.outcome : null;
  const runRetest = () => retest.submit({ intent: "retest" }, { method: "post" });
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {`Connected to ${connection.providerLabel}`}
          </Text>
          {stateBadge(connection)}
        </InlineStack>
        <Text as="p">
          {"API token "}
          <Text as="span" fontWeight="semibold">
            {connection.tokenMasked}
          </Text>
          {connection.verifiedAt ? ` · last verified ${formatUtc(connection.verifiedAt)}` : ""}
        </Text>
        {/* Said once: after a re-test its result says it instead. */}
        {connection.needsRetest && connection.needsRetestReason && !retestOutcome ? (
          <Text as="p" tone="critical">
            {connection.needsRetestReason}
          </Text>
        ) : null}
        {retestOutcome ? <TokenTestResult outcome={retestOutcome} onRetry={runRetest} retrying={retest.state !== "idle"} /> : null}
        <InlineStack gap="200">
          <Button onClick={runRetest} loading={retest.state !== "idle"}>
            Re-test API key
          </Button>
          <Button
            tone="critical"
            variant="plain"
            loading={disconnect.state !== "idle"}
            onClick={() => disconnect.submit({ intent: "disconnect" }, { method: "post" })}
          >
            Disconnect
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
