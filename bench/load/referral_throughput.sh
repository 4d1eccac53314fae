#!/usr/bin/env bash
# Referral engine throughput on SQLite: referral submissions with every review check, then stage
# moves with rule evaluation and ledger writes, through the real HTTP API.
#
#   bench/load/referral_throughput.sh                 # 10 s of submissions, 5 s of stage moves
#   DURATION=5 CONNECTIONS=16 bench/load/referral_throughput.sh
#   POINTS=off bench/load/referral_throughput.sh     # the program's points turned off (their cost)
#   CHALLENGE=on bench/load/referral_throughput.sh   # a challenge each submission and win completes
#   SEGMENTS=on bench/load/referral_throughput.sh    # three segments: a submission resolves its advocate's
#                                                    # (by attribute, by level: their points read, catch-all)
#
# A fresh temp database gets one program (velocity limits raised so that the load is not held for
# review) with five rules — a fixed reward on submission, a capped one on qualified, 10% of the deal
# on won with a floor and a ceiling, a bonus on each advocate's third win, and a reward for the
# referee on won — and 50 advocates. wrk (-t1, bench/load/referral_submit.lua) posts a new referee
# per request for DURATION seconds; then wrk (bench/load/referral_move.lua) moves the referrals just
# created, each once, from submitted to won (passing qualified and opportunity: four rules fire)
# for DURATION/2 seconds. Finally `bluebird ledger verify` recomputes the ledger.
# Prints req/s and p99 of both phases against the targets (5,000 submissions/s, 10,000 moves/s).
set -euo pipefail

cd "$(dirname "$0")/../.."
# shellcheck source=bench/load/lib.sh
source bench/load/lib.sh
BINARY=${BINARY:-build/release/src/bluebird}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
BLUEBIRD_ARGS=${BLUEBIRD_ARGS:-}
POINTS=${POINTS:-on}
CHALLENGE=${CHALLENGE:-off}
SEGMENTS=${SEGMENTS:-off}

for tool in wrk sqlite3 curl python3; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 2; }
done
[ -x "$BINARY" ] || { echo "error: $BINARY is not executable (set BINARY=...)" >&2; exit 2; }
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bluebird-referral-bench.XXXXXX")
server_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$server_pid" TERM
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT

db=$tmp/bench.db
port=$(free_port)
"$BINARY" migrate --db "$db" >/dev/null
key=$("$BINARY" apikey create --db "$db" --name bench --role admin | tail -n 1)
# shellcheck disable=SC2086
"$BINARY" serve --db "$db" --host 127.0.0.1 --port "$port" --set log.access=false $BLUEBIRD_ARGS \
  >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 200); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
  sleep 0.05
done

api() {  # api PATH JSON: POST, prints the body; fails unless 201
  curl -sf -X POST "http://127.0.0.1:$port$1" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "$2"
}
id_of() { python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'; }

program=$(api /api/v1/programs '{"name": "Bench", "kind": "customer", "landing_url": "https://bench.example/",
  "referral_policy": {"velocity_limit": 1000000, "ip_velocity_limit": 1000000}}' | id_of)
rules=/api/v1/programs/$program/reward-rules
if [ "$POINTS" = off ]; then
  curl -sf -X PATCH "http://127.0.0.1:$port/api/v1/programs/$program/points-settings" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' -d '{"enabled": false}' >/dev/null
fi
api "$rules" '{"name": "Thanks", "trigger": {"stage": "submitted"}, "amount": {"fixed_minor": 500}}' >/dev/null
api "$rules" '{"name": "Qualified", "trigger": {"stage": "qualified"}, "amount": {"fixed_minor": 2500},
  "cap": {"period": "month", "max_count": 100}}' >/dev/null
api "$rules" '{"name": "Won", "trigger": {"stage": "won"},
  "amount": {"percent_bp": 1000, "min_minor": 5000, "max_minor": 500000}}' >/dev/null
api "$rules" '{"name": "Third win", "trigger": {"nth_won": 3}, "amount": {"fixed_minor": 25000}}' >/dev/null
api "$rules" '{"name": "Friend", "trigger": {"stage": "won"}, "beneficiary": "referee",
  "amount": {"fixed_minor": 10000}, "kind": "credit"}' >/dev/null
if [ "$CHALLENGE" = on ]; then
  api "/api/v1/programs/$program/challenges" '{"name": "Refer and win", "per_member_limit": 1000,
    "steps": [{"type": "submit_referral", "points": 10}, {"type": "referral_won", "points": 50}]}' >/dev/null
fi
if [ "$SEGMENTS" = on ]; then
  api "/api/v1/programs/$program/segments" '{"name": "Gold", "attributes": {"tier": "gold"}}' >/dev/null
  api "/api/v1/programs/$program/segments" '{"name": "Rising", "min_level": "Advocate"}' >/dev/null
  api "/api/v1/programs/$program/segments" '{"name": "Everyone", "share_message": "Have a look: {{advocate.link}}"}' >/dev/null
fi
advocates=""
for i in $(seq 1 50); do
  id=$(api "/api/v1/programs/$program/advocates" "{\"email\": \"advocate$i@bench.example\", \"first_name\": \"A$i\"}" | id_of)
  advocates="$advocates${advocates:+,}$id"
done

report() {  # report NAME TARGET WRK_OUTPUT_FILE
  python3 - "$1" "$2" "$3" <<'PY'
import re, sys
name, target, path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
text = open(path).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{name}: {rps:,.0f} req/s, p99 {float(p99.group(1)) * scale:.1f} ms, target {target:,.0f}/s: "
      f"{'met' if rps >= target else 'NOT met'}" + (f"; {errors.group(1)} non-2xx answers" if errors else ""))
PY
}

echo "== submissions: wrk -t1 -c$CONNECTIONS -d${DURATION}s"
ADVOCATES=$advocates KEY=$key wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/load/referral_submit.lua \
  "http://127.0.0.1:$port" >"$tmp/submit.txt"
report "referral submissions" 5000 "$tmp/submit.txt"
sqlite3 "$db" "SELECT id FROM referrals WHERE stage = 'submitted' ORDER BY random()" >"$tmp/referrals.txt"
echo "   $(wc -l <"$tmp/referrals.txt") referrals, $(sqlite3 "$db" "SELECT COUNT(*) FROM rewards") rewards;" \
  "review statuses: $(sqlite3 "$db" "SELECT group_concat(s || ' ' || n, ', ') FROM (SELECT review_status s, COUNT(*) n FROM referrals GROUP BY 1)")"

move_seconds=$(( DURATION / 2 > 0 ? DURATION / 2 : 1 ))
echo "== stage moves to won: wrk -t1 -c$CONNECTIONS -d${move_seconds}s"
REFERRALS=$tmp/referrals.txt KEY=$key wrk -t1 -c"$CONNECTIONS" -d"${move_seconds}s" --latency \
  -s bench/load/referral_move.lua "http://127.0.0.1:$port" >"$tmp/move.txt"
report "stage moves" 10000 "$tmp/move.txt"
echo "   $(sqlite3 "$db" "SELECT COUNT(*) FROM referrals WHERE stage = 'won'") won," \
  "$(sqlite3 "$db" "SELECT COUNT(*) FROM rewards") rewards," \
  "$(sqlite3 "$db" "SELECT COUNT(*) FROM referral_events WHERE kind = 'reward_withheld'") withheld by the cap"

echo "== ledger verify"
"$BINARY" ledger verify --db "$db" | tail -n 2
