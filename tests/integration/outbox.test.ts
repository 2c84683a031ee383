import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { createRedis } from "~/redis.server";
import { privateRedis, type PrivateRedis } from "../support/redis-server";

let redis: PrivateRedis;
let outbox: typeof import("~/jobs/outbox.server");
let queues: typeof import("~/jobs/queues.server");

beforeAll(async () => {
  redis = await privateRedis();
  await redis.start();
  process.env.REDIS_URL = redis.url;
  outbox = await import("~/jobs/outbox.server");
  queues = await import("~/jobs/queues.server");
});

afterAll(async () => {
  await queues.closeQueues();
  await redis.stop();
});

async function commitWork(shopId: string, key: string) {
  await prisma.$transaction(async (tx) => {
    await outbox.addToOutbox(tx, { shopId, topic: "upgrades", dedupeKey: key, payload: { acceptanceId: key } });
  });
}

describe("transactional outbox", () => {
  it("JOB-1: queues committed work under its deterministic id, and a second dispatch adds nothing", async () => {
    const shop = await prisma.shop.create({ data: { domain: "outbox-a.myshopify.com" } });
    await commitWork(shop.id, "upgrade-a1");
    await commitWork(shop.id, "upgrade-a1"); // a replay of the same acceptance
    expect(await prisma.outboxEvent.count({ where: { shopId: shop.id } })).toBe(1);

    expect(await outbox.dispatchOutbox()).toEqual({ dispatched: 1, failed: 0 });
    const queue = queues.getQueue("upgrades");
    const job = await queue.getJob("upgrade-a1");
    expect(job?.data).toMatchObject({ acceptanceId: "upgrade-a1" });
    expect(job?.opts.attempts).toBe(3);

    // A dispatcher that crashed before marking the row re-adds it: BullMQ ignores the duplicate id.
    await prisma.outboxEvent.updateMany({ where: { shopId: shop.id }, data: { dispatchedAt: null } });
    await outbox.dispatchOutbox();
    expect(await queue.getJobCountByTypes("waiting", "delayed", "active", "completed", "failed")).toBe(1);
  });

  it("JOB-1: while Redis is down the work waits in the database, then is queued once Redis is back", async () => {
    const shop = await prisma.shop.create({ data: { domain: "outbox-b.myshopify.com" } });
    await redis.stop();
    await commitWork(shop.id, "upgrade-b1");
    const down = await outbox.dispatchOutbox({ where: { shopId: shop.id } });
    expect(down).toEqual({ dispatched: 0, failed: 1 });
    const waiting = await prisma.outboxEvent.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(waiting.dispatchedAt).toBeNull();
    expect(waiting.dispatchAttempts).toBe(1);
    expect(waiting.lastError).toBeTruthy();

    await redis.start();
    let result = { dispatched: 0, failed: 0 };
    for (let i = 0; i < 50 && result.dispatched === 0; i++) {
      result = await outbox.dispatchOutbox({ where: { shopId: shop.id } });
      if (result.dispatched === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(result.dispatched).toBe(1);
    expect(await queues.getQueue("upgrades").getJob("upgrade-b1")).toBeTruthy();
  });

  it("JOB-1: a slow dispatcher never re-adds a row another dispatcher added, even after its job completed and was removed", async () => {
    // GIVEN 30 committed rows and a worker that finishes each job and removes it at once
    const shop = await prisma.shop.create({ data: { domain: "outbox-race.myshopify.com" } });
    const keys = Array.from({ length: 30 }, (_, i) => `upgrade-race-${i}`);
    for (const key of keys) await commitWork(shop.id, key);
    const runs = new Map<string, number>();
    const worker = new Worker("upgrades", async (job) => void runs.set(job.id!, (runs.get(job.id!) ?? 0) + 1), {
      prefix: queues.queuePrefix(),
      connection: createRedis({}, redis.url),
    });
    worker.on("completed", (job) => void job.remove().catch(() => undefined));
    const drained = async () => {
      while (runs.size < keys.length - 1 || (await queues.getQueue("upgrades").getJobCountByTypes("waiting", "active", "delayed", "completed")) > 0) {
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    try {
      // WHEN one dispatcher stalls on Redis (a GC pause, a slow network) while another runs everything
      let release!: () => void;
      const stalled = new Promise<void>((resolve) => (release = resolve));
      const real = queues.getQueue("upgrades");
      const slow = outbox.dispatchOutbox({
        where: { shopId: shop.id },
        queueFor: () => ({ waitUntilReady: () => real.waitUntilReady(), add: async (...args: Parameters<typeof real.add>) => (await stalled, real.add(...args)) }),
      });
      await outbox.dispatchOutbox({ where: { shopId: shop.id } });
      await drained();
      release();
      await slow;
      await outbox.dispatchOutbox({ where: { shopId: shop.id } });
      while (runs.size < keys.length || (await real.getJobCountByTypes("waiting", "active", "delayed")) > 0) await new Promise((r) => setTimeout(r, 20));

      // THEN every row was dispatched and every job ran exactly once
      expect(await prisma.outboxEvent.count({ where: { shopId: shop.id, dispatchedAt: null } })).toBe(0);
      expect(keys.map((key) => runs.get(key))).toEqual(keys.map(() => 1));
    } finally {
      await worker.close();
    }
  });
});
