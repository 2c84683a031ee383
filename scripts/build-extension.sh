#!/usr/bin/env bash
# Builds the checkout extension offline with the Shopify CLI (no Partner login needed,
# feasibility.md §7), typechecks it with its own React 17 tsconfig, and prints the
# bundle's gzip size, failing above Shopify's 64 KB limit for UI extensions.
#
# The app URL the extension calls is baked in at build time (scripts/app-url.sh: UPLIFT_APP_URL,
# else SHOPIFY_APP_URL, else shopify.app.toml's application_url); an empty one fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh >/dev/null

EXT=extensions/post-purchase-offer
BUNDLE="$EXT/dist/post-purchase-offer.js"
LIMIT_BYTES=$((64 * 1024))

source scripts/app-url.sh
UPLIFT_APP_URL="$(resolve_app_url)"
if [ -z "$UPLIFT_APP_URL" ]; then
  echo "build-extension: set UPLIFT_APP_URL (or SHOPIFY_APP_URL) to the app's public URL" >&2
  exit 1
fi
export UPLIFT_APP_URL

echo "extension: typecheck ($EXT/tsconfig.json)"
npx tsc --noEmit -p "$EXT"

echo "extension: shopify app build (app URL $UPLIFT_APP_URL)"
rm -rf "$EXT/dist"
SHOPIFY_CLI_NO_ANALYTICS=1 CI=1 npx shopify app build --skip-dependencies-installation >/dev/null

if [ ! -s "$BUNDLE" ]; then
  echo "build-extension: the CLI produced no $BUNDLE" >&2
  exit 1
fi
if ! grep -q "$UPLIFT_APP_URL" "$BUNDLE"; then
  echo "build-extension: the app URL was not baked into the bundle" >&2
  exit 1
fi
raw=$(wc -c <"$BUNDLE")
gz=$(gzip -9 -c "$BUNDLE" | wc -c)
printf 'extension bundle: %s — %d bytes, %d bytes gzip (limit %d)\n' "$BUNDLE" "$raw" "$gz" "$LIMIT_BYTES"
if [ "$gz" -gt "$LIMIT_BYTES" ]; then
  echo "build-extension: the bundle is over Shopify's 64 KB compressed limit" >&2
  exit 1
fi
