/** The Shop row: created on install (or first admin visit), the anchor of every shop-owned row. */
import type { Shop } from "@prisma/client";
import prisma from "~/db.server";

/** Creates the shop, or marks a returning shop installed again. */
export async function recordInstall(domain: string): Promise<Shop> {
  return prisma.shop.upsert({
    where: { domain },
    create: { domain },
    update: { uninstalledAt: null, installedAt: new Date() },
  });
}

/** The shop for an authenticated admin session; created on first sight (idempotent). */
export async function requireShop(domain: string): Promise<Shop> {
  const existing = await prisma.shop.findUnique({ where: { domain } });
  if (existing && !existing.uninstalledAt) return existing;
  return recordInstall(domain);
}
