/**
 * npm run bench:offer — the post-purchase offer and sign endpoints under load, next to a
 * trivial resource route (/api/ping) served by the same server in the same run.
 *
 * A shop with 200 active funnels and 2,000 trigger products is seeded into a temporary
 * database — SQLite (`--db sqlite`, the default) or a fresh PostgreSQL database
 * (`--db postgres`, on BENCH_POSTGRES_URL / TEST_POSTGRES_URL, production's database) —;
 * the production build (build/server, made by scripts/bench.sh) serves it through
 * @remix-run/express in a child process (so the load generator does not share its event
 * loop); this process fires keep-alive requests on 127.0.0.1:
 *   1. fixed rate (300 req/s by default, open loop, latency measured from the scheduled
 *      send time so queueing counts): p50 / p99 per endpoint;
 *   2. closed loop (N in flight): the most req/s each endpoint sustains, as a ratio to
 *      /api/ping measured in the same run;
 * and the server's peak RSS (VmHWM) over the whole run.
 * Every offer request is a fresh purchase asked like ShouldRender asks (RUN-14: nothing
 * is written); every impression is Render's report for one of them; every sign request
 * signs a distinct purchase that got an offer.
 * Goals: offer ≥ 60 % of ping and p99 ≤ 25 ms at 300 req/s; sign ≥ 40 %, p99 ≤ 50 ms;
 * RSS ≤ 250 MB. Options: --db sqlite|postgres, BENCH_RATE, BENCH_SECONDS,
 * BENCH_CONCURRENCY; BENCH_PROFILE=<dir> writes the server's CPU profile there.
 */
import { execFileSync, fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { SignJWT } from "jose";
import { expressHandler } from "../demo/express-async";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "../..");
const SHOP = "bench-shop.myshopify.com";
const API_KEY = "bench-api-key";
const API_SECRET = "bench-api-secret";
const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
const RATE = Number(process.env.BENCH_RATE ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const FUNNELS = 200;
const TRIGGERS_PER_FUNNEL = 10;
const DB = process.argv.includes("--db") ? process.argv[process.argv.indexOf("--db") + 1] : "sqlite";
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? "postgresql://uplift:uplift@127.0.0.1:5432/uplift";

/** A fresh database for this run: a SQLite file in `dir`, or a new PostgreSQL database. */
async function createDatabase(dir: string): Promise<{ url: string; migrate: string[]; drop: () => Promise<void> }> {
  if (DB === "sqlite") return { url: `file:${path.join(dir, "bench.sqlite")}`, migrate: [], drop: async () => undefined };
  if (DB !== "postgres") throw new Error(`--db must be sqlite or postgres, got "${DB}"`);
  const name = `uplift_bench_${process.pid}_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  return { url: POSTGRES_URL.replace(/\/[^/?]+(\?|$)/, `/${name}$1`), migrate: ["--config", "prisma/postgresql.config.ts"], drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function benchEnv(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: "production",
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1",
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6390",
    ENCRYPTION_KEY: "b".repeat(64),
    QUEUE_PREFIX: "bench-offer",
    LOG_LEVEL: "warn",
  };
}

/** Child process: the production build behind express, like scripts/demo/server.ts. */
async function serve(): Promise<void> {
  const build = await import(pathToFileURL(path.join(root, "build/server/index.js")).href);
  const express = (await import("express")).default;
  const { createRequestHandler } = await import("@remix-run/express");
  const app = express();
  app.disable("x-powered-by");
  app.all("*", expressHandler(createRequestHandler({ build, mode: "production" })));
  const server = app.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as { port: number }).port }));
  // A normal exit, so --cpu-prof writes its profile; the impression recorder flushes on
  // the same signal (every FLUSH_EVERY_MS), well within the second.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.close();
      setTimeout(() => process.exit(0), 1000);
    });
  }
}

async function seed(): Promise<void> {
  const { default: prisma } = await import("../../app/db.server");
  const { createSeedFunnel } = await import("../demo/post-purchase/funnel-seed");
  const shop = await prisma.shop.create({ data: { domain: SHOP } });
  for (let f = 0; f < FUNNELS; f += 1) {
    const triggerProductIds = Array.from({ length: TRIGGERS_PER_FUNNEL }, (_, k) => 500_000 + f * TRIGGERS_PER_FUNNEL + k);
    await createSeedFunnel(prisma, shop.id, {
      name: `Funnel ${f}`,
      priority: f % 7,
      triggerProductIds,
      offers: [
        { key: "root", headline: `Offer ${f}`, discount: { type: "percentage", value: 1000 }, items: [{ variantId: 2005 }] },
        { key: "down", parent: "root", branch: "decline", items: [{ variantId: 2006 }] },
      ],
    });
  }
  // A deployment on SQLite runs the worker, which puts the file in WAL mode (kept in the file).
  if (DB === "sqlite") await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$disconnect();
}

let purchases = 0;
const secret = new TextEncoder().encode(API_SECRET);
const usd = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" }, presentmentMoney: { amount, currencyCode: "USD" } });

/** A fresh purchase holding trigger products of two funnels, and Shopify's token for it. */
async function purchase(): Promise<{ referenceId: string; token: string }> {
  const referenceId = `bench-${process.pid}-${(purchases += 1)}`;
  const line = (id: number) => ({ product: { id, title: `P${id}`, variant: { id: id + 1_000_000, title: "Default" } }, quantity: 1, totalPriceSet: usd("10.00") });
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    input_data: { shop: { id: 1, domain: SHOP }, initialPurchase: { referenceId, customerId: "4001", totalPriceSet: usd("20.00"), lineItems: [line(501_995), line(500_423)] } },
  })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("shopify")
    .setSubject(referenceId)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(secret);
  return { referenceId, token };
}

type Shown = { referenceId: string; token: string; offerId: string };
type Call = () => Promise<Response>;

function call(base: string, route: string, token?: string, body?: unknown): Call {
  return () =>
    fetch(`${base}${route}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "User-Agent": UA, "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

interface Result {
  latencies: number[];
  errors: number;
  /** Status (or "network") → count, for the errors. */
  failures: Map<string, number>;
  elapsedMs: number;
}

/** Open-loop requests never pile up past this; a request that cannot be sent counts as an error. */
const MAX_IN_FLIGHT = 256;

function failed(result: Pick<Result, "failures">, reason: string): void {
  result.failures.set(reason, (result.failures.get(reason) ?? 0) + 1);
}

async function fixedRate(rate: number, seconds: number, next: () => Promise<Call>): Promise<Result> {
  const total = Math.round(rate * seconds);
  const calls = await Promise.all(Array.from({ length: total }, next));
  const result: Result = { latencies: [], errors: 0, failures: new Map(), elapsedMs: 0 };
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  for (const [i, send] of calls.entries()) {
    const scheduled = start + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight.size >= MAX_IN_FLIGHT) {
      result.errors += 1;
      failed(result, "not sent (too many in flight)");
      continue;
    }
    const done: Promise<void> = send()
      .then(async (response) => {
        await response.arrayBuffer();
        if (!response.ok) {
          result.errors += 1;
          failed(result, `HTTP ${response.status}`);
        }
        result.latencies.push(performance.now() - scheduled);
      })
      .catch((error: Error) => {
        result.errors += 1;
        failed(result, error.cause instanceof Error ? error.cause.message : error.message);
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  }
  await Promise.all(inFlight);
  result.elapsedMs = performance.now() - start;
  return result;
}

async function closedLoop(concurrency: number, seconds: number, next: () => Promise<Call>): Promise<Result> {
  const result: Result = { latencies: [], errors: 0, failures: new Map(), elapsedMs: 0 };
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const request = await next();
        const sent = performance.now();
        try {
          const response = await request();
          await response.arrayBuffer();
          if (!response.ok) {
            result.errors += 1;
            failed(result, `HTTP ${response.status}`);
          }
          result.latencies.push(performance.now() - sent);
        } catch (error) {
          result.errors += 1;
          failed(result, (error as Error).message);
        }
      }
    }),
  );
  result.elapsedMs = performance.now() - start;
  return result;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** The server's peak and current resident set (Linux), in MB. */
function rssOf(pid: number): { peakMb: number; nowMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { peakMb: kb("VmHWM") / 1024, nowMb: kb("VmRSS") / 1024 };
}

const CLOCK_TICKS_PER_S = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** CPU time (user + system) the server has used so far, in ms (Linux). */
function cpuMsOf(pid: number): number {
  const fields = (fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
  // After "pid (comm) ": state is field 0, utime 11, stime 12.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
}

/**
 * Throughput on a shared machine says how much CPU the server got; CPU per request says
 * what a request costs, whatever the neighbours do. Its ratio to ping's is what the
 * throughput ratio would be on an idle machine for a CPU-bound server (SQLite runs
 * in-process and counts; PostgreSQL's own CPU does not).
 */
async function withCpu(pid: number, run: () => Promise<Result>): Promise<Result & { cpuMsPerRequest: number }> {
  const before = cpuMsOf(pid);
  const result = await run();
  return { ...result, cpuMsPerRequest: (cpuMsOf(pid) - before) / Math.max(1, result.latencies.length) };
}

function row(name: string, result: Result): string {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const rps = (result.latencies.length / result.elapsedMs) * 1000;
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
  const why = [...result.failures].map(([reason, count]) => `${count}× ${reason}`).join(", ");
  return `${name.padEnd(30)}${ms(percentile(sorted, 50))}${ms(percentile(sorted, 99))}${ms(sorted.at(-1) ?? NaN)}${rps.toFixed(0).padStart(9)} req/s${String(result.errors).padStart(7)} errors${why ? ` (${why})` : ""}`;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uplift-bench-offer-"));
  const database = await createDatabase(dir);
  const env = benchEnv(database.url);
  Object.assign(process.env, env);
  execFileSync("npx", ["prisma", "migrate", "deploy", ...database.migrate], { cwd: root, env: process.env, stdio: "ignore" });
  const seeded = performance.now();
  await seed();
  console.log(`seeded ${FUNNELS} funnels, ${FUNNELS * TRIGGERS_PER_FUNNEL} trigger products in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : [];
  const child = fork(import.meta.filename, ["--serve"], { env: process.env, execArgv: ["--import", "tsx", ...profile], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve(m.port));
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const shown: Shown[] = [];
  const offerCall = async (): Promise<Call> => {
    const p = await purchase();
    const request = call(base, "/api/post-purchase/offer", p.token, { phase: "should_render" });
    return async () => {
      const response = await request();
      const clone = response.clone();
      clone
        .json()
        .then((b: { offer?: { offerId: string } | null }) => b.offer && shown.push({ ...p, offerId: b.offer.offerId }))
        .catch((error: unknown) => console.error("bench: an offer answer was not JSON", error));
      return response;
    };
  };
  let signed = 0;
  const signCall = async (): Promise<Call> => {
    const p = shown[signed++ % Math.max(1, shown.length)];
    if (!p) throw new Error("No offer was shown before signing started, so there is nothing to sign: check that the bench shop's funnels match its orders");
    return call(base, "/api/post-purchase/sign-changeset", p.token, { referenceId: p.referenceId, offerId: p.offerId, choice: { option: "one_time" } });
  };
  let impressed = 0;
  const impressionCall = async (): Promise<Call> => {
    const p = shown[impressed++ % Math.max(1, shown.length)];
    if (!p) throw new Error("bench: no shown offer to record an impression for");
    return call(base, "/api/post-purchase/impression", p.token, { referenceId: p.referenceId, offerId: p.offerId });
  };
  const pingCall = async (): Promise<Call> => call(base, "/api/ping");

  try {
    await closedLoop(4, 2, offerCall); // warm-up: JIT, caches, connections
    await closedLoop(4, 1, pingCall);
    const warm = rssOf(child.pid!);
    const load = (os.loadavg()[0] ?? NaN).toFixed(1);
    console.log(`\n${DB === "sqlite" ? "SQLite (WAL)" : "PostgreSQL"}, Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), load average ${load} before the run; server and load generator share the CPUs\n`);
    console.log(`fixed rate ${RATE} req/s for ${SECONDS} s (latency from the scheduled send time)`);
    console.log(`${"".padEnd(30)}${"p50".padStart(9)}${"p99".padStart(9)}${"max".padStart(9)}${"".padStart(15)}`);
    console.log(row("GET  /api/ping", await fixedRate(RATE, SECONDS, pingCall)));
    console.log(row("POST /api/post-purchase/offer", await fixedRate(RATE, SECONDS, offerCall)));
    signed = 0;
    console.log(row("POST …/sign-changeset", await fixedRate(RATE, SECONDS, signCall)));
    console.log(row("POST …/impression", await fixedRate(RATE, SECONDS, impressionCall)));

    console.log(`\nclosed loop, ${CONCURRENCY} in flight for ${SECONDS} s (max throughput)`);
    const pid = child.pid!;
    const ping = await withCpu(pid, () => closedLoop(CONCURRENCY, SECONDS, pingCall));
    const offer = await withCpu(pid, () => closedLoop(CONCURRENCY, SECONDS, offerCall));
    signed = Math.max(0, shown.length - offer.latencies.length);
    const sign = await withCpu(pid, () => closedLoop(CONCURRENCY, SECONDS, signCall));
    impressed = Math.max(0, shown.length - offer.latencies.length);
    const impression = await withCpu(pid, () => closedLoop(CONCURRENCY, SECONDS, impressionCall));
    const rps = (r: Result) => (r.latencies.length / r.elapsedMs) * 1000;
    const ofPing = (r: Awaited<ReturnType<typeof withCpu>>) =>
      `  ${((rps(r) / rps(ping)) * 100).toFixed(0)} % of ping; server CPU ${r.cpuMsPerRequest.toFixed(2)} ms/req = ${((ping.cpuMsPerRequest / r.cpuMsPerRequest) * 100).toFixed(0)} % of ping's rate`;
    console.log(row("GET  /api/ping", ping) + `  server CPU ${ping.cpuMsPerRequest.toFixed(2)} ms/req`);
    console.log(row("POST /api/post-purchase/offer", offer) + ofPing(offer));
    console.log(row("POST …/sign-changeset", sign) + ofPing(sign));
    console.log(row("POST …/impression", impression) + ofPing(impression));
    const rss = rssOf(child.pid!);
    console.log(`\nserver RSS: ${warm.nowMb.toFixed(0)} MB after warm-up, peak ${rss.peakMb.toFixed(0)} MB, now ${rss.nowMb.toFixed(0)} MB; load average ${(os.loadavg()[0] ?? NaN).toFixed(1)} after the run`);
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    fs.rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
}

if (process.argv.includes("--serve")) {
  serve().catch((error: unknown) => {
    console.error("bench server failed to start", error);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
