/**
 * CONN-2 / CONN-3: "Test API key" ends in exactly one of valid, invalid (rejected, missing
 * scopes named one by one, other store) or could-not-verify, for each provider, over real
 * HTTP to the simulators. The store is confirmed without a guess: the customer of one of
 * the token's subscriptions is looked up in the shop's own Admin API (the Shopify
 * simulator). Skio's result says what it could not check.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifySimulator, type ShopifySimulator } from "../../simulators/shopify/server";
import { REQUIRED_SCOPES, SCOPE_LABELS, type ProviderName, type TokenCheckResult } from "~/providers/index.server";
import { TokenCheckResultSchema } from "~/providers/types";
import { LOOP_ALL_SCOPES, LOOP_SIM_TOKENS, type LoopSimulator } from "../../simulators/providers/loop";
import { RECHARGE_ALL_SCOPES, RECHARGE_SIM_TOKENS, type RechargeSimulator } from "../../simulators/providers/recharge";
import { SKIO_ALL_SCOPES, SKIO_SIM_TOKENS, type SkioSimulator } from "../../simulators/providers/skio";
import type { Faults } from "../../simulators/providers/sim-server";
import { SHOP, adapterFor, demoShopOwnsCustomer, withProviderSimulators } from "./support";

let recharge: RechargeSimulator;
let skio: SkioSimulator;
let loop: LoopSimulator;

withProviderSimulators((started) => ({ recharge, skio, loop } = started));

let shopify: ShopifySimulator;
beforeAll(async () => {
  shopify = await startShopifySimulator();
});
afterAll(async () => {
  await shopify.close();
});

interface Target {
  url: () => string;
  valid: string;
  otherStore: string;
  allScopes: string[];
  addToken: (token: string, scopes: string[], shop?: string) => void;
  faults: () => Faults;
}
const targets: Record<ProviderName, Target> = {
  recharge: {
    url: () => recharge.url,
    valid: RECHARGE_SIM_TOKENS.valid,
    otherStore: RECHARGE_SIM_TOKENS.otherStore,
    allScopes: RECHARGE_ALL_SCOPES,
    addToken: (token, scopes, shop = SHOP) => recharge.addToken({ token, scopes, shop }),
    faults: () => recharge.faults,
  },
  skio: {
    url: () => skio.url,
    valid: SKIO_SIM_TOKENS.valid,
    otherStore: SKIO_SIM_TOKENS.otherStore,
    allScopes: SKIO_ALL_SCOPES,
    addToken: (token, scopes, shop = SHOP) => skio.addToken({ token, scopes, shop }),
    faults: () => skio.faults,
  },
  loop: {
    url: () => loop.url,
    valid: LOOP_SIM_TOKENS.valid,
    otherStore: LOOP_SIM_TOKENS.otherStore,
    allScopes: LOOP_ALL_SCOPES,
    addToken: (token, scopes, shop = SHOP) => loop.addToken({ token, scopes, shop }),
    faults: () => loop.faults,
  },
};

const check = (provider: ProviderName, token: string, extra = {}) =>
  adapterFor(provider, targets[provider].url(), token, extra).verifyToken({ shopDomain: SHOP, ownsCustomer: demoShopOwnsCustomer(shopify.url) });

function expectShape(result: TokenCheckResult, token: string): void {
  expect(TokenCheckResultSchema.safeParse(result).success).toBe(true);
  expect(result.message).not.toContain(token);
}

const PROVIDERS = ["recharge", "skio", "loop"] as const;

describe("CONN-2: valid", () => {
  it.each(["recharge", "loop"] as const)("CONN-2: a full-scope %s token of this store is valid, with everything checked", async (provider) => {
    const result = await check(provider, targets[provider].valid);
    expectShape(result, targets[provider].valid);
    expect(result).toMatchObject({ state: "valid", checked: ["authentication", "scopes", "store"], unchecked: [] });
  });

  it("CONN-2/CONN-3: a Skio token is valid after an authenticated probe and a store check, and says its scopes could not be checked", async () => {
    const result = await check("skio", SKIO_SIM_TOKENS.valid);
    expectShape(result, SKIO_SIM_TOKENS.valid);
    expect(result).toMatchObject({ state: "valid", checked: ["authentication", "store"], unchecked: ["scopes"] });
    expect(result.message).toMatch(/does not report a token's permissions/);
    for (const scope of REQUIRED_SCOPES.skio) expect(result.message).toContain(SCOPE_LABELS[scope]);
  });

  it("CONN-3 (issue 13 §5): a Skio token without edit permission is not the same green valid: it is invalid and names the permission", async () => {
    const result = await check("skio", SKIO_SIM_TOKENS.noEdit);
    expect(result).toMatchObject({ state: "invalid", reason: "missing_scopes", missingScopes: ["edit_subscription"] });
    expect(result.message).toContain("Edit subscription");
    // The probe edits a subscription id no one has: nothing at Skio changed.
    expect([...skio.state.subscriptions.values()].every((s) => s.discounts.length === 0)).toBe(true);
  });

  it.each(PROVIDERS)("CONN-2: without access to the shop's customers, a %s token's store is reported unchecked, saying why", async (provider) => {
    const result = await adapterFor(provider, targets[provider].url(), targets[provider].valid).verifyToken({ shopDomain: SHOP });
    expect(result).toMatchObject({ state: "valid", unchecked: expect.arrayContaining(["store"]) });
    expect(result.message).toMatch(/could not check which store the token belongs to: Uplift had no access to the shop's customers/);
  });

  it.each(PROVIDERS)("CONN-2: a %s account with no subscription yet is valid with the store unchecked (nothing to compare)", async (provider) => {
    if (provider === "recharge") recharge.state.subscriptions.clear();
    if (provider === "skio") skio.state.subscriptions.clear();
    if (provider === "loop") loop.state.subscriptions.clear();
    const result = await check(provider, targets[provider].valid);
    expect(result).toMatchObject({ state: "valid", unchecked: expect.arrayContaining(["store"]) });
    expect(result.message).toMatch(/no subscription yet/);
  });

  it("CONN-2: where Loop has no token-details endpoint, the token is still checked by a probe and the scopes are reported unchecked", async () => {
    loop.faults.add({ method: "GET", path: "/admin/2023-10/store", status: 404 });
    const result = await check("loop", LOOP_SIM_TOKENS.valid);
    expect(result).toMatchObject({ state: "valid", checked: ["authentication", "store"], unchecked: ["scopes"] });
  });

  it.each([400, 403, 405])("CONN-2 (audit Medium 12): a %s from a guessed lookup makes the scopes unchecked, never the token rejected", async (status) => {
    recharge.faults.add({ method: "GET", path: "/token_information", status });
    loop.faults.add({ method: "GET", path: "/admin/2023-10/store", status });
    for (const provider of ["recharge", "loop"] as const) {
      const result = await check(provider, targets[provider].valid);
      expect(result).toMatchObject({ state: "valid", unchecked: ["scopes"] });
    }
  });

  it("CONN-2: Skio's published schema has no Sites query or shop-domain field, so the simulator refuses one as Skio would", async () => {
    const response = await fetch(skio.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `API ${SKIO_SIM_TOKENS.valid}` },
      body: JSON.stringify({ query: "query Invented { Sites(limit: 1) { shopifyDomain } }" }),
    });
    const body = (await response.json()) as { errors?: Array<{ message: string }> };
    expect(body.errors?.[0]?.message).toMatch(/Sites/);
  });
});

describe("CONN-2: invalid", () => {
  it.each(PROVIDERS)("CONN-2: an unknown %s token is rejected", async (provider) => {
    const token = `${provider}_not_a_real_token_123`;
    const result = await check(provider, token);
    expectShape(result, token);
    expect(result).toMatchObject({ state: "invalid", reason: "rejected", missingScopes: [] });
    expect(result.message).toMatch(/rejected this token/);
  });

  it.each(PROVIDERS)("CONN-2: a %s token of another store is invalid and says so", async (provider) => {
    const result = await check(provider, targets[provider].otherStore);
    expectShape(result, targets[provider].otherStore);
    expect(result).toMatchObject({ state: "invalid", reason: "other_store" });
    expect(result.message).toContain("another store");
    expect(result.message).toContain(SHOP);
  });

  const scopeCases = (["recharge", "loop"] as const).flatMap((provider) => REQUIRED_SCOPES[provider].map((scope) => ({ provider, scope })));
  it.each(scopeCases)("CONN-3: a $provider token missing $scope is invalid and names it", async ({ provider, scope }) => {
    const token = `${provider}_missing_${scope}`;
    targets[provider].addToken(token, targets[provider].allScopes.filter((s) => s !== scope));
    const result = await check(provider, token);
    expectShape(result, token);
    expect(result).toMatchObject({ state: "invalid", reason: "missing_scopes", missingScopes: [scope] });
    expect(result.message).toContain(scope);
    expect(result.message).toContain(SCOPE_LABELS[scope]);
  });

  const combinations = [
    { provider: "recharge" as const, missing: ["write_orders", "write_subscriptions"] },
    { provider: "recharge" as const, missing: ["read_products", "write_products", "read_discounts", "write_discounts"] },
    { provider: "recharge" as const, missing: [...REQUIRED_SCOPES.recharge] },
    { provider: "loop" as const, missing: ["write_subscription_contracts", "read_selling_plans"] },
    { provider: "loop" as const, missing: [...REQUIRED_SCOPES.loop] },
  ];
  it.each(combinations)("CONN-3: a $provider token missing $missing is invalid and names every one", async ({ provider, missing }) => {
    const token = `${provider}_missing_${missing.length}_${missing[0]}`;
    targets[provider].addToken(token, targets[provider].allScopes.filter((s) => !missing.includes(s)));
    const result = await check(provider, token);
    expect(result).toMatchObject({ state: "invalid", reason: "missing_scopes" });
    expect(result.state === "invalid" && [...result.missingScopes].sort()).toEqual([...missing].sort());
    for (const scope of missing) expect(result.message).toContain(scope);
  });

  it.each(["recharge", "loop"] as const)("CONN-3: the seeded read-only %s token misses every write scope", async (provider) => {
    const token = provider === "recharge" ? RECHARGE_SIM_TOKENS.readOnly : LOOP_SIM_TOKENS.readOnly;
    const result = await check(provider, token);
    const writes = REQUIRED_SCOPES[provider].filter((s) => s.startsWith("write_"));
    expect(result).toMatchObject({ state: "invalid", reason: "missing_scopes", missingScopes: writes });
  });
});

describe("CONN-2: could not verify", () => {
  const faultCases = PROVIDERS.flatMap((provider) => [
    { provider, label: "a 500", rule: { status: 500 }, timeoutMs: 2_000 },
    { provider, label: "a 503", rule: { status: 503 }, timeoutMs: 2_000 },
    { provider, label: "a hang past the timeout", rule: { hang: true }, timeoutMs: 300 },
    { provider, label: "a 429", rule: { status: 429, retryAfter: "5" }, timeoutMs: 2_000 },
  ]);
  it.each(faultCases)("CONN-2: $label from $provider makes the token unverifiable", async ({ provider, rule, timeoutMs }) => {
    targets[provider].faults().add(rule);
    const result = await check(provider, targets[provider].valid, { timeoutMs });
    expectShape(result, targets[provider].valid);
    expect(result.state).toBe("unverifiable");
    expect(result.message).toMatch(/could not verify/i);
  });

  it.each(PROVIDERS)("CONN-2: an unreachable %s host makes the token unverifiable", async (provider) => {
    const result = await adapterFor(provider, "http://127.0.0.1:9", "any-token", { timeoutMs: 1_000 }).verifyToken({ shopDomain: SHOP });
    expect(result).toMatchObject({ state: "unverifiable" });
    expect(result.message).toMatch(/could not be reached/);
  });

  it("CONN-2: a timeout says the provider did not answer in time", async () => {
    recharge.faults.add({ hang: true });
    const result = await check("recharge", RECHARGE_SIM_TOKENS.valid, { timeoutMs: 300 });
    expect(result).toMatchObject({ state: "unverifiable" });
    expect(result.message).toMatch(/did not answer in time/);
  });
});
