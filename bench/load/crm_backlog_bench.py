#!/usr/bin/env python3
"""The CRM connector's outbound target (issue 15), measured on this machine in one run: a backlog
of --backlog open referrals (default 100,000) sent to the local Salesforce mock
(tests/helpers/salesforce_mock.py, which checks every record of every call) as leads through
sObject Collections, 200 a call — or, for the one referee company in ten that the mock holds as
an Account, as a Contact and an Opportunity on it (after a query of Contacts by email and of
Accounts by website per batch) — by one instance (SQLite, release build), while wrk reads
GET /api/v1/programs (-c8); then the same read load with nothing to send, as the reference.
Targets: the backlog synced in under a minute, and the API's p99 below 50 ms meanwhile.

The referrals are copies of one submitted through the API, written into the stopped server's
database (what the API would have written, with new ids and referees); the connector is created
through the API, which queues them all as its backlog in one transaction.

  python3 bench/load/crm_backlog_bench.py --binary build/release/src/bluebird --seconds 10

Standard library only; needs wrk (scripts/install-deps.sh).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kill9_test import TestError, api  # noqa: E402
from postgres_vs_sqlite import Setup, line, run_parallel, start, wrk  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MOCK = os.path.join(HERE, "..", "..", "tests", "helpers", "salesforce_mock.py")
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
SETTINGS = ["log.access=false", "connectors.allow_private_targets=true",
            "connectors.secret_key=" + base64.b64encode(bytes(range(32))).decode()]


class Mock:
    """salesforce_mock.py on a free port of 127.0.0.1."""

    def __init__(self):
        self.proc = subprocess.Popen(["/usr/bin/python3", MOCK, "--port", "0"], stdout=subprocess.PIPE, text=True)
        first = self.proc.stdout.readline().strip()
        if not first.startswith("PORT "):
            raise TestError(f"salesforce_mock.py printed {first!r}")
        self.url = f"http://127.0.0.1:{int(first.split()[1])}"

    def control(self, method: str, what: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}/__mock/{what}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def new_id(prefix: str) -> str:
    millis = int(time.time() * 1000)
    head = "".join(CROCKFORD[(millis >> (5 * (9 - i))) & 31] for i in range(10))
    return prefix + head + "".join(random.choice(CROCKFORD) for _ in range(16))


def copy_referrals(db: str, model_id: str, count: int) -> None:
    with sqlite3.connect(db) as c:
        cursor = c.execute("SELECT * FROM referrals WHERE id = ?", (model_id,))
        columns = [d[0] for d in cursor.description]
        model = list(cursor.fetchone())
        at = {name: i for i, name in enumerate(columns)}
        rows = []
        for i in range(count):
            row = list(model)
            row[at["id"]] = new_id("ref_")
            email = f"p{i}@prospect{i % 997}.example"
            row[at["referee_email"]] = email
            row[at["referee_email_key"]] = email
            row[at["referee_email_domain"]] = email.split("@")[1]
            rows.append(row)
        c.executemany(f"INSERT INTO referrals ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows)


def connector_state(port: int, key: str, connector: str) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/connectors/{connector}",
                                     headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def run(binary: str, workdir: str, backlog: int, seconds: float) -> list[str]:
    mock = Mock()
    try:
        mock.control("POST", "config", {"client_id": "bench-app", "client_secret": "bench-secret"})
        setup = Setup(binary, workdir, None, 1, SETTINGS)
        server = setup.servers[0]
        program = api(server.port, setup.key, "POST", "/api/v1/programs", {
            "name": "Bench", "kind": "partner", "landing_url": "https://bench.example/",
            "referral_policy": {"velocity_limit": 1000000, "ip_velocity_limit": 1000000}})["id"]
        advocate = api(server.port, setup.key, "POST", f"/api/v1/programs/{program}/advocates",
                       {"email": "ann@client.example", "first_name": "Ann", "last_name": "Lee"})["id"]
        model = api(server.port, setup.key, "POST", "/api/v1/referrals", {
            "advocate_id": advocate, "channel": "email",
            "referee": {"email": "model@prospect.example", "first_name": "Pat", "last_name": "Lee",
                        "company": "Prospect Inc"}})["id"]
        setup.stop()
        copy_referrals(setup.db, model, backlog - 1)
        # One referee company in ten is already a customer: those referrals become a Contact and
        # an Opportunity on the Account instead of a Lead.
        for k in range(0, 997, 10):
            mock.control("POST", "records", {"object": "Account",
                                             "fields": {"Name": f"Prospect {k}", "Website": f"www.prospect{k}.example"}})
        start(server, SETTINGS)
        read = wrk(f"http://127.0.0.1:{server.port}/api/v1/programs", "api_get.lua", 8, seconds, {"KEY": setup.key})
        began = time.monotonic()
        connector = api(server.port, setup.key, "POST", "/api/v1/connectors", {
            "kind": "salesforce", "program_id": program, "base_url": mock.url, "poll_seconds": 86400,
            "auth": {"flow": "client_credentials", "client_id": "bench-app", "client_secret": "bench-secret"}})["id"]
        queued = time.monotonic() - began
        samples = []
        while True:
            state = connector_state(server.port, setup.key, connector)
            synced = state["referrals"]["synced"]
            samples.append((time.monotonic() - began, synced))
            if synced + state["referrals"]["failed"] >= backlog or state["health"] != "ok" or \
                    time.monotonic() - began > 600:
                break
            time.sleep(0.25)  # sampling interval of the curve, not synchronisation
        took = time.monotonic() - began
        [during] = run_parallel([read])
        [reference] = run_parallel([wrk(f"http://127.0.0.1:{server.port}/api/v1/programs", "api_get.lua", 8, seconds,
                                        {"KEY": setup.key})])
        final = connector_state(server.port, setup.key, connector)
        setup.stop()
        leads = len(mock.control("GET", "records?object=Lead"))
        opportunities = len(mock.control("GET", "records?object=Opportunity"))
        calls = sum(1 for r in mock.control("GET", "requests") if "/composite/sobjects/" in r["path"])
        violations = mock.control("GET", "violations")
        t10 = next((t for t, s in samples if s >= 0.1 * backlog), took)
        t90 = next((t for t, s in samples if s >= 0.9 * backlog), took)
        rate = 0.8 * backlog / max(1e-6, t90 - t10)
        return [
            f"backlog of {backlog:,} referrals to the Salesforce mock: {took:.1f} s from the connector's creation "
            f"(queued in {queued * 1000:.0f} ms), {backlog / took:,.0f} referrals/s overall, {rate:,.0f}/s steady "
            f"(10%..90%); {final['referrals']['synced']:,} synced, {final['referrals']['failed']:,} failed, "
            f"health {final['health']}; the mock holds {leads:,} leads and {opportunities:,} opportunities on "
            f"customers' Accounts from {calls:,} Collections calls, "
            f"{len(violations)} violations" + ("" if took < 60 else "  TARGET (< 60 s) NOT MET"),
            line("GET /api/v1/programs during the sync", [during]),
            line("GET /api/v1/programs, nothing to send", [reference]),
        ]
    finally:
        mock.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default="build/release/src/bluebird")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--backlog", type=int, default=100000)
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    workdir = tempfile.mkdtemp(prefix="bluebird-crm-bench-")
    try:
        print(f"CRM backlog benchmark, {os.cpu_count()} CPUs, binary {binary}", flush=True)
        for text in run(binary, workdir, args.backlog, args.seconds):
            print(text, flush=True)
        return 0
    except TestError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
