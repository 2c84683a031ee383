/**
 * The app's route modules behind a real HTTP server on loopback: each request becomes
 * the Fetch Request Remix would hand the action, and a thrown error is the 500 a
 * production server would answer. Lets tests drive endpoints concurrently over sockets.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { APP_URL, callRoute } from "./shopify";

type Action = Parameters<typeof callRoute>[0];

export interface RouteServer {
  url: string;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, body: Buffer): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const method = req.method ?? "GET";
  return new Request(new URL(req.url ?? "/", APP_URL()), { method, headers, body: method === "GET" || method === "HEAD" ? undefined : new Uint8Array(body) });
}

export async function startRouteServer(routes: Record<string, Action>): Promise<RouteServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    // The handler answers through `res`; its promise only needs its failures caught.
    req.on("end", () => void (async () => {
      const action = routes[new URL(req.url ?? "/", "http://x").pathname];
      if (!action) return void res.writeHead(404).end();
      try {
        const response = await callRoute(action, toRequest(req, Buffer.concat(chunks)));
        res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        res.writeHead(500, { "Content-Type": "text/plain" }).end(String((error as Error)?.stack ?? error));
      }
    })());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
