/**
 * POST /admin/api/:version/graphql.json as Shopify answers it: 401 for a missing or wrong
 * access token; otherwise HTTP 200 with `errors` for parse and validation failures (the
 * document is checked against the real 2026-10 schema before anything runs), or the
 * executed result.
 */
import {
  defaultFieldResolver,
  execute,
  parse,
  type DocumentNode,
  type GraphQLError,
  type GraphQLFieldResolver,
} from "graphql";
import { loadAdminSchema, validateAdminDocument } from "../admin-schema";
import type { ShopState } from "../store";
import type { AdminContext } from "./context";
import { rootValue } from "./root";

export const INVALID_TOKEN_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

export interface AdminGraphqlRequest {
  shop: ShopState;
  accessToken: string | undefined;
  contentType: string;
  body: string;
  baseUrl: string;
  allowDeprecated: boolean;
}

export interface AdminGraphqlResponse { status: number; body: unknown }

interface GraphqlBody { query?: unknown; variables?: unknown; operationName?: unknown }

function readBody(contentType: string, body: string): GraphqlBody | null {
  if (contentType.startsWith("application/graphql")) return { query: body };
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as GraphqlBody) : null;
  } catch {
    return null;
  }
}

const failure = (errors: readonly GraphQLError[], code: string) => ({
  status: 200,
  body: {
    errors: errors.map((error) => ({ message: error.message, locations: error.locations ?? [], extensions: { code } })),
  },
});

/** Counts fields the simulator left undefined, so a gap is visible instead of a silent null. */
const trackingResolver: GraphQLFieldResolver<unknown, AdminContext> = (source, args, ctx, info) => {
  const value: unknown = defaultFieldResolver(source, args, ctx, info);
  if (value === undefined) ctx.unimplemented.add(`${info.parentType.name}.${info.fieldName}`);
  return value;
};

// Shopify adds query cost to every response; clients read it for throttling.
const COST = { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 } };

/**
 * What Shopify answers when the shop's cost bucket cannot pay for the query: HTTP 200,
 * a THROTTLED error and the cost extension with an empty bucket.
 */
const THROTTLED_BODY = {
  errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
  extensions: { cost: { requestedQueryCost: 10, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 } } },
};

export async function handleAdminGraphql(request: AdminGraphqlRequest): Promise<AdminGraphqlResponse> {
  if (!request.accessToken || request.accessToken !== request.shop.accessToken) return { status: 401, body: INVALID_TOKEN_BODY };
  if (request.shop.faults.throttleNextAdminCalls > 0) {
    request.shop.faults.throttleNextAdminCalls -= 1;
    return { status: 200, body: THROTTLED_BODY };
  }
  const body = readBody(request.contentType, request.body);
  if (!body || typeof body.query !== "string" || !body.query.trim()) {
    return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  }
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    return failure([error as GraphQLError], "GRAPHQL_PARSE_FAILED");
  }
  const validationErrors = validateAdminDocument(document, { allowDeprecated: request.allowDeprecated });
  if (validationErrors.length) return failure(validationErrors, "GRAPHQL_VALIDATION_FAILED");

  const contextValue: AdminContext = { shop: request.shop, baseUrl: request.baseUrl, unimplemented: new Set() };
  const result = await execute({
    schema: loadAdminSchema(),
    document,
    rootValue,
    contextValue,
    fieldResolver: trackingResolver,
    variableValues: body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : undefined,
    operationName: typeof body.operationName === "string" ? body.operationName : undefined,
  });
  const unimplementedFields = [...contextValue.unimplemented].sort();
  return {
    status: 200,
    body: {
      ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
      ...(result.data !== undefined ? { data: result.data } : {}),
      extensions: { cost: COST, ...(unimplementedFields.length ? { simulator: { unimplementedFields } } : {}) },
    },
  };
}
