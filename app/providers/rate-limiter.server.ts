/**
 * Client-side rate limiting before every provider call. The interface is tiny so the
 * worker can swap in a Redis-backed limiter shared by all processes; this in-process
 * token bucket is the default.
 */

/** A bucket of `capacity` requests that refills at `refillPerSecond`. */
export interface RateLimitRule {
  capacity: number;
  refillPerSecond: number;
}

export interface RateLimiter {
  /** Resolves when one request under `key` may go out without breaking `rule`. */
  acquire(key: string, rule: RateLimitRule): Promise<void>;
}

export const noRateLimit: RateLimiter = { acquire: async () => {} };

/**
 * The rule a client should pace itself by: a little under the provider's bucket. Requests
 * reach the provider with jittery latency (a cold connection arrives later than a warm
 * one sent after it), so filling the bucket exactly still overflows it now and then.
 */
export function withSafetyMargin(rule: RateLimitRule): RateLimitRule {
  return { capacity: Math.max(1, Math.floor(rule.capacity * 0.9)), refillPerSecond: rule.refillPerSecond * 0.95 };
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  /** Callers queue here so they leave in arrival order. */
  tail: Promise<void>;
}

export interface TokenBucketOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export function createTokenBucketLimiter(options: TokenBucketOptions = {}): RateLimiter {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const buckets = new Map<string, Bucket>();

  async function take(bucket: Bucket, rule: RateLimitRule): Promise<void> {
    for (;;) {
      const at = now();
      bucket.tokens = Math.min(rule.capacity, bucket.tokens + ((at - bucket.updatedAt) / 1000) * rule.refillPerSecond);
      bucket.updatedAt = at;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      // +1 ms so float rounding never lands us a hair before the token exists.
      await sleep(Math.ceil(((1 - bucket.tokens) / rule.refillPerSecond) * 1000) + 1);
    }
  }

  return {
    acquire(key, rule) {
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { tokens: rule.capacity, updatedAt: now(), tail: Promise.resolve() };
        buckets.set(key, bucket);
      }
      const current = bucket;
      const turn = current.tail.then(() => take(current, rule));
      current.tail = turn.catch(() => {});
      return turn;
    },
  };
}

/** Shared by every adapter in this process, so two adapters on one token share a bucket. */
export const processRateLimiter: RateLimiter = createTokenBucketLimiter();
