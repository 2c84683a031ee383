/** What the support console shows about shops (read-only; changes go through beta.server). */
import type { Prisma, Shop } from "@prisma/client";
import prisma from "~/db.server";
import { loadConnectionView, type ConnectionView } from "~/upgrades/connection/provider-connection.server";

export interface SupportShopRow {
  id: string;
  domain: string;
  installed: boolean;
  installedAt: string;
  upgradesBeta: boolean;
  provider: string | null;
  connectionState: string | null;
}

export interface SupportShopPage {
  shops: SupportShopRow[];
  page: number;
  pageSize: number;
  hasNext: boolean;
}

export async function listShopsForSupport({
  search,
  betaOnly = false,
  page = 1,
  pageSize = 25,
}: { search?: string; betaOnly?: boolean; page?: number; pageSize?: number } = {}): Promise<SupportShopPage> {
  const term = search?.trim().toLowerCase();
  // Domains are stored lower-case, so a lower-cased "contains" is case-insensitive on both databases.
  const where: Prisma.ShopWhereInput = {
    ...(term ? { OR: [{ domain: { contains: term } }, { id: term }] } : {}),
    ...(betaOnly ? { subscriptionUpgradesBeta: true } : {}),
  };
  const rows = await prisma.shop.findMany({
    where,
    orderBy: [{ domain: "asc" }],
    skip: (page - 1) * pageSize,
    take: pageSize + 1,
    include: { providerConnection: { select: { provider: true, testState: true, needsRetest: true } } },
  });
  return {
    shops: rows.slice(0, pageSize).map((row) => ({
      id: row.id,
      domain: row.domain,
      installed: !row.uninstalledAt,
      installedAt: row.installedAt.toISOString(),
      upgradesBeta: row.subscriptionUpgradesBeta,
      provider: row.providerConnection?.provider ?? null,
      connectionState: row.providerConnection
        ? row.providerConnection.needsRetest
          ? "needs re-test"
          : row.providerConnection.testState
        : null,
    })),
    page,
    pageSize,
    hasNext: rows.length > pageSize,
  };
}

export interface SupportShopDetail {
  shop: Shop;
  connection: ConnectionView | null;
  funnels: number;
  upgradeFunnels: number;
}

export async function getShopForSupport(shopId: string): Promise<SupportShopDetail | null> {
  const shop = await prisma.shop.findUnique({ where: { id: shopId } });
  if (!shop) return null;
  const [connection, funnels, upgradeFunnels] = await Promise.all([
    loadConnectionView(shop.id),
    prisma.funnel.count({ where: { shopId: shop.id } }),
    prisma.funnel.count({ where: { shopId: shop.id, offers: { some: { kind: "subscription_upgrade" } } } }),
  ]);
  return { shop, connection, funnels, upgradeFunnels };
}

/** A shop by id, full domain, or the part before ".myshopify.com" (for the CLI). */
export async function findShopByRef(ref: string): Promise<Shop | null> {
  const value = ref.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/+$/, "");
  const domain = value.includes(".") ? value : `${value}.myshopify.com`;
  return (
    (await prisma.shop.findUnique({ where: { domain } })) ?? (await prisma.shop.findUnique({ where: { id: ref.trim() } }))
  );
}
