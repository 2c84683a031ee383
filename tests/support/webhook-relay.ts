/**
 * Stands in for the app's public URL: each webhook the store simulator posts to it becomes
 * a Fetch Request for the real route module, as Shopify's delivery to the app would.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { APP_URL, callRoute } from "./shopify";

export interface WebhookRelay {
  /** Where the simulator should post, e.g. `${relay.url}/webhooks/orders/edited`. */
  url: string;
  /** The status the route answered to each delivery, in order. */
  statuses: number[];
  close(): Promise<void>;
}

export async function startWebhookRelay(action: Parameters<typeof callRoute>[0]): Promise<WebhookRelay> {
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(new URL(req.url ?? "/", APP_URL()), { method: "POST", headers, body: Buffer.concat(chunks) });
      callRoute(action, request).then(
        (response) => {
          statuses.push(response.status);
          res.writeHead(response.status).end();
        },
        // A route that throws is a bug the test should see: log it and answer like a crashed app.
        (error: unknown) => {
          console.error("webhook relay: the route threw", error);
          res.writeHead(500).end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    statuses,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
