/**
 * The reconciler (JOB-1, JOB-6) with real Redis, a real worker process and the Recharge
 * simulator: jobs Redis lost are re-queued and applied exactly once; a job BullMQ failed
 * behind its row's back leaves the row telling the truth; the worker warns at boot about
 * Redis settings that can lose jobs.
 */
import { at } from "../support/entries";
import type { Shop } from "@prisma/client";
import { UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import prisma from "~/db.server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dispatchOutbox } from "~/jobs/outbox.server";
import { closeQueues, getQueue, queuePrefix } from "~/jobs/queues.server";
import { reconcileQueues } from "~/jobs/reconciler.server";
import { checkRedisDurability } from "~/jobs/redis-settings.server";
import { upgradeQueueExpectation } from "~/upgrades/queue-expectation.server";
import { startRechargeSimulator, RECHARGE_SIM_TOKENS, type RechargeSimulator } from "../simulators/providers/recharge";
import { acceptUpgrade, allSettled, cleanupRedisPrefix, createUpgradeShop, spawnWorker, subscriptionSpec, upgradeRows, waitFor, type WorkerProcess } from "../support/upgrade-fixtures";

let sim: RechargeSimulator;
let shop: Shop;
let nextOrder = 90_000;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  sim = await startRechargeSimulator();
  shop = await createUpgradeShop({ provider: "recharge", token: RECHARGE_SIM_TOKENS.valid });
});
afterEach(async (context) => {
  if (context.task.result?.state === "fail") for (const w of workers) console.error(w.output());
  await Promise.all(workers.splice(0).map((w) => w.kill("SIGKILL")));
});
afterAll(async () => {
  await closeQueues();
  await cleanupRedisPrefix();
  await sim.close();
});

async function acceptedUpgrades(count: number) {
  const accepted = [];
  for (let i = 0; i < count; i++) {
    const orderId = nextOrder++;
    const { subscriptionIds } = sim.addSubscription(subscriptionSpec(orderId));
    accepted.push({ ...(await acceptUpgrade({ shop, provider: "recharge", orderId })), subscriptionId: at(subscriptionIds, 0) });
  }
  return accepted;
}

const puts = (subscriptionId: number) => sim.requests.filter((r) => r.method === "PUT" && r.path === `/subscriptions/${subscriptionId}`);

describe("reconciler (JOB-1)", () => {
  it("JOB-1: upgrades whose queued jobs Redis lost are re-queued by a worker's sweep and applied exactly once", async () => {
    // GIVEN five accepted upgrades handed to Redis, then Redis loses its queue keys
    const upgrades = await acceptedUpgrades(5);
    expect((await dispatchOutbox({ where: { shopId: shop.id } })).dispatched).toBe(5);
    await cleanupRedisPrefix();
    expect(await getQueue("upgrades").getJobState(at(upgrades, 0).jobId)).toBe("unknown");

    // WHEN two worker processes (each with its own sweep) start
    const env = { RECHARGE_API_URL: sim.url, RECONCILE_INTERVAL_MS: "300", RECONCILE_GRACE_MS: "0" };
    workers.push(spawnWorker(env), spawnWorker(env));

    // THEN every upgrade is applied, once
    await allSettled(upgrades.map((u) => u.upgradeJobId));
    const rows = await upgradeRows(upgrades.map((u) => u.upgradeJobId));
    expect(rows.map((r) => r.status)).toEqual(upgrades.map(() => "succeeded"));
    expect(upgrades.map((u) => puts(u.subscriptionId).length)).toEqual(upgrades.map(() => 1));
  });

  it("JOB-1: a job that vanished while its worker was SIGKILLed mid-run is re-queued, and the change is applied once", async () => {
    // GIVEN a worker applying an upgrade whose provider answers slowly
    const upgrade = at(await acceptedUpgrades(1), 0);
    sim.faults.add({ method: "GET", path: "/orders", delayMs: 1500, times: 1 });
    const env = { RECHARGE_API_URL: sim.url, RECONCILE_INTERVAL_MS: "300", RECONCILE_GRACE_MS: "0", RECONCILE_RUNNING_GRACE_MS: "2000" };
    const first = spawnWorker({ ...env, RECONCILE_INTERVAL_MS: "600000" });
    workers.push(first);
    await waitFor(async () => (await upgradeRows([upgrade.upgradeJobId]))[0]?.status === "running", 20_000, "the upgrade to start");

    // WHEN the worker is SIGKILLed and Redis loses the job with it
    await first.kill("SIGKILL");
    await cleanupRedisPrefix();
    workers.push(spawnWorker(env));

    // THEN another worker's sweep re-queues it; the row ends succeeded with one change sent
    await allSettled([upgrade.upgradeJobId]);
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row?.status).toBe("succeeded");
    expect(puts(upgrade.subscriptionId)).toHaveLength(1);
  });

  it("JOB-6: an upgrade running only recently is not re-queued when Redis loses its job (its worker is still on it)", async () => {
    const upgrade = at(await acceptedUpgrades(1), 0);
    await dispatchOutbox({ where: { dedupeKey: upgrade.jobId } });
    await cleanupRedisPrefix();
    await prisma.upgradeJob.updateMany({ where: { id: upgrade.upgradeJobId }, data: { status: "running" } });
    expect(await reconcileQueues([upgradeQueueExpectation()], { graceMs: 0 })).toMatchObject({ requeued: 0 });
    // Still running long after any attempt could take: its worker died, so it is re-queued.
    const later = upgradeQueueExpectation({ now: () => Date.now() + 10 * 60_000 });
    expect(await reconcileQueues([later], { graceMs: 0 })).toMatchObject({ requeued: 1 });
    expect(await getQueue("upgrades").getJobState(upgrade.jobId)).not.toBe("unknown");
  });

  it("JOB-6: a job BullMQ failed behind the row's back (stalled past its limit) is recorded failed with the reason, not left queued", async () => {
    const upgrade = at(await acceptedUpgrades(1), 0);
    await dispatchOutbox({ where: { dedupeKey: upgrade.jobId } });
    // BullMQ's own stalled-job checker fails a job with this reason, never touching our row.
    const stalling = new Worker("upgrades", async () => {
      throw new UnrecoverableError("job stalled more than allowable limit");
    }, { prefix: queuePrefix(), connection: new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null }) });
    await waitFor(async () => (await getQueue("upgrades").getJobState(upgrade.jobId)) === "failed", 10_000, "the job to fail in Redis");
    await stalling.close();
    expect((await upgradeRows([upgrade.upgradeJobId]))[0]?.status).toBe("queued");

    expect(await reconcileQueues([upgradeQueueExpectation()], { graceMs: 0 })).toMatchObject({ resolved: 1, requeued: 0 });
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row).toMatchObject({ status: "failed", lastErrorClass: "JobStalledError", lastErrorMessage: expect.stringContaining("stalled more than allowable limit") });
    expect(puts(upgrade.subscriptionId)).toHaveLength(0);
  });

  it("OPS-3: the worker's boot check names the Redis settings that can lose queued jobs", async () => {
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      const settings = await checkRedisDurability(redis);
      const [, policy] = (await redis.config("GET", "maxmemory-policy")) as string[];
      const [, aof] = (await redis.config("GET", "appendonly")) as string[];
      expect(settings).toMatchObject({ maxmemoryPolicy: policy, appendonly: aof });
      expect(settings.problems.some((p) => p.includes("noeviction"))).toBe(policy !== "noeviction");
      expect(settings.problems.some((p) => p.includes("appendonly"))).toBe(aof !== "yes");
    } finally {
      redis.disconnect();
    }
  });
});
