/**
 * The same models and migrations on PostgreSQL (production's database), through the
 * patched @prisma/adapter-pg: migrate deploy, session storage, constraints, cascades.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { createPrismaClient, type Db } from "~/db.server";
import { createTestPostgres, type TestPostgres } from "../support/postgres-database";

let database: TestPostgres;
let db: Db;

beforeAll(async () => {
  database = await createTestPostgres();
  db = createPrismaClient(database.url);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("PostgreSQL", () => {
  it("stores and loads Shopify sessions through PrismaSessionStorage", async () => {
    const storage = new PrismaSessionStorage(db);
    const session = new Session({ id: "offline_pg.myshopify.com", shop: "pg.myshopify.com", state: "s", isOnline: false, accessToken: "shpat_x", scope: "read_products" });
    expect(await storage.storeSession(session)).toBe(true);
    const loaded = await storage.loadSession(session.id);
    expect(loaded?.accessToken).toBe("shpat_x");
    expect(await storage.findSessionsByShop("pg.myshopify.com")).toHaveLength(1);
  });

  it("RUN-8: the database refuses a second acceptance of the same offer for the same order", async () => {
    const shop = await db.shop.create({ data: { domain: "pg-accept.myshopify.com" } });
    const data = { shopId: shop.id, referenceId: "r1", offerKey: "offer-1", kind: "product_upsell", chosenOption: "one_time", amountMinor: 1000, currency: "USD" };
    await db.acceptance.create({ data });
    await expect(db.acceptance.create({ data })).rejects.toMatchObject({ code: "P2002" });
    expect(await db.acceptance.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("OPS-1: deleting a shop cascades to everything it owns", async () => {
    const shop = await db.shop.create({ data: { domain: "pg-redact.myshopify.com" } });
    const funnel = await db.funnel.create({ data: { shopId: shop.id, name: "F" } });
    await db.offer.create({ data: { shopId: shop.id, funnelId: funnel.id, kind: "product_upsell" } });
    await db.auditLog.create({ data: { shopId: shop.id, actor: "support@uplift.test", action: "beta.enable" } });
    await db.shop.delete({ where: { id: shop.id } });
    expect(await db.funnel.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.offer.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { shopId: shop.id } })).toBe(0);
  });
});
