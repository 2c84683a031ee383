/**
 * OPS-2: every query is scoped to the authenticated shop.
 *
 * Data-driven, so a new admin route is covered the day it is added: every
 * app/routes/app*.tsx module is imported, and its loader and action are called with shop
 * A's session and shop B's ids in every $param, in the query string and in the form/JSON
 * fields actions commonly read, across the usual intents. Each answer must be a 403/404
 * or hold none of B's data, and B's rows — every row that belongs to or points at B,
 * found through the Prisma schema — must be unchanged afterwards.
 */
import fs from "node:fs";
import path from "node:path";
import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { encryptSecret } from "~/security/encryption.server";
import { secretContext } from "~/security/secret-columns.server";
import { adminRequest, callRoute, installShop } from "../support/shopify";
import { at, entry } from "../support/entries";
import { seedProviderConnection } from "../support/provider-connection";

const SHOP_A = "isolation-a.myshopify.com";
const SHOP_B = "isolation-b.myshopify.com";
const B_TOKEN = "rc_live_shop_b_secret_token_0123456789";
const B_MARK = "B-PRIVATE-7c1e";

type Kind =
  | "shop" | "providerConnection" | "funnel" | "offer" | "offerItem" | "upgradeConfig" | "signedChangeset"
  | "acceptance" | "offerEvent" | "upgradeJob" | "upgradeAttempt" | "outboxEvent" | "auditLog"
  | "postscriptConnection" | "postscriptDelivery";
type Ids = Record<Kind, string>;

/** One row in every shop-owned table; B's rows carry B_MARK in their free text. */
async function seedShop(domain: string, mark: string, token: string): Promise<Ids> {
  const shop = await prisma.shop.create({ data: { domain, subscriptionUpgradesBeta: true, currency: "EUR" } });
  await seedProviderConnection(shop, "recharge", token);
  const providerConnection = await prisma.providerConnection.findUniqueOrThrow({ where: { shopId: shop.id } });
  const funnel = await prisma.funnel.create({ data: { shopId: shop.id, name: `${mark} funnel`, status: "active", priority: 5 } });
  const offer = await prisma.offer.create({
    data: { shopId: shop.id, funnelId: funnel.id, kind: "subscription_upgrade", headline: `${mark} headline`, body: `${mark} body` },
  });
  const offerItem = await prisma.offerItem.create({
    data: { offerId: offer.id, productId: "gid://shopify/Product/9001", variantId: "gid://shopify/ProductVariant/9002", productTitle: `${mark} product`, priceMinor: 1234, currency: "EUR" },
  });
  const upgradeConfig = await prisma.upgradeConfig.create({
    data: { offerItemId: offerItem.id, triggerProductId: "gid://shopify/Product/9003", triggerProductTitle: `${mark} trigger`, type: "frequency", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1 },
  });
  const signedChangeset = await prisma.signedChangeset.create({
    data: { shopId: shop.id, jti: `${mark}-jti-${domain}`, referenceId: `${mark}-ref`, offerId: offer.id, changes: "[]", snapshot: `{"note":"${mark}"}`, amountMinor: 1234, currency: "EUR" },
  });
  const acceptance = await prisma.acceptance.create({
    data: { shopId: shop.id, referenceId: `${mark}-ref`, orderId: "gid://shopify/Order/9100", customerId: "gid://shopify/Customer/9200", funnelId: funnel.id, offerId: offer.id, offerKey: `${mark}-offer-key`, kind: "subscription_upgrade", chosenOption: "one_time", signedChangesetId: signedChangeset.id, amountMinor: 1234, currency: "EUR" },
  });
  const offerEvent = await prisma.offerEvent.create({ data: { shopId: shop.id, referenceId: `${mark}-ref`, offerId: offer.id, offerKey: `${mark}-offer-key`, type: "shown" } });
  const upgradeJob = await prisma.upgradeJob.create({
    data: { shopId: shop.id, acceptanceId: acceptance.id, provider: "recharge", status: "failed", customerName: `${mark} customer`, request: `{"note":"${mark}"}`, lastErrorMessage: `${mark} error` },
  });
  const upgradeAttempt = await prisma.upgradeAttempt.create({ data: { upgradeJobId: upgradeJob.id, number: 1, outcome: "failed", errorMessage: `${mark} attempt` } });
  const outboxEvent = await prisma.outboxEvent.create({ data: { shopId: shop.id, topic: "upgrade", dedupeKey: `${mark}-dedupe-${domain}`, payload: `{"note":"${mark}"}` } });
  const auditLog = await prisma.auditLog.create({ data: { shopId: shop.id, shopDomain: domain, actor: `${mark} actor`, action: "test.seed", reason: `${mark} reason` } });
  const postscriptConnection = await prisma.postscriptConnection.create({
    data: { shopId: shop.id, enabled: true, keyword: `${mark}kw`, apiKeyCiphertext: encryptSecret(`sk_${mark}`, { context: secretContext.postscriptApiKey(shop.id) }), apiKeyLast4: "9999" },
  });
  const postscriptDelivery = await prisma.postscriptDelivery.create({
    data: { shopId: shop.id, eventType: "upgrade_accepted", externalId: `${mark}-ext`, body: `{"phone":"+15550000000","note":"${mark}"}` },
  });
  return {
    shop: shop.id, providerConnection: providerConnection.id, funnel: funnel.id, offer: offer.id, offerItem: offerItem.id,
    upgradeConfig: upgradeConfig.id, signedChangeset: signedChangeset.id, acceptance: acceptance.id, offerEvent: offerEvent.id,
    upgradeJob: upgradeJob.id, upgradeAttempt: upgradeAttempt.id, outboxEvent: outboxEvent.id, auditLog: auditLog.id,
    postscriptConnection: postscriptConnection.id, postscriptDelivery: postscriptDelivery.id,
  };
}

// ---------------------------------------------------------------------------------------
// B's footprint, found through the schema: rows with B's shopId, then rows whose foreign
// keys point at any of those rows (offers in B's funnels, attempts of B's jobs, …) — even
// rows another shop created, since those would be cross-shop writes.

type Model = (typeof Prisma.dmmf.datamodel.models)[number];
const MODELS = Prisma.dmmf.datamodel.models;
const delegate = (model: Model) =>
  entry(
    prisma as unknown as Record<string, { findMany(args: unknown): Promise<Array<Record<string, unknown>>> }>,
    model.name.charAt(0).toLowerCase() + model.name.slice(1),
  );

/**
 * The scalar holding a relation's foreign key. The runtime DMMF omits relationFromFields,
 * so go by the schema's naming convention: `shop` → shopId, `parent` (Offer) → parentOfferId.
 */
function foreignKey(model: Model, field: Model["fields"][number]): string | undefined {
  if (field.kind !== "object") return undefined;
  const scalars = new Set(model.fields.filter((f) => f.kind === "scalar").map((f) => f.name));
  return [`${field.name}Id`, `${field.name}${field.type}Id`].find((name) => scalars.has(name));
}

async function footprint(shopId: string, domain: string): Promise<Record<string, Array<Record<string, unknown>>>> {
  const rows = new Map<string, Map<string, Record<string, unknown>>>(MODELS.map((m) => [m.name, new Map()]));
  const add = (model: string, found: Array<Record<string, unknown>>) => {
    let grew = false;
    for (const row of found) {
      const key = String(row.id);
      if (!rows.get(model)!.has(key)) grew = true;
      rows.get(model)!.set(key, row);
    }
    return grew;
  };
  add("Shop", await prisma.shop.findMany({ where: { id: shopId } }));
  add("Session", await prisma.session.findMany({ where: { shop: domain } }));
  for (let pass = 0, grew = true; grew && pass < 5; pass++) {
    grew = false;
    for (const model of MODELS) {
      for (const field of model.fields) {
        const fk = foreignKey(model, field);
        if (!fk) continue;
        const ids = [...rows.get(field.type)!.keys()];
        if (ids.length === 0) continue;
        const found = await delegate(model).findMany({ where: { [fk]: { in: ids } } });
        if (add(model.name, found)) grew = true;
      }
    }
  }
  return Object.fromEntries(
    [...rows].map(([name, map]) => [name, [...map.values()].sort((a, b) => String(a.id).localeCompare(String(b.id)))]),
  );
}

const serialise = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

// ---------------------------------------------------------------------------------------
// The walk.

interface RouteModule {
  loader?: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;
  action?: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;
}

interface AdminRoute {
  file: string;
  /** URL pattern, e.g. /app/funnels/$funnelId. */
  pattern: string;
  params: string[];
}

/** Every embedded-admin route module: app.tsx, app.*.tsx, and app.*\/route.tsx folders. */
function discoverAdminRoutes(dir = path.resolve("app/routes")): AdminRoute[] {
  const routes: AdminRoute[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    let name: string;
    let file: string;
    if (entry.isFile() && /^app(\..+)?\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
      name = entry.name.replace(/\.tsx?$/, "");
      file = path.join(dir, entry.name);
    } else if (entry.isDirectory() && /^app(\.|$)/.test(entry.name)) {
      const inner = ["route.tsx", "route.ts"].map((f) => path.join(dir, entry.name, f)).find((f) => fs.existsSync(f));
      if (!inner) continue;
      name = entry.name;
      file = inner;
    } else continue;
    const segments: string[] = [];
    const params: string[] = [];
    for (const raw of name.split(".")) {
      const segment = raw.replace(/_$/, "").replace(/^\((.*)\)$/, "$1");
      if (segment === "_index" || segment.startsWith("_") || segment === "") continue;
      if (segment === "$") {
        params.push("*");
        segments.push("$*");
      } else {
        if (segment.startsWith("$")) params.push(segment.slice(1));
        segments.push(segment);
      }
    }
    routes.push({ file, pattern: `/${segments.join("/")}`, params });
  }
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/**
 * Which of B's ids to try for a $param: judged by its name (`$funnelId`), else by the
 * segment before it (`funnels/$id`), else all of them.
 */
function candidateKinds(param: string, previousSegment = ""): Kind[] {
  const table: Array<[RegExp, Kind[]]> = [
    [/funnel/i, ["funnel"]],
    [/item/i, ["offerItem"]],
    [/config/i, ["upgradeConfig"]],
    [/offer/i, ["offer", "offerItem"]],
    [/attempt/i, ["upgradeAttempt"]],
    [/changeset/i, ["signedChangeset"]],
    [/acceptance/i, ["acceptance"]],
    [/upgrade|job/i, ["upgradeJob", "acceptance"]],
    [/deliver/i, ["postscriptDelivery"]],
    [/event/i, ["offerEvent", "outboxEvent"]],
    [/audit|log/i, ["auditLog"]],
    [/connection/i, ["providerConnection", "postscriptConnection"]],
    [/shop/i, ["shop"]],
  ];
  const byName = (text: string) => table.find(([re]) => re.test(text))?.[1];
  return byName(param) ?? byName(previousSegment.replace(/^\$.*/, "")) ?? (Object.keys(bIds) as Kind[]);
}

/** All-B combinations, plus (for nested routes) A's parent with B's child and vice versa. */
function paramSets(route: AdminRoute): Array<Record<string, string>> {
  if (route.params.length === 0) return [{}];
  const sets: Array<Record<string, string>> = [];
  const segments = route.pattern.split("/");
  const perParam = route.params.map((p) => candidateKinds(p, segments[segments.indexOf(`$${p}`) - 1]));
  const product = (i: number, acc: Record<string, string>, owner: (j: number) => Ids) => {
    if (i === route.params.length) return void sets.push({ ...acc });
    for (const kind of at(perParam, i)) product(i + 1, { ...acc, [at(route.params, i)]: owner(i)[kind] }, owner);
  };
  product(0, {}, () => bIds);
  if (route.params.length > 1) {
    for (let victim = 0; victim < route.params.length; victim++) product(0, {}, (j) => (j === victim ? bIds : aIds));
  }
  return sets;
}

const urlFor = (pattern: string, params: Record<string, string>) =>
  pattern.replace(/\$(\*|[A-Za-z0-9_]+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? ""));

const INTENTS = ["", "save", "update", "delete", "create", "activate", "deactivate", "toggle", "reorder", "duplicate", "retry", "test", "retest", "disconnect", "send-test"];

/** The fields an action might read an id from, each set to B's id of that kind. */
function hostileFields(genericId: string): Record<string, string> {
  return {
    id: genericId,
    shopId: bIds.shop,
    shop: SHOP_B,
    funnelId: bIds.funnel,
    offerId: bIds.offer,
    parentOfferId: bIds.offer,
    offerItemId: bIds.offerItem,
    itemId: bIds.offerItem,
    upgradeId: bIds.upgradeJob,
    upgradeJobId: bIds.upgradeJob,
    jobId: bIds.upgradeJob,
    acceptanceId: bIds.acceptance,
    deliveryId: bIds.postscriptDelivery,
    ids: JSON.stringify(Object.values(bIds)),
    order: JSON.stringify([bIds.funnel, aIds.funnel]),
    funnelIds: JSON.stringify([bIds.funnel]),
    status: "inactive",
    name: "renamed by shop A",
    priority: "99",
  };
}

interface Finding {
  call: string;
  status: number | "threw";
  leaked: string[];
}

/** B's data as it could appear in an answer: every id and every marked string. */
let bSecrets: string[] = [];

function leaks(text: string): string[] {
  return bSecrets.filter((s) => text.includes(s));
}

async function probe(
  fn: NonNullable<RouteModule["loader"]>,
  request: Request,
  params: Record<string, string>,
  label: string,
): Promise<Finding> {
  try {
    const response = await Promise.race([
      callRoute(fn, request, params),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer within 10 s")), 10_000)),
    ]);
    if (response.status === 403 || response.status === 404) return { call: label, status: response.status, leaked: [] };
    const text = `${response.headers.get("Location") ?? ""}\n${await response.text()}`;
    return { call: label, status: response.status, leaked: leaks(text) };
  } catch (error) {
    // A crash is not a leak (the error boundary shows no data), but its message must not carry B's data.
    const text = error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error);
    return { call: label, status: "threw", leaked: leaks(text) };
  }
}

async function walkRoute(route: AdminRoute, module: RouteModule): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const params of paramSets(route)) {
    const url = urlFor(route.pattern, params);
    if (module.loader) {
      for (const id of [undefined, ...Object.values(bIds)]) {
        const query = id ? `?${new URLSearchParams({ id, funnelId: bIds.funnel, offerId: bIds.offer, shop: SHOP_B })}` : "";
        findings.push(await probe(module.loader, await adminRequest(SHOP_A, `${url}${query}`), params, `GET ${url}${query}`));
      }
    }
    if (module.action) {
      for (const intent of INTENTS) {
        for (const id of Object.values(bIds)) {
          const fields = { ...hostileFields(id), ...(intent ? { intent, _action: intent } : {}) };
          const form = await adminRequest(SHOP_A, url, { method: "POST", body: new URLSearchParams(fields) });
          findings.push(await probe(module.action, form, params, `POST ${url} form intent=${intent} id=${id}`));
        }
        const json = await adminRequest(SHOP_A, url, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ ...hostileFields(bIds.funnel), intent, ids: Object.values(bIds), order: [bIds.funnel, aIds.funnel] }),
        });
        findings.push(await probe(module.action, json, params, `POST ${url} json intent=${intent}`));
      }
    }
  }
  return findings;
}

let aIds: Ids;
let bIds: Ids;
const routes = discoverAdminRoutes();
let shopifySim: { close(): Promise<void> } | undefined;

beforeAll(async () => {
  // No provider or Shopify call may leave the machine: providers point at a closed port,
  // Admin API calls go to the store simulator (shop A only: B's token is never presented).
  for (const name of ["RECHARGE_API_URL", "SKIO_API_URL", "LOOP_API_URL", "POSTSCRIPT_API_URL"]) process.env[name] = "http://127.0.0.1:9";
  process.env.PROVIDER_TIMEOUT_MS = "500";
  const { startShopifySimulator } = await import("../simulators/shopify/server");
  const sim = await startShopifySimulator({ shops: [{ domain: SHOP_A, accessToken: `shpat_${SHOP_A.split(".")[0]}`, catalog: "demo" }] });
  shopifySim = sim;
  const { setAbstractFetchFunc } = await import("@shopify/shopify-api/runtime");
  const realFetch = globalThis.fetch;
  setAbstractFetchFunc(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (!url.hostname.endsWith(".myshopify.com")) return realFetch(input, init);
    const headers = new Headers(init?.headers);
    headers.set("X-Simulated-Shop", url.hostname);
    return realFetch(`${sim.url}${url.pathname}${url.search}`, { ...init, headers });
  });

  await installShop(SHOP_A);
  await installShop(SHOP_B);
  aIds = await seedShop(SHOP_A, "A-OWN-3f2d", "rc_live_shop_a_token_abcdefghijklmnop");
  bIds = await seedShop(SHOP_B, B_MARK, B_TOKEN);
  bSecrets = [...Object.values(bIds), B_MARK, SHOP_B, B_TOKEN, "isolation-b"];
}, 60_000);

afterAll(async () => {
  await shopifySim?.close();
});

describe("shop isolation (OPS-2)", () => {
  it("OPS-2: the walk finds every embedded-admin route file, including the beta settings page", () => {
    const patterns = routes.map((r) => r.pattern);
    expect(patterns).toEqual(expect.arrayContaining(["/app", "/app/settings", "/app/settings/upgrades"]));
    const onDisk = fs.readdirSync("app/routes").filter((f) => /^app(\.|$)/.test(f) && !/\.test\./.test(f));
    expect(routes).toHaveLength(onDisk.filter((f) => fs.statSync(path.join("app/routes", f)).isFile() || fs.existsSync(path.join("app/routes", f, "route.tsx")) || fs.existsSync(path.join("app/routes", f, "route.ts"))).length);
  });

  it("OPS-2: B's footprint covers every table (a new model must be seeded above to be checked)", async () => {
    const rows = await footprint(bIds.shop, SHOP_B);
    const empty = MODELS.map((m) => m.name).filter((name) => entry(rows, name).length === 0);
    expect(empty).toEqual([]);
  });

  it("OPS-2: the leak detector and the snapshot catch an unscoped route (so the walk can fail)", async () => {
    const before = serialise(await footprint(bIds.shop, SHOP_B));
    const leaky: RouteModule = {
      loader: async ({ request }) => prisma.funnel.findUnique({ where: { id: new URL(request.url).searchParams.get("id") ?? "" } }),
      action: async ({ request }) => {
        const id = String((await request.formData()).get("funnelId"));
        await prisma.funnel.updateMany({ where: { id }, data: { name: "hijacked" } });
        return null;
      },
    };
    const findings = await walkRoute({ file: "leaky", pattern: "/app/leaky", params: [] }, leaky);
    expect(findings.some((f) => f.leaked.length > 0)).toBe(true);
    const after = serialise(await footprint(bIds.shop, SHOP_B));
    expect(after).not.toBe(before);
    await prisma.funnel.update({ where: { id: bIds.funnel }, data: { name: `${B_MARK} funnel` } });
  });

  it.each(routes.map((r) => [`${r.pattern} (${path.basename(r.file)})`, r] as const))(
    "OPS-2: %s answers shop A's session with shop B's ids by 403/404 or without B's data, and changes nothing of B's",
    async (_pattern, route) => {
      const module = (await import(/* @vite-ignore */ route.file)) as RouteModule;
      const before = serialise(await footprint(bIds.shop, SHOP_B));
      const findings = await walkRoute(route, module);
      const after = serialise(await footprint(bIds.shop, SHOP_B));

      expect(findings.length).toBeGreaterThan(0);
      const leaked = findings.filter((f) => f.leaked.length > 0);
      expect(leaked, `answers that carry shop B's data:\n${leaked.map((f) => `${f.call} → ${f.status}: ${f.leaked.join(", ")}`).join("\n")}`).toEqual([]);
      expect(after).toBe(before);
    },
    300_000,
  );
});
