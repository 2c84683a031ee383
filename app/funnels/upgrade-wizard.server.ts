/**
 * The upgrade wizard's server side: the provider's selling plans (WIZ-5/6), Shopify's
 * current word on every product the merchant chose (WIZ-1/3 are re-checked on Save, never
 * taken from the browser), the wizard's starting state when it reopens (WIZ-8), and the
 * save into the funnel (one transaction, through the funnel model).
 */
import type { Shop } from "@prisma/client";
import { type EditorDraft, type FieldErrors } from "~/domain/funnel-editor-schemas";
import { validateFunnelDraft } from "~/domain/funnel-editor-validation";
import { toNumericId } from "~/domain/ids";
import { choiceFromProduct, emptyWizardState, validateWizard, type ProviderPlanOption, type WizardContext, type WizardErrors, type WizardProductChoice, type WizardProvider, type WizardState } from "~/domain/wizard-validation";
import { applyUpgradeToDraft, upgradeToConfig, wizardOfferItem, type UpgradePlacement } from "~/domain/wizard-draft";
import type { AdminGraphqlClient } from "~/integrations/shopify-admin/client.server";
import { getProduct } from "~/integrations/shopify-admin/products.server";
import { logger } from "~/logger.server";
import { createProviderAdapter, PROVIDER_LABELS, ProviderError } from "~/providers/index.server";
import { definitionToDraft } from "./rows.server";
import { createFunnel, loadFunnelRecord, saveFunnel } from "./funnels.server";
import { blankDraft, productTitles } from "./editor.server";
import { loadProviderCredentials } from "../upgrades/connection/provider-connection.server";

export type PlansResult = { ok: true; plans: ProviderPlanOption[] } | { ok: false; message: string };

/** WIZ-5/6: the provider's selling plans for a Shopify product (never throws). */
export async function loadProviderPlans(shop: Pick<Shop, "id" | "domain">, productId: string): Promise<PlansResult> {
  const credentials = await loadProviderCredentials(shop.id).catch(() => null);
  if (!credentials) return { ok: false, message: "No subscription provider is connected. Connect one in Settings › Subscription Upgrades." };
  const label = PROVIDER_LABELS[credentials.provider];
  try {
    const adapter = createProviderAdapter({ provider: credentials.provider, token: credentials.token, shopDomain: shop.domain });
    const plans = await adapter.listSellingPlans({ productId: String(toNumericId("Product", productId)) });
    return {
      ok: true,
      plans: plans.map((plan) => ({
        id: plan.id,
        name: plan.name,
        interval: { unit: plan.interval.unit, deliveryCount: plan.interval.deliveryCount, billingCount: plan.interval.billingCount },
        prepaid: plan.prepaid,
      })),
    };
  } catch (error) {
    logger.warn("provider selling plans unavailable", { shop: shop.domain, provider: credentials.provider, error: error instanceof Error ? error.name : "unknown" });
    const detail = error instanceof ProviderError ? error.message : "an unexpected error";
    return { ok: false, message: `${label} did not return its selling plans (${detail}). Try again in a moment.` };
  }
}

async function refresh(admin: AdminGraphqlClient, choice: { id: string; variantId?: string } | null): Promise<WizardProductChoice | null | "missing"> {
  if (!choice) return null;
  const product = await getProduct(admin, choice.id);
  return product ? choiceFromProduct(product, choice.variantId) : "missing";
}

/** Replaces every chosen product with what Shopify says about it now; names the ones that are gone. */
export async function refreshWizardProducts(admin: AdminGraphqlClient, state: WizardState): Promise<{ state: WizardState; errors: WizardErrors | null }> {
  const [trigger, offerProduct, replacement] = await Promise.all([
    refresh(admin, state.trigger),
    refresh(admin, state.offerProduct),
    refresh(admin, state.config.type === "frequency" ? null : state.config.replacement),
  ]);
  const errors: WizardErrors = { trigger: {}, offer: {}, configure: {} };
  if (trigger === "missing") errors.trigger.trigger = "This product no longer exists in your shop: choose it again.";
  if (offerProduct === "missing") errors.offer.offerProduct = "This product no longer exists in your shop: pick or create another.";
  if (replacement === "missing") errors.configure["config.replacement"] = "This product no longer exists in your shop: choose another.";
  const missing = [trigger, offerProduct, replacement].includes("missing");
  const keep = <T,>(value: T | "missing") => (value === "missing" ? null : value);
  return {
    state: { ...state, trigger: keep(trigger), offerProduct: keep(offerProduct), config: { ...state.config, replacement: keep(replacement) } },
    errors: missing ? errors : null,
  };
}

export interface WizardStart {
  state: WizardState;
  placement: UpgradePlacement;
  funnelName: string | null;
  triggers: EditorDraft["triggers"];
}

/** WIZ-8: a new upgrade starts empty; a saved one reopens with everything the merchant set. */
export async function startWizard(input: {
  admin: AdminGraphqlClient;
  shopId: string;
  funnelId: string;
  currency: string;
  search: URLSearchParams;
}): Promise<WizardStart | { notFound: string }> {
  const { admin, search } = input;
  const parentId = search.get("parent");
  const branch = search.get("branch") === "decline" ? "decline" : search.get("branch") === "accept" ? "accept" : null;
  if (input.funnelId === "new") {
    return { state: emptyWizardState(), placement: { kind: "new", parentId: null, branch: null }, funnelName: null, triggers: blankDraft().triggers };
  }
  const { definition } = await loadFunnelRecord(input.shopId, input.funnelId);
  const titles = await productTitles(admin, definition.triggers.productIds, input.shopId);
  const triggers = definitionToDraft(definition, input.currency, titles).triggers;
  const offerId = search.get("offer");
  if (!offerId) {
    return { state: emptyWizardState(), placement: { kind: "new", parentId, branch: parentId ? (branch ?? "accept") : null }, funnelName: definition.name, triggers };
  }
  const offer = definition.offers.find((o) => o.id === offerId && o.kind === "subscription_upgrade");
  if (!offer) return { notFound: "This upgrade offer does not exist in the funnel." };
  const itemIndex = Math.min(Math.max(Number(search.get("item") ?? 0) || 0, 0), offer.items.length);
  const item = offer.items[itemIndex];
  const state = emptyWizardState();
  state.offerTab = "existing";
  const upgrade = item?.upgrade ?? offer.items[0]?.upgrade ?? null;
  if (upgrade) {
    // A new product in a multi-product upgrade starts from the offer's trigger (FUN-7).
    const [trigger, product, replacement] = await Promise.all([
      refresh(admin, { id: upgrade.triggerProductId }),
      item ? refresh(admin, { id: item.productId, variantId: item.variantId }) : null,
      upgrade.replacementProductId && item ? refresh(admin, { id: upgrade.replacementProductId, variantId: upgrade.replacementVariantId ?? undefined }) : null,
    ]);
    state.trigger = trigger === "missing" ? null : trigger;
    if (item) {
      state.offerProduct = product === "missing" ? null : product;
      state.config = upgradeToConfig(upgrade, replacement === "missing" ? null : replacement, input.currency);
    }
  }
  return { state, placement: { kind: "item", offerId: offer.id, itemIndex }, funnelName: definition.name, triggers };
}

export type SaveUpgradeResult =
  | { ok: true; funnelId: string }
  | { ok: false; status: 400; errors: WizardErrors; firstInvalidStep: string | null; message: string }
  | { ok: false; status: 400 | 404 | 502; message: string; fieldErrors?: FieldErrors };

/**
 * WIZ-8 on Save: every step again, with Shopify's current product data and, for Loop, the
 * selling-plan pre-check (WIZ-6); then the upgrade goes into the funnel's draft and the
 * whole funnel is validated and saved like an editor save.
 */
export async function saveUpgradeOffer(input: {
  admin: AdminGraphqlClient;
  shop: Pick<Shop, "id" | "domain" | "currency">;
  provider: WizardProvider;
  funnelId: string;
  state: WizardState;
  placement: UpgradePlacement;
  recommendedTriggers: boolean;
}): Promise<SaveUpgradeResult> {
  const { admin, shop } = input;
  const refreshed = await refreshWizardProducts(admin, input.state);
  if (refreshed.errors) return { ok: false, status: 400, errors: refreshed.errors, firstInvalidStep: firstStep(refreshed.errors), message: "Some products changed in Shopify." };
  const state = refreshed.state;

  let providerPlans: ProviderPlanOption[] | null = null;
  const needsPlans = state.trigger && state.config.type !== "replacement" && (input.provider === "loop" || state.config.providerSellingPlanId);
  if (needsPlans && state.trigger) {
    const plans = await loadProviderPlans(shop, state.trigger.id);
    if (!plans.ok) return { ok: false, status: 502, message: plans.message };
    providerPlans = plans.plans;
  }
  const ctx: WizardContext = { provider: input.provider, currency: shop.currency, providerPlans };
  const { errors, firstInvalidStep } = validateWizard(state, ctx);
  if (firstInvalidStep) return { ok: false, status: 400, errors, firstInvalidStep, message: "Check the highlighted fields." };

  let draft: EditorDraft = blankDraft();
  if (input.funnelId !== "new") draft = definitionToDraft((await loadFunnelRecord(shop.id, input.funnelId)).definition, shop.currency);
  const trigger = state.trigger as WizardProductChoice;
  const placed = applyUpgradeToDraft(draft, wizardOfferItem(state, ctx), input.placement, {
    recommendedTriggers: input.recommendedTriggers,
    trigger: { id: trigger.id, title: trigger.title, imageUrl: trigger.imageUrl },
  });
  if (!placed.ok) return { ok: false, status: placed.status, message: placed.message };
  const valid = validateFunnelDraft(placed.draft, { currency: shop.currency });
  if (!valid.ok) return { ok: false, status: 400, message: Object.values(valid.fieldErrors)[0] ?? "The funnel could not be saved.", fieldErrors: valid.fieldErrors };
  const saved = input.funnelId === "new" ? await createFunnel(shop.id, valid.value) : await saveFunnel(shop.id, input.funnelId, valid.value);
  logger.info("subscription upgrade saved", { shop: shop.domain, funnelId: saved.id, provider: input.provider, type: state.config.type });
  return { ok: true, funnelId: saved.id };
}

function firstStep(errors: WizardErrors): string | null {
  return (["trigger", "offer", "configure"] as const).find((step) => Object.keys(errors[step]).length > 0) ?? null;
}
