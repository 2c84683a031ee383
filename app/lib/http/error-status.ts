/**
 * The one mapping from an error's kind to its HTTP status (STYLE.md habit 7). Imported
 * only by the edge: routes and the request adapters they call (checked by
 * .dependency-cruiser.cjs).
 */
import type { ErrorKind } from "../errors";

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export const statusOf = (kind: ErrorKind): number => STATUS[kind];
