/**
 * The upgrade retry policy (JOB-2, JOB-3, JOB-4, RUN-5) as pure functions of their inputs:
 * no clock, no I/O. The worker passes `now` (epoch ms) and the configured scale.
 * Reading of "1 h and 24 h after the initial failure": docs/decisions/0006-upgrade-retry-schedule.md.
 */
import { ProviderAuthError, ProviderError, ProviderNotFoundError, ProviderRateLimitedError } from "~/providers/errors";
import {
  InvalidUpgradeRequestError,
  NoMatchingSubscriptionError,
  NoProviderConnectionError,
  RateLimitDeferral,
  UnreadableTokenError,
} from "./errors";

/** JOB-2: at acceptance, then 1 h and 24 h after the initial failure. */
export const MAX_UPGRADE_ATTEMPTS = 3;
const HOUR_MS = 3_600_000;
/** Offsets of attempts 2 and 3, both measured from the end of the first failed attempt. */
export const RETRY_OFFSETS_MS: readonly [number, ...number[]] = [1 * HOUR_MS, 24 * HOUR_MS];

/** The offset of the attempt after `failedAttempt`; attempts past the table reuse its last offset. */
export function retryOffsetMs(failedAttempt: number): number {
  const index = Math.min(Math.max(failedAttempt, 1), RETRY_OFFSETS_MS.length) - 1;
  // The index is clamped to the table, so the fallback is never taken.
  return RETRY_OFFSETS_MS[index] ?? RETRY_OFFSETS_MS[0];
}
/** A provider asking for a longer pause than this is waited out for this long, then asked again. */
export const MAX_RATE_LIMIT_WAIT_MS = HOUR_MS;
/**
 * Safety valve: 429s do not use up attempts (JOB-3), but a provider that answers 429 to
 * every call for this many waits in a row gets the attempt counted as a failure.
 */
export const MAX_RATE_LIMIT_WAITS_PER_ATTEMPT = 25;

/** When attempt `failedAttempt + 1` runs (epoch ms), or null when the budget is spent. */
export function nextAttemptAt(input: {
  failedAttempt: number;
  firstFailureAt: number;
  now: number;
  scale: number;
  maxAttempts?: number;
}): number | null {
  const max = input.maxAttempts ?? MAX_UPGRADE_ATTEMPTS;
  if (input.failedAttempt >= max) return null;
  const offset = retryOffsetMs(input.failedAttempt);
  // If the previous attempt itself ran late (Redis down, long 429 waits), go at once.
  return Math.max(input.now, input.firstFailureAt + Math.round(offset * input.scale));
}

export type FailureReason =
  | "auth"
  | "permanent"
  | "no_subscription"
  | "exhausted"
  | "transient"
  | "not_found_yet"
  | "rate_limited"
  | "local_rate_limit";

/** What the worker does with a failed run. */
export type FailureDecision =
  /** Counted attempt; the next one runs at `at`. */
  | { kind: "retry"; at: number; reason: "transient" | "not_found_yet"; errorClass: string }
  /** Final: the job fails now with every attempt kept. */
  | { kind: "fail"; reason: "auth" | "permanent" | "no_subscription" | "exhausted"; errorClass: string }
  /** The provider said 429: wait, attempt not counted (JOB-3). */
  | { kind: "wait"; at: number; reason: "rate_limited"; errorClass: string }
  /** Uplift's own pacing: step aside, attempt not counted, nothing to report. */
  | { kind: "defer"; at: number; reason: "local_rate_limit"; errorClass: string };

export interface FailureContext {
  /** 1-based attempt within the budget, the one that just failed. */
  attempt: number;
  /** End of the first failed attempt of this budget (epoch ms); `now` for attempt 1. */
  firstFailureAt: number;
  now: number;
  scale: number;
  /** 429 waits already taken during this attempt. */
  rateLimitWaits?: number;
  maxAttempts?: number;
}

/** A stable name for the error kind, stored in UpgradeAttempt.errorClass. */
export function errorClassOf(error: unknown): string {
  if (error instanceof Error && error.name && error.name !== "Error") return error.name;
  return "UnexpectedError";
}

function isPermanent(error: unknown): boolean {
  if (error instanceof NoProviderConnectionError || error instanceof InvalidUpgradeRequestError) return true;
  if (error instanceof UnreadableTokenError || error instanceof NoMatchingSubscriptionError) return true;
  return error instanceof ProviderError && error.permanent;
}

/** JOB-3 / RUN-5: classify a failure. Anything we do not recognise counts as transient. */
export function decideAfterFailure(error: unknown, ctx: FailureContext): FailureDecision {
  const max = ctx.maxAttempts ?? MAX_UPGRADE_ATTEMPTS;
  const errorClass = errorClassOf(error);
  const retryOrExhaust = (reason: "transient" | "not_found_yet"): FailureDecision => {
    const at = nextAttemptAt({ failedAttempt: ctx.attempt, firstFailureAt: ctx.firstFailureAt, now: ctx.now, scale: ctx.scale, maxAttempts: max });
    if (at !== null) return { kind: "retry", at, reason, errorClass };
    return reason === "not_found_yet"
      ? { kind: "fail", reason: "no_subscription", errorClass: "NoMatchingSubscriptionError" }
      : { kind: "fail", reason: "exhausted", errorClass };
  };

  if (error instanceof RateLimitDeferral) {
    return { kind: "defer", at: ctx.now + Math.max(0, error.retryAfterMs), reason: "local_rate_limit", errorClass };
  }
  if (error instanceof ProviderRateLimitedError) {
    if ((ctx.rateLimitWaits ?? 0) >= MAX_RATE_LIMIT_WAITS_PER_ATTEMPT) return retryOrExhaust("transient");
    const wait = Math.min(Math.max(0, error.retryAfterMs), MAX_RATE_LIMIT_WAIT_MS);
    return { kind: "wait", at: ctx.now + wait, reason: "rate_limited", errorClass };
  }
  // Providers create the subscription a little after the order (providers.md §5.5).
  if (error instanceof ProviderNotFoundError) return retryOrExhaust("not_found_yet");
  if (error instanceof ProviderAuthError) return { kind: "fail", reason: "auth", errorClass };
  if (isPermanent(error)) return { kind: "fail", reason: "permanent", errorClass };
  return retryOrExhaust("transient");
}

const DAY_MS = 86_400_000;
/**
 * JOB-4: when an "apply at end of current cycle" change runs: 00:00 UTC the day before the
 * next charge date, so the change is in place before the provider bills that date (and
 * Recharge still accepts keeping a next-charge date that lies in the future). Null when
 * the provider does not know the date: apply now.
 */
export function endOfCycleRunAt(nextChargeDate: string | null): number | null {
  const match = nextChargeDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(nextChargeDate) : null;
  if (!match) return null;
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) - DAY_MS;
}

/** A scheduled run this close to now just runs now. */
export const SCHEDULE_TOLERANCE_MS = 1000;
