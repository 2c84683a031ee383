/**
 * The simulators can be driven from another process (the demo, browser e2e): faults,
 * reset, state, extra subscriptions and tokens over HTTP, and a runner that starts all
 * three and stops on SIGTERM.
 */
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderUnavailableError } from "~/providers/index.server";
import { startLoopSimulator, LOOP_SIM_TOKENS, type LoopSimulator } from "../../simulators/providers/loop";
import { startRechargeSimulator, RECHARGE_SIM_TOKENS, type RechargeSimulator } from "../../simulators/providers/recharge";
import { SKIO_GRAPHQL_PATH } from "../../simulators/providers/skio";
import { adapterFor, futureDate, rejectionOf } from "./support";

let recharge: RechargeSimulator;
let loop: LoopSimulator;
beforeAll(async () => {
  [recharge, loop] = await Promise.all([startRechargeSimulator(), startLoopSimulator()]);
});
afterAll(async () => {
  await Promise.all([recharge?.close(), loop?.close()]);
});

const post = (url: string, body: unknown) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("simulator control surface", () => {
  it("PRV-1: faults injected over HTTP apply to the next calls, and reset clears them", async () => {
    const adapter = adapterFor("recharge", recharge.url, RECHARGE_SIM_TOKENS.valid);
    expect((await post(`${recharge.url}/__sim/faults`, { rules: [{ status: 503, path: "/orders" }] })).status).toBe(200);
    await expect(adapter.findSubscriptionForOrder({ orderId: "5001", productId: "1001" })).rejects.toBeInstanceOf(ProviderUnavailableError);
    await post(`${recharge.url}/__sim/reset`, {});
    await expect(adapter.findSubscriptionForOrder({ orderId: "5001", productId: "1001" })).resolves.toMatchObject({ variantId: "2001" });
  });

  it("PRV-1: a fault request without rules is refused with the body it needs, and GET /__sim/faults lists what is pending", async () => {
    const bare = await fetch(`${recharge.url}/__sim/faults`, { method: "POST" });
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { error: string }).error).toMatch(/needs a JSON body with one of rules, clear.*"status":503/);
    await post(`${recharge.url}/__sim/faults`, { rules: [{ status: 503, times: 2 }] });
    const pending = (await (await fetch(`${recharge.url}/__sim/faults`)).json()) as { rules: Array<{ status: number; times: number }> };
    expect(pending.rules).toEqual([{ status: 503, times: 2 }]);
    await post(`${recharge.url}/__sim/reset`, {});
  });

  it("PRV-1: GET /__sim/state shows the seeded demo subscription, the counters and the requests (tokens redacted)", async () => {
    recharge.reset();
    await adapterFor("recharge", recharge.url, RECHARGE_SIM_TOKENS.valid).findSubscriptionForOrder({ orderId: "5001", productId: "1001" });
    const state = (await (await fetch(`${recharge.url}/__sim/state`)).json()) as { state: { subscriptions: Array<{ variant_id: string; shop: string }> }; stats: Record<string, number>; requestCount: number };
    // The demo shop's one subscription (the other store holds one too, for the CONN-2 store check).
    expect(state.state.subscriptions.filter((s) => s.shop === "demo-shop.myshopify.com").map((s) => s.variant_id)).toEqual(["2001"]);
    expect(state.stats).toMatchObject({ served429: 0, rateLimitViolations: 0 });
    expect(state.requestCount).toBe(2);
    const listed = JSON.stringify(await (await fetch(`${recharge.url}/__sim/requests`)).json());
    expect(listed).not.toContain(RECHARGE_SIM_TOKENS.valid);
  });

  it("PRV-1: subscriptions, tokens and Loop's visibility delay can be added over HTTP", async () => {
    loop.reset();
    const created = (await (await post(`${loop.url}/__sim/subscriptions`, { orderId: 8_888, customerId: 4002, productId: 1008, variantId: 2009, quantity: 1, price: "19.80", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1, nextChargeDate: futureDate(10) })).json()) as { subscriptionId: number };
    await post(`${loop.url}/__sim/tokens`, { token: "loop_added_over_http", shop: "demo-shop.myshopify.com", scopes: [...loop.state.tokens.get(LOOP_SIM_TOKENS.valid)!.scopes] });
    const sub = await adapterFor("loop", loop.url, "loop_added_over_http").findSubscriptionForOrder({ orderId: "8888", productId: "1008" });
    expect(sub.id).toBe(String(created.subscriptionId));
    await post(`${loop.url}/__sim/faults`, { visibilityDelayMs: 5_000 });
    expect(loop.faults.visibilityDelayMs).toBe(5_000);
  });

  it("PRV-1: a hang injected over HTTP is released when the simulator closes", async () => {
    const throwaway = await startRechargeSimulator();
    await post(`${throwaway.url}/__sim/faults`, { rules: [{ hang: true }] });
    const pending = rejectionOf(adapterFor("recharge", throwaway.url, RECHARGE_SIM_TOKENS.valid, { timeoutMs: 5_000 }).findSubscriptionForOrder({ orderId: "5001", productId: "1001" }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await throwaway.close();
    expect(await pending).toBeInstanceOf(ProviderUnavailableError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe("the demo runner", () => {
  it("PRV-1: run.ts starts all three simulators, prints their URLs, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/simulators/providers/run.ts"], {
      env: { ...process.env, RECHARGE_SIM_PORT: "0", SKIO_SIM_PORT: "0", LOOP_SIM_PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += String(chunk)));
    child.stderr.on("data", (chunk) => (output += String(chunk)));
    const deadline = Date.now() + 20_000;
    while (!output.includes("ready") && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    const urls = Object.fromEntries([...output.matchAll(/^(\w+_API_URL)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
    expect(Object.keys(urls).sort()).toEqual(["LOOP_API_URL", "RECHARGE_API_URL", "SKIO_API_URL"]);
    expect(urls.SKIO_API_URL.endsWith(SKIO_GRAPHQL_PATH)).toBe(true);
    await expect(adapterFor("recharge", urls.RECHARGE_API_URL, RECHARGE_SIM_TOKENS.valid).verifyToken()).resolves.toMatchObject({ state: "valid" });

    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 30_000);
});
