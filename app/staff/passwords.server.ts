/**
 * Support staff password hashes (BETA-2): scrypt from node:crypto, a random salt per
 * password, constant-time comparison. No dependency.
 *
 * Encoded form (docs/operations.md › Support staff accounts):
 *
 *   scrypt.<N>.<r>.<p>.<salt>.<key>
 *
 * N, r, p are scrypt's cost parameters in decimal; salt (16 bytes) and key (64 bytes)
 * are base64url. The alphabet avoids ":", "," and "$", so a hash sits unquoted in
 * SUPPORT_STAFF (`email:hash,email:hash`) and in shell or .env files.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * One of OWASP's equivalent scrypt minimums (N=2^15, r=8, p=3): the CPU cost of
 * N=2^17/p=1 with a quarter of the memory (32 MiB), because logins are unauthenticated
 * and node runs at most four checks at once on its thread pool.
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };
const SALT_BYTES = 16;
const KEY_BYTES = 64;
const ENCODED = /^scrypt\.(\d{1,8})\.(\d{1,3})\.(\d{1,3})\.([A-Za-z0-9_-]{16,})\.([A-Za-z0-9_-]{32,})$/;

function scrypt(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize("NFKC"), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  if (password.length < 12) throw new Error("Use a password of at least 12 characters");
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, KEY_BYTES, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join(".");
}

export function isPasswordHash(encoded: string): boolean {
  const match = ENCODED.exec(encoded);
  if (!match) return false;
  const N = Number(match[1]);
  // scrypt needs N to be a power of two above 1.
  return N > 1 && (N & (N - 1)) === 0 && Number(match[2]) > 0 && Number(match[3]) > 0;
}

/** Constant-time check; false (never an exception) for a wrong password or a bad hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parts = isPasswordHash(encoded) ? ENCODED.exec(encoded) : null;
  if (!parts) return false;
  const [, N, r, p, saltText = "", keyText = ""] = parts;
  const expected = Buffer.from(keyText, "base64url");
  try {
    const actual = await scrypt(password, Buffer.from(saltText, "base64url"), expected.length, {
      N: Number(N),
      r: Number(r),
      p: Number(p),
    });
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}

/**
 * A well-formed hash of a random password, checked against when the email is unknown so
 * an unknown email takes as long as a wrong password (no account enumeration by timing).
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(24).toString("base64url"));
  return decoy;
}
