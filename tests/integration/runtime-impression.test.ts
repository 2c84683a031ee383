/**
 * Impressions (ANA-1) and a read-only ShouldRender (RUN-14): the offer endpoint writes
 * nothing and sends nothing; the impression endpoint, called when Render shows an offer,
 * buffers one impression per purchase and offer, and the recorder writes it once — across
 * repeats, flushes and processes — with the Postscript "upgrade offered" event after it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma, { createPrismaClient } from "~/db.server";
import { runPostPurchaseFlow } from "~/domain/post-purchase-driver";
import type { RuntimeOffer } from "~/post-purchase/contract/api";
import { createPostPurchaseClient, reportImpressions } from "~/post-purchase/contract/client";
import { createImpressionRecorder, type Impression } from "~/post-purchase/server/impression-recorder.server";
import { flushImpressions } from "~/post-purchase/server/impression.server";
import { waitFor } from "../support/upgrade-fixtures";
import { postDecision, postImpression, postOffer, postSign, purchaseToken, seedFunnel, seedShop, writtenRows } from "./runtime-fixtures";

const MORNING_ROAST = 1001;
const MUG = 2005;
const FROTHER = 2006;
const DOUBLE_BAG = 2007;
const roastSubscription = { variantId: 2001, sellingPlanId: 3001 };

let counter = 0;
const domain = (label: string) => `impression-${label}-${++counter}.myshopify.com`;

const upgradeOffer = {
  key: "upgrade",
  kind: "subscription_upgrade" as const,
  headline: "Go prepaid",
  items: [
    {
      variantId: DOUBLE_BAG,
      upgrade: { triggerProductId: MORNING_ROAST, type: "frequency" as const, intervalUnit: "month" as const, deliveryIntervalCount: 1, billingIntervalCount: 3, providerSellingPlanId: "rc-plan-3m" },
    },
  ],
};

/** A shop whose upgrade offer is shown to a Morning Roast subscriber, with Postscript's "upgrade offered" turned on. */
async function upgradeShopWithPostscript(label: string) {
  const shop = await seedShop(domain(label), { beta: true, provider: "recharge" });
  await prisma.postscriptConnection.create({
    data: { shopId: shop.id, enabled: true, keyword: "ROAST", apiKeyCiphertext: "unused-here", apiKeyLast4: "0000", verifiedAt: new Date(), enabledEvents: JSON.stringify(["uplift_upgrade_offered"]) },
  });
  const funnel = await seedFunnel(shop.id, { name: "Upgrade", triggerProductIds: [MORNING_ROAST], subscriptionTrigger: "include", offers: [upgradeOffer] });
  const offerId = funnel.offerIds.upgrade;
  if (!offerId) throw new Error("the seeded funnel has no upgrade offer");
  return { shop, offerId };
}

const offeredEvents = (shopId: string) => prisma.postscriptDelivery.count({ where: { shopId, eventType: "uplift_upgrade_offered" } });
const impressions = (shopId: string) => prisma.offerEvent.findMany({ where: { shopId, type: "shown" }, select: { referenceId: true, offerKey: true } });

describe("ShouldRender only reads (RUN-14)", () => {
  it("RUN-14: asking for the offer — as ShouldRender or as Render — writes no row and sends no 'upgrade offered' event", async () => {
    const { shop, offerId } = await upgradeShopWithPostscript("read-only");
    const { token } = await purchaseToken(shop.domain, [roastSubscription]);
    for (const body of [{ phase: "should_render" }, { phase: "should_render" }, {}, { history: { declinedOfferIds: [] } }]) {
      const { status, body: answer } = await postOffer(token, body);
      expect(status).toBe(200);
      expect(answer.offer.offerId).toBe(offerId);
    }
    await flushImpressions();
    expect(await writtenRows(shop.id)).toEqual({ events: 0, signed: 0, acceptances: 0, jobs: 0, outbox: 0 });
    expect(await offeredEvents(shop.id)).toBe(0);
  });

  it("RUN-14 / RUN-9: the offer can be signed and declined before its impression is stored; an offer the flow does not lead to cannot", async () => {
    const shop = await seedShop(domain("no-impression"));
    const { offerIds } = await seedFunnel(shop.id, {
      name: "F",
      showToAll: true,
      offers: [{ key: "frother", items: [{ variantId: FROTHER }] }, { key: "mug", parent: "frother", branch: "decline", items: [{ variantId: MUG }] }],
    });
    const { token, referenceId } = await purchaseToken(shop.domain, [{ variantId: 2009 }]);
    await postOffer(token, { phase: "should_render" });
    const early = await postSign(token, { referenceId, offerId: offerIds.mug, choice: { option: "one_time" } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("offer_not_shown");
    expect((await postSign(token, { referenceId, offerId: offerIds.frother, choice: { option: "one_time" } })).status).toBe(200);
    expect((await postDecision(token, { referenceId, offerId: offerIds.frother, decision: "declined" })).status).toBe(200);
    // The declined offer is stale now; its downsell is what the flow leads to.
    const stale = await postSign(token, { referenceId, offerId: offerIds.frother, choice: { option: "one_time" } });
    expect(stale.body.error.code).toBe("offer_already_declined");
    expect((await postSign(token, { referenceId, offerId: offerIds.mug, choice: { option: "one_time" } })).status).toBe(200);
  });
});

describe("impressions when Render shows an offer (ANA-1)", () => {
  it("ANA-1: a Render mount records one impression per order and offer, idempotent under repeats, and then one 'upgrade offered' event", async () => {
    const { shop, offerId } = await upgradeShopWithPostscript("once");
    const { token, referenceId } = await purchaseToken(shop.domain, [roastSubscription]);
    await postOffer(token, { phase: "should_render" });

    // GIVEN a page that reports its impression three times in parallel and again after a flush
    const sent = await Promise.all([1, 2, 3].map(() => postImpression(token, { referenceId, offerId })));
    expect(sent.map((r) => [r.status, r.body])).toEqual(Array(3).fill([202, { recorded: "queued" }]));
    await flushImpressions();
    expect((await postImpression(token, { referenceId, offerId })).status).toBe(202);
    await flushImpressions();

    // THEN one impression row and one Postscript event
    expect(await impressions(shop.id)).toEqual([{ referenceId, offerKey: offerId }]);
    await waitFor(async () => (await offeredEvents(shop.id)) > 0, 10_000, "the 'upgrade offered' event");
    expect(await offeredEvents(shop.id)).toBe(1);

    // A second order of the same shop is its own impression.
    const other = await purchaseToken(shop.domain, [roastSubscription]);
    await postImpression(other.token, { referenceId: other.referenceId, offerId });
    await flushImpressions();
    expect((await impressions(shop.id)).map((row) => row.referenceId).sort()).toEqual([referenceId, other.referenceId].sort());
  });

  it("RUN-9: an impression for an unknown offer, another shop's offer, another purchase, a bad body or a bad token is refused, and nothing is written", async () => {
    const { shop, offerId } = await upgradeShopWithPostscript("refuse");
    const other = await upgradeShopWithPostscript("refuse-other");
    const { token, referenceId } = await purchaseToken(shop.domain, [roastSubscription]);
    const cases: Array<[string, string | null, Record<string, unknown>, number, string]> = [
      ["unknown offer", token, { referenceId, offerId: "no-such-offer" }, 404, "offer_not_found"],
      ["another shop's offer", token, { referenceId, offerId: other.offerId }, 403, "offer_of_another_shop"],
      ["another purchase", token, { referenceId: "ref-someone-else", offerId }, 403, "reference_mismatch"],
      ["no offer id", token, { referenceId }, 400, "invalid_body"],
      ["no token", null, { referenceId, offerId }, 401, "invalid_token"],
    ];
    for (const [name, bearer, body, status, code] of cases) {
      const response = await postImpression(bearer, body);
      expect(response.status, name).toBe(status);
      expect(response.body.error.code, name).toBe(code);
    }
    await flushImpressions();
    expect(await writtenRows(shop.id)).toEqual({ events: 0, signed: 0, acceptances: 0, jobs: 0, outbox: 0 });
    expect(await writtenRows(other.shop.id)).toEqual({ events: 0, signed: 0, acceptances: 0, jobs: 0, outbox: 0 });
  });
});

describe("the impression recorder: writes off the hot path", () => {
  async function impressionOf(label: string): Promise<Impression> {
    const { shop, offerId } = await upgradeShopWithPostscript(label);
    return { shopId: shop.id, referenceId: `ref-${label}-${counter}`, offerId, customerId: "4001" };
  }

  it("ANA-1: two processes buffering the same impression write one row and announce it once", async () => {
    const impression = await impressionOf("two-processes");
    const announced: Impression[] = [];
    const a = createImpressionRecorder({ db: prisma, onRecorded: (i) => announced.push(i) });
    const b = createImpressionRecorder({ db: prisma, onRecorded: (i) => announced.push(i) });
    a.add(impression);
    b.add(impression);
    await Promise.all([a.flush(), b.flush()]);
    expect(await prisma.offerEvent.count({ where: { shopId: impression.shopId, type: "shown" } })).toBe(1);
    expect(announced).toEqual([impression]);
  });

  it("a full buffer flushes at once without waiting for the timer", async () => {
    const impression = await impressionOf("full");
    const recorder = createImpressionRecorder({ db: prisma, flushEveryMs: 60_000, maxBuffered: 2 });
    recorder.add(impression);
    expect(recorder.stats()).toEqual({ buffered: 1, dropped: 0 });
    recorder.add({ ...impression, referenceId: `${impression.referenceId}-2` });
    expect(recorder.stats().buffered).toBe(0);
    await recorder.flush();
    expect(await prisma.offerEvent.count({ where: { shopId: impression.shopId, type: "shown" } })).toBe(2);
  });

  it("with the database unreachable, impressions are kept up to twice the bound for the next flush and the rest dropped — the caller never waits or fails", async () => {
    const impression = await impressionOf("db-down");
    const unreachable = createPrismaClient("file:/nonexistent-dir/for-sure/uplift.sqlite");
    const recorder = createImpressionRecorder({ db: unreachable, flushEveryMs: 60_000, maxBuffered: 2 });
    for (let i = 0; i < 6; i += 1) recorder.add({ ...impression, referenceId: `${impression.referenceId}-${i}` });
    await recorder.flush();
    expect(recorder.stats()).toEqual({ buffered: 4, dropped: 2 });
    await unreachable.$disconnect();
  });
});

describe("the page's impression call (RUN-11: it never delays or breaks the page)", () => {
  let hanging: Server;
  let hangingUrl: string;
  beforeAll(async () => {
    // Accepts the request and never answers.
    hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", () => resolve()));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    hanging.closeAllConnections();
    hanging.close();
  });

  it("recordImpression returns at once and swallows a server that never answers or a fetch that throws", () => {
    const silent = createPostPurchaseClient({ appUrl: hangingUrl, token: "t", referenceId: "r" });
    expect(silent.recordImpression("offer-1")).toBeUndefined();
    const broken = createPostPurchaseClient({
      appUrl: hangingUrl,
      token: "t",
      referenceId: "r",
      fetch: () => {
        throw new Error("no network in this sandbox");
      },
    });
    expect(broken.recordImpression("offer-1")).toBeUndefined();
  });

  it("ANA-1: Render reports the first offer at mount and each later offer once, however often the state changes", async () => {
    const offer = (offerId: string) => ({ offerId, funnelId: "f", defaultKey: "one_time:", selections: [] }) as RuntimeOffer;
    const flow = runPostPurchaseFlow<RuntimeOffer>(
      {
        fetchOffer: async (history) => (history.declinedOfferIds.includes("downsell") ? null : offer("downsell")),
        signChangeset: async () => "token",
        applyChangeset: async () => ({ status: "processed", errors: [] }),
        recordDecision: async () => undefined,
        done: () => undefined,
      },
      { firstOffer: offer("root") },
    );
    const reported: string[] = [];
    reportImpressions(flow, { recordImpression: (id) => void reported.push(id) });
    expect(reported).toEqual(["root"]);
    flow.decline();
    await flow.idle();
    expect(reported).toEqual(["root", "downsell"]);
    flow.decline();
    await flow.idle();
    expect(reported).toEqual(["root", "downsell"]);
  });
});
