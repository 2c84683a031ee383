import { DataTable, Text } from "@shopify/polaris";
import type { UpgradeListRow } from "~/upgrades/log.server";
import { STATUS_LABELS } from "~/components/upgrades/labels";
import { attemptsLabel, orderLabel } from "~/components/upgrades/links";
import { NoWrap, Wrap, utcMinute } from "./CellText";

/**
 * Support's read-only view of a shop's upgrades: enough to answer "why did my customer's
 * upgrade fail?" (status, attempts, the error in plain words and the provider's message).
 */
export function ShopUpgradesTable({ rows }: { rows: Array<UpgradeListRow & { lastErrorMessage: string | null }> }) {
  if (rows.length === 0) {
    return (
      <Text as="p" tone="subdued">
        No upgrades accepted yet.
      </Text>
    );
  }
  return (
    <DataTable
      columnContentTypes={["text", "text", "text", "text", "text", "text"]}
      headings={["Accepted", "Order", "Status", "Requested", "Attempts", "Error"]}
      rows={rows.map((row) => [
        <NoWrap key="at">{utcMinute(row.createdAt)}</NoWrap>,
        <NoWrap key="order">{`${orderLabel(row)}${row.customerName ? ` · ${row.customerName}` : ""}`}</NoWrap>,
        <NoWrap key="status">{`${STATUS_LABELS[row.status] ?? row.status} · ${row.providerLabel}`}</NoWrap>,
        <Wrap key="requested">{row.requested}</Wrap>,
        <NoWrap key="attempts">{attemptsLabel(row)}</NoWrap>,
        <Wrap key="error" width="22rem">
          {row.lastError ? `${row.lastError.title}${row.lastErrorMessage ? ` — ${row.lastErrorMessage}` : ""}` : ""}
        </Wrap>,
      ])}
    />
  );
}
