import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link as RemixLink, useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { requireShop } from "~/shops/shop.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(session.shop);
  // BETA-1: the upgrades section does not exist for a shop without the beta flag.
  return json({ upgradesBeta: shop.subscriptionUpgradesBeta });
};

export default function SettingsIndex() {
  const { upgradesBeta } = useLoaderData<typeof loader>();
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
      </Layout>
    </Page>
  );
}
