/** Figures for the dashboard: the last 30 days of the shop's post-purchase results. */
import type { Shop } from "@prisma/client";
import prisma from "~/db.server";

export interface DashboardStats {
  activeFunnels: number;
  totalFunnels: number;
  impressions: number;
  acceptances: number;
  /** Accepted revenue per currency, in minor units. */
  revenue: { currency: string; amountMinor: number }[];
  upgradesByStatus: Record<string, number>;
  providerConnected: boolean;
  upgradesBeta: boolean;
}

export async function loadDashboardStats(shop: Shop, now: Date): Promise<DashboardStats> {
  const since = new Date(now.getTime() - 30 * 24 * 3600 * 1000);
  const scope = { shopId: shop.id };
  const [activeFunnels, totalFunnels, impressions, acceptances, revenue, upgrades, connection] = await Promise.all([
    prisma.funnel.count({ where: { ...scope, status: "active" } }),
    prisma.funnel.count({ where: scope }),
    prisma.offerEvent.count({ where: { ...scope, type: "shown", createdAt: { gte: since } } }),
    prisma.acceptance.count({ where: { ...scope, createdAt: { gte: since } } }),
    prisma.acceptance.groupBy({ by: ["currency"], where: { ...scope, createdAt: { gte: since } }, _sum: { amountMinor: true } }),
    prisma.upgradeJob.groupBy({ by: ["status"], where: scope, _count: { _all: true } }),
    prisma.providerConnection.findUnique({ where: scope }),
  ]);
  return {
    activeFunnels,
    totalFunnels,
    impressions,
    acceptances,
    revenue: revenue.map((r) => ({ currency: r.currency, amountMinor: r._sum.amountMinor ?? 0 })),
    upgradesByStatus: Object.fromEntries(upgrades.map((u) => [u.status, u._count._all])),
    providerConnected: connection?.testState === "valid" && !connection.needsRetest,
    upgradesBeta: shop.subscriptionUpgradesBeta,
  };
}
