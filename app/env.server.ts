/**
 * The process environment, validated once. A bad or missing variable stops the process
 * with one message naming every problem and how to fix it (STYLE.md habit 6).
 */
import { z } from "zod";

const hexKey = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes): generate one with `openssl rand -hex 32`");

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const ratio = z.coerce.number().positive().max(1).default(1);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1, "is required: the app's client id from the Partner Dashboard"),
  SHOPIFY_API_SECRET: z.string().min(1, "is required: the app's client secret from the Partner Dashboard"),
  SHOPIFY_APP_URL: z.url("must be the public https URL the app is served from"),
  SCOPES: z.string().default("read_products,write_products,read_orders,read_customers"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must be file:./path.sqlite or postgresql://user:pass@host:5432/db")
    .default("file:./prisma/dev.sqlite"),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be redis://host:port (or rediss:// for TLS)"),
  ENCRYPTION_KEY: hexKey,
  /** The key being rotated out: still decrypts, never encrypts (docs/operations.md). */
  ENCRYPTION_KEY_PREVIOUS: hexKey.optional(),
  SUPPORT_SESSION_SECRET: z.string().min(32, "must be at least 32 random characters").optional(),
  /** Staff accounts for /support: `email:scrypt-hash,…` (see `npm run support -- hash-password`). */
  SUPPORT_STAFF: z.string().optional(),
  RECHARGE_API_URL: z.url().default("https://api.rechargeapps.com"),
  SKIO_API_URL: z.url().default("https://graphql.skio.com/v1/graphql"),
  LOOP_API_URL: z.url().default("https://api.loopsubscriptions.com"),
  POSTSCRIPT_API_URL: z.url().default("https://api.postscript.io"),
  PROVIDER_TIMEOUT_MS: positiveInt(10_000),
  /** Multiplies the 1 h / 24 h retry delays; tests shrink them (JOB-2). */
  UPGRADE_RETRY_SCALE: ratio,
  /** Providers can lag the order: the first attempt waits this long (ms). */
  UPGRADE_FIRST_ATTEMPT_DELAY_MS: z.coerce.number().int().min(0).default(60_000),
  /** Upgrade jobs one worker process runs at once. */
  UPGRADE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
  /** BullMQ lock per running upgrade job; a worker that dies loses its jobs after this. */
  UPGRADE_LOCK_DURATION_MS: z.coerce.number().int().min(1000).default(30_000),
  /** How often BullMQ looks for jobs whose worker died. */
  UPGRADE_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
  /** Simulators and the bench only: multiplies every provider's documented rate bucket. */
  UPGRADE_PROVIDER_RATE_SCALE: z.coerce.number().positive().max(1000).default(1),
  /** Longest a job sleeps for a provider slot before stepping aside for other shops. */
  UPGRADE_LIMITER_MAX_WAIT_MS: z.coerce.number().int().min(100).default(10_000),
  /** How often each worker compares the queues with the database (jobs/reconciler.server.ts). */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  /** How long after dispatch a job missing from Redis counts as lost, not on its way. */
  RECONCILE_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** How long an upgrade may be "running" before a missing job means its worker died. */
  RECONCILE_RUNNING_GRACE_MS: z.coerce.number().int().min(0).default(300_000),
  QUEUE_PREFIX: z.string().default("uplift"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Demo launcher only: where the App Bridge stand-in is served. */
  APP_BRIDGE_URL: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

const UpstreamEnvSchema = envSchema.pick({
  RECHARGE_API_URL: true,
  SKIO_API_URL: true,
  LOOP_API_URL: true,
  POSTSCRIPT_API_URL: true,
  PROVIDER_TIMEOUT_MS: true,
});
export type UpstreamEnv = z.infer<typeof UpstreamEnvSchema>;

/**
 * The upstream base URLs and timeout, through the same schema, read per call (not
 * cached): tests and the demo point the app at simulators by setting the variable. A value
 * that does not parse falls back to its default here; boot validation (env()) reports it.
 */
export function upstreamEnv(source: Record<string, string | undefined> = process.env): UpstreamEnv {
  const shape = UpstreamEnvSchema.shape;
  const read = <K extends keyof UpstreamEnv>(key: K): UpstreamEnv[K] => {
    const raw = source[key]?.trim();
    const parsed = shape[key].safeParse(raw === "" ? undefined : raw);
    return (parsed.success ? parsed.data : shape[key].parse(undefined)) as UpstreamEnv[K];
  };
  return {
    RECHARGE_API_URL: read("RECHARGE_API_URL"),
    SKIO_API_URL: read("SKIO_API_URL"),
    LOOP_API_URL: read("LOOP_API_URL"),
    POSTSCRIPT_API_URL: read("POSTSCRIPT_API_URL"),
    PROVIDER_TIMEOUT_MS: read("PROVIDER_TIMEOUT_MS"),
  };
}

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(
      `Uplift cannot start: ${problems.length} environment variable(s) need fixing:\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        "\nSet them in the environment (see README › Configuration).",
    );
    this.name = "EnvError";
  }
}

/** Parses an environment; throws EnvError listing every problem at once. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".");
        const missing = issue.code === "invalid_type" && cleaned[name] === undefined;
        return missing ? `${name} is missing` : `${name} ${issue.message}`;
      }),
    );
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
