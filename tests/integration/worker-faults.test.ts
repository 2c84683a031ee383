/**
 * Fault tests with two real worker processes (`node --import tsx app/worker.server.ts`)
 * on one queue, a private Redis that keeps its data across a restart, and the Recharge
 * simulator: every upgrade is applied exactly once whatever dies on the way (JOB-1,
 * JOB-6). The tests run in order and share the workers: one is killed in the SIGKILL
 * test, the other drained by the SIGTERM test.
 */
import type { Shop } from "@prisma/client";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { queuePrefix } from "~/jobs/queues.server";
import { startRechargeSimulator, RECHARGE_SIM_TOKENS, type RechargeSimulator } from "../simulators/providers/recharge";
import {
  acceptUpgrade,
  allSettled,
  createUpgradeShop,
  durableRedis,
  spawnWorker,
  subscriptionSpec,
  upgradeRows,
  waitFor,
  type DurableRedis,
  type WorkerProcess,
} from "../support/upgrade-fixtures";
import { first } from "../support/entries";

let sim: RechargeSimulator;
let redis: DurableRedis;
let shop: Shop;
let workers: WorkerProcess[] = [];
let nextOrder = 80_000;

beforeAll(async () => {
  // The simulator's bucket is 20× Recharge's and so is the workers' pacing: these tests are about faults.
  sim = await startRechargeSimulator({ rateLimit: { capacity: 800, drainPerSecond: 40 } });
  redis = await durableRedis();
  await redis.start();
  shop = await createUpgradeShop({ provider: "recharge", token: RECHARGE_SIM_TOKENS.valid });
  const env = {
    REDIS_URL: redis.url,
    RECHARGE_API_URL: sim.url,
    UPGRADE_RETRY_SCALE: String(1 / 1800), // 1 h = 2 s, 24 h = 48 s
    PROVIDER_TIMEOUT_MS: "2000",
    UPGRADE_PROVIDER_RATE_SCALE: "20",
  };
  workers = [spawnWorker(env), spawnWorker(env)];
});

afterEach((context) => {
  sim.faults.clear();
  // A failing test shows what the workers said.
  if (context.task.result?.state === "fail") for (const w of workers) console.error(w.output());
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill("SIGKILL")));
  await redis.kill();
  await sim.close();
});

async function acceptMany(count: number) {
  const accepted = [];
  for (let i = 0; i < count; i++) {
    const orderId = nextOrder++;
    const subscriptionId = first(sim.addSubscription(subscriptionSpec(orderId)).subscriptionIds, "seeded subscription");
    accepted.push({ ...(await acceptUpgrade({ shop, provider: "recharge", orderId })), subscriptionId });
  }
  return accepted;
}

/** Every change request the simulator received for one subscription (answered or not). */
const putsTo = (id: number) => sim.requests.filter((r) => r.method === "PUT" && r.path === `/subscriptions/${id}`);

function expectEachChangedOnce(ids: number[]) {
  expect(ids.map((id) => putsTo(id).length)).toEqual(ids.map(() => 1));
  for (const id of ids) expect(sim.state.subscriptions.get(id)!.order_interval_frequency).toBe(2);
}

async function expectAllSucceeded(ids: string[]) {
  const rows = await upgradeRows(ids);
  expect(rows.filter((r) => r.status !== "succeeded").map((r) => [r.status, r.lastErrorMessage])).toEqual([]);
}

/** The worker process running a job, from the name BullMQ stores on it. */
async function processRunning(jobId: string): Promise<WorkerProcess> {
  const queue = new Queue("upgrades", { prefix: queuePrefix(), connection: new Redis(redis.url, { maxRetriesPerRequest: null }) });
  try {
    const job = await waitFor(async () => {
      const found = await queue.getJob(jobId);
      return found?.processedBy ? found : null;
    }, 10_000, "the job to be taken");
    const pid = Number(job.processedBy!.split(":").pop());
    const owner = workers.find((w) => w.child.pid === pid);
    if (!owner) throw new Error(`No worker process with pid ${pid}`);
    return owner;
  } finally {
    await queue.close();
  }
}

describe("upgrade worker processes under faults", () => {
  it("JOB-6: two worker processes on one queue apply each of 40 upgrades once", async () => {
    const accepted = await acceptMany(40);
    await allSettled(accepted.map((a) => a.upgradeJobId), 40_000);
    await expectAllSucceeded(accepted.map((a) => a.upgradeJobId));
    expectEachChangedOnce(accepted.map((a) => a.subscriptionId));
  }, 60_000);

  it("JOB-1, JOB-6: Redis stopped during 100 acceptances, then restarted: all are processed, each exactly once", async () => {
    const first = await acceptMany(50);
    await waitFor(async () => (await prisma.upgradeJob.count({ where: { id: { in: first.map((a) => a.upgradeJobId) }, status: "succeeded" } })) >= 5, 20_000, "the first upgrades");

    await redis.kill();
    // Acceptances keep coming while Redis is down: they wait in the outbox (JOB-1).
    const second = await acceptMany(50);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await prisma.outboxEvent.count({ where: { dedupeKey: { in: second.map((a) => a.jobId) }, dispatchedAt: null } })).toBe(50);

    await redis.start();
    const all = [...first, ...second];
    await allSettled(all.map((a) => a.upgradeJobId), 60_000);
    await expectAllSucceeded(all.map((a) => a.upgradeJobId));
    expectEachChangedOnce(all.map((a) => a.subscriptionId));
    expect(workers.map((w) => w.child.exitCode)).toEqual([null, null]);
  }, 90_000);

  it("JOB-6: a provider that applies the change but whose answer is lost (timeout after write) is not asked twice", async () => {
    // The simulator applies the PUT after 2.5 s; the worker gave up after 2 s.
    sim.faults.add({ method: "PUT", delayMs: 2500, times: 1 });
    const upgrade = first(await acceptMany(1));
    await allSettled([upgrade.upgradeJobId], 20_000);
    const row = first(await upgradeRows([upgrade.upgradeJobId]));
    expect(row.status).toBe("succeeded");
    expect(first(row.attempts)).toMatchObject({ outcome: "failed", errorClass: "ProviderUnavailableError" });
    expect(first(row.attempts).errorMessage).toMatch(/did not answer within 2 s while Uplift tried to update subscription/);
    // The retry re-read the subscription, found the change and sent nothing.
    expect(row.attempts.at(-1)!.outcome).toBe("already_applied");
    expectEachChangedOnce([upgrade.subscriptionId]);
  });

  it("JOB-6: a worker killed with SIGKILL mid-job: the other one completes the job, changing the subscription once", async () => {
    // The change reaches the provider, which answers slowly: the worker dies meanwhile.
    sim.faults.add({ method: "PUT", delayMs: 800, times: 1 });
    const upgrade = first(await acceptMany(1));
    const doomed = await processRunning(upgrade.jobId);
    await waitFor(() => putsTo(upgrade.subscriptionId).length > 0, 15_000, "the change to be sent");
    await doomed.kill("SIGKILL");
    workers = workers.filter((w) => w !== doomed);
    expect(first(await upgradeRows([upgrade.upgradeJobId])).status).toBe("running");

    // The survivor's stalled-job check takes the job over once the dead worker's lock (3 s) expires.
    await allSettled([upgrade.upgradeJobId], 20_000);
    const row = first(await upgradeRows([upgrade.upgradeJobId]));
    expect(row.status).toBe("succeeded");
    // One attempt, resumed: the re-read found the change in place and sent nothing more.
    expect(row.attempts.map((a) => [a.number, a.outcome])).toEqual([[1, "already_applied"]]);
    expect(first(row.attempts).providerSummary).toMatch(/already shows the change/);
    expectEachChangedOnce([upgrade.subscriptionId]);
  });

  it("JOB-6: SIGTERM drains: the running job finishes, then the worker exits cleanly", async () => {
    const last = first(workers);
    sim.faults.add({ method: "PUT", delayMs: 700, times: 1 });
    const upgrade = first(await acceptMany(1));
    await waitFor(() => putsTo(upgrade.subscriptionId).length > 0, 15_000, "the change to be sent");
    expect(await last.kill("SIGTERM")).toBe(0);
    const row = first(await upgradeRows([upgrade.upgradeJobId]));
    expect(row.status).toBe("succeeded");
    expect(row.attempts.map((a) => a.outcome)).toEqual(["succeeded"]);
  });
});
