import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { DeliveryView, PostscriptActionData } from "./types";

// The same text on the server and in the browser, whatever their time zones.
const formatUtc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

const BADGES = {
  sent: <Badge tone="success">Sent</Badge>,
  pending: <Badge tone="info">Queued</Badge>,
  retrying: <Badge tone="attention">Retrying</Badge>,
  failed: <Badge tone="critical">Failed</Badge>,
} as const;

function ResendButton({ id }: { id: string }) {
  const fetcher = useFetcher<PostscriptActionData>();
  return (
    <Button size="slim" loading={fetcher.state !== "idle"} onClick={() => fetcher.submit({ intent: "resend", deliveryId: id }, { method: "post" })}>
      Resend
    </Button>
  );
}

/** PS-4: what happened to the latest events; a failed one shows why and can be resent. */
export function PostscriptDeliveriesCard({ deliveries }: { deliveries: DeliveryView[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Recent events
        </Text>
        {deliveries.length === 0 ? (
          <Text as="p" tone="subdued">
            No events yet.
          </Text>
        ) : (
          deliveries.map((d) => (
            <BlockStack key={d.id} gap="100">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <InlineStack gap="200" blockAlign="center">
                  {BADGES[d.status]}
                  <Text as="span" fontWeight="semibold">
                    {d.eventType}
                  </Text>
                  {d.isTest ? <Badge>Test</Badge> : null}
                </InlineStack>
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" tone="subdued">
                    {`${formatUtc(d.createdAt)} · ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}`}
                  </Text>
                  {d.status === "failed" && !d.isTest ? <ResendButton id={d.id} /> : null}
                </InlineStack>
              </InlineStack>
              {d.lastError ? (
                <Text as="p" tone={d.status === "sent" ? "subdued" : "critical"}>
                  {d.lastError}
                </Text>
              ) : null}
            </BlockStack>
          ))
        )}
      </BlockStack>
    </Card>
  );
}
