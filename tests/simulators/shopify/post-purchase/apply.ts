/**
 * applyChangeset as Shopify runs it: the changeset JWT must be HS256-signed with the app
 * secret, `iss` = the app's API key, `sub` = the referenceId, `iat` in seconds (not before
 * the purchase, not in the future), and a `jti` never seen before. Every failure is an
 * `unprocessed` result, never an HTTP error, because that is what the extension receives.
 */
import { verifyHs256 } from "../jwt";
import { findOrder, type AppliedChangeset, type CheckoutSession, type ShopState, type SimOrder } from "../store";
import type { WebhookOutbox } from "../webhooks";
import { changesSchema, priceChanges, type Change, type ChangesetError, type PricedChangeset } from "./changeset";
import { ordersEditedPayload } from "./orders-edited";

/** Clock skew tolerated on `iat` (seconds). */
export const IAT_SKEW_SECONDS = 10;

export interface ApplyResult {
  status: "processed" | "unprocessed";
  errors: ChangesetError[];
  changesetApplicationsRemaining: number;
}

type Claims = { ok: true; changes: Change[]; jti: string } | { ok: false; error: ChangesetError };

const invalid = (message: string): Claims => ({ ok: false, error: { code: "invalid_request", message } });

/** Signature and claims of a changeset token; `jti` replay is checked by the caller. */
export function verifyChangesetToken(token: unknown, session: CheckoutSession, order: SimOrder, now = new Date()): Claims {
  if (typeof token !== "string" || !token) return invalid("A signed changeset token is required");
  const verified = verifyHs256(token, session.appSecret);
  if (!verified.ok) return invalid(`Invalid changeset token: ${verified.reason}`);
  const { iss, sub, iat, exp, jti, changes } = verified.payload;
  if (iss !== session.appApiKey) return invalid("Invalid changeset token: iss must be the app's API key");
  if (sub !== session.referenceId) return invalid("Invalid changeset token: sub must be the initial purchase's referenceId");
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (typeof iat !== "number" || !Number.isInteger(iat)) return invalid("Invalid changeset token: iat is required (Unix seconds)");
  // A millisecond iat lands ~50,000 years ahead and fails here.
  if (iat > nowSeconds + IAT_SKEW_SECONDS) return invalid("Invalid changeset token: iat is in the future");
  if (iat < Math.floor(order.createdAt.getTime() / 1000)) return invalid("Invalid changeset token: signed before the initial purchase");
  // UNCONFIRMED: exp is optional; when present it must not have passed.
  if (exp !== undefined && (typeof exp !== "number" || exp < nowSeconds - IAT_SKEW_SECONDS)) return invalid("Invalid changeset token: expired");
  if (typeof jti !== "string" || !jti) return invalid("Invalid changeset token: jti is required");
  const parsed = changesSchema.safeParse(changes);
  if (!parsed.success) return invalid(`Invalid changes: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return { ok: true, changes: parsed.data, jti };
}

function checkSubscriptionRules(order: SimOrder, priced: PricedChangeset, changes: Change[], consent: boolean): ChangesetError | null {
  if (!priced.hasSubscription) return null;
  if (!consent) return { code: "buyer_consent_required", message: "The buyer must consent to the subscription" };
  // Shopify refuses add_subscription on an order that already has one, and a second one in the same changeset.
  if (order.lines.some((l) => l.sellingPlan) || changes.filter((c) => c.type === "add_subscription").length > 1) {
    return { code: "subscription_limit_error", message: "No more subscriptions can be added to this order" };
  }
  return null;
}

function commit(shop: ShopState, order: SimOrder, priced: PricedChangeset, jti: string, now: Date): AppliedChangeset {
  const added = priced.lines.map((line) => ({ ...line, id: shop.nextId() }));
  for (const line of added) {
    const variant = shop.products.flatMap((p) => p.variants).find((v) => v.id === line.variantId);
    if (variant?.tracked) variant.inventoryQuantity -= line.quantity;
  }
  order.lines.push(...added);
  order.shippingLines.push(...priced.shipping.map((s) => ({ id: shop.nextId(), ...s })));
  for (const m of priced.metafields) {
    order.metafields = order.metafields.filter((x) => !(x.namespace === m.namespace && x.key === m.key));
    order.metafields.push(m);
  }
  order.edited = true;
  order.updatedAt = now;
  order.changesetApplicationsRemaining -= 1;
  shop.usedJtis.set(jti, order.referenceId);
  const applied: AppliedChangeset = {
    jti,
    referenceId: order.referenceId,
    orderId: order.id,
    orderEditId: shop.nextId(),
    addedLineItemIds: added.map((l) => l.id),
    addedVariantIds: added.map((l) => l.variantId),
    appliedAt: now,
  };
  shop.changesets.push(applied);
  return applied;
}

export function applyChangeset(
  input: { shop: ShopState; session: CheckoutSession; token: unknown; buyerConsentToSubscriptions: boolean; outbox: WebhookOutbox },
  now = new Date(),
): ApplyResult {
  const { shop, session, outbox } = input;
  const order = findOrder(shop, session.orderId);
  if (!order) return { status: "unprocessed", errors: [{ code: "server_error", message: "Order not found" }], changesetApplicationsRemaining: 0 };
  const result = (errors: ChangesetError[]): ApplyResult => ({
    status: errors.length ? "unprocessed" : "processed",
    errors,
    changesetApplicationsRemaining: order.changesetApplicationsRemaining,
  });

  const claims = verifyChangesetToken(input.token, session, order, now);
  if (!claims.ok) return result([claims.error]);
  if (shop.usedJtis.has(claims.jti) || shop.burnedJtis.has(claims.jti)) {
    return result([{ code: "changeset_already_applied", message: "This changeset has already been applied" }]);
  }
  const refused = (error: ChangesetError): ApplyResult => {
    shop.burnedJtis.add(claims.jti);
    return result([error]);
  };
  // UNCONFIRMED which code Shopify uses once the checkout's applications are used up.
  if (order.changesetApplicationsRemaining <= 0) return refused({ code: "invalid_request", message: "No changeset applications remain for this purchase" });
  const pricing = priceChanges(shop, claims.changes);
  if (!pricing.ok) return refused(pricing.error);
  const ruleError = checkSubscriptionRules(order, pricing.priced, claims.changes, input.buyerConsentToSubscriptions);
  if (ruleError) return refused(ruleError);

  const applied = commit(shop, order, pricing.priced, claims.jti, now);
  outbox.enqueue({
    topic: "orders/edited",
    shop: shop.domain,
    payload: ordersEditedPayload(order, applied, session),
    // Seen on real orders/edited deliveries (third-party capture); not required by shopify-api.
    extraHeaders: { "X-Shopify-Order-Id": String(order.id) },
    meta: { jti: applied.jti, referenceId: applied.referenceId, addedVariantIds: applied.addedVariantIds },
  });
  return result([]);
}
