import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/env.server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://uplift.example.com",
  REDIS_URL: "redis://127.0.0.1:6379",
  ENCRYPTION_KEY: "a".repeat(64),
};

describe("environment validation", () => {
  it("OPS-3: names every missing or invalid variable in one message, with the fix", () => {
    let error: unknown;
    try {
      parseEnv({ SHOPIFY_APP_URL: "not a url", ENCRYPTION_KEY: "short", DATABASE_URL: "mysql://x" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    for (const name of ["SHOPIFY_API_KEY is missing", "SHOPIFY_API_SECRET is missing", "SHOPIFY_APP_URL", "REDIS_URL is missing", "ENCRYPTION_KEY", "DATABASE_URL"]) {
      expect(message).toContain(name);
    }
    expect(message).toContain("openssl rand -hex 32");
    expect((error as EnvError).problems).toHaveLength(6);
  });

  it("applies defaults: SQLite database, 10 s provider timeout, real provider hosts", () => {
    const env = parseEnv(valid);
    expect(env.DATABASE_URL).toBe("file:./prisma/dev.sqlite");
    expect(env.PROVIDER_TIMEOUT_MS).toBe(10_000);
    expect(env.RECHARGE_API_URL).toBe("https://api.rechargeapps.com");
    expect(env.UPGRADE_RETRY_SCALE).toBe(1);
  });

  it("accepts a PostgreSQL URL and treats empty strings as unset", () => {
    const env = parseEnv({ ...valid, DATABASE_URL: "postgresql://u:p@db:5432/uplift", LOG_LEVEL: "" });
    expect(env.DATABASE_URL).toMatch(/^postgresql:/);
    expect(env.LOG_LEVEL).toBe("info");
  });
});
