/**
 * Failed-login limits for the support console: per email (the real guard against
 * guessing one account's password) and per client address (against trying many accounts).
 * Counters live in Redis so every web instance shares them; if Redis does not answer
 * within half a second, a per-process memory store takes over (fail closed, not open).
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { logger } from "~/logger.server";

export interface CounterStore {
  /** Adds one failure; returns the count and the window's remaining time. */
  increment(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }>;
  read(key: string): Promise<{ count: number; ttlMs: number }>;
  reset(key: string): Promise<void>;
}

export class MemoryCounterStore implements CounterStore {
  private readonly counters = new Map<string, { count: number; expiresAt: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  private live(key: string) {
    const entry = this.counters.get(key);
    if (entry && entry.expiresAt <= this.now()) this.counters.delete(key);
    return this.counters.get(key);
  }

  async increment(key: string, windowMs: number) {
    const entry = this.live(key) ?? { count: 0, expiresAt: this.now() + windowMs };
    entry.count += 1;
    this.counters.set(key, entry);
    return { count: entry.count, ttlMs: entry.expiresAt - this.now() };
  }

  async read(key: string) {
    const entry = this.live(key);
    return entry ? { count: entry.count, ttlMs: entry.expiresAt - this.now() } : { count: 0, ttlMs: 0 };
  }

  async reset(key: string) {
    this.counters.delete(key);
  }
}

// INCR and PEXPIRE in one step, so a crash between them cannot leave a counter without expiry.
const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`;

export class RedisCounterStore implements CounterStore {
  constructor(private readonly redis: Redis) {}

  async increment(key: string, windowMs: number) {
    const [count, ttl] = (await this.redis.eval(INCREMENT, 1, key, String(windowMs))) as [number, number];
    return { count, ttlMs: Math.max(ttl, 0) };
  }

  async read(key: string) {
    const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
    return { count: Number(count ?? 0), ttlMs: Math.max(ttl, 0) };
  }

  async reset(key: string) {
    await this.redis.del(key);
  }
}

/** Uses `primary`, and `fallback` whenever `primary` fails or takes longer than `timeoutMs`. */
export class FallbackCounterStore implements CounterStore {
  constructor(
    private readonly primary: CounterStore,
    private readonly fallback: CounterStore = new MemoryCounterStore(),
    private readonly timeoutMs = 500,
  ) {}

  private async run<T>(op: (store: CounterStore) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        op(this.primary),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("timed out")), this.timeoutMs);
        }),
      ]);
    } catch (error) {
      logger.warn("login rate limiter: Redis unavailable, using this process's memory", {
        error: error instanceof Error ? error.message : String(error),
      });
      return op(this.fallback);
    } finally {
      clearTimeout(timer);
    }
  }

  increment(key: string, windowMs: number) {
    return this.run((s) => s.increment(key, windowMs));
  }
  read(key: string) {
    return this.run((s) => s.read(key));
  }
  reset(key: string) {
    return this.run((s) => s.reset(key));
  }
}

export interface LoginRateLimitOptions {
  store: CounterStore;
  keyPrefix: string;
  /** Failures allowed per email within the window (the next attempt is refused). */
  maxFailuresPerEmail?: number;
  /** Failures allowed per client address within the window. */
  maxFailuresPerClient?: number;
  windowMs?: number;
}

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface LoginAttempt {
  email: string;
  client: string;
}

export interface LoginRateLimiter {
  check(attempt: LoginAttempt): Promise<LimitDecision>;
  recordFailure(attempt: LoginAttempt): Promise<LimitDecision>;
  recordSuccess(attempt: LoginAttempt): Promise<void>;
}

export const LOGIN_LIMITS = { maxFailuresPerEmail: 5, maxFailuresPerClient: 20, windowMs: 15 * 60_000 } as const;

// Emails and addresses are hashed: the counters hold no personal data.
const hashed = (value: string) => createHash("sha256").update(value.trim().toLowerCase()).digest("base64url").slice(0, 22);

export function createLoginRateLimiter({
  store,
  keyPrefix,
  maxFailuresPerEmail = LOGIN_LIMITS.maxFailuresPerEmail,
  maxFailuresPerClient = LOGIN_LIMITS.maxFailuresPerClient,
  windowMs = LOGIN_LIMITS.windowMs,
}: LoginRateLimitOptions): LoginRateLimiter {
  const keys = (attempt: LoginAttempt) => ({
    email: `${keyPrefix}:email:${hashed(attempt.email)}`,
    client: `${keyPrefix}:client:${hashed(attempt.client)}`,
  });
  const decide = (email: { count: number; ttlMs: number }, client: { count: number; ttlMs: number }): LimitDecision => {
    const waits = [
      email.count >= maxFailuresPerEmail ? email.ttlMs : 0,
      client.count >= maxFailuresPerClient ? client.ttlMs : 0,
    ];
    const retryAfterMs = Math.max(...waits);
    return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
  };
  return {
    async check(attempt) {
      const k = keys(attempt);
      const [email, client] = await Promise.all([store.read(k.email), store.read(k.client)]);
      return decide(email, client);
    },
    async recordFailure(attempt) {
      const k = keys(attempt);
      const [email, client] = await Promise.all([store.increment(k.email, windowMs), store.increment(k.client, windowMs)]);
      return decide(email, client);
    },
    async recordSuccess(attempt) {
      // The address keeps its count: one success must not reset a spray across accounts.
      await store.reset(keys(attempt).email);
    },
  };
}

/**
 * The client's address as the nearest proxy reports it (last X-Forwarded-For hop, which
 * the client cannot forge behind one proxy). Without a proxy every client shares one
 * bucket, and the per-email limit still holds.
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const hops = forwarded?.split(",").map((h) => h.trim()).filter(Boolean) ?? [];
  return hops.at(-1) ?? "unknown";
}
