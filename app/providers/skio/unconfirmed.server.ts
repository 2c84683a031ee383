/**
 * Every Skio behaviour providers.md marks UNCONFIRMED, one function each, so a
 * correction lands in one place. Listed in docs/decisions/0005-provider-unconfirmed-points.md.
 */
import { z } from "zod";
import { isPrepaidInterval } from "../change";
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
 * UNCONFIRMED (SK-3): the store a token belongs to. Skio documents no such query; we ask
 * `Sites { shopifyDomain }`. If Skio rejects the query itself (unknown field), the store
 * is reported as "could not be checked" instead of failing the test.
 */
export async function skioStoreDomain(gql: SkioGraphql): Promise<string | null> {
  try {
    const data = await gql(
      `query UpliftSkioStore { Sites(limit: 1) { shopifyDomain } }`,
      {},
      z.object({ Sites: z.array(z.object({ shopifyDomain: z.string().nullable() })) }),
      "read which store the token belongs to",
    );
    return data.Sites[0]?.shopifyDomain ?? null;
  } catch (error) {
    if (error instanceof ProviderInvalidRequestError && error.code === "unsupported_query") return null;
    throw error;
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
 * UNCONFIRMED (SK-4): the full SellingPlan field list is not documented. We read
 * interval fields off SellingPlans, filtered through SellingPlanGroupResources to the product.
 */
export async function skioSellingPlans(gql: SkioGraphql, productId: string): Promise<ProviderSellingPlan[]> {
  const data = await gql(
    `query UpliftSkioSellingPlans {
      SellingPlans(where: { SellingPlanGroup: { SellingPlanGroupResources: { ProductVariant: { Product: { platformId: { _eq: ${gqlLiteral(`gid://shopify/Product/${productId}`)} } } } } } }) {
        id platformId name billingInterval billingIntervalCount deliveryInterval deliveryIntervalCount
      }
    }`,
    {},
    z.object({
      SellingPlans: z.array(
        z.object({
          id: z.string(),
          platformId: z.string().nullable(),
          name: z.string(),
          billingInterval: z.string(),
          billingIntervalCount: z.number().int().min(1),
          deliveryInterval: z.string(),
          deliveryIntervalCount: z.number().int().min(1),
        }),
      ),
    }),
    `list the selling plans of product ${productId}`,
  );
  return data.SellingPlans.flatMap((plan) => {
    const billing = toUnit(plan.billingInterval, plan.billingIntervalCount);
    const delivery = toUnit(plan.deliveryInterval, plan.deliveryIntervalCount);
    if (!billing || !delivery || billing.unit !== delivery.unit) return [];
    const interval = { unit: billing.unit, deliveryCount: delivery.count, billingCount: billing.count };
    if (interval.billingCount % interval.deliveryCount !== 0) return [];
    return [{ id: plan.id, name: plan.name, interval, prepaid: isPrepaidInterval(interval), shopifySellingPlanId: plan.platformId?.match(/(\d+)$/)?.[1] ?? null }];
  });
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
export function skioIntervalFromPolicies(sub: SkioSubscription): Interval | null {
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
