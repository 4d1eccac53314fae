#!/usr/bin/env python3
"""PostgreSQL against SQLite on this machine, side by side in one run (the machine is shared and
noisy: only ratios within one run mean much). Every case starts from a fresh database:

* tracked link (wrk -t1 -c64, bench/load/redirect.lua: a browser and a new visitor per click):
  SQLite, PostgreSQL with 1 instance; then PostgreSQL with database.max_batch 1, 16 and 512
  (clicks per group commit). After each run the servers are stopped and the clicks counted: every
  click answered 302 must be in the database.
* referral submissions (bench/load/referral_submit.lua) then stage moves to won
  (bench/load/referral_move.lua), five reward rules: SQLite, PostgreSQL with 1 instance, and with 2
  instances (one wrk per instance, the connections split between them); then PostgreSQL with
  database.pool_size 2, 4 and 16.

For each PostgreSQL run it also reports the CPU time the database server's processes used per
request (from /proc), the per-request database cost. Starts a throwaway cluster of its own
(scripts/pg.sh with a state file in its temp dir) and stops it at the end.

  python3 bench/load/postgres_vs_sqlite.py --binary build/release/src/bluebird --seconds 10

Standard library only; needs wrk and PostgreSQL 15's binaries (scripts/install-deps.sh).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kill9_test import Server, TestError, api, free_port, run_cli  # noqa: E402
from kill9_postgres_test import query  # noqa: E402
from pg_restart_test import pg  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = (
    {"name": "Thanks", "trigger": {"stage": "submitted"}, "amount": {"fixed_minor": 500}},
    {"name": "Qualified", "trigger": {"stage": "qualified"}, "amount": {"fixed_minor": 2500},
     "cap": {"period": "month", "max_count": 100}},
    {"name": "Won", "trigger": {"stage": "won"}, "amount": {"percent_bp": 1000, "min_minor": 5000,
                                                             "max_minor": 500000}},
    {"name": "Third win", "trigger": {"nth_won": 3}, "amount": {"fixed_minor": 25000}},
    {"name": "Friend", "trigger": {"stage": "won"}, "beneficiary": "referee", "amount": {"fixed_minor": 10000},
     "kind": "credit"},
)


class Setup:
    """A fresh database (a SQLite file, or a new database on the cluster) and N servers on it."""

    counter = 0

    def __init__(self, binary: str, workdir: str, cluster_url: str | None, instances: int, settings: list[str]):
        Setup.counter += 1
        self.binary, self.cluster_url = binary, cluster_url
        if cluster_url is None:
            self.db = os.path.join(workdir, f"bench-{Setup.counter}.db")
        else:
            name = f"bench_{Setup.counter}"
            query(cluster_url, f"CREATE DATABASE {name}")
            self.db = urllib.parse.urlsplit(cluster_url)._replace(path=f"/{name}").geturl()
        run_cli([binary, "migrate", "--db", self.db])
        self.key = run_cli([binary, "apikey", "create", "--db", self.db, "--name", "bench", "--role", "admin"]) \
            .strip().splitlines()[-1]
        self.servers = []
        for _ in range(instances):
            self.servers.append(Server(binary, self.db, workdir, free_port()))
        for server in self.servers:
            start(server, settings)

    def stop(self) -> None:
        for server in self.servers:
            server.stop()

    def count(self, sql: str) -> int:
        if self.cluster_url is None:
            with sqlite3.connect(self.db) as c:
                return int(c.execute(sql).fetchone()[0])
        return int(query(self.db, sql)[0][0])

    def rows(self, sql: str) -> list[str]:
        if self.cluster_url is None:
            with sqlite3.connect(self.db) as c:
                return [str(r[0]) for r in c.execute(sql)]
        return [r[0] for r in query(self.db, sql)]


def start(server: Server, settings: list[str]) -> None:
    """Server.start with extra --set options."""
    original = server.binary
    wrapper = os.path.join(server.workdir, f"serve-{server.port}.sh")
    with open(wrapper, "w") as f:
        extra = " ".join(f"--set '{s}'" for s in settings)
        f.write(f"#!/bin/sh\nexec '{original}' \"$@\" {extra}\n")
    os.chmod(wrapper, 0o755)
    server.binary = wrapper
    try:
        server.start(30)
    finally:
        server.binary = original


def postgres_cpu_seconds(cluster_state: str) -> float:
    """CPU seconds used so far by the cluster's processes (the postmaster's children included)."""
    env = {}
    with open(cluster_state) as f:
        for line in f:
            k, _, v = line.strip().partition("=")
            env[k] = v.strip("'")
    pid_file = os.path.join(env["BLUEBIRD_PG_DIR"], "data", "postmaster.pid")
    postmaster = int(open(pid_file).readline())
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ppid = int(fields[1])
        if int(pid) == postmaster or ppid == postmaster:
            total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / tick
    return total


def wrk(url: str, script: str, connections: int, seconds: float, env: dict[str, str],
        args: list[str] | None = None) -> subprocess.Popen:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", "-s", os.path.join(HERE, script), url]
    if args:
        cmd += ["--"] + args
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, **env})


def parse(output: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    failed = re.search(r"Socket errors: .*", output)
    return {"rps": rps, "requests": requests, "p99": p99_ms, "non_2xx": int(errors.group(1)) if errors else 0,
            "socket": failed.group(0) if failed else ""}


def run_parallel(procs: list[subprocess.Popen]) -> list[dict]:
    outputs = [p.communicate()[0] for p in procs]
    for out in outputs:
        if "Requests/sec" not in out:
            raise TestError(f"wrk failed:\n{out}")
    return [parse(out) for out in outputs]


def line(name: str, results: list[dict], extra: str = "") -> str:
    rps = sum(r["rps"] for r in results)
    p99 = max(r["p99"] for r in results)
    bad = sum(r["non_2xx"] for r in results)
    return f"{name:<44} {rps:>9,.0f} req/s  p99 {p99:6.1f} ms" + (f"  {bad} non-2xx" if bad else "") + extra


def tracked_link(binary, workdir, cluster, state, seconds, label, settings) -> str:
    setup = Setup(binary, workdir, cluster, 1, settings)
    server = setup.servers[0]
    program = api(server.port, setup.key, "POST", "/api/v1/programs", {
        "name": "Bench", "kind": "customer", "landing_url": "https://bench.example/"})["id"]
    code = api(server.port, setup.key, "POST", f"/api/v1/programs/{program}/advocates",
               {"email": "ada@bench.example", "first_name": "Ada"})["code"]
    cpu = postgres_cpu_seconds(state) if cluster else 0.0
    [result] = run_parallel([wrk(f"http://127.0.0.1:{server.port}/r/{code}?c=email", "redirect.lua", 64, seconds, {},
                                 ["ulid"])])
    cpu = postgres_cpu_seconds(state) - cpu if cluster else 0.0
    setup.stop()
    stored = setup.count("SELECT COUNT(*) FROM clicks")
    answered = result["requests"] - result["non_2xx"]
    extra = f"  {stored:,} stored of {answered:,} answered" + ("" if stored >= answered else "  LOST CLICKS")
    if cluster:
        extra += f"  db CPU {1e6 * cpu / max(1, result['requests']):.0f} us/click"
    return line(label, [result], extra)


def referrals(binary, workdir, cluster, state, seconds, label, instances, settings) -> list[str]:
    setup = Setup(binary, workdir, cluster, instances, settings)
    first = setup.servers[0]
    program = api(first.port, setup.key, "POST", "/api/v1/programs", {
        "name": "Bench", "kind": "customer", "landing_url": "https://bench.example/",
        "referral_policy": {"velocity_limit": 1000000, "ip_velocity_limit": 1000000}})["id"]
    for rule in RULES:
        api(first.port, setup.key, "POST", f"/api/v1/programs/{program}/reward-rules", rule)
    advocates = ",".join(api(first.port, setup.key, "POST", f"/api/v1/programs/{program}/advocates",
                             {"email": f"advocate{i}@bench.example", "first_name": f"A{i}"})["id"]
                         for i in range(50))
    per = 32 // instances
    cpu = postgres_cpu_seconds(state) if cluster else 0.0
    submitted = run_parallel([
        wrk(f"http://127.0.0.1:{s.port}", "referral_submit.lua", per, seconds,
            {"ADVOCATES": advocates, "KEY": setup.key, "TAG": f"i{i}-"}) for i, s in enumerate(setup.servers)])
    cpu_submit = postgres_cpu_seconds(state) - cpu if cluster else 0.0
    ids = setup.rows("SELECT id FROM referrals WHERE stage = 'submitted'")
    files = []
    for i in range(instances):
        path = os.path.join(workdir, f"referrals-{Setup.counter}-{i}.txt")
        with open(path, "w") as f:
            f.write("\n".join(ids[i::instances]) + "\n")
        files.append(path)
    cpu = postgres_cpu_seconds(state) if cluster else 0.0
    moved = run_parallel([
        wrk(f"http://127.0.0.1:{s.port}", "referral_move.lua", per, max(1.0, seconds / 2),
            {"REFERRALS": files[i], "KEY": setup.key}) for i, s in enumerate(setup.servers)])
    cpu_move = postgres_cpu_seconds(state) - cpu if cluster else 0.0
    setup.stop()
    verify = subprocess.run([binary, "ledger", "verify", "--db", setup.db], capture_output=True, text=True, timeout=600)
    ok = verify.returncode == 0
    n_submit = sum(r["requests"] for r in submitted)
    n_move = sum(r["requests"] for r in moved)
    db_submit = f"  db CPU {1e6 * cpu_submit / max(1, n_submit):.0f} us/request" if cluster else ""
    db_move = f"  db CPU {1e6 * cpu_move / max(1, n_move):.0f} us/request" if cluster else ""
    return [line(f"{label}: submissions", submitted, db_submit),
            line(f"{label}: stage moves", moved, db_move + ("" if ok else "  LEDGER VERIFY FAILED"))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default="build/release/src/bluebird")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--only", choices=["links", "referrals", "pool", "batch"], action="append",
                    help="run only these parts (repeatable); default: all")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    parts = args.only or ["links", "referrals", "batch", "pool"]
    workdir = tempfile.mkdtemp(prefix="bluebird-pg-bench-")
    os.chmod(workdir, 0o755)
    state = os.path.join(workdir, "pg.env")
    common = ["log.access=false", "security.clicks_per_minute=0"]
    try:
        cluster = pg("start", state)
        print(f"PostgreSQL vs SQLite, {args.seconds:g} s per run, {os.cpu_count()} CPUs, binary {binary}", flush=True)
        if "links" in parts:
            print(tracked_link(binary, workdir, None, state, args.seconds, "tracked link, SQLite", common), flush=True)
            print(tracked_link(binary, workdir, cluster, state, args.seconds, "tracked link, PostgreSQL", common),
                  flush=True)
        if "referrals" in parts:
            for text in referrals(binary, workdir, None, state, args.seconds, "SQLite, 1 instance", 1, common):
                print(text, flush=True)
            for n in (1, 2):
                for text in referrals(binary, workdir, cluster, state, args.seconds, f"PostgreSQL, {n} instance(s)",
                                      n, common):
                    print(text, flush=True)
        if "batch" in parts:
            for batch in (1, 16, 512):
                print(tracked_link(binary, workdir, cluster, state, args.seconds,
                                   f"tracked link, PostgreSQL, max_batch {batch}",
                                   common + [f"database.max_batch={batch}"]), flush=True)
        if "pool" in parts:
            for size in (2, 4, 16):
                for text in referrals(binary, workdir, cluster, state, args.seconds,
                                      f"PostgreSQL, pool_size {size}", 1, common + [f"database.pool_size={size}"]):
                    print(text, flush=True)
    except TestError as e:
        print(f"FAIL: {e}", flush=True)
        return 1
    finally:
        try:
            pg("stop", state)
        except TestError as e:
            print(f"stopping the cluster: {e}", flush=True)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
