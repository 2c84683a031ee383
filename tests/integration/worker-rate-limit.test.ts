/**
 * Provider rate limits (JOB-3, issue item 6): one Redis limiter shared by every worker,
 * per provider and per shop, so a burst of acceptances drains at the provider's rate
 * with no 429, and one busy shop does not hold back the others.
 */
import type { Shop } from "@prisma/client";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { dispatchOutbox } from "~/jobs/outbox.server";
import { createRedisRateLimiter, effectiveRule } from "~/upgrades/provider-limiter.server";
import { closeQueues, queuePrefix } from "~/jobs/queues.server";
import { RateLimitDeferral } from "~/upgrades/errors";
import { RECHARGE_ALL_SCOPES, RECHARGE_SIM_TOKENS, startRechargeSimulator, type RechargeSimulator } from "../simulators/providers/recharge";
import { cleanupRedisPrefix, acceptUpgrade, allSettled, createUpgradeShop, startTestWorker, subscriptionSpec, upgradeRows, type TestWorker } from "../support/upgrade-fixtures";
import { at, first } from "../support/entries";

// Recharge's bucket scaled so the test drains in seconds: 40/s. The workers are told a
// burst of 20; the simulator allows 40, as slack for this one process's event loop,
// which runs the simulator, both workers and the database at once.
const RULE = { capacity: 20, refillPerSecond: 40 };

let redis: Redis;
let sim: RechargeSimulator;
let shopA: Shop;
let workers: TestWorker[] = [];
let nextOrder = 60_000;

beforeAll(async () => {
  redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  sim = await startRechargeSimulator({ rateLimit: { capacity: 2 * RULE.capacity, drainPerSecond: RULE.refillPerSecond } });
  shopA = await createUpgradeShop({ provider: "recharge", token: RECHARGE_SIM_TOKENS.valid });
});

afterEach(async () => {
  await Promise.all(workers.map((w) => w.close()));
  workers = [];
});

afterAll(async () => {
  await closeQueues();
  await cleanupRedisPrefix();
  await sim.close();
  redis.disconnect();
});

async function acceptFor(shop: Shop, count: number, simShop?: string) {
  const accepted = [];
  for (let i = 0; i < count; i++) {
    const orderId = nextOrder++;
    sim.addSubscription(subscriptionSpec(orderId, simShop ? { shop: simShop } : {}));
    accepted.push(await acceptUpgrade({ shop, provider: "recharge", orderId }));
  }
  return accepted;
}

/** The most requests the simulator saw in any `windowMs` window. */
function peakIn(windowMs: number): number {
  const times = sim.requests.map((r) => r.at).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (at(times, i) - at(times, j) >= windowMs) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

describe("provider rate limits", () => {
  it("JOB-3: 40 acceptances at once drain at the provider's rate through two workers, with no 429", async () => {
    sim.requests.length = 0;
    const accepted = await acceptFor(shopA, 40);
    await dispatchOutbox({ limit: 100 });
    // Two workers, each with its own limiter object and Redis connection, like two processes.
    workers = await Promise.all([1, 2].map(() => startTestWorker({ baseUrls: { recharge: sim.url }, rules: { recharge: RULE }, concurrency: 8, timeoutMs: 10_000 })));
    const started = Date.now();
    await allSettled(accepted.map((a) => a.upgradeJobId), 30_000);
    const elapsed = Date.now() - started;

    const rows = await upgradeRows(accepted.map((a) => a.upgradeJobId));
    expect(rows.filter((r) => r.status !== "succeeded")).toEqual([]);
    expect(rows.flatMap((r) => r.attempts).filter((a) => a.outcome !== "succeeded")).toEqual([]);
    expect(sim.stats.served429).toBe(0);
    expect(sim.stats.rateLimitViolations).toBe(0);
    // Paced, not just lucky: the requests beyond the burst took at least their share of time.
    const requests = sim.requests.length;
    expect(requests).toBeGreaterThanOrEqual(40 * 3);
    expect(elapsed).toBeGreaterThanOrEqual(((requests - RULE.capacity) / RULE.refillPerSecond) * 1000 * 0.9);
    expect(peakIn(1000)).toBeLessThanOrEqual(RULE.capacity + RULE.refillPerSecond);
  });

  it("JOB-3: limits are per shop: a busy shop's backlog does not hold back another shop's upgrade", async () => {
    const shopB = await createUpgradeShop({ provider: "recharge", token: "rc_test_shop_b_token" });
    sim.addToken({ token: "rc_test_shop_b_token", shop: shopB.domain, scopes: RECHARGE_ALL_SCOPES });
    const backlog = await acceptFor(shopA, 30);
    const other = first(await acceptFor(shopB, 1, shopB.domain));
    await dispatchOutbox({ limit: 100 });
    // Jobs that would sleep over 100 ms for a slot step aside and free their worker slot.
    workers = [await startTestWorker({ baseUrls: { recharge: sim.url }, rules: { recharge: RULE }, concurrency: 12, limiterMaxWaitMs: 100, timeoutMs: 10_000 })];
    await allSettled([...backlog, other].map((a) => a.upgradeJobId), 30_000);

    const b = first(await upgradeRows([other.upgradeJobId]));
    const a = await upgradeRows(backlog.map((u) => u.upgradeJobId));
    expect(b.status).toBe("succeeded");
    expect(a.every((r) => r.status === "succeeded")).toBe(true);
    const lastOfA = Math.max(...a.map((r) => r.completedAt!.getTime()));
    expect(b.completedAt!.getTime()).toBeLessThan(lastOfA);
    // Stepping aside is not an attempt: every upgrade shows exactly one.
    expect(a.filter((r) => r.attemptsUsed !== 1 || r.attempts.length !== 1).map((r) => r.attempts.map((x) => [x.outcome, x.errorClass, x.errorMessage]))).toEqual([]);
    expect(sim.stats.served429).toBe(0);
    // One bucket per shop and provider token (shop B's has already expired: it was idle).
    const keys = await redis.keys(`${queuePrefix()}:provider-rate:*`);
    expect(keys.some((k) => k.startsWith(`${queuePrefix()}:provider-rate:${shopA.domain}:recharge:`))).toBe(true);
    await prisma.providerConnection.deleteMany({ where: { shopId: shopB.id } });
  });
});

describe("the Redis limiter", () => {
  const key = () => `test-${Math.random().toString(36).slice(2)}`;

  it("JOB-3: two limiter instances (two processes) share one bucket and never exceed it", async () => {
    const other = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
    const limiters = [redis, other].map((r) => createRedisRateLimiter({ redis: r, prefix: queuePrefix() }));
    const rule = { capacity: 20, refillPerSecond: 50 };
    const k = key();
    const started = Date.now();
    const times = await Promise.all(Array.from({ length: 30 }, (_, i) => at(limiters, i % 2).acquire(k, rule).then(() => Date.now() - started)));
    other.disconnect();
    const { capacity } = effectiveRule(rule);
    // `capacity` at once, then one every 20 ms: no window of w ms holds more than capacity + w / 20.
    expect(capacity).toBeGreaterThan(1);
    expect(Math.max(...times)).toBeGreaterThanOrEqual(((30 - capacity) / rule.refillPerSecond) * 1000 - 25);
    times.sort((a, b) => a - b);
    for (let i = 0; i < times.length; i++) {
      // 15 ms of slack: the times are taken after each caller wakes, not at its slot.
      for (let j = i + 1; j < times.length; j++) expect(j - i + 1).toBeLessThanOrEqual(capacity + (at(times, j) - at(times, i) + 15) / 20);
    }
  });

  it("JOB-3: a job that would wait longer than allowed steps aside instead of holding its worker", async () => {
    const limiter = createRedisRateLimiter({ redis, prefix: queuePrefix(), maxWaitMs: 100 });
    const k = key();
    await limiter.acquire(k, { capacity: 1, refillPerSecond: 1 });
    const deferral = await limiter.acquire(k, { capacity: 1, refillPerSecond: 1 }).catch((e: unknown) => e);
    expect(deferral).toBeInstanceOf(RateLimitDeferral);
    expect((deferral as RateLimitDeferral).retryAfterMs).toBeGreaterThan(500);
  });

  it("drains at shutdown: sleepers step aside at once", async () => {
    const limiter = createRedisRateLimiter({ redis, prefix: queuePrefix(), maxWaitMs: 10_000 });
    const k = key();
    const rule = { capacity: 1, refillPerSecond: 0.5 };
    await limiter.acquire(k, rule);
    const sleeping = limiter.acquire(k, rule).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    limiter.shutdown();
    expect(await sleeping).toBeInstanceOf(RateLimitDeferral);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
