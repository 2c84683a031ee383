/**
 * Every Skio behaviour providers.md marks UNCONFIRMED, one function each, so a
 * correction lands in one place. Listed in docs/decisions/0005-provider-unconfirmed-points.md.
 */
import { z } from "zod";
import { isPrepaidInterval, legacyIdFromGid } from "../change";
import {
  ProviderAuthError,
  type ProviderError,
  ProviderInvalidRequestError,
  ProviderNotFoundError,
  ProviderUnavailableError,
} from "../errors";
import { errorForStatus, scrub, type ProviderHttp, type ProviderResponse } from "../http.server";
import { SKIO_SUBSCRIPTION_FIELDS, SkioSubscriptionSchema, gqlLiteral, type SkioSubscription } from "./wire";
import type { Interval, ProviderSellingPlan, UpgradeChange } from "../types";

/** Runs one GraphQL document and returns `data` parsed with `schema`; throws ProviderError. */
export type SkioGraphql = <T extends z.ZodTypeAny>(
  document: string,
  variables: Record<string, unknown>,
  schema: T,
  action: string,
) => Promise<z.infer<T>>;

/** UNCONFIRMED (SK-1): Order.platformId holds the Shopify order GID in this form. */
export function skioOrderGid(orderId: string): string {
  return `gid://shopify/Order/${orderId}`;
}

/**
 * UNCONFIRMED (SK-2): finding the subscriptions an order created. Both filters are
 * inferred from the schema, not documented: first Subscriptions by originOrder.platformId,
 * then (a line added to an existing subscription) Orders → OrderLineItems → SubscriptionLine.
 */
export async function skioSubscriptionsForOrder(gql: SkioGraphql, orderId: string): Promise<SkioSubscription[]> {
  const orderGid = skioOrderGid(orderId);
  const action = `look up order ${orderId}`;
  const byOrigin = await gql(
    `query UpliftSkioByOrigin {
      Subscriptions(where: { originOrder: { platformId: { _eq: ${gqlLiteral(orderGid)} } } }) { ${SKIO_SUBSCRIPTION_FIELDS} }
    }`,
    {},
    z.object({ Subscriptions: z.array(SkioSubscriptionSchema) }),
    action,
  );
  if (byOrigin.Subscriptions.length > 0) return byOrigin.Subscriptions;

  const orders = await gql(
    `query UpliftSkioOrderLines {
      Orders(where: { platformId: { _eq: ${gqlLiteral(orderGid)} } }) { OrderLineItems { SubscriptionLine { subscriptionId } } }
    }`,
    {},
    z.object({
      Orders: z.array(z.object({ OrderLineItems: z.array(z.object({ SubscriptionLine: z.object({ subscriptionId: z.string() }).nullable() })) })),
    }),
    action,
  );
  const ids = [...new Set(orders.Orders.flatMap((o) => o.OrderLineItems.flatMap((li) => (li.SubscriptionLine ? [li.SubscriptionLine.subscriptionId] : []))))];
  if (ids.length === 0) return [];
  const byId = await gql(
    `query UpliftSkioByIds { Subscriptions(where: { id: { _in: ${gqlLiteral(ids)} } }) { ${SKIO_SUBSCRIPTION_FIELDS} } }`,
    {},
    z.object({ Subscriptions: z.array(SkioSubscriptionSchema) }),
    action,
  );
  return byId.Subscriptions;
}

/**
 * SK-3 (✅ S1: `Subscriptions(limit)` and `StorefrontUser.platformId` =
 * gid://shopify/Customer/N are in the published reference; Skio has no store-domain field
 * and no `Sites` query): the Shopify customer of one of the token's subscriptions, so the
 * shop's own Admin API can confirm the store. null when the account has none yet.
 */
export async function skioShopifyCustomer(gql: SkioGraphql): Promise<string | null> {
  const data = await gql(
    `query UpliftSkioStoreCustomer { Subscriptions(limit: 1) { id StorefrontUser { platformId } } }`,
    {},
    z.object({ Subscriptions: z.array(z.object({ id: z.string(), StorefrontUser: z.object({ platformId: z.string().nullable() }).nullable() })) }),
    "read one subscription's customer to confirm the store",
  );
  return legacyIdFromGid(data.Subscriptions[0]?.StorefrontUser?.platformId);
}

/** A well-formed id no subscription has: the probe below can never change anything. */
const PROBE_SUBSCRIPTION_ID = "00000000-0000-4000-8000-000000000000";

/**
 * UNCONFIRMED (SK-12): Skio lists no token permissions. To tell a token without edit
 * permission from a full one (issue 13 §5), we send an edit (applyDiscountCode) for a
 * subscription id that does not exist, so nothing can change: "access-denied" means the
 * token may not edit → ["edit_subscription"] missing; "Lambda policy revoked" (unknown id)
 * means the edit was allowed to run → null (still unchecked: Skio may check the id first).
 */
export async function skioMissingEditPermission(gql: SkioGraphql): Promise<string[] | null> {
  try {
    await gql(
      `mutation applyDiscountCode($input: ApplyDiscountCodeInput!) { applyDiscountCode(input: $input) { ok message } }`,
      { input: { subscriptionId: PROBE_SUBSCRIPTION_ID, code: "UPLIFT-PERMISSION-PROBE" } },
      z.object({ applyDiscountCode: z.unknown() }),
      "check that the token may edit subscriptions",
    );
    return null;
  } catch (error) {
    if (error instanceof ProviderAuthError && error.code === "auth_forbidden") return ["edit_subscription"];
    if (error instanceof ProviderAuthError || error instanceof ProviderUnavailableError) throw error;
    return null;
  }
}

const UNIT: Record<string, { unit: Interval["unit"]; factor: number }> = {
  DAY: { unit: "day", factor: 1 },
  WEEK: { unit: "week", factor: 1 },
  MONTH: { unit: "month", factor: 1 },
  YEAR: { unit: "month", factor: 12 },
};

function toUnit(interval: string, count: number): { unit: Interval["unit"]; count: number } | null {
  const found = UNIT[interval.toUpperCase()];
  return found ? { unit: found.unit, count: count * found.factor } : null;
}

/**
 * SK-4 (✅ S1: SellingPlan has BillingPolicy / DeliveryPolicy / PrepaidDeliveryPolicy
 * relations to Policy {interval intervalCount}, and SellingPlanGroup →
 * SellingPlanGroupResources → ProductVariant → Product; audit High 6). The filter path to
 * the product is inferred from those relations.
 */
export async function skioSellingPlans(gql: SkioGraphql, productId: string): Promise<ProviderSellingPlan[]> {
  const policy = z.object({ interval: z.string(), intervalCount: z.number().int().min(1) });
  const data = await gql(
    `query UpliftSkioSellingPlans {
      SellingPlans(where: { SellingPlanGroup: { SellingPlanGroupResources: { ProductVariant: { Product: { platformId: { _eq: ${gqlLiteral(`gid://shopify/Product/${productId}`)} } } } } } }) {
        id platformId name
        BillingPolicy { interval intervalCount }
        DeliveryPolicy { interval intervalCount }
        PrepaidDeliveryPolicy { interval intervalCount }
      }
    }`,
    {},
    z.object({
      SellingPlans: z.array(
        z.object({ id: z.string(), platformId: z.string().nullable(), name: z.string(), BillingPolicy: policy, DeliveryPolicy: policy, PrepaidDeliveryPolicy: policy.nullable().optional() }),
      ),
    }),
    `list the selling plans of product ${productId}`,
  );
  return data.SellingPlans.flatMap((plan) => {
    const interval = skioIntervalFromPolicies(plan);
    if (!interval) return [];
    return [{ id: plan.id, name: plan.name, interval, prepaid: isPrepaidInterval(interval), shopifySellingPlanId: legacyIdFromGid(plan.platformId) }];
  });
}

/**
 * UNCONFIRMED (SK-11): swapSubscriptionProductVariants (✅ S1 mutation; S2 gladly sends
 * pricingOption "NEW_VARIANT_PRICE"; UUID vs GID ids unconfirmed, we send Skio UUIDs).
 * Unlike updateSubscriptionLine it re-prices the line at the new variant's price
 * (audit Medium 7); `subscriptionLinesToSwapFrom` limits it to the upgraded line.
 */
export function skioSwapInput(subscriptionId: string, lineId: string, oldVariantUuid: string, newVariantUuid: string): Record<string, unknown> {
  return {
    subscriptionId,
    oldProductVariantId: oldVariantUuid,
    newProductVariantId: newVariantUuid,
    pricingOption: "NEW_VARIANT_PRICE",
    subscriptionLinesToSwapFrom: [lineId],
  };
}

/**
 * UNCONFIRMED (SK-5): updateSubscriptionLine takes Skio ids ("IDs are Skio IDs"), so the
 * Shopify variant is translated through ProductVariants(where: {platformId}).
 */
export async function skioVariantUuid(gql: SkioGraphql, variantId: string): Promise<string | null> {
  const data = await gql(
    `query UpliftSkioVariant { ProductVariants(where: { platformId: { _eq: ${gqlLiteral(`gid://shopify/ProductVariant/${variantId}`)} } }, limit: 1) { id } }`,
    {},
    z.object({ ProductVariants: z.array(z.object({ id: z.string() })) }),
    `find variant ${variantId} in Skio`,
  );
  return data.ProductVariants[0]?.id ?? null;
}

/**
 * UNCONFIRMED (SK-6): which policy is the delivery cadence. Billing comes from
 * BillingPolicy; delivery from PrepaidDeliveryPolicy when present (prepaid), otherwise
 * DeliveryPolicy. YEAR is expressed as 12 months.
 */
export function skioIntervalFromPolicies(sub: Pick<SkioSubscription, "BillingPolicy" | "DeliveryPolicy" | "PrepaidDeliveryPolicy">): Interval | null {
  const billingPolicy = sub.BillingPolicy ?? sub.DeliveryPolicy;
  const deliveryPolicy = sub.PrepaidDeliveryPolicy ?? sub.DeliveryPolicy ?? sub.BillingPolicy;
  if (!billingPolicy || !deliveryPolicy) return null;
  const billing = toUnit(billingPolicy.interval, billingPolicy.intervalCount);
  const delivery = toUnit(deliveryPolicy.interval, deliveryPolicy.intervalCount);
  if (!billing || !delivery || billing.unit !== delivery.unit || billing.count % delivery.count !== 0) return null;
  return { unit: billing.unit, deliveryCount: delivery.count, billingCount: billing.count };
}

/**
 * UNCONFIRMED (SK-7): subscriptionEditInterval input. Always send the count (Skio
 * silently changes only the unit without it). Prepaid: billing = the charge cadence,
 * prepaidDelivery* = the shipping cadence. nextBillingDate is sent only to keep the
 * current date (end of cycle); without it we assume Skio recalculates.
 */
export function skioEditIntervalInput(subscriptionId: string, change: UpgradeChange, keepNextBillingDate: string | null): Record<string, unknown> {
  const interval = change.interval!;
  const input: Record<string, unknown> = {
    subscriptionId,
    billingInterval: interval.unit.toUpperCase(),
    billingIntervalCount: interval.billingCount,
    debugCaller: "Uplift",
  };
  if (isPrepaidInterval(interval)) {
    input.prepaidDeliveryInterval = interval.unit.toUpperCase();
    input.prepaidDeliveryIntervalCount = interval.deliveryCount;
  }
  if (change.applyAtEndOfCycle && keepNextBillingDate) input.nextBillingDate = keepNextBillingDate;
  return input;
}

interface GraphqlErrorBody {
  errors?: Array<{ message?: string; extensions?: { code?: string; detail?: string } }>;
}

/**
 * UNCONFIRMED (SK-8): how Skio signals failures. HTTP status for a bad token or
 * throttling is undocumented, so both HTTP statuses and GraphQL error codes are read.
 * Known misleading texts: "Lambda policy revoked…" means an unknown id (not auth);
 * "internal error" is what a malformed id gets (we validate ids first, so here it is
 * treated as a server fault); discount failures carry extensions.detail.
 */
export function classifySkioResponse(http: ProviderHttp, response: ProviderResponse, action: string): ProviderError | null {
  const body = (response.body ?? {}) as GraphqlErrorBody;
  const first = Array.isArray(body.errors) ? body.errors[0] : undefined;
  const message = scrub(first?.message ?? "", http.config.secrets);
  const code = first?.extensions?.code ?? "";
  const detail = first?.extensions?.detail ?? "";
  const base = { provider: "skio" as const, requestId: response.requestId, status: response.status };
  const status = response.status;

  if (/lambda policy revoked/i.test(message)) {
    return new ProviderNotFoundError({ ...base, message: `Skio could not find the subscription or line needed to ${action} (it may have been removed).` });
  }
  if (status < 200 || status >= 300) {
    return errorForStatus(http.config, { status, headers: response.headers, providerMessage: message || undefined, requestId: response.requestId }, action);
  }
  if (/^(access-denied|invalid-jwt|invalid-headers)$/.test(code)) {
    return new ProviderAuthError({
      ...base,
      code: /permission|not allowed|scope/i.test(message) ? "auth_forbidden" : "auth_rejected",
      message: `Skio refused to let Uplift ${action}: ${message || "the API token was not accepted"}. Test the API key again in Settings.`,
    });
  }
  if (/too many requests|throttl|rate limit/i.test(message)) {
    return errorForStatus(http.config, { status: 429, headers: response.headers, requestId: response.requestId }, action);
  }
  if (/^internal error$/i.test(message)) {
    return new ProviderUnavailableError({ ...base, code: "server_error", message: `Skio had an internal error while Uplift tried to ${action}. Uplift will try again.` });
  }
  if (/^(validation-failed|parse-failed)$/.test(code)) {
    return new ProviderInvalidRequestError({ ...base, code: "unsupported_query", message: `Skio did not accept Uplift's request to ${action}: ${message}.` });
  }
  if (detail === "NOT_FOUND" || detail === "CURRENTLY_INACTIVE") {
    return new ProviderInvalidRequestError({
      ...base,
      code: "discount_rejected",
      message: detail === "NOT_FOUND" ? "Skio could not apply the discount: the discount code does not exist in the store." : "Skio could not apply the discount: the discount code is not active right now.",
    });
  }
  if (first) return new ProviderInvalidRequestError({ ...base, message: `Skio refused to ${action}: ${message || "unknown error"}.` });
  return null;
}
