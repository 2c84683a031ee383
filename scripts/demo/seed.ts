/** Seeds the demo shop: its offline session (what OAuth would store) and its Shop row. */
import { Session } from "@shopify/shopify-api";

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
  await prisma.shop.upsert({ where: { domain: shop }, create: { domain: shop, currency: "USD" }, update: {} });
}
