/**
 * Every outbound provider call: configurable base URL and timeout, a request id sent and
 * logged, Retry-After parsing, and never a token in a log line or an error (CONN-4, PRV-1).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "~/logger.server";
import {
  DEFAULT_PROVIDER_TIMEOUT_MS,
  createProviderAdapter,
  createTokenBucketLimiter,
  providerBaseUrl,
  providerTimeoutMs,
  type ProviderName,
} from "~/providers/index.server";
import { parseRetryAfter } from "~/providers/http.server";
import { startLoopSimulator, LOOP_SIM_TOKENS, type LoopSimulator } from "../../simulators/providers/loop";
import { startRechargeSimulator, RECHARGE_SIM_TOKENS, type RechargeSimulator } from "../../simulators/providers/recharge";
import { startSkioSimulator, SKIO_SIM_TOKENS, type SkioSimulator } from "../../simulators/providers/skio";
import { SHOP, WIDE_SIM_LIMIT, adapterFor, everyTwoMonths, rejectionOf } from "./support";

let recharge: RechargeSimulator;
let skio: SkioSimulator;
let loop: LoopSimulator;
const previousLogLevel = process.env.LOG_LEVEL;

beforeAll(async () => {
  process.env.LOG_LEVEL = "debug";
  [recharge, skio, loop] = await Promise.all([
    startRechargeSimulator({ rateLimit: WIDE_SIM_LIMIT }),
    startSkioSimulator({ rateLimit: WIDE_SIM_LIMIT }),
    startLoopSimulator({ rateLimit: WIDE_SIM_LIMIT }),
  ]);
});
afterAll(async () => {
  if (previousLogLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = previousLogLevel;
  await Promise.all([recharge?.close(), skio?.close(), loop?.close()]);
});
afterEach(() => {
  recharge.reset();
  skio.reset();
  loop.reset();
});

const target = (provider: ProviderName) =>
  ({
    recharge: { url: recharge.url, token: RECHARGE_SIM_TOKENS.valid, sim: recharge },
    skio: { url: skio.url, token: SKIO_SIM_TOKENS.valid, sim: skio },
    loop: { url: loop.url, token: LOOP_SIM_TOKENS.valid, sim: loop },
  })[provider];

const quiet = createLogger({}, () => {});

function capturingLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger({}, (line) => lines.push(line)) };
}

describe("request ids and logs", () => {
  it.each(["recharge", "skio", "loop"] as const)("PRV-1: each %s call sends its own X-Request-Id and logs it with method, path, status and duration", async (provider) => {
    const { url, token, sim } = target(provider);
    const { lines, logger } = capturingLogger();
    await adapterFor(provider, url, token, { logger }).findSubscriptionForOrder({ orderId: "5001", productId: "1001" });
    const sent = sim.requests.map((r) => r.headers["x-request-id"]);
    expect(new Set(sent).size).toBe(sent.length);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "provider request");
    expect(logged.map((l) => l.requestId)).toEqual(sent);
    for (const entry of logged) expect(entry).toMatchObject({ provider, shop: SHOP, status: 200, method: expect.any(String), path: expect.any(String), durationMs: expect.any(Number) });
  });

  it.each(["recharge", "skio", "loop"] as const)("CONN-4: no %s token reaches a log line or an error, even when the provider echoes it back", async (provider) => {
    const { url, token, sim } = target(provider);
    const { lines, logger } = capturingLogger();
    const adapter = adapterFor(provider, url, token, { logger, timeoutMs: 300 });
    const sub = await adapter.findSubscriptionForOrder({ orderId: "5001", productId: "1001" });
    await adapter.verifyToken();
    // A provider that quotes the token in its error text.
    const echo = provider === "skio" ? { errors: [{ message: `bad token ${token}` }] } : provider === "loop" ? { success: false, message: `bad token ${token}` } : { errors: `bad token ${token}` };
    sim.faults.add({ status: 422, body: echo, times: 1 });
    const echoed = await rejectionOf(adapter.applyUpgrade({ subscription: sub, change: { type: "frequency", interval: everyTwoMonths, applyAtEndOfCycle: false } }));
    expect(echoed.message).toContain("[redacted]");
    sim.faults.add({ hang: true, times: 1 });
    const timedOut = await rejectionOf(adapter.findSubscriptionForOrder({ orderId: "5001", productId: "1001" }));
    sim.faults.add({ status: 401, times: 1 });
    const rejected = await rejectionOf(adapter.findSubscriptionForOrder({ orderId: "5001", productId: "1001" }));

    expect(lines.length).toBeGreaterThan(3);
    expect(lines.some((l) => l.includes('"level":"warn"'))).toBe(true);
    for (const text of [...lines, echoed.message, timedOut.message, rejected.message, JSON.stringify(echoed), JSON.stringify(rejected)]) {
      expect(text).not.toContain(token);
    }
  });
});

describe("configuration: one code path, real host or simulator", () => {
  it("PRV-1: base URLs default to the real hosts", () => {
    expect(providerBaseUrl("recharge", {})).toBe("https://api.rechargeapps.com");
    expect(providerBaseUrl("skio", {})).toBe("https://graphql.skio.com/v1/graphql");
    expect(providerBaseUrl("loop", {})).toBe("https://api.loopsubscriptions.com");
  });

  it("PRV-1: RECHARGE_API_URL / SKIO_API_URL / LOOP_API_URL and PROVIDER_TIMEOUT_MS override them", () => {
    const env = { RECHARGE_API_URL: "http://a", SKIO_API_URL: "http://b/v1/graphql", LOOP_API_URL: "http://c", PROVIDER_TIMEOUT_MS: "2500" };
    expect([providerBaseUrl("recharge", env), providerBaseUrl("skio", env), providerBaseUrl("loop", env)]).toEqual(["http://a", "http://b/v1/graphql", "http://c"]);
    expect(providerTimeoutMs(env)).toBe(2500);
    expect(providerTimeoutMs({})).toBe(DEFAULT_PROVIDER_TIMEOUT_MS);
    expect(providerTimeoutMs({ PROVIDER_TIMEOUT_MS: "soon" })).toBe(10_000);
  });

  it.each(["recharge", "skio", "loop"] as const)("PRV-1: a %s adapter built from the environment alone reaches the configured host", async (provider) => {
    const name = { recharge: "RECHARGE_API_URL", skio: "SKIO_API_URL", loop: "LOOP_API_URL" }[provider];
    const before = process.env[name];
    process.env[name] = target(provider).url;
    try {
      const adapter = createProviderAdapter({ provider, token: target(provider).token, shopDomain: SHOP, limiter: createTokenBucketLimiter(), logger: quiet });
      await expect(adapter.verifyToken()).resolves.toMatchObject({ state: "valid" });
    } finally {
      if (before === undefined) delete process.env[name];
      else process.env[name] = before;
    }
  });

  it("PRV-1: PROVIDER_TIMEOUT_MS is the timeout when none is passed", async () => {
    const before = process.env.PROVIDER_TIMEOUT_MS;
    process.env.PROVIDER_TIMEOUT_MS = "250";
    recharge.faults.add({ hang: true });
    try {
      const adapter = createProviderAdapter({ provider: "recharge", token: RECHARGE_SIM_TOKENS.valid, shopDomain: SHOP, baseUrl: recharge.url, limiter: createTokenBucketLimiter(), logger: quiet });
      const started = Date.now();
      const error = await rejectionOf(adapter.findSubscriptionForOrder({ orderId: "5001", productId: "1001" }));
      expect((error as { code?: string }).code).toBe("timeout");
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(error.message).toContain("0.25 s");
    } finally {
      if (before === undefined) delete process.env.PROVIDER_TIMEOUT_MS;
      else process.env.PROVIDER_TIMEOUT_MS = before;
    }
  });
});

describe("Retry-After and the limiter", () => {
  it.each([
    { header: "3", expected: 3000 },
    { header: "0", expected: 0 },
    { header: "1.5", expected: 1500 },
    { header: "Wed, 21 Oct 2015 07:28:10 GMT", now: Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"), expected: 10_000 },
    { header: "", expected: null },
    { header: "soon", expected: null },
  ])("PRV-1: Retry-After '$header' → $expected ms", ({ header, now, expected }) => {
    expect(parseRetryAfter(header, now ?? Date.now())).toBe(expected);
  });

  it("PRV-1: the token bucket lets a burst of `capacity` through at once, then paces at the refill rate", async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const limiter = createTokenBucketLimiter({ now: () => clock, sleep: async (ms) => { sleeps.push(ms); clock += ms; } });
    const rule = { capacity: 3, refillPerSecond: 2 };
    for (let i = 0; i < 3; i++) await limiter.acquire("k", rule);
    expect(sleeps).toEqual([]);
    await limiter.acquire("k", rule);
    await limiter.acquire("k", rule);
    expect(clock).toBeGreaterThanOrEqual(1000);
    expect(clock).toBeLessThan(1010);
    // Another key has its own bucket.
    await limiter.acquire("other", rule);
    expect(sleeps).toHaveLength(2);
  });
});
