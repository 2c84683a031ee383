/**
 * The changeset token the app hands to applyChangeset (shopify.md §1.6): HS256 with the
 * app secret, iss = API key, sub = the purchase's referenceId, iat in Unix seconds, a
 * unique jti, and the changes. No exp: whether Shopify accepts one is unconfirmed.
 *
 * Every signing gets a random jti (audit S-10): Shopify's replay guard may burn a jti on
 * an attempt that did not apply (buyer_consent_required), so a derived jti would make
 * the shopper's retry come back changeset_already_applied with nothing added. A double
 * accept is stopped before signing instead (the flow machine; replays of an accepted
 * offer get its applied token back, RUN-8).
 */
import { randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import type { PostPurchaseChange } from "~/domain/changeset";
import { env } from "~/env.server";

const secretKey = () => new TextEncoder().encode(env().SHOPIFY_API_SECRET);

/** A fresh jti: a random UUID, as Shopify's JWT specification recommends. */
export function newJti(): string {
  return randomUUID();
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
