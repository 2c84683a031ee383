/**
 * What an `applyChangeset` result means for the shopper and the flow (shopify.md §1.4).
 * Each Shopify error code gets a plain-English message and a decision: show the next
 * offer, end the flow, or ask again for consent. `changeset_already_applied` counts as
 * success: the same accept arriving twice must not look like a failure (RUN-8).
 */

export type ChangesetErrorCode =
  | "payment_required"
  | "insufficient_inventory"
  | "changeset_already_applied"
  | "unsupported_payment_method"
  | "invalid_request"
  | "server_error"
  | "buyer_consent_required"
  | "subscription_vaulting_error"
  | "subscription_contract_creation_error"
  | "subscription_no_shipping_address_error"
  | "subscription_limit_error"
  | "order_released_error";

/** Shopify's ApplyChangesetResult, loosely typed: unknown codes must not crash the page. */
export interface ApplyChangesetResult {
  status: "processed" | "partially_processed" | "unprocessed";
  errors: Array<{ code: string; message?: string }>;
  changesetApplicationsRemaining?: number;
}

export type ApplyOutcome =
  | { kind: "applied"; alreadyApplied: boolean; applicationsRemaining: number | null }
  | { kind: "partially_applied"; message: string; applicationsRemaining: number | null }
  | { kind: "consent_required"; message: string }
  | { kind: "failed"; code: string; message: string; next: "continue" | "end"; /** Shopify's code is one this app has words for. */ known: boolean };

interface ErrorRule {
  message: string;
  next: "continue" | "end";
}

/**
 * "continue" when the next offer can still work (this item or this subscription
 * failed); "end" when nothing more can be charged to this order.
 */
export const CHANGESET_ERROR_RULES: Record<Exclude<ChangesetErrorCode, "changeset_already_applied" | "buyer_consent_required">, ErrorRule> = {
  payment_required: { message: "Your payment method couldn't be charged for this offer, so nothing was added to your order.", next: "end" },
  insufficient_inventory: { message: "Sorry, this item just sold out. Nothing was added to your order.", next: "continue" },
  unsupported_payment_method: { message: "Your payment method can't be used to add items after checkout. Nothing was added to your order.", next: "end" },
  invalid_request: { message: "This offer couldn't be added to your order. Nothing was charged.", next: "continue" },
  server_error: { message: "Something went wrong on our side while adding this offer. Nothing was charged.", next: "continue" },
  subscription_vaulting_error: { message: "We couldn't save your payment method for a subscription, so the subscription wasn't created. Nothing was charged.", next: "continue" },
  subscription_contract_creation_error: { message: "We couldn't create the subscription. Nothing was charged.", next: "continue" },
  subscription_no_shipping_address_error: { message: "A subscription needs a shipping address, and this order doesn't have one. Nothing was charged.", next: "continue" },
  subscription_limit_error: { message: "No more subscriptions can be added to this order. Nothing was charged.", next: "continue" },
  order_released_error: { message: "Your order is already on its way to fulfillment, so it can't be changed any more.", next: "end" },
};

const UNKNOWN_ERROR: ErrorRule = { message: "This offer couldn't be added to your order. Nothing was charged.", next: "end" };

export const CONSENT_REQUIRED_MESSAGE = "Please confirm that you agree to the subscription terms before accepting.";
export const PARTIALLY_PROCESSED_MESSAGE =
  "The item was added to your order, but the payment didn't go through. The store will contact you about paying for it.";

export function interpretApplyResult(result: ApplyChangesetResult): ApplyOutcome {
  const remaining = typeof result.changesetApplicationsRemaining === "number" ? result.changesetApplicationsRemaining : null;
  const codes = result.errors.map((error) => error.code);
  if (result.status === "processed" || codes.includes("changeset_already_applied")) {
    return { kind: "applied", alreadyApplied: result.status !== "processed", applicationsRemaining: remaining };
  }
  if (result.status === "partially_processed") {
    return { kind: "partially_applied", message: PARTIALLY_PROCESSED_MESSAGE, applicationsRemaining: remaining };
  }
  if (codes.includes("buyer_consent_required")) return { kind: "consent_required", message: CONSENT_REQUIRED_MESSAGE };

  // Several errors: the one that ends the flow wins, so we never offer more after it.
  const rules = codes.map((code) => ({ code, rule: ruleFor(code) }));
  const decisive = rules.find((r) => r.rule.next === "end") ?? rules[0] ?? { code: "unknown", rule: UNKNOWN_ERROR };
  return { kind: "failed", code: decisive.code, message: decisive.rule.message, next: decisive.rule.next, known: decisive.rule !== UNKNOWN_ERROR };
}

function ruleFor(code: string): ErrorRule {
  return Object.prototype.hasOwnProperty.call(CHANGESET_ERROR_RULES, code) ? CHANGESET_ERROR_RULES[code as keyof typeof CHANGESET_ERROR_RULES] : UNKNOWN_ERROR;
}
