import { describe, expect, it } from "vitest";
import { explainUpgradeError } from "~/upgrades/error-text";
import {
  InvalidUpgradeRequestError,
  NoProviderConnectionError,
  OrderNotLinkedError,
  RateLimitDeferral,
  UnreadableTokenError,
} from "~/upgrades/errors";
import { MAX_RATE_LIMIT_WAITS_PER_ATTEMPT, decideAfterFailure, endOfCycleRunAt, nextAttemptAt } from "~/upgrades/retry-policy";
import {
  ProviderAuthError,
  ProviderInvalidRequestError,
  ProviderNotFoundError,
  ProviderRateLimitedError,
  ProviderUnavailableError,
} from "~/providers/errors";

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 10, 12, 0, 0); // end of the first failed attempt

const unavailable = () => new ProviderUnavailableError({ provider: "recharge", message: "Recharge had a server error (HTTP 503)" });
const notFound = () => new ProviderNotFoundError({ provider: "recharge", message: "Recharge has no subscription for product 1001 in order 5001 (yet)." });

describe("upgrade retry schedule (ADR 0006)", () => {
  it.each([
    // failed attempt, now, scale → next attempt at
    ["JOB-2: attempt 2 runs 1 h after the initial failure", 1, T0, 1, T0 + H],
    ["JOB-2: attempt 3 runs 24 h after the initial failure, not 24 h after the second", 2, T0 + H + 5 * 60_000, 1, T0 + 24 * H],
    ["JOB-2: a second attempt that ran late still leaves attempt 3 at the 24 h mark", 2, T0 + 20 * H, 1, T0 + 24 * H],
    ["JOB-2: past the 24 h mark (Redis was down), attempt 3 runs at once", 2, T0 + 30 * H, 1, T0 + 30 * H],
    ["JOB-2: delays scale for tests (1 h = 100 ms)", 1, T0, 1 / 36_000, T0 + 100],
    ["JOB-2: and 24 h = 2.4 s", 2, T0 + 150, 1 / 36_000, T0 + 2400],
  ])("%s", (_name, failedAttempt, now, scale, expected) => {
    expect(nextAttemptAt({ failedAttempt, firstFailureAt: T0, now, scale })).toBe(expected);
  });

  it("JOB-2: there is no fourth attempt", () => {
    expect(nextAttemptAt({ failedAttempt: 3, firstFailureAt: T0, now: T0 + 24 * H, scale: 1 })).toBeNull();
  });
});

describe("failure classification (JOB-3, RUN-5)", () => {
  const ctx = (attempt: number, extra: Partial<Parameters<typeof decideAfterFailure>[1]> = {}) => ({ attempt, firstFailureAt: T0, now: T0, scale: 1, ...extra });

  it.each([
    ["a timeout or 5xx", unavailable(), 1, { kind: "retry", reason: "transient", at: T0 + H }],
    ["a timeout or 5xx on the last attempt", unavailable(), 3, { kind: "fail", reason: "exhausted", errorClass: "ProviderUnavailableError" }],
    ["a rejected token (CONN-6)", new ProviderAuthError({ provider: "skio", message: "rejected" }), 1, { kind: "fail", reason: "auth" }],
    ["a missing permission", new ProviderAuthError({ provider: "loop", code: "auth_forbidden", message: "forbidden" }), 2, { kind: "fail", reason: "auth" }],
    ["a refused change", new ProviderInvalidRequestError({ provider: "recharge", message: "422" }), 1, { kind: "fail", reason: "permanent" }],
    ["a malformed stored request", new InvalidUpgradeRequestError("bad"), 1, { kind: "fail", reason: "permanent" }],
    ["no provider connected", new NoProviderConnectionError("none"), 1, { kind: "fail", reason: "permanent" }],
    ["an unreadable token", new UnreadableTokenError("key changed"), 1, { kind: "fail", reason: "permanent" }],
    ["RUN-5: no subscription yet, attempt 1", notFound(), 1, { kind: "retry", reason: "not_found_yet", at: T0 + H }],
    ["RUN-5: no subscription yet, attempt 2", notFound(), 2, { kind: "retry", reason: "not_found_yet", at: T0 + 24 * H }],
    ["RUN-5: no subscription on the last attempt", notFound(), 3, { kind: "fail", reason: "no_subscription", errorClass: "NoMatchingSubscriptionError" }],
    ["an order Shopify has not linked yet", new OrderNotLinkedError("no order"), 1, { kind: "retry", reason: "transient" }],
    ["an error nobody expected", new TypeError("boom"), 1, { kind: "retry", reason: "transient", errorClass: "TypeError" }],
  ])("JOB-3: %s", (_name, error, attempt, expected) => {
    expect(decideAfterFailure(error, ctx(attempt, attempt > 1 ? { now: T0 + 2 * H } : {}))).toMatchObject(expected);
  });

  it("JOB-3: a 429 waits for the provider's retry-after without counting an attempt, even on the last one", () => {
    const error = new ProviderRateLimitedError({ provider: "recharge", message: "slow down", retryAfterMs: 7000 });
    expect(decideAfterFailure(error, ctx(3))).toEqual({ kind: "wait", at: T0 + 7000, reason: "rate_limited", errorClass: "ProviderRateLimitedError" });
  });

  it("JOB-3: a provider answering 429 forever eventually has the attempt counted", () => {
    const error = new ProviderRateLimitedError({ provider: "loop", message: "slow down", retryAfterMs: 1000 });
    expect(decideAfterFailure(error, ctx(1, { rateLimitWaits: MAX_RATE_LIMIT_WAITS_PER_ATTEMPT }))).toMatchObject({ kind: "retry" });
  });

  it("Uplift's own pacing steps aside without an attempt", () => {
    expect(decideAfterFailure(new RateLimitDeferral(1500, "k"), ctx(2))).toMatchObject({ kind: "defer", at: T0 + 1500 });
  });

  it("a job added with fewer attempts fails when its own budget ends", () => {
    expect(decideAfterFailure(unavailable(), ctx(1, { maxAttempts: 1 }))).toMatchObject({ kind: "fail", reason: "exhausted" });
  });
});

describe("JOB-4: apply at end of cycle", () => {
  it.each([
    ["2026-02-25", Date.UTC(2026, 1, 24)],
    ["2026-03-01", Date.UTC(2026, 1, 28)],
    [null, null],
    ["soon", null],
  ])("next charge %s → runs at the start of the day before", (date, expected) => {
    expect(endOfCycleRunAt(date)).toBe(expected);
  });
});

describe("plain-language errors (JOB-5)", () => {
  it.each([
    ["ProviderAuthError", /API key/],
    ["NoMatchingSubscriptionError", /No matching subscription/],
    ["ProviderNotConnected", /No subscription provider is connected/],
    ["InvalidUpgradeSettings", /settings cannot be applied/],
    ["SomethingNew", /inside Uplift/],
    [null, /inside Uplift/],
  ])("%s has a title and advice", (errorClass, title) => {
    const text = explainUpgradeError(errorClass);
    expect(text.title).toMatch(title);
    expect(text.advice.length).toBeGreaterThan(20);
  });
});
