/**
 * Settings › Integrations › Postscript through its real loader and action, against the
 * Postscript simulator over HTTP (PS-1, PS-3; the key is kept like CONN-4; OPS-2).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import prisma from "~/db.server";
import { closeQueues } from "~/jobs/queues.server";
import { action, loader } from "~/routes/app.settings.postscript";
import { loader as settingsIndexLoader } from "~/routes/app.settings._index";
import { POSTSCRIPT_EVENT_TYPES } from "~/integrations/postscript/event-types";
import { decryptSecret } from "~/security/encryption.server";
import { secretContext } from "~/security/secret-columns.server";
import { POSTSCRIPT_SIM_KEYS, startPostscriptSimulator, type PostscriptSimulator } from "../simulators/postscript/server";
import { adminRequest, callRoute, installShop } from "../support/shopify";
import { first } from "../support/entries";

const SHOP = "ps-settings.myshopify.com";
const OTHER = "ps-settings-other.myshopify.com";
const KEY = POSTSCRIPT_SIM_KEYS.valid;
let sim: PostscriptSimulator;

beforeAll(async () => {
  sim = await startPostscriptSimulator({ port: 0 });
  // The client reads the base URL per call, so pointing the app at the simulator is one variable.
  process.env.POSTSCRIPT_API_URL = sim.url;
  for (const shop of [SHOP, OTHER]) await installShop(shop);
});
afterAll(async () => {
  await closeQueues(); // "Resend" dispatches to Redis
  await sim?.close();
});
beforeEach(async () => {
  sim.reset();
  await prisma.postscriptDelivery.deleteMany({});
  await prisma.outboxEvent.deleteMany({});
  await prisma.postscriptConnection.deleteMany({});
  await prisma.auditLog.deleteMany({});
});

async function post(shop: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return callRoute(action, await adminRequest(shop, "/app/settings/postscript", { method: "POST", body }));
}
const save = (shop: string, fields: Partial<Record<"enabled" | "keyword" | "apiKey", string>> & { events?: string[] } = {}) =>
  post(shop, { intent: "save", enabled: "true", keyword: "ROAST", apiKey: KEY, events: [...POSTSCRIPT_EVENT_TYPES], ...fields });
const load = async (shop: string) => (await callRoute(loader, await adminRequest(shop, "/app/settings/postscript"))).json();
const shopRow = (domain: string) => prisma.shop.findUniqueOrThrow({ where: { domain } });

describe("Settings › Integrations › Postscript (PS-1)", () => {
  it("PS-1: the settings index links to the Postscript page for every shop", async () => {
    const response = await callRoute(settingsIndexLoader, await adminRequest(SHOP, "/app/settings"));
    expect(response.status).toBe(200);
    const page = await load(SHOP);
    expect(page.settings).toBeNull();
    expect(page.events.map((e: { type: string }) => e.type)).toEqual([...POSTSCRIPT_EVENT_TYPES]);
    expect(page.deliveries).toEqual([]);
  });

  it("PS-1: saves keyword, key and events only after an authenticated call accepted the key; the key is encrypted and masked", async () => {
    const response = await save(SHOP, { events: ["uplift_upgrade_accepted", "uplift_subscription_upgraded"] });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ intent: "save", ok: true, settings: { enabled: true, keyword: "ROAST", apiKeyMasked: `••••${KEY.slice(-4)}` } });
    expect(body.settings.enabledEvents).toEqual(["uplift_upgrade_accepted", "uplift_subscription_upgraded"]);
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/v2/me"]);

    const shop = await shopRow(SHOP);
    const row = await prisma.postscriptConnection.findUniqueOrThrow({ where: { shopId: shop.id } });
    expect(row.apiKeyCiphertext).not.toContain(KEY);
    expect(decryptSecret(row.apiKeyCiphertext, { context: secretContext.postscriptApiKey(shop.id) })).toBe(KEY);
    expect(row.verifiedAt).not.toBeNull();

    // Never sent back to the browser in full, and the audit entry holds only the tail.
    const page = await load(SHOP);
    expect(JSON.stringify(page)).not.toContain(KEY);
    expect(page.settings.apiKeyMasked).toBe(`••••${KEY.slice(-4)}`);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(audit).toMatchObject({ action: "postscript_connection.saved", actor: expect.stringContaining(`merchant:${SHOP}`) });
    expect(JSON.stringify(audit)).not.toContain(KEY);
  });

  it("PS-1: a rejected key is not saved (422, invalid); Postscript down is 'could not verify' and not saved either", async () => {
    const rejected = await save(SHOP, { apiKey: "sk_not_a_real_key_9999" });
    expect(rejected.status).toBe(422);
    expect(await rejected.json()).toMatchObject({ ok: false, checkState: "invalid", error: expect.stringMatching(/rejected the private API key/) });

    sim.faults.add({ path: "/api/v2/me", status: 503 });
    const down = await save(SHOP);
    expect(down.status).toBe(422);
    expect(await down.json()).toMatchObject({ ok: false, checkState: "unverifiable", error: expect.stringMatching(/could not verify/) });
    expect(await prisma.postscriptConnection.count()).toBe(0);
  });

  it.each([
    ["a public key", { apiKey: "pk_public_key_123" }, "apiKey", /public key/],
    ["a key with spaces", { apiKey: "sk_has space" }, "apiKey", /starts with sk_/],
    ["no keyword", { keyword: "" }, "keyword", /keyword/],
    ["an unknown event", { events: ["uplift_upgrade_accepted", "order_placed"] }, "events", /.+/],
  ])("PS-1: refuses %s with a field error and calls nobody", async (_name, fields, field, message) => {
    const response = await save(SHOP, fields);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.intent).toBe("invalid");
    expect(body.fieldErrors[field]).toMatch(message);
    expect(sim.requests).toHaveLength(0);
  });

  it("PS-1: the first save needs a key; later saves keep the saved key, and turning it off needs no check", async () => {
    const first = await save(SHOP, { apiKey: "" });
    expect(first.status).toBe(400);
    expect((await first.json()).fieldErrors.apiKey).toMatch(/Paste the private API key/);

    expect((await save(SHOP)).status).toBe(200);
    const kept = await save(SHOP, { apiKey: "", keyword: "BREW", events: ["uplift_upgrade_failed"] });
    expect(kept.status).toBe(200);
    expect((await kept.json()).settings).toMatchObject({ keyword: "BREW", enabledEvents: ["uplift_upgrade_failed"], apiKeyMasked: `••••${KEY.slice(-4)}` });
    // Re-enabling re-checked the saved key.
    expect(sim.requests.filter((r) => r.path === "/api/v2/me")).toHaveLength(2);

    sim.faults.add({ status: 503 });
    const off = await save(SHOP, { apiKey: "", enabled: "false" });
    expect(off.status).toBe(200);
    expect((await off.json()).settings.enabled).toBe(false);
  });

  it("PS-1: a saved key that can no longer be decrypted asks for the key again instead of failing", async () => {
    await save(SHOP);
    const shop = await shopRow(SHOP);
    // Another shop's ciphertext: bound to the wrong shop, so it does not decrypt here.
    const foreign = (await prisma.postscriptConnection.findUniqueOrThrow({ where: { shopId: shop.id } })).apiKeyCiphertext;
    const other = await shopRow(OTHER).catch(() => prisma.shop.create({ data: { domain: OTHER } }));
    await prisma.postscriptConnection.create({ data: { shopId: other.id, keyword: "X", apiKeyCiphertext: foreign, apiKeyLast4: "0001" } });
    const response = await save(OTHER, { apiKey: "" });
    expect(response.status).toBe(400);
    expect((await response.json()).fieldErrors.apiKey).toMatch(/can no longer be read/);
  });

  it("PS-1: disconnect removes the connection and its key", async () => {
    await save(SHOP);
    const response = await post(SHOP, { intent: "disconnect" });
    expect(await response.json()).toEqual({ intent: "disconnect", ok: true });
    expect(await prisma.postscriptConnection.count()).toBe(0);
    expect((await load(SHOP)).settings).toBeNull();
  });

  it("PS-1: never writes the key to the logs", async () => {
    const writes: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    const level = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "debug";
    try {
      await save(SHOP);
      await save(SHOP, { apiKey: "sk_not_a_real_key_9999" });
      await post(SHOP, { intent: "sendTest", type: "uplift_upgrade_accepted" });
    } finally {
      process.env.LOG_LEVEL = level;
      spy.mockRestore();
    }
    expect(writes.join("")).toMatch(/postscript/);
    expect(writes.join("")).not.toContain(KEY);
    expect(writes.join("")).not.toContain("sk_not_a_real_key_9999");
  });
});

describe("Send test (PS-3)", () => {
  it.each(POSTSCRIPT_EVENT_TYPES)("PS-3: 'Send test' for %s reaches Postscript at once and shows the result", async (type) => {
    await save(SHOP, { events: [] }); // a test works whether or not the event is chosen
    const response = await post(SHOP, { intent: "sendTest", type });
    expect(response.status).toBe(200);
    const { result } = await response.json();
    expect(result).toMatchObject({ type, ok: true, eventIds: [expect.any(String)], message: expect.stringMatching(/Flows/) });

    const received = first(sim.eventsOf(type));
    expect(received.properties).toMatchObject({ is_test: true });
    expect(received.external_id).toMatch(new RegExp(`^${type}-test-`));
    expect(sim.state.definitions).toContain(type);

    const page = await load(SHOP);
    expect(page.deliveries).toMatchObject([{ eventType: type, status: "sent", isTest: true, attempts: 1 }]);
  });

  it("PS-3: pressing it twice sends two test events (each test is its own event)", async () => {
    await save(SHOP);
    await post(SHOP, { intent: "sendTest", type: "uplift_upgrade_offered" });
    await post(SHOP, { intent: "sendTest", type: "uplift_upgrade_offered" });
    expect(sim.eventsOf("uplift_upgrade_offered")).toHaveLength(2);
  });

  it("PS-3: a failed test shows Postscript's answer; without a connection it says to connect first", async () => {
    const none = await (await post(SHOP, { intent: "sendTest", type: "uplift_upgrade_failed" })).json();
    expect(none.result).toMatchObject({ ok: false, message: expect.stringMatching(/Connect Postscript first/) });
    expect(sim.requests).toHaveLength(0);

    await save(SHOP);
    sim.faults.add({ path: "/api/v2/events", status: 401, times: 1 });
    const revoked = await (await post(SHOP, { intent: "sendTest", type: "uplift_upgrade_failed" })).json();
    expect(revoked.result).toMatchObject({ ok: false, message: expect.stringMatching(/rejected the private API key/) });
    const page = await load(SHOP);
    expect(page.deliveries[0]).toMatchObject({ status: "failed", isTest: true, lastError: expect.stringMatching(/rejected/) });
  });

  it("PS-3: an unknown event type is refused", async () => {
    await save(SHOP);
    const response = await post(SHOP, { intent: "sendTest", type: "order_placed" });
    expect(response.status).toBe(400);
    expect(sim.eventsOf()).toHaveLength(0);
  });
});

describe("shop scoping (OPS-2)", () => {
  it("OPS-2: a shop sees only its own events and cannot resend another shop's", async () => {
    await save(SHOP);
    const shop = await shopRow(SHOP);
    const failed = await prisma.postscriptDelivery.create({
      data: { shopId: shop.id, eventType: "uplift_upgrade_accepted", externalId: "uplift_upgrade_accepted-x1", body: "{}", status: "failed", attempts: 8, lastError: "boom" },
    });
    expect((await load(OTHER)).deliveries).toEqual([]);
    const response = await post(OTHER, { intent: "resend", deliveryId: failed.id });
    expect(response.status).toBe(404);
    expect((await prisma.postscriptDelivery.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe("failed");

    const own = await post(SHOP, { intent: "resend", deliveryId: failed.id });
    expect(await own.json()).toEqual({ intent: "resend", ok: true });
    expect(await prisma.postscriptDelivery.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ status: "pending", attempts: 0, lastError: null });
    expect(await prisma.outboxEvent.count({ where: { shopId: shop.id, topic: "postscript" } })).toBe(1);
  });

  it("PS-1: the action answers 405 to anything but POST", async () => {
    const response = await callRoute(action, await adminRequest(SHOP, "/app/settings/postscript", { method: "PUT" }));
    expect(response.status).toBe(405);
  });
});
