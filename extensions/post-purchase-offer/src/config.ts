/**
 * Where the app is served. The Shopify CLI's bundler replaces `process.env.UPLIFT_APP_URL`
 * with the value in the environment of whoever builds or deploys (scripts/app-url.sh
 * resolves it for both `npm run deploy` and scripts/build-extension.sh, which refuse an
 * empty one). Left unreplaced, the expression would throw in the sandbox, which has no
 * `process`; the extension then reads an empty URL as "not configured" and shows nothing.
 */
declare const process: { env: { UPLIFT_APP_URL?: string } };

function bakedAppUrl(): string {
  try {
    return process.env.UPLIFT_APP_URL ?? "";
  } catch {
    return "";
  }
}

export const APP_URL: string = bakedAppUrl();
