/**
 * The provider rate limiter every worker process shares (JOB-3, issue item 6): a GCRA
 * (the token-bucket equivalent) kept in Redis and updated by one atomic Lua script, keyed
 * by provider and shop, on Redis's own clock so all processes agree.
 *
 * acquire() reserves the next free slot and sleeps until it. When the slot is further
 * away than `maxWaitMs`, it reserves nothing and throws RateLimitDeferral instead: the
 * job steps aside (no attempt used) so one busy shop cannot hold every worker slot while
 * other shops' jobs wait.
 */
import type { Redis } from "ioredis";
import type { RateLimiter, RateLimitRule } from "~/providers/rate-limiter.server";
import { RateLimitDeferral } from "./upgrade-errors";

// KEYS[1]: the theoretical arrival time (TAT, µs). ARGV: emission interval, burst tolerance,
// max wait (all µs). Returns {reserved 0|1, wait µs}.
const GCRA_RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local newTat = tat + interval
local wait = newTat - burst - now
if wait < 0 then wait = 0 end
if wait > maxWait then return {0, math.floor(wait)} end
redis.call('SET', KEYS[1], string.format('%.0f', newTat), 'PX', math.ceil((newTat - now) / 1000) + 1000)
return {1, math.floor(wait)}
`;

export interface RedisRateLimiterOptions {
  redis: Redis;
  /** Key prefix (the queue prefix), so environments sharing a Redis never share buckets. */
  prefix: string;
  /** Longest a job may sleep for a slot before stepping aside. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RedisRateLimiter extends RateLimiter {
  /** Ends every sleep at once with a RateLimitDeferral (graceful shutdown). */
  shutdown(): void;
}

/**
 * Headroom against the provider's own bucket: requests can reach the provider a little
 * later or bunched compared with their slots, so keep ~10 % of the burst in reserve. The
 * steady rate stays the documented one (the goal is ≥ 0.95 of it).
 */
export function effectiveRule(rule: RateLimitRule): RateLimitRule {
  const reserve = Math.max(1, Math.round(rule.capacity * 0.1));
  if (rule.capacity - reserve >= 1) return { capacity: rule.capacity - reserve, refillPerSecond: rule.refillPerSecond };
  return { capacity: 1, refillPerSecond: rule.refillPerSecond * 0.95 };
}

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const sleepers = new Set<() => void>();
  let stopping = false;
  const sleep =
    options.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          sleepers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        sleepers.add(wake);
      }));

  return {
    async acquire(key, rule) {
      if (stopping) throw new RateLimitDeferral(0, key);
      const { capacity, refillPerSecond } = effectiveRule(rule);
      const intervalUs = 1_000_000 / refillPerSecond;
      const [reserved, waitUs] = (await options.redis.eval(
        GCRA_RESERVE,
        1,
        `${options.prefix}:provider-rate:${key}`,
        String(Math.round(intervalUs)),
        String(Math.round(intervalUs * capacity)),
        String(maxWaitMs * 1000),
      )) as [number, number];
      const waitMs = Math.ceil(waitUs / 1000);
      if (!reserved) throw new RateLimitDeferral(waitMs, key);
      if (waitMs > 0) await sleep(waitMs);
      if (stopping) throw new RateLimitDeferral(0, key);
    },
    shutdown() {
      stopping = true;
      for (const wake of [...sleepers]) wake();
    },
  };
}

/** Prefixes every key with the shop, so limits are per provider token and per shop. */
export function shopScopedLimiter(limiter: RateLimiter, shopDomain: string): RateLimiter {
  return { acquire: (key, rule) => limiter.acquire(`${shopDomain}:${key}`, rule) };
}
