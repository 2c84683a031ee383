/** Demo-only pages served beside the app (the local post-purchase page lives here). */
import type { Express } from "express";
import type { ProviderSimUrls } from "./provider-faults";
import { mountPostPurchasePage } from "./post-purchase/routes";

export interface DemoPagesOptions {
  shop: string;
  apiKey: string;
  apiSecret: string;
  shopifySimUrl: string;
  appUrl: string;
  providerSims: ProviderSimUrls;
  retryClock: string;
}

export function mountDemoPages(app: Express, options: DemoPagesOptions): void {
  app.get("/demo", (_req, res) => {
    res.type("html").send(`<!doctype html><meta charset="utf-8"><title>Uplift demo</title>
<body style="font:16px system-ui;max-width:640px;margin:48px auto;line-height:1.5">
<h1>Uplift demo</h1><p>Shop: ${options.shop}</p>
<ul><li><a href="/app">Admin (embedded app)</a></li><li><a href="/demo/post-purchase">Post-purchase page (local)</a></li><li><a href="/support">Support console</a></li></ul></body>`);
  });
  mountPostPurchasePage(app, options);
}
