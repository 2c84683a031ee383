/**
 * Webhook delivery with Shopify's headers and HMAC. Tests steer it: "deliver" posts at
 * once, "hold" queues until a flush, "drop" records and discards. A failed delivery stays
 * queued and is retried by the next flush, with the same webhook and event ids.
 */
import { createHmac, randomUUID } from "node:crypto";
import { ADMIN_API_VERSION } from "./admin-schema";

export type WebhookMode = "deliver" | "hold" | "drop";

export interface WebhookTarget {
  url: string;
  /** The app's client secret: the HMAC key. */
  secret: string;
  apiVersion?: string;
}

export interface WebhookDelivery {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  /** The exact bytes sent (and signed). */
  body: string;
  headers: Record<string, string>;
  status: "held" | "pending" | "delivered" | "failed" | "dropped";
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  createdAt: Date;
  /** Simulator bookkeeping never sent to the app (e.g. the changeset jti behind an edit). */
  meta: Record<string, unknown>;
}

export const hmacBase64 = (body: string, secret: string) => createHmac("sha256", secret).update(body, "utf8").digest("base64");

export interface WebhookOutbox {
  readonly deliveries: WebhookDelivery[];
  mode(): WebhookMode;
  setMode(mode: WebhookMode): void;
  target(): WebhookTarget | null;
  setTarget(target: WebhookTarget | null): void;
  enqueue(input: { topic: string; shop: string; payload: unknown; extraHeaders?: Record<string, string>; meta?: Record<string, unknown> }): WebhookDelivery;
  /** Delivers every held or failed webhook now. */
  flush(): Promise<WebhookDelivery[]>;
  /** Resolves once no delivery is in flight. */
  idle(): Promise<void>;
  clear(): void;
}

export function createWebhookOutbox(options: { target?: WebhookTarget | null; fetch?: typeof fetch; timeoutMs?: number } = {}): WebhookOutbox {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5_000;
  let mode: WebhookMode = "deliver";
  let target: WebhookTarget | null = options.target ?? null;
  const deliveries: WebhookDelivery[] = [];
  const inFlight = new Set<Promise<void>>();

  async function send(delivery: WebhookDelivery, to: WebhookTarget): Promise<void> {
    delivery.status = "pending";
    delivery.attempts += 1;
    delivery.headers["X-Shopify-Hmac-Sha256"] = hmacBase64(delivery.body, to.secret);
    delivery.headers["X-Shopify-API-Version"] = to.apiVersion ?? ADMIN_API_VERSION;
    try {
      const response = await doFetch(to.url, {
        method: "POST",
        headers: delivery.headers,
        body: delivery.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      delivery.responseStatus = response.status;
      delivery.status = response.ok ? "delivered" : "failed";
      delivery.error = response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      delivery.status = "failed";
      delivery.error = error instanceof Error ? error.message : String(error);
    }
  }

  function dispatch(delivery: WebhookDelivery): Promise<void> {
    if (!target) {
      delivery.status = "held";
      return Promise.resolve();
    }
    const promise = send(delivery, target).finally(() => inFlight.delete(promise));
    inFlight.add(promise);
    return promise;
  }

  return {
    deliveries,
    mode: () => mode,
    setMode: (next) => { mode = next; },
    target: () => target,
    setTarget: (next) => { target = next; },
    enqueue({ topic, shop, payload, extraHeaders = {}, meta = {} }) {
      const delivery: WebhookDelivery = {
        webhookId: randomUUID(),
        eventId: randomUUID(),
        topic,
        shop,
        body: JSON.stringify(payload),
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Shopify-Captain-Hook",
          "X-Shopify-Topic": topic,
          "X-Shopify-Shop-Domain": shop,
          "X-Shopify-Triggered-At": new Date().toISOString(),
          ...extraHeaders,
        },
        status: "held",
        attempts: 0,
        responseStatus: null,
        error: null,
        createdAt: new Date(),
        meta,
      };
      delivery.headers["X-Shopify-Webhook-Id"] = delivery.webhookId;
      delivery.headers["X-Shopify-Event-Id"] = delivery.eventId;
      deliveries.push(delivery);
      if (mode === "drop") delivery.status = "dropped";
      else if (mode === "deliver") void dispatch(delivery);
      return delivery;
    },
    async flush() {
      const due = deliveries.filter((d) => d.status === "held" || d.status === "failed");
      await Promise.all(due.map((d) => dispatch(d)));
      return due;
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    clear() {
      deliveries.length = 0;
    },
  };
}
