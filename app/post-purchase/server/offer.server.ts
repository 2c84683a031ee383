/**
 * The offer endpoint's work (RUN-1, FUN-2/3, RUN-3/4/6/7, UPS-1..4): pick the next offer
 * for the purchase with the domain's selectNextOffer over the shop's cached active
 * funnels and the stored flow, and return every selection the shopper may make — view
 * model and unsigned changes — so the page can switch option and plan without another
 * round trip.
 *
 * RUN-14: it only reads. ShouldRender calls it when the payment page loads, before the
 * order exists and before anything is shown, so no row is written and no event is sent
 * here; the page reports the impression when Render mounts (impression.server.ts).
 */
import { buildChanges } from "~/domain/changeset";
import type { FlowState, OfferDefinition, OrderContext, PurchaseOption } from "~/domain/funnel-schemas";
import { buildOfferViewModel } from "~/domain/offer-view-model";
import { offerLabels } from "~/post-purchase/contract/i18n/translate";
import { resolvePlans } from "~/domain/purchase-options";
import { logger } from "~/logger.server";
import type { ExtensionContext } from "./extension-request.server";
import { emptyFlowRecord, loadFlowRecord, selectFor, withClientDeclines } from "./flow-record.server";
import { selectionKey, type OfferRequestBody, type OfferResponseBody, type OfferSelectionView, type RuntimeOffer } from "../contract/api";

const DEFAULT_LOCALE = "en-US";

/** Answers per requested locale: asking Intl costs a locale lookup on every call. Bounded: locales come from requests. */
const supportedLocales = new Map<string, string>();

function supportedLocale(locale: string | undefined): string {
  if (!locale) return DEFAULT_LOCALE;
  let supported = supportedLocales.get(locale);
  if (supported) return supported;
  try {
    supported = Intl.NumberFormat.supportedLocalesOf([locale]).length > 0 ? locale : DEFAULT_LOCALE;
  } catch {
    supported = DEFAULT_LOCALE;
  }
  if (supportedLocales.size < 500) supportedLocales.set(locale, supported);
  return supported;
}

/** Every (option, plan) the shopper may pick, in display order. */
export function offerSelections(
  offer: OfferDefinition,
  order: OrderContext,
  effective: PurchaseOption,
  flow: FlowState,
  locale: string,
): OfferSelectionView[] {
  const options = effective === "both" ? (["one_time", "subscription"] as const) : ([effective] as const);
  const plans = resolvePlans(offer);
  const planIds = plans.lockedPlan ? [plans.lockedPlan.id] : plans.plans.map((plan) => plan.id);
  return options.flatMap((option) => {
    const picks = option === "one_time" ? [null] : planIds;
    return picks.map((sellingPlanId): OfferSelectionView => {
      const choice = { option, sellingPlanId };
      return {
        key: selectionKey(choice),
        choice,
        view: buildOfferViewModel(offer, order, effective, locale, choice, offerLabels(locale)),
        changes: buildChanges(offer, choice, order, flow),
      };
    });
  });
}

export async function serveNextOffer(context: ExtensionContext, body: OfferRequestBody): Promise<OfferResponseBody> {
  const { shop, order } = context;
  // ShouldRender runs before the order exists: nothing can be stored for it yet.
  const record = body.phase === "should_render" ? emptyFlowRecord() : await loadFlowRecord(shop, context.referenceId);
  const hinted = [...(body.history?.declinedOfferIds ?? []), ...(body.history?.failedOfferIds ?? [])];
  const flow = hinted.length > 0 ? withClientDeclines(shop, order, record, hinted) : record.flow;

  const selection = selectFor(shop, order, flow);
  if (selection.status === "none") {
    logger.debug("no post-purchase offer", { shop: shop.domain, reasons: selection.reasons.map((r) => r.code) });
    return { offer: null };
  }
  const locale = supportedLocale(body.locale);
  const selections = offerSelections(selection.offer, order, selection.effectivePurchaseOption, flow, locale);
  const defaultPlan = selection.defaultOption === "subscription" ? resolvePlans(selection.offer).defaultPlan : null;
  const offer: RuntimeOffer = {
    offerId: selection.offer.id,
    funnelId: selection.funnelId,
    defaultKey: selectionKey({ option: selection.defaultOption, sellingPlanId: defaultPlan?.id ?? null }),
    selections,
  };
  return { offer };
}
