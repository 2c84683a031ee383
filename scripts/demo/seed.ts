/** Seeds the demo shop: its offline session (what OAuth would store), its Shop row and the demo funnels. */
import { Session } from "@shopify/shopify-api";
import type { SeedFunnel } from "./post-purchase/funnel-seed";

/**
 * Offers for one-time orders only, so the local post-purchase page has an offer out of
 * the box without shadowing what the tour builds: an upgrade funnel fires on orders
 * with a subscription, which this funnel excludes (FUN-2).
 */
export const DEMO_FUNNEL: SeedFunnel = {
  name: "Coffee lovers (one-time orders)",
  subscriptionTrigger: "exclude",
  offers: [
    {
      key: "decaf",
      kind: "subscription_upsell",
      headline: "Add Decaf Roast to your routine",
      // Sold both ways here (the funnel only sees one-time orders), with the discount on either.
      body: "Smooth, low-acid decaf for the evening cup. 20% off this bag — buy it once, or subscribe and get it every month.",
      purchaseOption: "both",
      defaultOption: "subscription",
      discount: { type: "percentage", value: 2000 },
      items: [{ variantId: 2009 }],
    },
    {
      key: "mug",
      parent: "decaf",
      branch: "decline",
      headline: "How about a mug to go with it?",
      discount: { type: "percentage", value: 1000 },
      items: [{ variantId: 2005 }],
    },
  ],
};

/**
 * SPEC UPS-4's worked example on the local post-purchase page: a $30 Milk Frother order,
 * a $25/month Cold Brew plan at 20 % off → accept $20.00, recurring $25.00 every month.
 * Ranked above the one-time funnel, whose triggers are broader.
 */
export const WORKED_EXAMPLE_FUNNEL: SeedFunnel = {
  name: "Frother buyers: cold brew",
  priority: 1,
  triggerProductIds: [1005],
  subscriptionTrigger: "exclude",
  offers: [
    {
      key: "cold-brew",
      kind: "subscription_upsell",
      headline: "Cold brew for your new frother",
      body: "A 32 oz bottle delivered every month. 20% off the first delivery.",
      purchaseOption: "subscription",
      defaultOption: "subscription",
      discount: { type: "percentage", value: 2000 },
      items: [{ variantId: 2010 }],
    },
  ],
};

/** Every funnel the demo starts with; the tour's own funnels come on top. */
export const DEMO_FUNNELS: readonly SeedFunnel[] = [DEMO_FUNNEL, WORKED_EXAMPLE_FUNNEL];

export async function seedDemo({ shop }: { shop: string }): Promise<void> {
  const { default: prisma } = await import("../../app/db.server");
  const { PrismaSessionStorage } = await import("@shopify/shopify-app-session-storage-prisma");
  const storage = new PrismaSessionStorage(prisma);
  await storage.storeSession(
    new Session({
      id: `offline_${shop}`,
      shop,
      state: "demo",
      isOnline: false,
      scope: process.env.SCOPES,
      accessToken: "shpat_demo",
    }),
  );
  const row = await prisma.shop.upsert({ where: { domain: shop }, create: { domain: shop, currency: "USD" }, update: {} });
  const { createSeedFunnel } = await import("./post-purchase/funnel-seed");
  for (const funnel of DEMO_FUNNELS) {
    if (await prisma.funnel.findFirst({ where: { shopId: row.id, name: funnel.name } })) continue;
    await createSeedFunnel(prisma, row.id, funnel);
  }
}
