/**
 * The edge's one translation of an AppError into an HTTP answer: JSON `{ error: code,
 * message }` with the status of its kind (error-status.ts). Used by routes only.
 */
import { json } from "@remix-run/node";
import { isAppError } from "../errors";
import { statusOf } from "./error-status";

export interface AppErrorBody {
  error: string;
  message: string;
}

/** The JSON answer for an AppError, or null for anything else (let it surface as a 500). */
export function appErrorResponse(error: unknown): Response | null {
  if (!isAppError(error)) return null;
  return json<AppErrorBody>({ error: error.code, message: error.message }, { status: statusOf(error.kind) });
}

/**
 * Wraps a loader or action: an AppError it throws becomes its JSON answer, thrown so the
 * route's ErrorBoundary (or the fetcher) receives it, as Remix expects of a refused request.
 */
export function withAppErrors<A extends unknown[], R>(handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      throw appErrorResponse(error) ?? error;
    }
  };
}
