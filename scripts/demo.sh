#!/usr/bin/env bash
# npm run demo: the whole product on this machine, no Shopify account needed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${NODE_ENV:-}" = "production" ]; then
  echo "npm run demo refuses NODE_ENV=production: the demo signs its own admin session tokens." >&2
  exit 1
fi
bash scripts/setup.sh
bash scripts/services.sh redis
source scripts/ensure-node.sh
mkdir -p .demo
export DATABASE_URL="${DEMO_DATABASE_URL:-file:./.demo/demo.sqlite}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6390}"
export QUEUE_PREFIX="${QUEUE_PREFIX:-uplift-demo}"
bash scripts/migrate.sh >/dev/null
echo "demo: building the app"
npx remix vite:build >/dev/null
exec node --import tsx scripts/demo/server.ts
