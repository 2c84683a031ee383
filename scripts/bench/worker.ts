/**
 * npm run bench:worker — 1,000 queued upgrades drained by real worker processes against
 * the Recharge simulator (bucket 40, leaking 2/s) and then the Loop simulator (5/s reads,
 * 5/s writes), both enforcing their documented limits with 429s.
 *
 * Prints, per provider: requests the simulator served, the achieved steady rate (requests
 * after the client's initial burst ÷ time) ÷ the documented rate (goal ≥ 0.95), 429s served,
 * and upgrades that did not succeed (goal 0).
 *
 * Options (defaults are the documented case, which takes ~35 min because each Recharge
 * upgrade is 4 requests at 2/s):
 *   --count N      upgrades per provider (default 1000)
 *   --scale S      multiplies both simulators' bucket and leak rate, and the workers'
 *                  pacing with them (default 1)
 *   --workers W    worker processes (default 2); --concurrency C per process (default 20)
 *   --provider P   recharge | loop | both (default both)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const root = path.resolve(import.meta.dirname, "../..");
const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "1000" },
    scale: { type: "string", default: "1" },
    workers: { type: "string", default: "2" },
    concurrency: { type: "string", default: "20" },
    provider: { type: "string", default: "both" },
  },
});
const COUNT = Number(args.count);
const SCALE = Number(args.scale);
const WORKERS = Number(args.workers);
const CONCURRENCY = Number(args.concurrency);
const PROVIDERS = (args.provider === "both" ? ["recharge", "loop"] : [args.provider]) as Array<"recharge" | "loop">;
if (![COUNT, SCALE, WORKERS, CONCURRENCY].every((n) => Number.isFinite(n) && n > 0) || PROVIDERS.some((p) => p !== "recharge" && p !== "loop")) {
  console.error("usage: npm run bench:worker -- [--count 1000] [--scale 1] [--workers 2] [--concurrency 20] [--provider both|recharge|loop]");
  process.exit(2);
}

const DOCUMENTED = {
  recharge: { capacity: 40, perSecond: 2, note: "leaky bucket of 40, 2/s" },
  loop: { capacity: 5, perSecond: 5, note: "5/s (reads and writes each)" },
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uplift-bench-worker-"));
Object.assign(process.env, {
  NODE_ENV: "production",
  SHOPIFY_API_KEY: "bench-api-key",
  SHOPIFY_API_SECRET: "bench-api-secret",
  SHOPIFY_APP_URL: "http://127.0.0.1",
  DATABASE_URL: `file:${path.join(dir, "bench.sqlite")}`,
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6390",
  ENCRYPTION_KEY: "b".repeat(64),
  QUEUE_PREFIX: `bench-worker-${process.pid}`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
});

interface Row {
  provider: string;
  simulated: string;
  requests: number;
  seconds: number;
  steadyRate: number;
  documentedRate: number;
  /** What the adapters ask the limiter for (the documented rate less their safety margin). */
  pacedRate: number;
  served429: number;
  notSucceeded: number;
}

const children = new Set<ChildProcess>();
// Never leave worker processes behind, whatever ends this one.
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

function spawnWorkers(env: Record<string, string>): ChildProcess[] {
  return Array.from({ length: WORKERS }, () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "app/worker.server.ts")], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit"],
    });
    children.add(child);
    child.once("exit", () => children.delete(child));
    return child;
  });
}

/**
 * The rate the provider saw, net of the initial burst: a leaky bucket of `burst` draining at
 * r admits at most burst + r·T requests in T seconds, so (N − burst) / T is what counts
 * against r. Its ratio to r is 1 when the workers keep the bucket exactly full.
 */
function steadyRate(times: number[], burst: number): { rate: number; seconds: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const seconds = (sorted[sorted.length - 1] - sorted[0]) / 1000;
  return { rate: Math.max(0, sorted.length - burst) / Math.max(seconds, 1e-3), seconds };
}

async function main() {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: root, env: process.env, stdio: "ignore" });
  const F = await import("../../tests/support/upgrade-fixtures");
  const { startRechargeSimulator, RECHARGE_SIM_TOKENS } = await import("../../tests/simulators/providers/recharge");
  const { startLoopSimulator, LOOP_SIM_TOKENS } = await import("../../tests/simulators/providers/loop");
  const { dispatchOutbox } = await import("../../app/jobs/outbox.server");
  const { closeQueues } = await import("../../app/jobs/queues.server");
  const { effectiveRule } = await import("../../app/upgrades/provider-limiter.server");
  const { withSafetyMargin } = await import("../../app/providers/rate-limiter.server");
  const { default: prisma } = await import("../../app/db.server");
  await F.cleanupRedisPrefix(process.env.REDIS_URL, process.env.QUEUE_PREFIX);
  const { DEMO_SHOP } = await import("../../tests/simulators/providers/seed");

  console.log(
    `bench:worker — ${COUNT} upgrades per provider, simulators and pacing ×${SCALE}, ${WORKERS} worker processes × concurrency ${CONCURRENCY}` +
      `\n(defaults: --count 1000 --scale 1 --workers 2 --concurrency 20; scale 1 is the providers' documented limits)\n`,
  );
  const rows: Row[] = [];
  for (const provider of PROVIDERS) {
    const documented = DOCUMENTED[provider];
    const capacity = Math.max(1, Math.round(documented.capacity * SCALE));
    const perSecond = documented.perSecond * SCALE;
    const sim =
      provider === "recharge"
        ? await startRechargeSimulator({ seed: { subscriptions: [] }, rateLimit: { capacity, drainPerSecond: perSecond } })
        : await startLoopSimulator({ seed: { subscriptions: [] }, rateLimit: { capacity, drainPerSecond: perSecond } });
    const token = provider === "recharge" ? RECHARGE_SIM_TOKENS.valid : LOOP_SIM_TOKENS.valid;
    // The simulators' tokens belong to the demo store.
    const shop = await F.createUpgradeShop({ provider, token, domain: `bench-${provider}-${process.pid}.myshopify.com` });
    const ids: string[] = [];
    const started = Date.now();
    for (let i = 0; i < COUNT; i++) {
      const orderId = 500_000 + i;
      const customerId = 800_000 + i;
      sim.addSubscription(F.subscriptionSpec(orderId, { customerId, shop: DEMO_SHOP }));
      const accepted = await F.acceptUpgrade({ shop, provider, orderId, customerId, productId: 1001, variantId: 2001 });
      ids.push(accepted.upgradeJobId);
    }
    while ((await dispatchOutbox({ limit: 500 })).dispatched > 0);
    console.log(`${provider}: ${COUNT} accepted and queued in ${((Date.now() - started) / 1000).toFixed(1)} s; draining…`);

    sim.requests.length = 0;
    const workers = spawnWorkers({
      RECHARGE_API_URL: sim.url,
      LOOP_API_URL: sim.url,
      UPGRADE_PROVIDER_RATE_SCALE: String(SCALE),
      UPGRADE_WORKER_CONCURRENCY: String(CONCURRENCY),
      PROVIDER_TIMEOUT_MS: "10000",
    });
    let last = -1;
    for (;;) {
      const done = await prisma.upgradeJob.count({ where: { shopId: shop.id, status: { in: ["succeeded", "failed"] } } });
      if (done !== last && (done === ids.length || done % Math.max(1, Math.round(COUNT / 10)) < 5)) {
        console.log(`  ${provider}: ${done}/${ids.length} finished, ${sim.requests.length} requests served`);
        last = done;
      }
      if (done === ids.length) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    for (const w of workers) w.kill("SIGTERM");
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once("exit", r)))));

    // The adapters pace by a margined rule (withSafetyMargin); the limiter keeps its own burst reserve on top.
    const paced = withSafetyMargin({ capacity, refillPerSecond: perSecond });
    const burst = effectiveRule(paced).capacity;
    // Loop has separate read and write buckets; reads are the binding one.
    const times = sim.requests.filter((r) => provider === "recharge" || r.method === "GET").map((r) => r.at);
    const { rate, seconds } = steadyRate(times, burst);
    if (process.env.BENCH_DUMP) fs.writeFileSync(`${process.env.BENCH_DUMP}-${provider}.json`, JSON.stringify(sim.requests.map((r) => ({ at: r.at, method: r.method, path: r.path, query: r.query }))));
    rows.push({
      provider: `${provider}${provider === "loop" ? " (reads)" : ""}`,
      simulated: `${capacity} @ ${perSecond}/s`,
      requests: sim.requests.length,
      seconds,
      steadyRate: rate,
      documentedRate: perSecond,
      pacedRate: paced.refillPerSecond,
      served429: sim.stats.served429,
      notSucceeded: await prisma.upgradeJob.count({ where: { shopId: shop.id, status: { not: "succeeded" } } }),
    });
    await sim.close();
  }

  console.log(`\nprovider         documented                     simulated      requests  drain s  steady req/s  ÷ documented  ÷ paced  429s  not succeeded`);
  for (const row of rows) {
    const key = row.provider.startsWith("recharge") ? "recharge" : "loop";
    console.log(
      [
        row.provider.padEnd(16),
        DOCUMENTED[key].note.padEnd(30),
        row.simulated.padEnd(14),
        String(row.requests).padStart(8),
        row.seconds.toFixed(1).padStart(8),
        row.steadyRate.toFixed(2).padStart(13),
        (row.steadyRate / row.documentedRate).toFixed(3).padStart(13),
        (row.steadyRate / row.pacedRate).toFixed(3).padStart(8),
        String(row.served429).padStart(5),
        String(row.notSucceeded).padStart(14),
      ].join(" "),
    );
  }
  console.log(
    "\ngoals: achieved ÷ documented ≥ 0.95; 0 upgrades not succeeded (every 429 waits and retries, so 429s are reported, not failures)." +
      "\n\"paced\" is the rate the adapters ask for: the documented one × 0.95 (app/providers withSafetyMargin), which caps ÷ documented at 0.95.",
  );
  await closeQueues();
  await F.cleanupRedisPrefix(process.env.REDIS_URL, process.env.QUEUE_PREFIX);
  await prisma.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(rows.every((r) => r.notSucceeded === 0) ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
