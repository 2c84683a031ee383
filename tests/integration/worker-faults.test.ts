/**
 * Fault tests with real worker processes (`node --import tsx app/worker.server.ts`), a
 * private Redis that keeps its data across a restart, and the Recharge simulator:
 * every upgrade is applied exactly once whatever dies on the way (JOB-1, JOB-6).
 */
import type { Shop } from "@prisma/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
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

let sim: RechargeSimulator;
let redis: DurableRedis;
let shop: Shop;
let nextOrder = 80_000;
const running: WorkerProcess[] = [];

function worker(env: Record<string, string> = {}): WorkerProcess {
  const child = spawnWorker({
    REDIS_URL: redis.url,
    RECHARGE_API_URL: sim.url,
    UPGRADE_RETRY_SCALE: String(1 / 3600), // 1 h = 1 s, 24 h = 24 s
    PROVIDER_TIMEOUT_MS: "1000",
    ...env,
  });
  running.push(child);
  return child;
}

beforeAll(async () => {
  sim = await startRechargeSimulator();
  redis = await durableRedis();
  await redis.start();
  shop = await createUpgradeShop({ provider: "recharge", token: RECHARGE_SIM_TOKENS.valid });
});

afterEach(async (context) => {
  // A failing test shows what its workers said.
  if (context.task.result?.state === "fail") for (const w of running) console.error(w.output());
  await Promise.all(running.splice(0).map((w) => w.kill("SIGKILL")));
  sim.faults.clear();
});

afterAll(async () => {
  await redis.kill();
  await sim.close();
});

async function acceptMany(count: number) {
  const accepted = [];
  for (let i = 0; i < count; i++) {
    const orderId = nextOrder++;
    const [subscriptionId] = sim.addSubscription(subscriptionSpec(orderId)).subscriptionIds;
    accepted.push({ ...(await acceptUpgrade({ shop, provider: "recharge", orderId })), subscriptionId });
  }
  return accepted;
}

/** Every change request the simulator received for one subscription (answered or not). */
const putsTo = (id: number) => sim.requests.filter((r) => r.method === "PUT" && r.path === `/subscriptions/${id}`);

/** Successful changes the simulator received, per subscription. */
function changesPerSubscription(ids: number[]): number[] {
  return ids.map((id) => sim.requests.filter((r) => r.method === "PUT" && r.path === `/subscriptions/${id}` && r.status === 200).length);
}

function expectEachChangedOnce(ids: number[]) {
  expect(changesPerSubscription(ids)).toEqual(ids.map(() => 1));
  for (const id of ids) expect(sim.state.subscriptions.get(id)!.order_interval_frequency).toBe(2);
}

describe("upgrade worker processes under faults", () => {
  it("JOB-6: two worker processes on one queue apply each of 40 upgrades once", async () => {
    worker();
    worker();
    const accepted = await acceptMany(40);
    await allSettled(accepted.map((a) => a.upgradeJobId), 40_000);
    const rows = await upgradeRows(accepted.map((a) => a.upgradeJobId));
    expect(rows.every((r) => r.status === "succeeded" && r.attempts.length === 1)).toBe(true);
    expectEachChangedOnce(accepted.map((a) => a.subscriptionId));
  });

  it("JOB-1, JOB-6: Redis stopped during 100 acceptances, then restarted: all are processed, each exactly once", async () => {
    const w = worker();
    const first = await acceptMany(50);
    await waitFor(async () => (await prisma.upgradeJob.count({ where: { id: { in: first.map((a) => a.upgradeJobId) }, status: "succeeded" } })) >= 5, 20_000, "the first upgrades");

    await redis.kill();
    // Acceptances keep coming while Redis is down: they wait in the outbox (JOB-1).
    const second = await acceptMany(50);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await prisma.outboxEvent.count({ where: { dedupeKey: { in: second.map((a) => a.jobId) }, dispatchedAt: null } })).toBe(50);

    await redis.start();
    const all = [...first, ...second];
    await allSettled(all.map((a) => a.upgradeJobId), 60_000);
    const rows = await upgradeRows(all.map((a) => a.upgradeJobId));
    expect(rows.filter((r) => r.status !== "succeeded").map((r) => [r.status, r.lastErrorMessage])).toEqual([]);
    expectEachChangedOnce(all.map((a) => a.subscriptionId));
    expect(w.child.exitCode).toBeNull();
  }, 90_000);

  it("JOB-6: a worker killed with SIGKILL mid-job: another one completes the job, changing the subscription once", async () => {
    const doomed = worker();
    // The change reaches the provider, which answers slowly: the worker dies meanwhile.
    sim.faults.add({ method: "PUT", delayMs: 800, times: 1 });
    const [upgrade] = await acceptMany(1);
    await waitFor(() => putsTo(upgrade.subscriptionId).length > 0, 15_000, "the change to be sent");
    await doomed.kill("SIGKILL");
    expect((await upgradeRows([upgrade.upgradeJobId]))[0].status).toBe("running");

    worker(); // picks the stalled job up once its lock (3 s) expires
    await allSettled([upgrade.upgradeJobId], 20_000);
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row.status).toBe("succeeded");
    // One attempt, resumed: the re-read found the change in place and sent nothing.
    expect(row.attempts.map((a) => a.outcome)).toEqual(["already_applied"]);
    expectEachChangedOnce([upgrade.subscriptionId]);
    expect(putsTo(upgrade.subscriptionId)).toHaveLength(1);
  });

  it("JOB-6: a provider that applies the change but whose answer is lost (timeout after write) is not asked twice", async () => {
    worker();
    // The simulator applies the PUT after 1.5 s; the worker gave up after 1 s.
    sim.faults.add({ method: "PUT", delayMs: 1500, times: 1 });
    const [upgrade] = await acceptMany(1);
    await allSettled([upgrade.upgradeJobId], 20_000);
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row.status).toBe("succeeded");
    expect(row.attempts.map((a) => [a.outcome, a.errorClass])).toEqual([
      ["failed", "ProviderUnavailableError"],
      ["already_applied", null],
    ]);
    expect(row.attempts[0].errorMessage).toMatch(/did not answer within 1 s/);
    expect(putsTo(upgrade.subscriptionId)).toHaveLength(1);
    expect(sim.state.subscriptions.get(upgrade.subscriptionId)!.order_interval_frequency).toBe(2);
  });

  it("JOB-6: SIGTERM drains: the running job finishes, then the worker exits cleanly", async () => {
    const w = worker();
    sim.faults.add({ method: "PUT", delayMs: 700, times: 1 });
    const [upgrade] = await acceptMany(1);
    await waitFor(() => putsTo(upgrade.subscriptionId).length > 0, 15_000, "the change to be sent");
    expect(await w.kill("SIGTERM")).toBe(0);
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row.status).toBe("succeeded");
    expect(row.attempts.map((a) => a.outcome)).toEqual(["succeeded"]);
  });
});
