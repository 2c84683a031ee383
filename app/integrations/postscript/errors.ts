/**
 * Typed Postscript errors: the class decides what the worker does (PS-4), nobody parses
 * messages. Following RudderStack's Postscript destination (providers.md §4, P3): 429 is
 * throttling (back off with jitter), 5xx / timeout / network retry, any other 4xx is
 * final and shown to the merchant. Messages are merchant English and never hold the key.
 */
export type PostscriptErrorCode =
  | "auth_rejected"
  | "rejected"
  | "unexpected_response"
  | "rate_limited"
  | "timeout"
  | "network"
  | "server_error";

export abstract class PostscriptError extends Error {
  abstract readonly permanent: boolean;
  readonly code: PostscriptErrorCode;
  readonly status?: number;

  protected constructor(message: string, code: PostscriptErrorCode, status?: number) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
  }
}

/** 401/403: the private key is wrong, revoked, or a public key. */
export class PostscriptAuthError extends PostscriptError {
  readonly permanent = true;
  constructor(message: string, status?: number) {
    super(message, "auth_rejected", status);
  }
}

/** Any other 4xx (400 unknown field, bad type…), or an answer we cannot read. */
export class PostscriptRejectedError extends PostscriptError {
  readonly permanent = true;
  constructor(message: string, status?: number, code: "rejected" | "unexpected_response" = "rejected") {
    super(message, code, status);
  }
}

/** 429 (error_code 3002). Postscript sends no Retry-After: the backoff adds jitter. */
export class PostscriptRateLimitedError extends PostscriptError {
  readonly permanent = false;
  constructor(message: string) {
    super(message, "rate_limited", 429);
  }
}

/** 5xx, timeout, connection failure. */
export class PostscriptUnavailableError extends PostscriptError {
  readonly permanent = false;
  constructor(message: string, code: "timeout" | "network" | "server_error", status?: number) {
    super(message, code, status);
  }
}

export function isPostscriptError(error: unknown): error is PostscriptError {
  return error instanceof PostscriptError;
}
