/**
 * Loop adapter: admin REST 2023-10, `X-Loop-Token` (providers.md §3). Postpaid only
 * (PRV-2); a frequency change needs an existing selling plan (PRV-3); a multi-line
 * subscription is split in two recorded steps (loop-split.server.ts). Loop shows changes
 * late, so results are built from what we sent, not from a re-read.
 */
import type { AdapterDeps } from "../adapter-deps";
import { DONE_STEP, createProgressTracker, type ProgressTracker, pickLine, describeDiscount, describeInterval, isChangeApplied, isPrepaidInterval, sameInterval, wantsFrequency, wantsReplacement } from "../change";
import { ProviderInvalidRequestError, ProviderNotFoundError, ProviderPartialChangeError, ProviderUnavailableError } from "../errors";
import { createProviderHttp, tokenFingerprint, type ProviderHttp } from "../http.server";
import { sendRecorded, splitLoopLine } from "./split.server";
import {
  fetchLoopTokenDetails,
  loopDiscountRequest,
  loopDiscountTitle,
  loopErrorMessage,
  loopHasDiscountTitled,
  loopFrequencyRequest,
  loopLineFromWire,
  loopNextChargeDate,
  loopSellingPlans,
  searchLoopSubscriptions,
} from "./unconfirmed.server";
import { LoopSubscriptionEnvelope, LoopSubscriptionListEnvelope, type LoopSubscription } from "./wire";
import type { RateLimitRule } from "../rate-limiter.server";
import { REQUIRED_SCOPES } from "../scopes";
import { storeFindingFor, tokenCheckFromError, tokenCheckFromFindings } from "../token-check";
import type { ApplyUpgradeInput, ApplyUpgradeResult, Discount, Interval, ProviderAdapter, ProviderSellingPlan, ProviderSubscription, UpgradeChange } from "../types";
import { parseChange } from "../validate";

export const LOOP_API_PREFIX = "/admin/2023-10";
/** "read subscription details: 5/s" (providers.md §3); writes get the same (UNCONFIRMED). */
export const LOOP_RATE_LIMIT: RateLimitRule = { capacity: 5, refillPerSecond: 5 };

function intervalOf(sub: LoopSubscription): Interval | null {
  const toMonths = (p: { interval: string; intervalCount: number }) =>
    p.interval.toUpperCase() === "YEAR" ? { unit: "month", count: p.intervalCount * 12 } : { unit: p.interval.toLowerCase(), count: p.intervalCount };
  const billing = toMonths(sub.billingPolicy);
  const delivery = toMonths(sub.deliveryPolicy);
  if (billing.unit !== delivery.unit || !["day", "week", "month"].includes(billing.unit) || billing.count % delivery.count !== 0) return null;
  return { unit: billing.unit as Interval["unit"], deliveryCount: delivery.count, billingCount: billing.count };
}

export function toProviderSubscription(sub: LoopSubscription, lineId: string, fallbackProductId: string): ProviderSubscription {
  const interval = intervalOf(sub);
  const wire = sub.lines.find((l) => l.id === lineId);
  if (!interval || !wire) {
    throw new ProviderInvalidRequestError({ provider: "loop", code: "unexpected_response", message: `Loop subscription ${sub.id} has a cadence or line Uplift cannot read.` });
  }
  const line = loopLineFromWire(wire);
  return {
    id: sub.id,
    lineId: line.id,
    productId: line.productId ?? fallbackProductId,
    variantId: line.variantId,
    quantity: line.quantity,
    interval,
    prepaid: Boolean(sub.isPrepaid) || isPrepaidInterval(interval),
    nextChargeDate: loopNextChargeDate(sub),
    status: sub.status.toLowerCase(),
    lineCount: sub.lines.length,
  };
}

/** The line as it will read once Loop catches up with what we sent. */
function expectedAfter(sub: ProviderSubscription, change: UpgradeChange, split: { id: string; lineId: string } | null): ProviderSubscription {
  const replacement = wantsReplacement(change) ? change.replacement : undefined;
  return {
    ...sub,
    id: split?.id ?? sub.id,
    lineId: split?.lineId ?? sub.lineId,
    productId: replacement?.productId ?? sub.productId,
    variantId: replacement?.variantId ?? sub.variantId,
    quantity: replacement?.quantity ?? sub.quantity,
    interval: wantsFrequency(change) && change.interval ? change.interval : sub.interval,
    lineCount: split ? 1 : sub.lineCount,
  };
}

async function resolvePlan(http: ProviderHttp, productId: string, change: UpgradeChange): Promise<ProviderSellingPlan> {
  const interval = change.interval!;
  const plans = (await loopSellingPlans(http, productId)).filter((p) => !p.prepaid);
  const plan = change.sellingPlanId
    ? plans.find((p) => (p.id === change.sellingPlanId || p.shopifySellingPlanId === change.sellingPlanId) && sameInterval(p.interval, interval))
    : plans.find((p) => sameInterval(p.interval, interval));
  if (plan) return plan;
  throw new ProviderInvalidRequestError({
    provider: "loop",
    code: "missing_selling_plan",
    message: `Loop has no selling plan for product ${productId} that delivers ${describeInterval(interval)}${change.sellingPlanId ? ` (plan ${change.sellingPlanId})` : ""}. Create that plan in Loop first; Loop can only move a subscription to an existing plan.`,
  });
}

export function createLoopAdapter(deps: AdapterDeps): ProviderAdapter {
  const fingerprint = tokenFingerprint(deps.token);
  const rule = deps.rateLimit ?? LOOP_RATE_LIMIT;
  const http = createProviderHttp({
    provider: "loop",
    baseUrl: `${deps.baseUrl.replace(/\/+$/, "")}${LOOP_API_PREFIX}`,
    timeoutMs: deps.timeoutMs,
    fetch: deps.fetch,
    headers: { "X-Loop-Token": deps.token },
    secrets: [deps.token],
    logger: deps.logger.child({ shop: deps.shopDomain }),
    limiter: deps.limiter,
    rule,
    limiterKey: `loop:read:${fingerprint}`,
    readMessage: loopErrorMessage,
    defaultRetryAfterMs: 1000,
  });
  const write = { limiterKey: `loop:write:${fingerprint}`, rule };

  async function getSubscription(id: string, action: string): Promise<LoopSubscription | null> {
    const response = await http.request({ method: "GET", path: `/subscription/${id}`, action, accept: [404] });
    return response.status === 404 ? null : http.parse(LoopSubscriptionEnvelope, response, action).data;
  }

  /**
   * The discount POST stacks a second discount when resent (audit Medium 10): "requested"
   * is recorded first; a retry that sees it looks for the discount before sending again,
   * and waits while Loop has not shown it yet. A refusal after the rest landed is partial.
   */
  async function addDiscount(subscriptionId: string, discount: Discount, progress: ProgressTracker, landed: string): Promise<void> {
    const title = loopDiscountTitle(discount);
    if (progress.current.discountRequestedTitle === title) {
      const now = await getSubscription(subscriptionId, `read subscription ${subscriptionId}`);
      if (now && loopHasDiscountTitled(now, title)) return progress.complete("discount");
      throw new ProviderUnavailableError({
        provider: "loop",
        code: "not_visible_yet",
        message: `Uplift asked Loop to add the ${describeDiscount(discount)} discount to subscription ${subscriptionId}, and Loop does not show it yet (Loop can take up to 24 hours). Uplift will look again instead of adding it twice.`,
      });
    }
    try {
      await sendRecorded({ http, progress }, { ...loopDiscountRequest(subscriptionId, discount), ...write }, { discountRequestedTitle: title }, { discountRequestedTitle: undefined });
    } catch (error) {
      const otherSteps = progress.current.completedSteps.filter((step) => step !== "discount");
      if (!(error instanceof ProviderInvalidRequestError) || otherSteps.length === 0) throw error;
      throw new ProviderPartialChangeError({
        provider: "loop",
        landed: [`subscription ${subscriptionId} ${landed}`],
        missing: [`${describeDiscount(discount)} on renewals`],
        message: `Loop applied the upgrade to subscription ${subscriptionId} (${landed}), but refused the ${describeDiscount(discount)} discount: ${error.message} The shopper has paid for the upgrade: add the discount in Loop by hand. Retrying in Uplift will not change this.`,
      });
    }
    await progress.complete("discount");
  }

  const adapter: ProviderAdapter = {
    provider: "loop",

    async verifyToken(input) {
      const shopDomain = input?.shopDomain ?? deps.shopDomain;
      try {
        // The probe proves the token works even where the details endpoint is missing;
        // a 403 means Loop knows the token but it may not read subscription contracts.
        const action = "check the API token";
        const probe = await http.request({ method: "GET", path: "/subscription", query: { pageNo: 1, pageSize: 1 }, action, accept: [403] });
        const details = await fetchLoopTokenDetails(http);
        const cannotRead = "read_subscription_contracts";
        const grantedScopes = details.scopes ?? (probe.status === 403 ? REQUIRED_SCOPES.loop.filter((s) => s !== cannotRead) : null);
        // ✅ L10: a subscription's customer.shopifyId, confirmed through the shop's own Admin API.
        const first = probe.status === 200 && input?.ownsCustomer ? http.parse(LoopSubscriptionListEnvelope, probe, action).data[0] : undefined;
        const store = await storeFindingFor(first?.customer?.shopifyId ?? null, input?.ownsCustomer);
        return tokenCheckFromFindings({ provider: "loop", shopDomain, grantedScopes, store });
      } catch (error) {
        return tokenCheckFromError("loop", error);
      }
    },

    listSellingPlans: ({ productId }) => loopSellingPlans(http, productId),

    async findSubscriptionForOrder({ orderId, customerId, productId, variantId, contractId, replacementVariantId }) {
      const candidates: LoopSubscription[] = [];
      if (contractId) {
        const byContract = await getSubscription(`shopify-${contractId}`, `read subscription contract ${contractId}`);
        if (byContract) candidates.push(byContract);
      }
      candidates.push(...(await searchLoopSubscriptions(http, { originOrderShopifyId: orderId }, `look up order ${orderId}`)));
      if (customerId) candidates.push(...(await searchLoopSubscriptions(http, { customerShopifyId: customerId }, `look up the customer of order ${orderId}`)));
      // Origin-order matches come first: mid-split, the original still holds the line and is the one to finish.
      const active = [...candidates.filter((s) => s.status.toUpperCase() === "ACTIVE"), ...candidates.filter((s) => s.status.toUpperCase() !== "ACTIVE")];
      const lines = active.flatMap((sub) => sub.lines.map((wire) => ({ sub, line: loopLineFromWire(wire) })));
      const found = pickLine(lines, ({ line }) => line, { productId, variantId, replacementVariantId });
      if (found) return toProviderSubscription(found.sub, found.line.id, productId);
      throw new ProviderNotFoundError({
        provider: "loop",
        message: `Loop has no subscription for product ${productId} in order ${orderId} (yet). Loop can take a while to show new subscriptions.`,
      });
    },

    async getSubscriptionLine({ subscriptionId, lineId, productId }) {
      const sub = await getSubscription(subscriptionId, `read subscription ${subscriptionId}`);
      const line = sub?.lines.map(loopLineFromWire).find((l) => l.id === lineId);
      if (!sub || !line) {
        throw new ProviderNotFoundError({ provider: "loop", message: `Loop does not show line ${lineId} of subscription ${subscriptionId} (it may have moved, or Loop has not caught up yet).` });
      }
      if (!line.productId && !productId) {
        throw new ProviderInvalidRequestError({ provider: "loop", code: "unexpected_response", message: `Loop did not say which product line ${lineId} holds.` });
      }
      return toProviderSubscription(sub, lineId, productId ?? line.productId!);
    },

    async applyUpgrade(input: ApplyUpgradeInput): Promise<ApplyUpgradeResult> {
      const change = parseChange("loop", input.change);
      const sub = input.subscription;
      // PRV-2: Loop is postpaid only; refuse before any call.
      if (sub.prepaid || (change.interval && isPrepaidInterval(change.interval))) {
        throw new ProviderInvalidRequestError({
          provider: "loop",
          code: "prepaid_not_supported",
          message: "Loop supports pay-per-delivery subscriptions only, so a prepaid subscription cannot be upgraded in Loop.",
        });
      }
      const progress = createProgressTracker(input.progress, input.onProgress);
      const splitStarted = Boolean(progress.current.splitSubscriptionId || progress.current.splitRequestedAt);
      const willSplit = wantsFrequency(change) && change.interval ? splitStarted || (sub.lineCount > 1 && !sameInterval(sub.interval, change.interval)) : false;
      // Loop's manual discount covers the whole subscription: refuse before any write when that would discount other products (audit Medium 11).
      if (change.discount && !willSplit && sub.lineCount > 1 && !progress.has("discount")) {
        throw new ProviderInvalidRequestError({
          provider: "loop",
          code: "discount_rejected",
          message: `Loop applies a discount to the whole subscription, and subscription ${sub.id} has ${sub.lineCount} products, so the upgrade discount would also lower the price of the others. Nothing was changed. Remove the discount from this offer, or offer it to single-product subscriptions.`,
        });
      }
      if (wantsFrequency(change) && change.interval && !willSplit && !progress.has("frequency") && !sameInterval(sub.interval, change.interval) && !sub.nextChargeDate) {
        // Loop's frequency call needs the next billing date; guessing one could charge the shopper early (audit Low).
        throw new ProviderInvalidRequestError({ provider: "loop", message: `Loop did not report the next billing date of subscription ${sub.id}, so Uplift cannot change its frequency without risking an early charge. Check the subscription in Loop and retry.` });
      }
      const targetProductId = (wantsReplacement(change) && change.replacement?.productId) || sub.productId;
      const planNeeded = wantsFrequency(change) && !progress.has("frequency") && !progress.current.splitSubscriptionId;
      const plan = planNeeded ? await resolvePlan(http, targetProductId, change) : null;

      if (wantsReplacement(change) && change.replacement && !progress.has("swap")) {
        const { variantId, quantity } = change.replacement;
        if (sub.variantId !== variantId || sub.quantity !== quantity) {
          await http.request({
            method: "PUT",
            path: `/subscription/${sub.id}/line/${sub.lineId}/swap`,
            json: { variantShopifyId: Number(variantId), quantity, pricingType: "NEW" },
            action: `swap line ${sub.lineId} to variant ${variantId}`,
            ...write,
          });
        }
        await progress.complete("swap");
      }

      let split: { id: string; lineId: string } | null = null;
      if (wantsFrequency(change) && change.interval) {
        // A started split is finished as a split, whichever subscription the retry was handed.
        if (willSplit) {
          split = await splitLoopLine({ http, write, sub, interval: change.interval, plan, progress, getSubscription });
        } else if (!progress.has("frequency")) {
          if (!sameInterval(sub.interval, change.interval)) {
            await http.request({ ...loopFrequencyRequest(sub.id, change.interval, plan!.id, sub.nextChargeDate!), ...write });
          }
          await progress.complete("frequency");
        }
      }

      if (change.discount && !progress.has("discount")) {
        const after = expectedAfter(sub, change, split);
        await addDiscount(after.id, change.discount, progress, `now ${describeInterval(after.interval)}, variant ${after.variantId} × ${after.quantity}`);
      }

      await progress.complete(DONE_STEP);
      const subscription = expectedAfter(sub, change, split);
      const parts = [`Loop subscription ${subscription.id} now ${describeInterval(subscription.interval)}`, `variant ${subscription.variantId} × ${subscription.quantity}`];
      if (split) parts.push(`line moved out of subscription ${sub.id}`);
      if (change.discount) parts.push(describeDiscount(change.discount));
      return { subscription, progress: progress.current, summary: `${parts.join("; ")} (Loop may take a while to show it)` };
    },

    isChangeApplied,
  };
  return adapter;
}
