/**
 * app/domain is bundled into the checkout extension (a web-worker sandbox) by relative
 * path: its runtime modules may import only each other and zod, and nothing Node-specific.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const runtimeModules = readdirSync(here).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"));
const IMPORT = /(?:import|export)[^"';]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g;

describe("domain boundary", () => {
  it("finds the runtime modules", () => {
    expect(runtimeModules).toEqual(expect.arrayContaining(["money.ts", "offer-selection.ts", "post-purchase-flow.ts"]));
  });

  it.each(runtimeModules)("%s imports only ./siblings and zod", (name) => {
    const source = readFileSync(join(here, name), "utf8");
    const specifiers = Array.from(source.matchAll(IMPORT), (m) => m[1] ?? m[2] ?? m[3] ?? "");
    const foreign = specifiers.filter((s) => !(s === "zod" || /^\.\/[a-z0-9-]+$/.test(s)));
    expect(foreign).toEqual([]);
    expect(source).not.toMatch(/\bprocess\.|\bBuffer\b|\bDate\.now\(|new Date\(\)|Math\.random\(/);
  });
});
