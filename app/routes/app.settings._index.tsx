import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link as RemixLink, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { requireShop } from "~/shops/shop.server";
import { UPGRADES_BETA_DISABLED_MESSAGE } from "~/shops/beta.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(session.shop);
  // BETA-1: the upgrades section does not exist for a shop without the beta flag.
  return json({ upgradesBeta: shop.subscriptionUpgradesBeta, betaMessage: UPGRADES_BETA_DISABLED_MESSAGE });
};

export default function SettingsIndex() {
  const { upgradesBeta, betaMessage } = useLoaderData<typeof loader>();
  const sections = [
    ...(upgradesBeta
      ? [{ to: "/app/settings/upgrades", title: "Subscription Upgrades", text: "Connect Recharge, Skio or Loop so shoppers can upgrade their subscription after checkout." }]
      : []),
    { to: "/app/settings/postscript", title: "Integrations › Postscript", text: "Send subscription upgrade and upsell events to Postscript SMS flows." },
  ];
  return (
    <Page title="Settings">
      <Layout>
        {sections.map((s) => (
          <Layout.Section key={s.to}>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  <RemixLink to={s.to}>{s.title}</RemixLink>
                </Text>
                <Text as="p" tone="subdued">
                  {s.text}
                </Text>
              </BlockStack>
            </Card>
          </Layout.Section>
        ))}
        {upgradesBeta ? null : (
          // BETA-1: the section stays off, but the merchant learns the feature exists and how to ask.
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Subscription Upgrades
                  </Text>
                  <Badge>Beta</Badge>
                </InlineStack>
                <Text as="p">
                  Let shoppers upgrade the Recharge, Skio or Loop subscription they just bought — a longer plan, a bigger bag —
                  with one click after checkout.
                </Text>
                <Text as="p" tone="subdued">
                  {betaMessage}
                </Text>
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
