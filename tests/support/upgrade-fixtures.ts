/**
 * Upgrade test fixtures: a shop with a saved provider connection, accepted upgrades
 * written the way the runtime writes them (Acceptance + UpgradeJob + outbox row in one
 * transaction), an in-process worker, spawned worker processes, and a Redis that keeps
 * its data across a restart.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Shop } from "@prisma/client";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import prisma from "~/db.server";
import { tuneSqlite, withDbRetry } from "~/lib/db-retry.server";
import { createRedisRateLimiter } from "~/upgrades/provider-limiter.server";
import { QUEUES, queuePrefix } from "~/jobs/queues.server";
import type { OfferDefinition } from "~/domain/funnel-schemas";
import { FUNNEL_TREE_INCLUDE, toFunnelDefinition } from "~/funnels/definitions.server";
import { enqueueUpgrade } from "~/upgrades/enqueue.server";
import { postscriptUpgradeOutcomes } from "~/worker.server";
import { createUpgradeProcessor, upgradeBackoffStrategy, type UpgradeProcessorDeps } from "~/upgrades/processor.server";
import type { ProviderName, RateLimitRule, UpgradeChange } from "~/providers/index.server";
import { encryptSecret, secretTail } from "~/security/encryption.server";
import { secretContext } from "~/security/secret-columns.server";
import { freePort } from "../e2e/support/demo-stack";
import type { SimSubscriptionSpec } from "../simulators/providers/seed";

export const MONTHLY_TO_BIMONTHLY: UpgradeChange = {
  type: "frequency",
  interval: { unit: "month", deliveryCount: 2, billingCount: 2 },
  applyAtEndOfCycle: false,
};

/** A shop with the beta on and a verified, encrypted provider token. */
export async function createUpgradeShop(input: { provider: ProviderName; token: string; domain?: string }): Promise<Shop> {
  // Worker processes write to this file too (db-retry.server.ts).
  await tuneSqlite();
  const shop = await prisma.shop.create({
    data: { domain: input.domain ?? `up-${randomUUID().slice(0, 8)}.myshopify.com`, subscriptionUpgradesBeta: true },
  });
  await prisma.providerConnection.create({
    data: {
      shopId: shop.id,
      provider: input.provider,
      tokenCiphertext: encryptSecret(input.token, { context: secretContext.providerToken(shop.id) }),
      tokenLast4: secretTail(input.token),
      testState: "valid",
      verifiedAt: new Date(),
    },
  });
  return shop;
}

const offerCache = new Map<string, OfferDefinition>();
const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;

/** An upgrade offer for `change` whose item's trigger product is `productId`, read back as the checkout reads it. */
async function upgradeOffer(shop: Shop, productId: number, change: UpgradeChange): Promise<OfferDefinition> {
  const key = `${shop.id}:${productId}:${JSON.stringify(change)}`;
  const cached = offerCache.get(key);
  if (cached) return cached;
  const replacement = change.type !== "frequency" ? change.replacement : undefined;
  const funnel = await prisma.funnel.create({
    data: {
      shopId: shop.id,
      name: "Upgrade funnel",
      status: "active",
      offers: {
        create: {
          shopId: shop.id,
          kind: "subscription_upgrade",
          items: {
            create: {
              productId: gid("Product", 1006),
              variantId: gid("ProductVariant", 2007),
              productTitle: "Upgrade: Double Bag",
              priceMinor: 1500,
              currency: "USD",
              upgrade: {
                create: {
                  triggerProductId: gid("Product", productId),
                  triggerProductTitle: "Morning Roast Coffee",
                  type: change.type,
                  intervalUnit: change.type !== "replacement" ? change.interval?.unit : undefined,
                  deliveryIntervalCount: change.type !== "replacement" ? change.interval?.deliveryCount : undefined,
                  billingIntervalCount: change.type !== "replacement" ? change.interval?.billingCount : undefined,
                  replacementProductId: replacement ? gid("Product", replacement.productId) : undefined,
                  replacementVariantId: replacement ? gid("ProductVariant", replacement.variantId) : undefined,
                  replacementQuantity: replacement?.quantity,
                  applyAtEndOfCycle: change.applyAtEndOfCycle,
                },
              },
            },
          },
        },
      },
    },
  });
  const row = await prisma.funnel.findUniqueOrThrow({ where: { id: funnel.id }, include: FUNNEL_TREE_INCLUDE });
  const offer = toFunnelDefinition(row).offers[0];
  if (!offer) throw new Error("upgrade fixture: the offer did not read back");
  offerCache.set(key, offer);
  return offer;
}

export interface AcceptedUpgrade {
  acceptanceId: string;
  upgradeJobId: string;
  jobId: string;
}

/**
 * What the runtime does on an accepted upgrade offer: the Acceptance, then the real
 * enqueue (UpgradeJob "queued", or "scheduled" for end of cycle, and its outbox row) in
 * the same transaction. The order's subscription line is `productId`/`variantId`
 * (Morning Roast 12 oz, monthly, by default), which is also the offer's trigger product.
 */
export async function acceptUpgrade(input: {
  shop: Shop;
  provider: ProviderName;
  orderId: number;
  customerId?: number;
  productId?: number;
  variantId?: number;
  change?: UpgradeChange;
  firstAttemptDelayMs?: number;
}): Promise<AcceptedUpgrade> {
  const change = input.change ?? MONTHLY_TO_BIMONTHLY;
  const productId = input.productId ?? 1001;
  const offer = await withDbRetry(() => upgradeOffer(input.shop, productId, change));
  const line = { productId: gid("Product", productId), variantId: gid("ProductVariant", input.variantId ?? 2001), sellingPlanId: gid("SellingPlan", 3001), quantity: 1, totalPriceMinor: 1800 };
  const customerId = String(input.customerId ?? 4001);
  return withDbRetry(() =>
    prisma.$transaction(async (tx) => {
      const acceptance = await tx.acceptance.create({
        data: {
          shopId: input.shop.id,
          referenceId: `ref-${input.orderId}`,
          orderId: String(input.orderId),
          customerId,
          offerId: offer.id,
          offerKey: offer.id,
          kind: "subscription_upgrade",
          chosenOption: "one_time",
          amountMinor: 1500,
          currency: "USD",
        },
      });
      const upgrade = await enqueueUpgrade(tx, {
        shopId: input.shop.id,
        acceptanceId: acceptance.id,
        provider: input.provider,
        offer,
        initialLines: [line],
        orderId: String(input.orderId),
        customerId,
        customerName: "Ada L.",
        now: new Date(),
        firstAttemptDelayMs: input.firstAttemptDelayMs ?? 0,
      });
      if (!upgrade.outboxKey) throw new Error(`upgrade fixture: the upgrade was not queued (${upgrade.failure?.message})`);
      return { acceptanceId: acceptance.id, upgradeJobId: upgrade.upgradeJobId, jobId: upgrade.outboxKey };
    }),
  );
}

/** A monthly Morning Roast subscription for `orderId` in a provider simulator. */
export function subscriptionSpec(
  orderId: number,
  overrides: Partial<Omit<SimSubscriptionSpec, "lines">> & { productId?: number; variantId?: number; quantity?: number } = {},
): SimSubscriptionSpec {
  const { productId = 1001, variantId = 2001, quantity = 1, ...rest } = overrides;
  return {
    orderId,
    customerId: 4001,
    lines: [{ productId, variantId, quantity, price: "18.00" }],
    intervalUnit: "month",
    deliveryIntervalCount: 1,
    billingIntervalCount: 1,
    nextChargeDate: "2031-01-15",
    ...rest,
  };
}

export async function waitFor<T>(check: () => Promise<T | false | null | undefined> | T | false | null | undefined, timeoutMs = 15_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function upgradeRows(ids: string[]) {
  return prisma.upgradeJob.findMany({ where: { id: { in: ids } }, include: { attempts: { orderBy: { startedAt: "asc" } } } });
}

export async function allSettled(ids: string[], timeoutMs = 30_000): Promise<void> {
  await waitFor(
    async () => (await prisma.upgradeJob.count({ where: { id: { in: ids }, status: { in: ["succeeded", "failed"] } } })) === ids.length,
    timeoutMs,
    `${ids.length} upgrades to finish`,
  );
}

/** Deletes every Redis key under this file's queue prefix (queues and limiter buckets). */
export async function cleanupRedisPrefix(url = process.env.REDIS_URL!, prefix = queuePrefix()): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
      if ((keys as string[]).length) await redis.del(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
}

export interface TestWorker {
  worker: Worker;
  close(): Promise<void>;
}

/** The upgrade worker in this process, on this file's queue prefix and Redis, wired as the worker process wires it. */
export async function startTestWorker(
  options: Partial<Omit<UpgradeProcessorDeps, "limiter">> & {
    baseUrls: Partial<Record<ProviderName, string>>;
    rules?: Partial<Record<ProviderName, RateLimitRule>>;
    concurrency?: number;
    limiterMaxWaitMs?: number;
    redisUrl?: string;
  },
): Promise<TestWorker> {
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL!;
  const limiterRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const limiter = createRedisRateLimiter({ redis: limiterRedis, prefix: queuePrefix(), maxWaitMs: options.limiterMaxWaitMs ?? 10_000 });
  const retryScale = options.retryScale ?? 1 / 36_000;
  const processor = createUpgradeProcessor({
    // The worker process's own wiring: final outcomes become Postscript events (PS-2).
    onOutcome: postscriptUpgradeOutcomes,
    ...options,
    limiter,
    retryScale,
    timeoutMs: options.timeoutMs ?? 2000,
    baseUrlFor: (provider) => options.baseUrls[provider],
    rateLimitFor: (provider) => options.rules?.[provider],
  });
  const worker = new Worker(QUEUES.upgrades, processor, {
    prefix: queuePrefix(),
    connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
    concurrency: options.concurrency ?? 10,
    settings: { backoffStrategy: upgradeBackoffStrategy(retryScale) },
  });
  worker.on("error", () => undefined);
  await worker.waitUntilReady();
  return {
    worker,
    async close() {
      limiter.shutdown();
      await worker.close();
      limiterRedis.disconnect();
    },
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A real worker process (`node --import tsx app/worker.server.ts`) on this file's DB and prefix. */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("app/worker.server.ts")], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      DATABASE_URL: process.env.DATABASE_URL!,
      QUEUE_PREFIX: queuePrefix(),
      UPGRADE_LOCK_DURATION_MS: "3000",
      UPGRADE_STALLED_INTERVAL_MS: "1000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface DurableRedis {
  url: string;
  start(): Promise<void>;
  /** SIGKILL: no clean shutdown, only what the append-only file already holds survives. */
  kill(): Promise<void>;
}

/**
 * A private redis-server with an fsync-always append-only file, as production should run
 * it: a restart keeps the queues (tests/support/redis-server.ts deliberately does not).
 */
export async function durableRedis(): Promise<DurableRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uplift-redis-aof-"));
  let child: ChildProcess | undefined;
  const ping = async () => {
    const client = new Redis(port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === "PONG";
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir],
        { stdio: "ignore" },
      );
      for (let i = 0; i < 200 && !(await ping()); i++) await new Promise((r) => setTimeout(r, 25));
    },
    async kill() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child!.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    },
  };
}
