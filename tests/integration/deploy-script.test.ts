/**
 * Audit S-3: `npm run deploy` resolves the app URL the way the extension build does and
 * refuses to ship without a usable one (`--dry-run` stops after printing it).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The script with only the given URL variables set (none inherited from this shell). */
function dryRun(env: Record<string, string>) {
  const result = spawnSync("bash", ["scripts/deploy.sh", "--dry-run"], {
    cwd: repoRoot,
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...env },
    encoding: "utf8",
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe("npm run deploy -- --dry-run", () => {
  it("audit S-3: shows the URL from UPLIFT_APP_URL and builds nothing", () => {
    const run = dryRun({ UPLIFT_APP_URL: "https://uplift.example.net/" });
    expect(run.code).toBe(0);
    expect(run.out).toContain("deploy: app URL https://uplift.example.net (from UPLIFT_APP_URL)");
    expect(run.out).toContain("dry run");
  });

  it("audit S-3: falls back to SHOPIFY_APP_URL like the build", () => {
    const run = dryRun({ SHOPIFY_APP_URL: "https://cli-tunnel.example.org" });
    expect(run.code).toBe(0);
    expect(run.out).toContain("https://cli-tunnel.example.org (from SHOPIFY_APP_URL)");
  });

  it("audit S-3: fails without a URL of its own (shopify.app.toml holds only the placeholder)", () => {
    const run = dryRun({});
    expect(run.code).toBe(1);
    expect(run.err).toContain("is the placeholder");
    expect(run.err).toContain("set UPLIFT_APP_URL");
  });

  it("audit S-3: refuses a URL the checkout cannot call (not https)", () => {
    const run = dryRun({ UPLIFT_APP_URL: "http://localhost:3000" });
    expect(run.code).toBe(1);
    expect(run.err).toContain("is not https");
  });
});
