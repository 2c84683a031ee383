// Defaults for every test process; a value already in the environment wins.
const defaults: Record<string, string> = {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: "testApiKey",
  SHOPIFY_API_SECRET: "testApiSecretKey",
  SHOPIFY_APP_URL: "https://my-test-app.myshopify.io",
  SCOPES: "read_products,write_products",
  ENCRYPTION_KEY: "0".repeat(64),
  REDIS_URL: "redis://127.0.0.1:6390",
  SUPPORT_SESSION_SECRET: "test-support-session-secret-at-least-32-chars",
};
for (const [key, value] of Object.entries(defaults)) process.env[key] ??= value;
