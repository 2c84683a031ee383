/**
 * A private PostgreSQL database per test file: created on the server TEST_POSTGRES_URL
 * names, migrated with the real PostgreSQL migrations, dropped afterwards.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import pg from "pg";

export interface TestPostgres {
  url: string;
  drop(): Promise<void>;
}

async function asAdmin(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export async function createTestPostgres(): Promise<TestPostgres> {
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error("TEST_POSTGRES_URL is not set: run the suite with `npm test`, which starts PostgreSQL");
  const name = `uplift_test_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  await asAdmin(adminUrl, `CREATE DATABASE ${name}`);
  const url = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
  execFileSync("npx", ["prisma", "migrate", "deploy", "--config", "prisma/postgresql.config.ts"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { url, drop: () => asAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
