/**
 * The simulated post-purchase surface over HTTP, for the local post-purchase page and the
 * tests: what Shopify gives the extension (input token) and does for it (calculate and
 * apply changesets). Results use the extension API's shapes.
 */
import { z } from "zod";
import { HttpError } from "../http";
import { findOrder, type CheckoutSession, type ShopState, type SimOrder } from "../store";
import type { SimulatorState } from "../state";
import { applyChangeset, verifyChangesetToken } from "./apply";
import { calculatedPurchase, changesSchema, priceChanges, type ChangesetError } from "./changeset";
import { issueInputToken } from "./input-token";

const inputTokenBody = z.object({
  orderId: z.coerce.number().int().positive(),
  appApiKey: z.string().min(1),
  appSecret: z.string().min(1),
  appId: z.number().int().positive().optional(),
  shop: z.string().optional(),
});
const calculateBody = z.object({
  referenceId: z.string().min(1),
  changes: z.union([z.string(), z.array(z.unknown()), z.object({ changes: z.array(z.unknown()) })]),
});
const applyBody = z.object({
  referenceId: z.string().min(1),
  token: z.unknown(),
  buyerConsentToSubscriptions: z.boolean().optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(400, result.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  return result.data;
}

function byReference(state: SimulatorState, referenceId: string): { shop: ShopState; order: SimOrder; session?: CheckoutSession } {
  for (const shop of state.shops.values()) {
    const order = shop.orders.find((o) => o.referenceId === referenceId);
    if (order) return { shop, order, session: shop.checkouts.get(referenceId) };
  }
  throw new HttpError(404, `No purchase with referenceId ${referenceId}`);
}

export function inputToken(state: SimulatorState, body: unknown, shopHint: string | undefined) {
  const input = parse(inputTokenBody, body);
  const shop = state.shop(input.shop ?? shopHint);
  const order = findOrder(shop, input.orderId);
  if (!order) throw new HttpError(404, `Order ${input.orderId} not found in ${shop.domain}`);
  // The checkout remembers which app's extension it ran, so apply can check that app's signature.
  const session: CheckoutSession = {
    referenceId: order.referenceId,
    orderId: order.id,
    appApiKey: input.appApiKey,
    appSecret: input.appSecret,
    appId: input.appId ?? state.defaultAppId,
  };
  shop.checkouts.set(order.referenceId, session);
  return issueInputToken(shop, order, session);
}

const unprocessed = (error: ChangesetError) => ({ status: "unprocessed" as const, errors: [error] });

export function calculate(state: SimulatorState, body: unknown) {
  const input = parse(calculateBody, body);
  const { shop, order, session } = byReference(state, input.referenceId);
  let changes: unknown = Array.isArray(input.changes) ? input.changes : typeof input.changes === "object" ? input.changes.changes : undefined;
  if (typeof input.changes === "string") {
    // A signed changeset is checked like apply checks it, but calculating never spends the jti.
    if (!session) throw new HttpError(409, "POST /__sim/post-purchase/input-token first: the app's secret is unknown");
    const claims = verifyChangesetToken(input.changes, session, order);
    if (!claims.ok) return unprocessed(claims.error);
    changes = claims.changes;
  }
  const parsed = changesSchema.safeParse(changes);
  if (!parsed.success) return unprocessed({ code: "invalid_request", message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
  const pricing = priceChanges(shop, parsed.data);
  if (!pricing.ok) return unprocessed(pricing.error);
  if (pricing.priced.hasSubscription && order.lines.some((l) => l.sellingPlan)) {
    return unprocessed({ code: "subscription_limit_error", message: "No more subscriptions can be added to this order" });
  }
  return { status: "processed" as const, errors: [], calculatedPurchase: calculatedPurchase(shop, order, pricing.priced) };
}

export function apply(state: SimulatorState, body: unknown) {
  const input = parse(applyBody, body);
  const { shop, session } = byReference(state, input.referenceId);
  if (!session) throw new HttpError(409, "POST /__sim/post-purchase/input-token first: the app's secret is unknown");
  return applyChangeset({
    shop,
    session,
    token: input.token,
    buyerConsentToSubscriptions: input.buyerConsentToSubscriptions ?? false,
    outbox: state.webhooks,
  });
}
