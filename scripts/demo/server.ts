/**
 * `npm run demo`'s launcher: the whole product on 127.0.0.1 without a Shopify account.
 * It wraps the unchanged production build (demo-and-simulator.md recipe b): it mints the
 * session tokens Shopify admin would, serves an App Bridge stand-in, points the app's
 * Admin API calls at the store simulator, and starts the provider simulators and the
 * worker. Nothing here is imported by the app, so production cannot switch it on.
 *
 * Prints `UPLIFT_DEMO_READY <url>` once serving (the e2e tests wait for that line).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AddressInfo } from "node:net";
import { expressHandler } from "./express-async";

if (process.env.NODE_ENV === "production") {
  console.error("The demo launcher refuses NODE_ENV=production: it signs its own admin session tokens.");
  process.exit(1);
}

const root = path.resolve(import.meta.dirname, "../..");
const SHOP = "demo-shop.myshopify.com";
const API_KEY = "demo-api-key";
const API_SECRET = "demo-api-secret-not-for-production";
const port = Number(process.env.PORT ?? 3000);
const host = "127.0.0.1";

async function main() {
  const { startShopifySimulator } = await import("../../tests/simulators/shopify/server");
  const { startProviderSimulators } = await import("./provider-simulators");
  const { faultCommand } = await import("./provider-faults");
  const { POSTSCRIPT_SIM_KEYS } = await import("../../tests/simulators/postscript/server");
  const express = (await import("express")).default;

  const appUrl = `http://${host}:${port}`;
  const { demoTimeScale } = await import("./time-scale");
  const clock = demoTimeScale();
  const providers = await startProviderSimulators();
  const shopifySim = await startShopifySimulator({
    port: Number(process.env.SHOPIFY_SIM_PORT ?? 0),
    webhookTarget: { url: `${appUrl}/webhooks/orders/edited`, secret: API_SECRET },
  });

  Object.assign(process.env, {
    NODE_ENV: process.env.NODE_ENV ?? "development",
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: appUrl,
    SCOPES: "read_products,write_products,read_orders,read_customers",
    APP_BRIDGE_URL: "/demo/app-bridge.js",
    DATABASE_URL: process.env.DATABASE_URL ?? "file:./.demo/demo.sqlite",
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6390",
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? "d".repeat(64),
    SUPPORT_SESSION_SECRET: process.env.SUPPORT_SESSION_SECRET ?? "demo-support-session-secret-0123456789",
    SUPPORT_STAFF: process.env.SUPPORT_STAFF ?? "support@uplift.test:scrypt.32768.8.3.wXliSf4HAyoxrTTNRcChBQ.CFQhjYpJEeWcpeDQERwJkjYHGAikFUxRYzueI_G47YC4ep3GbF-xNIzXKFiD5dU8OHAZfPlpJy84unM5JSBnbA", // password: demo-support
    SHOPIFY_SIM_URL: shopifySim.url,
    // Providers lag real orders; the simulators do not, so the demo need not wait a minute.
    UPGRADE_FIRST_ATTEMPT_DELAY_MS: process.env.UPGRADE_FIRST_ATTEMPT_DELAY_MS ?? "3000",
    UPGRADE_RETRY_SCALE: String(clock.retryScale),
    ...providers.env,
  });

  const { seedDemo } = await import("./seed");
  await seedDemo({ shop: SHOP });

  // The env must be complete before the build is imported: it validates at import.
  const build = await import(pathToFileURL(path.join(root, "build/server/index.js")).href);
  const { redirectAdminApi } = await import("./admin-api-redirect");
  redirectAdminApi(SHOP, shopifySim.url);
  const { createRequestHandler } = await import("@remix-run/express");
  const { mintSessionToken } = await import("./session-token");

  const app = express();
  app.disable("x-powered-by");
  app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
  app.get("/demo/app-bridge.js", (_req, res) => {
    res.type("js").send(fs.readFileSync(path.join(import.meta.dirname, "app-bridge-stub.js"), "utf8"));
  });
  // What App Bridge's fetch patch does inside Shopify admin, done here for every request.
  app.use(
    expressHandler(async (req, _res, next) => {
      if (/^\/(app|auth)(\/|$|\?)/.test(req.url)) {
        req.headers.authorization = `Bearer ${await mintSessionToken({ shop: SHOP, apiKey: API_KEY, apiSecret: API_SECRET })}`;
      }
      next();
    }),
  );
  const { mountDemoPages } = await import("./pages");
  mountDemoPages(app, { shop: SHOP, apiKey: API_KEY, apiSecret: API_SECRET, shopifySimUrl: shopifySim.url, appUrl, providerSims: providers.subscriptionUrls, retryClock: clock.summary });
  app.all("*", expressHandler(createRequestHandler({ build, mode: "production" })));

  const server = app.listen(port, host);
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const actualPort = (server.address() as AddressInfo).port;
  if (actualPort !== port) throw new Error(`demo: expected port ${port}, got ${actualPort}`);

  const worker = startWorker();
  console.log(`\nUplift demo is running. Open ${appUrl}/app in your browser.`);
  console.log(`  Post-purchase page (local):  ${appUrl}/demo/post-purchase`);
  console.log(`  Support console:             ${appUrl}/support  (demo staff: support@uplift.test / demo-support)`);
  console.log(`  Store simulator:             ${shopifySim.url}`);
  for (const [name, url] of Object.entries(providers.urls)) console.log(`  ${name} simulator:`.padEnd(30) + url);
  console.log(`  Postscript demo key:         ${POSTSCRIPT_SIM_KEYS.valid}  (Settings › Integrations › Postscript)`);
  console.log(`  Upgrade retries:             ${clock.summary}  (DEMO_TIME_SCALE=${clock.speedup}; 1 = real time)`);
  console.log("  Make the next Recharge call fail (or use the button on the post-purchase page):");
  console.log(`    ${faultCommand(providers.subscriptionUrls.Recharge)}`);
  console.log("Press Ctrl-C to stop.\n");
  console.log(`UPLIFT_DEMO_READY ${appUrl}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    worker.kill("SIGTERM");
    server.close();
    await Promise.allSettled([shopifySim.close(), providers.close()]);
    process.exit(0);
  };
  const stopOnSignal = () => {
    stop().catch((error: unknown) => {
      console.error("demo: could not stop cleanly", error);
      process.exit(1);
    });
  };
  process.on("SIGINT", stopOnSignal);
  process.on("SIGTERM", stopOnSignal);
}

function startWorker(): ChildProcess {
  const entry = path.join(import.meta.dirname, "worker.ts");
  const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd: root, env: { ...process.env, DEMO_SHOP: SHOP }, stdio: "inherit" });
  child.on("exit", (code, signal) => {
    if (signal !== "SIGTERM" && code !== 0) console.error(`demo: the worker stopped (code ${code}, signal ${signal})`);
  });
  return child;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
