import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { withAppErrors } from "~/lib/http/app-error-response.server";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, useActionData, useLoaderData, useNavigation, useRouteError, useSubmit } from "@remix-run/react";
import { useEffect } from "react";
import { BlockStack, InlineStack, Layout, Page, Pagination, Text } from "@shopify/polaris";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { z } from "zod";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "~/shopify.server";
import { requireShop } from "~/shops/shop.server";
import { requireUpgradesBeta } from "~/shops/beta.server";
import { UpgradeFiltersSchema, listUpgrades } from "~/upgrades/log.server";
import { merchantActor } from "~/upgrades/merchant-actor.server";
import { retryFailedUpgrades } from "~/upgrades/retry.server";
import { isLive } from "~/components/upgrades/links";
import { useLiveRevalidation } from "~/components/upgrades/useLiveRevalidation";
import type { RetryActionData } from "~/components/upgrades/types";
import { betaGatePage } from "~/components/settings/BetaNotEnabled";
import { StatusCounts } from "~/components/upgrades/StatusCounts";
import { UpgradeFilters } from "~/components/upgrades/UpgradeFilters";
import { UpgradesTable } from "~/components/upgrades/UpgradesTable";

/** JOB-5: the upgrade log, filtered by status, provider and acceptance date (UTC days). */
export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(session.shop);
  requireUpgradesBeta(shop);
  const params = new URL(request.url).searchParams;
  const raw = { status: params.get("status") ?? "", provider: params.get("provider") ?? "", from: params.get("from") ?? "", to: params.get("to") ?? "" };
  const parsed = UpgradeFiltersSchema.safeParse({ ...raw, page: params.get("page") ?? "" });
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "filters", i.message]));
    throw json({ error: "invalid_filters", message: "Check the filters.", fieldErrors }, { status: 400 });
  }
  return json({ filters: raw, list: await listUpgrades(shop.id, parsed.data) });
});

const BulkActionSchema = z.object({ intent: z.literal("retry_failed") });

/** "Retry all failed" (JOB-5): every failed upgrade of the shop gets Retry now, audited one by one. */
export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return json({ error: "method_not_allowed", message: "Use POST" }, { status: 405, headers: { Allow: "POST" } });
  const context = await authenticate.admin(request);
  const shop = await requireShop(context.session.shop);
  requireUpgradesBeta(shop);
  const input = BulkActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!input.success) return json<RetryActionData>({ ok: false, message: 'Unknown action: send intent "retry_failed".' }, { status: 400 });
  const count = await retryFailedUpgrades({ shop, actor: merchantActor(shop.domain, context) });
  return json<RetryActionData>({ ok: true, message: count === 0 ? "No failed upgrades to retry" : `Retrying ${count} failed ${count === 1 ? "upgrade" : "upgrades"}` });
};

export default function UpgradesIndex() {
  const { filters, list } = useLoaderData<typeof loader>();
  const result = useActionData<RetryActionData>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const busy = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "POST";
  useEffect(() => {
    if (result) shopify.toast.show(result.message, { isError: !result.ok });
  }, [result, shopify]);
  useLiveRevalidation(list.rows.some((row) => isLive(row.status)));
  const pageUrl = (page: number) => {
    const query = new URLSearchParams(Object.entries({ ...filters, page: String(page) }).filter(([, v]) => v !== ""));
    return `/app/upgrades?${query.toString()}`;
  };
  return (
    <Page
      title="Subscription upgrades"
      subtitle="Every accepted upgrade and what your provider answered"
      primaryAction={
        list.counts.failed > 0
          ? { content: `Retry all failed (${list.counts.failed})`, loading: busy, onAction: () => submit({ intent: "retry_failed" }, { method: "post" }) }
          : undefined
      }
    >
      <TitleBar title="Upgrades" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <StatusCounts counts={list.counts} filters={filters} />
            <UpgradeFilters initial={filters} />
            <UpgradesTable rows={list.rows} />
            {list.page > 1 || list.hasNext ? (
              <InlineStack align="center">
                <Pagination
                  hasPrevious={list.page > 1}
                  previousURL={pageUrl(list.page - 1)}
                  hasNext={list.hasNext}
                  nextURL={pageUrl(list.page + 1)}
                  label={<Text as="span">{`Page ${list.page}`}</Text>}
                />
              </InlineStack>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const gate = betaGatePage(error);
  if (gate) return gate;
  if (isRouteErrorResponse(error) && error.status === 400) {
    return (
      <Page title="Subscription upgrades" backAction={{ content: "Upgrades", url: "/app/upgrades" }}>
        <UpgradeFilters initial={{ status: "", provider: "", from: "", to: "" }} error={Object.values(error.data?.fieldErrors ?? {}).join(" ")} />
      </Page>
    );
  }
  return boundary.error(error);
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
