/**
 * The upgrades page through its real loaders and action (JOB-5, RUN-5, CONN-6, OPS-2):
 * rows are written the way the worker writes them.
 */
import type { Shop } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { closeQueues, getQueue } from "~/jobs/queues.server";
import { dispatchOutbox } from "~/jobs/outbox.server";
import { markConnectionNeedsRetest } from "~/upgrades/connection/provider-connection.server";
import { loader as appLoader } from "~/routes/app";
import { loader as listLoader } from "~/routes/app.upgrades._index";
import { action as detailAction, loader as detailLoader } from "~/routes/app.upgrades.$id";
import { RECHARGE_SIM_TOKENS } from "../simulators/providers/recharge";
import { adminFormPost, adminRequest, callRoute, installShop } from "../support/shopify";
import { cleanupRedisPrefix, acceptUpgrade, createUpgradeShop, waitFor } from "../support/upgrade-fixtures";

const SHOP = "upgrades-page.myshopify.com";
const OTHER = "upgrades-page-other.myshopify.com";
const OFF = "upgrades-page-off.myshopify.com";
let shop: Shop;
let other: Shop;
const ids: Record<string, string> = {};

/** An upgrade in a given state, as the worker leaves it. */
async function upgradeIn(target: Shop, orderId: number, state: { status: string; provider?: string; createdAt?: Date; attempts?: Array<{ outcome: string; errorClass?: string; errorMessage?: string }>; lastErrorClass?: string; lastErrorMessage?: string; scheduledFor?: Date }) {
  const { upgradeJobId } = await acceptUpgrade({ shop: target, provider: "recharge", orderId });
  await prisma.upgradeJob.update({
    where: { id: upgradeJobId },
    data: {
      status: state.status,
      provider: state.provider ?? "recharge",
      attemptsUsed: state.attempts?.filter((a) => a.outcome !== "rate_limited").length ?? 0,
      lastErrorClass: state.lastErrorClass ?? null,
      lastErrorMessage: state.lastErrorMessage ?? null,
      scheduledFor: state.scheduledFor ?? null,
      ...(state.createdAt ? { createdAt: state.createdAt } : {}),
      completedAt: ["succeeded", "failed"].includes(state.status) ? new Date() : null,
    },
  });
  for (const [i, attempt] of (state.attempts ?? []).entries()) {
    await prisma.upgradeAttempt.create({
      data: {
        upgradeJobId,
        number: i + 1,
        startedAt: new Date(Date.now() - 60_000 + i * 1000),
        endedAt: new Date(Date.now() - 59_000 + i * 1000),
        outcome: attempt.outcome,
        errorClass: attempt.errorClass ?? null,
        errorMessage: attempt.errorMessage ?? null,
      },
    });
  }
  return upgradeJobId;
}

beforeAll(async () => {
  for (const domain of [SHOP, OTHER, OFF]) await installShop(domain);
  shop = await createUpgradeShop({ provider: "recharge", token: RECHARGE_SIM_TOKENS.valid, domain: SHOP });
  other = await createUpgradeShop({ provider: "recharge", token: RECHARGE_SIM_TOKENS.valid, domain: OTHER });
  await prisma.shop.create({ data: { domain: OFF } });

  ids.succeeded = await upgradeIn(shop, 1, { status: "succeeded", attempts: [{ outcome: "succeeded" }] });
  const notFound = { outcome: "failed", errorClass: "ProviderNotFoundError", errorMessage: "Recharge has no subscription for product 1001 in order 2 (yet)." };
  ids.failed = await upgradeIn(shop, 2, {
    status: "failed",
    attempts: [notFound, notFound, { outcome: "failed", errorClass: "NoMatchingSubscriptionError", errorMessage: "No matching subscription: Recharge has no subscription for product 1001 in order 2 (yet)." }],
    lastErrorClass: "NoMatchingSubscriptionError",
    lastErrorMessage: "No matching subscription: Recharge has no subscription for product 1001 in order 2 (yet).",
  });
  ids.retrying = await upgradeIn(shop, 3, {
    status: "retrying",
    attempts: [{ outcome: "rate_limited", errorClass: "ProviderRateLimitedError" }, { outcome: "failed", errorClass: "ProviderUnavailableError" }],
    lastErrorClass: "ProviderUnavailableError",
  });
  ids.scheduled = await upgradeIn(shop, 4, { status: "scheduled", scheduledFor: new Date("2031-01-15T00:00:00Z") });
  ids.old = await upgradeIn(shop, 5, { status: "succeeded", provider: "loop", createdAt: new Date("2025-06-01T12:00:00Z") });
  ids.theirs = await upgradeIn(other, 6, { status: "failed", lastErrorClass: "ProviderAuthError" });
});

afterAll(async () => {
  await closeQueues();
  await cleanupRedisPrefix();
});

const list = async (query = "", domain = SHOP) => callRoute(listLoader, await adminRequest(domain, `/app/upgrades${query}`));
const detail = async (id: string, domain = SHOP) => callRoute(detailLoader, await adminRequest(domain, `/app/upgrades/${id}`), { id });
const retry = async (id: string, domain = SHOP) => callRoute(detailAction, await adminFormPost(domain, `/app/upgrades/${id}`, { intent: "retry" }), { id });

describe("upgrades page", () => {
  it("JOB-5: lists the shop's upgrades, newest first, with counts by status", async () => {
    const response = await list();
    expect(response.status).toBe(200);
    const { list: body } = await response.json();
    expect(body.rows.map((r: { id: string }) => r.id)).toEqual([ids.scheduled, ids.retrying, ids.failed, ids.succeeded, ids.old]);
    expect(body.counts).toEqual({ queued: 0, scheduled: 1, running: 0, retrying: 1, succeeded: 2, failed: 1 });
    const failed = body.rows.find((r: { id: string }) => r.id === ids.failed);
    expect(failed).toMatchObject({ orderId: "2", customerName: "Ada L.", providerLabel: "Recharge", status: "failed", attemptsUsed: 3, maxAttempts: 3 });
    expect(failed.requested).toBe("Every 2 months · right away");
    expect(failed.lastError.title).toBe("No matching subscription");
    expect(body.rows.find((r: { id: string }) => r.id === ids.scheduled).scheduledFor).toBe("2031-01-15");
  });

  it("OPS-2: never shows another shop's upgrade, in the list or by id", async () => {
    const { list: body } = await (await list()).json();
    expect(body.rows.map((r: { id: string }) => r.id)).not.toContain(ids.theirs);
    expect((await detail(ids.theirs)).status).toBe(404);
    expect((await retry(ids.theirs)).status).toBe(404);
    expect((await prisma.upgradeJob.findUniqueOrThrow({ where: { id: ids.theirs } })).status).toBe("failed");
  });

  it.each([
    ["?status=failed", ["failed"]],
    ["?provider=loop", ["old"]],
    ["?from=2025-06-01&to=2025-06-01", ["old"]],
    ["?status=succeeded&provider=recharge", ["succeeded"]],
  ])("JOB-5: filters by status, provider and date: %s", async (query, expected) => {
    const { list: body } = await (await list(query)).json();
    expect(body.rows.map((r: { id: string }) => r.id)).toEqual(expected.map((k) => ids[k]));
  });

  it("JOB-5: counts follow the provider and date filters but not the status filter", async () => {
    const { list: body } = await (await list("?status=failed&provider=recharge")).json();
    expect(body.counts).toMatchObject({ failed: 1, succeeded: 1, retrying: 1, scheduled: 1 });
  });

  it("answers 400 with the field for a bad filter", async () => {
    const response = await list("?from=2026-02-01&to=2026-01-01");
    expect(response.status).toBe(400);
    expect((await response.json()).fieldErrors).toHaveProperty("to");
    expect((await list("?status=exploded")).status).toBe(400);
  });

  it("RUN-5, JOB-5: the detail shows every attempt with its error in plain language", async () => {
    const response = await detail(ids.failed);
    expect(response.status).toBe(200);
    const { upgrade } = await response.json();
    expect(upgrade).toMatchObject({ status: "failed", canRetry: true, attemptsUsed: 3 });
    expect(upgrade.timeline.map((e: { number: number; outcome: string }) => [e.number, e.outcome])).toEqual([
      [1, "failed"],
      [2, "failed"],
      [3, "failed"],
    ]);
    expect(upgrade.timeline[0].error.title).toBe("The subscription was not at the provider yet");
    expect(upgrade.timeline[2].error).toMatchObject({
      errorClass: "NoMatchingSubscriptionError",
      title: "No matching subscription",
      message: "No matching subscription: Recharge has no subscription for product 1001 in order 2 (yet).",
    });
    expect(upgrade.timeline[2].error.advice).toMatch(/shopper saw a success message/);
  });

  it("JOB-3: a 429 wait appears in the timeline as a wait, not a failure", async () => {
    const { upgrade } = await (await detail(ids.retrying)).json();
    expect(upgrade.timeline[0]).toMatchObject({ outcome: "rate_limited" });
    expect(upgrade.timeline[0].error.advice).toMatch(/does not use up/);
    expect(upgrade.attemptsUsed).toBe(1);
  });

  it("JOB-5: 'Retry now' gives a failed upgrade a fresh budget, queues it through the outbox and records who asked", async () => {
    const response = await retry(ids.failed);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, message: "Retrying now" });

    const row = await prisma.upgradeJob.findUniqueOrThrow({ where: { id: ids.failed } });
    expect(row).toMatchObject({ status: "queued", attemptsUsed: 0, lastErrorClass: null, completedAt: null });
    const outbox = await prisma.outboxEvent.findFirstOrThrow({ where: { dedupeKey: { endsWith: "-retry-1" }, shopId: shop.id } });
    expect(outbox.dedupeKey).toBe(`upgrade-${row.acceptanceId}-retry-1`);
    // The retry already dispatches it in the background; this dispatch skips a row that one claimed.
    await dispatchOutbox({ where: { id: outbox.id } });
    const job = await waitFor(() => getQueue("upgrades").getJob(outbox.dedupeKey), 5_000, "the retry's job");
    expect(job?.data).toMatchObject({ upgradeJobId: ids.failed, acceptanceId: row.acceptanceId });
    expect(job?.opts.attempts).toBe(3);

    const audit = await prisma.auditLog.findFirstOrThrow({ where: { shopId: shop.id, action: "upgrade.retried" } });
    expect(audit.actor).toMatch(/^merchant:upgrades-page\.myshopify\.com/);
    expect(audit.oldValue).toBe("failed (NoMatchingSubscriptionError) after 3 attempt(s)");

    // The old attempts stay, with the retry marked between them and what comes next.
    const { upgrade } = await (await detail(ids.failed)).json();
    expect(upgrade.timeline.map((e: { kind: string }) => e.kind)).toEqual(["attempt", "attempt", "attempt", "retried"]);
    expect(upgrade.canRetry).toBe(false);
  });

  it("JOB-5: only a failed upgrade can be retried, and a double click retries once", async () => {
    expect((await retry(ids.succeeded)).status).toBe(409);
    expect((await retry(ids.failed)).status).toBe(409); // already queued by the test above
    expect(await prisma.auditLog.count({ where: { shopId: shop.id, action: "upgrade.retried" } })).toBe(1);
    expect((await callRoute(detailAction, await adminRequest(SHOP, `/app/upgrades/${ids.failed}`, { method: "PUT" }), { id: ids.failed })).status).toBe(405);
  });

  it("BETA-3: the upgrades page answers 'not enabled' while the beta is off", async () => {
    const response = await list("", OFF);
    expect(response.status).toBe(403);
    expect((await response.json()).error).toBe("upgrades_beta_disabled");
  });

  it("CONN-6: a connection flagged by the worker puts the re-test banner on every admin page", async () => {
    await markConnectionNeedsRetest(other.id, "Recharge rejected the API token while Uplift tried to look up order 6.");
    const { banners } = await (await callRoute(appLoader, await adminRequest(OTHER, "/app/upgrades"))).json();
    expect(banners).toEqual([expect.objectContaining({ id: "provider-needs-retest", tone: "critical" })]);
    expect(banners[0].message).toMatch(/rejected the API token/);
  });
});
