/**
 * The offer endpoint (POST /api/post-purchase/offer) through the real route module:
 * token verification, funnel choice, offer eligibility and the view the page renders;
 * and ShouldRender's time budget through the client module the extension runs.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { OFFER_TIME_BUDGET_MS } from "~/post-purchase/contract/api";
import { createPostPurchaseClient, shouldRender } from "~/post-purchase/contract/client";
import { invalidateShopRuntime } from "~/post-purchase/server/shop-runtime.server";
import { action as offerAction, loader as offerLoader } from "~/routes/api.post-purchase.offer";
import { callRoute } from "../support/shopify";
import { apiRequest, decafUpsell, type Json, postOffer, purchaseToken, seedFunnel, seedShop, writtenRows } from "./runtime-fixtures";
import { first } from "../support/entries";

const MORNING_ROAST = 1001;
const MUG = 2005;
const FROTHER = 2006;
const DOUBLE_BAG = 2007;
const DECAF = 2009;
const CLUB_BOX = 2003;
const roastSubscription = { variantId: 2001, sellingPlanId: 3001, totalMinor: 1800 };
const roastOneTime = { variantId: 2001 };

let shopCounter = 0;
const nextDomain = (label: string) => `offer-${label}-${++shopCounter}.myshopify.com`;

const mugOffer = (key = "mug", extra: Record<string, unknown> = {}) => ({ key, headline: "Add a mug", items: [{ variantId: MUG }], ...extra });
const decafOffer = decafUpsell;

describe("offer endpoint: authentication (RUN-1, RUN-9)", () => {
  it("RUN-1 / RUN-14: answers a verified post-purchase token with the offer and CORS headers, and writes nothing", async () => {
    const shop = await seedShop(nextDomain("run1"));
    await seedFunnel(shop.id, { name: "All", showToAll: true, offers: [mugOffer()] });
    const { token } = await purchaseToken(shop.domain, [{ variantId: FROTHER }]);
    const { status, headers, body } = await postOffer(token, { locale: "en-US" });
    expect(status).toBe(200);
    expect(headers.get("access-control-allow-origin")).toBe("*");
    const selection = body.offer.selections[0];
    expect(selection.view).toMatchObject({
      title: "Add a mug",
      image: { url: "/demo-images/mug.svg", alt: "Ceramic Mug" },
      purchaseOptions: [{ value: "one_time", label: "One-time purchase", selected: true }],
      acceptLabel: "Pay now · $18.00",
      recurring: null,
    });
    expect(selection.changes).toEqual([{ type: "add_variant", variantId: MUG, quantity: 1 }]);
    expect(await writtenRows(shop.id)).toEqual({ events: 0, signed: 0, acceptances: 0, jobs: 0, outbox: 0 });
  });

  it("RUN-9: refuses a missing, expired, forged (wrong secret) or non-post-purchase token with 401 and writes nothing", async () => {
    const shop = await seedShop(nextDomain("run9"));
    await seedFunnel(shop.id, { name: "All", showToAll: true, offers: [mugOffer()] });
    const { referenceId } = await purchaseToken(shop.domain, [{ variantId: FROTHER }]);
    const inputData = { shop: { domain: shop.domain }, initialPurchase: { referenceId } };
    const sign = (claims: Record<string, unknown>, secret: string, iat: number, exp: number, iss = "shopify") =>
      new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuer(iss).setSubject(referenceId).setIssuedAt(iat).setExpirationTime(exp).sign(new TextEncoder().encode(secret));
    const now = Math.floor(Date.now() / 1000);
    const secret = process.env.SHOPIFY_API_SECRET!;
    const cases: Array<[string, string | null]> = [
      ["missing", null],
      ["expired", await sign({ input_data: inputData }, secret, now - 3600, now - 600)],
      ["forged with another secret", await sign({ input_data: inputData }, "someone-elses-secret", now, now + 300)],
      ["a session token of another kind", await sign({ dest: `https://${shop.domain}` }, secret, now, now + 300, `https://${shop.domain}/admin`)],
      ["garbage", "not.a.jwt"],
    ];
    for (const [name, token] of cases) {
      const { status, body } = await postOffer(token);
      expect(status, name).toBe(401);
      expect(body.error.code, name).toBe("invalid_token");
      expect(body.error.message, name).toMatch(/token/);
    }
    expect(await writtenRows(shop.id)).toEqual({ events: 0, signed: 0, acceptances: 0, jobs: 0, outbox: 0 });
  });

  it("RUN-9: a valid token for a shop that has not installed the app gets 403", async () => {
    const { token } = await purchaseToken("never-installed.myshopify.com", [{ variantId: FROTHER }]);
    const { status, body } = await postOffer(token);
    expect(status).toBe(403);
    expect(body.error.code).toBe("shop_not_installed");
  });

  it("answers the CORS preflight (which Remix routes to the loader) with 204, and GET with 405", async () => {
    const preflight = await callRoute(offerLoader, apiRequest("/api/post-purchase/offer", null, null, { method: "OPTIONS" }));
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Authorization");
    const get = await callRoute(offerLoader, apiRequest("/api/post-purchase/offer", null, null, { method: "GET" }));
    expect(get.status).toBe(405);
    expect((await callRoute(offerAction, apiRequest("/api/post-purchase/offer", null, null, { method: "OPTIONS" }))).status).toBe(204);
  });

  it("RUN-9: a malformed body is a 400 naming the field", async () => {
    const shop = await seedShop(nextDomain("badbody"));
    const { token } = await purchaseToken(shop.domain, [{ variantId: FROTHER }]);
    const { status, body } = await postOffer(token, { history: { declinedOfferIds: "x" } });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/history\.declinedOfferIds/);
  });
});

describe("offer endpoint: which funnel fires (FUN-2, FUN-3)", () => {
  const cases: Array<[string, Record<string, unknown>, Parameters<typeof purchaseToken>[1], boolean]> = [
    ["product trigger matches a trigger product in the order", { triggerProductIds: [MORNING_ROAST] }, [roastOneTime], true],
    ["product trigger misses an order without it", { triggerProductIds: [MORNING_ROAST] }, [{ variantId: FROTHER }], false],
    ["subscription include needs a subscription line", { subscriptionTrigger: "include" }, [{ variantId: FROTHER }], false],
    ["subscription include matches a subscription line", { subscriptionTrigger: "include" }, [roastSubscription], true],
    ["subscription exclude refuses a subscription order", { subscriptionTrigger: "exclude" }, [roastSubscription], false],
    ["product AND subscription include both must hold", { triggerProductIds: [MORNING_ROAST], subscriptionTrigger: "include" }, [roastOneTime], false],
    ["show to all overrides every other trigger", { showToAll: true, triggerProductIds: [1004], subscriptionTrigger: "include" }, [{ variantId: FROTHER }], true],
    ["no trigger at all fires for nobody", {}, [{ variantId: FROTHER }], false],
  ];
  it.each(cases)("FUN-2: %s", async (_name, triggers, lines, fires) => {
    const shop = await seedShop(nextDomain("fun2"));
    await seedFunnel(shop.id, { name: "F", ...triggers, offers: [mugOffer()] });
    const { token } = await purchaseToken(shop.domain, lines);
    const { status, body } = await postOffer(token);
    expect(status).toBe(200);
    expect(body.offer !== null).toBe(fires);
  });

  it("FUN-3: the highest-priority matching funnel fires, and after a decline the flow stays in that funnel", async () => {
    const shop = await seedShop(nextDomain("fun3"));
    const low = await seedFunnel(shop.id, { name: "Low", priority: 1, showToAll: true, offers: [mugOffer("low-mug")] });
    const high = await seedFunnel(shop.id, {
      name: "High",
      priority: 5,
      showToAll: true,
      offers: [{ key: "frother", items: [{ variantId: FROTHER }] }, mugOffer("downsell", { parent: "frother", branch: "decline" })],
    });
    await seedFunnel(shop.id, { name: "Inactive", status: "inactive", priority: 99, showToAll: true, offers: [mugOffer("off")] });
    const { token, referenceId } = await purchaseToken(shop.domain, [roastOneTime]);

    const first = await postOffer(token);
    expect(first.body.offer).toMatchObject({ offerId: high.offerIds.frother, funnelId: high.funnelId });
    expect((await postOffer(token)).body.offer.offerId).toBe(high.offerIds.frother);

    const { postDecision } = await import("./runtime-fixtures");
    expect((await postDecision(token, { referenceId, offerId: high.offerIds.frother, decision: "declined" })).status).toBe(200);
    const next = await postOffer(token);
    expect(next.body.offer.offerId).toBe(high.offerIds.downsell);
    await postDecision(token, { referenceId, offerId: high.offerIds.downsell, decision: "declined" });
    // Only one funnel fires per order: the lower one never gets its turn.
    expect((await postOffer(token)).body.offer).toBeNull();
    expect(low.offerIds["low-mug"]).toBeDefined();
  });
});

describe("offer endpoint: offer eligibility (RUN-3, RUN-4, RUN-6)", () => {
  const upgradeFunnel = {
    name: "Upgrade",
    priority: 10,
    triggerProductIds: [MORNING_ROAST],
    subscriptionTrigger: "include" as const,
    offers: [
      {
        key: "upgrade",
        kind: "subscription_upgrade" as const,
        headline: "Upgrade to prepaid",
        items: [{ variantId: DOUBLE_BAG, upgrade: { triggerProductId: MORNING_ROAST, triggerProductTitle: "Morning Roast Coffee", type: "frequency" as const, intervalUnit: "month" as const, deliveryIntervalCount: 1, billingIntervalCount: 6 } }],
      },
    ],
  };

  it("RUN-3: an upgrade offer shows for the subscription version of the trigger product, as a one-time add_variant", async () => {
    const shop = await seedShop(nextDomain("run3"), { beta: true, provider: "recharge" });
    const { offerIds } = await seedFunnel(shop.id, upgradeFunnel);
    const { token } = await purchaseToken(shop.domain, [roastSubscription, { variantId: MUG }]);
    const { body } = await postOffer(token);
    expect(body.offer.offerId).toBe(offerIds.upgrade);
    expect(body.offer.selections).toHaveLength(1);
    expect(body.offer.selections[0].changes).toEqual([{ type: "add_variant", variantId: DOUBLE_BAG, quantity: 1 }]);
    expect(body.offer.selections[0].view.upgrades[0].description).toMatch(/Morning Roast Coffee subscription changes from .* to every 6 months, delivered monthly/);
  });

  it("RUN-3: the upgrade's text names the replacement product and the current → new frequency, from the stored upgrade", async () => {
    const shop = await seedShop(nextDomain("run3text"), { beta: true, provider: "recharge" });
    const both = { ...first(first(upgradeFunnel.offers).items).upgrade, type: "both" as const, replacementVariantId: DECAF, replacementQuantity: 2 };
    await seedFunnel(shop.id, { ...upgradeFunnel, offers: [{ ...first(upgradeFunnel.offers), items: [{ variantId: DOUBLE_BAG, upgrade: both }] }] });
    const plans = [
      { id: "gid://shopify/SellingPlan/3001", name: "Delivered monthly", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1, percentOff: 10 },
      { id: "gid://shopify/SellingPlan/3002", name: "Delivered every 2 months", intervalUnit: "month", deliveryIntervalCount: 2, billingIntervalCount: 2, percentOff: 10 },
    ];
    // What the wizard stores on Save (tests/integration/wizard-routes.test.ts); the seed leaves the defaults.
    await prisma.upgradeConfig.updateMany({ where: { offerItem: { offer: { shopId: shop.id } } }, data: { replacementTitle: "Decaf Roast", triggerSellingPlans: JSON.stringify(plans) } });
    invalidateShopRuntime(shop.domain);
    const { token } = await purchaseToken(shop.domain, [roastSubscription]);
    const view = (await postOffer(token)).body.offer.selections[0].view.upgrades[0];
    expect(view.description).toBe("Your subscription switches from Morning Roast Coffee every month to 2 × Decaf Roast every 6 months, delivered monthly.");
  });

  it("RUN-3: an offer item stored as a Shopify bundle is never offered as an upgrade (WIZ-3 snapshot)", async () => {
    const shop = await seedShop(nextDomain("run3bundle"), { beta: true, provider: "recharge" });
    await seedFunnel(shop.id, upgradeFunnel);
    await prisma.offerItem.updateMany({ where: { offer: { shopId: shop.id } }, data: { isBundle: true } });
    invalidateShopRuntime(shop.domain);
    const { token } = await purchaseToken(shop.domain, [roastSubscription]);
    expect((await postOffer(token)).body.offer).toBeNull();
  });

  it("RUN-3: a one-time purchase of the trigger product gets no upgrade offer, even with show-to-all", async () => {
    const shop = await seedShop(nextDomain("run3b"), { beta: true, provider: "recharge" });
    await seedFunnel(shop.id, { ...upgradeFunnel, showToAll: true });
    const { token } = await purchaseToken(shop.domain, [roastOneTime]);
    expect((await postOffer(token)).body.offer).toBeNull();
  });

  it("RUN-3: without the beta flag (or a verified provider) the upgrade offer is never shown", async () => {
    for (const options of [{ beta: false, provider: "recharge" as const }, { beta: true, provider: null }]) {
      const shop = await seedShop(nextDomain("run3c"), options);
      await seedFunnel(shop.id, upgradeFunnel);
      const { token } = await purchaseToken(shop.domain, [roastSubscription]);
      expect((await postOffer(token)).body.offer).toBeNull();
    }
  });

  it("RUN-4: an offer whose product is subscription-only is skipped and the next step is shown", async () => {
    const shop = await seedShop(nextDomain("run4"));
    const { offerIds } = await seedFunnel(shop.id, {
      name: "F",
      showToAll: true,
      offers: [{ key: "club", headline: "Club box", items: [{ variantId: CLUB_BOX }] }, mugOffer("mug", { parent: "club", branch: "decline" })],
    });
    const { token } = await purchaseToken(shop.domain, [{ variantId: FROTHER }]);
    expect((await postOffer(token)).body.offer.offerId).toBe(offerIds.mug);
  });

  it("RUN-6: on an order that holds a subscription, a subscription-only upsell is dropped and a dual one is one-time only", async () => {
    const shop = await seedShop(nextDomain("run6"));
    const { offerIds } = await seedFunnel(shop.id, {
      name: "F",
      showToAll: true,
      offers: [
        { key: "sub-only", kind: "subscription_upsell", purchaseOption: "subscription", items: [{ variantId: DECAF }] },
        decafOffer({ parent: "sub-only", branch: "accept" }),
      ],
    });
    const { token } = await purchaseToken(shop.domain, [roastSubscription]);
    const { body } = await postOffer(token);
    expect(body.offer.offerId).toBe(offerIds.decaf);
    expect(body.offer.selections.map((s: Json) => s.key)).toEqual(["one_time:"]);
    expect(body.offer.selections[0].view).toMatchObject({ showOptionSelector: false, requiresBuyerConsent: false, recurring: null });
  });
});

describe("offer endpoint: purchase options, plans and prices (UPS-1..UPS-4)", () => {
  it("UPS-1: a dual offer lists both options with the merchant's default preselected, one selection per plan", async () => {
    const shop = await seedShop(nextDomain("ups1"));
    await seedFunnel(shop.id, { name: "F", showToAll: true, offers: [decafOffer()] });
    const { token } = await purchaseToken(shop.domain, [{ variantId: FROTHER }]);
    const { body } = await postOffer(token);
    expect(body.offer.defaultKey).toBe("subscription:gid://shopify/SellingPlan/3005");
    expect(body.offer.selections.map((s: Json) => s.key)).toEqual(["one_time:", "subscription:gid://shopify/SellingPlan/3005", "subscription:gid://shopify/SellingPlan/3006"]);
    const subscription = body.offer.selections[1];
    expect(subscription.view).toMatchObject({ showOptionSelector: true, selectedOption: "subscription", requiresBuyerConsent: true, plan: { display: "select", locked: false } });
    expect(subscription.changes[0]).toMatchObject({ type: "add_subscription", variantId: DECAF, sellingPlanId: 3005, discount: { value: 20, valueType: "percentage" } });
    expect(body.offer.selections[0].changes[0]).toMatchObject({ type: "add_variant", variantId: DECAF });
  });

  it("UPS-2: a locked plan is shown as text with no selector; a lock whose plan is gone falls back to every plan", async () => {
    const shop = await seedShop(nextDomain("ups2"));
    await seedFunnel(shop.id, { name: "Locked", priority: 2, triggerProductIds: [1005], offers: [decafOffer({ purchaseOption: "subscription", lockedSellingPlanId: 3006 })] });
    await seedFunnel(shop.id, { name: "Stale lock", priority: 1, triggerProductIds: [1004], offers: [decafOffer({ purchaseOption: "subscription", lockedSellingPlanId: 3999 })] });
    const locked = await postOffer((await purchaseToken(shop.domain, [{ variantId: FROTHER }])).token);
    expect(locked.body.offer.selections.map((s: Json) => s.key)).toEqual(["subscription:gid://shopify/SellingPlan/3006"]);
    expect(locked.body.offer.selections[0].view.plan).toMatchObject({ display: "static", locked: true, selectedPlanName: "Delivered every 2 months" });
    const stale = await postOffer((await purchaseToken(shop.domain, [{ variantId: MUG }])).token);
    expect(stale.body.offer.selections).toHaveLength(2);
    expect(stale.body.offer.selections[0].view.plan).toMatchObject({ display: "select", locked: false, lockFallback: true, selectedPlanName: "Delivered monthly" });
  });

  it("UPS-2: switching the offer to one-time only clears the lock", async () => {
    const shop = await seedShop(nextDomain("ups2b"));
    await seedFunnel(shop.id, { name: "F", showToAll: true, offers: [decafOffer({ purchaseOption: "one_time", lockedSellingPlanId: 3006 })] });
    const { body } = await postOffer((await purchaseToken(shop.domain, [{ variantId: FROTHER }])).token);
    expect(body.offer.selections.map((s: Json) => s.key)).toEqual(["one_time:"]);
    expect(body.offer.selections[0].view.plan).toBeNull();
  });

  const ups4Offer = (discount: number, priceMinor: number) =>
    decafOffer({
      purchaseOption: "subscription",
      discount: { type: "percentage", value: discount },
      items: [{ variantId: DECAF, priceMinor, sellingPlans: [{ id: "gid://shopify/SellingPlan/3005", name: "Monthly", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1 }] }],
    });

  it("UPS-3/UPS-4: $30 order + $25/month plan at 20% off → accept $20.00, recurring $25.00 every month, order total $50.00", async () => {
    const shop = await seedShop(nextDomain("ups4a"));
    await seedFunnel(shop.id, { name: "F", showToAll: true, offers: [ups4Offer(2000, 2500)] });
    const { body } = await postOffer((await purchaseToken(shop.domain, [{ variantId: FROTHER }])).token);
    const { view, changes } = body.offer.selections[0];
    expect(view.acceptLabel).toBe("Pay now · $20.00");
    expect(view.lineSubtotal.text).toBe("$20.00");
    expect(view.recurring).toMatchObject({ label: "Recurring subtotal", text: "$25.00 every month" });
    expect(view.orderTotalAfterAccept.text).toBe("$50.00");
    expect(view.termsText).toContain("$20.00 today, then $25.00 every month");
    expect(view.price.firstCycle.money).toEqual({ amountMinor: 2000, currency: "USD" });
    expect(changes[0].discount).toEqual({ value: 20, valueType: "percentage", title: "20% off first delivery" });
  });

  it("UPS-4: 100% off a $40 plan → accept $0.00, recurring $40.00", async () => {
    const shop = await seedShop(nextDomain("ups4b"));
    await seedFunnel(shop.id, { name: "F", showToAll: true, offers: [ups4Offer(10_000, 4000)] });
    const { body } = await postOffer((await purchaseToken(shop.domain, [{ variantId: FROTHER }])).token);
    const { view } = body.offer.selections[0];
    expect(view.acceptLabel).toBe("Pay now · $0.00");
    expect(view.recurring.subtotal.text).toBe("$40.00");
  });
});

describe("ShouldRender's time budget (RUN-11)", () => {
  let slow: Server;
  let slowUrl: string;
  let delayMs = 0;
  let reply: { status: number; body: unknown } = { status: 200, body: { offer: null } };

  beforeAll(async () => {
    slow = createServer((_req, res) => {
      setTimeout(() => res.writeHead(reply.status, { "Content-Type": "application/json" }).end(JSON.stringify(reply.body)), delayMs);
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    slow.closeAllConnections();
    await new Promise((resolve) => slow.close(resolve));
  });

  const run = async () => {
    const stored: unknown[] = [];
    const client = createPostPurchaseClient({ appUrl: slowUrl, token: "t", referenceId: "r" });
    const started = Date.now();
    const result = await shouldRender(client, { update: (data) => void stored.push(data) });
    return { result, stored, elapsed: Date.now() - started };
  };

  it("RUN-11: renders nothing when the app does not answer within the budget (≤ 1 s), without waiting for the answer", async () => {
    expect(OFFER_TIME_BUDGET_MS).toBeLessThanOrEqual(1000);
    delayMs = 5000;
    reply = { status: 200, body: { offer: { offerId: "late" } } };
    const { result, stored, elapsed } = await run();
    expect(result).toEqual({ render: false });
    expect(stored).toEqual([]);
    // Not a timing assertion on a shared machine: only that the budget, not the slow answer, ended the wait.
    expect(elapsed).toBeLessThan(delayMs - 1000);
  });

  it("RUN-11: renders nothing on an error answer or when there is no offer, and renders a stored offer otherwise", async () => {
    delayMs = 0;
    reply = { status: 500, body: { error: { code: "server_error", message: "boom" } } };
    expect((await run()).result).toEqual({ render: false });
    reply = { status: 200, body: { offer: null } };
    expect((await run()).result).toEqual({ render: false });
    reply = { status: 200, body: { offer: { offerId: "o1" } } };
    const { result, stored } = await run();
    expect(result).toEqual({ render: true });
    expect(stored).toEqual([{ offer: { offerId: "o1" } }]);
  });
});
