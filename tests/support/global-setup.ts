/**
 * Runs once before the suite: migrates a template SQLite database with the real
 * migrations (prisma migrate deploy); every test file then works on its own copy
 * (tests/support/setup-env.ts), so files never see each other's rows.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const TEMPLATE_DB = path.resolve("test-results/.db/template.sqlite");

export default async function setup(): Promise<void> {
  fs.mkdirSync(path.dirname(TEMPLATE_DB), { recursive: true });
  for (const f of fs.readdirSync(path.dirname(TEMPLATE_DB))) fs.rmSync(path.join(path.dirname(TEMPLATE_DB), f), { force: true });
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  process.env.UPLIFT_TEMPLATE_DB = TEMPLATE_DB;
}
