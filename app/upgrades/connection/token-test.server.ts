/**
 * "Test API key" (CONN-2, CONN-3): runs the provider adapter's token check for a token
 * typed into the form, or for the saved one (CONN-6, no retyping). A pass on a typed token
 * returns a short-lived proof bound to (shop, provider, token fingerprint) that Save must
 * present (connection-proof.server.ts).
 */
import { AppError } from "~/lib/errors";
import type { Shop } from "@prisma/client";
import prisma from "~/db.server";
import { shopOwnsCustomerWithOfflineSession } from "~/integrations/shopify-admin/customers.server";
import { logger } from "~/logger.server";
import { createProviderAdapter } from "~/providers/index.server";
import { PROVIDER_LABELS } from "~/providers/scopes";
import { ProviderNameSchema, type ProviderName, type TokenCheckResult, type VerificationItem } from "~/providers/types";
import { issueConnectionTestProof } from "~/security/connection-proof.server";
import { DecryptionError, decryptSecret } from "~/security/encryption.server";
import { AUDIT_ACTIONS, recordAudit, type AuditActor } from "../../audit/audit.server";
import { connectionView, tokenContext, type ConnectionView, type TestState } from "./provider-connection.server";

type ShopRef = Pick<Shop, "id" | "domain">;

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

export class ConnectionNotFoundError extends AppError {
  readonly code = "connection_not_found";
  readonly kind = "not_found" as const;
  constructor() {
    super("There is no saved provider connection to test. Choose a provider, paste its API token and test it.");
  }
}

/** Runs the adapter's check; an adapter that throws anyway counts as "could not verify". */
async function checkToken(shop: ShopRef, provider: ProviderName, token: string): Promise<TokenCheckResult> {
  try {
    // Base URL and timeout come from RECHARGE_/SKIO_/LOOP_API_URL and PROVIDER_TIMEOUT_MS.
    const adapter = createProviderAdapter({ provider, token, shopDomain: shop.domain });
    // The store is confirmed through the shop's own customers: no provider names its shop reliably.
    return await adapter.verifyToken({ shopDomain: shop.domain, ownsCustomer: shopOwnsCustomerWithOfflineSession(shop.domain) });
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
    result.state === "valid" ? issueConnectionTestProof({ shopId: input.shop.id, provider: input.provider, token: input.token, now }) : null;
  return toOutcome(input.provider, result, now, proof);
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
    return { outcome, connection: connectionView(row) };
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
  return { outcome, connection: connectionView(updated) };
}
