/**
 * The upgrade worker against the Recharge simulator, with real Redis and the 1 h / 24 h
 * schedule scaled down (1 h = 100 ms, 24 h = 2.4 s).
 */
import type { Shop } from "@prisma/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { dispatchOutbox } from "~/jobs/outbox.server";
import { closeQueues, getQueue } from "~/jobs/queues.server";
import { loadShopBanners } from "~/shops/banners.server";
import { startRechargeSimulator, RECHARGE_SIM_TOKENS, type RechargeSimulator } from "../simulators/providers/recharge";
import {
  cleanupRedisPrefix,
  MONTHLY_TO_BIMONTHLY,
  acceptUpgrade,
  allSettled,
  createUpgradeShop,
  startTestWorker,
  subscriptionSpec,
  upgradeRows,
  waitFor,
  type TestWorker,
} from "../support/upgrade-fixtures";

const SCALE = 1 / 36_000;
const HOUR = 3_600_000 * SCALE; // 100 ms
const DAY = 24 * HOUR; // 2.4 s

let sim: RechargeSimulator;
let worker: TestWorker;
let shop: Shop;
let nextOrder = 70_000;
/** The worker's clock runs this far ahead of the real one (JOB-4: "the date has come"). */
let clockOffsetMs = 0;

beforeAll(async () => {
  sim = await startRechargeSimulator();
  worker = await startTestWorker({ baseUrls: { recharge: sim.url }, retryScale: SCALE, timeoutMs: 1000, now: () => Date.now() + clockOffsetMs });
  shop = await createUpgradeShop({ provider: "recharge", token: RECHARGE_SIM_TOKENS.valid });
});

afterAll(async () => {
  await worker.close();
  await closeQueues();
  await cleanupRedisPrefix();
  await sim.close();
});

afterEach(() => {
  sim.faults.clear();
  clockOffsetMs = 0;
});

/** An order whose Recharge subscription exists (unless `withSubscription` is false), accepted and dispatched. */
async function accepted(options: { withSubscription?: boolean; change?: Parameters<typeof acceptUpgrade>[0]["change"]; nextChargeDate?: string } = {}) {
  const orderId = nextOrder++;
  const subscriptionIds =
    options.withSubscription === false ? [] : sim.addSubscription(subscriptionSpec(orderId, options.nextChargeDate ? { nextChargeDate: options.nextChargeDate } : {})).subscriptionIds;
  const upgrade = await acceptUpgrade({ shop, provider: "recharge", orderId, change: options.change });
  await dispatchOutbox();
  return { ...upgrade, orderId, subscriptionId: subscriptionIds[0] };
}

const puts = (subscriptionId: number) => sim.requests.filter((r) => r.method === "PUT" && r.path === `/subscriptions/${subscriptionId}`);

describe("upgrade worker: outcomes and retries", () => {
  it("JOB-1, JOB-5: an accepted upgrade is applied by the worker, with its attempt recorded", async () => {
    const upgrade = await accepted();
    await allSettled([upgrade.upgradeJobId]);

    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row).toMatchObject({ status: "succeeded", attemptsUsed: 1, providerSubscriptionId: String(upgrade.subscriptionId), lastErrorClass: null });
    expect(row.completedAt).toBeTruthy();
    expect(row.attempts).toHaveLength(1);
    expect(row.attempts[0]).toMatchObject({ number: 1, outcome: "succeeded", errorClass: null });
    expect(row.attempts[0].endedAt!.getTime()).toBeGreaterThanOrEqual(row.attempts[0].startedAt.getTime());
    expect(row.attempts[0].providerSummary).toContain("every 2 months");
    expect(row.attempts[0].providerSummary).not.toContain(RECHARGE_SIM_TOKENS.valid);

    const sub = sim.state.subscriptions.get(upgrade.subscriptionId)!;
    expect(sub).toMatchObject({ order_interval_frequency: 2, charge_interval_frequency: 2 });
    expect(puts(upgrade.subscriptionId)).toHaveLength(1);
    expect((await getQueue("upgrades").getJob(upgrade.jobId))?.finishedOn).toBeTruthy();
  });

  it("JOB-2: a failing provider is tried 3 times — at acceptance, 1 h and 24 h after the initial failure — then failed with every attempt kept", async () => {
    const upgrade = await accepted();
    sim.faults.add({ method: "GET", path: "/orders", status: 503 });

    // While waiting for attempt 3 the merchant sees "retrying" and when it comes.
    const waiting = await waitFor(async () => {
      const [row] = await upgradeRows([upgrade.upgradeJobId]);
      return row.status === "retrying" && row.attemptsUsed === 2 ? row : null;
    }, 10_000, "the second failure");
    expect(waiting.nextAttemptAt).toBeTruthy();
    expect(waiting.lastErrorClass).toBe("ProviderUnavailableError");

    await allSettled([upgrade.upgradeJobId]);
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row).toMatchObject({ status: "failed", attemptsUsed: 3, lastErrorClass: "ProviderUnavailableError", nextAttemptAt: null });
    expect(row.attempts.map((a) => [a.number, a.outcome, a.errorClass])).toEqual([
      [1, "failed", "ProviderUnavailableError"],
      [2, "failed", "ProviderUnavailableError"],
      [3, "failed", "ProviderUnavailableError"],
    ]);
    for (const attempt of row.attempts) expect(attempt.errorMessage).toMatch(/server error \(HTTP 503\)/);

    // Both retries are measured from the end of the first failure (ADR 0006).
    const initialFailure = row.attempts[0].endedAt!.getTime();
    const second = row.attempts[1].startedAt.getTime() - initialFailure;
    const third = row.attempts[2].startedAt.getTime() - initialFailure;
    expect(second).toBeGreaterThanOrEqual(HOUR - 5);
    expect(second).toBeLessThan(HOUR + 1500);
    expect(third).toBeGreaterThanOrEqual(DAY - 5);
    expect(third).toBeLessThan(DAY + 1500);

    const job = await getQueue("upgrades").getJob(upgrade.jobId);
    expect(await job!.getState()).toBe("failed");
    expect(job!.attemptsMade).toBe(3);
    expect(puts(upgrade.subscriptionId)).toHaveLength(0);
  });

  it("JOB-2: a transient failure is retried 1 h later and then succeeds", async () => {
    const upgrade = await accepted();
    sim.faults.add({ method: "PUT", path: "/subscriptions/", status: 502, times: 1 });
    await allSettled([upgrade.upgradeJobId]);
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row).toMatchObject({ status: "succeeded", attemptsUsed: 2, lastErrorClass: null });
    expect(row.attempts.map((a) => a.outcome)).toEqual(["failed", "succeeded"]);
    expect(sim.state.subscriptions.get(upgrade.subscriptionId)!.order_interval_frequency).toBe(2);
  });

  it.each([
    ["a refused change (422)", { method: "PUT", status: 422, body: { errors: { quantity: ["is invalid"] } } }, "ProviderInvalidRequestError"],
    ["a token without a permission (403)", { method: "GET", path: "/orders", status: 403 }, "ProviderAuthError"],
    ["a rejected token (401)", { method: "GET", path: "/orders", status: 401 }, "ProviderAuthError"],
  ])("JOB-3: a permanent error fails at once, without retries: %s", async (_name, fault, errorClass) => {
    const upgrade = await accepted();
    sim.faults.add(fault);
    await allSettled([upgrade.upgradeJobId]);
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row).toMatchObject({ status: "failed", attemptsUsed: 1, lastErrorClass: errorClass });
    expect(row.attempts).toHaveLength(1);
    const job = await getQueue("upgrades").getJob(upgrade.jobId);
    expect(job!.attemptsMade).toBe(1);
    expect(job!.failedReason).toBe(row.lastErrorMessage);
  });

  it("CONN-6: an auth failure flags the connection for a re-test and puts the banner on admin pages", async () => {
    const other = await createUpgradeShop({ provider: "recharge", token: RECHARGE_SIM_TOKENS.valid });
    const orderId = nextOrder++;
    sim.addSubscription(subscriptionSpec(orderId));
    const upgrade = await acceptUpgrade({ shop: other, provider: "recharge", orderId });
    sim.faults.add({ method: "GET", path: "/orders", status: 401 });
    await dispatchOutbox();
    await allSettled([upgrade.upgradeJobId]);

    const connection = await prisma.providerConnection.findUniqueOrThrow({ where: { shopId: other.id } });
    expect(connection.needsRetest).toBe(true);
    expect(connection.needsRetestReason).toMatch(/rejected the API token/);
    const banners = await loadShopBanners(await prisma.shop.findUniqueOrThrow({ where: { id: other.id } }));
    expect(banners.map((b) => b.id)).toContain("provider-needs-retest");
  });

  it("JOB-3: a 429 waits for the provider's retry-after and does not use up an attempt", async () => {
    const upgrade = await accepted();
    // One 429 (retry after 1 s), then the provider is down for good: all 3 attempts still run.
    sim.faults.add({ method: "GET", path: "/orders", status: 429, retryAfter: "1", times: 1 }, { method: "GET", path: "/orders", status: 503 });
    await allSettled([upgrade.upgradeJobId]);
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row).toMatchObject({ status: "failed", attemptsUsed: 3 });
    expect(row.attempts.map((a) => [a.number, a.outcome])).toEqual([
      [1, "rate_limited"],
      [1, "failed"],
      [2, "failed"],
      [3, "failed"],
    ]);
    expect(row.attempts[0].errorClass).toBe("ProviderRateLimitedError");
    // The retry-after was honoured.
    expect(row.attempts[1].startedAt.getTime() - row.attempts[0].endedAt!.getTime()).toBeGreaterThanOrEqual(990);
    expect((await getQueue("upgrades").getJob(upgrade.jobId))!.attemptsMade).toBe(3);
  });

  it("JOB-3: a 429 followed by success counts one attempt", async () => {
    const upgrade = await accepted();
    sim.faults.add({ method: "PUT", status: 429, retryAfter: "0.2", times: 2 });
    await allSettled([upgrade.upgradeJobId]);
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row).toMatchObject({ status: "succeeded", attemptsUsed: 1 });
    expect(row.attempts.map((a) => a.outcome)).toEqual(["rate_limited", "rate_limited", "succeeded"]);
    expect(puts(upgrade.subscriptionId).filter((r) => r.status === 200)).toHaveLength(1);
  });

  it("RUN-5: a subscription the provider has not created yet is retried and upgraded once it appears", async () => {
    const upgrade = await accepted({ withSubscription: false });
    await waitFor(async () => (await upgradeRows([upgrade.upgradeJobId]))[0].status === "retrying", 5000, "the first not-found");
    const [{ subscriptionIds }] = [sim.addSubscription(subscriptionSpec(upgrade.orderId))];
    await allSettled([upgrade.upgradeJobId]);
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row.status).toBe("succeeded");
    expect(row.attempts.map((a) => [a.outcome, a.errorClass])).toEqual([
      ["failed", "ProviderNotFoundError"],
      ["succeeded", null],
    ]);
    expect(sim.state.subscriptions.get(subscriptionIds[0])!.order_interval_frequency).toBe(2);
  });

  it("RUN-5: with no matching subscription by the last attempt, the upgrade fails with that reason for the merchant", async () => {
    const upgrade = await accepted({ withSubscription: false });
    await allSettled([upgrade.upgradeJobId]);
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row).toMatchObject({ status: "failed", attemptsUsed: 3, lastErrorClass: "NoMatchingSubscriptionError" });
    expect(row.lastErrorMessage).toMatch(/^No matching subscription: Recharge has no subscription for product 1001 in order/);
    expect(row.attempts.map((a) => a.errorClass)).toEqual(["ProviderNotFoundError", "ProviderNotFoundError", "NoMatchingSubscriptionError"]);
  });

  it("JOB-6: a change that is already on the subscription is recorded and not sent again", async () => {
    const orderId = nextOrder++;
    const [subscriptionId] = sim.addSubscription(subscriptionSpec(orderId, { deliveryIntervalCount: 2, billingIntervalCount: 2 })).subscriptionIds;
    const upgrade = await acceptUpgrade({ shop, provider: "recharge", orderId });
    await dispatchOutbox();
    await allSettled([upgrade.upgradeJobId]);
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row.status).toBe("succeeded");
    expect(row.attempts.map((a) => a.outcome)).toEqual(["already_applied"]);
    expect(row.attempts[0].providerSummary).toMatch(/already shows the change/);
    expect(puts(subscriptionId)).toHaveLength(0);
  });

  it("JOB-1: the worker looks up the subscription line the stored request names (the order's trigger line)", async () => {
    const orderId = nextOrder++;
    const [subscriptionId] = sim.addSubscription(subscriptionSpec(orderId, { productId: 1008, variantId: 2009 })).subscriptionIds;
    // A Decaf-triggered offer: the request stores the order's Decaf line, which the worker finds.
    const upgrade = await acceptUpgrade({ shop, provider: "recharge", orderId, productId: 1008, variantId: 2009 });
    await dispatchOutbox();
    await allSettled([upgrade.upgradeJobId]);
    expect((await upgradeRows([upgrade.upgradeJobId]))[0].status).toBe("succeeded");
    expect(puts(subscriptionId)).toHaveLength(1);
  });

  it("JOB-4: 'apply at end of current cycle' waits for the next charge date, shown as scheduled with that date", async () => {
    const date = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const upgrade = await accepted({ change: { ...MONTHLY_TO_BIMONTHLY, applyAtEndOfCycle: true }, nextChargeDate: date });
    const runAt = Date.parse(`${date}T00:00:00Z`) - 86_400_000;

    const scheduled = await waitFor(async () => {
      const [row] = await upgradeRows([upgrade.upgradeJobId]);
      return row.status === "scheduled" && row.scheduledFor ? row : null;
    }, 5000, "the upgrade to be scheduled");
    expect(scheduled.scheduledFor!.toISOString().slice(0, 10)).toBe(date);
    expect(scheduled.nextAttemptAt!.getTime()).toBe(runAt);
    expect(scheduled).toMatchObject({ attemptsUsed: 0, attempts: [] });
    const job = (await getQueue("upgrades").getJob(upgrade.jobId))!;
    expect(await job.getState()).toBe("delayed");
    expect(job.attemptsMade).toBe(0);
    expect(puts(upgrade.subscriptionId)).toHaveLength(0);

    // WHEN the day before the charge date comes
    clockOffsetMs = runAt - Date.now() + 60_000;
    await job.promote();
    await allSettled([upgrade.upgradeJobId]);
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row).toMatchObject({ status: "succeeded", attemptsUsed: 1 });
    const sub = sim.state.subscriptions.get(upgrade.subscriptionId)!;
    expect(sub.order_interval_frequency).toBe(2);
    // The current cycle ends on its original date; the new cadence starts from it.
    expect(sub.next_charge_scheduled_at).toBe(date);
  });
});
