#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and for trying Bluebird on PostgreSQL by hand: no
# system service, nothing left behind once stopped.
#   scripts/pg.sh start   initdb + pg_ctl start in a new temporary directory, listening on
#                         127.0.0.1 only, on a free port, as an unprivileged user (nobody when run
#                         as root); creates the database "bluebird" and prints its URL as the last
#                         line. When this state file's cluster runs already, prints its URL.
#   scripts/pg.sh url     prints the running cluster's URL
#   scripts/pg.sh stop    stops the cluster and removes its directory (no-op when none runs)
# The cluster's directory, port and URL are kept in build/pg/cluster.env (override the path with
# BLUEBIRD_PG_STATE). Needs Debian's postgresql-15 (scripts/install-deps.sh installs it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="${BLUEBIRD_PG_STATE:-$root/build/pg/cluster.env}"
bin=/usr/lib/postgresql/15/bin

fail() {
  echo "pg.sh: $*" >&2
  exit 1
}

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

running() {
  [ -f "$state" ] || return 1
  # shellcheck disable=SC1090
  . "$state"
  as_owner "$bin/pg_ctl" -D "$BLUEBIRD_PG_DIR/data" status >/dev/null 2>&1
}

start() {
  [ -x "$bin/initdb" ] || fail "PostgreSQL 15 is not installed (apt-get install postgresql-15, or scripts/install-deps.sh)"
  if running; then
    echo "pg.sh: PostgreSQL 15 running already in $BLUEBIRD_PG_DIR, port $BLUEBIRD_PG_PORT"
    echo "$BLUEBIRD_PG_URL"
    return 0
  fi
  local dir port password
  dir="$(mktemp -d /tmp/bluebird-pg.XXXXXX)"
  chmod 700 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown nobody "$dir"; fi
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
  printf '%s\n' "$password" | as_owner tee "$dir/password" >/dev/null
  as_owner "$bin/initdb" -D "$dir/data" -U bluebird --pwfile="$dir/password" --auth=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    fail "initdb failed"
  }
  rm -f "$dir/password"
  # Sockets in the cluster's own directory; TCP on loopback only. Enough connections for several
  # instances' pools and the tests' own.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null || {
    cat "$dir/server.log" >&2
    fail "the server did not start"
  }
  PGPASSWORD="$password" "$bin/psql" -q -h 127.0.0.1 -p "$port" -U bluebird -d postgres \
    -c "CREATE DATABASE bluebird" >/dev/null
  # A loopback cluster without TLS: sslmode=disable spares libpq the attempt.
  local url="postgresql://bluebird:$password@127.0.0.1:$port/bluebird?sslmode=disable"
  mkdir -p "$(dirname "$state")"
  umask 077
  cat >"$state" <<EOF
BLUEBIRD_PG_DIR='$dir'
BLUEBIRD_PG_PORT='$port'
BLUEBIRD_PG_URL='$url'
EOF
  echo "pg.sh: PostgreSQL 15 in $dir, port $port"
  echo "$url"
}

stop() {
  [ -f "$state" ] || return 0
  # shellcheck disable=SC1090
  . "$state"
  if [ -d "$BLUEBIRD_PG_DIR/data" ]; then
    as_owner "$bin/pg_ctl" -D "$BLUEBIRD_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  case "$BLUEBIRD_PG_DIR" in
    /tmp/bluebird-pg.*) rm -rf "$BLUEBIRD_PG_DIR" ;;
  esac
  rm -f "$state"
  echo "pg.sh: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url)
    running || fail "no cluster is running (scripts/pg.sh start)"
    echo "$BLUEBIRD_PG_URL"
    ;;
  *) fail "usage: scripts/pg.sh start|url|stop" ;;
esac
