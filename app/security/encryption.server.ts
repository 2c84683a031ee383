/**
 * Secrets at rest (CONN-4, PS-1): AES-256-GCM under ENCRYPTION_KEY.
 *
 * Ciphertext format (one ASCII string, safe for a TEXT column):
 *
 *   v1:<keyId>:<iv>:<tag>:<data>
 *
 * - `v1`     format version (a future format gets a new prefix; v1 stays readable);
 * - `keyId`  8 hex characters derived from the key (never the key itself), so the
 *            right key is picked during a rotation (docs/operations.md);
 * - `iv`     12 random bytes, `tag` the 16-byte GCM tag, `data` the encrypted UTF-8
 *            text, all base64url.
 *
 * The version, key id and an optional caller-chosen `context` (e.g. the row it belongs
 * to) are authenticated as additional data: a ciphertext copied into another shop's row
 * or with an edited header fails to decrypt instead of yielding the wrong secret.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "~/env.server";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptionKeyring {
  /** Encrypts everything new; decrypts what it encrypted. */
  current: Buffer;
  /** The key being rotated out: decrypts only (ENCRYPTION_KEY_PREVIOUS). */
  previous?: Buffer;
}

export interface CipherOptions {
  /** Binds the ciphertext to where it is stored; the same value must be given to decrypt. */
  context?: string;
  keyring?: EncryptionKeyring;
}

/** Thrown for a malformed, tampered or foreign ciphertext; never carries the secret. */
export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

/** Parses a 64-hex-character key (what `openssl rand -hex 32` prints). */
export function parseKey(hex: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error("An encryption key must be 64 hex characters (32 bytes)");
  return Buffer.from(hex, "hex");
}

/** A short, non-secret name for a key: the first 8 hex characters of a hash of it. */
export function keyId(key: Buffer): string {
  return createHash("sha256").update("uplift-encryption-key-id:").update(key).digest("hex").slice(0, 8);
}

/** The keyring from ENCRYPTION_KEY and ENCRYPTION_KEY_PREVIOUS. */
export function keyringFromEnv(): EncryptionKeyring {
  const config = env();
  return {
    current: parseKey(config.ENCRYPTION_KEY),
    previous: config.ENCRYPTION_KEY_PREVIOUS ? parseKey(config.ENCRYPTION_KEY_PREVIOUS) : undefined,
  };
}

function additionalData(id: string, context: string): Buffer {
  return Buffer.from(`${VERSION}:${id}:${context}`, "utf8");
}

export function encryptSecret(plaintext: string, options: CipherOptions = {}): string {
  const key = (options.keyring ?? keyringFromEnv()).current;
  const id = keyId(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(id, options.context ?? ""));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, id, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(":");
}

export function decryptSecret(ciphertext: string, options: CipherOptions = {}): string {
  const keyring = options.keyring ?? keyringFromEnv();
  const parts = ciphertext.split(":");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new DecryptionError("Unrecognised ciphertext format");
  // Five parts were checked above; the empty defaults would only fail the checks below.
  const [, id = "", ivText = "", tagText = "", dataText = ""] = parts;
  const key = [keyring.current, keyring.previous].find((k): k is Buffer => !!k && keyId(k) === id);
  if (!key) {
    throw new DecryptionError(
      `The secret was encrypted with key ${id}, which is neither ENCRYPTION_KEY nor ENCRYPTION_KEY_PREVIOUS`,
    );
  }
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError("Unrecognised ciphertext format");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(id, options.context ?? ""));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(dataText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("The secret failed its integrity check (tampered, or stored under another context)");
  }
}

/** True when the ciphertext is under the current key (rotation is done for it). */
export function isUnderCurrentKey(ciphertext: string, keyring: EncryptionKeyring = keyringFromEnv()): boolean {
  return ciphertext.split(":")[1] === keyId(keyring.current);
}

/** Decrypts under whichever key fits and encrypts again under the current one. */
export function reencryptSecret(ciphertext: string, options: CipherOptions = {}): string {
  const keyring = options.keyring ?? keyringFromEnv();
  return encryptSecret(decryptSecret(ciphertext, { ...options, keyring }), { ...options, keyring });
}

/** What the browser may see of a secret: its last four characters. */
export function secretTail(secret: string): string {
  return secret.slice(-4);
}

export function maskedSecret(last4: string): string {
  return `••••${last4}`;
}
