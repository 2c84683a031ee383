/**
 * Demo-only: sends the app's Admin API calls for the demo shop to the store simulator
 * (demo-and-simulator.md Q2). Must run after @shopify/shopify-app-remix/server is
 * imported, which installs the default fetch it replaces.
 */
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

export function redirectAdminApi(shop: string, simulatorUrl: string): void {
  const realFetch = globalThis.fetch;
  setAbstractFetchFunc(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (url.hostname !== shop || !url.pathname.startsWith("/admin/")) return realFetch(input, init);
    const headers = new Headers(init?.headers);
    headers.set("X-Simulated-Shop", shop);
    return realFetch(`${simulatorUrl}${url.pathname}${url.search}`, { ...init, headers });
  });
}
