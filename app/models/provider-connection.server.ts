/**
 * The merchant's subscription provider connection (CONN-1..6).
 *
 * - "Test API key" runs the adapter's token check and, only when it passes, hands back a
 *   short-lived proof bound to (shop, provider, token fingerprint). Save refuses anything
 *   without a matching proof, so "Save is refused until a test of the current token and
 *   provider has passed" (CONN-2) holds on the server, not just in the button.
 * - Tokens are stored AES-256-GCM encrypted, bound to the shop (CONN-4); only the last four
 *   characters ever leave this module; no log line carries a token.
 */
import type { ProviderConnection, Shop } from "@prisma/client";
import { z } from "zod";
import prisma from "~/db.server";
import { logger } from "~/logger.server";
import { createProviderAdapter } from "~/providers/index.server";
import { PROVIDER_LABELS } from "~/providers/scopes";
import { ProviderNameSchema, type ProviderName, type TokenCheckResult, type VerificationItem } from "~/providers/types";
import { DecryptionError, decryptSecret, encryptSecret, maskedSecret, secretTail } from "~/security/encryption.server";
import { checkProof, fingerprintSecret, issueProof } from "~/security/proof.server";
import { secretContext } from "~/security/secret-columns.server";
import { AUDIT_ACTIONS, recordAudit, type AuditActor } from "./audit.server";

type ShopRef = Pick<Shop, "id" | "domain">;

/** How long a passed test lets the merchant press Save. */
export const TEST_PROOF_MAX_AGE_MS = 30 * 60_000;
const PROOF_PURPOSE = "provider-token-test";

export const TokenSchema = z
  .string()
  .trim()
  .min(8, "Paste the whole API token (it is longer than that)")
  .max(1024, "That is longer than any provider token: check what you pasted")
  .regex(/^[\x21-\x7e]+$/, "An API token has no spaces or special characters: check what you pasted");

export type TestState = "valid" | "invalid" | "unverifiable";

/** What the browser sees of a saved connection: never the token, only its tail. */
export interface ConnectionView {
  provider: ProviderName;
  providerLabel: string;
  tokenMasked: string;
  testState: TestState | "untested";
  testMessage: string | null;
  missingScopes: string[];
  verifiedAt: string | null;
  needsRetest: boolean;
  needsRetestReason: string | null;
  updatedAt: string;
}

/** The outcome of "Test API key" (CONN-2), as the page renders it. */
export interface TokenTestOutcome {
  provider: ProviderName;
  state: TestState;
  reason: "rejected" | "missing_scopes" | "other_store" | null;
  message: string;
  missingScopes: string[];
  /** What the provider would not let us check (Skio: scopes). */
  unchecked: VerificationItem[];
  testedAt: string;
  /** Only on "valid": Save presents it back (bound to shop, provider and token). */
  proof: string | null;
}

export class ConnectionTestRequiredError extends Error {
  readonly status = 409;
  constructor(message: string) {
    super(message);
    this.name = "ConnectionTestRequiredError";
  }
}

export class ConnectionNotFoundError extends Error {
  readonly status = 404;
  constructor() {
    super("There is no saved provider connection to test. Choose a provider, paste its API token and test it.");
    this.name = "ConnectionNotFoundError";
  }
}

const tokenContext = secretContext.providerToken;

function parseScopes(json: string): string[] {
  const parsed = z.array(z.string()).safeParse(safeJson(json));
  return parsed.success ? parsed.data : [];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function toView(row: ProviderConnection): ConnectionView {
  const provider = ProviderNameSchema.parse(row.provider);
  return {
    provider,
    providerLabel: PROVIDER_LABELS[provider],
    tokenMasked: maskedSecret(row.tokenLast4),
    testState: (["valid", "invalid", "unverifiable"].includes(row.testState) ? row.testState : "untested") as ConnectionView["testState"],
    testMessage: row.testMessage,
    missingScopes: parseScopes(row.missingScopes),
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    needsRetest: row.needsRetest,
    needsRetestReason: row.needsRetestReason,
    updatedAt: row.updatedAt.toISOString(),
  };
}

const describe = (row: Pick<ProviderConnection, "provider" | "tokenLast4"> | null) =>
  row ? `${row.provider} ${maskedSecret(row.tokenLast4)}` : null;

export async function loadConnectionView(shopId: string): Promise<ConnectionView | null> {
  const row = await prisma.providerConnection.findUnique({ where: { shopId } });
  return row ? toView(row) : null;
}

/** Runs the adapter's check; an adapter that throws anyway counts as "could not verify". */
async function checkToken(shop: ShopRef, provider: ProviderName, token: string): Promise<TokenCheckResult> {
  try {
    // Base URL and timeout come from RECHARGE_/SKIO_/LOOP_API_URL and PROVIDER_TIMEOUT_MS.
    const adapter = createProviderAdapter({ provider, token, shopDomain: shop.domain });
    return await adapter.verifyToken({ shopDomain: shop.domain });
  } catch (error) {
    logger.warn("provider token check failed unexpectedly", {
      shop: shop.domain,
      provider,
      error: error instanceof Error ? error.name : "unknown",
    });
    return {
      state: "unverifiable",
      message: `Uplift could not verify the token with ${PROVIDER_LABELS[provider]} because of an unexpected error. Try again in a few minutes.`,
      checked: [],
      unchecked: ["authentication", "scopes", "store"],
    };
  }
}

function proofFields(shopId: string, provider: ProviderName, token: string): string[] {
  return [shopId, provider, fingerprintSecret(token)];
}

function toOutcome(provider: ProviderName, result: TokenCheckResult, now: Date, proof: string | null): TokenTestOutcome {
  return {
    provider,
    state: result.state,
    reason: result.state === "invalid" ? result.reason : null,
    message: result.message,
    missingScopes: result.state === "invalid" ? result.missingScopes : [],
    unchecked: result.unchecked ?? [],
    testedAt: now.toISOString(),
    proof,
  };
}

/** CONN-2: "Test API key" for a token typed into the form (nothing is stored). */
export async function testProviderToken(input: {
  shop: ShopRef;
  provider: ProviderName;
  token: string;
  now?: Date;
}): Promise<TokenTestOutcome> {
  const now = input.now ?? new Date();
  const result = await checkToken(input.shop, input.provider, input.token);
  logger.info("provider token tested", { shop: input.shop.domain, provider: input.provider, state: result.state });
  const proof =
    result.state === "valid"
      ? issueProof(PROOF_PURPOSE, proofFields(input.shop.id, input.provider, input.token), { now: now.getTime() })
      : null;
  return toOutcome(input.provider, result, now, proof);
}

/**
 * Save (CONN-2): refused with ConnectionTestRequiredError unless `proof` came from a
 * passed test of exactly this provider and token for this shop, within the last 30 min.
 */
export async function saveProviderConnection(input: {
  shop: ShopRef;
  provider: ProviderName;
  token: string;
  proof: string | null | undefined;
  actor: AuditActor;
  now?: Date;
}): Promise<ConnectionView> {
  const now = input.now ?? new Date();
  const check = checkProof(input.proof, PROOF_PURPOSE, proofFields(input.shop.id, input.provider, input.token), {
    maxAgeMs: TEST_PROOF_MAX_AGE_MS,
    now: now.getTime(),
  });
  if (!check.ok) {
    throw new ConnectionTestRequiredError(
      check.reason === "expired"
        ? "The last successful test is too old. Press Test API key again, then Save."
        : `Press Test API key and wait for a successful test of this ${PROVIDER_LABELS[input.provider]} token before saving.`,
    );
  }
  const data = {
    provider: input.provider,
    tokenCiphertext: encryptSecret(input.token, { context: tokenContext(input.shop.id) }),
    tokenLast4: secretTail(input.token),
    testState: "valid",
    testMessage: `${PROVIDER_LABELS[input.provider]} accepted the token.`,
    missingScopes: "[]",
    verifiedAt: check.issuedAt,
    needsRetest: false,
    needsRetestReason: null,
  };
  const saved = await prisma.$transaction(async (tx) => {
    const before = await tx.providerConnection.findUnique({ where: { shopId: input.shop.id } });
    const row = await tx.providerConnection.upsert({
      where: { shopId: input.shop.id },
      create: { shopId: input.shop.id, ...data },
      update: data,
    });
    await recordAudit(
      {
        shopId: input.shop.id,
        shopDomain: input.shop.domain,
        actor: input.actor,
        action: AUDIT_ACTIONS.providerConnected,
        oldValue: describe(before),
        newValue: describe(row),
      },
      tx,
    );
    return row;
  });
  logger.info("provider connection saved", { shop: input.shop.domain, provider: input.provider });
  return toView(saved);
}

/**
 * Re-tests the saved token without the merchant typing it again (CONN-6). A pass clears
 * needsRetest; a clear failure flags the connection (the banner stays until fixed); a
 * "could not verify" changes nothing, because it says nothing about the token.
 */
export async function retestSavedConnection(input: {
  shop: ShopRef;
  actor: AuditActor;
  now?: Date;
}): Promise<{ outcome: TokenTestOutcome; connection: ConnectionView }> {
  const now = input.now ?? new Date();
  const row = await prisma.providerConnection.findUnique({ where: { shopId: input.shop.id } });
  if (!row) throw new ConnectionNotFoundError();
  const provider = ProviderNameSchema.parse(row.provider);

  let result: TokenCheckResult;
  try {
    const token = decryptSecret(row.tokenCiphertext, { context: tokenContext(input.shop.id) });
    result = await checkToken(input.shop, provider, token);
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    logger.error("saved provider token cannot be decrypted", { shop: input.shop.domain, provider, error: error.message });
    result = {
      state: "invalid",
      reason: "rejected",
      missingScopes: [],
      message: "The saved token can no longer be read (Uplift's encryption key changed). Paste the token again, test it and save.",
      checked: [],
      unchecked: ["authentication", "scopes", "store"],
    };
  }
  const outcome = toOutcome(provider, result, now, null);
  if (result.state === "unverifiable") {
    logger.info("saved provider token re-tested", { shop: input.shop.domain, provider, state: result.state });
    return { outcome, connection: toView(row) };
  }

  const passed = result.state === "valid";
  const updated = await prisma.$transaction(async (tx) => {
    const next = await tx.providerConnection.update({
      where: { id: row.id },
      data: {
        testState: result.state,
        testMessage: result.message,
        missingScopes: JSON.stringify(outcome.missingScopes),
        ...(passed ? { verifiedAt: now } : {}),
        needsRetest: !passed,
        needsRetestReason: passed ? null : result.message,
      },
    });
    await recordAudit(
      {
        shopId: input.shop.id,
        shopDomain: input.shop.domain,
        actor: input.actor,
        action: AUDIT_ACTIONS.providerRetested,
        oldValue: row.needsRetest ? `${row.testState} (needs re-test)` : row.testState,
        newValue: result.state,
      },
      tx,
    );
    return next;
  });
  logger.info("saved provider token re-tested", { shop: input.shop.domain, provider, state: result.state });
  return { outcome, connection: toView(updated) };
}

/** Removes the connection (and with it the stored token). Returns false when there was none. */
export async function disconnectProvider(input: { shop: ShopRef; actor: AuditActor }): Promise<boolean> {
  const removed = await prisma.$transaction(async (tx) => {
    const before = await tx.providerConnection.findUnique({ where: { shopId: input.shop.id } });
    if (!before) return false;
    await tx.providerConnection.delete({ where: { id: before.id } });
    await recordAudit(
      {
        shopId: input.shop.id,
        shopDomain: input.shop.domain,
        actor: input.actor,
        action: AUDIT_ACTIONS.providerDisconnected,
        oldValue: describe(before),
        newValue: null,
      },
      tx,
    );
    return true;
  });
  if (removed) logger.info("provider connection removed", { shop: input.shop.domain });
  return removed;
}

/**
 * For the worker: the decrypted token of a shop's connection, or null when there is
 * none. Keep the result in memory only; never log or persist it.
 */
export async function loadProviderCredentials(
  shopId: string,
): Promise<{ provider: ProviderName; token: string; needsRetest: boolean } | null> {
  const row = await prisma.providerConnection.findUnique({ where: { shopId } });
  if (!row) return null;
  return {
    provider: ProviderNameSchema.parse(row.provider),
    token: decryptSecret(row.tokenCiphertext, { context: tokenContext(shopId) }),
    needsRetest: row.needsRetest,
  };
}

/** CONN-6: called when a provider call fails with an auth error; the banner follows. */
export async function markConnectionNeedsRetest(shopId: string, reason: string): Promise<void> {
  await prisma.providerConnection.updateMany({ where: { shopId }, data: { needsRetest: true, needsRetestReason: reason } });
}
