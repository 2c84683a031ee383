// Prisma CLI configuration for the default SQLite database. The JS schema engine and a
// driver adapter keep every prisma command offline (feasibility.md §3).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { sqliteUrl } from "./prisma/database-url";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaLibSQL({ url: sqliteUrl(process.env.DATABASE_URL) });
  },
});
