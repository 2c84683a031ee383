/**
 * The decision endpoint's work. A decline (or a changeset Shopify refused) is stored so
 * the flow moves on. An acceptance is believed only for a changeset token this app
 * signed, for this shop, purchase and offer, confirmed within CLIENT_CONFIRM_WINDOW_MS
 * of signing; anything older is left to the order webhook, which carries Shopify's own
 * word (RUN-10). Replays return the first acceptance (RUN-8).
 */
import prisma from "~/db.server";
import { conflict, forbidden, notFound, badRequest } from "./api-error.server";
import { recordAcceptedChangeset, recordDeclined } from "./acceptances.server";
import { verifiedChangesetJti } from "./changeset-jwt.server";
import type { ExtensionContext } from "./extension-request.server";
import { currentOffer, loadFlowRecord } from "./flow-record.server";
import { ownedOffer } from "./offer-lookup.server";
import type { DecisionRequestBody, DecisionResponseBody } from "../contract/api";

/** applyChangeset answers in seconds; a confirmation much later is not the page's. */
export const CLIENT_CONFIRM_WINDOW_MS = 30 * 60_000;

async function accept(context: ExtensionContext, offerId: string, token: string, outcome: string | undefined): Promise<DecisionResponseBody> {
  const jti = await verifiedChangesetJti(token, context.referenceId);
  if (!jti) throw badRequest("invalid_changeset_token", "The changeset token was not signed by this app for this purchase");
  const signed = await prisma.signedChangeset.findUnique({ where: { jti } });
  if (!signed) throw notFound("changeset_not_found", "No changeset was signed with this token");
  if (signed.shopId !== context.shop.id || signed.referenceId !== context.referenceId) {
    throw forbidden("changeset_of_another_purchase", "This changeset belongs to another purchase");
  }
  if (signed.offerId !== offerId) throw conflict("changeset_offer_mismatch", "This changeset was signed for another offer");
  if (!signed.appliedAt && Date.now() - signed.createdAt.getTime() > CLIENT_CONFIRM_WINDOW_MS) {
    throw conflict("changeset_confirmation_expired", "Too late to confirm this changeset from the page; Shopify's order webhook will confirm it");
  }
  // Audit S-10: Shopify may answer changeset_already_applied for a jti it burned on an
  // attempt that added nothing; only Uplift's own record (or the order webhook) proves it.
  if (outcome === "already_applied" && !signed.appliedAt) {
    throw conflict("changeset_not_confirmed", "Shopify reported this changeset as already applied, but nothing confirms it was; the order webhook will record it if it was");
  }
  const record = await recordAcceptedChangeset({ shop: context.shop, signed, via: "client" });
  return { decision: "accepted", acceptanceId: record.acceptanceId, upgradeJobId: record.upgradeJobId, alreadyRecorded: !record.created };
}

export async function recordOfferDecision(context: ExtensionContext, body: DecisionRequestBody): Promise<DecisionResponseBody> {
  if (body.referenceId !== context.referenceId) throw forbidden("reference_mismatch", "The referenceId is not the purchase this token belongs to");
  await ownedOffer(context.shop, body.offerId);
  if (body.decision === "accepted") return accept(context, body.offerId, body.token, body.outcome);

  const record = await loadFlowRecord(context.shop, context.referenceId);
  if (record.acceptedOfferKeys.has(body.offerId)) throw conflict("offer_already_accepted", "This offer was already accepted");
  // The impression may still be buffered (RUN-14): a decline of the offer the flow leads to counts too.
  const known = record.shownOfferIds.has(body.offerId) || record.flow.declinedOfferIds.includes(body.offerId);
  const shown = known || currentOffer(context.shop, context.order, record, body.offerId) !== null;
  if (!shown) throw conflict("offer_not_shown", "This offer was not shown for this purchase");
  await recordDeclined({ shopId: context.shop.id, referenceId: context.referenceId, offerId: body.offerId, customerId: context.order.customerId ?? null });
  return { decision: body.decision, recorded: true };
}
