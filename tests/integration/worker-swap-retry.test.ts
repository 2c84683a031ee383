/**
 * JOB-6 through the real worker: an upgrade whose product swap already went through at
 * the provider (the first attempt's response was lost) is retried from its stored
 * request. The request carries the replacement's variant, so the worker finds the line
 * under its new variant at each provider and records the change as applied, sending no
 * second write.
 */
import type { Shop } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchOutbox } from "~/jobs/outbox.server";
import { closeQueues } from "~/jobs/queues.server";
import type { ProviderName, UpgradeChange } from "~/providers/index.server";
import { LOOP_SIM_TOKENS } from "../simulators/providers/loop";
import { RECHARGE_SIM_TOKENS } from "../simulators/providers/recharge";
import { SKIO_SIM_TOKENS } from "../simulators/providers/skio";
import { adapterFor, calls, withProviderSimulators, type ProviderSimulators } from "./providers/support";
import { acceptUpgrade, allSettled, cleanupRedisPrefix, createUpgradeShop, startTestWorker, subscriptionSpec, upgradeRows, type TestWorker } from "../support/upgrade-fixtures";

const TOKENS: Record<ProviderName, string> = { recharge: RECHARGE_SIM_TOKENS.valid, skio: SKIO_SIM_TOKENS.valid, loop: LOOP_SIM_TOKENS.valid };
const SWAP: UpgradeChange = { type: "replacement", replacement: { productId: "1006", variantId: "2007", quantity: 1 }, applyAtEndOfCycle: false };
/** Every request that changes something at a provider. */
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

let sims: ProviderSimulators;
let worker: TestWorker;
const shops = {} as Record<ProviderName, Shop>;
let nextOrder = 91_000;

withProviderSimulators((started) => (sims = started));

beforeAll(async () => {
  worker = await startTestWorker({ baseUrls: { recharge: sims.recharge.url, skio: sims.skio.url, loop: sims.loop.url }, timeoutMs: 2000 });
  for (const provider of ["recharge", "skio", "loop"] as const) shops[provider] = await createUpgradeShop({ provider, token: TOKENS[provider] });
});

afterAll(async () => {
  await worker.close();
  await closeQueues();
  await cleanupRedisPrefix();
});

/** Provider requests other than reads, excluding GraphQL queries (Skio reads through POST). */
function writes(provider: ProviderName): number {
  const sim = sims[provider];
  return calls(sim).filter((r) => WRITES.has(r.method) && !(provider === "skio" && !/mutation/.test(JSON.stringify((r as { body?: unknown }).body ?? "")))).length;
}

describe("JOB-6: a retry after the swap went through finds the line (worker, every provider)", () => {
  it.each(["recharge", "skio", "loop"] as const)("JOB-6: %s — the worker finds the swapped line from the stored request and sends nothing twice", async (provider) => {
    const orderId = nextOrder++;
    // A customer of their own: the simulators' seed already has subscriptions for customer 4001.
    const spec = subscriptionSpec(orderId, { customerId: orderId + 10_000 });
    sims[provider].addSubscription(spec);
    // GIVEN the swap already happened at the provider (the first try's answer was lost) …
    const adapter = adapterFor(provider, sims[provider].url, TOKENS[provider]);
    const lookup = { orderId: String(orderId), customerId: String(spec.customerId), productId: "1001", variantId: "2001" };
    await adapter.applyUpgrade({ subscription: await adapter.findSubscriptionForOrder(lookup), change: SWAP });
    const writesBefore = writes(provider);

    // WHEN the accepted upgrade runs from its stored request
    const upgrade = await acceptUpgrade({ shop: shops[provider], provider, orderId, customerId: spec.customerId, change: SWAP });
    await dispatchOutbox();
    await allSettled([upgrade.upgradeJobId]);

    // THEN it found the line under its new variant, saw the change applied and wrote nothing
    const [row] = await upgradeRows([upgrade.upgradeJobId]);
    expect(row?.status).toBe("succeeded");
    expect(row?.attempts.map((a) => a.outcome)).toEqual(["already_applied"]);
    expect(writes(provider)).toBe(writesBefore);
  });
});
