/**
 * The post-purchase endpoints' per-shop cache (shop-runtime.server.ts): one stamp read
 * for many concurrent checkouts, and a change made by another process (no in-process
 * invalidation) seen once the stamp is checked again.
 */
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loadShopRuntime, STAMP_CHECK_MS } from "~/post-purchase/server/shop-runtime.server";
import { seedFunnel, seedShop } from "./runtime-fixtures";

let counter = 0;
const domain = (label: string) => `runtime-cache-${label}-${++counter}.myshopify.com`;

describe("shop runtime cache", () => {
  it("concurrent requests while the stamp is being checked share one check and one view", async () => {
    const shop = await seedShop(domain("single-flight"));
    await seedFunnel(shop.id, { name: "F", showToAll: true, offers: [{ key: "mug", items: [{ variantId: 2005 }] }] });
    const now = Date.now();
    const views = await Promise.all(Array.from({ length: 20 }, () => loadShopRuntime(shop.domain, now)));
    expect(new Set(views).size).toBe(1);
    expect(views[0]?.funnels).toHaveLength(1);
  });

  it("FUN-1: a funnel deactivated by another process drops out once the stamp is checked again, and not before", async () => {
    const shop = await seedShop(domain("cross-process"));
    const { funnelId } = await seedFunnel(shop.id, { name: "F", showToAll: true, offers: [{ key: "mug", items: [{ variantId: 2005 }] }] });
    const now = Date.now();
    expect((await loadShopRuntime(shop.domain, now))?.funnels.map((f) => f.id)).toEqual([funnelId]);
    // Another process's edit: a row update, no invalidateShopRuntime() here.
    await prisma.funnel.update({ where: { id: funnelId }, data: { status: "inactive", updatedAt: new Date(now + 5) } });
    expect((await loadShopRuntime(shop.domain, now + STAMP_CHECK_MS - 1))?.funnels).toHaveLength(1);
    expect((await loadShopRuntime(shop.domain, now + STAMP_CHECK_MS))?.funnels).toEqual([]);
  });
});
