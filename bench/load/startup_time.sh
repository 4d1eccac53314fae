#!/usr/bin/env bash
# Start-up time: from exec of `bluebird serve` on a fresh, empty database to the first 200 from
# /readyz, polled with curl in a tight loop. Repeated RUNS times (default 10), each with a new
# database in a temp dir; prints every run and min/median/max in ms. Target: < 200 ms.
#
#   bench/load/startup_time.sh
#   RUNS=20 BINARY=build/helper-bench/src/bluebird bench/load/startup_time.sh
#   PREMIGRATE=1 bench/load/startup_time.sh    # database created by `bluebird migrate` beforehand
#
# By default the database file does not exist yet, so the measured time includes creating the
# schema (the first start of a new installation). With PREMIGRATE=1 the schema is created before
# the clock starts (an empty but migrated database). The polling resolution is one curl round
# trip (a few ms: curl is a new process each time), so times are rounded up by up to that much.
set -euo pipefail

cd "$(dirname "$0")/../.."
# shellcheck source=bench/load/lib.sh
source bench/load/lib.sh
BINARY=${BINARY:-build/release/src/bluebird}
RUNS=${RUNS:-10}
PREMIGRATE=${PREMIGRATE:-0}
DEADLINE_S=${DEADLINE_S:-30}

for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 2; }
done
[ -x "$BINARY" ] || { echo "error: $BINARY is not executable (set BINARY=...)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bluebird-startup.XXXXXX")
pid=""

stop_server() {
  stop_pid "$pid" TERM
  pid=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_server
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


now_ns() { date +%s%N; }

echo "start-up time of $BINARY serve on a fresh database ($([ "$PREMIGRATE" = 1 ] && echo "migrated beforehand" || echo "file does not exist yet")), $RUNS runs"
times=()
for ((run = 1; run <= RUNS; run++)); do
  dir=$tmp/run-$run
  mkdir -p "$dir"
  db=$dir/bluebird.db
  if [ "$PREMIGRATE" = 1 ]; then "$BINARY" migrate --db "$db" >/dev/null; fi
  port=$(free_port)
  url="http://127.0.0.1:$port/readyz"

  start=$(now_ns)
  "$BINARY" serve --db "$db" --host 127.0.0.1 --port "$port" --set log.access=false >"$dir/server.log" 2>&1 &
  pid=$!
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)
    if [ "$code" = 200 ]; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "error: server exited before /readyz answered 200 (run $run)" >&2; tail -n 30 "$dir/server.log" >&2; exit 1
    fi
    if (($(now_ns) - start > DEADLINE_S * 1000000000)); then
      echo "error: /readyz not 200 within $DEADLINE_S s (run $run, last $code)" >&2; tail -n 30 "$dir/server.log" >&2
      exit 1
    fi
  done
  end=$(now_ns)
  ms=$(awk -v d=$((end - start)) 'BEGIN { printf "%.1f", d / 1e6 }')
  times+=("$ms")
  printf 'run %2d: %7s ms\n' "$run" "$ms"
  stop_server
done

printf '%s\n' "${times[@]}" | sort -g | awk -v target=200 '
  { v[NR] = $1 }
  END {
    median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "min %.1f ms, median %.1f ms, max %.1f ms (target < %d ms: %s)\n",
      v[1], median, v[NR], target, (v[NR] < target) ? "met by every run" : (median < target ? "met by the median, not by every run" : "NOT MET")
  }'
