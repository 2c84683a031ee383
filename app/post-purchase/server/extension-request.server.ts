/**
 * The one way a post-purchase endpoint handles a request (RUN-1, RUN-9): answer CORS
 * preflights, verify the extension token with authenticate.public.checkout (HS256 with
 * the app secret, expiry), insist that it is a post-purchase token (iss "shopify", sub =
 * the purchase's referenceId, input_data), read the order from the token only, find the
 * installed shop, parse the JSON body with zod, and turn every failure into a JSON error
 * with its exact status. Nothing is written before all of that passed.
 */
import type { z } from "zod";
import { orderContextFromInputData } from "~/domain/order-input";
import { findTextIssue, type TextIssue } from "~/lib/text";
import type { OrderContext } from "~/domain/funnel-schemas";
import { logger } from "~/logger.server";
import { authenticate } from "~/shopify.server";
import { ApiError, errorResponse, jsonResponse, withCors, zodMessage } from "./api-error.server";
import { loadShopRuntime, type ShopRuntime } from "./shop-runtime.server";

export interface ExtensionContext {
  shop: ShopRuntime;
  order: OrderContext;
  referenceId: string;
}

const INVALID_TOKEN = "The post-purchase token is missing, expired, or not signed by Shopify for this app";

async function verifiedClaims(request: Request): Promise<Record<string, unknown>> {
  try {
    const { sessionToken } = await authenticate.public.checkout(request);
    return sessionToken as unknown as Record<string, unknown>;
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    if (thrown.status === 410) throw new ApiError(410, "bot_request", "Requests from bots are refused");
    throw new ApiError(401, "invalid_token", INVALID_TOKEN);
  }
}

const describe = (where: string, issue: TextIssue) => `${[where, ...issue.path].join(".")}: ${issue.message}`;

async function extensionContext(request: Request): Promise<ExtensionContext> {
  const claims = await verifiedClaims(request);
  // A verified token is still text someone typed somewhere: it reaches the database only well-formed (OPS-3).
  const claimIssue = findTextIssue(claims);
  if (claimIssue) throw new ApiError(400, "invalid_input_data", describe("token", claimIssue));
  // A checkout UI extension's session token is also signed with our secret; only
  // Shopify's post-purchase token carries iss "shopify" and the purchase.
  if (claims.iss !== "shopify" || claims.input_data === undefined) {
    throw new ApiError(401, "invalid_token", "This is not a post-purchase extension token");
  }
  let order: OrderContext;
  try {
    order = orderContextFromInputData(claims.input_data);
  } catch (error) {
    logger.warn("post-purchase token carries unreadable input_data", { error });
    throw new ApiError(400, "invalid_input_data", "The token's purchase data could not be read");
  }
  if (claims.sub !== undefined && claims.sub !== order.referenceId) {
    throw new ApiError(401, "invalid_token", "The token's subject is not its purchase");
  }
  const shop = await loadShopRuntime(order.shopDomain);
  if (!shop) throw new ApiError(403, "shop_not_installed", `Uplift is not installed on ${order.shopDomain}`);
  return { shop, order, referenceId: order.referenceId };
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The request body is not valid JSON");
  }
}

function preflight(): Response {
  return withCors(new Response(null, { status: 204, headers: { "Access-Control-Max-Age": "7200" } }));
}

/**
 * The endpoints' loader. Remix sends OPTIONS to the loader, not the action: the CORS
 * preflight the extension's POST with an Authorization header needs is answered here.
 */
export function extensionLoader(request: Request): Response {
  return request.method === "OPTIONS" ? preflight() : errorResponse(405, "method_not_allowed", "Use POST");
}

/** Runs `handler` for an authenticated POST with a body matching `schema`; always answers JSON (`status` on success). */
export async function handleExtensionPost<S extends z.ZodType, R>(
  request: Request,
  schema: S,
  handler: (context: ExtensionContext, body: z.infer<S>) => Promise<R>,
  status = 200,
): Promise<Response> {
  if (request.method === "OPTIONS") return preflight();
  if (request.method !== "POST") return errorResponse(405, "method_not_allowed", "Use POST");
  try {
    const context = await extensionContext(request);
    const body = await readJson(request);
    const bodyIssue = findTextIssue(body);
    if (bodyIssue) throw new ApiError(400, "invalid_body", describe("body", bodyIssue));
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ApiError(400, "invalid_body", zodMessage(parsed.error));
    return jsonResponse(await handler(context, parsed.data), status);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message);
    logger.error("post-purchase endpoint failed", { path: new URL(request.url).pathname, error });
    return errorResponse(500, "server_error", "Something went wrong; the offer is skipped");
  }
}
