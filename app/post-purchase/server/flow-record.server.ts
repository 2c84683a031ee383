/**
 * The FlowState of one post-purchase flow, rebuilt from what the app stored for the
 * purchase (shown and declined OfferEvents, Acceptances). The server is the memory of the
 * flow: a page that reloads or a second tab sees the same state.
 */
import prisma from "~/db.server";
import { recordAccepted, recordDeclined, recordShown, startFlow, withFunnel } from "~/domain/flow-state";
import type { ChosenOption, FlowState, OfferKind } from "~/domain/funnel-schemas";
import type { ShopRuntime } from "./shop-runtime.server";

export interface FlowRecord {
  flow: FlowState;
  shownOfferIds: Set<string>;
  acceptedOfferKeys: Set<string>;
}

/** Funnel of offers that left the active cache (funnel deactivated mid-flow, FUN-3). */
async function funnelOfInactiveOffer(offerIds: string[], shopId: string): Promise<string | null> {
  if (offerIds.length === 0) return null;
  const offer = await prisma.offer.findFirst({ where: { id: { in: offerIds }, shopId }, select: { funnelId: true } });
  return offer?.funnelId ?? null;
}

export async function loadFlowRecord(shop: ShopRuntime, referenceId: string): Promise<FlowRecord> {
  const events = await prisma.offerEvent.findMany({
    where: { shopId: shop.id, referenceId },
    select: { offerKey: true, type: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  // Nothing was shown yet (ShouldRender's first call, the hot path): nothing can be accepted either.
  const acceptances =
    events.length === 0
      ? []
      : await prisma.acceptance.findMany({
          where: { shopId: shop.id, referenceId },
          select: { offerKey: true, funnelId: true, kind: true, chosenOption: true },
          orderBy: { createdAt: "asc" },
        });

  let flow = startFlow();
  const shown = events.filter((e) => e.type === "shown").map((e) => e.offerKey);
  const funnelId =
    acceptances.find((a) => a.funnelId)?.funnelId ??
    shown.map((id) => shop.offers.get(id)?.funnel.id).find(Boolean) ??
    (await funnelOfInactiveOffer(shown, shop.id));
  if (funnelId) flow = withFunnel(flow, funnelId);
  for (const offerId of shown) flow = recordShown(flow, offerId);
  for (const acceptance of acceptances) {
    flow = recordAccepted(flow, { id: acceptance.offerKey, kind: acceptance.kind as OfferKind }, acceptance.chosenOption as ChosenOption);
  }
  for (const event of events) if (event.type === "declined") flow = recordDeclined(flow, event.offerKey);
  return { flow, shownOfferIds: new Set(shown), acceptedOfferKeys: new Set(acceptances.map((a) => a.offerKey)) };
}

/**
 * Declines the page reports but the server did not store (its decision request was
 * lost). Only offers the server itself showed count, and a decline can only narrow the
 * flow: it never unlocks anything a shopper could not reach by declining.
 */
export function withClientDeclines(record: FlowRecord, offerIds: readonly string[]): FlowState {
  return offerIds.filter((id) => record.shownOfferIds.has(id) && !record.acceptedOfferKeys.has(id)).reduce((flow, id) => recordDeclined(flow, id), record.flow);
}
