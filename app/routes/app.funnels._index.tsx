import { appErrorResponse } from "~/lib/http/app-error-response.server";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useRouteError, useSubmit } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Banner, BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { requireShop } from "~/shops/shop.server";
import { subscriptionUpgradeAvailability } from "~/shops/beta.server";
import { deleteFunnels, duplicateFunnel, listFunnels, moveFunnel, setFunnelsStatus } from "~/funnels/funnels.server";
import { ConfirmDeleteModal } from "~/components/funnels/ConfirmDeleteModal";
import { FunnelsEmptyState } from "~/components/funnels/FunnelsEmptyState";
import { FunnelsTable } from "~/components/funnels/FunnelsTable";
import type { ListActionResult } from "~/components/funnels/types";
import { firstIssue } from "~/domain/zod-issues";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(session.shop);
  const [funnels, upgrades] = await Promise.all([listFunnels(shop.id), subscriptionUpgradeAvailability(shop)]);
  return json({ funnels, upgrades });
};

const Id = z.string().min(1).max(64);
const ListActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("delete"), ids: z.array(Id).min(1, "Select at least one funnel").max(100) }),
  z.object({ intent: z.literal("activate"), ids: z.array(Id).min(1, "Select at least one funnel").max(100) }),
  z.object({ intent: z.literal("deactivate"), ids: z.array(Id).min(1, "Select at least one funnel").max(100) }),
  z.object({ intent: z.literal("duplicate"), id: Id }),
  z.object({ intent: z.literal("move"), id: Id, direction: z.enum(["up", "down"]) }),
]);

const reply = (data: ListActionResult, status = 200) => json<ListActionResult>(data, { status });

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return json({ error: "method_not_allowed", message: "Use POST" }, { status: 405, headers: { Allow: "POST" } });
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(session.shop);
  const form = await request.formData();
  const parsed = ListActionSchema.safeParse({ ...Object.fromEntries(form), ids: form.getAll("ids").map(String) });
  if (!parsed.success) return reply({ ok: false, error: "invalid", message: firstIssue(parsed.error).message }, 400);
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "delete":
        return reply({ ok: true, intent: input.intent, count: await deleteFunnels(shop.id, input.ids) });
      case "activate":
      case "deactivate":
        return reply({ ok: true, intent: input.intent, count: await setFunnelsStatus(shop.id, input.ids, input.intent === "activate" ? "active" : "inactive") });
      case "duplicate":
        return reply({ ok: true, intent: input.intent, count: 1, id: (await duplicateFunnel(shop.id, input.id)).id });
      case "move":
        await moveFunnel(shop.id, input.id, input.direction);
        return reply({ ok: true, intent: input.intent, count: 1 });
    }
  } catch (error) {
    const response = appErrorResponse(error);
    if (response) return response;
    throw error;
  }
};

const DONE: Record<string, (count: number) => string> = {
  delete: (n) => (n === 1 ? "Funnel deleted" : `${n} funnels deleted`),
  activate: (n) => (n === 1 ? "Funnel activated" : `${n} funnels activated`),
  deactivate: (n) => (n === 1 ? "Funnel deactivated" : `${n} funnels deactivated`),
  duplicate: () => "Funnel duplicated as a draft",
};

export default function FunnelsIndex() {
  const { funnels, upgrades } = useLoaderData<typeof loader>();
  const pausedUpgrades = upgrades.available ? [] : funnels.filter((f) => f.status === "active" && f.offerKinds.includes("subscription_upgrade"));
  const result = useActionData<ListActionResult>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const [pendingDelete, setPendingDelete] = useState<string[] | null>(null);

  useEffect(() => {
    if (!result) return;
    if (result.ok) {
      const message = DONE[result.intent];
      if (message) shopify.toast.show(message(result.count));
    } else shopify.toast.show(result.message, { isError: true });
  }, [result, shopify]);

  const post = (fields: Record<string, string | string[]>) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(key, v);
    submit(form, { method: "post" });
  };

  return (
    <Page title="Funnels" primaryAction={{ content: "Create funnel", url: "/app/funnels/new" }}>
      <TitleBar title="Funnels" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="300">
            <Text as="p" tone="subdued">
              Each funnel decides which orders see offers after checkout. When several funnels match an order, the one
              highest in this list fires, and only that one.
            </Text>
            {pausedUpgrades.length > 0 ? (
              // The funnels still look active; say that their upgrade offers are not shown and why.
              <Banner tone="warning" title="Subscription upgrade offers are not shown to shoppers">
                <p>{`${pausedUpgrades.map((f) => `"${f.name}"`).join(", ")} ${pausedUpgrades.length === 1 ? "has" : "have"} upgrade offers, which checkout skips for now. ${upgrades.available ? "" : upgrades.message}`}</p>
              </Banner>
            ) : null}
            {funnels.length === 0 ? (
              <FunnelsEmptyState />
            ) : (
              <Card padding="0">
                <FunnelsTable
                  funnels={funnels}
                  busy={navigation.state !== "idle"}
                  onStatus={(ids, active) => post({ intent: active ? "activate" : "deactivate", ids })}
                  onDelete={(ids) => setPendingDelete(ids)}
                  onDuplicate={(id) => post({ intent: "duplicate", id })}
                  onMove={(id, direction) => post({ intent: "move", id, direction })}
                />
              </Card>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
      <ConfirmDeleteModal
        open={pendingDelete !== null}
        names={funnels.filter((f) => pendingDelete?.includes(f.id)).map((f) => f.name)}
        onCancel={() => setPendingDelete(null)}
        onConfirm={() => {
          if (pendingDelete) post({ intent: "delete", ids: pendingDelete });
          setPendingDelete(null);
        }}
      />
    </Page>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
