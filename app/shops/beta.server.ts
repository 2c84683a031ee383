/**
 * The subscription-upgrades beta (BETA-1..3) and the gate on the "Subscription upgrade"
 * offer type (CONN-5).
 */
import type { Shop } from "@prisma/client";
import { z } from "zod";
import prisma from "~/db.server";
import { AppError } from "~/lib/errors";
import { logger } from "~/logger.server";
import { AUDIT_ACTIONS, recordAudit, type AuditActor } from "../audit/audit.server";

export const UPGRADES_BETA_DISABLED = "upgrades_beta_disabled";
/** Where a merchant asks for the beta (BETA-1); shown wherever upgrades are mentioned. */
export const BETA_REQUEST_CONTACT = "support@uplift.test";

export const UPGRADES_BETA_DISABLED_MESSAGE =
  `Subscription upgrades are not enabled for this shop. They are in beta: email ${BETA_REQUEST_CONTACT} with your store's myshopify.com address to join.`;

/** The body of the 403 a beta-only route answers while the flag is off (BETA-3). */
export interface BetaDisabledBody {
  error: typeof UPGRADES_BETA_DISABLED;
  message: string;
}

type BetaFlag = Pick<Shop, "subscriptionUpgradesBeta">;

export function isUpgradesBetaEnabled(shop: BetaFlag): boolean {
  return shop.subscriptionUpgradesBeta === true;
}

/** BETA-3: the beta is off for this shop; the edge answers 403 with BetaDisabledBody. */
export class BetaDisabledError extends AppError {
  readonly code = UPGRADES_BETA_DISABLED;
  readonly kind = "forbidden" as const;
  constructor() {
    super(UPGRADES_BETA_DISABLED_MESSAGE);
  }
}

/**
 * BETA-1/BETA-3: call first in every beta-only loader and action (wrapped in
 * withAppErrors): the 403's JSON body is what the route's ErrorBoundary renders as a
 * friendly page (a fetcher gets the JSON).
 */
export function requireUpgradesBeta(shop: BetaFlag): void {
  if (!isUpgradesBetaEnabled(shop)) throw new BetaDisabledError();
}

export function isBetaDisabledBody(data: unknown): data is BetaDisabledBody {
  return !!data && typeof data === "object" && (data as { error?: unknown }).error === UPGRADES_BETA_DISABLED;
}

export const BetaChangeSchema = z.object({
  enabled: z.boolean(),
  reason: z
    .string()
    .trim()
    .min(3, "Give a reason (at least 3 characters): it goes into the audit log")
    .max(500, "Keep the reason under 500 characters"),
});

export interface BetaChangeResult {
  shop: Shop;
  /** False when the flag already had the requested value (nothing audited). */
  changed: boolean;
  previous: boolean;
}

export class ShopNotFoundError extends Error {
  constructor(readonly shopRef: string) {
    super(`No shop ${shopRef}`);
    this.name = "ShopNotFoundError";
  }
}

/**
 * BETA-2: turns the flag on or off and records who, when, shop, old → new and why in the
 * same transaction. The conditional update makes two simultaneous toggles record one
 * change, never two.
 */
export async function setUpgradesBeta(input: {
  shopId: string;
  enabled: boolean;
  reason: string;
  actor: AuditActor;
}): Promise<BetaChangeResult> {
  const { enabled, reason } = BetaChangeSchema.parse({ enabled: input.enabled, reason: input.reason });
  const result = await prisma.$transaction(async (tx) => {
    const before = await tx.shop.findUnique({ where: { id: input.shopId } });
    if (!before) throw new ShopNotFoundError(input.shopId);
    const { count } = await tx.shop.updateMany({
      where: { id: input.shopId, subscriptionUpgradesBeta: !enabled },
      data: { subscriptionUpgradesBeta: enabled },
    });
    if (count === 1) {
      await recordAudit(
        {
          shopId: before.id,
          shopDomain: before.domain,
          actor: input.actor,
          action: enabled ? AUDIT_ACTIONS.betaEnabled : AUDIT_ACTIONS.betaDisabled,
          oldValue: String(!enabled),
          newValue: String(enabled),
          reason,
        },
        tx,
      );
    }
    const after = await tx.shop.findUniqueOrThrow({ where: { id: input.shopId } });
    return { shop: after, changed: count === 1, previous: count === 1 ? !enabled : before.subscriptionUpgradesBeta };
  });
  logger.info("subscription upgrades beta set", {
    shop: result.shop.domain,
    enabled,
    changed: result.changed,
    actor: input.actor,
  });
  return result;
}

export type UpgradeUnavailableReason = "beta_off" | "no_connection" | "not_verified" | "needs_retest";

export type SubscriptionUpgradeAvailability =
  /** `provider`: the connected one, so the editor can flag upgrades it cannot carry out (issue 13 §6). */
  | { available: true; provider: string }
  | { available: false; reason: UpgradeUnavailableReason; message: string };

const UNAVAILABLE_MESSAGES: Record<UpgradeUnavailableReason, string> = {
  beta_off: UPGRADES_BETA_DISABLED_MESSAGE,
  no_connection:
    "Connect your subscription provider in Settings › Subscription Upgrades to offer subscription upgrades.",
  not_verified:
    "Your subscription provider key has not passed its test. Test and save it in Settings › Subscription Upgrades.",
  needs_retest:
    "Your subscription provider key stopped working. Re-test it in Settings › Subscription Upgrades.",
};

/** CONN-5, with the reason when the offer type is withheld (for the editor to explain). */
export async function subscriptionUpgradeAvailability(
  shop: Pick<Shop, "id" | "subscriptionUpgradesBeta">,
): Promise<SubscriptionUpgradeAvailability> {
  const unavailable = (reason: UpgradeUnavailableReason) =>
    ({ available: false, reason, message: UNAVAILABLE_MESSAGES[reason] }) as const;
  if (!isUpgradesBetaEnabled(shop)) return unavailable("beta_off");
  const connection = await prisma.providerConnection.findUnique({
    where: { shopId: shop.id },
    select: { provider: true, testState: true, verifiedAt: true, needsRetest: true },
  });
  if (!connection) return unavailable("no_connection");
  if (connection.testState !== "valid" || !connection.verifiedAt) return unavailable("not_verified");
  if (connection.needsRetest) return unavailable("needs_retest");
  return { available: true, provider: connection.provider };
}

/**
 * CONN-5: the "Subscription upgrade" offer type may be offered only when the beta is on
 * AND a saved connection passed its test AND it has not been flagged for a re-test.
 * (Provider "None" means no connection row, so it is covered by the second condition.)
 */
export async function canOfferSubscriptionUpgrades(shop: Pick<Shop, "id" | "subscriptionUpgradesBeta">): Promise<boolean> {
  return (await subscriptionUpgradeAvailability(shop)).available;
}
