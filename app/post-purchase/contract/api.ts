/**
 * The wire contract between the app's post-purchase endpoints and their two clients:
 * the checkout extension (a React 17 web worker) and the local post-purchase page of
 * the demo. Types and constants only, so any bundle may import it; it reaches the
 * domain by relative path because the extension's bundler knows no `~/` alias.
 */
import type { OfferChoice, PostPurchaseChange } from "../../domain/changeset";
import type { ChosenOption } from "../../domain/funnel-schemas";
import type { OfferViewModel } from "../../domain/offer-view-model";
import type { FlowHistory } from "../../domain/post-purchase-flow";

export const POST_PURCHASE_PATHS = {
  offer: "/api/post-purchase/offer",
  signChangeset: "/api/post-purchase/sign-changeset",
  decision: "/api/post-purchase/decision",
  impression: "/api/post-purchase/impression",
} as const;

/** RUN-11: ShouldRender's whole budget; the checkout never waits longer for us. */
export const OFFER_TIME_BUDGET_MS = 900;

/** One thing the shopper can pick (option × plan), already priced and turned into changes. */
export interface OfferSelectionView {
  /** `${option}:${sellingPlanId ?? ""}`, stable for UI keys. */
  key: string;
  choice: { option: ChosenOption; sellingPlanId: string | null };
  view: OfferViewModel;
  /** The unsigned changes for calculateChangeset; the server rebuilds them when signing. */
  changes: PostPurchaseChange[];
}

/** The offer the page shows: every selection the shopper may make, the merchant's default first. */
export interface RuntimeOffer {
  offerId: string;
  funnelId: string;
  defaultKey: string;
  selections: OfferSelectionView[];
}

/** POST offer: `{ locale?, history? }` → 200 `{ offer: RuntimeOffer | null }`. */
export interface OfferRequestBody {
  locale?: string;
  /** What the page already decided; only declines and failures are taken into account. */
  history?: Partial<Pick<FlowHistory, "declinedOfferIds" | "failedOfferIds">>;
  /**
   * "should_render": ShouldRender's call, made when the payment page loads — before the
   * order exists, so nothing can be stored for the purchase yet and the server skips
   * reading it (RUN-14). Render's later calls leave it out.
   */
  phase?: "should_render";
}
export interface OfferResponseBody {
  offer: RuntimeOffer | null;
}

/** POST sign-changeset → 200 `{ token }`, a changeset JWT for applyChangeset. */
export interface SignRequestBody {
  referenceId: string;
  offerId: string;
  choice: OfferChoice;
  /** RUN-13: the shopper ticked the consent box (required for an upgrade). */
  consent?: boolean;
  /** The shopper's locale, for the terms stored with the consent. */
  locale?: string;
}
export interface SignResponseBody {
  token: string;
}

/** POST decision → 200. "accepted" must carry the token that Shopify applied. */
export type DecisionRequestBody =
  | { referenceId: string; offerId: string; decision: "accepted"; token: string; outcome?: string }
  | { referenceId: string; offerId: string; decision: "declined" | "failed"; outcome?: string };
export type DecisionResponseBody =
  | { decision: "accepted"; acceptanceId: string; upgradeJobId: string | null; alreadyRecorded: boolean }
  | { decision: "declined" | "failed"; recorded: true };

/** POST impression, sent when Render shows an offer (ANA-1) → 202 `{ recorded: "queued" }`. */
export interface ImpressionRequestBody {
  referenceId: string;
  offerId: string;
}
export interface ImpressionResponseBody {
  recorded: "queued";
}

/** Every 4xx/5xx body. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

export function selectionKey(choice: { option: ChosenOption; sellingPlanId?: string | number | null }): string {
  return `${choice.option}:${choice.sellingPlanId ?? ""}`;
}
