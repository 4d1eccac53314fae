#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and for trying Bluebird on PostgreSQL by hand: no
# system service, nothing left behind once stopped.
#   scripts/pg.sh start   initdb + pg_ctl start in a new temporary directory, listening on
#                         127.0.0.1 only, on a free port, as an unprivileged user (nobody when run
#                         as root); creates the database "bluebird" and prints its URL as the last
#                         line. When this state file's cluster runs already, prints its URL.
#   scripts/pg.sh start --no-durability
#                         the same, with fsync, full-page writes and synchronous commit off: faster
#                         commits from a cluster that a crash of the machine may lose (CTest's
#                         throwaway cluster; never for data you keep)
#   scripts/pg.sh url     prints the running cluster's URL
#   scripts/pg.sh stop    stops the cluster and removes its directory (no-op when none runs)
#   scripts/pg.sh down    stops the server but keeps its data (a database outage, for tests)
#   scripts/pg.sh up      starts it again after down, on the same port
# The cluster's directory, port and URL are kept in build/pg/cluster.env (override the path with
# BLUEBIRD_PG_STATE); the file is read as data, never run. Needs Debian's postgresql-15
# (scripts/install-deps.sh installs it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="${BLUEBIRD_PG_STATE:-$root/build/pg/cluster.env}"
bin=/usr/lib/postgresql/15/bin
pg_dir="" pg_port="" pg_url=""

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

# Reads the state file into pg_dir, pg_port and pg_url; false when there is none. The directory
# must be one this script made (so that stop never removes anything else).
read_state() {
  [ -f "$state" ] || return 1
  local line
  pg_dir="" pg_port="" pg_url=""
  while IFS= read -r line; do
    case "$line" in
      BLUEBIRD_PG_DIR=\'*\') pg_dir="${line#BLUEBIRD_PG_DIR=\'}" pg_dir="${pg_dir%\'}" ;;
      BLUEBIRD_PG_PORT=\'*\') pg_port="${line#BLUEBIRD_PG_PORT=\'}" pg_port="${pg_port%\'}" ;;
      BLUEBIRD_PG_URL=\'*\') pg_url="${line#BLUEBIRD_PG_URL=\'}" pg_url="${pg_url%\'}" ;;
    esac
  done <"$state"
  [[ "$pg_dir" =~ ^/tmp/bluebird-pg\.[A-Za-z0-9]+$ && "$pg_port" =~ ^[0-9]+$ ]] ||
    fail "$state does not describe a cluster this script made"
}

# Starts the server of the cluster in $1 on port $2. Sockets in the cluster's own directory; TCP on
# loopback only. Enough connections for several instances' pools and the tests' own, and room in
# the lock tables (a test writing a thousand referrals beside a large import ran out of shared
# memory with the default 64 per connection: serializable transactions keep their predicate locks
# while an older one still runs).
server_start() {
  as_owner "$bin/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 \
    -o "-p $2 -k $1 -c listen_addresses=127.0.0.1 -c max_connections=300 -c max_locks_per_transaction=256 -c max_pred_locks_per_transaction=256" \
    start >/dev/null || {
    cat "$1/server.log" >&2
    return 1
  }
}

running() {
  read_state || return 1
  as_owner "$bin/pg_ctl" -D "$pg_dir/data" status >/dev/null 2>&1
}

start() {
  local durability=on
  case "${1:-}" in
    "") ;;
    --no-durability) durability=off ;;
    *) fail "usage: scripts/pg.sh start [--no-durability]" ;;
  esac
  [ -x "$bin/initdb" ] || fail "PostgreSQL 15 is not installed (apt-get install postgresql-15, or scripts/install-deps.sh)"
  if running; then
    echo "pg.sh: PostgreSQL 15 running already in $pg_dir, port $pg_port"
    echo "$pg_url"
    return 0
  fi
  if [ -n "$pg_dir" ] && [ -d "$pg_dir" ]; then
    fail "a stopped cluster is in $pg_dir: scripts/pg.sh up to start it, or scripts/pg.sh stop to remove it"
  fi
  local dir port password
  dir="$(mktemp -d /tmp/bluebird-pg.XXXXXX)"
  # Whatever fails from here on, nothing is left behind.
  trap 'as_owner "$bin/pg_ctl" -D "'"$dir"'/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "'"$dir"'"' EXIT
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
  if [ "$durability" = off ]; then
    printf 'fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n' | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
  fi
  server_start "$dir" "$port" || fail "the server did not start"
  PGPASSWORD="$password" "$bin/psql" -q -h 127.0.0.1 -p "$port" -U bluebird -d postgres \
    -c "CREATE DATABASE bluebird" >/dev/null || fail "cannot create the database"
  # A loopback cluster without TLS: sslmode=disable spares libpq the attempt.
  local url="postgresql://bluebird:$password@127.0.0.1:$port/bluebird?sslmode=disable"
  mkdir -p "$(dirname "$state")"
  (
    umask 077
    printf "BLUEBIRD_PG_DIR='%s'\nBLUEBIRD_PG_PORT='%s'\nBLUEBIRD_PG_URL='%s'\n" "$dir" "$port" "$url" >"$state"
  )
  trap - EXIT
  echo "pg.sh: PostgreSQL 15 in $dir, port $port"
  echo "$url"
}

stop() {
  if ! read_state; then
    rm -f "$state"
    return 0
  fi
  if [ -d "$pg_dir/data" ]; then
    as_owner "$bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pg_dir"
  rm -f "$state"
  echo "pg.sh: stopped"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop ;;
  url)
    running || fail "no cluster is running (scripts/pg.sh start)"
    echo "$pg_url"
    ;;
  down)
    running || fail "no cluster is running (scripts/pg.sh start)"
    as_owner "$bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null
    echo "pg.sh: down (data kept)"
    ;;
  up)
    read_state || fail "no cluster (scripts/pg.sh start)"
    if ! running; then server_start "$pg_dir" "$pg_port" || fail "the server did not start"; fi
    echo "pg.sh: up"
    ;;
  *) fail "usage: scripts/pg.sh start [--no-durability]|url|stop|down|up" ;;
esac
