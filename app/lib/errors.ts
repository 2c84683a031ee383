/**
 * The one error base. Every error the app raises on purpose carries a stable `code`
 * (machine-readable, shown to support and sent in API bodies) and a `kind` that says
 * what sort of failure it is. Only the edge — routes and the request adapters they
 * call — turns a kind into an HTTP status (`lib/http/error-status.ts`), once, so
 * features never know about HTTP (docs/decisions/0007-layers.md).
 */
export type ErrorKind =
  | "invalid" // the caller sent something wrong: fix the input
  | "unprocessable" // well-formed, but refused on its merits (a key that failed its check)
  | "unauthenticated" // no or bad credentials
  | "forbidden" // authenticated, but not allowed (wrong shop, beta off)
  | "not_found"
  | "conflict" // the state changed or already is what was asked
  | "gone"
  | "rate_limited"
  | "unavailable" // a dependency is down: try again later
  | "internal";

export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
