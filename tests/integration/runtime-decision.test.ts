/**
 * The decision endpoint (POST /api/post-purchase/decision): acceptances recorded once,
 * in one transaction with the upgrade job and its outbox row; declines moving the flow
 * on; and every claim the server cannot tie to a changeset it signed refused.
 */
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { invalidateShopRuntime } from "~/post-purchase/server/shop-runtime.server";
import { postDecision, postOffer, postSign, purchaseToken, seedFunnel, seedShop, showAndSign, writtenRows } from "./runtime-fixtures";

const MORNING_ROAST = 1001;
const MUG = 2005;
const FROTHER = 2006;
const DOUBLE_BAG = 2007;
const DECAF = 2009;
const roastSubscription = { variantId: 2001, sellingPlanId: 3001 };

let counter = 0;
const domain = (label: string) => `decide-${label}-${++counter}.myshopify.com`;

const upgradeOffer = (upgrade: Record<string, unknown> = {}) => ({
  key: "upgrade",
  kind: "subscription_upgrade" as const,
  headline: "Go prepaid",
  items: [
    {
      variantId: DOUBLE_BAG,
      upgrade: {
        triggerProductId: MORNING_ROAST,
        type: "both" as const,
        intervalUnit: "month" as const,
        deliveryIntervalCount: 1,
        billingIntervalCount: 6,
        providerSellingPlanId: "rc-plan-6m",
        replacementVariantId: 2002,
        replacementQuantity: 1,
        discount: { type: "percentage" as const, value: 1000 },
        ...upgrade,
      },
    },
  ],
});

async function upgradeShop(label: string, upgrade: Record<string, unknown> = {}) {
  const shop = await seedShop(domain(label), { beta: true, provider: "recharge" });
  const funnel = await seedFunnel(shop.id, { name: "Upgrade", triggerProductIds: [MORNING_ROAST], subscriptionTrigger: "include", offers: [upgradeOffer(upgrade)] });
  const purchase = await purchaseToken(shop.domain, [roastSubscription, { variantId: MUG }], "4001");
  const { offer, signed } = await showAndSign(purchase.token, purchase.referenceId);
  expect(signed.status).toBe(200);
  return { shop, funnel, ...purchase, offerId: offer.offerId as string, changeset: signed.body.token as string };
}

describe("decision endpoint: accepted (RUN-2, RUN-8)", () => {
  it("RUN-2: an accepted upgrade is recorded with its upgrade job and outbox row in one go, queued after the first-attempt delay", async () => {
    const { shop, token, referenceId, offerId, changeset } = await upgradeShop("run2");
    const started = Date.now();
    const { status, body } = await postDecision(token, { referenceId, offerId, decision: "accepted", token: changeset, outcome: "processed" });
    expect(status).toBe(200);
    expect(body).toMatchObject({ decision: "accepted", alreadyRecorded: false, upgradeJobId: expect.any(String) });

    const acceptance = await prisma.acceptance.findUniqueOrThrow({ where: { id: body.acceptanceId }, include: { signedChangeset: true, upgradeJob: true } });
    expect(acceptance).toMatchObject({ shopId: shop.id, referenceId, offerKey: offerId, kind: "subscription_upgrade", chosenOption: "one_time", customerId: "4001", amountMinor: 1500 });
    expect(acceptance.signedChangeset).toMatchObject({ appliedVia: "client", appliedAt: expect.any(Date) });
    expect(acceptance.upgradeJob).toMatchObject({ status: "queued", provider: "recharge", customerId: "4001", orderId: null });
    expect(JSON.parse(acceptance.upgradeJob!.request)).toEqual({
      version: 1,
      offerItemId: expect.any(String),
      offerProductTitle: "Upgrade: Double Bag",
      target: { productId: "1001", variantId: "2001", sellingPlanId: "3001", quantity: 1 },
      change: {
        type: "both",
        interval: { unit: "month", deliveryCount: 1, billingCount: 6 },
        sellingPlanId: "rc-plan-6m",
        replacement: { productId: "1001", variantId: "2002", quantity: 1 },
        discount: { type: "percentage", basisPoints: 1000 },
        applyAtEndOfCycle: false,
      },
    });
    const outbox = await prisma.outboxEvent.findUniqueOrThrow({ where: { dedupeKey: `upgrade-${acceptance.id}` } });
    expect(outbox).toMatchObject({ shopId: shop.id, topic: "upgrades", customerId: "4001" });
    expect(JSON.parse(outbox.payload)).toEqual({ upgradeJobId: acceptance.upgradeJob!.id, acceptanceId: acceptance.id });
    const delay = Number(process.env.UPGRADE_FIRST_ATTEMPT_DELAY_MS ?? 60_000);
    expect(outbox.availableAt.getTime()).toBeGreaterThanOrEqual(started + delay - 50);
  });

  it("RUN-2 / WIZ-7: a Skio upgrade's discount code is signed with the offer and queued in change.discount.code", async () => {
    const shop = await seedShop(domain("skio-code"), { beta: true, provider: "skio" });
    await seedFunnel(shop.id, { name: "Upgrade", triggerProductIds: [MORNING_ROAST], subscriptionTrigger: "include", offers: [upgradeOffer({ providerSellingPlanId: null })] });
    // The wizard stores the code (tests/integration/wizard-routes.test.ts); the seed does not know it.
    await prisma.upgradeConfig.updateMany({ where: { offerItem: { offer: { shopId: shop.id } } }, data: { discountCode: "UPGRADE10" } });
    invalidateShopRuntime(shop.domain);
    const { token, referenceId } = await purchaseToken(shop.domain, [roastSubscription], "4001");
    const { offer, signed } = await showAndSign(token, referenceId);
    const row = await prisma.signedChangeset.findFirstOrThrow({ where: { shopId: shop.id, referenceId } });
    expect(JSON.parse(row.snapshot).offer.items[0].upgrade.discountCode).toBe("UPGRADE10");

    const { body } = await postDecision(token, { referenceId, offerId: offer.offerId, decision: "accepted", token: signed.body.token });
    const job = await prisma.upgradeJob.findUniqueOrThrow({ where: { id: body.upgradeJobId } });
    expect(job).toMatchObject({ status: "queued", provider: "skio", lastErrorClass: null });
    expect(JSON.parse(job.request).change.discount).toEqual({ type: "percentage", basisPoints: 1000, code: "UPGRADE10" });
  });

  it("RUN-8: two concurrent accepts of one offer make one acceptance, one upgrade job and one outbox row", async () => {
    const { shop, token, referenceId, offerId, changeset } = await upgradeShop("run8");
    const body = { referenceId, offerId, decision: "accepted", token: changeset };
    const results = await Promise.all([postDecision(token, body), postDecision(token, body)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(new Set(results.map((r) => r.body.acceptanceId)).size).toBe(1);
    expect(results.map((r) => r.body.alreadyRecorded).sort()).toEqual([false, true]);
    const replay = await postDecision(token, body);
    expect(replay.body).toMatchObject({ acceptanceId: results[0].body.acceptanceId, alreadyRecorded: true });
    expect(await writtenRows(shop.id)).toMatchObject({ acceptances: 1, jobs: 1, outbox: 1 });
  });

  it("RUN-13: an upgrade is signed only with the shopper's consent, and the terms they saw are stored with the acceptance", async () => {
    const { shop, token, referenceId, offerId } = await upgradeShop("run13");
    const refused = await postSign(token, { referenceId, offerId, choice: { option: "one_time" } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("upgrade_consent_required");

    const signed = await postSign(token, { referenceId, offerId, choice: { option: "one_time" }, consent: true, locale: "en-US" });
    const { body } = await postDecision(token, { referenceId, offerId, decision: "accepted", token: signed.body.token, outcome: "processed" });
    const acceptance = await prisma.acceptance.findUniqueOrThrow({ where: { id: body.acceptanceId } });
    expect(acceptance.consentedAt).toBeInstanceOf(Date);
    expect(acceptance.consentedTerms).toMatch(/^Your subscription becomes .+ renews automatically until you cancel/);
    expect(await prisma.acceptance.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("audit S-10: 'already applied' from the page is not booked unless Uplift's record or the order webhook confirms it", async () => {
    const { shop, token, referenceId, offerId, changeset } = await upgradeShop("s10");
    const unconfirmed = await postDecision(token, { referenceId, offerId, decision: "accepted", token: changeset, outcome: "already_applied" });
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.error.code).toBe("changeset_not_confirmed");
    expect(await writtenRows(shop.id)).toMatchObject({ acceptances: 0, jobs: 0, outbox: 0 });

    const confirmed = await postDecision(token, { referenceId, offerId, decision: "accepted", token: changeset, outcome: "processed" });
    const replay = await postDecision(token, { referenceId, offerId, decision: "accepted", token: changeset, outcome: "already_applied" });
    expect(replay.body).toMatchObject({ acceptanceId: confirmed.body.acceptanceId, alreadyRecorded: true });
    expect(await writtenRows(shop.id)).toMatchObject({ acceptances: 1, jobs: 1, outbox: 1 });
  });

  it("RUN-8: after an acceptance, signing the same choice again returns the applied token (Shopify then answers changeset_already_applied)", async () => {
    const { token, referenceId, offerId, changeset } = await upgradeShop("run8b");
    await postDecision(token, { referenceId, offerId, decision: "accepted", token: changeset });
    const again = await postSign(token, { referenceId, offerId, choice: { option: "one_time" } });
    expect(again.body.token).toBe(changeset);
  });

  it("RUN-2: when the provider call cannot be queued, the acceptance still stands and the job shows why", async () => {
    const { shop, token, referenceId, offerId, changeset } = await upgradeShop("run2b");
    await prisma.providerConnection.delete({ where: { shopId: shop.id } });
    invalidateShopRuntime(shop.domain);
    const { status, body } = await postDecision(token, { referenceId, offerId, decision: "accepted", token: changeset });
    expect(status).toBe(200);
    const job = await prisma.upgradeJob.findUniqueOrThrow({ where: { id: body.upgradeJobId } });
    expect(job).toMatchObject({ status: "failed", provider: "none", lastErrorClass: "ProviderNotConnected" });
    expect(await writtenRows(shop.id)).toMatchObject({ acceptances: 1, jobs: 1, outbox: 0 });
  });

  it("an upgrade applied at the end of the cycle is recorded as scheduled (the worker resolves the date)", async () => {
    const { token, referenceId, offerId, changeset } = await upgradeShop("eoc", { applyAtEndOfCycle: true });
    const { body } = await postDecision(token, { referenceId, offerId, decision: "accepted", token: changeset });
    const job = await prisma.upgradeJob.findUniqueOrThrow({ where: { id: body.upgradeJobId } });
    expect(job.status).toBe("scheduled");
    expect(JSON.parse(job.request).change.applyAtEndOfCycle).toBe(true);
  });

  it("RUN-10: a changeset that was signed but never confirmed queues nothing", async () => {
    const { shop } = await upgradeShop("unapplied");
    expect(await writtenRows(shop.id)).toEqual({ events: 0, signed: 1, acceptances: 0, jobs: 0, outbox: 0 });
  });
});

describe("decision endpoint: the flow after a decision (RUN-7)", () => {
  it("RUN-7: once a subscription was accepted, later subscription offers in the flow are skipped", async () => {
    const shop = await seedShop(domain("run7"));
    const { offerIds } = await seedFunnel(shop.id, {
      name: "F",
      showToAll: true,
      offers: [
        { key: "decaf", kind: "subscription_upsell", purchaseOption: "both", defaultOption: "subscription", items: [{ variantId: DECAF }] },
        { key: "decaf-again", parent: "decaf", branch: "accept", kind: "subscription_upsell", purchaseOption: "subscription", items: [{ variantId: DECAF }] },
        { key: "mug", parent: "decaf-again", branch: "accept", items: [{ variantId: MUG }] },
      ],
    });
    const { token, referenceId } = await purchaseToken(shop.domain, [{ variantId: FROTHER }]);
    const { signed } = await showAndSign(token, referenceId, { option: "subscription" });
    await postDecision(token, { referenceId, offerId: offerIds.decaf, decision: "accepted", token: signed.body.token });
    const next = await postOffer(token);
    expect(next.body.offer.offerId).toBe(offerIds.mug);
    // The skipped subscription offer cannot be signed by naming it either.
    const forced = await postSign(token, { referenceId, offerId: offerIds["decaf-again"], choice: { option: "subscription" } });
    expect(forced.status).toBe(409);
  });

  it("a decline is stored once and moves the flow to the downsell; a declined offer cannot be signed afterwards", async () => {
    const shop = await seedShop(domain("decline"));
    const { offerIds } = await seedFunnel(shop.id, {
      name: "F",
      showToAll: true,
      offers: [{ key: "frother", items: [{ variantId: FROTHER }] }, { key: "mug", parent: "frother", branch: "decline", items: [{ variantId: MUG }] }],
    });
    const { token, referenceId } = await purchaseToken(shop.domain, [{ variantId: DECAF }]);
    await postOffer(token);
    for (let i = 0; i < 2; i += 1) {
      const { status, body } = await postDecision(token, { referenceId, offerId: offerIds.frother, decision: "declined" });
      expect(status).toBe(200);
      expect(body).toEqual({ decision: "declined", recorded: true });
    }
    expect(await prisma.offerEvent.count({ where: { shopId: shop.id, type: "declined" } })).toBe(1);
    expect((await postOffer(token)).body.offer.offerId).toBe(offerIds.mug);
    const late = await postSign(token, { referenceId, offerId: offerIds.frother, choice: { option: "one_time" } });
    expect(late.body.error.code).toBe("offer_already_declined");
  });

  it("a decline the server missed still counts when the page reports it with the next offer request", async () => {
    const shop = await seedShop(domain("hint"));
    const { offerIds } = await seedFunnel(shop.id, {
      name: "F",
      showToAll: true,
      offers: [{ key: "frother", items: [{ variantId: FROTHER }] }, { key: "mug", parent: "frother", branch: "decline", items: [{ variantId: MUG }] }],
    });
    const { token } = await purchaseToken(shop.domain, [{ variantId: DECAF }]);
    await postOffer(token);
    const next = await postOffer(token, { history: { declinedOfferIds: [offerIds.frother], failedOfferIds: [offerIds.mug] } });
    // The mug was never shown, so the page cannot decline it in advance.
    expect(next.body.offer.offerId).toBe(offerIds.mug);
  });
});

describe("decision endpoint: refusals (RUN-9, RUN-10)", () => {
  it("RUN-9: a claim not tied to a changeset this app signed for this purchase and offer is refused, and nothing is recorded", async () => {
    const { shop, token, referenceId, offerId, changeset } = await upgradeShop("refuse");
    const apiKey = process.env.SHOPIFY_API_KEY!;
    const forge = (key: string, claims: Record<string, unknown>, sub = referenceId) =>
      new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuer(apiKey).setSubject(sub).setJti(crypto.randomUUID()).setIssuedAt().sign(new TextEncoder().encode(key));
    const secret = process.env.SHOPIFY_API_SECRET!;
    const other = await seedFunnel(shop.id, { name: "Other", status: "inactive", offers: [{ key: "mug", items: [{ variantId: MUG }] }] });
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ["a token signed with another secret", { token: await forge("not-our-secret", { changes: [] }) }, 400, "invalid_changeset_token"],
      ["a token for another purchase", { token: await forge(secret, { changes: [] }, "ref-other") }, 400, "invalid_changeset_token"],
      ["a well-signed token the app never issued", { token: await forge(secret, { changes: [] }) }, 404, "changeset_not_found"],
      ["the changeset of another offer", { token: changeset, offerId: other.offerIds.mug }, 409, "changeset_offer_mismatch"],
      ["an unknown offer", { token: changeset, offerId: "nope" }, 404, "offer_not_found"],
      ["another purchase's reference", { token: changeset, referenceId: "ref-other" }, 403, "reference_mismatch"],
    ];
    for (const [name, override, status, code] of cases) {
      const response = await postDecision(token, { referenceId, offerId, decision: "accepted", ...override });
      expect(response.status, name).toBe(status);
      expect(response.body.error.code, name).toBe(code);
    }
    expect(await writtenRows(shop.id)).toMatchObject({ acceptances: 0, jobs: 0, outbox: 0 });
  });

  it("RUN-10: a confirmation long after signing is left to the order webhook", async () => {
    const { shop, token, referenceId, offerId, changeset } = await upgradeShop("late");
    await prisma.signedChangeset.updateMany({ where: { shopId: shop.id }, data: { createdAt: new Date(Date.now() - 3600_000) } });
    const { status, body } = await postDecision(token, { referenceId, offerId, decision: "accepted", token: changeset });
    expect(status).toBe(409);
    expect(body.error.code).toBe("changeset_confirmation_expired");
    expect(await writtenRows(shop.id)).toMatchObject({ acceptances: 0, jobs: 0, outbox: 0 });
  });

  it("RUN-9: a decline of an offer the flow does not lead to (never shown), or of one already accepted, is refused", async () => {
    const { token, referenceId, offerId, changeset } = await upgradeShop("decline-refuse");
    await postDecision(token, { referenceId, offerId, decision: "accepted", token: changeset });
    const afterAccept = await postDecision(token, { referenceId, offerId, decision: "declined" });
    expect(afterAccept.status).toBe(409);
    const shop = await seedShop(domain("decline-unseen"));
    const { offerIds } = await seedFunnel(shop.id, {
      name: "F",
      showToAll: true,
      offers: [{ key: "frother", items: [{ variantId: FROTHER }] }, { key: "mug", parent: "frother", branch: "decline", items: [{ variantId: MUG }] }],
    });
    const fresh = await purchaseToken(shop.domain, [{ variantId: DECAF }]);
    const unseen = await postDecision(fresh.token, { referenceId: fresh.referenceId, offerId: offerIds.mug, decision: "declined" });
    expect(unseen.status).toBe(409);
    expect(unseen.body.error.code).toBe("offer_not_shown");
  });
});
