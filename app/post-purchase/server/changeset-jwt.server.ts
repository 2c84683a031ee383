/**
 * The changeset token the app hands to applyChangeset (shopify.md §1.6): HS256 with the
 * app secret, iss = API key, sub = the purchase's referenceId, iat in Unix seconds, a
 * unique jti, and the changes. No exp: whether Shopify accepts one is unconfirmed.
 *
 * The jti is derived from (shop, purchase, offer, changes), so asking twice for the same
 * changes yields the very same token, and Shopify answers the second apply with
 * changeset_already_applied instead of charging twice (RUN-8).
 */
import { createHmac } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import type { PostPurchaseChange } from "~/domain/changeset";
import { env } from "~/env.server";

const secretKey = () => new TextEncoder().encode(env().SHOPIFY_API_SECRET);

export function deriveJti(parts: { shopId: string; referenceId: string; offerId: string; changes: PostPurchaseChange[] }): string {
  const hex = createHmac("sha256", env().SHOPIFY_API_SECRET)
    .update(["uplift-changeset-v1", parts.shopId, parts.referenceId, parts.offerId, JSON.stringify(parts.changes)].join("\n"))
    .digest("hex");
  // UUID-shaped (version nibble 5, variant 10xx) as Shopify recommends UUIDs.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function signChangesetToken(claims: { jti: string; referenceId: string; issuedAt: Date; changes: PostPurchaseChange[] }): Promise<string> {
  return new SignJWT({ changes: claims.changes })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(env().SHOPIFY_API_KEY)
    .setSubject(claims.referenceId)
    .setJti(claims.jti)
    .setIssuedAt(Math.floor(claims.issuedAt.getTime() / 1000))
    .sign(secretKey());
}

/** The jti of a changeset token this app signed for `referenceId`, or null when it is not one. */
export async function verifiedChangesetJti(token: string, referenceId: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, secretKey(), { algorithms: ["HS256"], issuer: env().SHOPIFY_API_KEY, subject: referenceId });
    return typeof payload.jti === "string" && payload.jti ? payload.jti : null;
  } catch {
    return null;
  }
}
