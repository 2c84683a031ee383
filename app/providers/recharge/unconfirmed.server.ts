/**
 * Every Recharge behaviour providers.md marks UNCONFIRMED, one function each, so a
 * correction lands in one place. Listed in docs/decisions/0005-provider-unconfirmed-points.md.
 */
import { z } from "zod";
import { basisPointsToPercent, minorToDecimal } from "../change";
import type { ProviderHttp } from "../http.server";
import type { RateLimitRule } from "../rate-limiter.server";
import type { RechargePlan } from "./wire";
import type { Discount } from "../types";

/**
 * UNCONFIRMED (RC-1): scope introspection through GET /token_information, response
 * {"token_information":{..., "scopes":[...]}}. Only the Python SDK uses it. A 404 (no
 * such endpoint) means "cannot tell" → the scopes are reported as unchecked.
 */
export async function fetchRechargeGrantedScopes(http: ProviderHttp): Promise<string[] | null> {
  const action = "read the token's permissions";
  const response = await http.request({ method: "GET", path: "/token_information", action, accept: [404] });
  if (response.status === 404) return null;
  const schema = z.object({ token_information: z.object({ scopes: z.array(z.string()) }) });
  return http.parse(schema, response, action).token_information.scopes;
}

/**
 * UNCONFIRMED (RC-2): which store a token belongs to. We read GET /store →
 * {"store":{"myshopify_domain": "..."}} (needs the store_info scope). 403/404 → null, and
 * the store is reported as unchecked rather than failing the whole test.
 */
export async function fetchRechargeStoreDomain(http: ProviderHttp): Promise<string | null> {
  const action = "read which store the token belongs to";
  const response = await http.request({ method: "GET", path: "/store", action, accept: [403, 404] });
  if (response.status !== 200) return null;
  const schema = z.object({ store: z.object({ myshopify_domain: z.string().nullable().optional() }) });
  return http.parse(schema, response, action).store.myshopify_domain ?? null;
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
 * UNCONFIRMED (RC-7): the POST /discounts body beyond `code`, `value`, `value_type`:
 * value as a decimal string, percentage as "15" for 15 %, API-only channel, limited to
 * subscription items.
 */
export function rechargeDiscountBody(discount: Discount, code: string): Record<string, unknown> {
  return {
    code,
    value: discount.type === "percentage" ? basisPointsToPercent(discount.basisPoints) : minorToDecimal(discount.amountMinor, discount.currency),
    value_type: discount.type,
    applies_to: { purchase_item_type: "SUBSCRIPTION" },
    status: "enabled",
    channel_settings: { api: { can_apply: true } },
  };
}
