/** Shop-wide notices shown on every admin page. */
import type { Shop } from "@prisma/client";
import prisma from "~/db.server";

export interface ShopBanner {
  id: string;
  tone: "critical" | "warning" | "info";
  title: string;
  message: string;
  action?: { label: string; url: string };
}

export async function loadShopBanners(shop: Shop): Promise<ShopBanner[]> {
  const banners: ShopBanner[] = [];
  const connection = await prisma.providerConnection.findUnique({ where: { shopId: shop.id } });
  // CONN-6: a token that stopped working is flagged by the worker on an auth error.
  if (shop.subscriptionUpgradesBeta && connection?.needsRetest) {
    banners.push({
      id: "provider-needs-retest",
      tone: "critical",
      title: "Your subscription provider key stopped working",
      message:
        (connection.needsRetestReason ? `${connection.needsRetestReason} ` : "") +
        "Subscription upgrades are paused until you test the API key again in Settings › Subscription Upgrades.",
      action: { label: "Re-test API key", url: "/app/settings/upgrades" },
    });
  }
  return banners;
}
