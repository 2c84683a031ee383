#!/usr/bin/env bash
# npm run demo: the whole product on this machine, no Shopify account needed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${NODE_ENV:-}" = "production" ]; then
  echo "npm run demo refuses NODE_ENV=production: the demo signs its own admin session tokens." >&2
  exit 1
fi
bash scripts/setup.sh
REDIS_PORT="${UPLIFT_REDIS_PORT:-6390}"
# Ctrl-C stops what the demo started, including Redis, but never a Redis that was
# already running (the tests or another project may be using it).
redis_was_running=no
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && redis_was_running=yes
bash scripts/services.sh redis
stop_redis() {
  if [ "$redis_was_running" = no ]; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    echo "demo: stopped the Redis it started on 127.0.0.1:$REDIS_PORT"
  fi
}
trap stop_redis EXIT
source scripts/ensure-node.sh
mkdir -p .demo
export DATABASE_URL="${DEMO_DATABASE_URL:-file:./.demo/demo.sqlite}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"
export QUEUE_PREFIX="${QUEUE_PREFIX:-uplift-demo}"
bash scripts/migrate.sh >/dev/null
echo "demo: building the app"
npx remix vite:build >/dev/null
# Not exec: the EXIT trap must run after the launcher stops. Ctrl-C reaches both the
# launcher (which stops its children) and this shell, which waits for it.
trap ':' INT
node --import tsx scripts/demo/server.ts
