/**
 * The post-purchase flow as a pure state machine, shared by the checkout extension and
 * the local simulated post-purchase page so the two cannot drift.
 *
 *   loading ──OFFER_LOADED──▶ showing ──ACCEPT──▶ signing ──SIGNED──▶ applying
 *      ▲          │ (none)       │  ▲                  │ SIGN_FAILED      │ APPLY_RESULT
 *      │          ▼              │  └──────────────────┘ (notice)         ▼
 *      │        done ◀──CLOSE────┤                               recording ──RECORDED──▶ loading | error | done
 *      │                         └──DECLINE──▶ recording
 *      └──────────CONTINUE────── error (a message; then the next offer or the end)
 *
 * Effects belong to states, not to the reducer: entering `loading` fetches the next
 * offer, `signing` asks the app to sign, `applying` calls Shopify's applyChangeset,
 * `recording` tells the app what happened, `done` ends the extension. runPostPurchaseFlow
 * performs them with injected functions, so each UI brings its own I/O.
 *
 * Events that do not fit the current state are ignored (the same state object comes
 * back): a second ACCEPT while signing or applying does nothing (RUN-8).
 */
import type { OfferChoice } from "./changeset";
import { CONSENT_REQUIRED_MESSAGE, interpretApplyResult, type ApplyChangesetResult } from "./changeset-result";
import { decidedOfferCount, MAX_ACCEPTED_OFFERS_PER_ORDER, MAX_OFFERS_SHOWN_IN_A_ROW } from "./flow-state";

/** The least the machine needs to know about an offer; UIs carry their own view model. */
export interface FlowOffer {
  offerId: string;
}

export interface FlowHistory {
  shownOfferIds: string[];
  acceptedOfferIds: string[];
  declinedOfferIds: string[];
  /** Offers whose changeset Shopify refused; the app moves on as for a decline. */
  failedOfferIds: string[];
  /** A subscription was bought in this flow (RUN-7). */
  subscriptionAccepted: boolean;
  /** Shopify's changesetApplicationsRemaining after the last apply, when known. */
  applicationsRemaining: number | null;
}

export interface FlowNotice {
  tone: "critical" | "warning" | "info";
  /** English text; pages show the translation of `key` when they have one (LOC-1). */
  text: string;
  /** "consent_required", "sign_failed", "apply_failed", "partially_processed" or Shopify's error code. */
  key?: string;
}

export type Decision = "accepted" | "declined" | "failed";
export type DoneReason = "no_offer" | "completed" | "limit_reached" | "closed" | "load_failed" | "ended_after_error";

interface AfterRecord {
  next: "load_next" | "end";
  notice: FlowNotice | null;
}

export type PostPurchaseState<O extends FlowOffer> =
  | { status: "loading"; history: FlowHistory }
  | { status: "showing"; offer: O; notice: FlowNotice | null; history: FlowHistory }
  | { status: "signing"; offer: O; choice: OfferChoice; buyerConsent: boolean; history: FlowHistory }
  | { status: "applying"; offer: O; choice: OfferChoice; buyerConsent: boolean; token: string; history: FlowHistory }
  | { status: "recording"; offer: O; decision: Decision; choice: OfferChoice | null; outcome: string; after: AfterRecord; history: FlowHistory }
  | { status: "error"; notice: FlowNotice; next: "load_next" | "end"; history: FlowHistory }
  | { status: "done"; reason: DoneReason; history: FlowHistory };

export type PostPurchaseEvent<O extends FlowOffer> =
  | { type: "OFFER_LOADED"; offer: O | null }
  | { type: "OFFER_LOAD_FAILED"; error?: unknown }
  | { type: "ACCEPT"; choice: OfferChoice; buyerConsent?: boolean; consentRequired?: boolean }
  | { type: "DECLINE" }
  | { type: "SIGNED"; token: string }
  | { type: "SIGN_FAILED"; message?: string }
  | { type: "APPLY_RESULT"; result: ApplyChangesetResult }
  | { type: "APPLY_FAILED"; error?: unknown }
  | { type: "RECORDED" }
  | { type: "CONTINUE" }
  | { type: "CLOSE" };

export const SIGN_FAILED_MESSAGE = "We couldn't add this offer right now. Please try again, or decline to continue.";
export const APPLY_FAILED_MESSAGE = "We couldn't confirm whether this offer was added. Your order confirmation email will show what you were charged.";

export function emptyHistory(): FlowHistory {
  return { shownOfferIds: [], acceptedOfferIds: [], declinedOfferIds: [], failedOfferIds: [], subscriptionAccepted: false, applicationsRemaining: null };
}

/** The machine's first state: fetch the first offer, or show one already fetched (ShouldRender's storage). */
export function initialState<O extends FlowOffer>(firstOffer?: O | null): PostPurchaseState<O> {
  const history = emptyHistory();
  return firstOffer ? showing(firstOffer, history) : { status: "loading", history };
}

export function postPurchaseReducer<O extends FlowOffer>(state: PostPurchaseState<O>, event: PostPurchaseEvent<O>): PostPurchaseState<O> {
  const { history } = state;
  switch (state.status) {
    case "loading":
      if (event.type === "OFFER_LOADED") {
        if (event.offer) return showing(event.offer, history);
        return { status: "done", reason: history.shownOfferIds.length > 0 ? "completed" : "no_offer", history };
      }
      if (event.type === "OFFER_LOAD_FAILED") return { status: "done", reason: "load_failed", history };
      return state;

    case "showing":
      if (event.type === "ACCEPT") {
        const buyerConsent = event.buyerConsent === true;
        // Shopify would answer buyer_consent_required; asking first saves a round trip.
        // An upgrade (RUN-13) needs the shopper's consent too, though Shopify does not check it.
        if ((event.choice.option === "subscription" || event.consentRequired) && !buyerConsent) {
          return { ...state, notice: { tone: "warning", text: CONSENT_REQUIRED_MESSAGE, key: "consent_required" } };
        }
        return { status: "signing", offer: state.offer, choice: event.choice, buyerConsent, history };
      }
      if (event.type === "DECLINE") {
        return recording(state.offer, "declined", null, "declined", { next: "load_next", notice: null }, {
          ...history,
          declinedOfferIds: [...history.declinedOfferIds, state.offer.offerId],
        });
      }
      if (event.type === "CLOSE") return { status: "done", reason: "closed", history };
      return state;

    case "signing":
      if (event.type === "SIGNED") return { ...state, status: "applying", token: event.token };
      if (event.type === "SIGN_FAILED") {
        return showing(state.offer, history, event.message ? { tone: "critical", text: event.message } : { tone: "critical", text: SIGN_FAILED_MESSAGE, key: "sign_failed" });
      }
      return state;

    case "applying":
      if (event.type === "APPLY_RESULT") return afterApply(state, event.result);
      if (event.type === "APPLY_FAILED") {
        // The charge may or may not have happened; the app learns the truth from the order webhook (RUN-10).
        return { status: "error", notice: { tone: "critical", text: APPLY_FAILED_MESSAGE, key: "apply_failed" }, next: "end", history };
      }
      return state;

    case "recording":
      if (event.type !== "RECORDED") return state;
      if (state.after.notice) return { status: "error", notice: state.after.notice, next: state.after.next, history };
      // RUN-12: a fourth offer in a row is never fetched, whatever the funnel still holds.
      if (state.after.next === "load_next" && decidedOfferCount(history) < MAX_OFFERS_SHOWN_IN_A_ROW) return { status: "loading", history };
      return { status: "done", reason: "limit_reached", history };

    case "error":
      if (event.type === "CONTINUE") {
        return state.next === "load_next" && decidedOfferCount(history) < MAX_OFFERS_SHOWN_IN_A_ROW ? { status: "loading", history } : { status: "done", reason: "ended_after_error", history };
      }
      if (event.type === "CLOSE") return { status: "done", reason: "closed", history };
      return state;

    case "done":
      return state;
  }
}

function afterApply<O extends FlowOffer>(state: Extract<PostPurchaseState<O>, { status: "applying" }>, result: ApplyChangesetResult): PostPurchaseState<O> {
  const outcome = interpretApplyResult(result);
  const { history, offer, choice } = state;
  switch (outcome.kind) {
    case "applied":
    case "partially_applied": {
      const accepted: FlowHistory = {
        ...history,
        acceptedOfferIds: history.acceptedOfferIds.includes(offer.offerId) ? history.acceptedOfferIds : [...history.acceptedOfferIds, offer.offerId],
        subscriptionAccepted: history.subscriptionAccepted || choice.option === "subscription",
        applicationsRemaining: outcome.applicationsRemaining ?? history.applicationsRemaining,
      };
      if (outcome.kind === "partially_applied") {
        // The order changed but the charge failed: say so, and offer nothing more.
        return recording(offer, "accepted", choice, "partially_processed", { next: "end", notice: { tone: "critical", text: outcome.message, key: "partially_processed" } }, accepted);
      }
      const limitReached = accepted.applicationsRemaining === 0 || accepted.acceptedOfferIds.length >= MAX_ACCEPTED_OFFERS_PER_ORDER;
      return recording(offer, "accepted", choice, outcome.alreadyApplied ? "already_applied" : "processed", { next: limitReached ? "end" : "load_next", notice: null }, accepted);
    }
    case "consent_required":
      return showing(offer, history, { tone: "warning", text: outcome.message, key: "consent_required" });
    case "failed":
      return recording(
        offer,
        "failed",
        choice,
        outcome.code,
        { next: outcome.next === "continue" ? "load_next" : "end", notice: { tone: "critical", text: outcome.message, key: outcome.known ? outcome.code : "unknown" } },
        { ...history, failedOfferIds: [...history.failedOfferIds, offer.offerId] },
      );
  }
}

function showing<O extends FlowOffer>(offer: O, history: FlowHistory, notice: FlowNotice | null = null): PostPurchaseState<O> {
  const shownOfferIds = history.shownOfferIds.includes(offer.offerId) ? history.shownOfferIds : [...history.shownOfferIds, offer.offerId];
  return { status: "showing", offer, notice, history: { ...history, shownOfferIds } };
}

function recording<O extends FlowOffer>(
  offer: O,
  decision: Decision,
  choice: OfferChoice | null,
  outcome: string,
  after: AfterRecord,
  history: FlowHistory,
): PostPurchaseState<O> {
  return { status: "recording", offer, decision, choice, outcome, after, history };
}
