/**
 * RUN-8 under load: twenty identical accepts of one signed changeset, sent at once over
 * real HTTP, as a shopper's page retrying on a flaky connection (or an attacker) would.
 * Shared by the SQLite and PostgreSQL test files, which differ only in their database.
 */
import prisma from "~/db.server";
import { closeQueues } from "~/jobs/queues.server";
import { action as decisionAction } from "~/routes/api.post-purchase.decision";
import { startRouteServer } from "../support/route-server";
import { BROWSER_UA, purchaseToken, seedFunnel, seedShop, showAndSign } from "./runtime-fixtures";

const MORNING_ROAST = 1001;
const DOUBLE_BAG = 2007;

export const PARALLEL_ACCEPTS = 20;

export interface ConcurrentAcceptsResult {
  statuses: number[];
  alreadyRecorded: boolean[];
  acceptances: number;
  upgradeJobs: number;
  outboxRows: number;
}

/** Signs one upgrade changeset, then posts PARALLEL_ACCEPTS accepts of it at once. */
export async function runConcurrentAccepts(label: string, whileAccepting: () => Promise<() => Promise<void>> = async () => async () => {}): Promise<ConcurrentAcceptsResult> {
  const shop = await seedShop(`parallel-${label}.myshopify.com`, { beta: true, provider: "recharge" });
  await seedFunnel(shop.id, {
    name: "Upgrade",
    triggerProductIds: [MORNING_ROAST],
    subscriptionTrigger: "include",
    offers: [{ key: "up", kind: "subscription_upgrade", items: [{ variantId: DOUBLE_BAG, upgrade: { triggerProductId: MORNING_ROAST, type: "frequency", intervalUnit: "month", deliveryIntervalCount: 2, billingIntervalCount: 2 } }] }],
  });
  const purchase = await purchaseToken(shop.domain, [{ variantId: 2001, sellingPlanId: 3001 }], "4001");
  const { offer, signed } = await showAndSign(purchase.token, purchase.referenceId);
  const server = await startRouteServer({ "/api/post-purchase/decision": decisionAction });
  const stopContention = await whileAccepting();
  try {
    const body = JSON.stringify({ referenceId: purchase.referenceId, offerId: offer.offerId, decision: "accepted", token: signed.body.token });
    const headers = { "Content-Type": "application/json", Authorization: `Bearer ${purchase.token}`, "User-Agent": BROWSER_UA, Origin: "https://checkout.shopify.com" };
    const responses = await Promise.all(
      Array.from({ length: PARALLEL_ACCEPTS }, () => fetch(`${server.url}/api/post-purchase/decision`, { method: "POST", headers, body })),
    );
    const bodies = await Promise.all(responses.map(async (r) => (r.headers.get("content-type")?.includes("json") ? r.json() : { text: await r.text() })));
    const where = { shopId: shop.id, referenceId: purchase.referenceId };
    return {
      statuses: responses.map((r) => r.status),
      alreadyRecorded: bodies.map((b) => b.alreadyRecorded),
      acceptances: await prisma.acceptance.count({ where }),
      upgradeJobs: await prisma.upgradeJob.count({ where: { acceptance: where } }),
      outboxRows: await prisma.outboxEvent.count({ where: { shopId: shop.id } }),
    };
  } finally {
    await stopContention();
    await server.close();
    await closeQueues();
  }
}
