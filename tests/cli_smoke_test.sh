#!/usr/bin/env bash
# The command-line contract, end to end with the real binary: migrate, apikey create (key on the
# last line), user create (password on stdin), user set-password and user disable (the last active
# admin kept; a disabled user's session ends while the server runs), demo, ledger verify (and a
# missing file refused), analytics verify and rebuild (a changed count found and repaired), serve (ready, answers the key, stops cleanly on SIGTERM with exit 0), and
# bad input refused with a non-zero exit; backup and backup verify (a tampered or truncated copy
# refused); an unreachable PostgreSQL refused at start in one line without its password.
# Usage: cli_smoke_test.sh path/to/bluebird
set -euo pipefail
bluebird=$1
dir=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -9 "$server"; fi
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
db="$dir/bluebird.db"

"$bluebird" migrate --db "$db" | grep -q "up to date" || fail "migrate"
key=$("$bluebird" apikey create --db "$db" --name smoke --role admin | tail -n 1)
[[ "$key" =~ ^key_[0-9a-z]{26}\.[A-Za-z0-9_-]{43}$ ]] || fail "apikey create printed '$key' as its last line"
echo "correct horse battery staple" | "$bluebird" user create --db "$db" --email Admin@Example.com --role admin \
  | grep -q "admin@example.com" || fail "user create"
if echo "short" | "$bluebird" user create --db "$db" --email b@example.com --role admin 2>/dev/null; then
  fail "a short password was accepted"
fi
if "$bluebird" apikey create --db "$db" --name x --role emperor 2>/dev/null; then fail "an unknown role was accepted"; fi
echo "second admin password" | "$bluebird" user create --db "$db" --email second@example.com --role admin >/dev/null \
  || fail "user create (second admin)"
echo "a brand new passphrase" | "$bluebird" user set-password --db "$db" --email Second@Example.com \
  | grep -q "password set for <second@example.com>" || fail "user set-password"
if echo "short" | "$bluebird" user set-password --db "$db" --email second@example.com 2>/dev/null; then
  fail "set-password took a short password"
fi
if echo "a brand new passphrase" | "$bluebird" user set-password --db "$db" --email nobody@example.com 2>/dev/null; then
  fail "set-password of an unknown email succeeded"
fi
"$bluebird" user disable --db "$db" --email admin@example.com | grep -q "disabled user" || fail "user disable"
if "$bluebird" user disable --db "$db" --email second@example.com 2>"$dir/last-admin.txt"; then
  fail "the last active admin was disabled"
fi
grep -q "last active admin" "$dir/last-admin.txt" || fail "no reason given for keeping the last admin: $(cat "$dir/last-admin.txt")"
echo "manager password here" | "$bluebird" user create --db "$db" --email manager@example.com --role manager >/dev/null \
  || fail "user create (manager)"
if "$bluebird" serve --db "$db" --set server.port=99999 2>/dev/null; then fail "a bad option was accepted"; fi
"$bluebird" demo --db "$db" --credentials "$dir/creds.txt" | grep -q "Demo data: 3 programs" || fail "demo"
if "$bluebird" demo --db "$db" 2>/dev/null; then fail "demo ran twice on the same database"; fi
grep -q "API key (admin): key_" "$dir/creds.txt" || fail "demo credentials file"
"$bluebird" ledger verify --db "$db" | grep -q "ledger verified: no differences" || fail "ledger verify on the demo"

# The click summaries: clean on the demo; a count changed by hand is found, and a rebuild repairs it.
"$bluebird" analytics verify --db "$db" | grep -q "analytics verified: no differences" || fail "analytics verify on the demo"
cp "$db" "$dir/summaries.db"
sqlite3 "$dir/summaries.db" "UPDATE click_days SET clicks = clicks + 1 WHERE rowid = (SELECT MIN(rowid) FROM click_days)"
if "$bluebird" analytics verify --db "$dir/summaries.db" >"$dir/summaries.txt" 2>&1; then
  fail "a changed click summary verified"
fi
grep -q "DIFFERENCE .* the summary counts" "$dir/summaries.txt" || fail "the changed count was not reported: $(cat "$dir/summaries.txt")"
"$bluebird" analytics rebuild --db "$dir/summaries.db" | grep -q "rebuilt" || fail "analytics rebuild"
"$bluebird" analytics verify --db "$dir/summaries.db" | grep -q "no differences" || fail "analytics verify after a rebuild"
set +e
"$bluebird" analytics verify --db "$dir/missing.db" >/dev/null 2>&1
status=$?
set -e
[ "$status" = 2 ] || fail "analytics verify of a missing file exited $status, not 2"

# Backups: a consistent copy, checked; a copy never overwrites; damage is found.
"$bluebird" backup --db "$db" --to "$dir/copy.db" | grep -q "backed up" || fail "backup"
"$bluebird" backup verify "$dir/copy.db" | grep -q "backup verified" || fail "backup verify of a fresh copy"
if "$bluebird" backup --db "$db" --to "$dir/copy.db" 2>/dev/null; then fail "backup overwrote an existing file"; fi
set +e
"$bluebird" backup verify "$dir/nothing.db" >/dev/null 2>&1
status=$?
set -e
[ "$status" = 2 ] || fail "backup verify of a missing file exited $status, not 2"
cp "$dir/copy.db" "$dir/tampered.db"
sqlite3 "$dir/tampered.db" "UPDATE rewards SET amount_minor = amount_minor + 1 WHERE id = (SELECT MIN(id) FROM rewards)"
if "$bluebird" backup verify "$dir/tampered.db" >"$dir/tampered.txt" 2>&1; then fail "a tampered backup verified"; fi
grep -q "DIFFERENCE" "$dir/tampered.txt" || fail "the tampered amount was not reported: $(cat "$dir/tampered.txt")"
head -c 20000 "$dir/copy.db" > "$dir/truncated.db"
if "$bluebird" backup verify "$dir/truncated.db" >/dev/null 2>&1; then fail "a truncated backup verified"; fi
set +e
"$bluebird" ledger verify --db "$dir/missing.db" >/dev/null 2>&1
status=$?
set -e
[ "$status" = 2 ] || fail "ledger verify of a missing file exited $status, not 2"
[ ! -e "$dir/missing.db" ] || fail "ledger verify created a database"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
: > "$dir/serve.log"  # exists before tail follows it (the background redirect may come later)
"$bluebird" serve --db "$db" --port "$port" --set log.access=false >> "$dir/serve.log" 2>&1 &
server=$!
# serve prints its URL once it listens: wait for that line (10 s at most), not for a fixed time.
grep -m 1 -q "Bluebird is running" < <(timeout 10 tail -n +1 -f "$dir/serve.log") || fail "never ready: $(cat "$dir/serve.log")"
curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || fail "never ready"
programs=$(curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/programs" \
  | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]))')
[ "$programs" = 3 ] || fail "expected the 3 demo programs, got $programs"
grep -q "Bluebird is running: open http://localhost:$port/" "$dir/serve.log" || fail "no URL printed"

# Passwords set at the command line sign in; the old one does not.
login() {
  curl -s -o /dev/null -w '%{http_code}' -c "$dir/cookies-$3.txt" -H 'Content-Type: application/json' \
    -d "{\"email\": \"$1\", \"password\": \"$2\"}" "http://127.0.0.1:$port/api/v1/auth/login"
}
[ "$(login second@example.com 'a brand new passphrase' second)" = 200 ] || fail "the password set did not sign in"
[ "$(login second@example.com 'second admin password' old)" = 401 ] || fail "the old password still signs in"
[ "$(login admin@example.com 'correct horse battery staple' disabled)" = 401 ] || fail "a disabled user signed in"
# A manager signed in, disabled from the command line while the server runs: the next request is 401.
[ "$(login manager@example.com 'manager password here' manager)" = 200 ] || fail "the manager could not sign in"
me() { curl -s -o /dev/null -w '%{http_code}' -b "$dir/cookies-manager.txt" "http://127.0.0.1:$port/api/v1/me"; }
[ "$(me)" = 200 ] || fail "the manager's session did not work"
"$bluebird" user disable --db "$db" --email manager@example.com >/dev/null || fail "user disable (manager, live)"
[ "$(me)" = 401 ] || fail "the disabled manager's session still works"

kill -TERM "$server"
status=0
wait "$server" || status=$?
server=""
[ "$status" = 0 ] || fail "serve exited $status after SIGTERM"
grep -q "bluebird stopped" "$dir/serve.log" || fail "no clean shutdown in the log"

# A PostgreSQL server that cannot be reached: serve exits at start with one line naming the
# problem, and never prints the URL's password.
status=0
"$bluebird" serve --port 0 --db 'postgres://bluebird:TopSecret99@127.0.0.1:1/bluebird?connect_timeout=2' \
  >"$dir/pg.out" 2>"$dir/pg.err" || status=$?
[ "$status" != 0 ] || fail "serve started without its database"
[ "$(wc -l <"$dir/pg.err")" = 1 ] || fail "serve said more than one line: $(cat "$dir/pg.err")"
grep -q "cannot open the database: cannot connect to PostgreSQL" "$dir/pg.err" || fail "unclear: $(cat "$dir/pg.err")"
if grep -q "TopSecret99" "$dir/pg.out" "$dir/pg.err"; then fail "the database password was printed"; fi
if "$bluebird" migrate --db 'mysql://db/bluebird' 2>/dev/null; then fail "a mysql:// database was accepted"; fi
echo "1 passed, 0 failed"
