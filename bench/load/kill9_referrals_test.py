#!/usr/bin/env python3
"""Crash test for the referral engine: SIGKILL the server under a mixed load of referral submissions
and stage moves, restart it on the same database, and check that

* every referral answered 201 is there, and every stage move answered 200 is there (the referral is
  at that stage or, for "qualified", further along);
* no reward is doubled (one per rule, referral, beneficiary and trigger) and none is missing or
  extra: `bluebird ledger verify` recomputes the ledger from the histories and must agree;
* the referral summaries the dashboards read equal the rows: `bluebird analytics verify` is clean;
* the points ledger moved with the referrals: every referral clear of review has exactly the points
  entries of the stages it reached (submitted, qualified, won), a held one none — a move without
  its points, or points without their move, would be a half-written change;
* so did the challenge the program runs (a step for each referral submitted, one for each won, up to
  1,000 per advocate): every such referral clear of review completed its steps, once, and every
  completion has exactly one points entry.

The program has a reward on submission, one on qualified (capped per month), a percentage of the
deal on won, a tier bonus on each advocate's second win and a reward for the referee.

  python3 bench/load/kill9_referrals_test.py --binary build/release/src/bluebird --seconds 4 --kills 3

Standard library only (plus the helpers of kill9_test.py beside it). Exits non-zero on any failure;
the last line printed is `N passed, M failed` (one test per kill round).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kill9_test import HOST, Server, TestError, api, free_port, run_cli  # noqa: E402

STAGE_ORDER = {"submitted": 0, "qualified": 1, "won": 3}


class MixedLoad:
    """Client threads, each with one keep-alive connection: submit a referral, then (usually) move
    it to qualified and to won. Records what was acknowledged."""

    def __init__(self, port: int, key: str, advocates: list[str], threads: int, round_tag: str):
        self.port, self.key, self.advocates, self.round_tag = port, key, advocates, round_tag
        self.stop_event = threading.Event()
        self.acknowledged: list[dict[str, str]] = [dict() for _ in range(threads)]  # referral id -> stage
        self.requests = [0] * threads
        self.errors = [0] * threads
        self.unexpected: list[list[str]] = [[] for _ in range(threads)]
        self.threads = [threading.Thread(target=self._worker, args=(i,), daemon=True) for i in range(threads)]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def stop(self) -> None:
        self.stop_event.set()
        for t in self.threads:
            t.join(timeout=30)

    def _post(self, conn: http.client.HTTPConnection, path: str, body: dict) -> tuple[int, dict]:
        conn.request("POST", path, body=json.dumps(body), headers={
            "Authorization": f"Bearer {self.key}", "Content-Type": "application/json"})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, (json.loads(data) if data else {})

    def _worker(self, index: int) -> None:
        rng = random.Random(index)
        conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        n = 0
        while not self.stop_event.is_set():
            n += 1
            email = f"r{self.round_tag}-{index}-{n}@prospects.example"
            try:
                self.requests[index] += 1
                status, body = self._post(conn, "/api/v1/referrals", {
                    "advocate_id": rng.choice(self.advocates),
                    "referee": {"email": email, "first_name": "Pat"}})
                if status != 201:
                    self.unexpected[index].append(f"submit {status} {body}")
                    continue
                referral = body["id"]
                self.acknowledged[index][referral] = "submitted"
                for stage in ("qualified", "won"):
                    if rng.random() < 0.25:
                        break
                    move = {"stage": stage}
                    if stage == "won":
                        move["deal_value_minor"] = rng.randrange(1000, 10_000_000)
                    self.requests[index] += 1
                    status, body = self._post(conn, f"/api/v1/referrals/{referral}/stage", move)
                    if status != 200:
                        self.unexpected[index].append(f"move {stage} {status} {body}")
                        break
                    self.acknowledged[index][referral] = stage
            except (OSError, http.client.HTTPException, json.JSONDecodeError):
                self.errors[index] += 1
                conn.close()
                if self.stop_event.wait(0.005):  # back-off before reconnecting, not synchronisation
                    break
                conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        conn.close()


def rewarded_program(port: int, key: str, name: str) -> list[dict]:
    """Creates the program the crash tests load (velocity limits out of the way, the five rules of
    the module docstring) with 8 advocates; returns the advocates as the API answered them."""
    program = api(port, key, "POST", "/api/v1/programs", {
        "name": name, "kind": "customer", "landing_url": "https://www.example.com/",
        "referral_policy": {"velocity_limit": 1000000, "ip_velocity_limit": 1000000}})["id"]
    for rule in (
        {"name": "Thanks", "trigger": {"stage": "submitted"}, "amount": {"fixed_minor": 100}},
        {"name": "Qualified", "trigger": {"stage": "qualified"}, "amount": {"fixed_minor": 2500},
         "cap": {"period": "month", "max_count": 40}},
        {"name": "Won", "trigger": {"stage": "won"}, "amount": {"percent_bp": 1000, "min_minor": 5000,
                                                                 "max_minor": 500000}},
        {"name": "Second win", "trigger": {"nth_won": 2}, "amount": {"fixed_minor": 10000}},
        {"name": "Friend", "trigger": {"stage": "won"}, "beneficiary": "referee",
         "amount": {"fixed_minor": 5000}, "kind": "credit"},
    ):
        api(port, key, "POST", f"/api/v1/programs/{program}/reward-rules", rule)
    api(port, key, "POST", f"/api/v1/programs/{program}/challenges", {
        "name": "Refer and win", "per_member_limit": 1000,
        "steps": [{"type": "submit_referral", "points": 10}, {"type": "referral_won", "points": 50}]})
    return [api(port, key, "POST", f"/api/v1/programs/{program}/advocates",
                {"email": f"advocate{i}@example.com", "first_name": f"A{i}"}) for i in range(8)]


def stages_in_db(db: str, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as c:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            rows = c.execute(f"SELECT id, stage FROM referrals WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            out.update(dict(rows))
    return out


def doubled_rewards(db: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as c:
        return c.execute("SELECT COUNT(*) FROM (SELECT 1 FROM rewards GROUP BY rule_id, referral_id, beneficiary, "
                         "trigger_key HAVING COUNT(*) > 1)").fetchone()[0]


def points_mismatches(db: str) -> list[str]:
    """Referrals whose points entries are not exactly those of the stages they reached."""
    earned = {"submitted": {"submitted"}, "qualified": {"submitted", "qualified"},
              "opportunity": {"submitted", "qualified"}, "won": {"submitted", "qualified", "won"}}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as c:
        entries: dict[str, set[str]] = {}
        for ref, key in c.execute("SELECT ref, entry_key FROM points_entries WHERE reason LIKE 'referral_%'"):
            entries.setdefault(ref, set()).add(key.rsplit(":", 1)[1])
        out = []
        for rid, stage, review in c.execute("SELECT id, stage, review_status FROM referrals"):
            want = earned.get(stage, set()) if review == "clear" else set()
            if entries.get(rid, set()) != want:
                out.append(f"{rid} at {stage} ({review}) has points for {sorted(entries.get(rid, set()))}")
        return out


def challenge_mismatches(db: str) -> list[str]:
    """Referrals whose challenge steps are not exactly those they did, and completions whose points
    entry is missing or doubled (the program's one challenge: step 0 on submission, step 1 on won,
    up to 1,000 of each per advocate: once an advocate has them all, a referral may lack a step)."""
    limit = 1000
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as c:
        steps: dict[str, list[int]] = {}
        full: dict[tuple[str, int], int] = {}
        for ref, step, advocate in c.execute(
                "SELECT ref, step, advocate_id FROM challenge_completions WHERE status = 'approved'"):
            steps.setdefault(ref, []).append(step)
            full[(advocate, step)] = full.get((advocate, step), 0) + 1
        out = []
        for rid, advocate, stage, review in c.execute("SELECT id, advocate_id, stage, review_status FROM referrals"):
            want = ({0, 1} if stage == "won" else {0}) if review == "clear" else set()
            want = {step for step in want if full.get((advocate, step), 0) < limit or step in steps.get(rid, [])}
            have = steps.get(rid, [])
            if sorted(have) != sorted(want):
                out.append(f"{rid} at {stage} ({review}) completed steps {sorted(have)}")
        for cid, entries in c.execute(
                "SELECT cc.id, (SELECT COUNT(*) FROM points_entries pe WHERE pe.entry_key = 'challenge:' || cc.id) "
                "FROM challenge_completions cc WHERE cc.status = 'approved'"):
            if entries != 1:
                out.append(f"completion {cid} has {entries} points entries")
        return out


def count(db: str, table: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as c:
        return c.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default="build/release/src/bluebird", help="bluebird executable")
    ap.add_argument("--seconds", type=float, default=4.0, help="kill after a random delay within this many seconds")
    ap.add_argument("--kills", type=int, default=3, help="number of kill -9 rounds")
    ap.add_argument("--threads", type=int, default=16, help="client threads (one keep-alive connection each)")
    ap.add_argument("--seed", type=int, default=None, help="seed for the kill delays (default: random)")
    ap.add_argument("--ready-timeout", type=float, default=30.0, help="seconds to wait for /readyz")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (database, server logs)")
    args = ap.parse_args()
    if args.kills < 1 or args.seconds <= 0 or args.threads < 1:
        ap.error("--kills, --seconds and --threads must be positive")
    binary = os.path.abspath(args.binary)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    delays = random.Random(seed)

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    workdir = tempfile.mkdtemp(prefix="bluebird-kill9-referrals-")
    db = os.path.join(workdir, "bluebird.db")
    server = Server(binary, db, workdir, free_port())
    passed = failed = 0
    totals = {"referrals": 0, "moves": 0, "lost": 0}
    try:
        print(f"kill -9 referral test: {args.kills} rounds, kill within {args.seconds:g} s, {args.threads} client "
              f"threads, seed {seed}, temp dir {workdir}", flush=True)
        run_cli([binary, "migrate", "--db", db])
        key = run_cli([binary, "apikey", "create", "--db", db, "--name", "kill9", "--role", "admin"]).strip().splitlines()[-1]
        server.start(args.ready_timeout)
        advocates = [a["id"] for a in rewarded_program(server.port, key, "Kill9 Referrals")]

        for rnd in range(1, args.kills + 1):
            load = MixedLoad(server.port, key, advocates, args.threads, f"{rnd}")
            started = time.monotonic()
            load.start()
            time.sleep(delays.uniform(min(0.5, args.seconds / 4), args.seconds))  # the random kill point
            early = server.kill9()
            load_s = time.monotonic() - started
            load.stop_event.set()
            server.wait()
            load.stop()

            problems = []
            if early is not None:
                problems.append(f"server exited on its own ({early}) before the kill\n{server.log_tail()}")
            acknowledged: dict[str, str] = {}
            for part in load.acknowledged:
                acknowledged.update(part)
            unexpected = [u for part in load.unexpected for u in part]
            if unexpected:
                problems.append(f"{len(unexpected)} unexpected answers, e.g. {unexpected[:3]}")
            try:
                server.start(args.ready_timeout)
            except TestError as e:
                problems.append(f"server did not come back: {e}")
            in_db = stages_in_db(db, list(acknowledged))
            lost = [r for r in acknowledged if r not in in_db]
            behind = [r for r, stage in acknowledged.items()
                      if r in in_db and STAGE_ORDER.get(in_db[r], 0) < STAGE_ORDER[stage]]
            if lost:
                problems.append(f"{len(lost)} acknowledged referrals are missing, e.g. {lost[:3]}")
            if behind:
                problems.append(f"{len(behind)} acknowledged stage moves are missing, e.g. {behind[:3]}")
            moves = sum(1 for stage in acknowledged.values() if stage != "submitted")
            if not acknowledged or moves == 0:
                problems.append("nothing was acknowledged before the kill (nothing was tested)")
            doubled = doubled_rewards(db)
            if doubled:
                problems.append(f"{doubled} rewards exist more than once")
            mismatched = points_mismatches(db)
            if mismatched:
                problems.append(f"{len(mismatched)} referrals' points do not match their stages, e.g. {mismatched[:3]}")
            challenged = challenge_mismatches(db)
            if challenged:
                problems.append(f"{len(challenged)} challenge completions are wrong, e.g. {challenged[:3]}")
            verify = subprocess.run([binary, "ledger", "verify", "--db", db], capture_output=True, text=True,
                                    timeout=300)
            if verify.returncode != 0:
                problems.append(f"ledger verify failed ({verify.returncode}):\n{verify.stdout[-2000:]}{verify.stderr}")
            summaries = subprocess.run([binary, "analytics", "verify", "--db", db], capture_output=True, text=True,
                                       timeout=300)
            if summaries.returncode != 0:
                problems.append(f"analytics verify found differences after the kill:\n{summaries.stdout[-2000:]}"
                                f"{summaries.stderr}")
            totals["referrals"] += len(acknowledged)
            totals["moves"] += moves
            totals["lost"] += len(lost) + len(behind)
            print(f"round {rnd}/{args.kills}: killed after {load_s:.2f} s; acknowledged {len(acknowledged)} referrals "
                  f"and {moves} stage moves; lost {len(lost) + len(behind)}; rewards {count(db, 'rewards')}; "
                  f"points entries {count(db, 'points_entries')}; "
                  f"challenge steps {count(db, 'challenge_completions')}; "
                  f"{verify.stdout.strip().splitlines()[-1] if verify.stdout.strip() else 'no verify output'}; "
                  f"analytics verify {'clean' if summaries.returncode == 0 else 'FAILED'}", flush=True)
            if problems:
                failed += 1
                for p in problems:
                    print(f"  FAIL: {p}", flush=True)
                if server.proc is None or server.proc.poll() is not None:
                    failed += args.kills - rnd
                    break
            else:
                passed += 1
        print(f"total: {totals['referrals']} referrals and {totals['moves']} stage moves acknowledged, "
              f"{totals['lost']} lost", flush=True)
    except TestError as e:
        print(f"FAIL: {e}", flush=True)
        failed = max(1, args.kills - passed)
    except (KeyboardInterrupt, SystemExit):
        print("interrupted", flush=True)
        failed = max(1, args.kills - passed)
    finally:
        try:
            server.stop()
        finally:
            server.force_kill()
            if args.keep:
                print(f"kept {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
