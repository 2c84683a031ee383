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
  extensions?: { cost?: QueryCost };
}

/** Shopify's `extensions.cost` on every Admin GraphQL answer. */
interface QueryCost {
  requestedQueryCost?: number;
  throttleStatus?: { maximumAvailable?: number; currentlyAvailable?: number; restoreRate?: number };
}

/** Retries after THROTTLED: enough for a bucket to refill a typical query, never an unbounded wait. */
export const ADMIN_THROTTLE_RETRIES = 3;
const MIN_THROTTLE_WAIT_MS = 50;
const MAX_THROTTLE_WAIT_MS = 5000;

export interface AdminOperationOptions {
  /** Injected in tests; real timers otherwise. */
  sleep?: (ms: number) => Promise<void>;
  maxRetries?: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isThrottled(errors: unknown): boolean {
  return Array.isArray(errors) && errors.some((e) => (e as { extensions?: { code?: string } } | null)?.extensions?.code === "THROTTLED");
}

/**
 * How long until the bucket holds the query's cost again: (cost − available) / restore
 * rate, from the cost extension Shopify sends with THROTTLED; bounded either way.
 */
export function throttleWaitMs(cost: QueryCost | undefined): number {
  const requested = cost?.requestedQueryCost ?? 0;
  const available = cost?.throttleStatus?.currentlyAvailable ?? 0;
  const rate = cost?.throttleStatus?.restoreRate ?? 0;
  if (!(rate > 0)) return MAX_THROTTLE_WAIT_MS;
  const ms = Math.ceil((Math.max(requested - available, 0) / rate) * 1000);
  return Math.min(Math.max(ms, MIN_THROTTLE_WAIT_MS), MAX_THROTTLE_WAIT_MS);
}

type Attempt<T> = { ok: true; data: T } | { ok: false; throttled: boolean; cost?: QueryCost; detail: unknown };

async function attemptOnce<T>(admin: AdminGraphqlClient, query: string, variables: Record<string, unknown>): Promise<Attempt<T>> {
  let body: GraphqlBody<T>;
  try {
    const response = await admin.graphql(query, { variables });
    body = (await response.json()) as GraphqlBody<T>;
  } catch (error) {
    // shopify-api throws GraphqlQueryError with the response body for GraphQL-level errors.
    const thrown = (error as { body?: GraphqlBody<T> }).body;
    const detail = thrown?.errors ?? (error instanceof Error ? error.message : String(error));
    return { ok: false, throttled: isThrottled(thrown?.errors), cost: thrown?.extensions?.cost, detail };
  }
  if (body.errors || !body.data) return { ok: false, throttled: isThrottled(body.errors), cost: body.extensions?.cost, detail: body.errors ?? "no data" };
  return { ok: true, data: body.data };
}

/**
 * Runs `query` and returns its `data`; throws AdminApiError on any error. A THROTTLED
 * answer (the shop's cost bucket is empty) is retried up to ADMIN_THROTTLE_RETRIES
 * times, each after the wait the cost extension implies.
 */
export async function runAdminOperation<T>(
  admin: AdminGraphqlClient,
  operation: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: AdminOperationOptions = {},
): Promise<T> {
  const maxRetries = options.maxRetries ?? ADMIN_THROTTLE_RETRIES;
  const sleep = options.sleep ?? realSleep;
  for (let retry = 0; ; retry++) {
    const attempt = await attemptOnce<T>(admin, query, variables);
    if (attempt.ok) return attempt.data;
    if (attempt.throttled && retry < maxRetries) {
      const waitMs = throttleWaitMs(attempt.cost);
      logger.info("admin graphql throttled; waiting for the cost bucket", { operation, waitMs, retry: retry + 1 });
      await sleep(waitMs);
      continue;
    }
    const why = attempt.throttled ? `still THROTTLED after ${maxRetries} retries: ${summarize(attempt.detail)}` : summarize(attempt.detail);
    logger.warn("admin graphql operation failed", { operation, error: why });
    throw new AdminApiError(operation, why);
  }
}

/** Throws AdminUserError when a mutation payload reports userErrors. */
export function assertNoUserErrors(operation: string, userErrors: Array<{ field?: string[] | null; message: string }> | null | undefined): void {
  if (userErrors && userErrors.length > 0) throw new AdminUserError(operation, userErrors);
}

function summarize(detail: unknown): string {
  const text = typeof detail === "string" ? detail : JSON.stringify(detail);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
