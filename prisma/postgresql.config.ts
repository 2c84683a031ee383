// Prisma CLI configuration for PostgreSQL (DATABASE_URL=postgresql://…). Used with
// `prisma … --config prisma/postgresql.config.ts`.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    throw new Error("prisma/postgresql.config.ts needs DATABASE_URL=postgresql://user:password@host:5432/db");
  }
  return url;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("postgresql", "schema.prisma"),
  migrations: { path: path.join("postgresql", "migrations") },
  async adapter() {
    return new PrismaPg({ connectionString: databaseUrl() });
  },
});
