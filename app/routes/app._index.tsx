import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link as RemixLink, useLoaderData } from "@remix-run/react";
import { BlockStack, Box, Card, InlineGrid, InlineStack, Layout, Page, Text, Badge, List } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "~/shopify.server";
import { requireShop } from "~/shops/shop.server";
import { loadDashboardStats } from "~/analytics/dashboard.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(session.shop);
  return json({ shop: shop.domain, stats: await loadDashboardStats(shop, new Date()) });
};

function formatMoney(amountMinor: number, currency: string) {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amountMinor / 100);
}

function Stat({ label, value }: { label: string; value: string | number }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="bodySm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function Dashboard() {
  const { stats } = useLoaderData<typeof loader>();
  const conversion = stats.impressions ? `${((stats.acceptances / stats.impressions) * 100).toFixed(1)} %` : "—";
  const revenue = stats.revenue.length ? stats.revenue.map((r) => formatMoney(r.amountMinor, r.currency)).join(" + ") : "—";
  return (
    <Page title="Dashboard">
      <TitleBar title="Uplift" />
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <Stat label="Active funnels" value={`${stats.activeFunnels} of ${stats.totalFunnels}`} />
            <Stat label="Offers shown (30 days)" value={stats.impressions} />
            <Stat label="Accepted (30 days)" value={`${stats.acceptances} · ${conversion}`} />
            <Stat label="Added revenue (30 days)" value={revenue} />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Getting started
              </Text>
              <List type="number">
                <List.Item>
                  <RemixLink to="/app/funnels">Create a funnel</RemixLink>: pick the orders it shows on and the offers
                  shoppers see after checkout.
                </List.Item>
                <List.Item>Activate it. Uplift shows its first offer on the next eligible order.</List.Item>
                {stats.upgradesBeta ? (
                  <List.Item>
                    <RemixLink to="/app/settings/upgrades">Connect your subscription provider</RemixLink> to offer
                    subscription upgrades.{" "}
                    {stats.providerConnected ? <Badge tone="success">Connected</Badge> : <Badge>Not connected</Badge>}
                  </List.Item>
                ) : null}
              </List>
            </BlockStack>
          </Card>
        </Layout.Section>
        {stats.upgradesBeta ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Subscription upgrades
                </Text>
                <InlineStack gap="200">
                  {["queued", "scheduled", "running", "retrying", "succeeded", "failed"].map((status) => (
                    <Box key={status}>
                      <Badge tone={status === "failed" ? "critical" : status === "succeeded" ? "success" : undefined}>
                        {`${status}: ${stats.upgradesByStatus[status] ?? 0}`}
                      </Badge>
                    </Box>
                  ))}
                </InlineStack>
                <RemixLink to="/app/upgrades">See every upgrade</RemixLink>
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
