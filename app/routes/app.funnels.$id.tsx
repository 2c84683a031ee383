import { appErrorResponse } from "~/lib/http/app-error-response.server";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { requireShop } from "~/shops/shop.server";
import { subscriptionUpgradeAvailability } from "~/shops/beta.server";
import { competingFunnels, createFunnel, deleteFunnels, duplicateFunnel, saveFunnel, upgradeOfferIds } from "~/funnels/funnels.server";
import { loadEditorFunnel } from "~/funnels/editor.server";
import { validateFunnelDraft } from "~/domain/funnel-editor-validation";
import { wellFormedJson } from "~/lib/text";
import { WizardTargetSchema, wizardPath } from "~/funnels/wizard-target";
import { FunnelEditor } from "~/components/funnels/FunnelEditor";
import { FunnelNotFound } from "~/components/funnels/FunnelNotFound";
import type { EditorActionResult } from "~/components/funnels/types";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(session.shop);
  const funnelId = params.id ?? "new";
  const [editor, upgrades, competitors] = await Promise.all([
    loadEditorFunnel({ admin, shopId: shop.id, funnelId, currency: shop.currency }),
    subscriptionUpgradeAvailability(shop),
    competingFunnels(shop.id, funnelId === "new" ? null : funnelId),
  ]);
  if (!editor) throw json({ error: "not_found", message: "This funnel does not exist in your shop. It may have been deleted." }, { status: 404 });
  return json({ ...editor, currency: shop.currency, upgrades, competitors });
};

/** `continueTo`: after saving, open the upgrade wizard there (one flow from a new or changed funnel). */
const SaveSchema = wellFormedJson.pipe(z.object({ intent: z.literal("save"), draft: z.unknown(), continueTo: WizardTargetSchema.optional() }));
const FormSchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("delete") }), z.object({ intent: z.literal("duplicate") })]);

export const action = async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return json({ error: "method_not_allowed", message: "Use POST" }, { status: 405, headers: { Allow: "POST" } });
  const { session, redirect } = await authenticate.admin(request);
  const shop = await requireShop(session.shop);
  const funnelId = params.id ?? "new";
  const isJson = request.headers.get("Content-Type")?.includes("application/json");
  try {
    if (!isJson) {
      const form = FormSchema.safeParse(Object.fromEntries(await request.formData()));
      if (!form.success || funnelId === "new") return json<EditorActionResult>({ ok: false, error: "invalid", message: "Unknown action" }, { status: 400 });
      if (form.data.intent === "delete") {
        await deleteFunnels(shop.id, [funnelId]);
        return redirect("/app/funnels");
      }
      return redirect(`/app/funnels/${(await duplicateFunnel(shop.id, funnelId)).id}`);
    }

    const body = SaveSchema.safeParse(await request.json().catch(() => null));
    if (!body.success) {
      const issue = body.error.issues[0];
      const message = issue?.code === "custom" ? `${issue.path.join(".")}: ${issue.message}` : 'Send the funnel as { intent: "save", draft }';
      return json<EditorActionResult>({ ok: false, error: "invalid", message }, { status: 400 });
    }
    const result = validateFunnelDraft(body.data.draft, { currency: shop.currency });
    if (!result.ok) {
      return json<EditorActionResult>({ ok: false, error: "invalid", message: "Check the highlighted fields.", fieldErrors: result.fieldErrors }, { status: 400 });
    }
    // CONN-5 / BETA-3: a new upgrade offer needs the beta and a verified provider; saved ones may stay.
    const existingUpgrades = funnelId === "new" ? new Set<string>() : await upgradeOfferIds(shop.id, funnelId);
    const addsUpgrade = result.value.offers.some((o) => o.kind === "subscription_upgrade" && !existingUpgrades.has(o.id));
    if (addsUpgrade) {
      const upgrades = await subscriptionUpgradeAvailability(shop);
      if (!upgrades.available) return json<EditorActionResult>({ ok: false, error: "upgrades_unavailable", message: upgrades.message }, { status: 403 });
    }
    const { continueTo } = body.data;
    if (funnelId === "new") {
      const created = await createFunnel(shop.id, result.value);
      return redirect(continueTo ? wizardPath(created.id, continueTo, created.offerIds) : `/app/funnels/${created.id}?saved=1`);
    }
    const saved = await saveFunnel(shop.id, funnelId, result.value);
    if (continueTo) return redirect(wizardPath(saved.id, continueTo, saved.offerIds));
    return json<EditorActionResult>({ ok: true, id: saved.id, offerIds: saved.offerIds });
  } catch (error) {
    const response = appErrorResponse(error);
    if (response) return response;
    throw error;
  }
};

export default function FunnelEditorRoute() {
  const data = useLoaderData<typeof loader>();
  // A fresh mount per saved version: after a save the editor starts clean from the stored funnel.
  return <FunnelEditor key={`${data.funnel?.id ?? "new"}:${data.funnel?.updatedAt ?? ""}`} {...data} />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <FunnelNotFound />;
  return boundary.error(error);
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
