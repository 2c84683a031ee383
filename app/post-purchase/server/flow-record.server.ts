/**
 * The FlowState of one post-purchase flow, rebuilt from what the app stored for the
 * purchase (impressions — "shown" OfferEvents recorded when the offer page rendered —,
 * declines, Acceptances). The server is the memory of the flow: a page that reloads or a
 * second tab sees the same state.
 *
 * Nothing here depends on an impression having been stored: impressions are written off
 * the hot path (impression-recorder.server.ts) and may trail a decision by a few hundred
 * ms. Whether an offer may be signed or declined is re-derived with the same pure
 * selection the offer endpoint ran (currentOffer).
 */
import prisma from "~/db.server";
import { recordAccepted, recordDeclined, recordShown, startFlow, withFunnel } from "~/domain/flow-state";
import type { ChosenOption, FlowState, OfferKind, OrderContext } from "~/domain/funnel-schemas";
import { candidateFunnels } from "~/domain/funnel-index";
import { selectNextOffer, type OfferSelection } from "~/domain/offer-selection";
import type { ShopRuntime } from "./shop-runtime.server";

export interface FlowRecord {
  flow: FlowState;
  shownOfferIds: Set<string>;
  acceptedOfferKeys: Set<string>;
}

/** The record of a purchase nothing was stored for yet. */
export function emptyFlowRecord(): FlowRecord {
  return { flow: startFlow(), shownOfferIds: new Set(), acceptedOfferKeys: new Set() };
}

/** Funnel of offers that left the active cache (funnel deactivated mid-flow, FUN-3). */
async function funnelOfInactiveOffer(offerIds: string[], shopId: string): Promise<string | null> {
  if (offerIds.length === 0) return null;
  const offer = await prisma.offer.findFirst({ where: { id: { in: offerIds }, shopId }, select: { funnelId: true } });
  return offer?.funnelId ?? null;
}

export async function loadFlowRecord(shop: ShopRuntime, referenceId: string): Promise<FlowRecord> {
  // Both reads at once: since signing no longer needs an impression, an acceptance can
  // exist for a purchase whose impression is still buffered (or was lost in a crash).
  const [events, acceptances] = await Promise.all([
    prisma.offerEvent.findMany({
      where: { shopId: shop.id, referenceId },
      select: { offerKey: true, type: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    }),
    prisma.acceptance.findMany({
      where: { shopId: shop.id, referenceId },
      select: { offerKey: true, funnelId: true, kind: true, chosenOption: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  if (events.length === 0 && acceptances.length === 0) return emptyFlowRecord();

  let flow = startFlow();
  const shown = events.filter((e) => e.type === "shown").map((e) => e.offerKey);
  const touched = events.map((e) => e.offerKey);
  const funnelId =
    acceptances.find((a) => a.funnelId)?.funnelId ??
    touched.map((id) => shop.offers.get(id)?.funnel.id).find(Boolean) ??
    (await funnelOfInactiveOffer(touched, shop.id));
  if (funnelId) flow = withFunnel(flow, funnelId);
  for (const offerId of shown) flow = recordShown(flow, offerId);
  for (const acceptance of acceptances) {
    flow = recordAccepted(flow, { id: acceptance.offerKey, kind: acceptance.kind as OfferKind }, acceptance.chosenOption as ChosenOption);
  }
  for (const event of events) if (event.type === "declined") flow = recordDeclined(flow, event.offerKey);
  return { flow, shownOfferIds: new Set(shown), acceptedOfferKeys: new Set(acceptances.map((a) => a.offerKey)) };
}

/** The offer endpoint's selection, over the funnels that can match the order. */
export function selectFor(shop: ShopRuntime, order: OrderContext, flow: FlowState): OfferSelection {
  return selectNextOffer({ order, funnels: candidateFunnels(shop.funnelIndex, order, flow.funnelId), shop: shop.state, flow });
}

/** The offer selectNextOffer picks for `flow`, if any. */
function nextOfferId(shop: ShopRuntime, order: OrderContext, flow: FlowState): string | null {
  const selection = selectFor(shop, order, flow);
  return selection.status === "offer" ? selection.offer.id : null;
}

/**
 * Declines the page reports but the server did not store (its decision request was
 * lost). Only offers the server knows were shown count — an impression was stored, or it
 * is the offer the stored flow leads to (its impression may still be buffered) — and a
 * decline can only narrow the flow: it never unlocks anything a shopper could not reach
 * by declining.
 */
export function withClientDeclines(shop: ShopRuntime, order: OrderContext, record: FlowRecord, offerIds: readonly string[]): FlowState {
  let next: string | null | undefined;
  const shown = (id: string) => record.shownOfferIds.has(id) || id === (next ??= nextOfferId(shop, order, record.flow));
  return offerIds.filter((id) => !record.acceptedOfferKeys.has(id) && shown(id)).reduce((flow, id) => recordDeclined(flow, id), record.flow);
}

/**
 * RUN-9 without a "shown" row: `offerId` is the offer the page may be showing for this
 * purchase right now — what selectNextOffer picks for the stored flow, where any other
 * shown offer still undecided counts as declined (the page moved past it and its decline
 * request was lost; the shopper could have declined it anyway). A forged id, an offer
 * off the flow's path, or one the flow moved past is not current.
 */
export function currentOffer(shop: ShopRuntime, order: OrderContext, record: FlowRecord, offerId: string): Extract<OfferSelection, { status: "offer" }> | null {
  let flow = record.flow;
  for (const id of record.shownOfferIds) if (id !== offerId && !record.acceptedOfferKeys.has(id)) flow = recordDeclined(flow, id);
  const selection = selectFor(shop, order, flow);
  return selection.status === "offer" && selection.offer.id === offerId ? selection : null;
}
