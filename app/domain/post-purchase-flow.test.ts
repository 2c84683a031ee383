import { describe, expect, it } from "vitest";
import type { ApplyChangesetResult } from "./changeset-result";
import { runPostPurchaseFlow, type PostPurchaseIO } from "./post-purchase-driver";
import {
  APPLY_FAILED_MESSAGE,
  emptyHistory,
  initialState,
  postPurchaseReducer,
  SIGN_FAILED_MESSAGE,
  type FlowHistory,
  type PostPurchaseEvent,
  type PostPurchaseState,
} from "./post-purchase-flow";

interface TestOffer {
  offerId: string;
  title: string;
}
type S = PostPurchaseState<TestOffer>;
type E = PostPurchaseEvent<TestOffer>;

const A: TestOffer = { offerId: "a", title: "Mug" };
const B: TestOffer = { offerId: "b", title: "Frother" };
const ONE_TIME = { option: "one_time" as const };
const SUB = { option: "subscription" as const, sellingPlanId: "gid://shopify/SellingPlan/3005" };
const processed = (remaining = 2): ApplyChangesetResult => ({ status: "processed", errors: [], changesetApplicationsRemaining: remaining });
const failed = (code: string): ApplyChangesetResult => ({ status: "unprocessed", errors: [{ code, message: code }], changesetApplicationsRemaining: 2 });

const h = (extra: Partial<FlowHistory> = {}): FlowHistory => ({ ...emptyHistory(), shownOfferIds: ["a"], ...extra });
const loading: S = { status: "loading", history: emptyHistory() };
const showing: S = { status: "showing", offer: A, notice: null, history: h() };
const signing: S = { status: "signing", offer: A, choice: ONE_TIME, buyerConsent: false, history: h() };
const applying: S = { status: "applying", offer: A, choice: ONE_TIME, buyerConsent: false, token: "jwt", history: h() };
const applyingSub: S = { ...applying, choice: SUB, buyerConsent: true } as S;
const recordingNext: S = { status: "recording", offer: A, decision: "accepted", choice: ONE_TIME, outcome: "processed", after: { next: "load_next", notice: null }, history: h() };
const errorNext: S = { status: "error", notice: { tone: "critical", text: "sold out" }, next: "load_next", history: h() };

describe("post-purchase flow: reducer transitions", () => {
  it.each<[string, S, E, Partial<S> & { status: S["status"] }]>([
    ["an offer arrives → showing it", loading, { type: "OFFER_LOADED", offer: A }, { status: "showing", offer: A, notice: null }],
    ["no offer at the start → done, nothing shown", loading, { type: "OFFER_LOADED", offer: null }, { status: "done", reason: "no_offer" }],
    ["RUN-11: the offer request fails → done, never a stuck page", loading, { type: "OFFER_LOAD_FAILED" }, { status: "done", reason: "load_failed" }],
    ["accept one-time → signing", showing, { type: "ACCEPT", choice: ONE_TIME }, { status: "signing", choice: ONE_TIME, buyerConsent: false }],
    ["accept a subscription with consent → signing", showing, { type: "ACCEPT", choice: SUB, buyerConsent: true }, { status: "signing", buyerConsent: true }],
    ["decline → recording the decline, then the next offer", showing, { type: "DECLINE" }, { status: "recording", decision: "declined", after: { next: "load_next", notice: null } }],
    ["close → done", showing, { type: "CLOSE" }, { status: "done", reason: "closed" }],
    ["signed → applying with the token", signing, { type: "SIGNED", token: "jwt-1" }, { status: "applying", token: "jwt-1" }],
    ["signing fails (RUN-9 refusal or network) → back to the offer with a notice", signing, { type: "SIGN_FAILED" }, { status: "showing", notice: { tone: "critical", text: SIGN_FAILED_MESSAGE } }],
    ["processed → recording the acceptance, then the next offer", applying, { type: "APPLY_RESULT", result: processed() }, { status: "recording", decision: "accepted", outcome: "processed", after: { next: "load_next", notice: null } }],
    ["RUN-8: already applied → recorded as accepted too", applying, { type: "APPLY_RESULT", result: failed("changeset_already_applied") }, { status: "recording", decision: "accepted", outcome: "already_applied" }],
    ["Shopify says no applications remain → end after recording", applying, { type: "APPLY_RESULT", result: processed(0) }, { status: "recording", after: { next: "end", notice: null } }],
    ["out of stock → record the failure, tell the shopper, then the next offer", applying, { type: "APPLY_RESULT", result: failed("insufficient_inventory") }, { status: "recording", decision: "failed", outcome: "insufficient_inventory", after: { next: "load_next", notice: { tone: "critical", text: "Sorry, this item just sold out. Nothing was added to your order." } } }],
    ["order released → record, tell, and end", applying, { type: "APPLY_RESULT", result: failed("order_released_error") }, { status: "recording", decision: "failed", after: { next: "end", notice: expect.objectContaining({ tone: "critical" }) } }],
    ["consent missing at Shopify → back to the offer asking for consent", applyingSub, { type: "APPLY_RESULT", result: failed("buyer_consent_required") }, { status: "showing", notice: expect.objectContaining({ tone: "warning" }) }],
    ["partially processed → recorded as accepted, the shopper is told, no more offers", applying, { type: "APPLY_RESULT", result: { status: "partially_processed", errors: [] } }, { status: "recording", decision: "accepted", outcome: "partially_processed", after: { next: "end", notice: expect.objectContaining({ tone: "critical" }) } }],
    ["applyChangeset throws → an error that ends the flow", applying, { type: "APPLY_FAILED" }, { status: "error", next: "end", notice: { tone: "critical", text: APPLY_FAILED_MESSAGE } }],
    ["recorded → the next offer", recordingNext, { type: "RECORDED" }, { status: "loading" }],
    ["recorded with a notice → show the notice first", { ...recordingNext, after: { next: "load_next", notice: { tone: "critical", text: "sold out" } } } as S, { type: "RECORDED" }, { status: "error", next: "load_next" }],
    ["recorded at the limit → done", { ...recordingNext, after: { next: "end", notice: null } } as S, { type: "RECORDED" }, { status: "done", reason: "limit_reached" }],
    ["continue after a notice → the next offer", errorNext, { type: "CONTINUE" }, { status: "loading" }],
    ["continue after an ending notice → done", { ...errorNext, next: "end" } as S, { type: "CONTINUE" }, { status: "done", reason: "ended_after_error" }],
    ["no further offer after some were shown → done, completed", { status: "loading", history: h() }, { type: "OFFER_LOADED", offer: null }, { status: "done", reason: "completed" }],
  ])("%s", (_label, from, event, expected) => {
    expect(postPurchaseReducer(from, event)).toMatchObject(expected);
  });

  it.each<[string, S, E]>([
    ["RUN-8: a second accept while signing", signing, { type: "ACCEPT", choice: ONE_TIME }],
    ["RUN-8: a second accept while applying", applying, { type: "ACCEPT", choice: ONE_TIME }],
    ["a decline while applying (the charge is under way)", applying, { type: "DECLINE" }],
    ["closing while applying", applying, { type: "CLOSE" }],
    ["a stray token while showing", showing, { type: "SIGNED", token: "x" }],
    ["anything once done", { status: "done", reason: "completed", history: h() }, { type: "OFFER_LOADED", offer: B }],
  ])("ignores %s (same state back)", (_label, from, event) => {
    expect(postPurchaseReducer(from, event)).toBe(from);
  });

  it("asks for subscription consent before signing anything (shopify.md §1.8)", () => {
    const next = postPurchaseReducer(showing, { type: "ACCEPT", choice: SUB, buyerConsent: false });
    expect(next).toMatchObject({ status: "showing", notice: { tone: "warning" } });
  });

  it("history: decisions, subscriptions and the 3-offer limit", () => {
    const declined = postPurchaseReducer(showing, { type: "DECLINE" });
    expect(declined.history.declinedOfferIds).toEqual(["a"]);
    const acceptedSub = postPurchaseReducer(applyingSub, { type: "APPLY_RESULT", result: processed() });
    expect(acceptedSub.history).toMatchObject({ acceptedOfferIds: ["a"], subscriptionAccepted: true, applicationsRemaining: 2 });
    const third = postPurchaseReducer({ ...applying, history: h({ acceptedOfferIds: ["x", "y"] }) } as S, { type: "APPLY_RESULT", result: processed(5) });
    expect(third).toMatchObject({ status: "recording", after: { next: "end" } });
    expect(initialState(A)).toMatchObject({ status: "showing", offer: A, history: { shownOfferIds: ["a"] } });
  });
});

/** In-memory I/O that records every call; each test scripts the answers. */
function fakeIO(script: {
  offers: Array<TestOffer | null>;
  sign?: (offer: TestOffer) => Promise<string>;
  apply?: (token: string) => Promise<ApplyChangesetResult>;
  record?: () => Promise<void>;
}) {
  const calls: string[] = [];
  const offers = [...script.offers];
  const io: PostPurchaseIO<TestOffer> = {
    fetchOffer: async (history) => {
      calls.push(`fetch(accepted=${history.acceptedOfferIds.join(",")};declined=${history.declinedOfferIds.join(",")})`);
      return offers.shift() ?? null;
    },
    signChangeset: async ({ offer, choice }) => {
      calls.push(`sign(${offer.offerId},${choice.option})`);
      return script.sign ? script.sign(offer) : `token-${offer.offerId}`;
    },
    applyChangeset: async (token, { buyerConsentToSubscriptions }) => {
      calls.push(`apply(${token},consent=${buyerConsentToSubscriptions})`);
      return script.apply ? script.apply(token) : processed();
    },
    recordDecision: async ({ offer, decision, outcome }) => {
      calls.push(`record(${offer.offerId},${decision},${outcome})`);
      if (script.record) await script.record();
    },
    done: () => {
      calls.push("done");
    },
  };
  return { io, calls };
}

describe("post-purchase flow: driver with injected I/O", () => {
  it("RUN-1: accept the first offer, decline the second, then Shopify's done() — once", async () => {
    const { io, calls } = fakeIO({ offers: [A, B, null] });
    const flow = runPostPurchaseFlow(io);
    expect((await flow.idle()).status).toBe("showing");
    flow.accept(ONE_TIME);
    expect((await flow.idle())).toMatchObject({ status: "showing", offer: B });
    flow.decline();
    expect(await flow.idle()).toMatchObject({ status: "done", reason: "completed" });
    expect(calls).toEqual([
      "fetch(accepted=;declined=)",
      "sign(a,one_time)",
      "apply(token-a,consent=false)",
      "record(a,accepted,processed)",
      "fetch(accepted=a;declined=)",
      "record(b,declined,declined)",
      "fetch(accepted=a;declined=b)",
      "done",
    ]);
  });

  it("RUN-12: after three declines in a row no fourth offer is fetched, however many the funnel holds", async () => {
    const C: TestOffer = { offerId: "c", title: "Filters" };
    const D: TestOffer = { offerId: "d", title: "Grinder" };
    const { io, calls } = fakeIO({ offers: [A, B, C, D] });
    const flow = runPostPurchaseFlow(io);
    for (const expected of [A, B, C]) {
      expect(await flow.idle()).toMatchObject({ status: "showing", offer: expected });
      flow.decline();
    }
    expect(await flow.idle()).toMatchObject({ status: "done", reason: "limit_reached" });
    expect(calls.filter((c) => c.startsWith("fetch"))).toHaveLength(3);
    expect(calls.at(-1)).toBe("done");
  });

  it("RUN-12: an offer Shopify refused counts toward the three shown in a row", () => {
    const third = postPurchaseReducer({ ...errorNext, history: h({ declinedOfferIds: ["x"], failedOfferIds: ["y", "a"] }) } as S, { type: "CONTINUE" });
    expect(third).toMatchObject({ status: "done" });
  });

  it("RUN-13: an upgrade is not signed until the shopper ticks the consent box, and the consent reaches the sign request", async () => {
    const refused = postPurchaseReducer(showing, { type: "ACCEPT", choice: ONE_TIME, buyerConsent: false, consentRequired: true });
    expect(refused).toMatchObject({ status: "showing", notice: { tone: "warning" } });
    const { io, calls } = fakeIO({ offers: [null] });
    const seen: boolean[] = [];
    const flow = runPostPurchaseFlow({ ...io, signChangeset: async (request) => (seen.push(request.buyerConsent), io.signChangeset(request)) }, { firstOffer: A });
    flow.accept(ONE_TIME, true, true);
    await flow.idle();
    expect(seen).toEqual([true]);
    expect(calls).toContain("sign(a,one_time)");
  });

    it("RUN-8: a double click signs and applies once", async () => {
    const { io, calls } = fakeIO({ offers: [null], sign: () => new Promise((resolve) => setTimeout(() => resolve("t"), 5)) });
    const flow = runPostPurchaseFlow(io, { firstOffer: A });
    flow.accept(ONE_TIME);
    flow.accept(ONE_TIME);
    await flow.idle();
    expect(calls.filter((c) => c.startsWith("sign")).length).toBe(1);
    expect(calls.filter((c) => c.startsWith("apply")).length).toBe(1);
  });

  it("drops a late answer from an abandoned request: a slow first signature never applies after a retry", async () => {
    // GIVEN the UI gives up on a slow sign request (its own timeout) and the shopper accepts again
    let signCalls = 0;
    const { io, calls } = fakeIO({
      offers: [null],
      sign: () => {
        signCalls += 1;
        const [token, ms] = signCalls === 1 ? ["t1", 10] : ["t2", 30];
        return new Promise((resolve) => setTimeout(() => resolve(token), ms));
      },
    });
    const flow = runPostPurchaseFlow(io, { firstOffer: A });
    flow.accept(ONE_TIME);
    flow.dispatch({ type: "SIGN_FAILED", message: "timed out" });
    flow.accept(ONE_TIME);
    // WHEN both requests answer, the first one while the second is still pending
    await flow.idle();
    // THEN only the token of the live request is applied
    expect(calls.filter((c) => c.startsWith("apply"))).toEqual(["apply(t2,consent=false)"]);
  });

  it("passes the shopper's consent to applyChangeset for a subscription", async () => {
    const { io, calls } = fakeIO({ offers: [null] });
    const flow = runPostPurchaseFlow(io, { firstOffer: A });
    flow.accept(SUB, true);
    await flow.idle();
    expect(calls).toContain("apply(token-a,consent=true)");
  });

  it("a failing recordDecision never blocks the shopper (the webhook catches up, RUN-10)", async () => {
    const { io } = fakeIO({ offers: [B], record: () => Promise.reject(new Error("network down")) });
    const flow = runPostPurchaseFlow(io, { firstOffer: A });
    flow.accept(ONE_TIME);
    expect(await flow.idle()).toMatchObject({ status: "showing", offer: B });
  });

  it("out of stock: the shopper reads why, continues, and gets the next offer", async () => {
    const { io, calls } = fakeIO({ offers: [B], apply: async () => failed("insufficient_inventory") });
    const flow = runPostPurchaseFlow(io, { firstOffer: A });
    flow.accept(ONE_TIME);
    expect(await flow.idle()).toMatchObject({ status: "error", next: "load_next" });
    flow.continue();
    expect(await flow.idle()).toMatchObject({ status: "showing", offer: B });
    expect(calls).toContain("record(a,failed,insufficient_inventory)");
  });

  it("RUN-11: a failed offer request ends the extension", async () => {
    const { io, calls } = fakeIO({ offers: [] });
    io.fetchOffer = async () => {
      throw new Error("timeout");
    };
    const flow = runPostPurchaseFlow(io);
    expect(await flow.idle()).toMatchObject({ status: "done", reason: "load_failed" });
    expect(calls).toEqual(["done"]);
  });

  it("notifies subscribers of every state", async () => {
    const { io } = fakeIO({ offers: [A] });
    const flow = runPostPurchaseFlow(io);
    const seen: string[] = [];
    flow.subscribe((state) => seen.push(state.status));
    await flow.idle();
    flow.decline();
    await flow.idle();
    expect(seen).toEqual(["showing", "recording", "loading", "done"]);
  });
});

describe("post-purchase flow: driver failure paths (mutation survivors)", () => {
  it("RUN-9: a refused signature shows the offer again with the retry notice, and a retry signs again", async () => {
    let attempts = 0;
    const { io, calls } = fakeIO({
      offers: [null],
      sign: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error("HTTP 500");
        return "t2";
      },
    });
    const flow = runPostPurchaseFlow(io, { firstOffer: A });
    flow.accept(ONE_TIME);
    expect(await flow.idle()).toMatchObject({ status: "showing", offer: A, notice: { tone: "critical", text: SIGN_FAILED_MESSAGE } });
    flow.accept(ONE_TIME);
    await flow.idle();
    expect(calls.filter((c) => c.startsWith("apply"))).toEqual(["apply(t2,consent=false)"]);
  });

  it("an I/O function that throws instead of rejecting is handled like a rejection", async () => {
    const { io, calls } = fakeIO({ offers: [] });
    io.fetchOffer = () => {
      throw new Error("synchronous failure");
    };
    const flow = runPostPurchaseFlow(io);
    expect(await flow.idle()).toMatchObject({ status: "done", reason: "load_failed" });
    expect(calls).toEqual(["done"]);
  });

  it("an applyChangeset that throws says the outcome is unknown and ends the flow, calling done() once", async () => {
    const { io, calls } = fakeIO({ offers: [B], apply: () => Promise.reject(new Error("extension crashed")) });
    const flow = runPostPurchaseFlow(io, { firstOffer: A });
    flow.accept(ONE_TIME);
    expect(await flow.idle()).toMatchObject({ status: "error", next: "end", notice: { text: APPLY_FAILED_MESSAGE } });
    flow.continue();
    await flow.idle();
    flow.close();
    flow.close();
    await flow.idle();
    expect(flow.getState().status).toBe("done");
    expect(calls.filter((c) => c === "done")).toHaveLength(1);
    expect(calls.some((c) => c.startsWith("fetch"))).toBe(false);
  });

  it("close() ends a showing flow: done() is called and the state is done", async () => {
    const { io, calls } = fakeIO({ offers: [] });
    const flow = runPostPurchaseFlow(io, { firstOffer: A });
    expect((await flow.idle()).status).toBe("showing");
    flow.close();
    expect(await flow.idle()).toMatchObject({ status: "done" });
    expect(calls).toEqual(["done"]);
  });

  it("idle() of a flow with nothing in flight resolves with the current state at once", async () => {
    const { io } = fakeIO({ offers: [] });
    const flow = runPostPurchaseFlow(io, { firstOffer: A });
    expect(await flow.idle()).toBe(flow.getState());
    expect(await flow.idle()).toMatchObject({ status: "showing", offer: A });
  });

  it("an unsubscribed listener hears nothing more", async () => {
    const { io } = fakeIO({ offers: [B] });
    const flow = runPostPurchaseFlow(io, { firstOffer: A });
    const seen: string[] = [];
    const unsubscribe = flow.subscribe((state) => seen.push(state.status));
    flow.decline();
    await flow.idle();
    unsubscribe();
    flow.decline();
    await flow.idle();
    expect(seen).toEqual(["recording", "loading", "showing"]);
  });
});
