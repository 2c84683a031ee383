import { Card, EmptyState, Page } from "@shopify/polaris";

/** OPS-2: another shop's funnel id looks exactly like one that does not exist. */
export function FunnelNotFound() {
  return (
    <Page title="Funnel not found" backAction={{ content: "Funnels", url: "/app/funnels" }}>
      <Card>
        <EmptyState heading="This funnel does not exist" action={{ content: "Back to funnels", url: "/app/funnels" }} image="">
          <p>It may have been deleted. Pick a funnel from the list or create a new one.</p>
        </EmptyState>
      </Card>
    </Page>
  );
}
