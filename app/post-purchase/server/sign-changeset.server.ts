/**
 * The sign endpoint's work (RUN-1, RUN-9, RUN-8): the page names an offer and a choice,
 * never changes. The offer must be one the app showed for this purchase, still eligible;
 * the changes are rebuilt from the stored offer by the domain's buildChangeset, which
 * refuses a tampered option or plan; the signed changeset is remembered by jti for the
 * decision and the order webhook (RUN-10).
 */
import type { SignedChangeset } from "@prisma/client";
import { buildChangeset, ChangesetChoiceError, type OfferChoice } from "~/domain/changeset";
import type { FunnelDefinition, OfferDefinition } from "~/domain/funnel-schemas";
import { InvalidIdError, sameId } from "~/domain/ids";
import { evaluateOffer } from "~/domain/offer-selection";
import { PricingError } from "~/domain/pricing";
import prisma from "~/db.server";
import { badRequest, conflict, forbidden } from "./api-error.server";
import { deriveJti, signChangesetToken } from "./changeset-jwt.server";
import type { ExtensionContext } from "./extension-request.server";
import { loadFlowRecord } from "./flow-record.server";
import { activeOffer } from "./offer-lookup.server";
import type { SignRequestBody, SignResponseBody } from "~/post-purchase/contract/api";
import { isUniqueViolation } from "~/lib/prisma-errors.server";
import { changesetSnapshotColumn, parseChanges, parseSnapshot, signedChangesColumn, type ChangesetSnapshot } from "./snapshot-columns.server";

function tokenFor(row: SignedChangeset): Promise<string> {
  return signChangesetToken({ jti: row.jti, referenceId: row.referenceId, issuedAt: row.createdAt, changes: parseChanges(row) });
}

function sameChoice(snapshot: ChangesetSnapshot, choice: OfferChoice): boolean {
  if (snapshot.choice.option !== choice.option) return false;
  const wanted = choice.sellingPlanId;
  return wanted === undefined || wanted === null || wanted === "" || sameId("SellingPlan", snapshot.choice.sellingPlanId, wanted);
}

/** RUN-8: a replay of an accepted offer gets the token Shopify already applied, so nothing is charged twice. */
async function replayAccepted(context: ExtensionContext, offerId: string, choice: OfferChoice): Promise<SignResponseBody> {
  const applied = await prisma.signedChangeset.findFirst({
    where: { shopId: context.shop.id, referenceId: context.referenceId, offerId, appliedAt: { not: null } },
  });
  if (!applied || !sameChoice(parseSnapshot(applied), choice)) {
    throw conflict("offer_already_accepted", "This offer was already accepted for this purchase");
  }
  return { token: await tokenFor(applied) };
}

function build(offer: OfferDefinition, choice: OfferChoice, context: ExtensionContext, flow: Parameters<typeof buildChangeset>[3]) {
  try {
    return buildChangeset(offer, choice, context.order, flow);
  } catch (error) {
    if (error instanceof ChangesetChoiceError) throw badRequest(error.code, error.message);
    if (error instanceof InvalidIdError || error instanceof PricingError) throw badRequest("invalid_choice", error.message);
    throw error;
  }
}

async function remember(context: ExtensionContext, funnel: FunnelDefinition, offer: OfferDefinition, built: ReturnType<typeof buildChangeset>): Promise<SignedChangeset> {
  const jti = deriveJti({ shopId: context.shop.id, referenceId: context.referenceId, offerId: offer.id, changes: built.changes });
  const snapshot: ChangesetSnapshot = {
    version: 1,
    funnelId: funnel.id,
    kind: offer.kind,
    choice: { option: built.option, sellingPlanId: built.plan?.id ?? null },
    offer,
    customerId: context.order.customerId ?? null,
    initialLines: context.order.lineItems,
  };
  try {
    return await prisma.signedChangeset.create({
      data: {
        jti,
        shopId: context.shop.id,
        referenceId: context.referenceId,
        offerId: offer.id,
        changes: signedChangesColumn.serialize(built.changes),
        snapshot: changesetSnapshotColumn.serialize(snapshot),
        amountMinor: built.amount.amountMinor,
        currency: built.amount.currency,
      },
    });
  } catch (error) {
    // Asked before (a retry, a double click): one row, one token (RUN-8).
    if (isUniqueViolation(error)) return prisma.signedChangeset.findUniqueOrThrow({ where: { jti } });
    throw error;
  }
}

export async function signOfferChangeset(context: ExtensionContext, body: SignRequestBody): Promise<SignResponseBody> {
  if (body.referenceId !== context.referenceId) throw forbidden("reference_mismatch", "The referenceId is not the purchase this token belongs to");
  const { funnel, offer } = await activeOffer(context.shop, body.offerId);
  const record = await loadFlowRecord(context.shop, context.referenceId);
  if (record.acceptedOfferKeys.has(offer.id)) return replayAccepted(context, offer.id, body.choice);
  if (!record.shownOfferIds.has(offer.id)) throw conflict("offer_not_shown", "This offer was not shown for this purchase");
  if (record.flow.declinedOfferIds.includes(offer.id)) throw conflict("offer_already_declined", "This offer was already declined");

  const evaluation = evaluateOffer(funnel.id, offer, context.order, context.shop.state, record.flow);
  if (!evaluation.eligible) throw conflict("offer_not_available", evaluation.reasons[0]?.message ?? "This offer cannot be added to this order");

  const built = build(offer, body.choice, context, record.flow);
  const row = await remember(context, funnel, offer, built);
  return { token: await tokenFor(row) };
}
