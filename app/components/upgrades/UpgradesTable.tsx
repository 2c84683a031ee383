import { BlockStack, Card, EmptyState, IndexTable, Link, Text } from "@shopify/polaris";
import { UpgradeStatusBadge } from "./UpgradeStatusBadge";
import { formatDate, formatDateTime } from "./labels";
import type { UpgradeRowData } from "./types";

function nextStep(row: UpgradeRowData): string {
  if (row.status === "scheduled" && row.scheduledFor) return `Next charge ${formatDate(row.scheduledFor)}`;
  if ((row.status === "retrying" || row.status === "queued") && row.nextAttemptAt) return `Next try ${formatDateTime(row.nextAttemptAt)}`;
  return "";
}

/** JOB-5: every upgrade with order, customer, what was requested, status, attempts and the last error. */
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
        headings={[
          { title: "Accepted" },
          { title: "Order" },
          { title: "Customer" },
          { title: "Provider" },
          { title: "Requested" },
          { title: "Status" },
          { title: "Attempts" },
          { title: "Last error" },
        ]}
      >
        {rows.map((row, index) => (
          <IndexTable.Row id={row.id} key={row.id} position={index}>
            <IndexTable.Cell>
              <Link url={`/app/upgrades/${row.id}`} dataPrimaryLink monochrome removeUnderline>
                <Text as="span" fontWeight="semibold">
                  {formatDateTime(row.createdAt)}
                </Text>
              </Link>
            </IndexTable.Cell>
            <IndexTable.Cell>{row.orderId ? `Order ${row.orderId}` : "Waiting for Shopify"}</IndexTable.Cell>
            <IndexTable.Cell>{row.customerName ?? "—"}</IndexTable.Cell>
            <IndexTable.Cell>{row.providerLabel}</IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" variant="bodySm">
                {row.requested}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <BlockStack gap="100">
                <UpgradeStatusBadge status={row.status} />
                <Text as="span" variant="bodySm" tone="subdued">
                  {nextStep(row)}
                </Text>
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" numeric>{`${row.attemptsUsed} of ${row.maxAttempts}`}</Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" variant="bodySm" tone={row.status === "failed" ? "critical" : "subdued"}>
                {row.lastError?.title ?? ""}
              </Text>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}
