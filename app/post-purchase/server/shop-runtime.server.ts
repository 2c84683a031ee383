/**
 * What the post-purchase endpoints need about a shop — its row, feature state (BETA-1 +
 * CONN-5) and active funnels as validated definitions — cached in memory per shop.
 *
 * The checkout calls us on every order, so the funnel tree is not re-read each time:
 * a cheap stamp (shop and connection updatedAt, count and latest updatedAt of funnels
 * and offers) is compared at most once per STAMP_CHECK_MS, and the tree is reloaded
 * only when it changed. Editors that change an offer's items must touch the Offer or
 * Funnel row (updatedAt) so other processes see the change; in-process callers can also
 * call invalidateShopRuntime().
 */
import prisma from "~/db.server";
import { indexFunnels, type FunnelIndex } from "~/domain/funnel-index";
import { deriveShopState, ProviderSchema, type FunnelDefinition, type OfferDefinition, type ShopState } from "~/domain/funnel-schemas";
import { FUNNEL_TREE_INCLUDE, toFunnelDefinitions } from "../../funnels/definitions.server";

export const STAMP_CHECK_MS = 1000;

export interface ShopRuntime {
  id: string;
  domain: string;
  currency: string;
  state: ShopState;
  /** Active funnels only. */
  funnels: FunnelDefinition[];
  /** The same funnels by trigger product, so an order is matched against its candidates only. */
  funnelIndex: FunnelIndex;
  offers: Map<string, { funnel: FunnelDefinition; offer: OfferDefinition }>;
}

interface Entry {
  stamp: string;
  checkedAt: number;
  runtime: ShopRuntime | null;
}

const cache = new Map<string, Entry>();
/**
 * The check (or load) under way per shop. At hundreds of checkouts a second, every request
 * that arrived while the stamp was being read used to read it too — on PostgreSQL that
 * filled the connection pool and the queue behind it (bench:offer --db postgres); now they
 * all wait for the one read.
 */
const pending = new Map<string, Promise<ShopRuntime | null>>();
/** Bumped by invalidateShopRuntime, so a check that started before it cannot store what it read. */
let generation = 0;

export function invalidateShopRuntime(domain?: string): void {
  generation += 1;
  if (domain === undefined) {
    cache.clear();
    pending.clear();
  } else {
    cache.delete(domain);
    pending.delete(domain);
  }
}

async function readStamp(domain: string) {
  const shop = await prisma.shop.findUnique({
    where: { domain },
    select: {
      id: true,
      currency: true,
      uninstalledAt: true,
      updatedAt: true,
      subscriptionUpgradesBeta: true,
      providerConnection: { select: { provider: true, testState: true, verifiedAt: true, needsRetest: true, updatedAt: true } },
    },
  });
  if (!shop || shop.uninstalledAt) return { shop: null, stamp: "none" };
  const [funnels, offers] = await Promise.all([
    prisma.funnel.aggregate({ where: { shopId: shop.id }, _count: { _all: true }, _max: { updatedAt: true } }),
    prisma.offer.aggregate({ where: { shopId: shop.id }, _count: { _all: true }, _max: { updatedAt: true } }),
  ]);
  const stamp = [
    shop.id,
    shop.updatedAt.getTime(),
    shop.providerConnection?.updatedAt.getTime() ?? 0,
    funnels._count._all,
    funnels._max.updatedAt?.getTime() ?? 0,
    offers._count._all,
    offers._max.updatedAt?.getTime() ?? 0,
  ].join(":");
  return { shop, stamp };
}

type StampedShop = NonNullable<Awaited<ReturnType<typeof readStamp>>["shop"]>;

async function loadRuntime(domain: string, shop: StampedShop): Promise<ShopRuntime> {
  const rows = await prisma.funnel.findMany({ where: { shopId: shop.id, status: "active" }, include: FUNNEL_TREE_INCLUDE });
  const funnels = toFunnelDefinitions(rows, domain);
  const connection = shop.providerConnection;
  const provider = ProviderSchema.safeParse(connection?.provider);
  const state = deriveShopState({
    betaEnabled: shop.subscriptionUpgradesBeta,
    provider: provider.success ? provider.data : null,
    providerVerified: Boolean(connection && connection.testState === "valid" && connection.verifiedAt && !connection.needsRetest),
  });
  const offers = new Map<string, { funnel: FunnelDefinition; offer: OfferDefinition }>();
  for (const funnel of funnels) for (const offer of funnel.offers) offers.set(offer.id, { funnel, offer });
  return { id: shop.id, domain, currency: shop.currency, state, funnels, funnelIndex: indexFunnels(funnels), offers };
}

async function refresh(domain: string, now: number): Promise<ShopRuntime | null> {
  const started = generation;
  const { shop, stamp } = await readStamp(domain);
  const cached = cache.get(domain);
  if (cached && cached.stamp === stamp) {
    cached.checkedAt = now;
    return cached.runtime;
  }
  const runtime = shop ? await loadRuntime(domain, shop) : null;
  if (generation === started) cache.set(domain, { stamp, checkedAt: now, runtime });
  return runtime;
}

/** The shop's runtime view, or null when the shop is unknown or uninstalled. */
export async function loadShopRuntime(domain: string, now = Date.now()): Promise<ShopRuntime | null> {
  const cached = cache.get(domain);
  if (cached && now - cached.checkedAt < STAMP_CHECK_MS) return cached.runtime;
  let check = pending.get(domain);
  if (!check) {
    const started = refresh(domain, now).finally(() => {
      if (pending.get(domain) === started) pending.delete(domain);
    });
    pending.set(domain, started);
    check = started;
  }
  return check;
}
