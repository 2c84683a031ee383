/**
 * The layer rules (docs/decisions/0007-layers.md), run by `npm test`
 * (tests/architecture/layers.test.ts proves each rule fails on a wrong import).
 * Paths are relative to the project root.
 */
const FEATURES = "app/(post-purchase|upgrades|funnels|shops|audit|analytics|staff)/";
const SERVER_ONLY = "(\\.server\\.tsx?$|^app/(db|env|logger|redis|shopify|worker|health)\\.server\\.ts$)";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "Import circles hide which module depends on which: break them by moving the shared part down.", from: {}, to: { circular: true } },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "app/domain is bundled into the checkout extension: it may import only itself and zod.",
      from: { path: "^app/domain/", pathNot: "\\.test\\.ts$" },
      to: { pathNot: ["^app/domain/", "node_modules/zod/"] },
    },
    {
      name: "contract-is-browser-safe",
      severity: "error",
      comment: "The post-purchase contract is what the extension imports: domain, itself and zod only.",
      from: { path: "^app/post-purchase/contract/", pathNot: "\\.test\\.ts$" },
      to: { pathNot: ["^app/domain/", "^app/post-purchase/contract/", "node_modules/zod/"] },
    },
    {
      name: "extension-imports-contract-only",
      severity: "error",
      comment: "The checkout extension may import from the app only the domain and the post-purchase contract.",
      from: { path: "^extensions/" },
      to: { path: "^app/", pathNot: ["^app/domain/", "^app/post-purchase/contract/"] },
    },
    {
      name: "lib-knows-no-feature",
      severity: "error",
      comment: "app/lib holds helpers without feature knowledge.",
      from: { path: "^app/lib/" },
      to: { path: [FEATURES, "^app/(providers|integrations|jobs|security|domain|routes|components)/"] },
    },
    {
      name: "jobs-is-plumbing",
      severity: "error",
      comment: "app/jobs is queue plumbing: features register with it (worker.server.ts wires them), never the reverse.",
      from: { path: "^app/jobs/" },
      to: { path: [FEATURES, "^app/(providers|integrations|security|domain|routes|components)/"] },
    },
    {
      name: "providers-know-no-feature",
      severity: "error",
      comment: "Provider adapters know their provider's API, not Uplift's features.",
      from: { path: "^app/providers/" },
      to: { path: [FEATURES, "^app/(integrations|jobs|security|routes|components)/"] },
    },
    {
      name: "integrations-know-no-feature",
      severity: "error",
      comment: "Integrations (Postscript, Shopify Admin) are called by features; they do not call features.",
      from: { path: "^app/integrations/" },
      to: { path: ["^app/(post-purchase|upgrades|funnels|shops|analytics|staff)/", "^app/(routes|components)/"] },
    },
    { name: "nothing-imports-routes", severity: "error", from: { pathNot: "^app/routes/" }, to: { path: "^app/routes/" } },
    {
      name: "http-mapping-at-the-edge",
      severity: "error",
      comment: "Only the edge (routes and the extension request adapter) turns errors into HTTP statuses.",
      from: { pathNot: ["^app/routes/", "^app/lib/http/", "^app/post-purchase/server/(extension-request|api-error)\\.server\\.ts$"] },
      to: { path: "^app/lib/http/" },
    },
    {
      name: "browser-code-imports-no-server-module",
      severity: "error",
      comment: "Components, the contract and the extension run in the browser: a *.server module there would leak secrets into the bundle (type-only imports are erased, so they may name a loader's types).",
      from: { path: ["^app/components/", "^app/post-purchase/contract/", "^extensions/"] },
      to: { path: SERVER_ONLY, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "database-only-in-owning-features",
      severity: "error",
      comment: "The Prisma client is used only by the features that own tables (tests/architecture/table-ownership.test.ts checks which tables).",
      from: {
        path: "^app/",
        pathNot: [FEATURES, "^app/integrations/postscript/", "^app/jobs/(outbox|reconciler)\\.server\\.ts$", "^app/lib/db-retry\\.server\\.ts$", "^app/security/rotate-keys\\.server\\.ts$", "^app/(shopify|worker|health)\\.server\\.ts$", "\\.test\\.ts$"],
      },
      to: { path: "^app/db\\.server\\.ts$" },
    },
    { name: "app-imports-no-test-code", severity: "error", from: { path: "^app/", pathNot: "\\.test\\.ts$" }, to: { path: "^tests/" } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^build/", "^\\.tools/", "node_modules/\\.prisma", "/dist/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
