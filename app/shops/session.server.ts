import prisma from "~/db.server";

export async function updateSessionScopes(shopDomain: string, scopes: string[]): Promise<void> {
  await prisma.session.updateMany({ where: { shop: shopDomain }, data: { scope: scopes.join(",") } });
}
