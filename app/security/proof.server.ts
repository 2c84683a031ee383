/**
 * Short-lived, server-signed proofs: "this server checked X at time T". The browser
 * carries a proof between two requests (e.g. "Test API key" → "Save", CONN-2) without
 * being able to forge or alter it, and without the proof revealing the secret it covers.
 *
 * Format: `<issuedAtMs>.<base64url HMAC-SHA256>`; the HMAC covers a purpose string, the
 * caller's fields and the timestamp. The key is derived from ENCRYPTION_KEY with HKDF,
 * so proofs need no key of their own (after a key rotation, old proofs simply expire).
 */
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { keyringFromEnv, type EncryptionKeyring } from "./encryption.server";

function derivedKey(label: string, keyring: EncryptionKeyring): Buffer {
  return Buffer.from(hkdfSync("sha256", keyring.current, Buffer.alloc(0), `uplift:${label}`, 32));
}

/**
 * A keyed fingerprint of a secret: equal secrets give equal fingerprints, and nobody
 * without the server's key can test a guess against one.
 */
export function fingerprintSecret(secret: string, keyring: EncryptionKeyring = keyringFromEnv()): string {
  return createHmac("sha256", derivedKey("secret-fingerprint", keyring)).update(secret, "utf8").digest("base64url");
}

function mac(purpose: string, fields: readonly string[], issuedAt: number, keyring: EncryptionKeyring): string {
  // JSON keeps field boundaries unambiguous whatever the fields contain.
  return createHmac("sha256", derivedKey("proof", keyring))
    .update(JSON.stringify([purpose, issuedAt, ...fields]))
    .digest("base64url");
}

export function issueProof(
  purpose: string,
  fields: readonly string[],
  { now = Date.now(), keyring = keyringFromEnv() }: { now?: number; keyring?: EncryptionKeyring } = {},
): string {
  return `${now}.${mac(purpose, fields, now, keyring)}`;
}

export type ProofCheck = { ok: true; issuedAt: Date } | { ok: false; reason: "malformed" | "mismatch" | "expired" };

export function checkProof(
  proof: string | null | undefined,
  purpose: string,
  fields: readonly string[],
  { maxAgeMs, now = Date.now(), keyring = keyringFromEnv() }: { maxAgeMs: number; now?: number; keyring?: EncryptionKeyring },
): ProofCheck {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(proof ?? "");
  if (!match) return { ok: false, reason: "malformed" };
  const [, issuedText, macText = ""] = match;
  const issuedAt = Number(issuedText);
  const expected = Buffer.from(mac(purpose, fields, issuedAt, keyring));
  if (!timingSafeEqual(expected, Buffer.from(macText))) return { ok: false, reason: "mismatch" };
  // A proof from the future (clock skew between instances) is tolerated for a minute.
  if (now - issuedAt > maxAgeMs || issuedAt - now > 60_000) return { ok: false, reason: "expired" };
  return { ok: true, issuedAt: new Date(issuedAt) };
}
