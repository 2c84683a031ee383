/**
 * Runs the post-purchase state machine with injected I/O. The checkout extension
 * passes fetch-to-the-app + Shopify's applyChangeset/done; the simulated page passes
 * its local equivalents. Results that arrive after the state moved on are dropped,
 * and a failing recordDecision never blocks the shopper (the app also learns about
 * applied changesets from the order webhook, RUN-10).
 */
import type { OfferChoice } from "./changeset";
import type { ApplyChangesetResult } from "./changeset-result";
import {
  initialState,
  postPurchaseReducer,
  type Decision,
  type FlowHistory,
  type FlowOffer,
  type PostPurchaseEvent,
  type PostPurchaseState,
} from "./post-purchase-flow";

export interface PostPurchaseIO<O extends FlowOffer> {
  /** The next offer to show (null: nothing more). The app decides; history helps a local simulator. */
  fetchOffer(history: FlowHistory): Promise<O | null>;
  /** Asks the app to sign the changeset for this offer and choice; resolves with the JWT. */
  signChangeset(request: { offer: O; choice: OfferChoice; buyerConsent: boolean }): Promise<string>;
  /** Shopify's applyChangeset (or the simulator's). */
  applyChangeset(token: string, options: { buyerConsentToSubscriptions: boolean }): Promise<ApplyChangesetResult>;
  /** Tells the app what happened to the offer ("failed" moves on like a decline). */
  recordDecision(record: { offer: O; decision: Decision; choice: OfferChoice | null; outcome: string }): Promise<void>;
  /** Ends the extension (Shopify's done()). */
  done(): void | Promise<void>;
}

export interface PostPurchaseFlow<O extends FlowOffer> {
  getState(): PostPurchaseState<O>;
  dispatch(event: PostPurchaseEvent<O>): void;
  /** `consentRequired`: the offer asks for consent even for a one-time line (an upgrade, RUN-13). */
  accept(choice: OfferChoice, buyerConsent?: boolean, consentRequired?: boolean): void;
  decline(): void;
  continue(): void;
  close(): void;
  subscribe(listener: (state: PostPurchaseState<O>) => void): () => void;
  /** Resolves once no effect is in flight (for tests and the simulator). */
  idle(): Promise<PostPurchaseState<O>>;
}

export function runPostPurchaseFlow<O extends FlowOffer>(io: PostPurchaseIO<O>, options: { firstOffer?: O | null } = {}): PostPurchaseFlow<O> {
  let state = initialState<O>(options.firstOffer);
  const listeners = new Set<(s: PostPurchaseState<O>) => void>();
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];
  let doneCalled = false;

  function dispatch(event: PostPurchaseEvent<O>): void {
    const next = postPurchaseReducer(state, event);
    if (next === state) return;
    state = next;
    listeners.forEach((listener) => listener(next));
    runEffect(next);
  }

  function track<T>(from: PostPurchaseState<O>, work: () => Promise<T>, onResult: (value: T) => PostPurchaseEvent<O>, onError: (error: unknown) => PostPurchaseEvent<O>): void {
    inFlight += 1;
    let promise: Promise<T>;
    try {
      promise = Promise.resolve(work());
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise
      .then(onResult, onError)
      .then((event) => {
        // A stale answer (the state moved on meanwhile) must not drive the machine.
        if (state === from) dispatch(event);
      })
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) {
          const waiters = idleWaiters;
          idleWaiters = [];
          waiters.forEach((resolve) => resolve());
        }
      })
      // Only a throwing listener or reducer gets here (work errors became events above):
      // say so instead of leaving an unhandled rejection in the checkout's worker.
      .catch((error: unknown) => console.error("post-purchase flow: applying a result failed", error));
  }

  function runEffect(current: PostPurchaseState<O>): void {
    switch (current.status) {
      case "loading":
        track(current, () => io.fetchOffer(current.history), (offer) => ({ type: "OFFER_LOADED", offer }), (error) => ({ type: "OFFER_LOAD_FAILED", error }));
        return;
      case "signing":
        track(
          current,
          () => io.signChangeset({ offer: current.offer, choice: current.choice, buyerConsent: current.buyerConsent }),
          (token) => ({ type: "SIGNED", token }),
          () => ({ type: "SIGN_FAILED" }),
        );
        return;
      case "applying":
        track(
          current,
          () => io.applyChangeset(current.token, { buyerConsentToSubscriptions: current.buyerConsent }),
          (result) => ({ type: "APPLY_RESULT", result }),
          (error) => ({ type: "APPLY_FAILED", error }),
        );
        return;
      case "recording":
        track(
          current,
          () => io.recordDecision({ offer: current.offer, decision: current.decision, choice: current.choice, outcome: current.outcome }),
          () => ({ type: "RECORDED" }),
          () => ({ type: "RECORDED" }),
        );
        return;
      case "done":
        if (!doneCalled) {
          doneCalled = true;
          track(current, async () => io.done(), () => ({ type: "CLOSE" }), () => ({ type: "CLOSE" }));
        }
        return;
      default:
        return;
    }
  }

  runEffect(state);

  return {
    getState: () => state,
    dispatch,
    accept: (choice, buyerConsent = false, consentRequired = false) => dispatch({ type: "ACCEPT", choice, buyerConsent, consentRequired }),
    decline: () => dispatch({ type: "DECLINE" }),
    continue: () => dispatch({ type: "CONTINUE" }),
    close: () => dispatch({ type: "CLOSE" }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    idle() {
      if (inFlight === 0) return Promise.resolve(state);
      return new Promise((resolve) => idleWaiters.push(() => resolve(state)));
    },
  };
}
