# Sourced by scripts/build-extension.sh and scripts/deploy.sh, so the URL baked into the
# checkout extension is found the same way whichever of them runs: UPLIFT_APP_URL, else
# SHOPIFY_APP_URL, else shopify.app.toml's application_url (trailing "/" dropped).
resolve_app_url() {
  local url="${UPLIFT_APP_URL:-${SHOPIFY_APP_URL:-}}"
  if [ -z "$url" ]; then
    url="$(sed -n 's/^application_url *= *"\(.*\)"/\1/p' shopify.app.toml | head -n 1)"
  fi
  printf '%s' "${url%/}"
}

# Which of the three sources gave the URL, for the deploy's summary line.
app_url_source() {
  if [ -n "${UPLIFT_APP_URL:-}" ]; then echo "UPLIFT_APP_URL"
  elif [ -n "${SHOPIFY_APP_URL:-}" ]; then echo "SHOPIFY_APP_URL"
  else echo "shopify.app.toml application_url"; fi
}
