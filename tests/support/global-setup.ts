/**
 * Runs once before the suite: migrates a template SQLite database with the real
 * migrations (prisma migrate deploy); every test file then works on its own copy
 * (tests/support/setup-env.ts), so files never see each other's rows. Each run has its
 * own folder, so two runs on one machine never delete each other's databases.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

const ROOT = path.resolve("test-results/.db");
const STALE_MS = 6 * 3600 * 1000;

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
    runDbDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  fs.mkdirSync(ROOT, { recursive: true });
  for (const entry of fs.readdirSync(ROOT)) {
    const full = path.join(ROOT, entry);
    if (Date.now() - fs.statSync(full).mtimeMs > STALE_MS) fs.rmSync(full, { recursive: true, force: true });
  }
  const runDir = path.join(ROOT, `run-${randomUUID().slice(0, 8)}`);
  fs.mkdirSync(runDir);
  const template = path.join(runDir, "template.sqlite");
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${template}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  project.provide("templateDb", template);
  project.provide("runDbDir", runDir);
  return () => fs.rmSync(runDir, { recursive: true, force: true });
}
