/**
 * The Postscript client against the Postscript simulator over real HTTP (providers.md §4):
 * 202 with event_ids, 400 on unknown fields, 401 on a bad key, 429 (error_code 3002),
 * 5xx and timeouts, each mapped to the typed error that decides retries (PS-4).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPostscriptClient } from "~/integrations/postscript/client.server";
import {
  PostscriptAuthError,
  PostscriptRateLimitedError,
  PostscriptRejectedError,
  PostscriptUnavailableError,
} from "~/integrations/postscript/errors";
import { buildEventBody, buildEventProperties } from "~/integrations/postscript/event-builders";
import { POSTSCRIPT_SIM_KEYS, RATE_LIMIT_BODY, startPostscriptSimulator, type PostscriptSimulator } from "../simulators/postscript/server";

let sim: PostscriptSimulator;

beforeAll(async () => {
  sim = await startPostscriptSimulator({ port: 0 });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => sim.reset());

const client = (apiKey: string = POSTSCRIPT_SIM_KEYS.valid, timeoutMs = 2000) => createPostscriptClient({ apiKey, baseUrl: sim.url, timeoutMs });
const event = (externalId = "uplift_upgrade_accepted-a1") =>
  buildEventBody({
    type: "uplift_upgrade_accepted",
    externalId,
    occurredAt: new Date("2026-03-01T10:00:00Z"),
    properties: buildEventProperties({ orderId: "5001", productTitles: ["Morning Roast"] }),
    contact: { phone: "+15555550101", email: "ada@example.com" },
  });

async function simHttp(path: string, init?: RequestInit) {
  const response = await fetch(`${sim.url}${path}`, { ...init, headers: { "content-type": "application/json" } });
  return { status: response.status, body: await response.json() };
}

describe("Postscript simulator and client", () => {
  it("PS-2: POST /api/v2/events answers 202 with event_ids, with the key as a Bearer token", async () => {
    const { eventIds } = await client().sendEvent(event());
    expect(eventIds).toHaveLength(1);
    expect(sim.requests.at(-1)?.headers.authorization).toBe(`Bearer ${POSTSCRIPT_SIM_KEYS.valid}`);
    expect(sim.requests.at(-1)?.path).toBe("/api/v2/events");
    expect(sim.eventsOf("uplift_upgrade_accepted")).toMatchObject([
      { external_id: "uplift_upgrade_accepted-a1", phone: "+15555550101", email: "ada@example.com", occurred_at: "2026-03-01 10:00:00.000000" },
    ]);
    expect(sim.state.definitions).toEqual(["uplift_upgrade_accepted"]);
  });

  it("PS-2: a resend with the same external_id is the same event (harmless)", async () => {
    const first = await client().sendEvent(event());
    const again = await client().sendEvent(event());
    expect(again.eventIds).toEqual(first.eventIds);
    expect(sim.state.events).toHaveLength(1);
    expect(sim.state.duplicates).toBe(1);
  });

  it("PS-4: a bad key is a 401 and a permanent auth error that never repeats the key", async () => {
    const error = await client("sk_wrong_key_1234").sendEvent(event()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostscriptAuthError);
    expect((error as PostscriptAuthError).permanent).toBe(true);
    expect((error as Error).message).not.toContain("sk_wrong_key_1234");
    expect(sim.state.events).toHaveLength(0);
  });

  it("PS-4: an unknown top-level field is a 400: permanent, with Postscript's reason in the message", async () => {
    const body = { ...event(), name: "Ada" } as ReturnType<typeof event>;
    const error = await client().sendEvent(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostscriptRejectedError);
    expect((error as PostscriptRejectedError).status).toBe(400);
    expect((error as Error).message).toMatch(/Unrecognized field\(s\): name/);
  });

  it("PS-4: the simulator refuses nested, '_'-prefixed and personal properties with 400", async () => {
    for (const properties of [{ nested: { a: 1 } }, { _secret: "x" }, { email: "a@b.c" }]) {
      const body = { ...event(), properties } as unknown as ReturnType<typeof event>;
      await expect(client().sendEvent(body)).rejects.toBeInstanceOf(PostscriptRejectedError);
    }
    expect(sim.state.events).toHaveLength(0);
  });

  it("PS-4: a 429 carries error_code 3002, has no Retry-After, and is a transient rate-limit error", async () => {
    sim.faults.add({ path: "/api/v2/events", status: 429, times: 1 });
    const error = await client().sendEvent(event()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostscriptRateLimitedError);
    expect((error as PostscriptRateLimitedError).permanent).toBe(false);
    const raw = await fetch(`${sim.url}/api/v2/events`, { method: "POST" });
    expect(raw.status).toBe(401); // the fault was used up; no key → 401
    sim.faults.add({ status: 429, times: 1 });
    const limited = await fetch(`${sim.url}/api/v2/events`, { method: "POST", headers: { authorization: `Bearer ${POSTSCRIPT_SIM_KEYS.valid}` } });
    expect(limited.headers.get("retry-after")).toBeNull();
    expect(await limited.json()).toEqual(RATE_LIMIT_BODY);
  });

  it("PS-4: the simulator's own limit is 15 requests a second per key", async () => {
    // Drain slowly while the burst is in flight, so the count does not depend on timing.
    await simHttp("/__sim/faults", { method: "POST", body: JSON.stringify({ rateLimit: { capacity: 15, drainPerSecond: 0.001 } }) });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => client().sendEvent(event(`uplift_upgrade_accepted-burst${i}`))));
    const limited = results.filter((r) => r.status === "rejected" && r.reason instanceof PostscriptRateLimitedError);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(15);
    expect(limited).toHaveLength(5);
    expect(sim.stats.rateLimitViolations).toBe(5);
    // Another shop's key has its own bucket.
    await expect(client(POSTSCRIPT_SIM_KEYS.other).sendEvent(event("uplift_upgrade_accepted-other"))).resolves.toBeTruthy();
  });

  it("PS-4: a 5xx and a timeout are transient errors", async () => {
    sim.faults.add({ status: 503, times: 1 });
    const server = await client().sendEvent(event()).catch((e: unknown) => e);
    expect(server).toBeInstanceOf(PostscriptUnavailableError);
    expect((server as PostscriptUnavailableError).code).toBe("server_error");
    sim.faults.add({ hang: true, times: 1 });
    const slow = await client(POSTSCRIPT_SIM_KEYS.valid, 300).sendEvent(event()).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(PostscriptUnavailableError);
    expect((slow as PostscriptUnavailableError).code).toBe("timeout");
  });

  it("PS-1: the key check is one authenticated read: valid, invalid (401) or could not verify (5xx)", async () => {
    expect((await client().verifyKey()).state).toBe("valid");
    expect(sim.requests.at(-1)).toMatchObject({ method: "GET", path: "/api/v2/me" });
    expect((await client("sk_wrong_key_1234").verifyKey()).state).toBe("invalid");
    sim.faults.add({ path: "/api/v2/me", status: 502, times: 1 });
    expect(await client().verifyKey()).toMatchObject({ state: "unverifiable", message: expect.stringMatching(/HTTP 502/) });
  });

  it("PS-4: faults and state are driven over HTTP (/__sim/faults, /__sim/state) without leaking keys", async () => {
    expect((await simHttp("/__sim/faults", { method: "POST", body: JSON.stringify({ rules: [{ status: 503, times: 1 }] }) })).status).toBe(200);
    await expect(client().sendEvent(event())).rejects.toBeInstanceOf(PostscriptUnavailableError);
    await client().sendEvent(event());
    const { body } = await simHttp("/__sim/state");
    expect(body.state.events).toHaveLength(1);
    expect(JSON.stringify(body)).not.toContain(POSTSCRIPT_SIM_KEYS.valid);
    expect(body.stats.faultsServed).toBe(1);
  });
});
