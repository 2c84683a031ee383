import { describe, expect, it } from "vitest";
import { CONSENT_REQUIRED_MESSAGE, interpretApplyResult, PARTIALLY_PROCESSED_MESSAGE, type ApplyOutcome } from "./changeset-result";

const unprocessed = (...codes: string[]) => ({ status: "unprocessed" as const, errors: codes.map((code) => ({ code, message: "x" })), changesetApplicationsRemaining: 2 });

describe("applyChangeset results (shopify.md §1.4)", () => {
  it("RUN-1: processed is a success and carries the remaining applications", () => {
    expect(interpretApplyResult({ status: "processed", errors: [], changesetApplicationsRemaining: 1 })).toEqual({ kind: "applied", alreadyApplied: false, applicationsRemaining: 1 });
  });

  it("RUN-8: changeset_already_applied is treated as success, so a retried accept never looks failed", () => {
    expect(interpretApplyResult(unprocessed("changeset_already_applied"))).toEqual({ kind: "applied", alreadyApplied: true, applicationsRemaining: 2 });
  });

  it("partially_processed (order edited, charge failed) tells the shopper and ends the offers", () => {
    expect(interpretApplyResult({ status: "partially_processed", errors: [{ code: "payment_required" }] })).toEqual({
      kind: "partially_applied",
      message: PARTIALLY_PROCESSED_MESSAGE,
      applicationsRemaining: null,
    });
  });

  it("buyer_consent_required asks for consent again", () => {
    expect(interpretApplyResult(unprocessed("buyer_consent_required"))).toEqual({ kind: "consent_required", message: CONSENT_REQUIRED_MESSAGE });
  });

  it.each<[string, "continue" | "end", string]>([
    ["payment_required", "end", "couldn't be charged"],
    ["insufficient_inventory", "continue", "sold out"],
    ["unsupported_payment_method", "end", "payment method can't be used"],
    ["invalid_request", "continue", "couldn't be added"],
    ["server_error", "continue", "went wrong"],
    ["subscription_vaulting_error", "continue", "payment method for a subscription"],
    ["subscription_contract_creation_error", "continue", "couldn't create the subscription"],
    ["subscription_no_shipping_address_error", "continue", "shipping address"],
    ["subscription_limit_error", "continue", "No more subscriptions"],
    ["order_released_error", "end", "can't be changed"],
    ["something_new_from_shopify", "end", "couldn't be added"],
  ])("%s → %s, with a plain-English message", (code, next, words) => {
    const outcome = interpretApplyResult(unprocessed(code)) as Extract<ApplyOutcome, { kind: "failed" }>;
    expect(outcome).toMatchObject({ kind: "failed", code, next });
    expect(outcome.message).toContain(words);
  });

  it("with several errors the one that ends the flow wins", () => {
    expect(interpretApplyResult(unprocessed("insufficient_inventory", "order_released_error"))).toMatchObject({ code: "order_released_error", next: "end" });
    expect(interpretApplyResult(unprocessed())).toMatchObject({ kind: "failed", next: "end" });
  });
});
