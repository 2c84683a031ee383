/**
 * Route tests whose loaders and actions call `admin.graphql`: an in-process Shopify store
 * simulator, and the app's Admin API fetch pointed at it the way the demo launcher does
 * (scripts/demo/server.ts): https://<shop>/admin/api/... is rewritten to the simulator
 * with the shop in X-Simulated-Shop. Each shop is seeded with the access token
 * installShop() stores (`shpat_<shop name>`), so a token mix-up fails with a 401.
 */
import { startShopifySimulator, type ShopifySimulator } from "../simulators/shopify/server";
import { installShop } from "./shopify";

export interface AdminApi {
  sim: ShopifySimulator;
  /** Every Admin API request the app made: shop and GraphQL operation name. */
  requests: Array<{ shop: string; operationName: string | null }>;
  close(): Promise<void>;
}

export const accessTokenFor = (shop: string) => `shpat_${shop.split(".")[0]}`;

export async function startAdminApi(shops: Array<string | { domain: string; catalog?: "demo" | "empty"; currencyCode?: string }>): Promise<AdminApi> {
  const seeds = shops.map((s) => (typeof s === "string" ? { domain: s } : s));
  const sim = await startShopifySimulator({
    shops: seeds.map((s, index) => ({ domain: s.domain, accessToken: accessTokenFor(s.domain), id: 70_001 + index, catalog: s.catalog ?? "demo", currencyCode: s.currencyCode })),
  });
  for (const seed of seeds) await installShop(seed.domain);

  // shopify-app-remix installs its own fetch when it is imported: replace it afterwards.
  await import("~/shopify.server");
  const { setAbstractFetchFunc } = await import("@shopify/shopify-api/runtime");
  const domains = new Set(seeds.map((s) => s.domain));
  const requests: AdminApi["requests"] = [];
  const realFetch = globalThis.fetch;
  setAbstractFetchFunc(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (!domains.has(url.hostname) || !url.pathname.startsWith("/admin/")) return realFetch(input, init);
    const headers = new Headers(init?.headers);
    headers.set("X-Simulated-Shop", url.hostname);
    requests.push({ shop: url.hostname, operationName: operationName(init?.body) });
    return realFetch(`${sim.url}${url.pathname}${url.search}`, { ...init, headers });
  });
  return {
    sim,
    requests,
    close: async () => {
      setAbstractFetchFunc(realFetch);
      await sim.close();
    },
  };
}

function operationName(body: BodyInit | null | undefined): string | null {
  if (typeof body !== "string") return null;
  try {
    const query = (JSON.parse(body) as { query?: string }).query ?? "";
    return /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * CONN-5 for a shop: the beta flag on and a saved, verified provider connection (the row a
 * passed "Test API key" + Save leaves), saved through the app's own Save so tests do not
 * depend on the settings page.
 */
export async function enableUpgrades(domain: string, provider: "recharge" | "skio" | "loop", token: string): Promise<void> {
  const { default: prisma } = await import("~/db.server");
  const { seedProviderConnection } = await import("./provider-connection");
  const shop = await prisma.shop.upsert({ where: { domain }, create: { domain, subscriptionUpgradesBeta: true }, update: { subscriptionUpgradesBeta: true } });
  await seedProviderConnection(shop, provider, token);
}

/**
 * An `admin.graphql` client straight to the store simulator, for code that takes the
 * admin context as a parameter (the worker's order lookup, the retrying client).
 */
export function simAdminClient(simUrl: string, shop: string, accessToken = accessTokenFor(shop)) {
  return {
    graphql: (query: string, options?: { variables?: Record<string, unknown> }) =>
      fetch(`${simUrl}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Simulated-Shop": shop },
        body: JSON.stringify({ query, variables: options?.variables ?? {} }),
      }),
  };
}
