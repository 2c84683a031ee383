/**
 * The layer rules of .dependency-cruiser.cjs (docs/decisions/0007-layers.md) hold for the
 * real tree, and each rule fails on a deliberately wrong import in a scratch tree laid
 * out like the app — so the check can fail, and a rule that stopped matching is noticed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cruise, type ICruiseOptions, type IReporterOutput } from "dependency-cruiser";
import { afterAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const config = require("../../.dependency-cruiser.cjs") as { forbidden: NonNullable<ICruiseOptions["ruleSet"]>["forbidden"]; options: ICruiseOptions };

async function violations(paths: string[], baseDir: string, withTsConfig: boolean): Promise<Array<{ rule: string; from: string; to: string }>> {
  const { tsConfig: _tsConfig, ...options } = config.options as ICruiseOptions & { tsConfig?: unknown };
  const cwd = process.cwd();
  process.chdir(baseDir);
  try {
    const result: IReporterOutput = await cruise(
      paths,
      { ...options, ruleSet: { forbidden: config.forbidden }, validate: true },
      undefined,
      withTsConfig ? { tsConfig: require("typescript").readConfigFile(join(baseDir, "tsconfig.json"), require("typescript").sys.readFile).config } : undefined,
    );
    const output = typeof result.output === "string" ? JSON.parse(result.output) : result.output;
    return output.summary.violations.map((v: { rule: { name: string }; from: string; to: string }) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  } finally {
    process.chdir(cwd);
  }
}

describe("layer rules (dependency-cruiser)", () => {
  it("the app and the extension break no layer rule and have no import circle", async () => {
    expect(await violations(["app", "extensions/post-purchase-offer/src"], process.cwd(), true)).toEqual([]);
  }, 60_000);

  const scratch = mkdtempSync(join(tmpdir(), "uplift-layers-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const write = (path: string, source: string) => {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), source);
  };
  write("app/db.server.ts", "export const db = 1;\n");
  write("app/upgrades/processor.server.ts", "export const processor = 1;\n");
  write("app/routes/app._index.tsx", "export const route = 1;\n");
  write("app/lib/http/error-status.ts", "export const statusOf = 1;\n");

  it.each([
    ["domain-is-pure", "app/domain/pricing.ts", 'import { db } from "../db.server";\nexport const x = db;\n'],
    ["contract-is-browser-safe", "app/post-purchase/contract/api.ts", 'import { processor } from "../../upgrades/processor.server";\nexport const x = processor;\n'],
    ["extension-imports-contract-only", "extensions/offer/src/index.tsx", 'import { processor } from "../../../app/upgrades/processor.server";\nexport const x = processor;\n'],
    ["lib-knows-no-feature", "app/lib/helper.ts", 'import { processor } from "../upgrades/processor.server";\nexport const x = processor;\n'],
    ["jobs-is-plumbing", "app/jobs/queues.server.ts", 'import { processor } from "../upgrades/processor.server";\nexport const x = processor;\n'],
    ["providers-know-no-feature", "app/providers/recharge/adapter.server.ts", 'import { processor } from "../../upgrades/processor.server";\nexport const x = processor;\n'],
    ["integrations-know-no-feature", "app/integrations/postscript/client.server.ts", 'import { processor } from "../../upgrades/processor.server";\nexport const x = processor;\n'],
    ["nothing-imports-routes", "app/funnels/funnels.server.ts", 'import { route } from "../routes/app._index";\nexport const x = route;\n'],
    ["http-mapping-at-the-edge", "app/upgrades/retry.server.ts", 'import { statusOf } from "../lib/http/error-status";\nexport const x = statusOf;\n'],
    ["browser-code-imports-no-server-module", "app/components/Card.tsx", 'import { processor } from "../upgrades/processor.server";\nexport const x = processor;\n'],
    ["database-only-in-owning-features", "app/providers/index.server.ts", 'import { db } from "../db.server";\nexport const x = db;\n'],
    ["app-imports-no-test-code", "app/shops/shop.server.ts", 'import { sim } from "../../tests/simulators/sim";\nexport const x = sim;\n'],
  ])("%s fails on a wrong import (%s)", async (rule, file, source) => {
    write("tests/simulators/sim.ts", "export const sim = 1;\n");
    write(file, source);
    try {
      const found = await violations([file], scratch, false);
      expect(found.map((v) => v.rule)).toContain(rule);
    } finally {
      rmSync(join(scratch, file));
    }
  });

  it("no-circular fails on an import circle", async () => {
    write("app/funnels/a.server.ts", 'import { b } from "./b.server";\nexport const a = () => b;\n');
    write("app/funnels/b.server.ts", 'import { a } from "./a.server";\nexport const b = () => a;\n');
    const found = await violations(["app/funnels"], scratch, false);
    expect(found).toContainEqual({ rule: "no-circular", from: "app/funnels/a.server.ts", to: "app/funnels/b.server.ts" });
  });
});
