#!/usr/bin/env python3
"""Crash test for several instances on one PostgreSQL: two `bluebird serve` processes share a
database behind no balancer (the clients split between them); in each round, under a mixed load of
tracked-link clicks, referral submissions and stage moves on both, one instance is killed with
SIGKILL while the other keeps serving. Then the killed one is started again and the test checks that

* the surviving instance went on acknowledging work after the kill (it does not depend on the
  other);
* every click answered 302, every referral answered 201 and every stage move answered 200, on
  either instance, is in the database (a move to "qualified" may have gone further);
* no reward exists twice, and `bluebird ledger verify --db postgres://...` (which recomputes the
  ledger from the histories and the rules) finds no difference;
* `bluebird analytics verify` finds the click summaries (each instance's shard) equal to the clicks.

The instance killed alternates between rounds. The test starts a throwaway cluster of its own
(scripts/pg.sh with a state file in its temp dir) and reads the database with that cluster's psql.

  python3 bench/load/kill9_postgres_test.py --binary build/release/src/bluebird --rounds 10

Standard library only (plus the helpers of the other crash tests beside it). Exits non-zero on any
failure; the last line printed is `N passed, M failed` (one test per round).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from click_columns import ulid_from_halves, ulid_halves  # noqa: E402
from kill9_referrals_test import STAGE_ORDER, MixedLoad, rewarded_program  # noqa: E402
from kill9_test import (ClickLoad, Server, TestError, click_once, free_port, new_visitor_id_ulid,  # noqa: E402
                        run_cli)
from pg_restart_test import pg  # noqa: E402

PSQL = "/usr/lib/postgresql/15/bin/psql"


def query(url: str, sql: str) -> list[list[str]]:
    """Rows of `sql` (fields as text), read with psql."""
    done = subprocess.run([PSQL, "-X", "-q", "-A", "-t", "-F", "\t", "-d", url, "-c", sql], capture_output=True,
                          text=True, timeout=300)
    if done.returncode != 0:
        raise TestError(f"psql failed: {done.stderr.strip()}")
    return [line.split("\t") for line in done.stdout.splitlines() if line]


def check_visitor_ids_are_kept(port: int, code: str, url: str) -> None:
    """The clicks are recognised by their visitor ids: the server must keep the one it is sent."""
    vid = new_visitor_id_ulid()
    status, reissued = click_once(port, code, vid)
    high, low = ulid_halves(vid)  # as the clicks table holds it (click_columns.py)
    sql = f"SELECT COUNT(*) FROM clicks WHERE visitor_low = {low} AND visitor_high = {high}"
    recorded = query(url, sql)[0][0] == "1"
    if status != 302 or reissued is not None or not recorded:
        raise TestError(f"the server does not keep a well-formed visitor id: status {status}, set {reissued!r}, "
                        f"{'recorded' if recorded else 'not recorded'}")


def acknowledged_after(load: MixedLoad, clicks: ClickLoad) -> int:
    return sum(len(part) for part in load.acknowledged) + sum(len(part) for part in clicks.answered)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default="build/release/src/bluebird", help="bluebird executable")
    ap.add_argument("--rounds", type=int, default=10, help="kill -9 rounds")
    ap.add_argument("--seconds", type=float, default=3.0, help="kill after a random delay within this many seconds")
    ap.add_argument("--after", type=float, default=1.0, help="seconds the survivor is loaded after the kill")
    ap.add_argument("--threads", type=int, default=6, help="referral client threads per instance")
    ap.add_argument("--click-threads", type=int, default=2, help="click client threads per instance")
    ap.add_argument("--seed", type=int, default=None, help="seed for the kill delays (default: random)")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (server logs, cluster)")
    args = ap.parse_args()
    if args.rounds < 1 or args.seconds <= 0 or args.threads < 1 or args.click_threads < 1 or args.after <= 0:
        ap.error("--rounds, --seconds, --after, --threads and --click-threads must be positive")
    binary = os.path.abspath(args.binary)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    delays = random.Random(seed)

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    workdir = tempfile.mkdtemp(prefix="bluebird-kill9-pg-")
    os.chmod(workdir, 0o755)
    state = os.path.join(workdir, "pg.env")
    servers: list[Server] = []
    passed = failed = 0
    totals = {"clicks": 0, "referrals": 0, "moves": 0, "lost": 0}
    try:
        url = pg("start", state)
        print(f"kill -9 test, two instances on one PostgreSQL: {args.rounds} rounds, kill within {args.seconds:g} s, "
              f"{args.threads}+{args.click_threads} client threads per instance, seed {seed}, temp dir {workdir}",
              flush=True)
        run_cli([binary, "migrate", "--db", url])
        key = run_cli([binary, "apikey", "create", "--db", url, "--name", "kill9", "--role", "admin"]).strip() \
            .splitlines()[-1]
        servers = [Server(binary, url, workdir, free_port()), Server(binary, url, workdir, free_port())]
        for server in servers:
            server.start(30)
        first = servers[0]
        enrolled = rewarded_program(first.port, key, "Kill9 Two Instances")
        advocates = [a["id"] for a in enrolled]
        codes = [a["code"] for a in enrolled]
        for server in servers:
            check_visitor_ids_are_kept(server.port, codes[0], url)

        for rnd in range(1, args.rounds + 1):
            victim, survivor = (servers[0], servers[1]) if rnd % 2 else (servers[1], servers[0])
            loads = [MixedLoad(s.port, key, advocates, args.threads, f"{rnd}-{i}") for i, s in enumerate(servers)]
            clicks = [ClickLoad(s.port, codes, args.click_threads, new_visitor_id_ulid) for s in servers]
            started = time.monotonic()
            for load in loads + clicks:
                load.start()
            time.sleep(delays.uniform(min(0.5, args.seconds / 4), args.seconds))  # the random kill point
            early = victim.kill9()
            load_s = time.monotonic() - started
            s_index = servers.index(survivor)
            before = acknowledged_after(loads[s_index], clicks[s_index])
            time.sleep(args.after)  # the survivor keeps serving
            after = acknowledged_after(loads[s_index], clicks[s_index])
            for load in loads + clicks:
                load.stop_event.set()
            victim.wait()
            for load in loads + clicks:
                load.stop()

            problems = []
            if early is not None:
                problems.append(f"the instance exited on its own ({early}) before the kill\n{victim.log_tail()}")
            if survivor.proc is None or survivor.proc.poll() is not None:
                problems.append(f"the surviving instance died\n{survivor.log_tail()}")
            if after <= before:
                problems.append("the surviving instance acknowledged nothing after the kill")
            acknowledged: dict[str, str] = {}
            unexpected: list[str] = []
            for load in loads:
                for part in load.acknowledged:
                    acknowledged.update(part)
                unexpected += [u for part in load.unexpected for u in part]
            answered = [vid for c in clicks for part in c.answered for vid in part]
            other = {}
            for c in clicks:
                for part in c.other_status:
                    for status, n in part.items():
                        other[status] = other.get(status, 0) + n
            if unexpected:
                problems.append(f"{len(unexpected)} unexpected answers, e.g. {unexpected[:3]}")
            if other:
                problems.append(f"clicks answered other than 302: {other}")
            try:
                victim.start(30)
            except TestError as e:
                problems.append(f"the killed instance did not come back: {e}")

            in_db = {row[0]: row[1] for row in query(url, "SELECT id, stage FROM referrals")}
            lost = [r for r in acknowledged if r not in in_db]
            behind = [r for r, stage in acknowledged.items()
                      if r in in_db and STAGE_ORDER.get(in_db[r], 0) < STAGE_ORDER[stage]]
            clicked = {ulid_from_halves(int(high), int(low))
                       for high, low in query(url, "SELECT visitor_high, visitor_low FROM clicks")}
            lost_clicks = [vid for vid in answered if vid not in clicked]
            if lost:
                problems.append(f"{len(lost)} acknowledged referrals are missing, e.g. {lost[:3]}")
            if behind:
                problems.append(f"{len(behind)} acknowledged stage moves are missing, e.g. {behind[:3]}")
            if lost_clicks:
                problems.append(f"{len(lost_clicks)} answered clicks are missing, e.g. {lost_clicks[:3]}")
            moves = sum(1 for stage in acknowledged.values() if stage != "submitted")
            if not acknowledged or moves == 0 or not answered:
                problems.append("nothing was acknowledged before the kill (nothing was tested)")
            doubled = int(query(url, "SELECT COUNT(*) FROM (SELECT 1 FROM rewards GROUP BY rule_id, referral_id, "
                                     "beneficiary, trigger_key HAVING COUNT(*) > 1) d")[0][0])
            if doubled:
                problems.append(f"{doubled} rewards exist more than once")
            verify = subprocess.run([binary, "ledger", "verify", "--db", url], capture_output=True, text=True,
                                    timeout=300)
            if verify.returncode != 0:
                problems.append(f"ledger verify failed ({verify.returncode}):\n{verify.stdout[-2000:]}{verify.stderr}")
            # Both instances kept click summaries, each in its own shard: none may miss or double a click.
            summaries = subprocess.run([binary, "analytics", "verify", "--db", url], capture_output=True, text=True,
                                       timeout=300)
            if summaries.returncode != 0:
                problems.append(f"analytics verify failed ({summaries.returncode}):\n{summaries.stdout[-2000:]}"
                                f"{summaries.stderr}")
            rewards = query(url, "SELECT COUNT(*) FROM rewards")[0][0]
            totals["clicks"] += len(answered)
            totals["referrals"] += len(acknowledged)
            totals["moves"] += moves
            totals["lost"] += len(lost) + len(behind) + len(lost_clicks)
            print(f"round {rnd}/{args.rounds}: killed instance {servers.index(victim) + 1} after {load_s:.2f} s; "
                  f"the other acknowledged {after - before} more in {args.after:g} s; acknowledged {len(answered)} "
                  f"clicks, {len(acknowledged)} referrals and {moves} stage moves; lost "
                  f"{len(lost) + len(behind) + len(lost_clicks)}; rewards {rewards}; "
                  f"{verify.stdout.strip().splitlines()[-1] if verify.stdout.strip() else 'no verify output'}; "
                  f"analytics verify {'clean' if summaries.returncode == 0 else 'FAILED'}",
                  flush=True)
            if problems:
                failed += 1
                for p in problems:
                    print(f"  FAIL: {p}", flush=True)
                if any(s.proc is None or s.proc.poll() is not None for s in servers):
                    failed += args.rounds - rnd
                    break
            else:
                passed += 1
        print(f"total: {totals['clicks']} clicks, {totals['referrals']} referrals and {totals['moves']} stage moves "
              f"acknowledged, {totals['lost']} lost", flush=True)
    except TestError as e:
        print(f"FAIL: {e}", flush=True)
        failed = max(1, args.rounds - passed)
    except (KeyboardInterrupt, SystemExit):
        print("interrupted", flush=True)
        failed = max(1, args.rounds - passed)
    finally:
        for server in servers:
            try:
                server.stop()
            finally:
                server.force_kill()
        try:
            pg("down" if args.keep else "stop", state)
        except TestError as e:
            print(f"stopping the cluster: {e}", flush=True)
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
