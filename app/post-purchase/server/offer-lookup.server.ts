/**
 * Finds the offer a request names, scoped to the authenticated shop (OPS-2, RUN-9):
 * unknown → 404, another shop's → 403, this shop's but no longer in an active funnel → 409.
 */
import prisma from "~/db.server";
import type { FunnelDefinition, OfferDefinition } from "~/domain/funnel-schemas";
import { conflict, forbidden, notFound } from "./api-error.server";
import type { ShopRuntime } from "./shop-runtime.server";

async function assertOwned(shop: ShopRuntime, offerId: string): Promise<{ funnelId: string; kind: string }> {
  const row = await prisma.offer.findUnique({ where: { id: offerId }, select: { shopId: true, funnelId: true, kind: true } });
  if (!row) throw notFound("offer_not_found", `No offer ${offerId}`);
  if (row.shopId !== shop.id) throw forbidden("offer_of_another_shop", "This offer belongs to another shop");
  return row;
}

/** An offer of an active funnel of this shop, as the cached definition. */
export async function activeOffer(shop: ShopRuntime, offerId: string): Promise<{ funnel: FunnelDefinition; offer: OfferDefinition }> {
  const found = shop.offers.get(offerId);
  if (found) return found;
  await assertOwned(shop, offerId);
  throw conflict("offer_inactive", "This offer is no longer active");
}

/** Any offer of this shop, active or not (a decision on an offer deactivated meanwhile is still recorded). */
export async function ownedOffer(shop: ShopRuntime, offerId: string): Promise<{ funnelId: string; kind: string }> {
  const found = shop.offers.get(offerId);
  if (found) return { funnelId: found.funnel.id, kind: found.offer.kind };
  return assertOwned(shop, offerId);
}
