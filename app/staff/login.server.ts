/**
 * Support staff sign-in (BETA-2): rate limit first (before any password hashing), then a
 * constant-time password check against the configured accounts.
 */
import { env } from "~/env.server";
import { logger } from "~/logger.server";
import { AUDIT_ACTIONS, recordAudit } from "~/audit/audit.server";
import { sharedRedis } from "~/redis.server";
import {
  createLoginRateLimiter,
  FallbackCounterStore,
  RedisCounterStore,
  type LoginRateLimiter,
} from "./login-rate-limit.server";
import { authenticateStaff, type StaffAccount } from "./staff.server";

let limiter: LoginRateLimiter | undefined;

/** One limiter per process, its counters shared through Redis by every instance. */
export function loginRateLimiter(): LoginRateLimiter {
  limiter ??= createLoginRateLimiter({
    store: new FallbackCounterStore(new RedisCounterStore(sharedRedis())),
    keyPrefix: `${env().QUEUE_PREFIX}:support-login`,
  });
  return limiter;
}

export type LoginResult =
  | { ok: true; account: StaffAccount }
  | { ok: false; status: 401; message: string }
  | { ok: false; status: 429; message: string; retryAfterS: number };

const lockedOut = (retryAfterMs: number): LoginResult => {
  const retryAfterS = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return {
    ok: false,
    status: 429,
    retryAfterS,
    message: `Too many failed sign-ins. Try again in ${Math.ceil(retryAfterS / 60)} minute(s).`,
  };
};

export async function attemptStaffLogin(input: {
  email: string;
  password: string;
  client: string;
  limiter?: LoginRateLimiter;
}): Promise<LoginResult> {
  const rateLimiter = input.limiter ?? loginRateLimiter();
  const attempt = { email: input.email, client: input.client };
  const before = await rateLimiter.check(attempt);
  if (!before.allowed) return lockedOut(before.retryAfterMs);

  const account = await authenticateStaff(input.email, input.password);
  if (!account) {
    const after = await rateLimiter.recordFailure(attempt);
    // The email is attacker-controlled input and personal data: it stays out of the log.
    logger.warn("support console sign-in failed", { lockedOut: !after.allowed });
    return { ok: false, status: 401, message: "That email and password do not match a support staff account." };
  }
  await rateLimiter.recordSuccess(attempt);
  await recordAudit({ actor: `staff:${account.email}`, action: AUDIT_ACTIONS.staffLogin });
  return { ok: true, account };
}
