/**
 * PRV-1: every fault a provider can throw at us maps to the typed error that decides
 * retries (JOB-3), and no error message ever holds the token. CONN-6: auth failures on
 * later calls are recognisable as such.
 */
import { describe, expect, it } from "vitest";
import {
  ProviderAuthError,
  type ProviderError,
  ProviderInvalidRequestError,
  ProviderNotFoundError,
  ProviderRateLimitedError,
  ProviderUnavailableError,
  isAuthFailure,
  type ProviderName,
} from "~/providers/index.server";
import { LOOP_SIM_TOKENS, type LoopSimulator } from "../../simulators/providers/loop";
import { RECHARGE_SIM_TOKENS, type RechargeSimulator } from "../../simulators/providers/recharge";
import { SKIO_SIM_TOKENS, type SkioSimulator } from "../../simulators/providers/skio";
import type { FaultRule, Faults } from "../../simulators/providers/sim-server";
import { adapterFor, everyTwoMonths, rejectionOf, withProviderSimulators } from "./support";
import { first } from "../../support/entries";

let recharge: RechargeSimulator;
let skio: SkioSimulator;
let loop: LoopSimulator;

withProviderSimulators((started) => ({ recharge, skio, loop } = started));

const sims = (): Record<ProviderName, { url: string; token: string; faults: Faults; defaultRetryMs: number }> => ({
  recharge: { url: recharge.url, token: RECHARGE_SIM_TOKENS.valid, faults: recharge.faults, defaultRetryMs: 1000 },
  skio: { url: skio.url, token: SKIO_SIM_TOKENS.valid, faults: skio.faults, defaultRetryMs: 2000 },
  loop: { url: loop.url, token: LOOP_SIM_TOKENS.valid, faults: loop.faults, defaultRetryMs: 1000 },
});

const findDemo = (provider: ProviderName, extra = {}) => {
  const sim = sims()[provider];
  return adapterFor(provider, sim.url, sim.token, extra).findSubscriptionForOrder({ orderId: "5001", customerId: "4001", productId: "1001", variantId: "2001" });
};

type ErrorClass = abstract new (...args: never[]) => ProviderError;
interface FaultCase {
  label: string;
  rule: FaultRule;
  type: ErrorClass;
  code?: string;
  permanent: boolean;
  timeoutMs?: number;
}
const FAULTS: FaultCase[] = [
  { label: "401", rule: { status: 401 }, type: ProviderAuthError, code: "auth_rejected", permanent: true },
  { label: "403", rule: { status: 403 }, type: ProviderAuthError, code: "auth_forbidden", permanent: true },
  { label: "404", rule: { status: 404 }, type: ProviderNotFoundError, permanent: true },
  { label: "422", rule: { status: 422 }, type: ProviderInvalidRequestError, permanent: true },
  { label: "429 with Retry-After", rule: { status: 429, retryAfter: "7" }, type: ProviderRateLimitedError, permanent: false },
  { label: "429 without Retry-After", rule: { status: 429 }, type: ProviderRateLimitedError, permanent: false },
  // JOB-3 (audit Low): 408 is the server giving up on us, transient like a timeout.
  { label: "408", rule: { status: 408 }, type: ProviderUnavailableError, code: "server_error", permanent: false },
  { label: "500", rule: { status: 500 }, type: ProviderUnavailableError, code: "server_error", permanent: false },
  { label: "502", rule: { status: 502 }, type: ProviderUnavailableError, code: "server_error", permanent: false },
  { label: "503", rule: { status: 503 }, type: ProviderUnavailableError, code: "server_error", permanent: false },
  { label: "a hang past the client timeout", rule: { hang: true }, type: ProviderUnavailableError, code: "timeout", permanent: false, timeoutMs: 300 },
  { label: "a slow answer past the client timeout", rule: { delayMs: 700 }, type: ProviderUnavailableError, code: "timeout", permanent: false, timeoutMs: 300 },
];
const cases = (["recharge", "skio", "loop"] as const).flatMap((provider) => FAULTS.map((fault) => ({ provider, ...fault })));

describe("PRV-1: faults map to typed errors", () => {
  it.each(cases)("PRV-1: $provider answering $label raises $type.name", async ({ provider, rule, type, code, permanent, timeoutMs, label }) => {
    const sim = sims()[provider];
    sim.faults.add(rule);
    const error = await rejectionOf(findDemo(provider, timeoutMs ? { timeoutMs } : {}));
    expect(error).toBeInstanceOf(type);
    const providerError = error as ProviderError;
    expect(providerError.provider).toBe(provider);
    expect(providerError.permanent).toBe(permanent);
    if (code) expect(providerError.code).toBe(code);
    expect(providerError.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).not.toContain(sim.token);
    expect(JSON.stringify(providerError)).not.toContain(sim.token);
    if (label === "429 with Retry-After") expect((error as ProviderRateLimitedError).retryAfterMs).toBe(7000);
    if (label === "429 without Retry-After") expect((error as ProviderRateLimitedError).retryAfterMs).toBe(sim.defaultRetryMs);
  });

  it.each(["recharge", "skio", "loop"] as const)("PRV-1: an HTTP-date Retry-After from %s becomes a wait in milliseconds", async (provider) => {
    sims()[provider].faults.add({ status: 429, retryAfter: new Date(Date.now() + 30_000).toUTCString() });
    const error = (await rejectionOf(findDemo(provider))) as ProviderRateLimitedError;
    expect(error).toBeInstanceOf(ProviderRateLimitedError);
    expect(error.retryAfterMs).toBeGreaterThan(27_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it.each(["recharge", "skio", "loop"] as const)("PRV-1: a slow %s answer inside the timeout still succeeds", async (provider) => {
    sims()[provider].faults.add({ delayMs: 150 });
    const sub = await findDemo(provider, { timeoutMs: 1_000 });
    expect(sub.variantId).toBe("2001");
  });

  it.each(["recharge", "skio", "loop"] as const)("PRV-1: a refused connection to %s is a transient network error", async (provider) => {
    const error = await rejectionOf(adapterFor(provider, "http://127.0.0.1:9", "tok_never_logged").findSubscriptionForOrder({ orderId: "5001", productId: "1001" }));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as ProviderUnavailableError).code).toBe("network");
    expect(error.message).not.toContain("tok_never_logged");
  });

  it.each(["recharge", "skio", "loop"] as const)("PRV-1: a fault that clears lets the next %s call through (times: 1)", async (provider) => {
    sims()[provider].faults.add({ status: 503, times: 1 });
    await expect(findDemo(provider)).rejects.toBeInstanceOf(ProviderUnavailableError);
    await expect(findDemo(provider)).resolves.toMatchObject({ variantId: "2001" });
  });

  it.each(["recharge", "skio", "loop"] as const)("PRV-1: an order %s does not know is not-found, in plain words", async (provider) => {
    const sim = sims()[provider];
    const error = await rejectionOf(adapterFor(provider, sim.url, sim.token).findSubscriptionForOrder({ orderId: "999999", productId: "1001" }));
    expect(error).toBeInstanceOf(ProviderNotFoundError);
    expect(error.message).toContain("999999");
  });
});

describe("Skio's misleading errors", () => {
  const lambda = { errors: [{ message: "Lambda policy revoked, tried to access unauthorized user or subscription", extensions: { code: "unexpected", path: "$" } }] };

  it("PRV-1: Skio's 'Lambda policy revoked' for an unknown id is not-found, not an auth failure", async () => {
    const adapter = adapterFor("skio", skio.url, SKIO_SIM_TOKENS.valid);
    const sub = await adapter.findSubscriptionForOrder({ orderId: "5001", productId: "1001" });
    skio.faults.add({ bodyIncludes: "subscriptionEditInterval", status: 200, body: lambda });
    const error = await rejectionOf(adapter.applyUpgrade({ subscription: sub, change: { type: "frequency", interval: everyTwoMonths, applyAtEndOfCycle: false } }));
    expect(error).toBeInstanceOf(ProviderNotFoundError);
    expect(isAuthFailure(error)).toBe(false);
  });

  it("PRV-1: the Skio simulator itself answers an unknown well-formed id with the Lambda message", async () => {
    const response = await fetch(skio.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `API ${SKIO_SIM_TOKENS.valid}` },
      body: JSON.stringify({
        query: "mutation m($input: SubscriptionEditIntervalInput!) { subscriptionEditInterval(input: $input) { subscriptionId } }",
        variables: { input: { subscriptionId: "00000000-0000-4000-8000-000000000000", billingInterval: "MONTH", billingIntervalCount: 2 } },
      }),
    });
    const body = (await response.json()) as { errors: Array<{ message: string }> };
    expect(first(body.errors).message).toMatch(/Lambda policy revoked/);
  });

  it("PRV-1: Skio's 'internal error' is a transient server error", async () => {
    skio.faults.add({ bodyIncludes: "Subscriptions", status: 200, body: { errors: [{ message: "internal error", extensions: { code: "unexpected" } }] } });
    const error = await rejectionOf(findDemo("skio"));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
  });

  it("PRV-1: a throttling message in a Skio GraphQL error is rate-limited", async () => {
    skio.faults.add({ status: 200, body: { errors: [{ message: "Too many requests", extensions: { code: "throttled" } }] } });
    await expect(findDemo("skio")).rejects.toBeInstanceOf(ProviderRateLimitedError);
  });
});

describe("CONN-6: a token that stops working is detected on the next call", () => {
  it("CONN-6: a Recharge token whose write scopes were removed fails the upgrade with an auth error", async () => {
    const sub = await findDemo("recharge");
    const readOnly = adapterFor("recharge", recharge.url, RECHARGE_SIM_TOKENS.readOnly);
    const error = await rejectionOf(readOnly.applyUpgrade({ subscription: sub, change: { type: "frequency", interval: everyTwoMonths, applyAtEndOfCycle: false } }));
    expect(isAuthFailure(error)).toBe(true);
    expect((error as ProviderAuthError).code).toBe("auth_forbidden");
    expect(error.message).toMatch(/test the API key again/i);
  });

  it("CONN-6: a Skio token without edit permission fails the upgrade with an auth error", async () => {
    const sub = await findDemo("skio");
    const noEdit = adapterFor("skio", skio.url, SKIO_SIM_TOKENS.noEdit);
    const error = await rejectionOf(noEdit.applyUpgrade({ subscription: sub, change: { type: "frequency", interval: everyTwoMonths, applyAtEndOfCycle: false } }));
    expect(isAuthFailure(error)).toBe(true);
  });

  it("CONN-6: a deleted Loop token fails every call with an auth error", async () => {
    loop.state.tokens.delete(LOOP_SIM_TOKENS.valid);
    const error = await rejectionOf(findDemo("loop"));
    expect(isAuthFailure(error)).toBe(true);
    expect((error as ProviderAuthError).code).toBe("auth_rejected");
  });
});
