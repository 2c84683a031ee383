/**
 * The impression endpoint's work (ANA-1, RUN-14): Render reports that the page shows an
 * offer, and the impression is buffered for the recorder — the shopper's page never
 * waits on a commit. The Postscript "upgrade offered" event (PS-2) follows the
 * impression, once it is stored. One impression counts per purchase and offer.
 */
import prisma from "~/db.server";
import type { OfferDefinition, OrderContext } from "~/domain/funnel-schemas";
import { notifyPostscriptOfferShown } from "~/integrations/postscript/app-events.server";
import { forbidden } from "./api-error.server";
import type { ExtensionContext } from "./extension-request.server";
import { createImpressionRecorder, flushOnShutdown, type Impression } from "./impression-recorder.server";
import { ownedOffer } from "./offer-lookup.server";
import type { ImpressionRequestBody, ImpressionResponseBody } from "../contract/api";

interface RuntimeImpression extends Impression {
  /** What the Postscript event describes; absent for an offer that left the active funnels meanwhile. */
  shown: { offer: OfferDefinition; order: OrderContext } | null;
}

const recorder = createImpressionRecorder<RuntimeImpression>({
  db: prisma,
  onRecorded: ({ shopId, referenceId, shown }) => {
    if (shown) notifyPostscriptOfferShown({ shopId, referenceId, offer: shown.offer, order: shown.order });
  },
});
let drainRegistered = false;

/** Writes the buffered impressions now (tests; the recorder also flushes on its own). */
export const flushImpressions = () => recorder.flush();

export async function recordOfferImpression(context: ExtensionContext, body: ImpressionRequestBody): Promise<ImpressionResponseBody> {
  if (body.referenceId !== context.referenceId) throw forbidden("reference_mismatch", "The referenceId is not the purchase this token belongs to");
  // OPS-2 / RUN-9: an unknown offer is 404, another shop's 403.
  await ownedOffer(context.shop, body.offerId);
  const active = context.shop.offers.get(body.offerId);
  if (!drainRegistered) {
    drainRegistered = true;
    flushOnShutdown(recorder);
  }
  recorder.add({
    shopId: context.shop.id,
    referenceId: context.referenceId,
    offerId: body.offerId,
    customerId: context.order.customerId ?? null,
    shown: active ? { offer: active.offer, order: context.order } : null,
  });
  return { recorded: "queued" };
}
