/**
 * Shopify's mandatory privacy webhooks (OPS-1). Every function is idempotent: Shopify
 * may deliver the same webhook more than once.
 */
import prisma from "~/db.server";

/** app/uninstalled: sessions go at once; shop data is kept until shop/redact (48 h later). */
export async function handleUninstall(shopDomain: string): Promise<void> {
  await prisma.$transaction([
    prisma.session.deleteMany({ where: { shop: shopDomain } }),
    prisma.shop.updateMany({ where: { domain: shopDomain, uninstalledAt: null }, data: { uninstalledAt: new Date() } }),
  ]);
}

/** shop/redact: erase everything the shop owns (every model cascades from Shop). */
export async function redactShop(shopDomain: string): Promise<void> {
  await prisma.$transaction([
    prisma.session.deleteMany({ where: { shop: shopDomain } }),
    prisma.shop.deleteMany({ where: { domain: shopDomain } }),
  ]);
}

/**
 * customers/redact: remove what identifies the customer. Rows that carry their contact
 * details are deleted; rows the merchant's reports need keep no link to the person.
 */
export async function redactCustomer(shopDomain: string, customerId: string): Promise<void> {
  const shop = await prisma.shop.findUnique({ where: { domain: shopDomain } });
  if (!shop) return;
  const scope = { shopId: shop.id, customerId };
  await prisma.$transaction([
    prisma.postscriptDelivery.deleteMany({ where: scope }),
    prisma.outboxEvent.deleteMany({ where: { ...scope, topic: "postscript" } }),
    prisma.outboxEvent.updateMany({ where: scope, data: { customerId: null } }),
    prisma.upgradeJob.updateMany({ where: scope, data: { customerId: null, customerName: null } }),
    prisma.acceptance.updateMany({ where: scope, data: { customerId: null } }),
    prisma.offerEvent.updateMany({ where: scope, data: { customerId: null } }),
  ]);
}

/**
 * customers/data_request: what Uplift holds about a customer, recorded for the merchant
 * (who must answer the request) in the audit log.
 */
export async function recordCustomerDataRequest(shopDomain: string, customerId: string, requestId: string) {
  const shop = await prisma.shop.findUnique({ where: { domain: shopDomain } });
  if (!shop) return null;
  const scope = { shopId: shop.id, customerId };
  const [acceptances, upgrades, smsEvents] = await Promise.all([
    prisma.acceptance.findMany({ where: scope, select: { referenceId: true, orderId: true, kind: true, amountMinor: true, currency: true, createdAt: true } }),
    prisma.upgradeJob.findMany({ where: scope, select: { orderId: true, status: true, request: true, createdAt: true } }),
    prisma.postscriptDelivery.findMany({ where: scope, select: { eventType: true, status: true, createdAt: true } }),
  ]);
  const report = { customerId, acceptances, upgrades, smsEvents };
  // Idempotent per request id: a redelivered webhook does not add a second entry.
  const action = `customer_data_request:${requestId}`;
  const existing = await prisma.auditLog.findFirst({ where: { shopId: shop.id, action } });
  if (!existing) {
    await prisma.auditLog.create({
      data: { shopId: shop.id, shopDomain, actor: "shopify", action, newValue: JSON.stringify(report) },
    });
  }
  return report;
}
