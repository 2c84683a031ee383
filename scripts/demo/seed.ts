/** Seeds the demo shop: its offline session (what OAuth would store), its Shop row and a demo funnel. */
import { Session } from "@shopify/shopify-api";
import type { SeedFunnel } from "./post-purchase/funnel-seed";

/** Shows on every order, so the local post-purchase page has an offer out of the box. */
export const DEMO_FUNNEL: SeedFunnel = {
  name: "Coffee lovers",
  showToAll: true,
  offers: [
    {
      key: "decaf",
      kind: "subscription_upsell",
      headline: "Add Decaf Roast to your routine",
      body: "Smooth, low-acid decaf for the evening cup. Subscribe and your first bag is 20% off.",
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
  if (!(await prisma.funnel.findFirst({ where: { shopId: row.id, name: DEMO_FUNNEL.name } }))) {
    const { createSeedFunnel } = await import("./post-purchase/funnel-seed");
    await createSeedFunnel(prisma, row.id, DEMO_FUNNEL);
  }
}
