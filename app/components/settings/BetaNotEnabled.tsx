import { isRouteErrorResponse } from "@remix-run/react";
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

/**
 * BETA-3: a beta gate's 403 (thrown by requireUpgradesBeta) as the friendly page above, for
 * a route's ErrorBoundary; null for any other error.
 */
export function betaGatePage(error: unknown) {
  if (isRouteErrorResponse(error) && error.status === 403 && typeof error.data?.message === "string") {
    return <BetaNotEnabled message={error.data.message} />;
  }
  return null;
}
