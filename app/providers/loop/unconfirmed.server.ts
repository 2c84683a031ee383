/**
 * Every Loop behaviour providers.md marks UNCONFIRMED, one function each, so a
 * correction lands in one place. Listed in docs/decisions/0005-provider-unconfirmed-points.md.
 * Paths are relative to {LOOP_API_URL}/admin/2023-10.
 */
import { z } from "zod";
import { isPrepaidInterval, legacyIdFromGid, minorToDecimal, toDateOnly } from "../change";
import type { ProviderHttp, ProviderRequest } from "../http.server";
import { LoopSubscriptionListEnvelope, type LoopLine, type LoopSubscription } from "./wire";
import type { Discount, Interval, ProviderSellingPlan } from "../types";

/**
 * UNCONFIRMED (LP-1): Loop documents no scope introspection. We read
 * GET /store → data {apiTokenScopes}. Any 4xx but 401 makes the scopes "could not be
 * checked". The store itself is confirmed without a guess (the subscription's customer,
 * through the shop's Admin API); `myshopifyDomain` is no longer trusted.
 */
export async function fetchLoopTokenDetails(http: ProviderHttp): Promise<{ scopes: string[] | null; shop: string | null }> {
  const action = "read the token's store and permissions";
  // Any refusal but 401 means "cannot tell", never "token rejected" (audit Medium 12).
  const response = await http.request({ method: "GET", path: "/store", action, accept: [400, 403, 404, 405, 422] });
  if (response.status !== 200) return { scopes: null, shop: null };
  const schema = z.object({
    data: z.object({ myshopifyDomain: z.string().nullable().optional(), apiTokenScopes: z.array(z.string()).nullable().optional() }),
  });
  const data = http.parse(schema, response, action).data;
  return { scopes: data.apiTokenScopes ?? null, shop: data.myshopifyDomain ?? null };
}

/**
 * UNCONFIRMED (LP-2): list filters `originOrderShopifyId` / `customerShopifyId` are seen
 * in third-party clients only (the fields themselves are documented).
 */
export async function searchLoopSubscriptions(
  http: ProviderHttp,
  filter: { originOrderShopifyId: string } | { customerShopifyId: string },
  action: string,
): Promise<LoopSubscription[]> {
  const response = await http.request({ method: "GET", path: "/subscription", query: { ...filter, pageNo: 1, pageSize: 50 }, action });
  return http.parse(LoopSubscriptionListEnvelope, response, action).data;
}

const epochSeconds = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000);
const loopPolicy = (interval: Interval, count: number) => ({ interval: interval.unit.toUpperCase(), intervalCount: count });

/**
 * UNCONFIRMED (LP-3, audit Medium 13): "Update Frequency" (L2). Documented: a billingPolicy
 * object, an epoch-seconds date and a required enum on how existing discounts are treated
 * whose name and values the stored copy does not show (so it is not sent). Path,
 * deliveryPolicy and the selling-plan id are our guess; Loop is postpaid only, so
 * delivery = billing. Guessed: a 400/404/405 is a permanent "unconfirmed_endpoint".
 */
export function loopFrequencyRequest(subscriptionId: string, interval: Interval, sellingPlanShopifyId: string, nextBillingDate: string): ProviderRequest {
  return {
    method: "PUT",
    path: `/subscription/${subscriptionId}/frequency`,
    json: {
      billingPolicy: loopPolicy(interval, interval.billingCount),
      deliveryPolicy: loopPolicy(interval, interval.deliveryCount),
      sellingPlanShopifyId: Number(sellingPlanShopifyId),
      nextBillingDateEpoch: epochSeconds(nextBillingDate),
    },
    action: `change the frequency of subscription ${subscriptionId}`,
    guessed: true,
  };
}

/**
 * UNCONFIRMED (LP-4): Loop documents no selling-plan listing. We read
 * GET /sellingPlanGroup?productShopifyId= → groups with sellingPlans[].
 */
export async function loopSellingPlans(http: ProviderHttp, productId: string): Promise<ProviderSellingPlan[]> {
  const action = `list the selling plans of product ${productId}`;
  const response = await http.request({ method: "GET", path: "/sellingPlanGroup", query: { productShopifyId: productId }, action, guessed: true });
  const plan = z.object({
    shopifyId: z.union([z.number(), z.string()]).transform(String),
    name: z.string(),
    billingPolicy: z.object({ interval: z.string(), intervalCount: z.number().int().min(1) }),
    deliveryPolicy: z.object({ interval: z.string(), intervalCount: z.number().int().min(1) }),
  });
  const schema = z.object({ data: z.array(z.object({ sellingPlans: z.array(plan) })) });
  return http.parse(schema, response, action).data.flatMap((group) =>
    group.sellingPlans.flatMap((p) => {
      const unit = p.billingPolicy.interval.toLowerCase();
      if (unit !== p.deliveryPolicy.interval.toLowerCase() || !["day", "week", "month"].includes(unit)) return [];
      const interval = { unit: unit as Interval["unit"], deliveryCount: p.deliveryPolicy.intervalCount, billingCount: p.billingPolicy.intervalCount };
      if (interval.billingCount % interval.deliveryCount !== 0) return [];
      return [{ id: p.shopifyId, name: p.name, interval, prepaid: isPrepaidInterval(interval), shopifySellingPlanId: p.shopifyId }];
    }),
  );
}

/**
 * UNCONFIRMED (LP-5): Loop documents no split endpoint (Aftersell splits over several
 * calls). Step one of PRV-3: copy the line into a new subscription on the new plan. The
 * marker attribute lets a retry that lost its progress find the copy.
 */
export function loopSplitRequest(subscriptionId: string, lineId: string, interval: Interval, sellingPlanShopifyId: string, marker: string): ProviderRequest {
  return {
    method: "POST",
    path: `/subscription/${subscriptionId}/line/${lineId}/split`,
    json: {
      sellingPlanShopifyId: Number(sellingPlanShopifyId),
      billingPolicy: loopPolicy(interval, interval.billingCount),
      deliveryPolicy: loopPolicy(interval, interval.deliveryCount),
      customAttributes: [{ key: LOOP_SPLIT_ATTRIBUTE, value: marker }],
    },
    action: `move line ${lineId} of subscription ${subscriptionId} to a new subscription`,
    guessed: true,
  };
}
export const LOOP_SPLIT_ATTRIBUTE = "uplift_split_from";

/** UNCONFIRMED (LP-6): remove-line path (Loop lists "remove line" under Line actions). */
export function loopRemoveLineRequest(subscriptionId: string, lineId: string): ProviderRequest {
  return {
    method: "DELETE",
    path: `/subscription/${subscriptionId}/line/${lineId}`,
    action: `remove line ${lineId} from subscription ${subscriptionId}`,
    // A 404 is ambiguous (already removed, or a wrong path): the caller re-reads the original.
    accept: [404],
    guessed: true,
  };
}

/**
 * UNCONFIRMED (LP-7): POST /subscription/{id}/discount with a manualDiscount is seen on
 * /admin/2026-04 only; value is in currency units (not cents; the currency's own number
 * of decimals) and orderLimit is omitted (the discount stays until removed). It applies
 * to the whole subscription, so the adapter only sends it to a one-line subscription.
 */
export function loopDiscountTitle(discount: Discount): string {
  return discount.code ?? "Upgrade discount";
}
export function loopDiscountRequest(subscriptionId: string, discount: Discount): ProviderRequest {
  const value = discount.type === "percentage" ? discount.basisPoints / 100 : Number(minorToDecimal(discount.amountMinor, discount.currency));
  return {
    method: "POST",
    path: `/subscription/${subscriptionId}/discount`,
    json: { manualDiscount: { title: loopDiscountTitle(discount), type: discount.type === "percentage" ? "PERCENTAGE" : "FIXED_AMOUNT", value } },
    action: `add the discount to subscription ${subscriptionId}`,
    guessed: true,
  };
}

/** UNCONFIRMED (LP-12): `discounts[].title` on the subscription (L10 lists `discounts`, not its fields). */
export function loopHasDiscountTitled(sub: LoopSubscription, title: string): boolean {
  const discounts = (sub as Record<string, unknown>).discounts;
  return Array.isArray(discounts) && discounts.some((d) => (d as { title?: unknown } | null)?.title === title);
}

/** UNCONFIRMED (LP-8): line field names beyond id/variantShopifyId/quantity. */
export function loopLineFromWire(line: LoopLine): { id: string; variantId: string; productId: string | null; quantity: number } {
  const product = (line as Record<string, unknown>).productShopifyId;
  return {
    id: line.id,
    variantId: legacyIdFromGid(line.variantShopifyId) ?? line.variantShopifyId,
    productId: product == null ? null : legacyIdFromGid(String(product)),
    quantity: line.quantity,
  };
}

/** UNCONFIRMED (LP-9): the subscription's next billing date field (epoch seconds or ISO). */
export function loopNextChargeDate(sub: LoopSubscription): string | null {
  const record = sub as Record<string, unknown>;
  if (typeof record.nextBillingDateEpoch === "number") return new Date(record.nextBillingDateEpoch * 1000).toISOString().slice(0, 10);
  return toDateOnly(typeof record.nextBillingDate === "string" ? record.nextBillingDate : null);
}

/** UNCONFIRMED (LP-10): error bodies reuse the envelope with success:false and a message. */
export function loopErrorMessage(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const message = (body as Record<string, unknown>).message;
  return typeof message === "string" && message ? message : undefined;
}
