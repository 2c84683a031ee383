#!/usr/bin/env bash
# npm run bench:<name>: benchmarks (never timed assertions in tests: machines are shared).
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/bench.sh offer|worker|admin|faults}"
shift
bash scripts/setup.sh
services="redis chromium"
# bench:offer -- --db postgres measures on PostgreSQL, production's database.
[[ " $* " == *" postgres "* ]] && services="$services postgres"
bash scripts/services.sh $services 2>&1 | grep -v "unexpected operator"
source scripts/ensure-node.sh
[ "$name" = "admin" ] || [ "$name" = "offer" ] && npx remix vite:build >/dev/null
exec node --import tsx "scripts/bench/$name.ts" "$@"
