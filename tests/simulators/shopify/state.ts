/**
 * Everything one simulator instance holds: its shops (by myshopify domain) and its
 * webhook outbox. Tests in the same process can read and change it directly; other
 * processes use /__sim/state and /__sim/reset.
 */
import { HttpError } from "./http";
import { formatMoney } from "./money";
import { createShopState, DEMO_SHOP_SEED } from "./seed";
import { orderTotals, type ShopSeed, type ShopState, type SimOrder } from "./store";
import { createWebhookOutbox, type WebhookOutbox, type WebhookTarget } from "./webhooks";

export interface SimulatorState {
  baseUrl: string;
  readonly shops: Map<string, ShopState>;
  readonly webhooks: WebhookOutbox;
  /** Accept deprecated fields in Admin operations (default false: they fail validation). */
  allowDeprecated: boolean;
  /** `order_edit.app_id` in orders/edited when the input-token request names none. */
  defaultAppId: number;
  /** The shop with this domain, or the first shop. Throws for an unknown domain. */
  shop(domain?: string | null): ShopState;
  /** Re-seeds every shop and forgets webhooks; keeps mode and target. */
  reset(): void;
  snapshot(): Record<string, unknown>;
}

export const DEFAULT_APP_ID = 7_700_001;

export function createSimulatorState(options: {
  shops?: ShopSeed[];
  webhookTarget?: WebhookTarget | null;
  allowDeprecated?: boolean;
  appId?: number;
  fetch?: typeof fetch;
} = {}): SimulatorState {
  const seeds = options.shops?.length ? options.shops : [DEMO_SHOP_SEED];
  const shops = new Map<string, ShopState>();
  const seedAll = () => {
    shops.clear();
    for (const seed of seeds) shops.set(seed.domain.toLowerCase(), createShopState(seed));
  };
  seedAll();
  const webhooks = createWebhookOutbox({ target: options.webhookTarget ?? null, fetch: options.fetch });
  const state: SimulatorState = {
    baseUrl: "",
    shops,
    webhooks,
    allowDeprecated: options.allowDeprecated ?? false,
    defaultAppId: options.appId ?? DEFAULT_APP_ID,
    shop(domain) {
      const found = domain ? shops.get(normalizeShopDomain(domain)) : shops.values().next().value;
      if (!found) throw new HttpError(404, `Unknown shop ${domain}`);
      return found;
    },
    reset() {
      seedAll();
      webhooks.clear();
    },
    snapshot: () => snapshot(state),
  };
  return state;
}

/** "https://Demo-Shop.myshopify.com:443/x" → "demo-shop.myshopify.com". */
export function normalizeShopDomain(value: string): string {
  return value.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/[/:].*$/, "");
}

/** An order as the local post-purchase page and tests read it (amounts as "20.00"). */
export function orderJson(shop: ShopState, order: SimOrder) {
  const totals = orderTotals(order);
  return {
    id: order.id,
    name: order.name,
    referenceId: order.referenceId,
    shop: { id: shop.id, domain: shop.domain },
    customerId: order.customerId,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    currencyCode: shop.currencyCode,
    edited: order.edited,
    lines: order.lines.map((l) => ({
      id: l.id,
      productId: l.productId,
      variantId: l.variantId,
      title: l.title,
      variantTitle: l.variantTitle,
      sku: l.sku,
      quantity: l.quantity,
      originalUnitPrice: formatMoney(l.originalUnitCents),
      unitPrice: formatMoney(l.unitCents),
      totalPrice: formatMoney(l.unitCents * l.quantity),
      sellingPlanId: l.sellingPlan?.id ?? null,
      sellingPlanName: l.sellingPlan?.name ?? null,
      requiresShipping: l.requiresShipping,
    })),
    shippingLines: order.shippingLines.map((s) => ({ id: s.id, title: s.title, price: formatMoney(s.cents) })),
    metafields: order.metafields,
    totals: {
      subtotal: formatMoney(totals.subtotalCents),
      shipping: formatMoney(totals.shippingCents),
      tax: formatMoney(totals.taxCents),
      total: formatMoney(totals.totalCents),
    },
    changesetApplicationsRemaining: order.changesetApplicationsRemaining,
  };
}

/** Secrets (access tokens, app secrets, webhook keys) never appear in the snapshot. */
function snapshot(state: SimulatorState): Record<string, unknown> {
  const target = state.webhooks.target();
  return {
    baseUrl: state.baseUrl,
    allowDeprecated: state.allowDeprecated,
    shops: [...state.shops.values()].map((shop) => ({
      id: shop.id,
      domain: shop.domain,
      name: shop.name,
      currencyCode: shop.currencyCode,
      products: shop.products.map((p) => ({
        id: p.id, title: p.title, handle: p.handle, status: p.status, published: p.published,
        requiresSellingPlan: p.requiresSellingPlan,
        variants: p.variants.map((v) => ({ id: v.id, title: v.title, sku: v.sku, price: formatMoney(v.priceCents), inventoryQuantity: v.inventoryQuantity })),
        media: p.media.map((m) => ({ id: m.id, url: m.url, status: m.status })),
      })),
      orders: shop.orders.map((o) => orderJson(shop, o)),
      uploads: [...shop.uploads.values()].map((u) => ({ key: u.key, filename: u.filename, mimeType: u.mimeType, uploaded: u.body !== null, bytes: u.body?.length ?? 0 })),
      checkouts: [...shop.checkouts.values()].map((c) => ({ referenceId: c.referenceId, orderId: c.orderId, appApiKey: c.appApiKey, appId: c.appId })),
      changesets: shop.changesets.map((c) => ({ ...c, appliedAt: c.appliedAt.toISOString() })),
    })),
    webhooks: {
      mode: state.webhooks.mode(),
      target: target ? { url: target.url, apiVersion: target.apiVersion ?? null } : null,
      deliveries: state.webhooks.deliveries.map((d) => ({
        webhookId: d.webhookId, eventId: d.eventId, topic: d.topic, shop: d.shop, status: d.status, attempts: d.attempts,
        responseStatus: d.responseStatus, error: d.error, createdAt: d.createdAt.toISOString(), payload: JSON.parse(d.body) as unknown, meta: d.meta,
      })),
    },
  };
}
