import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

/**
 * Stryker runs these tests once per mutant, so only the co-located pure unit tests take
 * part: no database, Redis or browser set-up (tests/support is left out on purpose).
 * domain-boundary.test.ts reads the module sources, which Stryker instruments in its
 * sandbox; it guards imports, not behaviour, so it kills no mutant and is left out.
 */
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: "node",
    include: ["app/domain/*.test.ts", "app/upgrades/*.test.ts"],
    exclude: ["app/domain/domain-boundary.test.ts"],
    pool: "forks",
    reporters: ["default"],
  },
});
