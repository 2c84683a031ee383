#!/usr/bin/env node
/**
 * The per-module half of the mutation ratchet (issue 20). Stryker's `break` threshold
 * applies to the overall score only; this reads its JSON report, prints the score of
 * every mutated module and fails, naming them, when any module is under the floor.
 * Score as Stryker counts it: (killed + timed out) / (killed + timed out + survived + no coverage).
 *
 * Usage: node scripts/mutation-floor.mjs [report.json] [--floor 80]
 */
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const floorFlag = args.indexOf("--floor");
const floor = floorFlag >= 0 ? Number(args[floorFlag + 1]) : 80;
const reportPath = args.find((arg, i) => !arg.startsWith("--") && i !== floorFlag + 1) ?? "reports/mutation/mutation.json";

if (!Number.isFinite(floor) || floor < 0 || floor > 100) {
  console.error(`--floor must be a percentage between 0 and 100, got "${args[floorFlag + 1]}".`);
  process.exit(2);
}

let report;
try {
  report = JSON.parse(readFileSync(reportPath, "utf8"));
} catch (error) {
  console.error(`Cannot read the Stryker report ${reportPath} (${error.message}). Run \`npx stryker run\` first; it writes the report there.`);
  process.exit(2);
}

const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

/** Counts per module; compile/runtime errors and ignored mutants are not part of the score. */
function tally(mutants) {
  const count = (statuses) => mutants.filter((m) => statuses.has(m.status)).length;
  const detected = count(DETECTED);
  const undetected = count(UNDETECTED);
  const survived = mutants.filter((m) => m.status === "Survived").length;
  const total = detected + undetected;
  return { detected, survived, noCoverage: undetected - survived, total, score: total === 0 ? 100 : (100 * detected) / total };
}

const rows = Object.entries(report.files ?? {})
  .map(([file, { mutants }]) => ({ file, ...tally(mutants) }))
  .sort((a, b) => a.file.localeCompare(b.file));
if (rows.length === 0) {
  console.error(`${reportPath} lists no mutated module: check "mutate" in stryker.config.mjs.`);
  process.exit(2);
}
const overall = tally(Object.values(report.files).flatMap((f) => f.mutants));

const width = Math.max(...rows.map((r) => r.file.length), "overall".length);
const line = (name, r) =>
  `${name.padEnd(width)}  ${r.score.toFixed(1).padStart(6)} %  ${String(r.detected).padStart(8)}  ${String(r.survived).padStart(8)}  ${String(r.noCoverage).padStart(11)}`;
console.log(`${"module".padEnd(width)}  ${"score".padStart(8)}  detected  survived  no coverage`);
for (const row of rows) console.log(line(row.file, row));
console.log(line("overall", overall));

/**
 * Modules the floor does not apply to yet, with the reason. They still count in the
 * overall score (which must stay >= 85 %) and are printed above. Shrink it, never grow it.
 * changeset-snapshot.ts holds only module-level zod schemas: static mutants, which
 * stryker.config.mjs ignores (ignoreStatic), so its count is stale "no coverage" from before
 * its tests existed (app/domain/changeset-snapshot.test.ts covers every shape).
 */
const BELOW_FLOOR_FOR_NOW = new Set(["app/domain/changeset-snapshot.ts"]);
const waived = rows.filter((r) => r.score < floor && BELOW_FLOOR_FOR_NOW.has(r.file));
if (waived.length > 0) console.warn(`\nStill below ${floor} % (listed in scripts/mutation-floor.mjs, to be raised): ${waived.map((r) => `${r.file} (${r.score.toFixed(1)} %)`).join(", ")}.`);
const below = rows.filter((r) => r.score < floor && !BELOW_FLOOR_FOR_NOW.has(r.file));
if (below.length > 0) {
  console.error(`\nMutation score below ${floor} % in: ${below.map((r) => `${r.file} (${r.score.toFixed(1)} %)`).join(", ")}.`);
  console.error("Add the missing cases to the module's table-driven tests; the HTML report (reports/mutation/mutation.html) shows each survivor.");
  process.exit(1);
}
console.log(waived.length > 0 ? `\nEvery other module is at or above ${floor} %.` : `\nEvery module is at or above ${floor} %.`);
