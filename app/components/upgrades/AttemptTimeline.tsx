import { Badge, BlockStack, Box, Card, Divider, InlineStack, Text } from "@shopify/polaris";
import { OUTCOME_LABELS, formatDateTime, formatDuration } from "./labels";
import type { TimelineEntryData } from "./types";

function AttemptEntry({ entry }: { entry: TimelineEntryData }) {
  const outcome = OUTCOME_LABELS[entry.outcome ?? ""] ?? { label: entry.outcome ?? "", tone: undefined };
  return (
    <BlockStack gap="150">
      <InlineStack gap="200" blockAlign="center">
        {/* "of 3" only matters while attempts can still run out. */}
        <Text as="h3" variant="headingSm">
          {entry.outcome === "succeeded" || entry.outcome === "already_applied" ? `Attempt ${entry.number}` : `Attempt ${entry.number} of 3`}
        </Text>
        <Badge tone={outcome.tone}>{outcome.label}</Badge>
        <Text as="span" variant="bodySm" tone="subdued">
          {formatDateTime(entry.at)}
          {entry.durationMs != null ? ` · took ${formatDuration(entry.durationMs)}` : ""}
        </Text>
      </InlineStack>
      {entry.error ? (
        <BlockStack gap="100">
          <Text as="p" fontWeight="semibold" tone={entry.outcome === "failed" ? "critical" : undefined}>
            {entry.error.title}
          </Text>
          <Text as="p">{entry.error.advice}</Text>
          {entry.error.message ? (
            <Text as="p" variant="bodySm" tone="subdued">
              {entry.error.message}
            </Text>
          ) : null}
        </BlockStack>
      ) : null}
      {entry.providerSummary ? (
        <Text as="p" variant="bodySm" tone="subdued">
          {entry.providerSummary}
        </Text>
      ) : null}
    </BlockStack>
  );
}

/** Every attempt, oldest first, with each error in plain language; manual retries in between. */
export function AttemptTimeline({ entries }: { entries: TimelineEntryData[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Attempts
        </Text>
        {entries.length === 0 ? (
          <Text as="p" tone="subdued">
            No attempt yet.
          </Text>
        ) : null}
        {entries.map((entry, index) => (
          <Box key={`${entry.kind}-${entry.at}-${index}`}>
            {index > 0 ? <Divider /> : null}
            <Box paddingBlockStart={index > 0 ? "300" : "0"}>
              {entry.kind === "retried" ? (
                <Text as="p" tone="subdued">{`Retried now by ${entry.actor ?? "a staff member"} on ${formatDateTime(entry.at)}.`}</Text>
              ) : (
                <AttemptEntry entry={entry} />
              )}
            </Box>
          </Box>
        ))}
      </BlockStack>
    </Card>
  );
}
