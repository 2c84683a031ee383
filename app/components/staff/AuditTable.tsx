import { DataTable, Link, Text } from "@shopify/polaris";
import { NoWrap, Wrap, utcMinute } from "./CellText";

export interface AuditRow {
  id: string;
  createdAt: string;
  actor: string;
  shopId: string | null;
  shopDomain: string | null;
  action: string;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
}

/** BETA-2: who, when, shop, old → new, why. */
export function AuditTable({ entries, showShop = true }: { entries: AuditRow[]; showShop?: boolean }) {
  if (entries.length === 0) {
    return (
      <Text as="p" tone="subdued">
        No audit entries yet.
      </Text>
    );
  }
  const rows = entries.map((e) => [
    <NoWrap key="when">{utcMinute(e.createdAt)}</NoWrap>,
    <Wrap key="who" width="14rem">{e.actor}</Wrap>,
    ...(showShop ? [e.shopId && e.shopDomain ? <Link key={e.id} url={`/support/shops/${e.shopId}`}>{e.shopDomain}</Link> : e.shopDomain ?? "—"] : []),
    <Wrap key="action" width="12rem">{e.action}</Wrap>,
    <Wrap key="change">{e.oldValue !== null || e.newValue !== null ? `${e.oldValue ?? "∅"} → ${e.newValue ?? "∅"}` : ""}</Wrap>,
    <Wrap key="reason">{e.reason ?? ""}</Wrap>,
  ]);
  return (
    <DataTable
      columnContentTypes={showShop ? ["text", "text", "text", "text", "text", "text"] : ["text", "text", "text", "text", "text"]}
      headings={["When", "Who", ...(showShop ? ["Shop"] : []), "Action", "Change", "Reason"]}
      rows={rows}
    />
  );
}
