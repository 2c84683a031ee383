import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link as RemixLink, useLoaderData } from "@remix-run/react";
import { BlockStack, Box, Card, Icon, InlineGrid, InlineStack, Layout, Page, Text, Badge } from "@shopify/polaris";
import { CheckCircleIcon, CircleChevronRightIcon } from "@shopify/polaris-icons";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "~/shopify.server";
import { requireShop } from "~/shops/shop.server";
import { loadDashboardStats } from "~/analytics/dashboard.server";
import { gettingStartedSteps } from "~/domain/getting-started";
import { UPGRADES_BETA_DISABLED_MESSAGE } from "~/shops/beta.server";
import { STATUS_LABELS, STATUS_ORDER, statusTone } from "~/components/upgrades/labels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(session.shop);
  return json({ shop: shop.domain, stats: await loadDashboardStats(shop, new Date()), betaMessage: UPGRADES_BETA_DISABLED_MESSAGE });
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
  const { stats, betaMessage } = useLoaderData<typeof loader>();
  const steps = gettingStartedSteps(stats);
  const remaining = steps.filter((s) => !s.done).length;
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
              <Text as="p" tone="subdued">
                {remaining === 0 ? "All done." : `${steps.length - remaining} of ${steps.length} done`}
              </Text>
              <BlockStack gap="200">
                {steps.map((step) => (
                  <InlineStack key={step.id} gap="200" blockAlign="start" wrap={false}>
                    <Box>
                      <Icon source={step.done ? CheckCircleIcon : CircleChevronRightIcon} tone={step.done ? "success" : "subdued"} accessibilityLabel={step.done ? "Done" : "To do"} />
                    </Box>
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="semibold" tone={step.done ? "subdued" : undefined}>
                        {step.done ? step.title : <RemixLink to={step.url}>{step.title}</RemixLink>}
                      </Text>
                      <Text as="span" variant="bodySm" tone="subdued">
                        {step.detail}
                      </Text>
                    </BlockStack>
                  </InlineStack>
                ))}
              </BlockStack>
              {stats.upgradesBeta ? null : (
                <Text as="p" variant="bodySm" tone="subdued">
                  {`Subscription upgrades (beta): let shoppers upgrade the subscription they just bought. ${betaMessage}`}
                </Text>
              )}
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
                  {STATUS_ORDER.map((status) => (
                    <Box key={status}>
                      <Badge tone={statusTone(status)}>{`${STATUS_LABELS[status]}: ${stats.upgradesByStatus[status] ?? 0}`}</Badge>
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
