/**
 * The one way Uplift runs an Admin GraphQL operation: `admin.graphql` from
 * authenticate.admin (or unauthenticated.admin), the body read once, GraphQL errors and
 * mutation userErrors turned into typed errors instead of silent nulls.
 */
import { logger } from "~/logger.server";

/** The part of shopify-app-remix's admin context these wrappers use. */
export interface AdminGraphqlClient {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

/** Shopify answered with errors, or could not be reached. */
export class AdminApiError extends Error {
  readonly operation: string;
  constructor(operation: string, message: string) {
    super(`${operation}: ${message}`);
    this.name = "AdminApiError";
    this.operation = operation;
  }
}

/** A mutation refused its input (userErrors); `field` is Shopify's path to the input field. */
export class AdminUserError extends Error {
  readonly operation: string;
  readonly userErrors: Array<{ field: string[] | null; message: string }>;
  constructor(operation: string, userErrors: Array<{ field?: string[] | null; message: string }>) {
    super(`${operation}: ${userErrors.map((e) => e.message).join("; ")}`);
    this.name = "AdminUserError";
    this.operation = operation;
    this.userErrors = userErrors.map((e) => ({ field: e.field ?? null, message: e.message }));
  }
}

interface GraphqlBody<T> {
  data?: T;
  errors?: unknown;
}

/** Runs `query` and returns its `data`; throws AdminApiError on any error. */
export async function runAdminOperation<T>(
  admin: AdminGraphqlClient,
  operation: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  let body: GraphqlBody<T>;
  try {
    const response = await admin.graphql(query, { variables });
    body = (await response.json()) as GraphqlBody<T>;
  } catch (error) {
    // shopify-api throws GraphqlQueryError with the response body for GraphQL-level errors.
    const detail = (error as { body?: { errors?: unknown } }).body?.errors ?? (error instanceof Error ? error.message : String(error));
    logger.warn("admin graphql operation failed", { operation, error: summarize(detail) });
    throw new AdminApiError(operation, summarize(detail));
  }
  if (body.errors || !body.data) {
    logger.warn("admin graphql operation returned errors", { operation, error: summarize(body.errors) });
    throw new AdminApiError(operation, summarize(body.errors ?? "no data"));
  }
  return body.data;
}

/** Throws AdminUserError when a mutation payload reports userErrors. */
export function assertNoUserErrors(operation: string, userErrors: Array<{ field?: string[] | null; message: string }> | null | undefined): void {
  if (userErrors && userErrors.length > 0) throw new AdminUserError(operation, userErrors);
}

function summarize(detail: unknown): string {
  const text = typeof detail === "string" ? detail : JSON.stringify(detail);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
