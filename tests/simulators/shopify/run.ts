/**
 * Runs the Shopify simulator for the demo and the browser e2e:
 *   SHOPIFY_SIM_PORT=4100 tsx tests/simulators/shopify/run.ts
 * Seeds the demo shop (token "shpat_demo"). Optional SHOPIFY_SIM_WEBHOOK_URL and
 * SHOPIFY_SIM_WEBHOOK_SECRET send orders/edited to the app. Stops on SIGTERM/SIGINT.
 */
import { startShopifySimulator } from "./server";
import { DEMO_SHOP_SEED } from "./seed";

const port = Number(process.env.SHOPIFY_SIM_PORT ?? 4100);
const webhookUrl = process.env.SHOPIFY_SIM_WEBHOOK_URL;
const webhookSecret = process.env.SHOPIFY_SIM_WEBHOOK_SECRET;

const simulator = await startShopifySimulator({
  port,
  shops: [DEMO_SHOP_SEED],
  webhookTarget: webhookUrl && webhookSecret ? { url: webhookUrl, secret: webhookSecret } : undefined,
});
console.log(`Shopify simulator listening on ${simulator.url} (shop ${DEMO_SHOP_SEED.domain})`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`Shopify simulator stopping (${signal})`);
  await simulator.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
