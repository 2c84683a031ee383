#!/usr/bin/env bash
# Applies the checked-in migrations to DATABASE_URL (SQLite file: or postgresql://).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
url="${DATABASE_URL:-file:./prisma/dev.sqlite}"
if [[ "$url" == postgres* ]]; then
  DATABASE_URL="$url" npx prisma migrate deploy --config prisma/postgresql.config.ts
else
  DATABASE_URL="$url" npx prisma migrate deploy
fi
