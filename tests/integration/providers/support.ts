/**
 * Shared set-up for the provider adapter tests: adapters pointed at a simulator URL
 * (the same code path production uses with the real host), a fresh limiter per adapter,
 * and small helpers.
 */
import { shopOwnsCustomer } from "~/integrations/shopify-admin/customers.server";
import type { AdminGraphqlClient } from "~/integrations/shopify-admin/client.server";
import { ADMIN_API_VERSION } from "../../simulators/shopify/admin-schema";
import { createProviderAdapter, createTokenBucketLimiter, type CreateProviderAdapterOptions, type ProviderAdapter, type ProviderName } from "~/providers/index.server";
import type { Interval } from "~/providers/types";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startLoopSimulator, type LoopSimulator } from "../../simulators/providers/loop";
import { startRechargeSimulator, type RechargeSimulator } from "../../simulators/providers/recharge";
import { startSkioSimulator, type SkioSimulator } from "../../simulators/providers/skio";

export const SHOP = "demo-shop.myshopify.com";
/** Simulator rate limits wide enough that only the rate-limit tests meet them. */
export const WIDE_SIM_LIMIT = { capacity: 100_000, drainPerSecond: 100_000 };

export function adapterFor(provider: ProviderName, baseUrl: string, token: string, extra: Partial<CreateProviderAdapterOptions> = {}): ProviderAdapter {
  return createProviderAdapter({
    provider,
    token,
    shopDomain: SHOP,
    baseUrl,
    timeoutMs: 2_000,
    limiter: createTokenBucketLimiter(),
    rateLimit: { capacity: 100_000, refillPerSecond: 100_000 },
    ...extra,
  });
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

let orderSeq = 7_000;
/** A fresh Shopify order id per test, so subscriptions never collide. */
export const nextOrderId = () => ++orderSeq;

export const monthly: Interval = { unit: "month", deliveryCount: 1, billingCount: 1 };
export const everyTwoMonths: Interval = { unit: "month", deliveryCount: 2, billingCount: 2 };
/** Delivered monthly, billed every 6 months. */
export const prepaidSixMonths: Interval = { unit: "month", deliveryCount: 1, billingCount: 6 };

export function futureDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Requests the simulator received, control routes excluded (they are never recorded). */
export function calls<R extends { method: string; path: string }>(sim: { requests: R[] }, method?: string, pathIncludes?: string): R[] {
  return sim.requests.filter((r) => (!method || r.method === method) && (!pathIncludes || r.path.includes(pathIncludes)));
}

export interface ProviderSimulators {
  recharge: RechargeSimulator;
  skio: SkioSimulator;
  loop: LoopSimulator;
}

/**
 * Starts the three provider simulators for a test file (wide rate limits), resets their
 * state before each test and closes them after; hands them to the file through `onStart`.
 */
export function withProviderSimulators(onStart: (sims: ProviderSimulators) => void): void {
  let sims: ProviderSimulators | undefined;
  beforeAll(async () => {
    const [recharge, skio, loop] = await Promise.all([
      startRechargeSimulator({ rateLimit: WIDE_SIM_LIMIT }),
      startSkioSimulator({ rateLimit: WIDE_SIM_LIMIT }),
      startLoopSimulator({ rateLimit: WIDE_SIM_LIMIT }),
    ]);
    sims = { recharge, skio, loop };
    onStart(sims);
  });
  afterAll(async () => {
    await Promise.all([sims?.recharge.close(), sims?.skio.close(), sims?.loop.close()]);
  });
  beforeEach(() => {
    sims?.recharge.reset();
    sims?.skio.reset();
    sims?.loop.reset();
  });
}

/** An Admin GraphQL client for the Shopify simulator, as `admin.graphql` would call it (over real HTTP). */
export function simAdminClient(shopifyUrl: string, shop = SHOP, accessToken = "shpat_demo"): AdminGraphqlClient {
  return {
    graphql: (query, options) =>
      fetch(`${shopifyUrl}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": accessToken, "x-simulated-shop": shop },
        body: JSON.stringify({ query, variables: options?.variables ?? {} }),
      }),
  };
}

/** The shop's own customer check (CONN-2 store ownership), answered by the Shopify simulator's demo shop. */
export const demoShopOwnsCustomer = (shopifyUrl: string) => shopOwnsCustomer(simAdminClient(shopifyUrl));
