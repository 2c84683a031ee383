/**
 * Skio adapter: GraphQL at one endpoint, `authorization: API <token>` (providers.md §2).
 * Skio cannot list a token's permissions, so the token check says what it could and
 * could not verify. Unknown ids come back as "Lambda policy revoked" and are mapped to
 * not-found, never to an auth failure.
 */
import { z } from "zod";
import type { AdapterDeps } from "../adapter-deps";
import { DONE_STEP, createProgressTracker, pickLine, describeDiscount, describeInterval, isChangeApplied, isPrepaidInterval, legacyIdFromGid, sameInterval, toDateOnly, wantsFrequency, wantsReplacement } from "../change";
import { ProviderError, ProviderInvalidRequestError, ProviderNotFoundError } from "../errors";
import { createProviderHttp, tokenFingerprint } from "../http.server";
import type { RateLimitRule } from "../rate-limiter.server";
import {
  classifySkioResponse,
  skioEditIntervalInput,
  skioIntervalFromPolicies,
  skioMissingEditPermission,
  skioSellingPlans,
  skioShopifyCustomer,
  skioSubscriptionsForOrder,
  skioSwapInput,
  skioVariantUuid,
  type SkioGraphql,
} from "./unconfirmed.server";
import {
  SKIO_APPLY_DISCOUNT,
  SKIO_EDIT_INTERVAL,
  SKIO_PROBE,
  SKIO_SWAP_VARIANT,
  SKIO_UPDATE_LINE,
  SkioOkSchema,
  SkioSubscriptionSchema,
  UUID_PATTERN,
  skioSubscriptionById,
  type SkioLine,
  type SkioSubscription,
} from "./wire";
import { REQUIRED_SCOPES } from "../scopes";
import { storeFindingFor, tokenCheckFromError, tokenCheckFromFindings } from "../token-check";
import type { ApplyUpgradeInput, ApplyUpgradeResult, ProviderAdapter, ProviderSubscription } from "../types";
import { parseChange } from "../validate";

/** "2000 req/min per token" (providers.md §2), as a bucket that never bursts past 50. */
export const SKIO_RATE_LIMIT: RateLimitRule = { capacity: 50, refillPerSecond: 2000 / 60 };

function unexpected(message: string): ProviderInvalidRequestError {
  return new ProviderInvalidRequestError({ provider: "skio", code: "unexpected_response", message });
}

export function toProviderSubscription(sub: SkioSubscription, line: SkioLine): ProviderSubscription {
  const interval = skioIntervalFromPolicies(sub);
  if (!interval) throw unexpected(`Skio subscription ${sub.id} uses a delivery cadence Uplift cannot represent.`);
  const variantId = legacyIdFromGid(line.ProductVariant.platformId);
  const productId = legacyIdFromGid(line.ProductVariant.Product?.platformId);
  if (!variantId || !productId) throw unexpected(`Skio subscription line ${line.id} has no Shopify product or variant.`);
  return {
    id: sub.id,
    lineId: line.id,
    productId,
    variantId,
    quantity: line.quantity,
    interval,
    prepaid: Boolean(line.isPrepaid) || isPrepaidInterval(interval),
    nextChargeDate: toDateOnly(sub.nextBillingDate),
    status: sub.status.toLowerCase(),
    lineCount: sub.SubscriptionLines.length,
  };
}

export function createSkioAdapter(deps: AdapterDeps): ProviderAdapter {
  const http = createProviderHttp({
    provider: "skio",
    baseUrl: deps.baseUrl,
    timeoutMs: deps.timeoutMs,
    fetch: deps.fetch,
    headers: { authorization: `API ${deps.token}` },
    secrets: [deps.token],
    logger: deps.logger.child({ shop: deps.shopDomain }),
    limiter: deps.limiter,
    rule: deps.rateLimit ?? SKIO_RATE_LIMIT,
    limiterKey: `skio:${tokenFingerprint(deps.token)}`,
    readMessage: (body) => (body as { errors?: Array<{ message?: string }> } | null)?.errors?.[0]?.message,
    defaultRetryAfterMs: 2000,
  });

  const gql: SkioGraphql = async (document, variables, schema, action) => {
    const operationName = /^\s*(?:query|mutation)\s+(\w+)/.exec(document)?.[1];
    const response = await http.request({ method: "POST", path: "", json: { operationName, query: document, variables }, action, accept: "any" });
    const error = classifySkioResponse(http, response, action);
    if (error) throw error;
    const parsed = http.parse(z.object({ data: schema }), response, action) as { data: unknown };
    return parsed.data as z.infer<typeof schema>;
  };

  async function readSubscription(id: string): Promise<SkioSubscription> {
    const data = await gql(skioSubscriptionById(id), {}, z.object({ SubscriptionByPk: SkioSubscriptionSchema.nullable() }), `read subscription ${id}`);
    if (!data.SubscriptionByPk) throw new ProviderNotFoundError({ provider: "skio", message: `Skio has no subscription ${id} any more.` });
    return data.SubscriptionByPk;
  }

  /**
   * `guessed`: the operation's contract is a guess (unconfirmed module). A refusal of the
   * request itself (HTTP 400/404/405, or a GraphQL validation error) then means the guess
   * is wrong: a permanent "unconfirmed_endpoint", never "not found yet".
   */
  async function mutateOk(document: string, field: string, input: Record<string, unknown>, action: string, options: { guessed?: boolean } = {}): Promise<void> {
    let data: Record<string, unknown>;
    try {
      data = await gql(document, { input }, z.object({ [field]: SkioOkSchema }), action);
    } catch (error) {
      const refused = error instanceof ProviderError && ([400, 404, 405].includes(error.status ?? 0) || error.code === "unsupported_query");
      if (!options.guessed || !refused) throw error;
      throw new ProviderInvalidRequestError({
        provider: "skio",
        code: "unconfirmed_endpoint",
        requestId: error.requestId,
        status: error.status,
        message: `Skio does not accept the call Uplift uses to ${action}. Skio does not publish this part of its API, so Uplift's call is based on a guess; nothing was changed by it. Contact Uplift support${error.requestId ? ` with request ${error.requestId}` : ""}.`,
      });
    }
    const result = (data as Record<string, z.infer<typeof SkioOkSchema> | undefined>)[field];
    if (!result?.ok) {
      throw new ProviderInvalidRequestError({ provider: "skio", message: `Skio refused to ${action}${result?.message ? `: ${result.message}` : ""}.` });
    }
  }

  const adapter: ProviderAdapter = {
    provider: "skio",

    async verifyToken(input) {
      const shopDomain = input?.shopDomain ?? deps.shopDomain;
      try {
        await gql(SKIO_PROBE, {}, z.object({ Subscriptions: z.array(z.object({ id: z.string() })) }), "check the API token");
        const customerId = input?.ownsCustomer ? await skioShopifyCustomer(gql) : null;
        const store = await storeFindingFor(customerId, input?.ownsCustomer);
        const missing = await skioMissingEditPermission(gql);
        // Only a refusal is conclusive: then the scopes are "checked" and one is missing.
        const grantedScopes = missing ? REQUIRED_SCOPES.skio.filter((scope) => !missing.includes(scope)) : null;
        return tokenCheckFromFindings({ provider: "skio", shopDomain, grantedScopes, store });
      } catch (error) {
        return tokenCheckFromError("skio", error);
      }
    },

    listSellingPlans: ({ productId }) => skioSellingPlans(gql, productId),

    async findSubscriptionForOrder({ orderId, productId, variantId, replacementVariantId }) {
      const subscriptions = await skioSubscriptionsForOrder(gql, orderId);
      const ordered = [...subscriptions].sort((a, b) => Number(b.status === "ACTIVE") - Number(a.status === "ACTIVE"));
      const candidates = ordered.flatMap((sub) => sub.SubscriptionLines.map((line) => ({ sub, line })));
      const key = ({ line }: { line: SkioLine }) => ({ variantId: legacyIdFromGid(line.ProductVariant.platformId), productId: legacyIdFromGid(line.ProductVariant.Product?.platformId) });
      const found = pickLine(candidates, key, { productId, variantId, replacementVariantId });
      if (found) return toProviderSubscription(found.sub, found.line);
      throw new ProviderNotFoundError({
        provider: "skio",
        message: `Skio has no subscription for product ${productId} in order ${orderId} (yet).`,
      });
    },

    async getSubscriptionLine({ subscriptionId, lineId }) {
      if (!UUID_PATTERN.test(subscriptionId)) throw new ProviderInvalidRequestError({ provider: "skio", message: `"${subscriptionId}" is not a Skio subscription id.` });
      const sub = await readSubscription(subscriptionId);
      const line = sub.SubscriptionLines.find((l) => l.id === lineId);
      if (!line) throw new ProviderNotFoundError({ provider: "skio", message: `Skio subscription ${subscriptionId} no longer has line ${lineId}.` });
      return toProviderSubscription(sub, line);
    },

    async applyUpgrade(input: ApplyUpgradeInput): Promise<ApplyUpgradeResult> {
      const change = parseChange("skio", input.change);
      const { id, lineId } = input.subscription;
      if (change.discount && !change.discount.code) {
        throw new ProviderInvalidRequestError({
          provider: "skio",
          message: "Skio applies discounts only as discount codes, and this upgrade has no code. Create the discount code in Shopify and set it on the offer.",
        });
      }
      // Skio answers a malformed id with "internal error"; catch it here, before any call.
      if (!UUID_PATTERN.test(id) || !UUID_PATTERN.test(lineId)) {
        throw new ProviderInvalidRequestError({ provider: "skio", message: `"${id}" is not a Skio subscription id.` });
      }
      const progress = createProgressTracker(input.progress, input.onProgress);
      let current = await readSubscription(id);
      const lineNow = () => current.SubscriptionLines.find((l) => l.id === lineId);
      if (!lineNow()) throw new ProviderNotFoundError({ provider: "skio", message: `Skio subscription ${id} no longer has the line being upgraded.` });

      // Skio has one cadence per subscription: refuse before any write unless the merchant opted in (issue 13 §7).
      const currentInterval = skioIntervalFromPolicies(current);
      const movesCadence = Boolean(wantsFrequency(change) && change.interval && !progress.has("frequency") && (!currentInterval || !sameInterval(currentInterval, change.interval)));
      if (movesCadence && current.SubscriptionLines.length > 1 && !change.frequencyAppliesToAllLines) {
        throw new ProviderInvalidRequestError({
          provider: "skio",
          code: "multi_line_frequency",
          message: `Skio subscription ${id} has ${current.SubscriptionLines.length} products, and Skio changes the delivery frequency of all of them together. Nothing was changed. To allow this, turn on "change the frequency of every product on the subscription" for this offer; otherwise offer it to single-product subscriptions only.`,
        });
      }

      if (wantsReplacement(change) && change.replacement && !progress.has("replace")) {
        const { variantId, quantity } = change.replacement;
        // Each part is compared with the line as read now, so a resend after a lost answer sends only what is missing.
        const line = lineNow()!;
        if (legacyIdFromGid(line.ProductVariant.platformId) !== variantId) {
          const productVariantId = await skioVariantUuid(gql, variantId);
          if (!productVariantId) {
            throw new ProviderInvalidRequestError({ provider: "skio", message: `Skio does not know variant ${variantId}. Sync the product in Skio and retry.` });
          }
          await mutateOk(SKIO_SWAP_VARIANT, "swapSubscriptionProductVariants", skioSwapInput(id, lineId, line.ProductVariant.id, productVariantId), `swap line ${lineId} to variant ${variantId}`, { guessed: true });
        }
        if (line.quantity !== quantity) {
          await mutateOk(SKIO_UPDATE_LINE, "updateSubscriptionLine", { subscriptionLineId: lineId, quantity }, `set the quantity of line ${lineId} to ${quantity}`);
        }
        await progress.complete("replace");
      }

      if (movesCadence && change.interval) {
        const edited = await gql(
          SKIO_EDIT_INTERVAL,
          { input: skioEditIntervalInput(id, change, toDateOnly(current.nextBillingDate)) },
          z.object({ subscriptionEditInterval: z.object({ subscriptionId: z.string() }).nullable() }),
          `change the frequency of subscription ${id}`,
        );
        // A null payload is not a success: nothing says the interval moved.
        if (!edited.subscriptionEditInterval) throw unexpected(`Skio did not confirm the frequency change of subscription ${id}.`);
      }
      if (wantsFrequency(change) && change.interval) await progress.complete("frequency");

      // A resend after a lost answer finds the code already on the subscription.
      const codeHeld = (code: string) => current.Discounts.some((d) => d.redeemCode?.toLowerCase() === code.toLowerCase());
      if (change.discount?.code && !progress.has("discount") && !codeHeld(change.discount.code)) {
        await mutateOk(SKIO_APPLY_DISCOUNT, "applyDiscountCode", { subscriptionId: id, code: change.discount.code }, `apply the discount to subscription ${id}`);
      }
      if (change.discount?.code) await progress.complete("discount");

      await progress.complete(DONE_STEP);
      current = await readSubscription(id);
      const line = lineNow();
      if (!line) throw new ProviderNotFoundError({ provider: "skio", message: `Skio subscription ${id} no longer has the upgraded line.` });
      const subscription = toProviderSubscription(current, line);
      const parts = [`Skio subscription ${id} now ${describeInterval(subscription.interval)}`, `variant ${subscription.variantId} × ${subscription.quantity}`];
      if (subscription.lineCount > 1 && movesCadence) parts.push(`frequency applies to all ${subscription.lineCount} lines`);
      if (change.discount) parts.push(describeDiscount(change.discount));
      return { subscription, progress: progress.current, summary: parts.join("; ") };
    },

    isChangeApplied,
  };
  return adapter;
}
