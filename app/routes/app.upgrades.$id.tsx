import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { withAppErrors } from "~/lib/http/app-error-response.server";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, useActionData, useLoaderData, useNavigation, useRouteError, useSubmit } from "@remix-run/react";
import { useEffect } from "react";
import { useLiveRevalidation } from "~/components/upgrades/useLiveRevalidation";
import { isLive } from "~/components/upgrades/links";
import { Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { requireShop } from "~/shops/shop.server";
import { requireUpgradesBeta } from "~/shops/beta.server";
import { loadUpgradeDetail } from "~/upgrades/log.server";
import { merchantActor } from "~/upgrades/merchant-actor.server";
import { UpgradeNotFoundError, UpgradeNotRetryableError, retryUpgrade } from "~/upgrades/retry.server";
import { betaGatePage } from "~/components/settings/BetaNotEnabled";
import { AttemptTimeline } from "~/components/upgrades/AttemptTimeline";
import { UpgradeSummaryCard } from "~/components/upgrades/UpgradeSummaryCard";
import type { RetryActionData } from "~/components/upgrades/types";

const IdSchema = z.string().min(1).max(64);

async function authorise(request: Request) {
  const context = await authenticate.admin(request);
  const shop = await requireShop(context.session.shop);
  requireUpgradesBeta(shop);
  return { shop, actor: merchantActor(shop.domain, context) };
}

const notFound = () => json({ error: "not_found", message: "There is no such upgrade in this shop." }, { status: 404 });

/** JOB-5: one upgrade with its attempt timeline. */
export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, actor } = await authorise(request);
  const id = IdSchema.safeParse(params.id);
  const upgrade = id.success ? await loadUpgradeDetail(shop.id, id.data, actor) : null;
  if (!upgrade) throw notFound();
  return json({ upgrade });
});

const ActionSchema = z.object({ intent: z.literal("retry") });

/** "Retry now" on a failed upgrade (a fresh budget of three attempts) or a retrying one (its next attempt now), audited. */
export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return json({ error: "method_not_allowed", message: "Use POST" }, { status: 405, headers: { Allow: "POST" } });
  const { shop, actor } = await authorise(request);
  const id = IdSchema.safeParse(params.id);
  if (!id.success) return notFound();
  const input = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!input.success) return json<RetryActionData>({ ok: false, message: "Unknown action." }, { status: 400 });
  try {
    await retryUpgrade({ shop, id: id.data, actor });
    return json<RetryActionData>({ ok: true, message: "Retrying now" });
  } catch (error) {
    if (error instanceof UpgradeNotFoundError) return notFound();
    if (error instanceof UpgradeNotRetryableError) return json<RetryActionData>({ ok: false, message: error.message }, { status: 409 });
    throw error;
  }
});

export default function UpgradeDetailPage() {
  const { upgrade } = useLoaderData<typeof loader>();
  const result = useActionData<RetryActionData>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const busy = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "POST";

  useEffect(() => {
    if (result?.ok) shopify.toast.show(result.message);
  }, [result, shopify]);
  // JOB-5: while the worker moves it along, the page follows without a reload.
  useLiveRevalidation(isLive(upgrade.status));

  return (
    <Page
      title={upgrade.orderName ? `Upgrade for order ${upgrade.orderName}` : "Upgrade"}
      backAction={{ content: "Upgrades", url: "/app/upgrades" }}
      primaryAction={upgrade.canRetry ? { content: "Retry now", loading: busy, onAction: () => submit({ intent: "retry" }, { method: "post" }) } : undefined}
    >
      <TitleBar title="Upgrade" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {/* A refusal is about the status at the time; once the status moves on it is stale. */}
            {result && !result.ok && !upgrade.canRetry ? <Banner tone="warning" title={result.message} /> : null}
            <UpgradeSummaryCard upgrade={upgrade} />
            <AttemptTimeline entries={upgrade.timeline} />
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
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page title="Upgrade not found" backAction={{ content: "Upgrades", url: "/app/upgrades" }}>
        <Banner tone="warning" title="There is no such upgrade in this shop." />
      </Page>
    );
  }
  return boundary.error(error);
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
