/**
 * The local post-purchase page's server side: order list and scenarios, the page shell,
 * its bundled script, and proxies to the store simulator's post-purchase surface. The
 * proxies exist so the app secret (needed to issue Shopify-style input tokens) never
 * reaches the browser; calculate and apply go to the simulator unchanged, which verifies
 * each changeset JWT the way Shopify does.
 */
import { findVariant } from "../../../tests/simulators/catalog";
import express, { type Express, type Request, type Response } from "express";
import { faultCommand, pendingFaults, setProviderFaults, type ProviderSimUrls } from "../provider-faults";
import { bundleClient } from "./bundle";
import { orderListPage, postPurchasePage } from "./html";

export interface PostPurchasePageOptions {
  shop: string;
  apiKey: string;
  apiSecret: string;
  shopifySimUrl: string;
  /** Provider simulators' API URLs by name, for the fault buttons. */
  providerSims: ProviderSimUrls;
  /** How the demo's retry clock runs ("1 h = 1 s, 24 h = 24 s"). */
  retryClock: string;
}

/** Orders a visitor can place with one click; each reaches the post-purchase page fresh. */
export const SCENARIOS = {
  "roast-subscription": { label: "New order with a Morning Roast subscription", customerId: 4001, lines: [{ variantId: 2001, quantity: 1, sellingPlanId: 3001 }] },
  "mug-one-time": { label: "New one-time order (Ceramic Mug)", customerId: 4002, lines: [{ variantId: 2005, quantity: 1 }] },
  "roast-one-time": { label: "New one-time order of Morning Roast", customerId: 4002, lines: [{ variantId: 2001, quantity: 2 }] },
  // SPEC UPS-4's worked example: the seeded cold brew offer on a $30 order.
  "frother-one-time": { label: "New one-time order (Milk Frother, $30)", customerId: 4002, lines: [{ variantId: 2006, quantity: 1 }] },
} as const;

/** A parameter of the matched route; missing means the route and its handler disagree. */
function routeParam(req: Request, name: string): string {
  const value = req.params[name];
  if (value === undefined) throw new Error(`Route ${req.path} has no :${name} parameter`);
  return value;
}

export function mountPostPurchasePage(app: Express, options: PostPurchasePageOptions): void {
  const sim = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${options.shopifySimUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: { "Content-Type": "application/json", "X-Simulated-Shop": options.shop },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const relay = (res: Response, result: { status: number; body: unknown }) => res.status(result.status).json(result.body);
  const wrap = (handler: (req: Request, res: Response) => Promise<unknown>) => (req: Request, res: Response) => {
    handler(req, res).catch((error: unknown) => res.status(502).json({ errors: `store simulator: ${(error as Error).message}` }));
  };
  const json = express.json({ limit: "100kb" });
  const form = express.urlencoded({ extended: false });

  app.get("/demo/post-purchase", wrap(async (_req, res) => {
    const state = await sim("/__sim/state");
    const shops = (state.body.shops as Array<{ domain: string; orders: unknown[] }>) ?? [];
    const orders = shops.find((s) => s.domain === options.shop)?.orders ?? [];
    const faults = {
      pending: await pendingFaults(options.providerSims),
      commands: Object.entries(options.providerSims).map(([name, url]) => ({ name, command: faultCommand(url) })),
      retryClock: options.retryClock,
    };
    res.type("html").send(orderListPage(orders as Parameters<typeof orderListPage>[0], SCENARIOS, faults));
  }));

  app.post("/demo/post-purchase/provider-faults", form, wrap(async (req, res) => {
    const action = req.body?.action;
    if (action !== "fail_next_call" && action !== "clear") return res.status(400).send('action must be "fail_next_call" or "clear"');
    await setProviderFaults(options.providerSims, action);
    return res.redirect(303, "/demo/post-purchase");
  }));

  app.post("/demo/post-purchase/orders", form, wrap(async (req, res) => {
    const scenario = SCENARIOS[String(req.body?.scenario) as keyof typeof SCENARIOS];
    if (!scenario) return res.status(400).send("Unknown scenario");
    const created = await sim("/__sim/orders", { body: { customerId: scenario.customerId, lines: scenario.lines } });
    if (created.status !== 201) return relay(res, created);
    await createProviderSubscriptions(Number(created.body.id), scenario);
    return res.redirect(303, `/demo/post-purchase/${String(created.body.id)}`);
  }));

  app.get("/demo/post-purchase/client.js", wrap(async (_req, res) => {
    res.type("js").set("Cache-Control", "no-store").send(await bundleClient());
  }));

  app.get("/demo/post-purchase/api/orders/:orderId", wrap(async (req, res) => relay(res, await sim(`/__sim/orders/${encodeURIComponent(routeParam(req, "orderId"))}`))));

  // What Shopify does when checkout reaches the post-purchase page: an input token for our app.
  app.post("/demo/post-purchase/api/orders/:orderId/input-token", wrap(async (req, res) => {
    const body = { orderId: Number(req.params.orderId), appApiKey: options.apiKey, appSecret: options.apiSecret };
    relay(res, await sim("/__sim/post-purchase/input-token", { body }));
  }));

  app.post("/demo/post-purchase/api/calculate", json, wrap(async (req, res) => relay(res, await sim("/__sim/post-purchase/calculate", { body: req.body }))));
  app.post("/demo/post-purchase/api/apply", json, wrap(async (req, res) => relay(res, await sim("/__sim/post-purchase/apply", { body: req.body }))));

  // Offer images of the demo catalog live on the simulator; same origin keeps the page simple.
  app.get("/demo-images/:file", wrap(async (req, res) => {
    const image = await fetch(`${options.shopifySimUrl}/demo-images/${encodeURIComponent(routeParam(req, "file"))}`);
    res.status(image.status).type(image.headers.get("content-type") ?? "image/svg+xml").send(Buffer.from(await image.arrayBuffer()));
  }));

  app.get("/demo/post-purchase/:orderId(\\d+)", (req, res) => {
    res.type("html").send(postPurchasePage({ orderId: routeParam(req, "orderId"), shop: options.shop, offerBudgetMs: Number(process.env.DEMO_OFFER_BUDGET_MS) || undefined }));
  });
}

/**
 * What checkout does at the subscription provider: an order with a subscription line
 * creates a subscription there. Every provider simulator gets it, so the upgrade works
 * whichever provider the merchant connected in the demo.
 */
async function createProviderSubscriptions(orderId: number, scenario: (typeof SCENARIOS)[keyof typeof SCENARIOS]) {
  const nextCharge = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  for (const line of scenario.lines) {
    if (!("sellingPlanId" in line)) continue;
    const found = findVariant(line.variantId);
    const plan = found?.product.sellingPlanGroup?.plans.find((p) => p.id === line.sellingPlanId);
    if (!found || !plan) continue;
    const price = (Number(found.variant.price) * (100 - plan.percentOff)) / 100;
    const spec = {
      orderId, customerId: scenario.customerId, productId: found.product.id, variantId: line.variantId, quantity: line.quantity,
      price: price.toFixed(2), intervalUnit: plan.interval.toLowerCase(), deliveryIntervalCount: plan.deliveryIntervalCount,
      billingIntervalCount: plan.billingIntervalCount, sellingPlanId: plan.id, nextChargeDate: nextCharge,
    };
    for (const base of [process.env.RECHARGE_API_URL, process.env.SKIO_API_URL, process.env.LOOP_API_URL]) {
      if (!base) continue;
      await fetch(`${new URL(base).origin}/__sim/subscriptions`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(spec),
      });
    }
  }
}
