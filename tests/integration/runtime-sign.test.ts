/**
 * The sign endpoint (POST /api/post-purchase/sign-changeset): the page names an offer
 * and a choice; the server rebuilds the changes from its stored offer, signs them the way
 * Shopify demands, remembers the jti, and refuses everything else with nothing written.
 */
import { decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { extensionToken } from "../support/shopify";
import { decafUpsell, postOffer, postSign, purchaseInputData, purchaseToken, seedFunnel, seedShop, showAndSign, writtenRows } from "./runtime-fixtures";

const MUG = 2005;
const FROTHER = 2006;
const DOUBLE_BAG = 2007;
const DECAF = 2009;
const secret = () => new TextEncoder().encode(process.env.SHOPIFY_API_SECRET!);

let counter = 0;
const domain = (label: string) => `sign-${label}-${++counter}.myshopify.com`;

const decaf = decafUpsell;

async function shopWith(label: string, offers: Parameters<typeof seedFunnel>[1]["offers"], options: Parameters<typeof seedShop>[1] = {}) {
  const shop = await seedShop(domain(label), options);
  const funnel = await seedFunnel(shop.id, { name: "F", showToAll: true, offers });
  return { shop, ...funnel };
}

describe("sign endpoint: the changeset token (RUN-1)", () => {
  it("RUN-1: signs HS256 with iss = API key, sub = referenceId, iat in seconds and a UUID jti, over changes rebuilt from the stored offer", async () => {
    const { shop, offerIds } = await shopWith("run1", [decaf()]);
    const { token, referenceId } = await purchaseToken(shop.domain, [{ variantId: FROTHER }]);
    const before = Math.floor(Date.now() / 1000);
    const { signed } = await showAndSign(token, referenceId, { option: "subscription", sellingPlanId: "gid://shopify/SellingPlan/3006" });
    expect(signed.status).toBe(200);

    expect(decodeProtectedHeader(signed.body.token).alg).toBe("HS256");
    const { payload } = await jwtVerify(signed.body.token, secret(), { algorithms: ["HS256"], issuer: process.env.SHOPIFY_API_KEY, subject: referenceId });
    expect(payload.iat).toBeGreaterThanOrEqual(before - 1);
    expect(payload.iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(payload.exp).toBeUndefined();
    expect(payload.changes).toEqual([
      {
        type: "add_subscription",
        variantId: DECAF,
        sellingPlanId: 3006,
        quantity: 1,
        initialShippingPrice: 0,
        recurringShippingPrice: 0,
        shippingOption: { title: "Subscription shipping", presentmentTitle: "Free shipping" },
        discount: { value: 20, valueType: "percentage", title: "20% off first delivery" },
      },
    ]);
    const row = await prisma.signedChangeset.findUniqueOrThrow({ where: { jti: payload.jti as string } });
    // Decaf $22.00, plan 10 % off → $19.80; 20 % off the first delivery → $15.84.
    expect(row).toMatchObject({ shopId: shop.id, referenceId, offerId: offerIds.decaf, amountMinor: 1584, currency: "USD", appliedAt: null });
    expect(JSON.parse(row.changes)).toEqual(payload.changes);
    expect(JSON.parse(row.snapshot)).toMatchObject({ kind: "subscription_upsell", choice: { option: "subscription", sellingPlanId: "gid://shopify/SellingPlan/3006" }, customerId: "4001" });
  });

  it("RUN-2: an upgrade offer's changeset only adds the offer product as a one-time add_variant", async () => {
    const { shop } = await shopWith(
      "run2",
      [{ key: "up", kind: "subscription_upgrade", items: [{ variantId: DOUBLE_BAG, upgrade: { triggerProductId: 1001, type: "frequency", intervalUnit: "month", deliveryIntervalCount: 2, billingIntervalCount: 2 } }] }],
      { beta: true, provider: "recharge" },
    );
    const { token, referenceId } = await purchaseToken(shop.domain, [{ variantId: 2001, sellingPlanId: 3001 }]);
    const { signed } = await showAndSign(token, referenceId);
    const { payload } = await jwtVerify(signed.body.token, secret());
    expect(payload.changes).toEqual([{ type: "add_variant", variantId: DOUBLE_BAG, quantity: 1 }]);
  });

  it("audit S-10: every signing gets its own random jti, even for the same choice, so a retry is never answered changeset_already_applied", async () => {
    const { shop } = await shopWith("run8", [decaf()]);
    const { token, referenceId } = await purchaseToken(shop.domain, [{ variantId: FROTHER }]);
    const { offer, signed } = await showAndSign(token, referenceId, { option: "subscription" });
    const again = await postSign(token, { referenceId, offerId: offer.offerId, choice: { option: "subscription", sellingPlanId: 3005 } });
    const jtis = await Promise.all([signed, again].map(async (r) => (await jwtVerify(r.body.token as string, secret())).payload.jti));
    expect(new Set(jtis).size).toBe(2);
    expect(await prisma.signedChangeset.count({ where: { shopId: shop.id } })).toBe(2);
  });

  it("RUN-9: changes or prices sent by the page are ignored; the signed changes come from the stored offer", async () => {
    const { shop, offerIds } = await shopWith("ignored", [{ key: "mug", items: [{ variantId: MUG }] }]);
    const { token, referenceId } = await purchaseToken(shop.domain, [{ variantId: FROTHER }]);
    await postOffer(token);
    const forged = await postSign(token, {
      referenceId,
      offerId: offerIds.mug,
      choice: { option: "one_time" },
      changes: [{ type: "add_variant", variantId: MUG, quantity: 50, discount: { value: 100, valueType: "percentage", title: "free" } }],
      price: "0.00",
    });
    const { payload } = await jwtVerify(forged.body.token, secret());
    expect(payload.changes).toEqual([{ type: "add_variant", variantId: MUG, quantity: 1 }]);
  });

  it("UPS-3: a fixed first-cycle discount is signed as a decimal amount in the order's currency", async () => {
    const { shop } = await shopWith("ups3", [{ key: "mug", discount: { type: "fixed_amount", value: 250 }, items: [{ variantId: MUG }] }]);
    const { token, referenceId } = await purchaseToken(shop.domain, [{ variantId: FROTHER }]);
    const { signed } = await showAndSign(token, referenceId);
    const { payload } = await jwtVerify(signed.body.token, secret());
    expect(payload.changes).toEqual([{ type: "add_variant", variantId: MUG, quantity: 1, discount: { value: 2.5, valueType: "fixed_amount", title: "$2.50 off" } }]);
  });
});

describe("sign endpoint: refusals (RUN-9, RUN-6)", () => {
  it.each([
    ["subscription on a one-time-only offer", { purchaseOption: "one_time" }, { option: "subscription" }, 400, "option_not_offered"],
    ["a plan the product does not have", {}, { option: "subscription", sellingPlanId: 3001 }, 400, "plan_not_on_product"],
    ["another plan than the locked one", { purchaseOption: "subscription", lockedSellingPlanId: 3005 }, { option: "subscription", sellingPlanId: 3006 }, 400, "plan_locked"],
    ["a plan with a one-time purchase", {}, { option: "one_time", sellingPlanId: 3005 }, 400, "plan_not_allowed_for_one_time"],
    ["a plan id that is no id", {}, { option: "subscription", sellingPlanId: "gid://shopify/Product/1" }, 400, "plan_not_on_product"],
  ])("RUN-9: a tampered choice (%s) is refused and nothing is signed", async (_name, offer, choice, status, code) => {
    const { shop } = await shopWith("tamper", [decaf(offer)]);
    const { token, referenceId } = await purchaseToken(shop.domain, [{ variantId: FROTHER }]);
    const { signed } = await showAndSign(token, referenceId, choice);
    expect(signed.status).toBe(status);
    expect(signed.body.error.code).toBe(code);
    expect((await writtenRows(shop.id)).signed).toBe(0);
  });

  it("RUN-6: a subscription is refused on an order that already holds one", async () => {
    const { shop } = await shopWith("run6", [decaf()]);
    const { token, referenceId } = await purchaseToken(shop.domain, [{ variantId: 2001, sellingPlanId: 3001 }]);
    const { signed } = await showAndSign(token, referenceId, { option: "subscription" });
    expect(signed.status).toBe(400);
    expect(signed.body.error).toEqual({ code: "subscription_not_allowed_on_order", message: expect.stringMatching(/already contains a subscription/) });
  });

  it("RUN-9: unknown offer 404, another shop's offer 403, another purchase's reference 403, an offer never shown 409 — nothing written", async () => {
    const { shop, offerIds } = await shopWith("scope", [decaf(), { key: "mug", parent: "decaf", branch: "decline", items: [{ variantId: MUG }] }]);
    const other = await shopWith("scope-other", [decaf()]);
    const { token, referenceId } = await purchaseToken(shop.domain, [{ variantId: FROTHER }]);
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ["unknown offer", { referenceId, offerId: "no-such-offer", choice: { option: "one_time" } }, 404, "offer_not_found"],
      ["another shop's offer", { referenceId, offerId: other.offerIds.decaf, choice: { option: "one_time" } }, 403, "offer_of_another_shop"],
      ["another purchase", { referenceId: "ref-someone-else", offerId: offerIds.decaf, choice: { option: "one_time" } }, 403, "reference_mismatch"],
      ["an offer never shown", { referenceId, offerId: offerIds.mug, choice: { option: "one_time" } }, 409, "offer_not_shown"],
      ["a body without a choice", { referenceId, offerId: offerIds.decaf }, 400, "invalid_body"],
    ];
    for (const [name, body, status, code] of cases) {
      const response = await postSign(token, body);
      expect(response.status, name).toBe(status);
      expect(response.body.error.code, name).toBe(code);
    }
    expect(await writtenRows(shop.id)).toEqual({ events: 0, signed: 0, acceptances: 0, jobs: 0, outbox: 0 });
    expect(await writtenRows(other.shop.id)).toEqual({ events: 0, signed: 0, acceptances: 0, jobs: 0, outbox: 0 });
  });

  it("RUN-9: an expired token, a token signed with the wrong secret, or one for another shop's purchase cannot sign", async () => {
    const { shop, offerIds } = await shopWith("tokens", [decaf()]);
    const { token, referenceId } = await purchaseToken(shop.domain, [{ variantId: FROTHER }]);
    await postOffer(token);
    const data = purchaseInputData(shop.domain, referenceId, [{ variantId: FROTHER }]);
    const now = Math.floor(Date.now() / 1000);
    const signWith = (key: string, iat: number, exp: number) =>
      new SignJWT({ input_data: data }).setProtectedHeader({ alg: "HS256" }).setIssuer("shopify").setSubject(referenceId).setIssuedAt(iat).setExpirationTime(exp).sign(new TextEncoder().encode(key));
    const body = { referenceId, offerId: offerIds.decaf, choice: { option: "one_time" } };
    for (const bad of [await signWith(process.env.SHOPIFY_API_SECRET!, now - 7200, now - 3600), await signWith("wrong-secret", now, now + 300)]) {
      const response = await postSign(bad, body);
      expect(response.status).toBe(401);
    }
    // A genuine token of another shop's purchase cannot reach this shop's offer.
    const other = await seedShop(domain("tokens-other"));
    const foreign = await extensionToken(other.domain, referenceId, purchaseInputData(other.domain, referenceId, [{ variantId: FROTHER }]));
    const response = await postSign(foreign, body);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("offer_of_another_shop");
    expect((await writtenRows(shop.id)).signed).toBe(0);
  });

  it("RUN-9: an offer whose funnel was deactivated meanwhile is 409 and not signed", async () => {
    const { shop, funnelId } = await shopWith("inactive", [decaf()]);
    const { token, referenceId } = await purchaseToken(shop.domain, [{ variantId: FROTHER }]);
    const offer = (await postOffer(token)).body.offer;
    await prisma.funnel.update({ where: { id: funnelId }, data: { status: "inactive" } });
    const { invalidateShopRuntime } = await import("~/post-purchase/server/shop-runtime.server");
    invalidateShopRuntime(shop.domain);
    const response = await postSign(token, { referenceId, offerId: offer.offerId, choice: { option: "one_time" } });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("offer_inactive");
  });
});
