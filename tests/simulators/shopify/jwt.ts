/**
 * HS256 JWTs by hand, so verification does exactly what the post-purchase spec demands and
 * nothing a library might add or relax (it accepts no other algorithm, no `none`).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");
const hmac = (input: string, secret: string) => createHmac("sha256", secret).update(input).digest();

export function signHs256(payload: Record<string, unknown>, secret: string): string {
  const signingInput = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(payload))}`;
  return `${signingInput}.${hmac(signingInput, secret).toString("base64url")}`;
}

export type VerifyResult =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; reason: string };

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Checks structure, algorithm and signature only; claim rules belong to the caller. */
export function verifyHs256(token: string, secret: string): VerifyResult {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "token is not a JWS compact serialization" };
  // Three parts were checked above; an empty default fails the checks below.
  const [headerPart = "", payloadPart = "", signaturePart = ""] = parts;
  const header = decodeJson(headerPart) as { alg?: unknown } | undefined;
  if (!header || header.alg !== "HS256") return { ok: false, reason: "token must be signed with HS256" };
  const expected = hmac(`${headerPart}.${payloadPart}`, secret);
  const actual = Buffer.from(signaturePart, "base64url");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: "token signature is invalid" };
  const payload = decodeJson(payloadPart);
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return { ok: false, reason: "token payload is not a JSON object" };
  return { ok: true, payload: payload as Record<string, unknown> };
}
