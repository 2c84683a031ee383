#!/usr/bin/env bash
# The one deploy path (audit S-3): `npm run deploy [-- --dry-run] [shopify app deploy flags]`.
#
# `shopify app deploy` bundles the checkout extension itself and replaces
# process.env.UPLIFT_APP_URL from the deployer's environment only, so a plain
# `shopify app deploy` without it ships an extension that calls no server and never
# shows an offer. This script resolves the URL the way scripts/build-extension.sh does,
# refuses an empty, non-https or placeholder one, builds and checks the extension with
# it, then runs the CLI's deploy with it exported.
#
# --dry-run prints the resolved URL and stops (non-zero when there is none).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/app-url.sh

dry_run=false
cli_args=()
for arg in "$@"; do
  if [ "$arg" = "--dry-run" ]; then dry_run=true; else cli_args+=("$arg"); fi
done

source_name="$(app_url_source)"
UPLIFT_APP_URL="$(resolve_app_url)"
fail() {
  echo "deploy: $1" >&2
  echo "deploy: set UPLIFT_APP_URL to the app's public https URL (e.g. UPLIFT_APP_URL=https://uplift.example.net npm run deploy)." >&2
  exit 1
}
[ -n "$UPLIFT_APP_URL" ] || fail "no app URL: UPLIFT_APP_URL, SHOPIFY_APP_URL and shopify.app.toml's application_url are all empty."
case "$UPLIFT_APP_URL" in
  https://*) ;;
  *) fail "the app URL '$UPLIFT_APP_URL' (from $source_name) is not https; Shopify's checkout only calls https servers." ;;
esac
# shopify.app.toml ships with a placeholder until `shopify app config link` fills it in.
case "$UPLIFT_APP_URL" in
  https://example.com | https://example.com/*) fail "the app URL '$UPLIFT_APP_URL' (from $source_name) is the placeholder, not your app." ;;
esac

echo "deploy: app URL $UPLIFT_APP_URL (from $source_name)"
if [ "$dry_run" = true ]; then
  echo "deploy: dry run; nothing built or deployed"
  exit 0
fi

export UPLIFT_APP_URL
bash scripts/build-extension.sh
source scripts/ensure-node.sh >/dev/null
npx shopify app deploy "${cli_args[@]}"
