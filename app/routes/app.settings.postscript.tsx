import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { statusOf } from "~/lib/http/error-status";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useRouteError } from "@remix-run/react";
import { BlockStack, Button, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { requireShop } from "~/shops/shop.server";
import {
  PostscriptKeyCheckError,
  PostscriptKeyRequiredError,
  SaveSettingsSchema,
  disconnectPostscript,
  loadPostscriptSettings,
  savePostscriptSettings,
} from "~/integrations/postscript/connection.server";
import { DeliveryNotFoundError, listRecentDeliveries, resendDelivery } from "~/integrations/postscript/deliveries.server";
import { POSTSCRIPT_EVENTS, PostscriptEventTypeSchema } from "~/integrations/postscript/event-types";
import { sendTestEvent } from "~/integrations/postscript/send-test.server";
import { PostscriptDeliveriesCard } from "~/components/postscript/PostscriptDeliveriesCard";
import { PostscriptSettingsForm } from "~/components/postscript/PostscriptSettingsForm";
import type { PostscriptActionData } from "~/components/postscript/types";

async function authorise(request: Request) {
  const context = await authenticate.admin(request);
  const shop = await requireShop(context.session.shop);
  const user = "sessionToken" in context && context.sessionToken?.sub ? ` (user ${context.sessionToken.sub})` : "";
  return { shop, actor: `merchant:${shop.domain}${user}` };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authorise(request);
  const [settings, deliveries] = await Promise.all([loadPostscriptSettings(shop.id), listRecentDeliveries(shop.id)]);
  return json({ settings, events: POSTSCRIPT_EVENTS, deliveries });
};

const ActionSchema = z.discriminatedUnion("intent", [
  SaveSettingsSchema.extend({ intent: z.literal("save") }),
  z.object({ intent: z.literal("disconnect") }),
  z.object({ intent: z.literal("sendTest"), type: PostscriptEventTypeSchema }),
  z.object({ intent: z.literal("resend"), deliveryId: z.string().min(1).max(64) }),
]);

/** Form fields → the action's input: "events" repeats; an empty key means "keep the saved one". */
function readForm(form: FormData): Record<string, unknown> {
  const fields: Record<string, unknown> = Object.fromEntries(form);
  if (fields.intent === "save") {
    fields.enabled = fields.enabled === "true" || fields.enabled === "on";
    fields.events = form.getAll("events");
    if (typeof fields.apiKey === "string" && fields.apiKey.trim() === "") delete fields.apiKey;
  }
  return fields;
}

const reply = (data: PostscriptActionData, status = 200) => json<PostscriptActionData>(data, { status });

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return json({ error: "Method not allowed" }, { status: 405, headers: { Allow: "POST" } });
  const { shop, actor } = await authorise(request);
  const parsed = ActionSchema.safeParse(readForm(await request.formData()));
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    return reply({ intent: "invalid", error: "Check the highlighted fields.", fieldErrors }, 400);
  }
  const input = parsed.data;
  switch (input.intent) {
    case "save":
      try {
        const { intent: _intent, ...settings } = input;
        return reply({ intent: "save", ok: true, settings: await savePostscriptSettings({ shop, settings, actor }) });
      } catch (error) {
        if (error instanceof PostscriptKeyCheckError) {
          return reply({ intent: "save", ok: false, error: error.message, checkState: error.check.state }, statusOf(error.kind));
        }
        if (error instanceof PostscriptKeyRequiredError) {
          return reply({ intent: "save", ok: false, error: error.message, fieldErrors: { apiKey: error.message } }, statusOf(error.kind));
        }
        throw error;
      }
    case "disconnect":
      await disconnectPostscript({ shop, actor });
      return reply({ intent: "disconnect", ok: true });
    case "sendTest":
      return reply({ intent: "sendTest", result: await sendTestEvent({ shop, type: input.type }) });
    case "resend":
      try {
        await resendDelivery({ shopId: shop.id, deliveryId: input.deliveryId });
        return reply({ intent: "resend", ok: true });
      } catch (error) {
        if (error instanceof DeliveryNotFoundError) return reply({ intent: "invalid", error: error.message, fieldErrors: {} }, statusOf(error.kind));
        throw error;
      }
  }
};

export default function PostscriptSettings() {
  const { settings, events, deliveries } = useLoaderData<typeof loader>();
  const shopify = useAppBridge();
  const disconnect = useFetcher<PostscriptActionData>();
  return (
    <Page title="Postscript" backAction={{ content: "Settings", url: "/app/settings" }}>
      <TitleBar title="Postscript" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              Send subscription upgrade and upsell events to Postscript, and use them as triggers in your SMS flows.
              Events are queued and retried, so they never slow down checkout or an upgrade.
            </Text>
            <PostscriptSettingsForm
              settings={settings}
              events={events}
              onSaved={(message) => shopify.toast.show(message)}
            />
            {settings ? (
              <div>
                <Button
                  tone="critical"
                  variant="plain"
                  loading={disconnect.state !== "idle"}
                  onClick={() => disconnect.submit({ intent: "disconnect" }, { method: "post" })}
                >
                  Disconnect Postscript
                </Button>
              </div>
            ) : null}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <PostscriptDeliveriesCard deliveries={deliveries} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
