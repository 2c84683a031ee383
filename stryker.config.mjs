// @ts-check
/**
 * Mutation testing of the pure core (issue 20): `npm run test:mutation`.
 * Each mutant is one small wrong program (a flipped boundary, a dropped condition, a
 * changed constant); the co-located unit tests must fail on it ("killed"). A survivor is a
 * mistake that every test lets through.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  // Only the co-located pure unit tests: a mutant run takes milliseconds, not a database.
  vitest: { configFile: "vitest.mutation.config.ts" },
  coverageAnalysis: "perTest",
  mutate: [
    "app/domain/*.ts",
    "!app/domain/*.test.ts",
    "app/upgrades/retry-policy.ts",
    // UpgradeJob.request's one schema (plan, read, lookup): pure, and a wrong rule here
    // would change a paying shopper's subscription the wrong way.
    "app/upgrades/request.ts",
  ],
  // Error-message exclusions: only the skip-reason prose of offer selection (staff
  // diagnostics whose code and rule are tested); see the ignorer for the exact rule.
  plugins: ["@stryker-mutator/*", "./scripts/stryker-skip-reason-messages.mjs"],
  ignorers: ["skip-reason-messages"],
  // Incremental mode: the result file is committed, so CI re-tests only mutants in code
  // (or tests) that changed since it was written. `npx stryker run --force` rebuilds it.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  // Stryker has one global break threshold; scripts/mutation-floor.mjs adds "no module below 80".
  thresholds: { high: 90, low: 85, break: 85 },
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  clearTextReporter: { allowEmojis: false, logTests: false, reportTests: false, reportScoreTable: true },
  // Static mutants (module-level constants: zod schemas, currency tables, patterns) need a
  // fresh module graph and every test per mutant: measured at two thirds of a full run, and
  // over an hour on the shared 2-core machine. Those tables get explicit table tests instead
  // (money.test.ts lists every non-2-decimal currency).
  ignoreStatic: true,
  // The machine is shared (2 cores): two test-runner processes at most.
  concurrency: 2,
  // A busy machine slows every run; a mutant that loops forever still times out.
  timeoutMS: 10_000,
  tempDirName: ".stryker-tmp",
  ignorePatterns: [".stryker-tmp*", ".tools", "docs", "build", ".cache", "test-results", "coverage", ".demo", "prisma/data", "reports/mutation", "extensions/*/dist"],
};
