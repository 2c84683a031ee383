/**
 * Where the app is served. The Shopify CLI's bundler replaces `process.env.UPLIFT_APP_URL`
 * with the value set when the extension is built (scripts/build-extension.sh sets it from
 * UPLIFT_APP_URL, else SHOPIFY_APP_URL, else shopify.app.toml's application_url); the
 * sandbox itself has no `process`.
 */
declare const process: { env: { UPLIFT_APP_URL?: string } };

export const APP_URL: string = process.env.UPLIFT_APP_URL ?? "";
