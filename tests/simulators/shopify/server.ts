/**
 * The Shopify store simulator: Admin GraphQL validated against the real 2026-10 schema,
 * staged uploads, the post-purchase surface and orders/edited webhooks, over plain HTTP
 * on 127.0.0.1. Used by integration tests, the browser e2e and `npm run demo`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAdminGraphql } from "./admin/endpoint";
import { STAGED_RESOURCE_PREFIX, STAGED_UPLOAD_PATH } from "./admin/uploads";
import { configureFaults, configureWebhooks, createOrder, flushWebhooks, getOrder } from "./control";
import { demoImage, handleStagedResource, receiveMultipartUpload } from "./files";
import { header, HttpError, readBody, readJson, sendJson } from "./http";
import { apply, calculate, inputToken } from "./post-purchase/routes";
import { createSimulatorState, normalizeShopDomain, type SimulatorState } from "./state";
import type { ShopSeed } from "./store";
import type { WebhookTarget } from "./webhooks";

export type { ShopSeed } from "./store";
export type { SimulatorState } from "./state";
export type { WebhookTarget, WebhookMode } from "./webhooks";

export interface ShopifySimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Defaults to the demo shop (demo-shop.myshopify.com, token "shpat_demo"). */
  shops?: ShopSeed[];
  /** Where orders/edited goes, signed with `secret` (the app's client secret). */
  webhookTarget?: WebhookTarget;
  /** Accept deprecated fields in Admin operations (off: they fail validation). */
  allowDeprecated?: boolean;
  /** Default `order_edit.app_id`. */
  appId?: number;
}

export interface ShopifySimulator {
  url: string;
  state: SimulatorState;
  close(): Promise<void>;
}

const GRAPHQL_PATH = /^(?:\/__shop\/([^/]+))?\/admin\/api\/([\w-]+)\/graphql\.json$/;
const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type, Authorization, X-Simulated-Shop",
};

/** Shop from the path, then X-Simulated-Shop (set by the app's fetch wrapper), then Host. */
function adminShop(state: SimulatorState, req: IncomingMessage, pathShop: string | undefined) {
  for (const candidate of [pathShop, header(req, "x-simulated-shop"), header(req, "host")]) {
    if (!candidate) continue;
    const shop = state.shops.get(normalizeShopDomain(decodeURIComponent(candidate)));
    if (shop) return shop;
  }
  return undefined;
}

async function adminGraphql(state: SimulatorState, req: IncomingMessage, res: ServerResponse, path: { shop: string | undefined; version: string }) {
  const shop = adminShop(state, req, path.shop);
  if (!shop) return sendJson(res, 404, { errors: "Not Found" });
  const result = await handleAdminGraphql({
    shop,
    accessToken: header(req, "x-shopify-access-token"),
    contentType: header(req, "content-type") ?? "application/json",
    body: (await readBody(req)).toString("utf8"),
    baseUrl: state.baseUrl,
    allowDeprecated: state.allowDeprecated,
  });
  sendJson(res, result.status, result.body, { "X-Shopify-API-Version": path.version });
}

async function control(state: SimulatorState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const shopHint = url.searchParams.get("shop") ?? header(req, "x-simulated-shop");
  const reply = (status: number, body: unknown) => {
    sendJson(res, status, body, CORS);
    return true;
  };
  const route = `${req.method} ${url.pathname}`;
  const orderId = /^GET \/__sim\/orders\/([^/]+)$/.exec(route)?.[1];
  if (orderId) return reply(200, getOrder(state, orderId, shopHint));
  switch (route) {
    case "GET /__sim/health": return reply(200, { ok: true });
    case "GET /__sim/state": return reply(200, state.snapshot());
    case "POST /__sim/reset":
      await state.webhooks.idle();
      state.reset();
      return reply(200, { ok: true });
    case "POST /__sim/orders": return reply(201, createOrder(state, await readJson(req), shopHint));
    case "POST /__sim/post-purchase/input-token": return reply(200, inputToken(state, await readJson(req), shopHint));
    case "POST /__sim/post-purchase/calculate": return reply(200, calculate(state, await readJson(req)));
    case "POST /__sim/post-purchase/apply": return reply(200, apply(state, await readJson(req)));
    case "GET /__sim/webhooks": return reply(200, state.snapshot().webhooks);
    case "POST /__sim/webhooks": return reply(200, configureWebhooks(state, await readJson(req)));
    case "POST /__sim/webhooks/flush": return reply(200, await flushWebhooks(state));
    case "POST /__sim/faults": return reply(200, configureFaults(state, await readJson(req), shopHint));
    default: return false;
  }
}

async function route(state: SimulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", state.baseUrl);
  if (req.method === "OPTIONS") return void res.writeHead(204, CORS).end();
  const [graphql, pathShop, version] = GRAPHQL_PATH.exec(url.pathname) ?? [];
  if (graphql && version) {
    if (req.method !== "POST") throw new HttpError(405, "Method not allowed");
    return adminGraphql(state, req, res, { shop: pathShop, version });
  }
  if (url.pathname === STAGED_UPLOAD_PATH && req.method === "POST") return receiveMultipartUpload(req, res, state.shops.values(), state.baseUrl);
  if (url.pathname.startsWith(STAGED_RESOURCE_PREFIX)) return handleStagedResource(req, res, url, state.shops.values());
  const image = /^\/demo-images\/([\w-]+)\.svg$/.exec(url.pathname)?.[1];
  if (image && req.method === "GET") return demoImage(res, image);
  if (await control(state, req, res, url)) return;
  throw new HttpError(404, `No route for ${req.method} ${url.pathname}`);
}

export async function startShopifySimulator(options: ShopifySimulatorOptions = {}): Promise<ShopifySimulator> {
  const state = createSimulatorState({
    shops: options.shops,
    webhookTarget: options.webhookTarget,
    allowDeprecated: options.allowDeprecated,
    appId: options.appId,
  });
  const server = createServer((req, res) => {
    route(state, req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error("[shopify-simulator]", error);
      if (res.headersSent) return void res.end();
      sendJson(res, status, { errors: error instanceof Error ? error.message : String(error) }, CORS);
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://${host}:${port}`;
  return {
    url: state.baseUrl,
    state,
    async close() {
      await state.webhooks.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
