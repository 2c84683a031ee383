/**
 * Postscript event delivery through the outbox, the queue and an in-process BullMQ worker
 * running the app's own registration (PS-2, PS-4), against the Postscript simulator and
 * the Shopify store simulator (the shopper's contact comes from the Admin API).
 */
import { Worker } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import prisma from "~/db.server";
import { dispatchOutbox } from "~/jobs/outbox.server";
import { closeQueues, getQueue, queuePrefix } from "~/jobs/queues.server";
import { RETRY_BACKOFF_TYPE, jobOptionsFor } from "~/jobs/job-options.server";
import { createRedis } from "~/redis.server";
import { encryptSecret, secretTail } from "~/security/encryption.server";
import { secretContext } from "~/security/secret-columns.server";
import { listRecentDeliveries, resendDelivery } from "~/integrations/postscript/deliveries.server";
import { RetryableDeliveryError } from "~/integrations/postscript/deliver.server";
import { POSTSCRIPT_EVENT_TYPES, type PostscriptEventType } from "~/integrations/postscript/event-types";
import { postscriptProcessorRegistration, postscriptRetryDelay } from "~/integrations/postscript/processor.server";
import { dispatchPostscriptSoon, recordPostscriptEvent } from "~/integrations/postscript/record-event.server";
import { recordAcceptanceEvents } from "~/integrations/postscript/app-events.server";
import { POSTSCRIPT_SIM_KEYS, startPostscriptSimulator, type PostscriptSimulator } from "../simulators/postscript/server";
import { startAdminApi, type AdminApi } from "../support/admin-api";
import { installShop } from "../support/shopify";
import { waitFor } from "../support/upgrade-fixtures";
import { MORNING_ROAST, makeOrder, upgradeOffer } from "../support/catalog-offers";

const SHOP = "ps-delivery.myshopify.com";
const NO_ACCESS_SHOP = "ps-delivery-noaccess.myshopify.com";
const ADA = { id: "4001", email: "ada@example.com", phone: "+15555550101" };

let sim: PostscriptSimulator;
let admin: AdminApi;
let worker: Worker;
let shop: Shop;

/** A registration whose retry waits are milliseconds instead of minutes. */
const RETRY_SCALE = 0.0005;

beforeAll(async () => {
  sim = await startPostscriptSimulator({ port: 0 });
  process.env.POSTSCRIPT_API_URL = sim.url;
  admin = await startAdminApi([SHOP, NO_ACCESS_SHOP]);
  // This shop's stored session holds a token the store does not accept: lookups get a 401.
  await installShop(NO_ACCESS_SHOP);
  await prisma.session.update({ where: { id: `offline_${NO_ACCESS_SHOP}` }, data: { accessToken: "shpat_revoked" } });
  const registration = postscriptProcessorRegistration({ retryScale: RETRY_SCALE });
  worker = new Worker(registration.queue, registration.processor, { ...registration.options, prefix: queuePrefix(), connection: createRedis() });
  worker.on("error", () => undefined);
});

afterAll(async () => {
  await worker?.close();
  await closeQueues();
  await admin?.close();
  await sim?.close();
});

beforeEach(async () => {
  sim.reset();
  await prisma.upgradeJob.deleteMany({});
  await prisma.acceptance.deleteMany({});
  await prisma.outboxEvent.deleteMany({});
  await prisma.postscriptDelivery.deleteMany({});
  await prisma.postscriptConnection.deleteMany({});
  await prisma.shop.deleteMany({ where: { domain: { in: [SHOP, NO_ACCESS_SHOP] } } });
  shop = await connectedShop(SHOP);
});

async function connectedShop(domain: string, events: readonly PostscriptEventType[] = POSTSCRIPT_EVENT_TYPES, enabled = true): Promise<Shop> {
  const row = await prisma.shop.create({ data: { domain } });
  await prisma.postscriptConnection.create({
    data: {
      shopId: row.id,
      enabled,
      keyword: "ROAST",
      apiKeyCiphertext: encryptSecret(POSTSCRIPT_SIM_KEYS.valid, { context: secretContext.postscriptApiKey(row.id) }),
      apiKeyLast4: secretTail(POSTSCRIPT_SIM_KEYS.valid),
      verifiedAt: new Date(),
      enabledEvents: JSON.stringify(events),
    },
  });
  return row;
}

/**
 * Records in a transaction of the test's own, as the runtime and the worker do: nothing is
 * queued until the test dispatches (recording with `prisma` would dispatch at once).
 */
const accepted = (key: string, customer: { id?: string; email?: string; phone?: string } = { id: ADA.id }, shopId = shop.id) =>
  prisma.$transaction((tx) => recordPostscriptEvent(tx, {
    shopId,
    type: "uplift_upgrade_accepted",
    key,
    customer,
    properties: {
      orderId: "gid://shopify/Order/5001",
      productTitles: ["Morning Roast"],
      oldInterval: { unit: "month", deliveryCount: 1, billingCount: 1 },
      newInterval: { unit: "month", deliveryCount: 2, billingCount: 2 },
      discount: { type: "percentage", basisPoints: 1000 },
      nextChargeDate: "2026-12-21",
    },
    occurredAt: new Date("2026-03-01T10:00:00Z"),
  }));

const delivery = (externalId: string) => prisma.postscriptDelivery.findFirstOrThrow({ where: { externalId } });
const settled = (externalId: string, timeoutMs = 20_000) =>
  waitFor(async () => {
    const row = await delivery(externalId);
    return row.status === "sent" || row.status === "failed" ? row : null;
  }, timeoutMs, `delivery ${externalId} to settle`);

/** The worker's dispatcher loop, run by the test: move committed outbox rows into the queue. */
async function dispatchAll() {
  for (let i = 0; i < 20; i++) {
    const result = await dispatchOutbox();
    if (result.dispatched === 0 && result.failed === 0) return;
  }
}

describe("recording events (PS-2, PS-4)", () => {
  it("PS-2: records only for a connected, enabled shop that chose the event", async () => {
    expect(await accepted("a1")).toMatchObject({ status: "recorded", externalId: "uplift_upgrade_accepted-a1" });

    const off = await connectedShop("ps-off.myshopify.com", POSTSCRIPT_EVENT_TYPES, false);
    expect(await accepted("a2", { id: ADA.id }, off.id)).toEqual({ status: "skipped", reason: "disabled" });
    const unchosen = await connectedShop("ps-unchosen.myshopify.com", ["uplift_upgrade_failed"]);
    expect(await accepted("a3", { id: ADA.id }, unchosen.id)).toEqual({ status: "skipped", reason: "event_off" });
    const bare = await prisma.shop.create({ data: { domain: "ps-bare.myshopify.com" } });
    expect(await accepted("a4", { id: ADA.id }, bare.id)).toEqual({ status: "skipped", reason: "not_connected" });

    expect(await prisma.postscriptDelivery.count()).toBe(1);
    expect(await prisma.outboxEvent.count({ where: { topic: "postscript" } })).toBe(1);
    await prisma.shop.deleteMany({ where: { id: { in: [off.id, unchosen.id, bare.id] } } });
  });

  it("PS-2: the same fact recorded twice is one delivery and one outbox row (deterministic external_id)", async () => {
    await accepted("same");
    expect(await accepted("same")).toEqual({ status: "skipped", reason: "duplicate" });
    expect(await prisma.postscriptDelivery.count({ where: { shopId: shop.id } })).toBe(1);
    expect(await prisma.outboxEvent.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("PS-4: writes in the caller's transaction: a rolled-back fact leaves no event behind", async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        expect(await recordPostscriptEvent(tx, { shopId: shop.id, type: "uplift_upgrade_accepted", key: "rolled", customer: {}, properties: {} })).toMatchObject({
          status: "recorded",
        });
        throw new Error("the acceptance failed");
      }),
    ).rejects.toThrow("the acceptance failed");
    expect(await prisma.postscriptDelivery.count()).toBe(0);
    expect(await prisma.outboxEvent.count()).toBe(0);
  });

  it("PS-2: an upgrade that could not even be queued at acceptance (RUN-5) sends 'accepted' and, at once, 'failed'", async () => {
    const facts = {
      shopId: shop.id,
      acceptanceId: "acc-run5",
      orderId: "5001",
      customerId: ADA.id,
      amountMinor: 1500,
      currency: "USD",
      occurredAt: new Date(),
      kind: "subscription_upgrade" as const,
      chosenOption: "one_time" as const,
      sellingPlanId: null,
      offer: upgradeOffer("offer-x"),
      initialLines: makeOrder([{ variantId: MORNING_ROAST.variant12oz, sellingPlanId: MORNING_ROAST.monthly }]).lineItems,
      upgrade: { provider: "none", failureMessage: "No verified subscription provider was connected" },
    };
    const results = await prisma.$transaction((tx) => recordAcceptanceEvents(tx, facts));
    expect(results).toMatchObject([{ status: "recorded" }, { status: "recorded" }]);
    const failed = await delivery(`uplift_upgrade_failed-${facts.acceptanceId}`);
    expect(JSON.parse(failed.body).properties).toMatchObject({ order_id: "5001", failure_reason: "No verified subscription provider was connected", attempts: 0 });
    // Safe to repeat (the order webhook may confirm the same acceptance again).
    expect((await prisma.$transaction((tx) => recordAcceptanceEvents(tx, facts))).map((r) => r.status)).toEqual(["skipped", "skipped"]);
    dispatchPostscriptSoon();
    // Let them finish before the next test.
    await settled(`uplift_upgrade_accepted-${facts.acceptanceId}`);
    await settled(`uplift_upgrade_failed-${facts.acceptanceId}`);
  });

  it("PS-4: invalid input is logged and skipped, never thrown into the caller's transaction", async () => {
    const result = await prisma.$transaction((tx) =>
      recordPostscriptEvent(tx, { shopId: shop.id, type: "uplift_upgrade_accepted", key: "bad key:with colon", customer: {}, properties: {} }),
    );
    expect(result).toEqual({ status: "skipped", reason: "invalid" });
  });
});

describe("delivery through the queue (PS-2, PS-4)", () => {
  it("PS-2: the worker adds the shopper's phone and email from the Admin API and sends flat properties", async () => {
    await accepted("deliver1");
    await dispatchAll();
    const row = await settled("uplift_upgrade_accepted-deliver1");
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });

    expect(sim.eventsOf("uplift_upgrade_accepted")).toEqual([
      expect.objectContaining({
        external_id: "uplift_upgrade_accepted-deliver1",
        phone: ADA.phone,
        email: ADA.email,
        occurred_at: "2026-03-01 10:00:00.000000",
        properties: {
          order_id: "5001",
          product_title: "Morning Roast",
          product_titles: ["Morning Roast"],
          old_frequency: "every month",
          new_frequency: "every 2 months",
          new_interval_unit: "month",
          new_delivery_interval_count: 2,
          new_billing_interval_count: 2,
          discount: "10% off",
          discount_type: "percentage",
          discount_value: 10,
          next_charge_date: "2026-12-21",
        },
      }),
    ]);
    expect(admin.requests).toContainEqual({ shop: SHOP, operationName: "PostscriptCustomerContact" });
  });

  it("PS-2: a contact the caller already knows is used as is (no Admin API call)", async () => {
    const before = admin.requests.length;
    await accepted("known", { id: ADA.id, phone: "+15555550199" });
    await dispatchAll();
    await settled("uplift_upgrade_accepted-known");
    expect(sim.eventsOf()[0]).toMatchObject({ phone: "+15555550199" });
    expect(sim.eventsOf()[0].email).toBeUndefined();
    expect(admin.requests.length).toBe(before);
  });

  it("PS-4: a Postscript outage delays events but loses none, and sends each once", async () => {
    // GIVEN Postscript answers 503 to the next 6 calls
    sim.faults.add({ path: "/api/v2/events", status: 503, times: 6 });
    // WHEN three events are recorded during the outage
    for (const key of ["out1", "out2", "out3"]) await accepted(key);
    await dispatchAll();
    // THEN each arrives once Postscript recovers, exactly once
    const rows = await Promise.all(["out1", "out2", "out3"].map((key) => settled(`uplift_upgrade_accepted-${key}`)));
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
    expect(rows.reduce((n, r) => n + r.attempts, 0)).toBe(3 + 6);
    expect(sim.eventsOf().map((e) => e.external_id).sort()).toEqual(["out1", "out2", "out3"].map((k) => `uplift_upgrade_accepted-${k}`));
    expect(sim.state.duplicates).toBe(0);
    expect(sim.stats.faultsServed).toBe(6);
  });

  it("PS-4: a 429 (error_code 3002) backs off and then delivers", async () => {
    sim.faults.add({ path: "/api/v2/events", status: 429, times: 2 });
    await accepted("throttled");
    await dispatchAll();
    const row = await settled("uplift_upgrade_accepted-throttled");
    expect(row).toMatchObject({ status: "sent", attempts: 3 });
    expect(sim.stats.served429).toBe(2);
    const calls = sim.requests.filter((r) => r.path === "/api/v2/events").map((r) => r.at);
    expect(calls).toHaveLength(3);
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(0);
  });

  it("PS-4: another 4xx is final at once, not retried, and shown to the merchant with Postscript's reason", async () => {
    sim.faults.add({ path: "/api/v2/events", status: 400, body: { error_message: "Unrecognized field(s): foo", success: false }, times: 1 });
    await accepted("rejected");
    await dispatchAll();
    const row = await settled("uplift_upgrade_accepted-rejected");
    expect(row).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringMatching(/HTTP 400.*Unrecognized field\(s\): foo/) });
    // Give a wrongly scheduled retry time to happen: there must be none.
    await new Promise((r) => setTimeout(r, 500));
    expect(sim.requests.filter((r) => r.path === "/api/v2/events")).toHaveLength(1);
    const job = await getQueue("postscript").getJob(`postscript-${row.id}`);
    expect(await job?.getState()).toBe("failed");

    const [view] = await listRecentDeliveries(shop.id);
    expect(view).toMatchObject({ status: "failed", lastError: expect.stringMatching(/Unrecognized/) });
    expect(JSON.stringify(view)).not.toContain(ADA.email);

    // The merchant presses Resend: the same event (same external_id) goes out.
    await resendDelivery({ shopId: shop.id, deliveryId: row.id });
    await dispatchAll();
    const resent = await waitFor(async () => ((await delivery(row.externalId)).status === "sent" ? delivery(row.externalId) : null), 15_000, "resend");
    expect(resent.attempts).toBe(1);
    expect(sim.eventsOf().map((e) => e.external_id)).toEqual(["uplift_upgrade_accepted-rejected"]);
  });

  it("PS-4: a bad key (401) is final and says to save a new key", async () => {
    sim.faults.add({ path: "/api/v2/events", status: 401, times: 1 });
    await accepted("unauthorised");
    await dispatchAll();
    expect(await settled("uplift_upgrade_accepted-unauthorised")).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: expect.stringMatching(/rejected the private API key/),
    });
  });

  it("PS-4: after the last of 8 attempts an outage is recorded as failed, with every attempt counted", async () => {
    sim.faults.add({ path: "/api/v2/events", status: 500 });
    await accepted("never");
    await dispatchAll();
    const row = await settled("uplift_upgrade_accepted-never", 30_000);
    expect(row).toMatchObject({ status: "failed", attempts: 8, lastError: expect.stringMatching(/HTTP 500.*gave up after 8 attempts/) });
    expect(sim.requests.filter((r) => r.path === "/api/v2/events")).toHaveLength(8);
    expect(sim.eventsOf()).toHaveLength(0);
  });

  it("PS-4: turning the integration off stops queued events; they are not sent", async () => {
    await accepted("stopped");
    await prisma.postscriptConnection.update({ where: { shopId: shop.id }, data: { enabled: false } });
    await dispatchAll();
    expect(await settled("uplift_upgrade_accepted-stopped")).toMatchObject({ status: "failed", lastError: expect.stringMatching(/turned off/) });
    expect(sim.requests).toHaveLength(0);
  });

  it("PS-4: a shopper whose contact cannot be read still produces the event, with the reason shown", async () => {
    const other = await connectedShop(NO_ACCESS_SHOP);
    await accepted("nocontact", { id: ADA.id }, other.id);
    await dispatchAll();
    const row = await settled("uplift_upgrade_accepted-nocontact");
    expect(row).toMatchObject({ status: "sent", lastError: expect.stringMatching(/without the shopper's phone or email.*HTTP 401/) });
    expect(sim.eventsOf()[0]).not.toHaveProperty("phone");
    expect(sim.eventsOf()[0]).not.toHaveProperty("email");
  });

  it("PS-4: an event erased by customers/redact before delivery is dropped quietly", async () => {
    const result = await accepted("erased");
    await prisma.postscriptDelivery.deleteMany({ where: { customerId: ADA.id } });
    await dispatchAll();
    const jobId = `postscript-${(result as { deliveryId: string }).deliveryId}`;
    await waitFor(async () => (await getQueue("postscript").getJobState(jobId)) === "completed", 15_000, "job to complete");
    expect((await getQueue("postscript").getJob(jobId))?.returnvalue).toEqual({ outcome: "gone" });
    expect(sim.requests).toHaveLength(0);
  });
});

describe("retry schedule (PS-4)", () => {
  it("PS-4: jobs get 8 attempts with the postscript-jitter backoff", () => {
    const options = jobOptionsFor({ topic: "postscript", availableAt: new Date(0) }, 0);
    expect(options).toMatchObject({ attempts: 8, backoff: { type: RETRY_BACKOFF_TYPE.postscript } });
  });

  const throttled = new RetryableDeliveryError("429", true);
  const outage = new RetryableDeliveryError("503", false);
  it.each([
    ["429", 1, 500, 1_500, throttled],
    ["429", 3, 2_000, 6_000, throttled],
    ["429", 10, 30_000, 90_000, throttled],
    ["5xx", 1, 30_000, 90_000, outage],
    ["5xx", 4, 240_000, 720_000, outage],
    ["5xx", 7, 1_800_000, 5_400_000, outage],
  ] as const)("PS-4: after a %s, failure %i waits between %i and %i ms", (_what, attemptsMade, min, max, error) => {
    for (const random of [0, 0.5, 0.999]) {
      const delay = postscriptRetryDelay(attemptsMade, error, { random: () => random });
      expect(delay).toBeGreaterThanOrEqual(min);
      expect(delay).toBeLessThanOrEqual(max);
    }
  });

  it("PS-4: the wait has jitter, so throttled retries do not come back in step", () => {
    const delays = new Set(Array.from({ length: 20 }, () => postscriptRetryDelay(2, throttled)));
    expect(delays.size).toBeGreaterThan(10);
    expect(postscriptRetryDelay(2, throttled, { random: () => 0 })).toBe(1_000);
    expect(postscriptRetryDelay(2, throttled, { random: () => 0.999 })).toBe(2_998);
  });

  it("PS-4: the registration carries its own backoff strategy (one per Worker)", () => {
    const registration = postscriptProcessorRegistration({ retryScale: 1 });
    const strategy = registration.options?.settings?.backoffStrategy;
    expect(registration.queue).toBe("postscript");
    expect(strategy?.(1, RETRY_BACKOFF_TYPE.postscript, outage)).toBeGreaterThanOrEqual(30_000);
    expect(strategy?.(1, "something-else", outage)).toBe(0);
  });
});
