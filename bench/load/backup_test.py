#!/usr/bin/env python3
"""Backup under load: `bluebird backup` copies a live database while clients click tracked links,
submit referrals and win them, and the copy must hold every write acknowledged before the backup
started, pass `bluebird backup verify` (integrity, foreign keys, schema, the reward ledger), and
serve again.

  python3 bench/load/backup_test.py --binary build/release/src/bluebird --rounds 3

Standard library only (plus the helpers of kill9_test.py beside it). Exits non-zero on any failure;
the last line printed is `N passed, M failed` (one test per round).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kill9_test import HOST, Server, TestError, api, free_port, run_cli  # noqa: E402


class Load:
    """Client threads on keep-alive connections: click threads follow tracked links with a unique
    User-Agent each time; referral threads submit a referral and win it. Each acknowledged write is
    kept with the monotonic time its answer arrived."""

    def __init__(self, port: int, key: str, codes: list[str], advocates: list[str], threads: int):
        self.port, self.key, self.codes, self.advocates = port, key, codes, advocates
        self.stop_event = threading.Event()
        self.clicks: list[list[tuple[float, str]]] = [[] for _ in range(threads)]  # (acked at, user agent)
        self.referrals: list[list[tuple[float, str]]] = [[] for _ in range(threads)]  # (acked at, id)
        self.wins: list[list[tuple[float, str]]] = [[] for _ in range(threads)]
        self.errors = [0] * threads
        self.threads = [threading.Thread(target=self._worker, args=(i,), daemon=True) for i in range(threads)]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def stop(self) -> None:
        self.stop_event.set()
        for t in self.threads:
            t.join(timeout=30)

    def _worker(self, index: int) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        n = 0
        clicker = index % 2 == 0
        while not self.stop_event.is_set():
            n += 1
            try:
                if clicker:
                    agent = f"Mozilla/5.0 (X11; Linux x86_64) backup-test/{index}-{n}"
                    conn.request("GET", f"/r/{self.codes[n % len(self.codes)]}", headers={"User-Agent": agent})
                    resp = conn.getresponse()
                    resp.read()
                    if resp.status == 302:
                        self.clicks[index].append((time.monotonic(), agent))
                    continue
                headers = {"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"}
                body = {"advocate_id": self.advocates[n % len(self.advocates)],
                        "referee": {"email": f"b{index}-{n}@prospects.example", "first_name": "B"}}
                conn.request("POST", "/api/v1/referrals", body=json.dumps(body), headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                if resp.status != 201:
                    self.errors[index] += 1
                    continue
                referral = json.loads(data)["id"]
                self.referrals[index].append((time.monotonic(), referral))
                move = {"stage": "won", "deal_value_minor": 1000 * (n % 97 + 1)}
                conn.request("POST", f"/api/v1/referrals/{referral}/stage", body=json.dumps(move), headers=headers)
                resp = conn.getresponse()
                resp.read()
                if resp.status == 200:
                    self.wins[index].append((time.monotonic(), referral))
            except (OSError, http.client.HTTPException):
                self.errors[index] += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        conn.close()

    def before(self, series: list[list[tuple[float, str]]], moment: float) -> list[str]:
        return [value for per_thread in series for (at, value) in per_thread if at < moment]

    def count(self, series: list[list[tuple[float, str]]]) -> int:
        return sum(len(per_thread) for per_thread in series)


def one_round(binary: str, workdir: str, round_number: int, threads: int) -> str:
    db = os.path.join(workdir, f"live-{round_number}.db")
    copy = os.path.join(workdir, f"backup-{round_number}.db")
    key = run_cli([binary, "apikey", "create", "--db", db, "--name", "load", "--role", "admin"]).strip().splitlines()[-1]
    server = Server(binary, db, workdir, free_port())
    server.start(ready_timeout=30)
    try:
        program = api(server.port, key, "POST", "/api/v1/programs",
                      {"name": f"Backup {round_number}", "kind": "customer", "landing_url": "https://b.example/",
                       "referral_policy": {"velocity_limit": 1000000, "ip_velocity_limit": 1000000}})["id"]
        api(server.port, key, "POST", f"/api/v1/programs/{program}/reward-rules",
            {"name": "Thanks", "trigger": {"stage": "submitted"}, "amount": {"fixed_minor": 500}})
        api(server.port, key, "POST", f"/api/v1/programs/{program}/reward-rules",
            {"name": "Won", "trigger": {"stage": "won"}, "amount": {"percent_bp": 1000}})
        advocates, codes = [], []
        for i in range(8):
            a = api(server.port, key, "POST", f"/api/v1/programs/{program}/advocates",
                    {"email": f"adv{i}@advocates.example", "first_name": f"A{i}"})
            advocates.append(a["id"])
            codes.append(a["code"])
        load = Load(server.port, key, codes, advocates, threads)
        load.start()
        time.sleep(1.5)  # let the load build up before the copy; not synchronisation
        started = time.monotonic()
        result = subprocess.run([binary, "backup", "--db", db, "--to", copy], capture_output=True, text=True,
                                timeout=120)
        finished = time.monotonic()
        time.sleep(0.5)  # the load goes on after the copy
        load.stop()
        if result.returncode != 0:
            raise TestError(f"backup failed ({result.returncode}): {result.stdout}{result.stderr}")
        verified = subprocess.run([binary, "backup", "verify", copy], capture_output=True, text=True, timeout=120)
        if verified.returncode != 0:
            raise TestError(f"backup verify failed ({verified.returncode}):\n{verified.stdout}{verified.stderr}")
        clicks = load.before(load.clicks, started)
        referrals = load.before(load.referrals, started)
        wins = load.before(load.wins, started)
        if not clicks or not referrals or not wins:
            raise TestError(f"no load before the backup: {len(clicks)} clicks, {len(referrals)} referrals")
        with sqlite3.connect(f"file:{copy}?mode=ro", uri=True) as c:
            stored_agents = {row[0] for row in c.execute(
                "SELECT n.value FROM clicks k JOIN click_names n ON n.id = k.user_agent_ref")}
            stored = dict(c.execute("SELECT id, stage FROM referrals"))
        missing_clicks = [a for a in clicks if a not in stored_agents]
        missing_referrals = [r for r in referrals if r not in stored]
        not_won = [r for r in wins if stored.get(r) != "won"]
        if missing_clicks or missing_referrals or not_won:
            raise TestError(f"acknowledged before the backup but not in it: {len(missing_clicks)} clicks, "
                            f"{len(missing_referrals)} referrals, {len(not_won)} wins")
        # The copy serves.
        restored = Server(binary, copy, workdir, free_port())
        restored.start(ready_timeout=30)
        restored.stop()
        after = load.count(load.clicks) + load.count(load.referrals) - len(clicks) - len(referrals)
        return (f"backup of {os.path.getsize(copy)} bytes in {finished - started:.2f} s under load: "
                f"{len(clicks)} clicks, {len(referrals)} referrals and {len(wins)} wins acknowledged before it, "
                f"all in the copy; {after} more acknowledged during and after; verify and restart ok")
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="bluebird-backup-")
    passed = failed = 0
    try:
        for round_number in range(1, args.rounds + 1):
            try:
                print(f"round {round_number}: {one_round(args.binary, workdir, round_number, args.threads)}")
                passed += 1
            except TestError as e:
                print(f"round {round_number}: FAILED: {e}")
                failed += 1
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
