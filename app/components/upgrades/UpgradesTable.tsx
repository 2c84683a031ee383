import { BlockStack, Card, EmptyState, IndexTable, Link, Text } from "@shopify/polaris";
import { UpgradeStatusBadge } from "./UpgradeStatusBadge";
import { formatDate, formatDateTime } from "./labels";
import { attemptsLabel, orderLabel } from "./links";
import type { UpgradeRowData } from "./types";

function nextStep(row: UpgradeRowData): string {
  if (row.status === "scheduled" && row.scheduledFor) return `Next charge ${formatDate(row.scheduledFor)}`;
  if ((row.status === "retrying" || row.status === "queued") && row.nextAttemptAt) return `Next try ${formatDateTime(row.nextAttemptAt)}`;
  return "";
}

/** IndexTable cells never wrap; long sentences get a bounded, wrapping block instead of a sideways scroll. */
function Wrapping({ children }: { children: React.ReactNode }) {
  return <div style={{ whiteSpace: "normal", minWidth: "12rem", maxWidth: "22rem" }}>{children}</div>;
}

/**
 * JOB-5: every upgrade. IndexTable conventions: the order (linking to the upgrade) first,
 * the status right after it, so both stay on screen at 1280 px.
 */
export function UpgradesTable({ rows }: { rows: UpgradeRowData[] }) {
  if (rows.length === 0) {
    return (
      <Card>
        <EmptyState heading="No upgrades here" image="">
          <p>Accepted subscription upgrades show up here as soon as the shopper accepts the offer.</p>
        </EmptyState>
      </Card>
    );
  }
  return (
    <Card padding="0">
      <IndexTable
        resourceName={{ singular: "upgrade", plural: "upgrades" }}
        itemCount={rows.length}
        selectable={false}
        headings={[{ title: "Order" }, { title: "Status" }, { title: "Customer" }, { title: "Requested" }, { title: "Attempts" }, { title: "Last error" }]}
      >
        {rows.map((row, index) => (
          <IndexTable.Row id={row.id} key={row.id} position={index}>
            <IndexTable.Cell>
              <BlockStack gap="050">
                <Link url={`/app/upgrades/${row.id}`} dataPrimaryLink monochrome removeUnderline>
                  <Text as="span" fontWeight="semibold">
                    {orderLabel(row)}
                  </Text>
                </Link>
                <Text as="span" variant="bodySm" tone="subdued">
                  {`${formatDateTime(row.createdAt)} · ${row.providerLabel}`}
                </Text>
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <BlockStack gap="100">
                <UpgradeStatusBadge status={row.status} />
                <Text as="span" variant="bodySm" tone="subdued">
                  {nextStep(row)}
                </Text>
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>{row.customerName ?? "—"}</IndexTable.Cell>
            <IndexTable.Cell>
              <Wrapping>
                <Text as="span" variant="bodySm">
                  {row.requested}
                </Text>
              </Wrapping>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" numeric>
                {attemptsLabel(row)}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Wrapping>
                <Text as="span" variant="bodySm" tone={row.status === "failed" ? "critical" : "subdued"}>
                  {row.lastError?.title ?? ""}
                </Text>
              </Wrapping>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}
