/**
 * The Prisma client. SQLite (libsql driver) by default; PostgreSQL when DATABASE_URL is a
 * postgresql:// URL. Both clients are generated from the same models
 * (docs/decisions/0002-database.md), so the SQLite client's types describe both.
 */
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresPrismaClient } from "@uplift/prisma-postgresql";
import { isPostgresUrl, sqliteUrl } from "../prisma/database-url";
import { TunedPrismaLibSQL } from "./lib/sqlite-client.server";

export type Db = PrismaClient;

export function createPrismaClient(databaseUrl: string | undefined): Db {
  if (isPostgresUrl(databaseUrl)) {
    return new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl! }) }) as unknown as Db;
  }
  return new PrismaClient({ adapter: new TunedPrismaLibSQL({ url: sqliteUrl(databaseUrl) }) });
}

declare global {
  var upliftPrisma: Db | undefined;
}

// One client per process; in development Vite reloads modules, so keep it on globalThis.
const prisma: Db = globalThis.upliftPrisma ?? createPrismaClient(process.env.DATABASE_URL);
if (process.env.NODE_ENV !== "production") globalThis.upliftPrisma = prisma;

export default prisma;
