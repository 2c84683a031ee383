/**
 * Shared set-up for the post-purchase runtime tests: shops with their beta flag and
 * provider connection, catalog funnels (scripts/demo/post-purchase/funnel-seed.ts),
 * Shopify-shaped purchases and calls to the real route modules.
 */
import { randomUUID } from "node:crypto";
import prisma from "~/db.server";
import { money, parseDecimalToMinor, toDecimalString } from "~/domain/money";
import { invalidateShopRuntime } from "~/post-purchase/server/shop-runtime.server";
import { flushImpressions } from "~/post-purchase/server/impression.server";
import { action as decisionAction } from "~/routes/api.post-purchase.decision";
import { action as impressionAction } from "~/routes/api.post-purchase.impression";
import { action as offerAction } from "~/routes/api.post-purchase.offer";
import { action as signAction } from "~/routes/api.post-purchase.sign-changeset";
import { createSeedFunnel, type SeedFunnel } from "../../scripts/demo/post-purchase/funnel-seed";
import { findVariant } from "../simulators/catalog";
import { APP_URL, callRoute, extensionToken } from "../support/shopify";
import { seedProviderConnection } from "../support/provider-connection";

/** shopify-app-remix answers bot user agents (Node's fetch included) with 410. */
export const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

/** Response bodies are pinned down by assertions, not by types. */
export type Json = ReturnType<typeof JSON.parse>;

export async function seedShop(domain: string, options: { beta?: boolean; provider?: "recharge" | "skio" | "loop" | null } = {}) {
  const beta = options.beta ?? false;
  const shop = await prisma.shop.upsert({ where: { domain }, create: { domain, subscriptionUpgradesBeta: beta }, update: { subscriptionUpgradesBeta: beta } });
  if (options.provider) {
    // The runtime only checks that a verified connection exists; the token is never sent.
    await seedProviderConnection(shop, options.provider, `sk_runtime_${options.provider}_unused`);
  }
  invalidateShopRuntime(domain);
  return shop;
}

/** The Decaf Roast upsell (variant 2009) both runtime suites seed: either option, subscription first, 20 % off. */
export const decafUpsell = (extra: Record<string, unknown> = {}) => ({
  key: "decaf",
  kind: "subscription_upsell" as const,
  purchaseOption: "both" as const,
  defaultOption: "subscription" as const,
  discount: { type: "percentage" as const, value: 2000 },
  items: [{ variantId: 2009 }],
  ...extra,
});

export async function seedFunnel(shopId: string, spec: SeedFunnel) {
  const created = await createSeedFunnel(prisma, shopId, spec);
  invalidateShopRuntime();
  return created;
}

export interface PurchaseLine {
  variantId: number;
  quantity?: number;
  sellingPlanId?: number;
  /** Line total in cents; defaults to the catalog price × quantity. */
  totalMinor?: number;
}

const usd = (cents: number) => {
  const amount = toDecimalString(money(cents, "USD"));
  return { shopMoney: { amount, currencyCode: "USD" }, presentmentMoney: { amount, currencyCode: "USD" } };
};

/** The input_data claim Shopify puts in the extension token (numeric ids, MoneyBags). */
export function purchaseInputData(shop: string, referenceId: string, lines: PurchaseLine[], customerId = "4001") {
  const lineItems = lines.map((line) => {
    const found = findVariant(line.variantId);
    if (!found) throw new Error(`No catalog variant ${line.variantId}`);
    const quantity = line.quantity ?? 1;
    const total = line.totalMinor ?? parseDecimalToMinor(found.variant.price, "USD") * quantity;
    return {
      product: { id: found.product.id, title: found.product.title, variant: { id: found.variant.id, title: found.variant.title } },
      quantity,
      totalPriceSet: usd(total),
      ...(line.sellingPlanId ? { sellingPlanId: line.sellingPlanId } : {}),
      _total: total,
    };
  });
  const total = lineItems.reduce((sum, l) => sum + l._total, 0);
  return {
    shop: { id: 60_001, domain: shop },
    initialPurchase: { referenceId, customerId, totalPriceSet: usd(total), lineItems: lineItems.map(({ _total, ...line }) => line) },
  };
}

/** A fresh purchase and the extension token Shopify would give the page for it. */
export async function purchaseToken(shop: string, lines: PurchaseLine[], customerId?: string) {
  const referenceId = `ref-${randomUUID()}`;
  const data = purchaseInputData(shop, referenceId, lines, customerId);
  return { referenceId, token: await extensionToken(shop, referenceId, data) };
}

export function apiRequest(path: string, token: string | null, body: unknown, init: { method?: string; headers?: Record<string, string> } = {}): Request {
  const headers: Record<string, string> = { "Content-Type": "application/json", "User-Agent": BROWSER_UA, Origin: "https://checkout.shopify.com", ...init.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  return new Request(new URL(path, APP_URL()), { method: init.method ?? "POST", headers, body: init.method === "OPTIONS" || init.method === "GET" ? undefined : JSON.stringify(body) });
}

async function call(action: Parameters<typeof callRoute>[0], path: string, token: string | null, body: unknown) {
  const response = await callRoute(action, apiRequest(path, token, body));
  return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
}

export const postOffer = (token: string | null, body: unknown = {}) => call(offerAction, "/api/post-purchase/offer", token, body);
export const postSign = (token: string | null, body: unknown) => call(signAction, "/api/post-purchase/sign-changeset", token, body);
export const postDecision = (token: string | null, body: unknown) => call(decisionAction, "/api/post-purchase/decision", token, body);
export const postImpression = (token: string | null, body: unknown) => call(impressionAction, "/api/post-purchase/impression", token, body);

/** What Render's mount does (ANA-1), then the recorder's flush, so the row is there to assert on. */
export async function showOffer(token: string, referenceId: string, offerId: string) {
  const response = await postImpression(token, { referenceId, offerId });
  if (response.status !== 202) throw new Error(`impression refused: ${JSON.stringify(response.body)}`);
  await flushImpressions();
}

/** Shown offer → signed token, the happy path most tests start from (the shopper ticked any consent box, RUN-13). */
export async function showAndSign(token: string, referenceId: string, choice: Record<string, unknown> = { option: "one_time" }) {
  const offer = await postOffer(token);
  if (!offer.body.offer) throw new Error(`expected an offer, got ${JSON.stringify(offer.body)}`);
  const signed = await postSign(token, { referenceId, offerId: offer.body.offer.offerId, choice, consent: true });
  return { offer: offer.body.offer, signed };
}

/** Rows a rejected request must not have written. */
export async function writtenRows(shopId: string) {
  const [events, signed, acceptances, jobs, outbox] = await Promise.all([
    prisma.offerEvent.count({ where: { shopId } }),
    prisma.signedChangeset.count({ where: { shopId } }),
    prisma.acceptance.count({ where: { shopId } }),
    prisma.upgradeJob.count({ where: { shopId } }),
    prisma.outboxEvent.count({ where: { shopId } }),
  ]);
  return { events, signed, acceptances, jobs, outbox };
}
