import type { ReactNode } from "react";
import { Banner, BlockStack, Card, InlineGrid, Link, Text } from "@shopify/polaris";
import { UpgradeStatusBadge } from "./UpgradeStatusBadge";
import { formatDate, formatDateTime } from "./labels";
import { attemptsLabel, orderAdminUrl, orderLabel, providerDashboardUrl } from "./links";
import type { UpgradeDetailData } from "./types";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <BlockStack gap="050">
      <Text as="dt" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="dd">{children}</Text>
    </BlockStack>
  );
}

function ProviderSubscription({ provider, label, subscriptionId }: { provider: string; label: string; subscriptionId: string | null }) {
  if (!subscriptionId) return <>Not found yet</>;
  const dashboard = providerDashboardUrl(provider);
  return (
    <>
      {`Subscription ${subscriptionId}`}
      {dashboard ? (
        <>
          {" · "}
          <Link url={dashboard} target="_blank">{`Open ${label}`}</Link>
        </>
      ) : null}
    </>
  );
}

/** The upgrade at a glance: what was asked, for whom, where it stands. */
export function UpgradeSummaryCard({ upgrade }: { upgrade: UpgradeDetailData }) {
  return (
    <Card>
      <BlockStack gap="400">
        {upgrade.status === "failed" && upgrade.lastError ? (
          <Banner tone="critical" title={upgrade.lastError.title}>
            <p>{upgrade.lastError.advice}</p>
          </Banner>
        ) : null}
        {upgrade.status === "scheduled" && upgrade.scheduledFor ? (
          <Banner tone="info" title={`Scheduled for the end of the current cycle`}>
            <p>{`The subscription's next charge is on ${formatDate(upgrade.scheduledFor)}; Uplift applies the change just before it.`}</p>
          </Banner>
        ) : null}
        <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
          <Fact label="Status">
            <UpgradeStatusBadge status={upgrade.status} />
          </Fact>
          <Fact label="Requested">{upgrade.requested}</Fact>
          <Fact label="Provider">{upgrade.providerLabel}</Fact>
          <Fact label="Order">
            {upgrade.orderId ? (
              <Link url={orderAdminUrl(upgrade.orderId)} target="_top">
                {`${orderLabel(upgrade)} in Shopify admin`}
              </Link>
            ) : (
              orderLabel(upgrade)
            )}
          </Fact>
          <Fact label="Customer">{upgrade.customerName ?? "—"}</Fact>
          <Fact label="Accepted">{formatDateTime(upgrade.createdAt)}</Fact>
          <Fact label="Attempts">{attemptsLabel(upgrade)}</Fact>
          <Fact label={upgrade.status === "succeeded" || upgrade.status === "failed" ? "Finished" : "Next try"}>
            {upgrade.status === "succeeded" || upgrade.status === "failed" ? formatDateTime(upgrade.completedAt) : formatDateTime(upgrade.nextAttemptAt)}
          </Fact>
          <Fact label={`Subscription in ${upgrade.providerLabel}`}>
            <ProviderSubscription provider={upgrade.provider} label={upgrade.providerLabel} subscriptionId={upgrade.providerSubscriptionId} />
          </Fact>
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}
