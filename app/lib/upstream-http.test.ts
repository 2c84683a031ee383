/**
 * Issue 11: the one upstream HTTP client. Feature-free (no provider or integration
 * import), one status → failure-kind table for everyone, and over real loopback HTTP: a
 * request id per call, JSON parsing, a timeout that also covers a stalled body.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "~/logger.server";
import { classifyStatus, createUpstreamHttp, scrub, UpstreamTransportError } from "./upstream-http.server";

const here = dirname(fileURLToPath(import.meta.url));

describe("upstream HTTP client", () => {
  it("issue 11: imports nothing from providers or integrations (feature-free)", () => {
    const source = readFileSync(join(here, "upstream-http.server.ts"), "utf8");
    const specifiers = Array.from(source.matchAll(/from\s+["']([^"']+)["']/g), (m) => m[1] ?? "");
    expect(specifiers.filter((s) => /providers|integrations|upgrades|funnels|shops/.test(s))).toEqual([]);
  });

  it.each([
    [200, null],
    [204, null],
    [401, "auth_rejected"],
    [403, "auth_forbidden"],
    [404, "not_found"],
    [408, "server_error"],
    [409, "rejected"],
    [422, "rejected"],
    [429, "rate_limited"],
    [500, "server_error"],
    [503, "server_error"],
    [302, "unexpected"],
  ] as const)("JOB-3: HTTP %s is %s for every upstream", (status, kind) => {
    expect(classifyStatus(status, new Headers())?.kind ?? null).toBe(kind);
  });

  it("JOB-3: a 429 carries the Retry-After wait (seconds or HTTP date), null without one", () => {
    expect(classifyStatus(429, new Headers({ "retry-after": "7" }))).toEqual({ kind: "rate_limited", status: 429, retryAfterMs: 7000 });
    const now = Date.parse("2026-12-04T10:00:00Z");
    expect(classifyStatus(429, new Headers({ "retry-after": "Fri, 04 Dec 2026 10:00:30 GMT" }), now)).toMatchObject({ retryAfterMs: 30_000 });
    expect(classifyStatus(429, new Headers())).toMatchObject({ retryAfterMs: null });
  });

  it("CONN-4: scrub replaces every secret of four characters or more", () => {
    expect(scrub("key sk_live_123 and sk_live_123 again; abc stays", ["sk_live_123", "abc"])).toBe("key [redacted] and [redacted] again; abc stays");
  });

  describe("over loopback", () => {
    let server: Server;
    let base = "";
    const seen: Array<string | undefined> = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        seen.push(req.headers["x-request-id"] as string | undefined);
        if (req.url?.endsWith("/stall")) {
          res.writeHead(200, { "content-type": "application/json" });
          res.write('{"partial":');
          return; // never ends
        }
        res.writeHead(req.url?.endsWith("/text") ? 500 : 200, { "content-type": "application/json" });
        res.end(req.url?.endsWith("/text") ? "oops" : JSON.stringify({ ok: true, path: req.url }));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const client = (timeoutMs = 2000) => createUpstreamHttp({ logAs: "test", baseUrl: base, timeoutMs, fetch: globalThis.fetch, headers: {}, logger });

    it("issue 11: each call sends its own X-Request-Id, joins the base path and parses JSON", async () => {
      const first = await client().send({ method: "GET", path: "/things", query: { a: 1, skip: undefined } });
      const second = await client().send({ method: "GET", path: "things" });
      expect(first.body).toEqual({ ok: true, path: "/v1/things?a=1" });
      expect(second.body).toEqual({ ok: true, path: "/v1/things" });
      expect(seen.slice(-2)).toEqual([first.requestId, second.requestId]);
      expect(first.requestId).not.toBe(second.requestId);
    });

    it("issue 11: a body that is not JSON comes back as null, with its status", async () => {
      await expect(client().send({ method: "GET", path: "/text" })).resolves.toMatchObject({ status: 500, body: null });
    });

    it("issue 11: an answer whose body stalls times out like no answer", async () => {
      const error = await client(200).send({ method: "GET", path: "/stall" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamTransportError);
      expect((error as UpstreamTransportError).kind).toBe("timeout");
    });

    it("issue 11: a host that refuses connections is a network failure", async () => {
      const error = await createUpstreamHttp({ logAs: "test", baseUrl: "http://127.0.0.1:9", timeoutMs: 1000, fetch: globalThis.fetch, headers: {}, logger })
        .send({ method: "GET", path: "/" })
        .catch((e: unknown) => e);
      expect((error as UpstreamTransportError).kind).toBe("network");
    });
  });
});
