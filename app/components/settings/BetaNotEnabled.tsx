import { Banner, Card, Layout, Page, Text, BlockStack } from "@shopify/polaris";

/** BETA-1/BETA-3: what a merchant sees on a beta-only page while the beta is off for the shop. */
export function BetaNotEnabled({ message }: { message: string }) {
  return (
    <Page title="Subscription upgrades" backAction={{ content: "Settings", url: "/app/settings" }}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Banner tone="info" title="Not enabled for this shop">
                <p>{message}</p>
              </Banner>
              <Text as="p" tone="subdued">
                Subscription upsells (adding a new subscription after checkout) work without the beta and with any
                subscription app.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
