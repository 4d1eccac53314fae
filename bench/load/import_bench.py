#!/usr/bin/env python3
"""The CSV import target (issue 15), measured on this machine in one run (only ratios within one
run mean much: the machine is shared and noisy). SQLite, release build.

* `bluebird import` of --rows advocates (default 1,000,000) into a fresh database, twice each:
  a plain file (email, first_name, last_name, company) and a rich one (also two tags and an
  attribute), as a dry run and as an import; then the same rich file again (every row unchanged).
  Target: 50,000 rows/s or more for the dry run and the import.
* The API while a large import runs in the background on the server: wrk -c8 reading
  GET /api/v1/programs for --seconds with the import under way, and the same read load alone as
  the reference (p99 of both).

  python3 bench/load/import_bench.py --binary build/release/src/bluebird

Standard library only; needs wrk (scripts/install-deps.sh).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kill9_test import TestError, api, run_cli  # noqa: E402
from postgres_vs_sqlite import Setup, line, run_parallel, wrk  # noqa: E402


def write_csv(path: str, rows: int, rich: bool) -> None:
    with open(path, "w", newline="") as f:
        f.write("email,first_name,last_name,company" + (",tags,attributes.tier" if rich else "") + "\r\n")
        for i in range(rows):
            line_ = f"person{i}@example{i % 1000}.com,First{i},Last{i},Company {i % 5000}"
            if rich:
                line_ += f",\"vip,t{i % 7}\",{i % 3}"
            f.write(line_ + "\r\n")


def fresh_program(binary: str, workdir: str) -> tuple[Setup, str]:
    setup = Setup(binary, workdir, None, 1, [])
    program = api(setup.servers[0].port, setup.key, "POST", "/api/v1/programs",
                  {"name": "Import bench", "slug": "import-bench", "kind": "customer",
                   "landing_url": "https://example.com/"})["id"]
    return setup, program


def timed_import(binary: str, db: str, program: str, path: str, dry_run: bool) -> tuple[float, dict]:
    cmd = [binary, "import", "--db", db, "--program", program, path] + (["--dry-run"] if dry_run else [])
    started = time.monotonic()
    report = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    return time.monotonic() - started, report


def cli_runs(binary: str, workdir: str, rows: int) -> None:
    for rich in (False, True):
        path = os.path.join(workdir, f"advocates-{'rich' if rich else 'plain'}.csv")
        write_csv(path, rows, rich)
        for attempt in (1, 2):
            setup, program = fresh_program(binary, workdir)
            setup.stop()
            for dry_run in (True, False):
                seconds, report = timed_import(binary, setup.db, program, path, dry_run)
                if report["created"] != rows or report["refused"] != 0:
                    raise TestError(f"unexpected report: {json.dumps(report)[:400]}")
                label = f"{'rich' if rich else 'plain'} {'dry run' if dry_run else 'import'} #{attempt}"
                print(f"{label:<28} {rows:>9,} rows in {seconds:6.2f} s = {rows / seconds:>9,.0f} rows/s", flush=True)
            if rich and attempt == 2:
                seconds, report = timed_import(binary, setup.db, program, path, False)
                if report["unchanged"] != rows:
                    raise TestError(f"re-import changed rows: {json.dumps(report)[:400]}")
                print(f"{'rich again (unchanged)':<28} {rows:>9,} rows in {seconds:6.2f} s = "
                      f"{rows / seconds:>9,.0f} rows/s", flush=True)


def api_during_import(binary: str, workdir: str, rows: int, seconds: float) -> None:
    setup, program = fresh_program(binary, workdir)
    try:
        port = setup.servers[0].port
        url = f"http://127.0.0.1:{port}/api/v1/programs"
        alone = run_parallel([wrk(url, "api_get.lua", 8, seconds, {"KEY": setup.key})])
        print(line("GET /api/v1/programs alone", alone), flush=True)
        path = os.path.join(workdir, "advocates-rich.csv")
        with open(path, "rb") as f:
            body = f.read()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/imports?kind=advocates&program_id={program}", data=body, method="POST",
            headers={"Authorization": f"Bearer {setup.key}", "Content-Type": "text/csv"})
        with urllib.request.urlopen(request, timeout=300) as response:
            started = json.loads(response.read())
        if started["status"] != "running":
            raise TestError(f"expected a background import: {json.dumps(started)[:300]}")
        during = run_parallel([wrk(url, "api_get.lua", 8, seconds, {"KEY": setup.key})])
        get = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/imports/{started['id']}",
                                     headers={"Authorization": f"Bearer {setup.key}"})
        with urllib.request.urlopen(get, timeout=30) as response:
            progress = json.loads(response.read())
        print(line("GET /api/v1/programs during the import", during,
                   f"  (import: {progress['rows_done']:,} of {progress['rows_total']:,} rows after the load)"),
              flush=True)
    finally:
        setup.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default="build/release/src/bluebird")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    workdir = tempfile.mkdtemp(prefix="bb-import-bench-")
    try:
        cli_runs(binary, workdir, args.rows)
        api_during_import(binary, workdir, args.rows, args.seconds)
    except TestError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
