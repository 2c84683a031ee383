/**
 * Admin API resilience: Admin GraphQL calls honour THROTTLED and the cost extension with
 * a bounded retry, against the store simulator answering THROTTLED as Shopify does.
 */
import { first } from "../support/entries";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AdminApiError, ADMIN_THROTTLE_RETRIES, runAdminOperation, throttleWaitMs } from "~/integrations/shopify-admin/client.server";
import { findOrderByReference } from "~/integrations/shopify-admin/order-by-reference.server";
import { startShopifySimulator, type ShopifySimulator } from "../simulators/shopify/server";
import { simAdminClient } from "../support/admin-api";

const DOMAIN = "throttle.myshopify.com";
const TOKEN = "shpat_throttle";
let sim: ShopifySimulator;
const faults = () => sim.state.shop(DOMAIN).faults;

beforeAll(async () => {
  sim = await startShopifySimulator({ shops: [{ domain: DOMAIN, accessToken: TOKEN }] });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  faults().throttleNextAdminCalls = 0;
});

describe("Admin GraphQL under THROTTLED", () => {
  it("Admin resilience: a throttled call waits as the cost extension says and then succeeds", async () => {
    faults().throttleNextAdminCalls = 2;
    const waits: number[] = [];
    const admin = simAdminClient(sim.url, DOMAIN, TOKEN);
    const order = first(sim.state.shop(DOMAIN).orders);
    const data = await runAdminOperation<{ order: { legacyResourceId: string } }>(admin, "Order", "query Order($id: ID!) { order(id: $id) { legacyResourceId } }", { id: `gid://shopify/Order/${order.id}` }, {
      sleep: async (ms) => void waits.push(ms),
    });
    expect(data.order.legacyResourceId).toBe(String(order.id));
    // Cost 10, nothing available, 100 points a second back: 100 ms per wait.
    expect(waits).toEqual([100, 100]);
    expect(faults().throttleNextAdminCalls).toBe(0);
  });

  it("Admin resilience: retries are bounded; a bucket that stays empty fails with a clear error", async () => {
    faults().throttleNextAdminCalls = 50;
    const waits: number[] = [];
    const run = runAdminOperation(simAdminClient(sim.url, DOMAIN, TOKEN), "Shop", "query Shop { shop { name } }", {}, { sleep: async (ms) => void waits.push(ms) });
    await expect(run).rejects.toThrow(AdminApiError);
    await expect(run).rejects.toThrow(/still THROTTLED after 3 retries/);
    expect(waits).toHaveLength(ADMIN_THROTTLE_RETRIES);
    expect(faults().throttleNextAdminCalls).toBe(50 - (ADMIN_THROTTLE_RETRIES + 1));
  });

  it("Admin resilience: the worker's order lookup rides out a throttled bucket with real waits (switched over /__sim/faults)", async () => {
    const switched = await fetch(`${sim.url}/__sim/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: DOMAIN, throttleNextAdminCalls: 1 }) });
    expect(await switched.json()).toMatchObject({ shop: DOMAIN, faults: { throttleNextAdminCalls: 1 } });
    const order = first(sim.state.shop(DOMAIN).orders);
    await expect(findOrderByReference(simAdminClient(sim.url, DOMAIN, TOKEN), order.referenceId)).resolves.toMatchObject({ orderId: String(order.id) });
  });

  it.each([
    ["an empty bucket", { requestedQueryCost: 10, throttleStatus: { currentlyAvailable: 0, restoreRate: 100 } }, 100],
    ["a nearly full bucket", { requestedQueryCost: 10, throttleStatus: { currentlyAvailable: 9, restoreRate: 50 } }, 50],
    ["a huge query", { requestedQueryCost: 5000, throttleStatus: { currentlyAvailable: 0, restoreRate: 50 } }, 5000],
    ["no cost extension", undefined, 5000],
  ])("Admin resilience: the wait for %s is bounded", (_label, cost, expected) => {
    expect(throttleWaitMs(cost)).toBe(expected);
  });
});
