/**
 * Demo-only: mints the short-lived session tokens Shopify admin would hand the embedded
 * app, signed with the demo launcher's own key/secret. They are worthless wherever the
 * real SHOPIFY_API_SECRET is set, and the launcher refuses NODE_ENV=production.
 */
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";

export async function mintSessionToken(opts: { shop: string; apiKey: string; apiSecret: string; ttlSeconds?: number }) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${opts.shop}`, sid: "demo-session" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${opts.shop}/admin`)
    .setAudience(opts.apiKey)
    .setSubject("1")
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + (opts.ttlSeconds ?? 60))
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(opts.apiSecret));
}
