#!/usr/bin/env bash
# Quick start: installs what is missing, builds Bluebird (Release), fills a demo database on first
# run (var/bluebird.db) and starts `bluebird serve`. Stop it with Ctrl-C.
#   PORT=9090 scripts/start.sh    # another port
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build build/release --target bluebird

mkdir -p var
db=var/bluebird.db
if [ ! -f "$db" ]; then
  build/release/src/bluebird migrate --db "$db"
  build/release/src/bluebird demo --db "$db" --set server.port="${PORT:-8080}" \
    --credentials var/demo-credentials.txt >/dev/null
  chmod 600 var/demo-credentials.txt
fi
echo
cat var/demo-credentials.txt
echo
exec build/release/src/bluebird serve --db "$db" --port "${PORT:-8080}" --set log.access=false
