import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DecryptionError,
  decryptSecret,
  encryptSecret,
  isUnderCurrentKey,
  keyId,
  maskedSecret,
  parseKey,
  reencryptSecret,
  secretTail,
  type EncryptionKeyring,
} from "~/security/encryption.server";
import { checkProof, fingerprintSecret, issueProof } from "~/security/proof.server";
import { at } from "../../tests/support/entries";

const keyA = parseKey("a1".repeat(32));
const keyB = parseKey("b2".repeat(32));
const ringA: EncryptionKeyring = { current: keyA };
const SECRET = "rc_live_4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c";

describe("secrets at rest (CONN-4)", () => {
  it("CONN-4: AES-256-GCM ciphertext is versioned v1:<keyId>:<iv>:<tag>:<data> and never contains the plaintext", () => {
    const ciphertext = encryptSecret(SECRET, { keyring: ringA });
    const [version, id, iv, tag, data, ...rest] = ciphertext.split(":");
    expect(rest).toEqual([]);
    expect(version).toBe("v1");
    expect(id).toBe(keyId(keyA));
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(Buffer.from(iv ?? "", "base64url")).toHaveLength(12);
    expect(Buffer.from(tag ?? "", "base64url")).toHaveLength(16);
    expect(Buffer.from(data ?? "", "base64url")).toHaveLength(Buffer.byteLength(SECRET));
    expect(ciphertext).not.toContain(SECRET);
    expect(ciphertext).not.toContain(Buffer.from(SECRET).toString("base64url"));
    expect(decryptSecret(ciphertext, { keyring: ringA })).toBe(SECRET);
  });

  it("CONN-4: uses a fresh IV each time, so equal secrets do not give equal ciphertexts", () => {
    const first = encryptSecret(SECRET, { keyring: ringA });
    const second = encryptSecret(SECRET, { keyring: ringA });
    expect(first).not.toBe(second);
    expect(decryptSecret(second, { keyring: ringA })).toBe(SECRET);
  });

  it("CONN-4: round-trips unicode and empty secrets", () => {
    for (const value of ["", "ключ-🔑-鍵", randomBytes(300).toString("base64")]) {
      expect(decryptSecret(encryptSecret(value, { keyring: ringA }), { keyring: ringA })).toBe(value);
    }
  });

  it.each([
    ["the data", 4],
    ["the tag", 3],
    ["the iv", 2],
  ])("CONN-4: detects tampering with %s", (_name, index) => {
    const parts = encryptSecret(SECRET, { keyring: ringA }).split(":");
    const bytes = Buffer.from(at(parts, index), "base64url");
    bytes.writeUInt8(bytes.readUInt8(0) ^ 0x01, 0);
    parts[index] = bytes.toString("base64url");
    expect(() => decryptSecret(parts.join(":"), { keyring: ringA })).toThrow(DecryptionError);
  });

  it("CONN-4: a ciphertext bound to one shop's row does not decrypt in another's", () => {
    const ciphertext = encryptSecret(SECRET, { keyring: ringA, context: "provider-connection:shop-a" });
    expect(decryptSecret(ciphertext, { keyring: ringA, context: "provider-connection:shop-a" })).toBe(SECRET);
    expect(() => decryptSecret(ciphertext, { keyring: ringA, context: "provider-connection:shop-b" })).toThrow(DecryptionError);
  });

  it("CONN-4: refuses malformed input and an unknown key with a message that holds no secret", () => {
    expect(() => decryptSecret("not-a-ciphertext", { keyring: ringA })).toThrow(DecryptionError);
    expect(() => decryptSecret("v2:abcd:x:y:z", { keyring: ringA })).toThrow(/format/);
    const foreign = encryptSecret(SECRET, { keyring: { current: keyB } });
    try {
      decryptSecret(foreign, { keyring: ringA });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DecryptionError);
      expect((error as Error).message).toContain(keyId(keyB));
      expect((error as Error).message).not.toContain(SECRET);
      expect((error as Error).message).not.toContain(keyB.toString("hex"));
    }
  });

  it("CONN-4: rejects keys that are not 32 bytes of hex", () => {
    expect(() => parseKey("abc")).toThrow(/64 hex/);
    expect(() => parseKey("z".repeat(64))).toThrow(/64 hex/);
  });

  it("CONN-4: shows only a masked tail of a secret", () => {
    expect(secretTail(SECRET)).toBe("6b5c");
    expect(maskedSecret(secretTail(SECRET))).toBe("••••6b5c");
  });
});

describe("encryption key rotation (docs/operations.md)", () => {
  const rotating: EncryptionKeyring = { current: keyB, previous: keyA };

  it("CONN-4: during a rotation the previous key still decrypts while the new key encrypts", () => {
    const old = encryptSecret(SECRET, { keyring: ringA, context: "c" });
    expect(decryptSecret(old, { keyring: rotating, context: "c" })).toBe(SECRET);
    const fresh = encryptSecret(SECRET, { keyring: rotating, context: "c" });
    expect(fresh.split(":")[1]).toBe(keyId(keyB));
    expect(isUnderCurrentKey(old, rotating)).toBe(false);
    expect(isUnderCurrentKey(fresh, rotating)).toBe(true);
  });

  it("CONN-4: re-encrypting moves a secret to the current key, after which the old key can be dropped", () => {
    const old = encryptSecret(SECRET, { keyring: ringA, context: "c" });
    const moved = reencryptSecret(old, { keyring: rotating, context: "c" });
    expect(isUnderCurrentKey(moved, rotating)).toBe(true);
    expect(decryptSecret(moved, { keyring: { current: keyB }, context: "c" })).toBe(SECRET);
    expect(() => decryptSecret(old, { keyring: { current: keyB }, context: "c" })).toThrow(DecryptionError);
  });
});

describe("signed proofs (CONN-2: Save needs a passed test)", () => {
  const fields = ["shop-1", "recharge", fingerprintSecret(SECRET, ringA)];

  it("CONN-2: a proof checks only for the exact purpose and fields it was issued for", () => {
    const proof = issueProof("provider-token-test", fields, { now: 1_000_000, keyring: ringA });
    const opts = { maxAgeMs: 60_000, now: 1_010_000, keyring: ringA };
    expect(checkProof(proof, "provider-token-test", fields, opts)).toEqual({ ok: true, issuedAt: new Date(1_000_000) });
    expect(checkProof(proof, "other-purpose", fields, opts)).toEqual({ ok: false, reason: "mismatch" });
    expect(checkProof(proof, "provider-token-test", ["shop-2", ...fields.slice(1)], opts)).toEqual({ ok: false, reason: "mismatch" });
    expect(checkProof(proof, "provider-token-test", ["shop-1", "skio", at(fields, 2)], opts)).toEqual({ ok: false, reason: "mismatch" });
    const otherToken = ["shop-1", "recharge", fingerprintSecret(`${SECRET}x`, ringA)];
    expect(checkProof(proof, "provider-token-test", otherToken, opts)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("CONN-2: a proof expires, cannot be re-dated and is refused when malformed", () => {
    const proof = issueProof("p", fields, { now: 1_000_000, keyring: ringA });
    expect(checkProof(proof, "p", fields, { maxAgeMs: 60_000, now: 1_070_001, keyring: ringA })).toEqual({ ok: false, reason: "expired" });
    const redated = proof.replace(/^\d+/, "1060000");
    expect(checkProof(redated, "p", fields, { maxAgeMs: 60_000, now: 1_070_000, keyring: ringA })).toEqual({ ok: false, reason: "mismatch" });
    for (const bad of [null, undefined, "", "123", "abc.def", `${proof}x`]) {
      expect(checkProof(bad, "p", fields, { maxAgeMs: 60_000, now: 1_000_000, keyring: ringA }).ok).toBe(false);
    }
  });

  it("CONN-4: a fingerprint identifies a secret without revealing it, and depends on the server key", () => {
    const fp = fingerprintSecret(SECRET, ringA);
    expect(fp).toBe(fingerprintSecret(SECRET, ringA));
    expect(fp).not.toContain(SECRET.slice(0, 8));
    expect(fingerprintSecret(SECRET, { current: keyB })).not.toBe(fp);
    expect(fingerprintSecret(`${SECRET}x`, ringA)).not.toBe(fp);
  });
});
