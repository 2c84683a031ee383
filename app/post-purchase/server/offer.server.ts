/**
 * The offer endpoint's work (RUN-1, FUN-2/3, RUN-3/4/6/7, UPS-1..4): pick the next offer
 * for the purchase with the domain's selectNextOffer over the shop's cached active
 * funnels and the stored flow, record that it was shown (which binds the flow to its
 * funnel), and return every selection the shopper may make — view model and unsigned
 * changes — so the page can switch option and plan without another round trip.
 */
import { buildChanges } from "~/domain/changeset";
import type { FlowState, OfferDefinition, OrderContext, PurchaseOption } from "~/domain/funnel-schemas";
import { buildOfferViewModel } from "~/domain/offer-view-model";
import { offerLabels } from "../contract/i18n/translate";
import { selectNextOffer } from "~/domain/offer-selection";
import { resolvePlans } from "~/domain/purchase-options";
import prisma from "~/db.server";
import { logger } from "~/logger.server";
import { notifyPostscriptOfferShown } from "~/integrations/postscript/app-events.server";
import type { ExtensionContext } from "./extension-request.server";
import { loadFlowRecord, withClientDeclines } from "./flow-record.server";
import { isUniqueViolation } from "../../lib/prisma-errors.server";
import { selectionKey, type OfferRequestBody, type OfferResponseBody, type OfferSelectionView, type RuntimeOffer } from "../contract/api";

const DEFAULT_LOCALE = "en-US";

function supportedLocale(locale: string | undefined): string {
  if (!locale) return DEFAULT_LOCALE;
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0 ? locale : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
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

async function recordShown(context: ExtensionContext, offerId: string): Promise<void> {
  try {
    await prisma.offerEvent.create({
      data: { shopId: context.shop.id, referenceId: context.referenceId, offerId, offerKey: offerId, type: "shown", customerId: context.order.customerId ?? null },
    });
  } catch (error) {
    // A parallel request of the same page recorded it first.
    if (!isUniqueViolation(error)) throw error;
  }
}

export async function serveNextOffer(context: ExtensionContext, body: OfferRequestBody): Promise<OfferResponseBody> {
  const { shop, order } = context;
  const record = await loadFlowRecord(shop, context.referenceId);
  const hinted = [...(body.history?.declinedOfferIds ?? []), ...(body.history?.failedOfferIds ?? [])];
  const flow = hinted.length > 0 ? withClientDeclines(record, hinted) : record.flow;

  const selection = selectNextOffer({ order, funnels: shop.funnels, shop: shop.state, flow });
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
  // Recorded once the offer could be built: it binds the flow to its funnel (FUN-3) and lets it be signed.
  if (!record.shownOfferIds.has(selection.offer.id)) {
    await recordShown(context, selection.offer.id);
    // PS-2 "upgrade offered": fire-and-forget, so the page's time budget is untouched (RUN-11, PS-4).
    notifyPostscriptOfferShown({ shopId: shop.id, referenceId: context.referenceId, offer: selection.offer, order });
  }
  return { offer };
}
