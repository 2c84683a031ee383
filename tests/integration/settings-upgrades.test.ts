/**
 * Settings › Subscription Upgrades through its real loader and action, against the
 * provider simulators over HTTP (BETA-1, BETA-3, CONN-1..6).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import prisma from "~/db.server";
import { acceptUpgrade } from "../support/upgrade-fixtures";
import { loader as settingsIndexLoader } from "~/routes/app.settings._index";
import { action, loader } from "~/routes/app.settings.upgrades";
import { canOfferSubscriptionUpgrades, subscriptionUpgradeAvailability } from "~/shops/beta.server";
import { saveProviderConnection } from "~/upgrades/connection/provider-connection.server";
import { testProviderToken } from "~/upgrades/connection/token-test.server";
import { TEST_PROOF_MAX_AGE_MS } from "~/security/connection-proof.server";
import { loadShopBanners } from "~/shops/banners.server";
import { decryptSecret, encryptSecret, isUnderCurrentKey, keyringFromEnv, parseKey } from "~/security/encryption.server";
import { reencryptStoredSecrets } from "~/security/rotate-keys.server";
import { secretContext } from "~/security/secret-columns.server";
import { PROVIDER_HELP, REQUIRED_SCOPES } from "~/providers/scopes";
import { PROVIDER_CHOICES, UNSUPPORTED_PROVIDERS } from "~/components/settings/provider-options";
import { startRechargeSimulator, RECHARGE_SIM_TOKENS, type RechargeSimulator } from "../simulators/providers/recharge";
import { startSkioSimulator, SKIO_SIM_TOKENS, type SkioSimulator } from "../simulators/providers/skio";
import { startLoopSimulator, LOOP_SIM_TOKENS, type LoopSimulator } from "../simulators/providers/loop";
import { DEMO_SHOP, OTHER_SHOP, OTHER_SHOP_CUSTOMER_ID } from "../simulators/providers/seed";
import { startAdminApi, type AdminApi } from "../support/admin-api";
import { adminFormPost, adminRequest, callRoute, installShop } from "../support/shopify";

const OFF_SHOP = "beta-off.myshopify.com";
let recharge: RechargeSimulator;
let skio: SkioSimulator;
let loop: LoopSimulator;
let adminApi: AdminApi;

beforeAll(async () => {
  // The token test confirms the store through the shop's own customers (Admin API).
  adminApi = await startAdminApi([DEMO_SHOP, { domain: OTHER_SHOP, catalog: "empty" }]);
  adminApi.sim.state.shops.get(OTHER_SHOP)!.customers.push({ id: OTHER_SHOP_CUSTOMER_ID, firstName: "Other", lastName: "Shopper", email: "other@example.com", phone: "+15555550199", createdAt: new Date() });
  [recharge, skio, loop] = await Promise.all([
    startRechargeSimulator({ port: 0 }),
    startSkioSimulator({ port: 0 }),
    startLoopSimulator({ port: 0 }),
  ]);
  // The adapters read the base URL per call, so pointing the app at a simulator is one variable.
  process.env.RECHARGE_API_URL = recharge.url;
  process.env.SKIO_API_URL = skio.url;
  process.env.LOOP_API_URL = loop.url;
  for (const shop of [DEMO_SHOP, OTHER_SHOP, OFF_SHOP]) await installShop(shop);
  await prisma.shop.create({ data: { domain: DEMO_SHOP, subscriptionUpgradesBeta: true } });
  await prisma.shop.create({ data: { domain: OTHER_SHOP, subscriptionUpgradesBeta: true } });
  await prisma.shop.create({ data: { domain: OFF_SHOP } });
});

afterAll(async () => {
  await Promise.all([recharge?.close(), skio?.close(), loop?.close(), adminApi?.close()]);
});

beforeEach(async () => {
  for (const sim of [recharge, skio, loop]) sim.faults.clear();
  await prisma.providerConnection.deleteMany({});
  await prisma.auditLog.deleteMany({});
});

const shopRow = (domain: string) => prisma.shop.findUniqueOrThrow({ where: { domain } });
const post = async (shop: string, fields: Record<string, string>) =>
  callRoute(action, await adminFormPost(shop, "/app/settings/upgrades", fields));
const testKey = async (shop: string, provider: string, token: string) => {
  const response = await post(shop, { intent: "test", provider, token });
  expect(response.status).toBe(200);
  return (await response.json()).outcome;
};

describe("beta gate (BETA-1, BETA-3)", () => {
  it("BETA-1: the settings index lists Subscription Upgrades only for a shop with the beta on", async () => {
    const off = await callRoute(settingsIndexLoader, await adminRequest(OFF_SHOP, "/app/settings"));
    // BETA-1: without the beta the merchant still learns upgrades exist and how to ask for them.
    expect(await off.json()).toEqual({ upgradesBeta: false, betaMessage: expect.stringMatching(/in beta: email support@uplift\.test with your store's myshopify\.com address/) });
    const on = await callRoute(settingsIndexLoader, await adminRequest(DEMO_SHOP, "/app/settings"));
    expect(await on.json()).toMatchObject({ upgradesBeta: true });
  });

  it("BETA-1/BETA-3: the page answers a shop without the beta with a clear 403 'not enabled for this shop'", async () => {
    const response = await callRoute(loader, await adminRequest(OFF_SHOP, "/app/settings/upgrades"));
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body.error).toBe("upgrades_beta_disabled");
    expect(body.message).toMatch(/not enabled for this shop/);
    expect(body.message).toMatch(/in beta: email support@uplift\.test/);
  });

  it.each([
    ["test", { intent: "test", provider: "recharge", token: RECHARGE_SIM_TOKENS.valid }],
    ["save", { intent: "save", provider: "recharge", token: RECHARGE_SIM_TOKENS.valid, proof: "1.x" }],
    ["retest", { intent: "retest" }],
    ["disconnect", { intent: "disconnect" }],
  ])("BETA-3: the %s action is refused with the same 403, and nothing is stored or called", async (_intent, fields) => {
    const before = recharge.requests.length;
    const response = await post(OFF_SHOP, fields);
    expect(response.status).toBe(403);
    expect((await response.json()).message).toMatch(/not enabled for this shop/);
    expect(recharge.requests.length).toBe(before);
    expect(await prisma.providerConnection.count()).toBe(0);
    expect(await prisma.auditLog.count()).toBe(0);
  });
});

describe("provider connection form (CONN-1)", () => {
  it("CONN-1: offers None, Recharge, Skio and Loop, and lists Appstle, Smartrr and Shopify selling plans as unsupported with the reason", () => {
    expect(PROVIDER_CHOICES.map((c) => c.label)).toEqual(["None", "Recharge", "Skio", "Loop"]);
    expect(UNSUPPORTED_PROVIDERS.map((p) => p.name)).toEqual(["Appstle", "Smartrr", "Shopify selling plans (no subscription app)"]);
    for (const p of UNSUPPORTED_PROVIDERS) expect(p.reason).toMatch(/subscription upsells/);
  });

  it("CONN-1: the page loads for a beta shop with no connection yet", async () => {
    const response = await callRoute(loader, await adminRequest(DEMO_SHOP, "/app/settings/upgrades"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ connection: null });
  });

  it("CONN-1: an empty or malformed token is explained next to the field, and no provider is called", async () => {
    const before = recharge.requests.length;
    for (const token of ["", "short", "has spaces in it"]) {
      const response = await post(DEMO_SHOP, { intent: "test", provider: "recharge", token });
      expect(response.status).toBe(400);
      expect((await response.json()).fieldErrors.token).toBeTruthy();
    }
    const unknown = await post(DEMO_SHOP, { intent: "test", provider: "appstle", token: "appstle_token_123" });
    expect(unknown.status).toBe(400);
    expect(recharge.requests.length).toBe(before);
  });
});

describe("Test API key (CONN-2, CONN-3)", () => {
  it("CONN-2: valid — the token authenticates, has every scope and belongs to this shop (green)", async () => {
    const outcome = await testKey(DEMO_SHOP, "recharge", RECHARGE_SIM_TOKENS.valid);
    expect(outcome).toMatchObject({ provider: "recharge", state: "valid", reason: null, missingScopes: [] });
    expect(outcome.proof).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    // Nothing is stored by a test.
    expect(await prisma.providerConnection.count()).toBe(0);
  });

  it("CONN-2/CONN-3: invalid — a token missing scopes is red and the message names each missing scope", async () => {
    const outcome = await testKey(DEMO_SHOP, "recharge", RECHARGE_SIM_TOKENS.readOnly);
    const expected = REQUIRED_SCOPES.recharge.filter((s) => s.startsWith("write_"));
    expect(outcome.state).toBe("invalid");
    expect(outcome.reason).toBe("missing_scopes");
    expect([...outcome.missingScopes].sort()).toEqual([...expected].sort());
    for (const scope of expected) expect(outcome.message).toContain(scope);
    expect(outcome.proof).toBeNull();
  });

  it("CONN-2: invalid — a token of another store says so", async () => {
    const outcome = await testKey(DEMO_SHOP, "recharge", RECHARGE_SIM_TOKENS.otherStore);
    expect(outcome).toMatchObject({ state: "invalid", reason: "other_store", proof: null });
    expect(outcome.message).toMatch(/another store/);
  });

  it("CONN-2: invalid — a token the provider rejects", async () => {
    const outcome = await testKey(DEMO_SHOP, "recharge", "rc_test_revoked_or_mistyped");
    expect(outcome).toMatchObject({ state: "invalid", reason: "rejected", proof: null });
    expect(outcome.message).toMatch(/rejected/);
  });

  it("CONN-2: could not verify — a provider 5xx is a warning, not a verdict", async () => {
    recharge.faults.add({ status: 503 });
    const outcome = await testKey(DEMO_SHOP, "recharge", RECHARGE_SIM_TOKENS.valid);
    expect(outcome).toMatchObject({ state: "unverifiable", proof: null });
    expect(outcome.message).toMatch(/could not verify/i);
    // The warning offers a retry: once the provider is back, the same test passes.
    recharge.faults.clear();
    expect((await testKey(DEMO_SHOP, "recharge", RECHARGE_SIM_TOKENS.valid)).state).toBe("valid");
  });

  it("CONN-2: could not verify — a provider that does not answer in time", async () => {
    process.env.PROVIDER_TIMEOUT_MS = "300";
    try {
      recharge.faults.add({ hang: true });
      const outcome = await testKey(DEMO_SHOP, "recharge", RECHARGE_SIM_TOKENS.valid);
      expect(outcome).toMatchObject({ state: "unverifiable", proof: null });
    } finally {
      delete process.env.PROVIDER_TIMEOUT_MS;
      recharge.faults.clear();
    }
  });

  it("CONN-2: could not verify — a provider that cannot be reached", async () => {
    process.env.RECHARGE_API_URL = "http://127.0.0.1:9"; // discard port: connection refused
    try {
      const outcome = await testKey(DEMO_SHOP, "recharge", RECHARGE_SIM_TOKENS.valid);
      expect(outcome).toMatchObject({ state: "unverifiable", proof: null });
    } finally {
      process.env.RECHARGE_API_URL = recharge.url;
    }
  });

  it.each([
    ["skio", SKIO_SIM_TOKENS, () => skio],
    ["loop", LOOP_SIM_TOKENS, () => loop],
  ] as const)("CONN-2: %s reaches all three states too, and a passed test saves", async (provider, tokens, sim) => {
    const valid = await testKey(DEMO_SHOP, provider, tokens.valid);
    expect(valid).toMatchObject({ provider, state: "valid" });
    if (provider === "skio") {
      // Skio cannot report a token's permissions: the green result says what went unchecked.
      expect(valid.unchecked).toContain("scopes");
      expect(valid.message).toMatch(/could not check/);
    }
    expect(await testKey(DEMO_SHOP, provider, tokens.otherStore)).toMatchObject({ state: "invalid", reason: "other_store", proof: null });
    expect(await testKey(DEMO_SHOP, provider, `${provider}_test_unknown_token`)).toMatchObject({ state: "invalid", reason: "rejected" });
    sim().faults.add({ status: 502 });
    expect(await testKey(DEMO_SHOP, provider, tokens.valid)).toMatchObject({ state: "unverifiable", proof: null });
    sim().faults.clear();
    const saved = await post(DEMO_SHOP, { intent: "save", provider, token: tokens.valid, proof: valid.proof });
    expect(saved.status).toBe(200);
    expect((await saved.json()).connection).toMatchObject({ provider, testState: "valid" });
  });

  it("CONN-2/CONN-3: a Loop token without write access is red and names each missing scope", async () => {
    const outcome = await testKey(DEMO_SHOP, "loop", LOOP_SIM_TOKENS.readOnly);
    const expected = REQUIRED_SCOPES.loop.filter((s) => s.startsWith("write_"));
    expect(outcome).toMatchObject({ state: "invalid", reason: "missing_scopes" });
    expect([...outcome.missingScopes].sort()).toEqual([...expected].sort());
    for (const scope of expected) expect(outcome.message).toContain(scope);
  });

  it("CONN-3: the help next to the form names every scope to grant and where to create the token", () => {
    for (const provider of ["recharge", "skio", "loop"] as const) {
      const help = PROVIDER_HELP[provider];
      expect(help.where).toBeTruthy();
      expect(help.steps.length).toBeGreaterThan(0);
      expect(help.scopes.map((s) => s.name)).toEqual([...REQUIRED_SCOPES[provider]]);
    }
    // SPEC CONN-3 names these areas (Recharge keeps plans under products).
    expect(REQUIRED_SCOPES.recharge).toEqual(expect.arrayContaining(["read_orders", "write_orders", "read_products", "write_products", "read_subscriptions", "write_subscriptions"]));
    expect(REQUIRED_SCOPES.skio).toEqual(expect.arrayContaining(["edit_subscription", "delete_subscription", "create_subscription"]));
    expect(REQUIRED_SCOPES.loop).toEqual(expect.arrayContaining(["read_subscription_contracts", "write_subscription_contracts", "read_orders", "write_orders", "read_selling_plans", "write_selling_plans"]));
  });
});

describe("Save is refused until the current provider + token passed a test (CONN-2)", () => {
  const save = (shop: string, fields: Record<string, string>) => post(shop, { intent: "save", ...fields });

  it("CONN-2: Save without a test is refused with 409 and stores nothing", async () => {
    const response = await save(DEMO_SHOP, { provider: "recharge", token: RECHARGE_SIM_TOKENS.valid });
    expect(response.status).toBe(409);
    expect((await response.json()).error).toMatch(/Test API key/);
    expect(await prisma.providerConnection.count()).toBe(0);
  });

  it("CONN-2: a failed or unverifiable test gives nothing Save accepts", async () => {
    const invalid = await testKey(DEMO_SHOP, "recharge", RECHARGE_SIM_TOKENS.readOnly);
    expect((await save(DEMO_SHOP, { provider: "recharge", token: RECHARGE_SIM_TOKENS.readOnly, proof: invalid.proof ?? "" })).status).toBe(409);
    expect(await prisma.providerConnection.count()).toBe(0);
  });

  it("CONN-2: a passed test does not cover another token, another provider or another shop", async () => {
    const passed = await testKey(DEMO_SHOP, "recharge", RECHARGE_SIM_TOKENS.valid);
    const otherToken = await save(DEMO_SHOP, { provider: "recharge", token: RECHARGE_SIM_TOKENS.noStoreInfo, proof: passed.proof });
    expect(otherToken.status).toBe(409);
    const otherProvider = await save(DEMO_SHOP, { provider: "skio", token: RECHARGE_SIM_TOKENS.valid, proof: passed.proof });
    expect(otherProvider.status).toBe(409);
    // Shop B's own passed test cannot be replayed by shop A.
    const theirs = await testKey(OTHER_SHOP, "recharge", RECHARGE_SIM_TOKENS.otherStore);
    expect(theirs.state).toBe("valid");
    const replay = await save(DEMO_SHOP, { provider: "recharge", token: RECHARGE_SIM_TOKENS.otherStore, proof: theirs.proof });
    expect(replay.status).toBe(409);
    expect(await prisma.providerConnection.count()).toBe(0);
  });

  it("CONN-2: a passed test expires after 30 minutes", async () => {
    const shop = await shopRow(DEMO_SHOP);
    const tested = await testProviderToken({ shop, provider: "recharge", token: RECHARGE_SIM_TOKENS.valid, now: new Date(Date.now() - TEST_PROOF_MAX_AGE_MS - 1000) });
    expect(tested.state).toBe("valid");
    await expect(
      saveProviderConnection({ shop, provider: "recharge", token: RECHARGE_SIM_TOKENS.valid, proof: tested.proof, actor: "test" }),
    ).rejects.toThrow(/too old/);
  });

  it("CONN-2: after a passed test Save stores the connection as verified and audits it", async () => {
    const passed = await testKey(DEMO_SHOP, "recharge", RECHARGE_SIM_TOKENS.valid);
    const response = await save(DEMO_SHOP, { provider: "recharge", token: RECHARGE_SIM_TOKENS.valid, proof: passed.proof });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.connection).toMatchObject({ provider: "recharge", testState: "valid", needsRetest: false, tokenMasked: `••••${RECHARGE_SIM_TOKENS.valid.slice(-4)}` });
    const row = await prisma.providerConnection.findFirstOrThrow();
    expect(row.verifiedAt).toBeInstanceOf(Date);
    const audit = await prisma.auditLog.findFirstOrThrow();
    expect(audit).toMatchObject({ shopDomain: DEMO_SHOP, action: "provider_connection.saved", oldValue: null, newValue: `recharge ••••${RECHARGE_SIM_TOKENS.valid.slice(-4)}` });
    expect(audit.actor).toMatch(new RegExp(`^merchant:${DEMO_SHOP}`));
  });
});

describe("tokens stay secret (CONN-4)", () => {
  const SECRET = RECHARGE_SIM_TOKENS.valid;
  let logged: string[] = [];
  const capture = (...args: unknown[]) => {
    logged.push(args.map((a) => (typeof a === "string" ? a : a instanceof Uint8Array ? Buffer.from(a).toString() : JSON.stringify(a))).join(" "));
    return true;
  };

  beforeEach(() => {
    logged = [];
    process.env.LOG_LEVEL = "debug";
    vi.spyOn(process.stdout, "write").mockImplementation(capture as typeof process.stdout.write);
    vi.spyOn(process.stderr, "write").mockImplementation(capture as typeof process.stderr.write);
    for (const level of ["log", "info", "warn", "error", "debug"] as const) vi.spyOn(console, level).mockImplementation(capture);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env.LOG_LEVEL = "error";
  });

  it("CONN-4: the token is encrypted in the database, absent from every response and never logged", async () => {
    const tested = await post(DEMO_SHOP, { intent: "test", provider: "recharge", token: SECRET });
    const testBody = await tested.text();
    expect(testBody).not.toContain(SECRET);
    const saved = await post(DEMO_SHOP, { intent: "save", provider: "recharge", token: SECRET, proof: JSON.parse(testBody).outcome.proof });
    expect(saved.status).toBe(200);
    expect(await saved.text()).not.toContain(SECRET);

    // At rest: AES-GCM ciphertext, bound to the shop; only the last four characters in clear.
    const row = await prisma.providerConnection.findFirstOrThrow();
    expect(row.tokenCiphertext).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(row.tokenCiphertext).not.toContain(SECRET);
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(row.tokenLast4).toBe(SECRET.slice(-4));
    expect(decryptSecret(row.tokenCiphertext, { context: `provider-connection:${row.shopId}` })).toBe(SECRET);

    // To the browser: the masked tail only.
    const page = await callRoute(loader, await adminRequest(DEMO_SHOP, "/app/settings/upgrades"));
    const pageJson = await page.text();
    expect(pageJson).not.toContain(SECRET);
    expect(pageJson).not.toContain(row.tokenCiphertext);
    expect(JSON.parse(pageJson).connection.tokenMasked).toBe(`••••${SECRET.slice(-4)}`);

    // Re-test and a failing test (the adapter's error path) log nothing secret either.
    const retest = await post(DEMO_SHOP, { intent: "retest" });
    expect(await retest.text()).not.toContain(SECRET);
    recharge.faults.add({ status: 500, body: { errors: `boom ${SECRET}` } });
    expect(await (await post(DEMO_SHOP, { intent: "test", provider: "recharge", token: SECRET })).text()).not.toContain(SECRET);

    expect(logged.length).toBeGreaterThan(0); // the capture works: these steps do log
    for (const line of logged) expect(line).not.toContain(SECRET);
    const audit = await prisma.auditLog.findMany();
    for (const entry of audit) expect(JSON.stringify(entry)).not.toContain(SECRET);
  });
});

describe("encryption key rotation (CONN-4, docs/operations.md)", () => {
  it("CONN-4: `reencrypt` moves every stored secret to the new key; the old key can then go", async () => {
    const passed = await testKey(DEMO_SHOP, "recharge", RECHARGE_SIM_TOKENS.valid);
    await post(DEMO_SHOP, { intent: "save", provider: "recharge", token: RECHARGE_SIM_TOKENS.valid, proof: passed.proof });
    const demo = await shopRow(DEMO_SHOP);
    const oldKeyring = keyringFromEnv();
    await prisma.postscriptConnection.create({
      data: { shopId: demo.id, keyword: "DEMO", apiKeyLast4: "1234", apiKeyCiphertext: encryptSecret("sk_postscript_1234", { context: secretContext.postscriptApiKey(demo.id), keyring: oldKeyring }) },
    });
    const rotating = { current: parseKey("c3".repeat(32)), previous: oldKeyring.current };

    expect(await reencryptStoredSecrets({ dryRun: true, keyring: rotating })).toEqual({ current: 0, reencrypted: 2, failed: [] });
    expect(isUnderCurrentKey((await prisma.providerConnection.findFirstOrThrow()).tokenCiphertext, rotating)).toBe(false);

    expect(await reencryptStoredSecrets({ keyring: rotating, actor: "cli:ops" })).toEqual({ current: 0, reencrypted: 2, failed: [] });
    const newOnly = { current: rotating.current };
    const token = (await prisma.providerConnection.findFirstOrThrow()).tokenCiphertext;
    expect(decryptSecret(token, { context: secretContext.providerToken(demo.id), keyring: newOnly })).toBe(RECHARGE_SIM_TOKENS.valid);
    const apiKey = (await prisma.postscriptConnection.findFirstOrThrow()).apiKeyCiphertext;
    expect(decryptSecret(apiKey, { context: secretContext.postscriptApiKey(demo.id), keyring: newOnly })).toBe("sk_postscript_1234");
    expect(await reencryptStoredSecrets({ dryRun: true, keyring: newOnly })).toEqual({ current: 2, reencrypted: 0, failed: [] });
    expect(await prisma.auditLog.count({ where: { action: "security.secrets_reencrypted", actor: "cli:ops" } })).toBe(1);

    // A secret no configured key can read is reported, not silently skipped.
    expect(await reencryptStoredSecrets({ dryRun: true, keyring: { current: parseKey("d4".repeat(32)) } })).toMatchObject({ failed: [{ table: "ProviderConnection" }, { table: "PostscriptConnection" }] });
    await prisma.postscriptConnection.deleteMany({});
  });
});

describe("the offer type gate (CONN-5) and re-testing a saved key (CONN-6)", () => {
  async function connect() {
    const passed = await testKey(DEMO_SHOP, "recharge", RECHARGE_SIM_TOKENS.valid);
    const response = await post(DEMO_SHOP, { intent: "save", provider: "recharge", token: RECHARGE_SIM_TOKENS.valid, proof: passed.proof });
    expect(response.status).toBe(200);
  }

  it("CONN-5: 'Subscription upgrade' is offered only with the beta on and a saved, verified, not-flagged connection", async () => {
    const demo = await shopRow(DEMO_SHOP);
    expect(await canOfferSubscriptionUpgrades(demo)).toBe(false); // provider None: no connection
    expect(await subscriptionUpgradeAvailability(demo)).toMatchObject({ available: false, reason: "no_connection" });

    await connect();
    expect(await canOfferSubscriptionUpgrades(demo)).toBe(true);
    expect(await canOfferSubscriptionUpgrades({ ...demo, subscriptionUpgradesBeta: false })).toBe(false);

    await prisma.providerConnection.updateMany({ data: { needsRetest: true, needsRetestReason: "Recharge rejected the token." } });
    expect(await subscriptionUpgradeAvailability(demo)).toMatchObject({ available: false, reason: "needs_retest" });

    await prisma.providerConnection.updateMany({ data: { needsRetest: false, testState: "invalid" } });
    expect(await subscriptionUpgradeAvailability(demo)).toMatchObject({ available: false, reason: "not_verified" });

    await prisma.providerConnection.updateMany({ data: { testState: "valid", verifiedAt: null } });
    expect(await canOfferSubscriptionUpgrades(demo)).toBe(false);
  });

  it("CONN-5: saving provider None removes the connection (audited), and the offer type goes away", async () => {
    await connect();
    const demo = await shopRow(DEMO_SHOP);
    expect(await canOfferSubscriptionUpgrades(demo)).toBe(true);
    const response = await post(DEMO_SHOP, { intent: "save", provider: "none" });
    expect(response.status).toBe(200);
    expect(await prisma.providerConnection.count()).toBe(0);
    expect(await canOfferSubscriptionUpgrades(demo)).toBe(false);
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { action: "provider_connection.disconnected" } });
    expect(entry.oldValue).toMatch(/^recharge ••••/);
    expect(entry.newValue).toBeNull();
  });

  it("CONN-6: re-testing a saved key without retyping it clears needsRetest and the banner when it passes", async () => {
    await connect();
    await prisma.providerConnection.updateMany({ data: { needsRetest: true, needsRetestReason: "Recharge rejected the token." } });
    const demo = await shopRow(DEMO_SHOP);
    expect((await loadShopBanners(demo)).map((b) => b.id)).toContain("provider-needs-retest");

    const response = await post(DEMO_SHOP, { intent: "retest" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.outcome.state).toBe("valid");
    expect(body.connection).toMatchObject({ needsRetest: false, testState: "valid" });
    expect(await loadShopBanners(demo)).toEqual([]);
    expect(await canOfferSubscriptionUpgrades(demo)).toBe(true);
  });

  it("CONN-6: the upgrades a broken key failed resume once the re-test passes, and the reply says how many", async () => {
    await connect();
    const demo = await shopRow(DEMO_SHOP);
    const { upgradeJobId } = await acceptUpgrade({ shop: demo, provider: "recharge", orderId: 77 });
    await prisma.upgradeJob.update({ where: { id: upgradeJobId }, data: { status: "failed", lastErrorClass: "ProviderAuthError", completedAt: new Date() } });
    await prisma.providerConnection.updateMany({ data: { needsRetest: true, needsRetestReason: "Recharge rejected the token." } });
    const body = await (await post(DEMO_SHOP, { intent: "retest" })).json();
    expect(body).toMatchObject({ outcome: { state: "valid" }, resumed: 1 });
    expect(await prisma.upgradeJob.findUniqueOrThrow({ where: { id: upgradeJobId } })).toMatchObject({ status: "queued", lastErrorClass: null });
    await prisma.upgradeJob.deleteMany({ where: { id: upgradeJobId } });
  });

  it("CONN-6: a re-test that fails flags the connection; one that cannot verify changes nothing", async () => {
    await connect();
    recharge.faults.add({ status: 503 });
    const unverifiable = await (await post(DEMO_SHOP, { intent: "retest" })).json();
    expect(unverifiable.outcome.state).toBe("unverifiable");
    expect(unverifiable.connection).toMatchObject({ testState: "valid", needsRetest: false });
    recharge.faults.clear();

    recharge.state.tokens.delete(RECHARGE_SIM_TOKENS.valid); // the merchant deleted the token in Recharge
    try {
      const failed = await (await post(DEMO_SHOP, { intent: "retest" })).json();
      expect(failed.outcome).toMatchObject({ state: "invalid", reason: "rejected" });
      expect(failed.connection).toMatchObject({ testState: "invalid", needsRetest: true });
      expect(await canOfferSubscriptionUpgrades(await shopRow(DEMO_SHOP))).toBe(false);
    } finally {
      recharge.reset();
    }
  });

  it("CONN-6: re-test and disconnect without a saved connection say so (404 / no-op)", async () => {
    const retest = await post(DEMO_SHOP, { intent: "retest" });
    expect(retest.status).toBe(404);
    expect((await retest.json()).error).toMatch(/no saved provider connection/);
    const disconnect = await post(DEMO_SHOP, { intent: "disconnect" });
    expect(disconnect.status).toBe(200);
    expect(await prisma.auditLog.count()).toBe(0);
  });
});
