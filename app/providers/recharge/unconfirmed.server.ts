/**
 * Every Recharge behaviour providers.md marks UNCONFIRMED, one function each, so a
 * correction lands in one place. Listed in docs/decisions/0005-provider-unconfirmed-points.md.
 */
import { z } from "zod";
import { basisPointsToPercent, minorToDecimal } from "../change";
import type { ProviderHttp } from "../http.server";
import type { RateLimitRule } from "../rate-limiter.server";
import { RechargeCustomerEnvelope, RechargeSubscriptionListEnvelope, type RechargePlan } from "./wire";
import type { Discount } from "../types";

/** 4xx answers that mean "this lookup is not available to us", never "the token is bad". */
const CANNOT_TELL = [400, 403, 404, 405, 422];

/**
 * RC-1 (✅ R3: ChemicalLuck recharge-api-python/-node v2 `token_information`, not in the
 * public reference): scope introspection, {"token_information":{..., "scopes":[...]}}.
 * Any refusal but 401 (404 no such endpoint, 400/403/405) means "cannot tell": the scopes
 * are reported as unchecked instead of the token as rejected (audit Medium 12).
 */
export async function fetchRechargeGrantedScopes(http: ProviderHttp): Promise<string[] | null> {
  const action = "read the token's permissions";
  const response = await http.request({ method: "GET", path: "/token_information", action, accept: CANNOT_TELL });
  if (response.status !== 200) return null;
  const schema = z.object({ token_information: z.object({ scopes: z.array(z.string()) }) });
  return http.parse(schema, response, action).token_information.scopes;
}

/**
 * RC-2 (✅ R3: GET /subscriptions?limit, GET /customers/{id} → external_customer_id): the
 * Shopify customer of one of the token's subscriptions, so the shop's own Admin API can
 * confirm the store (the 2021-11 store object has no shop domain). null when the token
 * has no subscription yet or may not read them.
 */
export async function fetchRechargeShopifyCustomer(http: ProviderHttp): Promise<string | null> {
  const listAction = "read one subscription to confirm the store";
  const list = await http.request({ method: "GET", path: "/subscriptions", query: { limit: 1 }, action: listAction, accept: CANNOT_TELL });
  if (list.status !== 200) return null;
  const first = http.parse(RechargeSubscriptionListEnvelope, list, listAction).subscriptions[0];
  if (!first) return null;
  const action = "read the subscription's customer to confirm the store";
  const response = await http.request({ method: "GET", path: `/customers/${first.customer_id}`, action, accept: CANNOT_TELL });
  if (response.status !== 200) return null;
  const external = http.parse(RechargeCustomerEnvelope, response, action).customer.external_customer_id?.ecommerce;
  return external == null ? null : String(external);
}

/**
 * UNCONFIRMED (RC-3): where `commit` and `override` go on PUT /subscriptions/{id}.
 * The storefront SDK sends them as query parameters; the Python SDK puts `commit` in the
 * body. We send both as query parameters: commit=true so the PUT waits for charges to be
 * regenerated (our next step may move the charge date), override=true when the change
 * touches a prepaid interval ("allow prepaid plan").
 */
export function rechargeUpdateQuery(opts: { touchesPrepaid: boolean }): Record<string, string> {
  return opts.touchesPrepaid ? { commit: "true", override: "true" } : { commit: "true" };
}

/**
 * UNCONFIRMED (RC-4): Recharge's 429 is not documented to carry Retry-After. Without it
 * we wait long enough for the leaky bucket to drain two requests' worth.
 */
export function rechargeRetryDelayWithoutHeader(rule: RateLimitRule): number {
  return Math.max(1000, Math.ceil((2 / rule.refillPerSecond) * 1000));
}

/**
 * UNCONFIRMED (RC-5): `external_plan_id` is presumably the Shopify selling-plan id
 * (inferred from its name).
 */
export function rechargePlanShopifyId(plan: RechargePlan): string | null {
  return plan.external_plan_id == null ? null : String(plan.external_plan_id);
}

/**
 * UNCONFIRMED (RC-6): error bodies. Observed: {"errors":"Not Found"} and
 * {"errors":{"field":["message"]}}; some clients read a singular "error".
 */
export function rechargeErrorMessage(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const record = body as Record<string, unknown>;
  const errors = record.errors ?? record.error;
  if (typeof errors === "string") return errors;
  if (errors && typeof errors === "object") {
    return Object.entries(errors as Record<string, unknown>)
      .map(([field, messages]) => `${field}: ${Array.isArray(messages) ? messages.join(", ") : String(messages)}`)
      .join("; ");
  }
  return undefined;
}

/**
 * RC-7 (✅ field names R3: recharge-api-python `model/v2/discount.py` —
 * applies_to {ids, purchase_item_type ALL|ONETIME|SUBSCRIPTION, resource shopify_product|
 * shopify_collection_id}; UNCONFIRMED: value as a decimal string, "15" for 15 %). Limited
 * to the upgraded product, so the shopper's other subscriptions at the same address keep
 * their price (audit High 4). Whether it recurs on every renewal is UNCONFIRMED.
 */
export function rechargeDiscountBody(discount: Discount, code: string, productId: string): Record<string, unknown> {
  return {
    code,
    value: discount.type === "percentage" ? basisPointsToPercent(discount.basisPoints) : minorToDecimal(discount.amountMinor, discount.currency),
    value_type: discount.type,
    applies_to: { purchase_item_type: "SUBSCRIPTION", resource: "shopify_product", ids: [productId] },
    status: "enabled",
    channel_settings: { api: { can_apply: true } },
  };
}
