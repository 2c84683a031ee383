/**
 * The demo shop's store, over loopback, as the demo launcher wires it: the Shopify
 * simulator, its webhooks relayed to a real route module, and the app's Admin API calls for
 * the shop sent to the simulator instead of Shopify.
 */
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { expect } from "vitest";
import { DEMO_SHOP } from "../simulators/catalog";
import { startShopifySimulator, type ShopifySimulator } from "../simulators/shopify/server";
import type { callRoute } from "./shopify";
import { startWebhookRelay, type WebhookRelay } from "./webhook-relay";

export interface DemoStore {
  sim: ShopifySimulator;
  relay: WebhookRelay;
  /** POSTs to one of the simulator's /__sim controls; any answer but 2xx fails the test. */
  simPost(path: string, body: unknown): Promise<ReturnType<typeof JSON.parse>>;
  close(): Promise<void>;
}

/** `webhookPath` is the route `action` answers, e.g. "/webhooks/orders/edited". */
export async function startDemoStore(action: Parameters<typeof callRoute>[0], webhookPath: string): Promise<DemoStore> {
  const realFetch = globalThis.fetch;
  const relay = await startWebhookRelay(action);
  const sim = await startShopifySimulator({
    shops: [{ domain: DEMO_SHOP, accessToken: "shpat_demo-shop", name: "Demo Shop", id: 60_001 }],
    webhookTarget: { url: `${relay.url}${webhookPath}`, secret: process.env.SHOPIFY_API_SECRET! },
  });
  setAbstractFetchFunc(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (url.hostname !== DEMO_SHOP) return realFetch(input, init);
    const headers = new Headers(init?.headers);
    headers.set("X-Simulated-Shop", DEMO_SHOP);
    return realFetch(`${sim.url}${url.pathname}${url.search}`, { ...init, headers });
  });
  return {
    sim,
    relay,
    simPost: async (path, body) => {
      const response = await realFetch(`${sim.url}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      expect(response.status, path).toBeLessThan(300);
      return response.json();
    },
    close: async () => {
      setAbstractFetchFunc(realFetch);
      await sim.close();
      await relay.close();
    },
  };
}
