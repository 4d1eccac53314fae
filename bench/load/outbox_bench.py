#!/usr/bin/env python3
"""The outbox's two targets (issue 14), measured on this machine in one run (only ratios within one
run mean much: the machine is shared and noisy). SQLite, release build, nginx as the receiver
(bench/load/nginx.conf.template: POST /hooks/ answers 204 at once).

* Referral submissions (wrk -t1 -c32, bench/load/referral_submit.lua) without a webhook endpoint,
  with one endpoint subscribed to referral.created on an instance that does not deliver
  (outbox.workers 0: what writing the outbox costs the request), and with one endpoint delivered
  to while the load runs (what delivering costs the same two cores), twice each on fresh
  databases. Target: with an endpoint at least 90% of the req/s without. Afterwards every
  referral must have its outbox row.
* Drain: a backlog of --backlog webhook items (default 100,000; written into the stopped server's
  database) delivered to nginx by one instance (outbox.workers --workers) while wrk reads
  GET /api/v1/programs (-c8); then the same read load with nothing to deliver, as the reference.
  Targets: >= 1,000 deliveries/s and the API's p99 below 50 ms during the drain.

  python3 bench/load/outbox_bench.py --binary build/release/src/bluebird --seconds 10

Standard library only; needs wrk and nginx (scripts/install-deps.sh).
"""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kill9_test import TestError, api, free_port  # noqa: E402
from postgres_vs_sqlite import Setup, line, run_parallel, start, wrk  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
COMMON = ["log.access=false", "security.clicks_per_minute=0", "webhooks.allow_private_targets=true"]


class Nginx:
    """nginx from bench/load/nginx.conf.template on a free port: the webhook receiver."""

    def __init__(self, workdir: str):
        self.prefix = os.path.join(workdir, "nginx")
        os.makedirs(self.prefix, exist_ok=True)
        self.port = free_port()
        # nginx started by root drops to "nobody" unless told otherwise, and then cannot write here.
        user = f"user {pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name};" if os.getuid() == 0 else ""
        with open(os.path.join(HERE, "nginx.conf.template")) as f:
            conf = f.read()
        conf = (conf.replace("@PREFIX@", self.prefix).replace("@PORT@", str(self.port)).replace("@CODE@", "x")
                .replace("@USER_DIRECTIVE@", user))
        path = os.path.join(self.prefix, "nginx.conf")
        with open(path, "w") as f:
            f.write(conf)
        self.proc = subprocess.Popen(["nginx", "-p", self.prefix + "/", "-c", path, "-e",
                                      os.path.join(self.prefix, "error.log")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                request = urllib.request.Request(self.url(), data=b"{}", method="POST")
                with urllib.request.urlopen(request, timeout=1) as response:
                    if response.status == 204:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TestError("nginx did not start")
            time.sleep(0.05)  # poll interval, not synchronisation

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/bluebird"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def program_with_advocates(setup: Setup, advocates: int = 50) -> tuple[str, str]:
    port = setup.servers[0].port
    program = api(port, setup.key, "POST", "/api/v1/programs", {
        "name": "Bench", "kind": "customer", "landing_url": "https://bench.example/",
        "referral_policy": {"velocity_limit": 1000000, "ip_velocity_limit": 1000000}})["id"]
    ids = ",".join(api(port, setup.key, "POST", f"/api/v1/programs/{program}/advocates",
                       {"email": f"advocate{i}@bench.example", "first_name": f"A{i}"})["id"] for i in range(advocates))
    return program, ids


def submissions(binary: str, workdir: str, seconds: float, receiver: Nginx | None,
                paused: bool = False) -> tuple[dict, str]:
    """One run; `paused`: the instance writes the outbox but delivers nothing (outbox.workers 0), which
    isolates what the outbox costs the request from what delivering costs the machine."""
    setup = Setup(binary, workdir, None, 1, COMMON + (["outbox.workers=0"] if paused else []))
    port = setup.servers[0].port
    _, advocates = program_with_advocates(setup)
    if receiver:
        api(port, setup.key, "POST", "/api/v1/webhook-endpoints", {"url": receiver.url(),
                                                                  "events": ["referral.created"]})
    [result] = run_parallel([wrk(f"http://127.0.0.1:{port}", "referral_submit.lua", 32, seconds,
                                 {"ADVOCATES": advocates, "KEY": setup.key})])
    setup.stop()
    referrals = setup.count("SELECT COUNT(*) FROM referrals")
    items = setup.count("SELECT COUNT(*) FROM outbox")
    delivered = setup.count("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'")
    extra = f"  outbox rows {items:,} for {referrals:,} referrals, {delivered:,} delivered during the run"
    if receiver and items != referrals:
        extra += "  MISSING OUTBOX ROWS"
    return result, extra


def pending(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    found = re.search(r'^bluebird_outbox_pending\{kind="webhook"\} (\d+)', text, re.M)
    return int(found.group(1)) if found else 0


def drain(binary: str, workdir: str, backlog: int, workers: int, seconds: float, receiver: Nginx) -> list[str]:
    settings = COMMON + [f"outbox.workers={workers}", "outbox.poll_ms=50"]
    setup = Setup(binary, workdir, None, 1, settings)
    server = setup.servers[0]
    endpoint = api(server.port, setup.key, "POST", "/api/v1/webhook-endpoints",
                   {"url": receiver.url(), "events": ["referral.created"]})["id"]
    program, _ = program_with_advocates(setup, 1)
    setup.stop()
    # The backlog, as referral.created events of about 1 KiB, written straight into the database.
    payload = ('{"type":"referral.created","timestamp":"2026-12-02T09:00:00.000000Z","data":{"id":"ref_x",'
               f'"program_id":"{program}","referee":{{"email":"pat@prospect.example","first_name":"Pat"}},'
               '"note":"' + "x" * 700 + '"}}')
    now_us = int(time.time() * 1e6)
    with sqlite3.connect(setup.db) as db:
        db.executemany(
            "INSERT INTO outbox (id, kind, target, message_id, event_type, payload, state, attempts, created_at, "
            "next_attempt_at, lease_holder, last_status, last_error, series_started_at, series_first_attempt) "
            "VALUES (?, 'webhook', ?, ?, 'referral.created', ?, 'pending', 0, ?, ?, '', 0, '', ?, 1)",
            ((f"obx_bench{i:020d}", endpoint, f"msg_bench{i:020d}", payload, now_us, now_us, now_us)
             for i in range(backlog)))
    start(server, settings)
    read = wrk(f"http://127.0.0.1:{server.port}/api/v1/programs", "api_get.lua", 8, seconds, {"KEY": setup.key})
    began = time.monotonic()
    samples = []
    while True:
        left = pending(server.port)
        samples.append((time.monotonic() - began, left))
        if left == 0 or time.monotonic() - began > 600:
            break
        time.sleep(0.25)  # sampling interval of the drain curve, not synchronisation
    took = time.monotonic() - began
    [during] = run_parallel([read])
    [reference] = run_parallel([wrk(f"http://127.0.0.1:{server.port}/api/v1/programs", "api_get.lua", 8, seconds,
                                    {"KEY": setup.key})])
    setup.stop()
    delivered = setup.count("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'")
    attempts = setup.count("SELECT COUNT(*) FROM outbox_attempts")
    # The steady rate: between 10% and 90% of the backlog delivered (start-up and the tail left out).
    t10 = next(t for t, left in samples if left <= 0.9 * backlog)
    t90 = next(t for t, left in samples if left <= 0.1 * backlog)
    rate = 0.8 * backlog / max(1e-6, t90 - t10)
    return [
        f"drain of {backlog:,} items, {workers} workers: {took:.1f} s, {backlog / took:,.0f} deliveries/s overall, "
        f"{rate:,.0f}/s steady (10%..90%); {delivered:,} delivered, {attempts:,} attempts"
        + ("" if delivered == backlog else "  NOT ALL DELIVERED"),
        line("GET /api/v1/programs during the drain", [during]),
        line("GET /api/v1/programs, nothing to deliver", [reference]),
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default="build/release/src/bluebird")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--backlog", type=int, default=100000)
    ap.add_argument("--workers", type=int, action="append", help="outbox.workers for the drain (repeatable)")
    ap.add_argument("--only", choices=["submissions", "drain"], action="append")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    parts = args.only or ["submissions", "drain"]
    workdir = tempfile.mkdtemp(prefix="bluebird-outbox-bench-")
    receiver = Nginx(workdir)
    try:
        print(f"outbox benchmark, {args.seconds:g} s per run, {os.cpu_count()} CPUs, binary {binary}", flush=True)
        if "submissions" in parts:
            runs = {"none": [], "one, not delivering": [], "one, delivering": []}
            for _ in range(2):
                for which in runs:
                    result, extra = submissions(binary, workdir, args.seconds,
                                                None if which == "none" else receiver, "not" in which)
                    runs[which].append(result)
                    print(line(f"submissions, {which}", [result], extra), flush=True)
            none = sum(r["rps"] for r in runs["none"]) / 2
            for which in ("one, not delivering", "one, delivering"):
                one = sum(r["rps"] for r in runs[which]) / 2
                print(f"{which}: {100 * one / none:.0f}% of the req/s without an endpoint (target >= 90%)",
                      flush=True)
        if "drain" in parts:
            for workers in args.workers or [8]:
                for text in drain(binary, workdir, args.backlog, workers, args.seconds, receiver):
                    print(text, flush=True)
        return 0
    except TestError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    finally:
        receiver.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
