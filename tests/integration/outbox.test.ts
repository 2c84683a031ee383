import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
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
});
