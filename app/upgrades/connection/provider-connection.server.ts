/**
 * The merchant's saved subscription provider connection (CONN-1, CONN-2, CONN-4, CONN-6).
 *
 * - Save refuses anything without the proof a passed "Test API key" returned
 *   (provider-token-test.server.ts), so "Save is refused until a test of the current token
 *   and provider has passed" (CONN-2) holds on the server, not just in the button.
 * - Tokens are stored AES-256-GCM encrypted, bound to the shop (CONN-4); only the last four
 *   characters ever leave this module; no log line carries a token.
 */
import { AppError } from "~/lib/errors";
import type { ProviderConnection, Shop } from "@prisma/client";
import { z } from "zod";
import prisma from "~/db.server";
import { logger } from "~/logger.server";
import { PROVIDER_LABELS } from "~/providers/scopes";
import { ProviderNameSchema, type ProviderName } from "~/providers/types";
import { checkConnectionTestProof } from "~/security/connection-proof.server";
import { decryptSecret, encryptSecret, maskedSecret, secretTail } from "~/security/encryption.server";
import { secretContext } from "~/security/secret-columns.server";
import { AUDIT_ACTIONS, recordAudit, type AuditActor } from "../../audit/audit.server";

type ShopRef = Pick<Shop, "id" | "domain">;

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

export class ConnectionTestRequiredError extends AppError {
  readonly code = "connection_test_required";
  readonly kind = "conflict" as const;
  constructor(message: string) {
    super(message);
  }
}

export const tokenContext = secretContext.providerToken;

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

/** The browser-safe view of a connection row. */
export function connectionView(row: ProviderConnection): ConnectionView {
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

/** How a connection appears in the audit log: provider and masked token. */
export const describeConnection = (row: Pick<ProviderConnection, "provider" | "tokenLast4"> | null) =>
  row ? `${row.provider} ${maskedSecret(row.tokenLast4)}` : null;

export async function loadConnectionView(shopId: string): Promise<ConnectionView | null> {
  const row = await prisma.providerConnection.findUnique({ where: { shopId } });
  return row ? connectionView(row) : null;
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
  const check = checkConnectionTestProof({ shopId: input.shop.id, provider: input.provider, token: input.token, proof: input.proof, now });
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
        oldValue: describeConnection(before),
        newValue: describeConnection(row),
      },
      tx,
    );
    return row;
  });
  logger.info("provider connection saved", { shop: input.shop.domain, provider: input.provider });
  return connectionView(saved);
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
        oldValue: describeConnection(before),
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
