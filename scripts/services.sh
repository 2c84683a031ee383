#!/usr/bin/env bash
# Installs (from Debian's packages, when missing) and starts Redis and PostgreSQL (and
# installs Chromium for the browser tests) for
# local development and tests, idempotently and without systemd.
#   scripts/services.sh [redis] [postgres] [chromium]   (default: redis postgres)
# Prints nothing on success beyond short status lines.
set -euo pipefail
REDIS_PORT="${UPLIFT_REDIS_PORT:-6390}"
PG_PORT="${UPLIFT_PG_PORT:-5432}"
want="${*:-redis postgres}"
export DEBIAN_FRONTEND=noninteractive

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "services: need '$*' from Debian's packages; run as root or install them: apt-get install $*" >&2
    exit 1
  fi
  if [ ! -f /var/lib/apt/periodic/uplift-updated ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]; then
    apt-get update -qq
    mkdir -p /var/lib/apt/periodic && touch /var/lib/apt/periodic/uplift-updated
  fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

start_redis() {
  command -v redis-server >/dev/null || apt_install redis-server
  if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    local dir="${TMPDIR:-/tmp}/uplift-redis-$REDIS_PORT"
    mkdir -p "$dir"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
      --dir "$dir" --logfile "$dir/redis.log" --pidfile "$dir/redis.pid" >/dev/null
    for _ in $(seq 1 100); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null
  echo "services: redis on 127.0.0.1:$REDIS_PORT"
}

start_postgres() {
  { [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/postgres" ]; } || apt_install postgresql
  local ver; ver="$(basename "$(dirname "$(pg_bin)")")"
  pg_lsclusters -h | grep -q "^$ver main" || pg_createcluster "$ver" main -p "$PG_PORT" >/dev/null
  pg_lsclusters -h | grep -q "^$ver main .* online" || pg_ctlcluster "$ver" main start
  for _ in $(seq 1 100); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.2; done
  su postgres -c "psql -q -p $PG_PORT -v ON_ERROR_STOP=1" >/dev/null <<'SQL'
DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='uplift') THEN CREATE ROLE uplift LOGIN PASSWORD 'uplift' CREATEDB; END IF; END $$;
SELECT 'CREATE DATABASE uplift OWNER uplift' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname='uplift')\gexec
SQL
  echo "services: postgresql $ver on 127.0.0.1:$PG_PORT (role/db uplift)"
}

for s in $want; do
  case "$s" in
    redis) start_redis ;;
    postgres) start_postgres ;;
    chromium) command -v chromium >/dev/null || apt_install chromium; echo "services: chromium $(chromium --version 2>/dev/null | awk '{print $2}')" ;;
    *) echo "services: unknown service '$s' (redis, postgres, chromium)" >&2; exit 2 ;;
  esac
done
