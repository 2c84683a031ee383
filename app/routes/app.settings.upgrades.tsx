import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { withAppErrors } from "~/lib/http/app-error-response.server";
import { statusOf } from "~/lib/http/error-status";
import { json } from "@remix-run/node";
import { useState } from "react";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { BlockStack, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { requireShop } from "~/shops/shop.server";
import { requireUpgradesBeta } from "~/shops/beta.server";
import {
  ConnectionTestRequiredError,
  TokenSchema,
  disconnectProvider,
  loadConnectionView,
  saveProviderConnection,
} from "~/upgrades/connection/provider-connection.server";
import { ConnectionNotFoundError, retestSavedConnection, testProviderToken } from "~/upgrades/connection/token-test.server";
import { ProviderNameSchema } from "~/providers/types";
import { betaGatePage } from "~/components/settings/BetaNotEnabled";
import { ProviderConnectionForm } from "~/components/settings/ProviderConnectionForm";
import { ProviderHelpCard } from "~/components/settings/ProviderHelpCard";
import { SavedConnectionCard } from "~/components/settings/SavedConnectionCard";
import { UnsupportedProvidersCard } from "~/components/settings/UnsupportedProvidersCard";
import type { UpgradesActionData } from "~/components/settings/types";
import { merchantActor } from "~/upgrades/merchant-actor.server";
import { resumeUpgradesPausedByKey } from "~/upgrades/retry.server";
import type { ProviderChoice } from "~/components/settings/provider-options";
import { firstIssue } from "~/domain/zod-issues";

/** Every request: a merchant of a shop with the beta on (BETA-1/BETA-3), or a 403. */
async function authorise(request: Request) {
  const context = await authenticate.admin(request);
  const shop = await requireShop(context.session.shop);
  requireUpgradesBeta(shop);
  return { shop, actor: merchantActor(shop.domain, context) };
}

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authorise(request);
  return json({ connection: await loadConnectionView(shop.id) });
});

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("test"), provider: ProviderNameSchema, token: TokenSchema }),
  // Provider "None" needs no token: Save then removes the connection.
  z
    .object({
      intent: z.literal("save"),
      provider: z.union([z.literal("none"), ProviderNameSchema]),
      token: z.string().optional(),
      proof: z.string().max(200).optional(),
    })
    .superRefine((input, ctx) => {
      if (input.provider === "none") return;
      const token = TokenSchema.safeParse(input.token ?? "");
      if (!token.success) ctx.addIssue({ code: "custom", path: ["token"], message: firstIssue(token.error).message });
    }),
  z.object({ intent: z.literal("retest") }),
  z.object({ intent: z.literal("disconnect") }),
]);

const reply = (data: UpgradesActionData, status = 200) => json<UpgradesActionData>(data, { status });

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return json({ error: "Method not allowed" }, { status: 405, headers: { Allow: "POST" } });
  const { shop, actor } = await authorise(request);
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "form", i.message]));
    return reply({ intent: "invalid", error: "Check the highlighted fields.", fieldErrors }, 400);
  }
  const input = parsed.data;
  switch (input.intent) {
    case "test":
      return reply({ intent: "test", outcome: await testProviderToken({ shop, provider: input.provider, token: input.token }) });
    case "save":
      if (input.provider === "none") {
        await disconnectProvider({ shop, actor });
        return reply({ intent: "save", ok: true, connection: null });
      }
      try {
        const token = TokenSchema.parse(input.token);
        const connection = await saveProviderConnection({ shop, provider: input.provider, token, proof: input.proof, actor });
        // CONN-6: upgrades the broken key stopped carry on by themselves once a tested key is saved.
        return reply({ intent: "save", ok: true, connection, resumed: await resumeUpgradesPausedByKey(shop) });
      } catch (error) {
        if (error instanceof ConnectionTestRequiredError) return reply({ intent: "save", ok: false, error: error.message }, statusOf(error.kind));
        throw error;
      }
    case "retest":
      try {
        const retest = await retestSavedConnection({ shop, actor });
        const resumed = retest.connection.testState === "valid" ? await resumeUpgradesPausedByKey(shop) : 0;
        return reply({ intent: "retest", ...retest, resumed });
      } catch (error) {
        if (error instanceof ConnectionNotFoundError) return reply({ intent: "invalid", error: error.message, fieldErrors: {} }, statusOf(error.kind));
        throw error;
      }
    case "disconnect":
      await disconnectProvider({ shop, actor });
      return reply({ intent: "disconnect", ok: true });
  }
});

export default function SubscriptionUpgradesSettings() {
  const { connection } = useLoaderData<typeof loader>();
  const shopify = useAppBridge();
  const [provider, setProvider] = useState<ProviderChoice>(connection?.provider ?? "none");
  return (
    <Page title="Subscription Upgrades" backAction={{ content: "Settings", url: "/app/settings" }}>
      <TitleBar title="Subscription Upgrades" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              Connect the app that runs your subscriptions. When a shopper accepts an upgrade offer after checkout, Uplift
              changes their existing subscription through it. Upgrades work with Recharge, Skio and Loop.
            </Text>
            {/* A new connection is a new card: nothing from the previous provider's tests carries over. */}
            {connection ? <SavedConnectionCard key={`${connection.provider}:${connection.tokenMasked}`} connection={connection} /> : null}
            <ProviderConnectionForm
              connection={connection}
              provider={provider}
              onProviderChange={setProvider}
              onSaved={(message) => shopify.toast.show(message)}
            />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            {provider !== "none" ? <ProviderHelpCard provider={provider} /> : null}
            <UnsupportedProvidersCard />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

// BETA-3: the beta gate's 403 becomes a friendly page; anything else goes to Shopify's boundary.
export function ErrorBoundary() {
  const error = useRouteError();
  const gate = betaGatePage(error);
  if (gate) return gate;
  return boundary.error(error);
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
