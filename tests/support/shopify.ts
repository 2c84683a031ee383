/**
 * Requests as Shopify sends them: an embedded admin request with a session token, a
 * post-purchase extension token, an HMAC-signed webhook. Signed with the test app's
 * key/secret (tests/support/setup-env.ts), verified by the app's real code.
 */
import { createHmac, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { Session } from "@shopify/shopify-api";

const apiKey = () => process.env.SHOPIFY_API_KEY!;
const secret = () => new TextEncoder().encode(process.env.SHOPIFY_API_SECRET!);
const now = () => Math.floor(Date.now() / 1000);

export const APP_URL = () => process.env.SHOPIFY_APP_URL!;

/** Stores the offline session Shopify's token exchange would have created. */
export async function installShop(shop: string, scope = process.env.SCOPES): Promise<Session> {
  const { sessionStorage } = await import("~/shopify.server");
  const session = new Session({ id: `offline_${shop}`, shop, state: "test", isOnline: false, scope, accessToken: `shpat_${shop.split(".")[0]}` });
  await sessionStorage.storeSession(session);
  return session;
}

export async function sessionToken(shop: string): Promise<string> {
  return new SignJWT({ dest: `https://${shop}`, sid: randomUUID() })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(`https://${shop}/admin`)
    .setAudience(apiKey())
    .setSubject("42")
    .setIssuedAt(now())
    .setNotBefore(now() - 5)
    .setExpirationTime(now() + 60)
    .setJti(randomUUID())
    .sign(secret());
}

/** An authenticated embedded-admin request (the way App Bridge's fetch sends it). */
export async function adminRequest(shop: string, pathAndQuery: string, init: RequestInit = {}): Promise<Request> {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${await sessionToken(shop)}`);
  headers.set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36");
  return new Request(new URL(pathAndQuery, APP_URL()), { ...init, headers });
}

/** A form POST to an admin route action. */
export async function adminFormPost(shop: string, pathAndQuery: string, fields: Record<string, string>): Promise<Request> {
  return adminRequest(shop, pathAndQuery, { method: "POST", body: new URLSearchParams(fields) });
}

/** The token Shopify gives the post-purchase extension (shopify.md §1.6). */
export async function extensionToken(shop: string, referenceId: string, inputData: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ input_data: { shop: { domain: shop }, initialPurchase: { referenceId }, ...inputData } })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("shopify")
    .setSubject(referenceId)
    .setIssuedAt(now())
    .setExpirationTime(now() + 300)
    .sign(secret());
}

/** A webhook as Shopify delivers it, HMAC-signed with the app secret. */
export function webhookRequest(path: string, topic: string, shop: string, payload: unknown, opts: { secret?: string; webhookId?: string } = {}): Request {
  const body = JSON.stringify(payload);
  const hmac = createHmac("sha256", opts.secret ?? process.env.SHOPIFY_API_SECRET!).update(body).digest("base64");
  return new Request(new URL(path, APP_URL()), {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": hmac,
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": opts.webhookId ?? randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
    },
  });
}

/** Calls a Remix loader/action and returns the Response, whether it was returned or thrown. */
export async function callRoute(
  fn: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown,
  request: Request,
  params: Record<string, string> = {},
): Promise<Response> {
  try {
    const result = await fn({ request, params, context: {} });
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result ?? null), { headers: { "Content-Type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
