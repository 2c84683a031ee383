/**
 * Issue 13 §6 through the real database: when the shop switches provider, a saved upgrade
 * set up for the old one is flagged in the funnel list at once, the checkout runtime sees
 * the new provider at once (its cache stamp includes the connection), and the settings
 * page can list what a switch would affect before it happens.
 */
import { first } from "../support/entries";
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { selectNextOffer } from "~/domain/offer-selection";
import { startFlow } from "~/domain/flow-state";
import { listFunnels } from "~/funnels/funnels.server";
import { upgradeProviderIssues } from "~/funnels/upgrade-provider-issues.server";
import { loadShopRuntime } from "~/post-purchase/server/shop-runtime.server";
import { RECHARGE_SIM_TOKENS } from "../simulators/providers/recharge";
import { catalogOrder } from "../support/catalog-offers";
import { createUpgradeShop } from "../support/upgrade-fixtures";

async function funnelWithUpgrade(shopId: string, upgrade: { provider: string; billingIntervalCount: number; deliveryIntervalCount: number }) {
  return prisma.funnel.create({
    data: {
      shopId,
      name: "Go bi-monthly",
      status: "active",
      triggerProductIds: JSON.stringify(["gid://shopify/Product/1001"]),
      subscriptionTrigger: "include",
      offers: {
        create: {
          shopId,
          kind: "subscription_upgrade",
          items: {
            create: {
              productId: "gid://shopify/Product/1006",
              variantId: "gid://shopify/ProductVariant/2007",
              productTitle: "Upgrade: Double Bag",
              priceMinor: 1500,
              currency: "USD",
              upgrade: { create: { triggerProductId: "gid://shopify/Product/1001", type: "frequency", intervalUnit: "month", ...upgrade } },
            },
          },
        },
      },
    },
    include: { offers: true },
  });
}

describe("issue 13 §6: switching provider", () => {
  it("a Recharge upgrade is flagged in the funnel list and stops showing at checkout the moment the shop moves to Skio", async () => {
    const shop = await createUpgradeShop({ provider: "recharge", token: RECHARGE_SIM_TOKENS.valid });
    const funnel = await funnelWithUpgrade(shop.id, { provider: "recharge", deliveryIntervalCount: 2, billingIntervalCount: 2 });
    const offer = (runtime: Awaited<ReturnType<typeof loadShopRuntime>>) =>
      selectNextOffer({ order: catalogOrder(5001), funnels: runtime!.funnels, shop: runtime!.state, flow: startFlow() });

    // GIVEN Recharge: no flag, and the offer shows
    expect((await listFunnels(shop.id)).find((f) => f.id === funnel.id)!.providerIssues).toEqual([]);
    expect(offer(await loadShopRuntime(shop.domain, 1)).status).toBe("offer");

    // WHEN the shop connects Skio instead
    await prisma.providerConnection.update({ where: { shopId: shop.id }, data: { provider: "skio" } });

    // THEN the list flags it with the reason and the fix, and checkout skips it at once
    const [issue] = (await listFunnels(shop.id)).find((f) => f.id === funnel.id)!.providerIssues;
    expect(issue).toMatchObject({ offerId: first(funnel.offers).id });
    expect(issue?.reason).toMatch(/set up for Recharge, but the shop now uses Skio/);
    expect(issue?.fix).toMatch(/save it again/);
    const after = offer(await loadShopRuntime(shop.domain, 10_000));
    expect(after.status).not.toBe("offer");
    expect(after.reasons.map((r) => r.code)).toContain("upgrade_not_possible_with_provider");
  });

  it("before a switch, the settings page can name the funnels a provider would break (Loop and prepaid)", async () => {
    const shop = await createUpgradeShop({ provider: "recharge", token: RECHARGE_SIM_TOKENS.valid });
    const funnel = await funnelWithUpgrade(shop.id, { provider: "recharge", deliveryIntervalCount: 1, billingIntervalCount: 6 });
    expect(await upgradeProviderIssues(shop.id, "recharge")).toEqual([]);
    const issues = await upgradeProviderIssues(shop.id, "loop");
    expect(issues.map((i) => [i.funnelName, i.code])).toEqual([
      ["Go bi-monthly", "provider_changed"],
      ["Go bi-monthly", "loop_prepaid"],
    ]);
    expect(issues[0]?.funnelId).toBe(funnel.id);
  });
});
