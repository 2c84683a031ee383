/**
 * Recharge adapter: REST 2021-11 (providers.md §1). Every call carries
 * X-Recharge-Version (a missing header silently returns 2021-01 shapes) and goes through
 * a limiter matching Recharge's 40-request bucket that drains at 2/s.
 */
import type { AdapterDeps } from "../adapter-deps";
import { DONE_STEP, createProgressTracker, pickLine, describeDiscount, describeInterval, isChangeApplied, isPrepaidInterval, sameInterval, toDateOnly, wantsFrequency, wantsReplacement } from "../change";
import { ProviderNotFoundError } from "../errors";
import { createProviderHttp, tokenFingerprint } from "../http.server";
import type { RateLimitRule } from "../rate-limiter.server";
import { applyRechargeDiscount } from "./discount.server";
import {
  fetchRechargeGrantedScopes,
  fetchRechargeShopifyCustomer,
  rechargeErrorMessage,
  rechargePlanShopifyId,
  rechargeRetryDelayWithoutHeader,
  rechargeUpdateQuery,
} from "./unconfirmed.server";
import {
  RechargeOrdersEnvelope,
  RechargePlansEnvelope,
  RechargeSubscriptionEnvelope,
  type RechargeSubscription,
} from "./wire";
import { storeFindingFor, tokenCheckFromError, tokenCheckFromFindings } from "../token-check";
import type { ApplyUpgradeInput, ApplyUpgradeResult, Interval, ProviderAdapter, ProviderSubscription } from "../types";
import { parseChange } from "../validate";

export const RECHARGE_API_VERSION = "2021-11";
/** providers.md §1.7: leaky bucket of 40 per token draining at 2/s. */
export const RECHARGE_RATE_LIMIT: RateLimitRule = { capacity: 40, refillPerSecond: 2 };

function intervalOf(sub: RechargeSubscription): Interval {
  return { unit: sub.order_interval_unit, deliveryCount: sub.order_interval_frequency, billingCount: sub.charge_interval_frequency };
}

export function toProviderSubscription(sub: RechargeSubscription): ProviderSubscription {
  const interval = intervalOf(sub);
  return {
    id: String(sub.id),
    // A Recharge subscription is one item: the line is the subscription itself.
    lineId: String(sub.id),
    productId: sub.external_product_id.ecommerce,
    variantId: sub.external_variant_id.ecommerce,
    quantity: sub.quantity,
    interval,
    prepaid: sub.is_prepaid ?? isPrepaidInterval(interval),
    nextChargeDate: toDateOnly(sub.next_charge_scheduled_at),
    status: sub.status,
    lineCount: 1,
  };
}

export function createRechargeAdapter(deps: AdapterDeps): ProviderAdapter {
  const rule = deps.rateLimit ?? RECHARGE_RATE_LIMIT;
  const http = createProviderHttp({
    provider: "recharge",
    baseUrl: deps.baseUrl,
    timeoutMs: deps.timeoutMs,
    fetch: deps.fetch,
    headers: { "X-Recharge-Access-Token": deps.token, "X-Recharge-Version": RECHARGE_API_VERSION },
    secrets: [deps.token],
    logger: deps.logger.child({ shop: deps.shopDomain }),
    limiter: deps.limiter,
    rule,
    limiterKey: `recharge:${tokenFingerprint(deps.token)}`,
    readMessage: rechargeErrorMessage,
    defaultRetryAfterMs: rechargeRetryDelayWithoutHeader(rule),
  });

  async function getSubscription(id: string): Promise<RechargeSubscription> {
    const action = `read subscription ${id}`;
    const response = await http.request({ method: "GET", path: `/subscriptions/${id}`, action });
    return http.parse(RechargeSubscriptionEnvelope, response, action).subscription;
  }

  const today = () => deps.now().toISOString().slice(0, 10);

  const adapter: ProviderAdapter = {
    provider: "recharge",

    async verifyToken(input) {
      const shopDomain = input?.shopDomain ?? deps.shopDomain;
      try {
        const grantedScopes = await fetchRechargeGrantedScopes(http);
        const customerId = input?.ownsCustomer ? await fetchRechargeShopifyCustomer(http) : null;
        const store = await storeFindingFor(customerId, input?.ownsCustomer);
        return tokenCheckFromFindings({ provider: "recharge", shopDomain, grantedScopes, store });
      } catch (error) {
        return tokenCheckFromError("recharge", error);
      }
    },

    async listSellingPlans({ productId }) {
      const action = `list the plans of product ${productId}`;
      const response = await http.request({ method: "GET", path: "/plans", query: { external_product_id: productId, limit: 250 }, action });
      return http
        .parse(RechargePlansEnvelope, response, action)
        .plans.filter((plan) => plan.type !== "onetime" && !plan.deleted_at)
        .map((plan) => {
          const prefs = plan.subscription_preferences;
          const interval = { unit: prefs.interval_unit, deliveryCount: prefs.order_interval_frequency, billingCount: prefs.charge_interval_frequency };
          return { id: String(plan.id), name: plan.title, interval, prepaid: plan.type === "prepaid" || isPrepaidInterval(interval), shopifySellingPlanId: rechargePlanShopifyId(plan) };
        });
    },

    async findSubscriptionForOrder({ orderId, productId, variantId, replacementVariantId }) {
      const action = `look up order ${orderId}`;
      const response = await http.request({ method: "GET", path: "/orders", query: { external_order_id: orderId }, action });
      const { orders } = http.parse(RechargeOrdersEnvelope, response, action);
      // Filter again here: an API that ignored the parameter would hand back every order.
      const lines = orders
        .filter((order) => order.external_order_id.ecommerce === orderId)
        .flatMap((order) => order.line_items)
        .filter((line) => line.purchase_item_type === "subscription" && line.purchase_item_id !== null);
      // Recharge order lines keep the variant bought, so this matches even after a swap.
      const line = pickLine(lines, (l) => ({ variantId: l.external_variant_id.ecommerce, productId: l.external_product_id.ecommerce }), { productId, variantId, replacementVariantId });
      if (!line) {
        throw new ProviderNotFoundError({
          provider: "recharge",
          requestId: response.requestId,
          message: `Recharge has no subscription for product ${productId} in order ${orderId} (yet). Recharge can take a moment to create it after checkout.`,
        });
      }
      return toProviderSubscription(await getSubscription(String(line.purchase_item_id)));
    },

    async getSubscriptionLine({ subscriptionId }) {
      return toProviderSubscription(await getSubscription(subscriptionId));
    },

    async applyUpgrade(input: ApplyUpgradeInput): Promise<ApplyUpgradeResult> {
      const change = parseChange("recharge", input.change);
      const id = input.subscription.id;
      const progress = createProgressTracker(input.progress, input.onProgress);
      let current = await getSubscription(id);

      if (change.applyAtEndOfCycle && progress.current.originalNextChargeDate === undefined) {
        await progress.note({ originalNextChargeDate: input.subscription.nextChargeDate });
      }

      if (!progress.has("update")) {
        const body: Record<string, unknown> = {};
        if (wantsFrequency(change) && change.interval && !sameInterval(intervalOf(current), change.interval)) {
          // Recharge links the three interval fields: change one, send all three (§1.4).
          body.order_interval_unit = change.interval.unit;
          body.order_interval_frequency = change.interval.deliveryCount;
          body.charge_interval_frequency = change.interval.billingCount;
          if (change.sellingPlanId) body.plan_id = Number(change.sellingPlanId);
        }
        if (wantsReplacement(change) && change.replacement) {
          if (current.external_variant_id.ecommerce !== change.replacement.variantId) {
            body.external_variant_id = { ecommerce: change.replacement.variantId };
            // Price, SKU and titles follow the new variant; without it the old price stays (audit High 5, R4).
            body.use_external_variant_defaults = true;
          }
          if (current.quantity !== change.replacement.quantity) body.quantity = change.replacement.quantity;
        }
        if (Object.keys(body).length > 0) {
          const touchesPrepaid = isPrepaidInterval(intervalOf(current)) || (change.interval ? isPrepaidInterval(change.interval) : false);
          const action = `update subscription ${id}`;
          const response = await http.request({ method: "PUT", path: `/subscriptions/${id}`, query: rechargeUpdateQuery({ touchesPrepaid }), json: body, action });
          current = http.parse(RechargeSubscriptionEnvelope, response, action).subscription;
        }
        await progress.complete("update");
      }

      // Every update regenerates charges and may move the next one; put it back (JOB-4).
      const keepDate = progress.current.originalNextChargeDate;
      if (change.applyAtEndOfCycle && keepDate && !progress.has("next_charge_date")) {
        if (toDateOnly(current.next_charge_scheduled_at) !== keepDate && keepDate > today()) {
          const action = `keep the next charge of subscription ${id} on ${keepDate}`;
          const response = await http.request({ method: "POST", path: `/subscriptions/${id}/set_next_charge_date`, json: { date: keepDate }, action });
          current = http.parse(RechargeSubscriptionEnvelope, response, action).subscription;
        }
        await progress.complete("next_charge_date");
      }

      if (change.discount) {
        const landed = `now ${describeInterval(intervalOf(current))}, variant ${current.external_variant_id.ecommerce} × ${current.quantity}`;
        await applyRechargeDiscount({ http, subscription: current, discount: change.discount, progress, landed });
      }

      await progress.complete(DONE_STEP);
      const subscription = toProviderSubscription(current);
      const parts = [`Recharge subscription ${id} now ${describeInterval(subscription.interval)}`, `variant ${subscription.variantId} × ${subscription.quantity}`];
      if (change.discount) parts.push(describeDiscount(change.discount));
      return { subscription, progress: progress.current, summary: parts.join("; ") };
    },

    isChangeApplied,
  };
  return adapter;
}
