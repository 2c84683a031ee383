/**
 * Runs in every test process before the test file is imported: default configuration
 * (a value already in the environment wins) and a private copy of the migrated database.
 */
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { inject } from "vitest";

const defaults: Record<string, string> = {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: "testApiKey",
  SHOPIFY_API_SECRET: "testApiSecretKey",
  SHOPIFY_APP_URL: "https://my-test-app.myshopify.io",
  SCOPES: "read_products,write_products,read_orders,read_customers",
  ENCRYPTION_KEY: "0".repeat(64),
  REDIS_URL: "redis://127.0.0.1:6390",
  SUPPORT_SESSION_SECRET: "test-support-session-secret-at-least-32-chars",
  LOG_LEVEL: "error",
};
for (const [key, value] of Object.entries(defaults)) process.env[key] ??= value;

const template = inject("templateDb");
if (template && fs.existsSync(template) && !process.env.UPLIFT_KEEP_DATABASE_URL) {
  const copy = path.join(inject("runDbDir"), `${randomUUID()}.sqlite`);
  fs.copyFileSync(template, copy);
  process.env.DATABASE_URL = `file:${copy}`;
}
/** A queue prefix per test file: BullMQ queues never collide between files. */
process.env.QUEUE_PREFIX = `test-${randomUUID().slice(0, 8)}`;
