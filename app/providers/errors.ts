/**
 * Typed provider errors: the class decides whether the worker retries (JOB-3), nobody
 * parses messages. Messages are plain English for the merchant and never hold a token
 * (the HTTP helper scrubs provider text before it gets here).
 */
import type { ProviderName } from "./types";

export type ProviderErrorCode =
  | "auth_rejected"
  | "auth_forbidden"
  | "not_found"
  | "invalid_request"
  | "unexpected_response"
  | "unsupported_query"
  | "missing_selling_plan"
  | "prepaid_not_supported"
  | "discount_rejected"
  | "partially_applied"
  | "multi_line_frequency"
  | "not_visible_yet"
  | "unconfirmed_endpoint"
  | "rate_limited"
  | "timeout"
  | "network"
  | "server_error";

export interface ProviderErrorInit {
  provider: ProviderName;
  message: string;
  code?: ProviderErrorCode;
  /** Our X-Request-Id of the call that failed, to find it in the logs. */
  requestId?: string;
  status?: number;
}

export abstract class ProviderError extends Error {
  abstract readonly permanent: boolean;
  readonly provider: ProviderName;
  readonly code: ProviderErrorCode;
  readonly requestId?: string;
  readonly status?: number;

  protected constructor(init: ProviderErrorInit, fallbackCode: ProviderErrorCode) {
    super(init.message);
    this.name = new.target.name;
    this.provider = init.provider;
    this.code = init.code ?? fallbackCode;
    this.requestId = init.requestId;
    this.status = init.status;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      provider: this.provider,
      code: this.code,
      message: this.message,
      permanent: this.permanent,
      requestId: this.requestId,
      status: this.status,
    };
  }
}

/** The token was rejected or lacks a permission (CONN-6: the merchant must re-test it). */
export class ProviderAuthError extends ProviderError {
  readonly permanent = true;
  constructor(init: ProviderErrorInit) {
    super(init, "auth_rejected");
  }
}

/**
 * The order/subscription/line is not there. Permanent for the adapter; the worker may
 * still retry an early not-found, because subscriptions can lag the Shopify order.
 */
export class ProviderNotFoundError extends ProviderError {
  readonly permanent = true;
  constructor(init: ProviderErrorInit) {
    super(init, "not_found");
  }
}

/** The provider refused the change as asked (or we could not read its answer): retrying will not help. */
export class ProviderInvalidRequestError extends ProviderError {
  readonly permanent = true;
  constructor(init: ProviderErrorInit) {
    super(init, "invalid_request");
  }
}

/**
 * Part of the upgrade landed at the provider and the rest cannot (retrying will not
 * help): the shopper's billing may already have changed, so this is never reported as a
 * plain failure. `landed` / `missing` name the parts in plain English; the message says
 * which is which and the merchant's next step.
 */
export class ProviderPartialChangeError extends ProviderInvalidRequestError {
  readonly landed: string[];
  readonly missing: string[];
  constructor(init: ProviderErrorInit & { landed: string[]; missing: string[] }) {
    super({ ...init, code: "partially_applied" });
    this.landed = init.landed;
    this.missing = init.missing;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), landed: this.landed, missing: this.missing };
  }
}

/** Throttled: wait `retryAfterMs`, and do not count the attempt (JOB-3). */
export class ProviderRateLimitedError extends ProviderError {
  readonly permanent = false;
  readonly retryAfterMs: number;
  constructor(init: ProviderErrorInit & { retryAfterMs: number }) {
    super(init, "rate_limited");
    this.retryAfterMs = init.retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/**
 * Timeout, network failure, a 5xx, or a write the provider has not shown yet (Loop can
 * take hours to show a change): transient.
 */
export class ProviderUnavailableError extends ProviderError {
  readonly permanent = false;
  constructor(init: ProviderErrorInit & { code?: "timeout" | "network" | "server_error" | "not_visible_yet" }) {
    super(init, "server_error");
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

/** CONN-6: the error means the stored token no longer works and must be re-tested. */
export function isAuthFailure(error: unknown): error is ProviderAuthError {
  return error instanceof ProviderAuthError;
}
