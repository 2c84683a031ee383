import { appErrorResponse } from "~/lib/http/app-error-response.server";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import type { Shop } from "@prisma/client";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { requireShop } from "~/shops/shop.server";
import { subscriptionUpgradeAvailability } from "~/shops/beta.server";
import { loadConnectionView } from "~/upgrades/connection/provider-connection.server";
import { loadProviderPlans, saveUpgradeOffer, startWizard } from "~/funnels/upgrade-wizard.server";
import { createOfferProductFromForm } from "~/funnels/offer-product.server";
import { type WizardProvider } from "~/domain/wizard-validation";
import { UpgradePlacementSchema, WizardStateSchema } from "~/domain/wizard-draft";
import { wellFormedJson } from "~/lib/text";
import { betaGatePage } from "~/components/settings/BetaNotEnabled";
import { FunnelNotFound } from "~/components/funnels/FunnelNotFound";
import { UpgradeWizard } from "~/components/wizard/UpgradeWizard";
import type { WizardActionResult } from "~/components/wizard/types";
import { firstIssue } from "~/domain/zod-issues";

/** CONN-5 / BETA-3: the wizard exists only with the beta on and a verified provider; else a clear 403. */
async function requireUpgrades(shop: Shop): Promise<WizardProvider> {
  const upgrades = await subscriptionUpgradeAvailability(shop);
  const connection = upgrades.available ? await loadConnectionView(shop.id) : null;
  if (!upgrades.available || !connection) {
    throw json({ error: "upgrades_unavailable", message: upgrades.available ? "Connect your subscription provider first." : upgrades.message }, { status: 403 });
  }
  return connection.provider;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(session.shop);
  const provider = await requireUpgrades(shop);
  const funnelId = params.id ?? "new";
  try {
    const start = await startWizard({ admin, shopId: shop.id, funnelId, currency: shop.currency, search: new URL(request.url).searchParams });
    if ("notFound" in start) throw json({ error: "not_found", message: start.notFound }, { status: 404 });
    return json({ ...start, funnelId, provider, currency: shop.currency });
  } catch (error) {
    const response = appErrorResponse(error);
    if (response) throw response;
    throw error;
  }
};

const JsonActionSchema = wellFormedJson.pipe(z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("plans"), productId: z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/, "Expected a product id") }),
  z.object({ intent: z.literal("save"), state: WizardStateSchema, placement: UpgradePlacementSchema, recommendedTriggers: z.boolean().default(false) }),
]));

const reply = (data: WizardActionResult, status = 200) => json<WizardActionResult>(data, { status });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return json({ error: "method_not_allowed", message: "Use POST" }, { status: 405, headers: { Allow: "POST" } });
  const { admin, session, redirect } = await authenticate.admin(request);
  const shop = await requireShop(session.shop);
  const provider = await requireUpgrades(shop);
  const funnelId = params.id ?? "new";

  if (request.headers.get("Content-Type")?.startsWith("multipart/form-data")) {
    const created = await createOfferProductFromForm({ admin, shop, request });
    return reply(created.ok ? { intent: "createProduct", ok: true, product: created.product } : { intent: "createProduct", ok: false, message: created.message, fieldErrors: created.fieldErrors }, created.ok ? 200 : created.status);
  }
  const parsed = JsonActionSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    return reply({ intent: "invalid", ok: false, message: `${issue.path.join(".") || "request"}: ${issue.message}` }, 400);
  }
  const input = parsed.data;
  if (input.intent === "plans") {
    const plans = await loadProviderPlans(shop, input.productId);
    return reply(plans.ok ? { intent: "plans", ok: true, productId: input.productId, plans: plans.plans } : { intent: "plans", ok: false, productId: input.productId, message: plans.message }, plans.ok ? 200 : 502);
  }
  try {
    const saved = await saveUpgradeOffer({ admin, shop, provider, funnelId, state: input.state, placement: input.placement, recommendedTriggers: input.recommendedTriggers });
    if (saved.ok) return redirect(`/app/funnels/${saved.funnelId}?saved=1&upgrade=1`);
    if ("errors" in saved) return reply({ intent: "save", ok: false, message: saved.message, errors: saved.errors, firstInvalidStep: saved.firstInvalidStep }, 400);
    return reply({ intent: "save", ok: false, message: saved.message }, saved.status);
  } catch (error) {
    const response = appErrorResponse(error);
    if (response) return response;
    throw error;
  }
};

export default function UpgradeWizardRoute() {
  const data = useLoaderData<typeof loader>();
  return <UpgradeWizard {...data} />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const gate = betaGatePage(error);
  if (gate) return gate;
  if (isRouteErrorResponse(error) && error.status === 404) return <FunnelNotFound />;
  return boundary.error(error);
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
