#!/usr/bin/env python3
"""PostgreSQL stopped and started again under load: Bluebird must answer the requests it cannot serve
with 503 problem+json (never a wrong answer, never a 500), say 503 on /readyz while the database is
away and 200 once it is back, reconnect by itself, and keep every write it acknowledged.

API requests get a problem document; a visitor following a tracked link gets a page asking to try
again (the click is not recorded, and not redirected as if it were).

The test starts a throwaway cluster of its own (scripts/pg.sh with a state file in its temp dir,
so that it never stops a cluster other tests use), runs `bluebird serve` on it, and sends referral
submissions and tracked-link clicks from several threads while, in each round, the database goes
down (pg_ctl stop -m fast: every connection is cut) and comes back.

  python3 bench/load/pg_restart_test.py --binary build/release/src/bluebird --rounds 2

Standard library only (plus the helpers of kill9_test.py beside it). Exits non-zero on any failure;
the last line printed is `N passed, M failed` (one test per round).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kill9_test import HOST, Server, TestError, api, free_port, run_cli  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def pg(command: str, state: str) -> str:
    done = subprocess.run(["bash", os.path.join(ROOT, "scripts", "pg.sh"), command], capture_output=True, text=True,
                          env={**os.environ, "BLUEBIRD_PG_STATE": state}, timeout=120)
    if done.returncode != 0:
        raise TestError(f"pg.sh {command} failed: {done.stderr.strip()}")
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def status_of(port: int, path: str) -> int:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        return resp.status
    except (OSError, http.client.HTTPException):
        return 0
    finally:
        conn.close()


def wait_for(port: int, path: str, wanted: int, timeout: float) -> float:
    """Polls `path` until it answers `wanted`; returns the seconds it took."""
    started = time.monotonic()
    while status_of(port, path) != wanted:
        if time.monotonic() - started > timeout:
            raise TestError(f"{path} did not answer {wanted} within {timeout:.0f} s")
        time.sleep(0.05)  # poll interval, not synchronisation
    return time.monotonic() - started


class Load:
    """Client threads with keep-alive connections: referral submissions and tracked-link clicks.
    Records every answer's status, what was acknowledged, and any answer that is neither a success
    nor a 503 problem document."""

    def __init__(self, port: int, key: str, advocate: str, code: str, threads: int, tag: str):
        self.port, self.key, self.advocate, self.code, self.tag = port, key, advocate, code, tag
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged: list[str] = []
        self.statuses: dict[int, int] = {}
        self.wrong: list[str] = []
        self.threads = [threading.Thread(target=self._worker, args=(i,), daemon=True) for i in range(threads)]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def stop(self) -> None:
        self.stop_event.set()
        for t in self.threads:
            t.join(timeout=60)

    def _record(self, status: int, body: bytes, content_type: str, what: str) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 503 and what == "click":
                # A visitor's browser gets a page asking to try again (the click is not recorded).
                if not content_type.startswith("text/html"):
                    self.wrong.append(f"click: 503 that is not a page: {content_type} {body[:200]!r}")
            elif status == 503:
                try:
                    problem = json.loads(body)
                    ok = content_type.startswith("application/problem+json") and problem.get("status") == 503
                except json.JSONDecodeError:
                    ok = False
                if not ok:
                    self.wrong.append(f"{what}: 503 without a problem document: {body[:200]!r}")
            elif status not in (201, 302):
                self.wrong.append(f"{what}: {status} {body[:200]!r}")

    def _worker(self, index: int) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        n = 0
        while not self.stop_event.is_set():
            n += 1
            try:
                if n % 2:
                    email = f"r{self.tag}-{index}-{n}@prospects.example"
                    conn.request("POST", "/api/v1/referrals", body=json.dumps({
                        "advocate_id": self.advocate, "referee": {"email": email, "first_name": "Pat"}}),
                        headers={"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"})
                    resp = conn.getresponse()
                    body = resp.read()
                    self._record(resp.status, body, resp.getheader("Content-Type", ""), "submit")
                    if resp.status == 201:
                        with self.lock:
                            self.acknowledged.append(json.loads(body)["id"])
                else:
                    conn.request("GET", f"/r/{self.code}")
                    resp = conn.getresponse()
                    body = resp.read()
                    self._record(resp.status, body, resp.getheader("Content-Type", ""), "click")
            except (OSError, http.client.HTTPException) as e:
                with self.lock:
                    self.wrong.append(f"connection failed: {e!r}")
                conn.close()
                if self.stop_event.wait(0.01):  # back-off before reconnecting, not synchronisation
                    break
                conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        conn.close()


def missing_referrals(port: int, key: str, ids: list[str]) -> list[str]:
    missing = []
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        for referral in ids:
            conn.request("GET", f"/api/v1/referrals/{referral}", headers={"Authorization": f"Bearer {key}"})
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                missing.append(f"{referral} ({resp.status})")
    finally:
        conn.close()
    return missing


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default="build/release/src/bluebird", help="bluebird executable")
    ap.add_argument("--rounds", type=int, default=2, help="outages, one per round")
    ap.add_argument("--threads", type=int, default=8, help="client threads")
    ap.add_argument("--seconds", type=float, default=1.5, help="load before, during and after each outage")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (server logs)")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    workdir = tempfile.mkdtemp(prefix="bluebird-pg-restart-")
    os.chmod(workdir, 0o755)
    state = os.path.join(workdir, "pg.env")
    server = None
    passed = failed = 0
    try:
        url = pg("start", state)
        print(f"PostgreSQL restart test: {args.rounds} outages under load from {args.threads} threads, "
              f"temp dir {workdir}", flush=True)
        run_cli([binary, "migrate", "--db", url])
        key = run_cli([binary, "apikey", "create", "--db", url, "--name", "restart", "--role", "admin"]).strip() \
            .splitlines()[-1]
        server = Server(binary, url, workdir, free_port())
        server.start(30)
        program = api(server.port, key, "POST", "/api/v1/programs", {
            "name": "Restart", "kind": "customer", "landing_url": "https://www.example.com/",
            "referral_policy": {"velocity_limit": 1000000, "ip_velocity_limit": 1000000}})["id"]
        advocate = api(server.port, key, "POST", f"/api/v1/programs/{program}/advocates",
                       {"email": "ada@example.com", "first_name": "Ada"})
        for rnd in range(1, args.rounds + 1):
            problems = []
            load = Load(server.port, key, advocate["id"], advocate["code"], args.threads, str(rnd))
            load.start()
            time.sleep(args.seconds)  # load before the outage
            pg("down", state)
            try:
                unready_after = wait_for(server.port, "/readyz", 503, 10)
            except TestError as e:
                problems.append(str(e))
                unready_after = -1.0
            time.sleep(args.seconds)  # load during the outage
            during = dict(load.statuses)
            pg("up", state)
            try:
                ready_after = wait_for(server.port, "/readyz", 200, 30)
            except TestError as e:
                problems.append(str(e))
                ready_after = -1.0
            before_recovery = dict(load.statuses)
            time.sleep(args.seconds)  # load after the outage
            load.stop()
            served_after = load.statuses.get(201, 0) - before_recovery.get(201, 0)
            if load.wrong:
                problems.append(f"{len(load.wrong)} wrong answers, e.g. {load.wrong[:3]}")
            if during.get(503, 0) == 0:
                problems.append("no request was answered 503 while the database was down (nothing was tested)")
            if served_after == 0:
                problems.append("no referral was accepted after the database came back")
            if server.proc is None or server.proc.poll() is not None:
                problems.append(f"the server exited\n{server.log_tail()}")
            else:
                missing = missing_referrals(server.port, key, load.acknowledged)
                if missing:
                    problems.append(f"{len(missing)} acknowledged referrals are missing, e.g. {missing[:3]}")
            print(f"round {rnd}/{args.rounds}: answers {dict(sorted(load.statuses.items()))}; /readyz 503 after "
                  f"{unready_after:.2f} s, 200 again {ready_after:.2f} s after the restart; "
                  f"{len(load.acknowledged)} referrals acknowledged, {served_after} after the restart", flush=True)
            if problems:
                failed += 1
                for p in problems:
                    print(f"  FAIL: {p}", flush=True)
            else:
                passed += 1
        if server.proc is not None and server.proc.poll() is None:
            verify = subprocess.run([binary, "ledger", "verify", "--db", url], capture_output=True, text=True,
                                    timeout=300)
            print(verify.stdout.strip().splitlines()[-1] if verify.stdout.strip() else verify.stderr.strip(),
                  flush=True)
            if verify.returncode != 0:
                failed += 1
                print(f"  FAIL: ledger verify ({verify.returncode}): {verify.stdout[-1000:]}{verify.stderr}")
    except TestError as e:
        print(f"FAIL: {e}", flush=True)
        failed = max(1, args.rounds - passed)
    finally:
        if server is not None:
            server.stop()
            server.force_kill()
        try:
            pg("stop", state)
        except TestError as e:
            print(f"FAIL: {e}", flush=True)
            failed += 1
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
