import { Badge, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { STATUS_ORDER, statusLabel, statusTone } from "./labels";
import type { UpgradeFilterValues } from "./types";

/** Counts by status for the current provider and dates; each links to that status. */
export function StatusCounts({ counts, filters }: { counts: Record<string, number>; filters: UpgradeFilterValues }) {
  const href = (status: string) => {
    const params = new URLSearchParams(Object.entries({ ...filters, status }).filter(([, v]) => v !== ""));
    const query = params.toString();
    return `/app/upgrades${query ? `?${query}` : ""}`;
  };
  return (
    <Card>
      <InlineStack gap="400" wrap>
        {STATUS_ORDER.map((status) => (
          <Link key={status} url={href(status)} removeUnderline monochrome>
            <InlineStack gap="100" blockAlign="center">
              <Badge tone={statusTone(status)}>{statusLabel(status)}</Badge>
              <Text as="span" variant="headingSm" numeric>
                {counts[status] ?? 0}
              </Text>
            </InlineStack>
          </Link>
        ))}
      </InlineStack>
    </Card>
  );
}
