/**
 * Each table has one owning feature (docs/decisions/0007-layers.md): only it writes the
 * table, and any other module that reads it is listed here with its reason. The check
 * reads the source for Prisma model calls (`prisma.upgradeJob.update…`, `tx.acceptance…`),
 * so a new cross-feature access fails until it is moved to the owner or justified.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const OWNER: Record<string, string> = {
  session: "shops",
  shop: "shops",
  providerConnection: "upgrades",
  funnel: "funnels",
  offer: "funnels",
  offerItem: "funnels",
  upgradeConfig: "funnels",
  signedChangeset: "post-purchase",
  acceptance: "post-purchase",
  offerEvent: "post-purchase",
  upgradeJob: "upgrades",
  upgradeAttempt: "upgrades",
  outboxEvent: "jobs",
  auditLog: "audit",
  postscriptConnection: "integrations/postscript",
  postscriptDelivery: "integrations/postscript",
};

/** Modules allowed to touch every table, and why. */
const CROSS_CUTTING: Record<string, string> = {
  "shops/privacy.server.ts": "GDPR erasure (customers/redact, shop/redact) must remove a person's data from every table in one transaction",
  "security/rotate-keys.server.ts": "key rotation re-encrypts every secret column in one pass",
};

/** Read-only accesses outside the owner: "module → table", with the reason. */
const READS: Record<string, string> = {
  "analytics/dashboard.server.ts → acceptance": "dashboard totals (a read model)",
  "analytics/dashboard.server.ts → funnel": "dashboard totals (a read model)",
  "analytics/dashboard.server.ts → offerEvent": "dashboard totals (a read model)",
  "analytics/dashboard.server.ts → providerConnection": "the getting-started checklist",
  "analytics/dashboard.server.ts → upgradeJob": "dashboard totals (a read model)",
  "funnels/funnels.server.ts → acceptance": "the funnel list's per-funnel results",
  "funnels/funnels.server.ts → offerEvent": "the funnel list's per-funnel results",
  "funnels/upgrade-provider-issues.server.ts → providerConnection": "which provider the shop uses, to flag upgrades it cannot carry out",
  "integrations/postscript/app-events.server.ts → upgradeJob": "an upgrade outcome's event facts (order, customer, offer as signed)",
  "post-purchase/server/flow-record.server.ts → offer": "the offer a purchase's flow is on, read per request",
  "post-purchase/server/offer-lookup.server.ts → offer": "the offer a sign/decision request names",
  "post-purchase/server/shop-runtime.server.ts → funnel": "the checkout's cached funnel definitions",
  "post-purchase/server/shop-runtime.server.ts → offer": "the cache's change stamp",
  "post-purchase/server/shop-runtime.server.ts → shop": "the installed shop and its beta flag, cached",
  "shops/banners.server.ts → providerConnection": "CONN-5/CONN-6 banners",
  "shops/beta.server.ts → providerConnection": "CONN-5: upgrades need the beta and a verified connection",
  "upgrades/order-link.server.ts → acceptance": "the purchase reference of an upgrade's acceptance, to find its order (audit S-1)",
  "staff/shops.server.ts → funnel": "the support console's shop summary (read-only)",
  "staff/shops.server.ts → shop": "the support console's shop search (read-only)",
};

const READ_METHODS = new Set(["findMany", "findFirst", "findUnique", "findFirstOrThrow", "findUniqueOrThrow", "count", "aggregate", "groupBy"]);
const CALL = new RegExp(String.raw`\b(?:prisma|tx|db|client|database)\.(${Object.keys(OWNER).join("|")})\.(\w+)\(`, "g");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function featureOf(module: string): string {
  const [first, second] = module.split("/");
  return first === "integrations" ? `${first}/${second}` : (first ?? "");
}

const accesses = sources("app").flatMap((path) => {
  const module = relative("app", path).split("\\").join("/");
  return Array.from(readFileSync(path, "utf8").matchAll(CALL), (m) => ({ module, table: m[1] ?? "", method: m[2] ?? "" }));
});
const foreign = accesses.filter((a) => OWNER[a.table] !== featureOf(a.module) && !(a.module in CROSS_CUTTING));

describe("table ownership", () => {
  it("finds the model calls it checks", () => {
    expect(accesses.filter((a) => a.module === "upgrades/enqueue.server.ts").map((a) => `${a.table}.${a.method}`)).toContain("upgradeJob.create");
  });

  it("only a table's owner writes it", () => {
    expect(foreign.filter((a) => !READ_METHODS.has(a.method)).map((a) => `${a.module} writes ${a.table} (${a.method})`)).toEqual([]);
  });

  it("every read outside the owner is listed with its reason", () => {
    const unlisted = foreign.map((a) => `${a.module} → ${a.table}`).filter((key) => !(key in READS));
    expect([...new Set(unlisted)]).toEqual([]);
  });

  it("lists no read that no longer happens", () => {
    const happening = new Set(foreign.map((a) => `${a.module} → ${a.table}`));
    expect(Object.keys(READS).filter((key) => !happening.has(key))).toEqual([]);
  });
});
