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
import { RateLimitDeferral } from "./errors";

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
  /** `mayDefer: false` waits however long it takes (a change already under way finishes). */
  acquire(key: string, rule: RateLimitRule, options?: { mayDefer?: boolean }): Promise<void>;
  /** Ends every sleep at once with a RateLimitDeferral (graceful shutdown). */
  shutdown(): void;
  /** Counters since start: slots taken, jobs stepped aside, slots given up after a late wake-up. */
  stats(): { reserved: number; deferred: number; lateWakes: number };
}

/** How late (or bunched) a request may reach the provider compared with its slot. */
const JITTER_ALLOWANCE_S = 0.25;

/**
 * Headroom against the provider's own bucket: a request can reach the provider later or
 * bunched with others compared with its slot (event-loop lag, network), so part of the
 * burst stays in reserve: 10 % of it, and at least what 250 ms of the rate would add. The
 * steady rate stays the documented one (the goal is ≥ 0.95 of it).
 */
export function effectiveRule(rule: RateLimitRule): RateLimitRule {
  const reserve = Math.max(1, Math.round(rule.capacity * 0.1), Math.ceil(rule.refillPerSecond * JITTER_ALLOWANCE_S));
  if (rule.capacity - reserve >= 1) return { capacity: rule.capacity - reserve, refillPerSecond: rule.refillPerSecond };
  // A bucket too small to keep a reserve: go one at a time, a little slower.
  return { capacity: 1, refillPerSecond: rule.refillPerSecond * 0.95 };
}

/**
 * A sleeper woken later than this after its slot (a blocked event loop) takes a fresh
 * slot instead of going: half of what the reserve absorbs, so a late request never eats
 * the whole margin, while ordinary timer lateness costs no slot.
 */
export function lateWakeMs(rule: RateLimitRule): number {
  const reserved = rule.capacity - effectiveRule(rule).capacity;
  return Math.max(50, ((Math.max(1, reserved) / rule.refillPerSecond) * 1000) / 2);
}

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const sleepers = new Set<() => void>();
  const counters = { reserved: 0, deferred: 0, lateWakes: 0 };
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

  async function reserve(key: string, rule: RateLimitRule, mayDefer: boolean): Promise<number> {
    const { capacity, refillPerSecond } = effectiveRule(rule);
    const intervalUs = 1_000_000 / refillPerSecond;
    const [reserved, waitUs] = (await options.redis.eval(
      GCRA_RESERVE,
      1,
      `${options.prefix}:provider-rate:${key}`,
      String(Math.round(intervalUs)),
      String(Math.round(intervalUs * capacity)),
      String(mayDefer ? maxWaitMs * 1000 : Number.MAX_SAFE_INTEGER),
    )) as [number, number];
    const waitMs = Math.ceil(waitUs / 1000);
    if (!reserved) {
      counters.deferred++;
      throw new RateLimitDeferral(waitMs, key);
    }
    counters.reserved++;
    return waitMs;
  }

  return {
    async acquire(key, rule, { mayDefer = true } = {}) {
      for (let tries = 0; ; tries++) {
        if (stopping) throw new RateLimitDeferral(0, key);
        const waitMs = await reserve(key, rule, mayDefer);
        if (waitMs <= 0) return;
        const wakeAt = performance.now() + waitMs;
        await sleep(waitMs);
        if (stopping) throw new RateLimitDeferral(0, key);
        // Woken well after the slot (a blocked event loop): going now would bunch this
        // request with later ones, so take a fresh slot instead (a few times at most).
        if (performance.now() - wakeAt <= lateWakeMs(rule) || tries >= 2) return;
        counters.lateWakes++;
      }
    },
    stats: () => ({ ...counters }),
    shutdown() {
      stopping = true;
      for (const wake of [...sleepers]) wake();
    },
  };
}

/**
 * What one upgrade run hands its adapter: every key prefixed with the shop (limits are per
 * provider token and per shop). Only the run's first call may step aside: once a request
 * went out, the run finishes its lookup and change instead of starting over later.
 */
export function shopScopedLimiter(limiter: RedisRateLimiter | RateLimiter, shopDomain: string): RateLimiter {
  let started = false;
  return {
    async acquire(key, rule) {
      await (limiter as RedisRateLimiter).acquire(`${shopDomain}:${key}`, rule, { mayDefer: !started });
      started = true;
    },
  };
}
