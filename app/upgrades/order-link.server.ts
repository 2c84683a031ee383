/**
 * Where an upgrade learns its order when the orders/edited webhook has not linked it
 * (audit S-1): that webhook needs protected customer data approval and may be late,
 * lost or refused, so the worker also asks the Admin API for the order placed by the
 * acceptance's purchase reference, and links what it finds exactly as the webhook would.
 */
import prisma from "~/db.server";
import type { Logger } from "~/logger.server";
import type { OrderByReference } from "~/integrations/shopify-admin/order-by-reference.server";
import { linkOrder } from "~/post-purchase/server/acceptances.server";
import { withDbRetry } from "../lib/db-retry.server";

/** Injected into the worker: the order placed by `referenceId` in `shopDomain`, or null. */
export type FindOrderByReference = (input: { shopDomain: string; referenceId: string }) => Promise<OrderByReference | null>;

export interface UpgradeOrderFacts {
  id: string;
  acceptanceId: string;
  orderId: string | null;
  customerId: string | null;
  shop: { domain: string };
}

/**
 * The upgrade's order and customer: as stored, else from the Admin API (then saved on the
 * acceptance and the upgrade). A failed lookup is logged and leaves the order unknown, so
 * the attempt fails as OrderNotLinkedError and is retried like any transient failure.
 */
export async function resolveUpgradeOrder(
  upgrade: UpgradeOrderFacts,
  findOrder: FindOrderByReference | undefined,
  log: Logger,
): Promise<{ orderId: string | null; customerId: string | null }> {
  const stored = { orderId: upgrade.orderId, customerId: upgrade.customerId };
  if (upgrade.orderId || !findOrder) return stored;
  const acceptance = await withDbRetry(() => prisma.acceptance.findUnique({ where: { id: upgrade.acceptanceId }, select: { referenceId: true } }));
  if (!acceptance) return stored;
  let found: OrderByReference | null;
  try {
    found = await findOrder({ shopDomain: upgrade.shop.domain, referenceId: acceptance.referenceId });
  } catch (error) {
    log.warn("order lookup by purchase reference failed", { error: error instanceof Error ? error.message : String(error) });
    return stored;
  }
  if (!found) {
    log.info("no order yet for the purchase reference");
    return stored;
  }
  await withDbRetry(() => linkOrder(upgrade.acceptanceId, { orderId: found.orderId, orderName: found.orderName, customerName: found.customerName }));
  log.info("order linked from the Admin API", { orderId: found.orderId });
  return { orderId: found.orderId, customerId: upgrade.customerId ?? found.customerId };
}
