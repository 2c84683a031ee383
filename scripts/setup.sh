#!/usr/bin/env bash
# Idempotent project set-up shared by `npm run demo` and `npm test`: Node 22, npm
# packages, both generated Prisma clients. Each step is skipped when already current.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh

fingerprint() { cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1; }

install_stamp="node_modules/.uplift-install"
want="$(node -v) $(fingerprint package.json extensions/*/package.json)"
if [ ! -f "$install_stamp" ] || [ "$(cat "$install_stamp")" != "$want" ]; then
  echo "setup: npm install (npm ci is not used: the registry here lacks some foreign-platform optional packages)"
  npm install --no-audit --no-fund --loglevel=error
  echo "$want" > "$install_stamp"
fi

client_stamp="node_modules/.uplift-prisma"
want="$(fingerprint prisma/schema.prisma prisma/postgresql/schema.prisma package-lock.json)"
if [ ! -f "$client_stamp" ] || [ "$(cat "$client_stamp")" != "$want" ] || [ ! -d node_modules/@uplift/prisma-postgresql ]; then
  node scripts/sync-postgres-schema.mjs --check
  npx prisma generate >/dev/null
  DATABASE_URL="postgresql://unused@127.0.0.1/unused" npx prisma generate --config prisma/postgresql.config.ts >/dev/null
  echo "$want" > "$client_stamp"
  echo "setup: Prisma clients generated (SQLite and PostgreSQL)"
fi
