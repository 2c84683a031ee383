export {};
/**
 * The demo's worker process: the real worker, with the demo shop's Admin API calls
 * (e.g. the shopper's contact for Postscript) sent to the store simulator.
 */
await import("../../app/shopify.server");
const { redirectAdminApi } = await import("./admin-api-redirect");
redirectAdminApi(process.env.DEMO_SHOP!, process.env.SHOPIFY_SIM_URL!);
const { startWorkerProcess } = await import("../../app/worker.server");
const { stop } = startWorkerProcess();
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => void stop().then(() => process.exit(0)));
}
