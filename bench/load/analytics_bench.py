#!/usr/bin/env python3
"""The analytics targets (issue 16): response times of the dashboards' reads on a large database
(bench/load/large_dataset.py), through the API of a running `bluebird serve`, one request at a
time (the time one person waits), --requests times each (default 20), reporting p50, p95 and the
worst. Target: p95 under 100 ms each.

  python3 bench/load/analytics_bench.py --db big.db
  python3 bench/load/analytics_bench.py --db 'postgres://...'          # after `bluebird copy`
  python3 bench/load/analytics_bench.py --db big.db --binary /path/to/older/bluebird --requests 3

Reads measured: the dashboard (GET /api/v1/analytics) for the last 30 days and the last 365 days,
for the largest program and for every program, on both bases (its top advocates are the
leaderboard); a program's stats with no range; the points leaderboards (all time, last month, rolling
30 days) and the points of the advocate with the most entries; the activity of the advocate with the most clicks
and of a typical one over a year; advocate search for a rare word and a common one; the pipeline
report, the last month's report (JSON and PDF) and the ROI calculator from the program's year.
`--only text` measures the reads whose name holds `text`. Each request's
time is measured from the first byte sent to the last byte read, on a kept-alive connection.
Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kill9_test import HOST, Server, TestError, free_port, run_cli  # noqa: E402
from large_dataset import code_of  # noqa: E402


def first_rows(db: str, sql: str) -> list[tuple]:
    if db.startswith("postgres"):
        out = run_cli(["psql", "-At", "-F", "\t", db, "-c", sql])
        return [tuple(line.split("\t")) for line in out.splitlines() if line]
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        return c.execute(sql).fetchall()


def timed_get(conn: http.client.HTTPConnection, key: str, path: str) -> float:
    """A GET, or a POST of the JSON body after a space in `path` ("/api/v1/roi/estimate {...}")."""
    method, body = "GET", None
    if " " in path:
        method, (path, body) = "POST", path.split(" ", 1)
    started = time.perf_counter()
    headers = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    elapsed = time.perf_counter() - started
    if resp.status != 200:
        raise TestError(f"{method} {path} answered {resp.status}: {data[:300]!r}")
    return elapsed * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--binary", default="build/release/src/bluebird")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--only", default="", help="measure only the reads whose name holds this text")
    args = parser.parse_args()

    program = first_rows(args.db, "SELECT program_id FROM advocates GROUP BY program_id ORDER BY COUNT(*) DESC "
                                  "LIMIT 1")[0][0]
    # The generator's advocate 0 brings the most clicks (a power law over its advocates); advocate
    # 500,000 a typical few.
    busiest = first_rows(args.db, f"SELECT id FROM advocates WHERE code = '{code_of(0)}'")[0][0]
    typical = first_rows(args.db, f"SELECT id FROM advocates WHERE code = '{code_of(500_000)}'")
    typical_id = typical[0][0] if typical else busiest
    key = run_cli([args.binary, "apikey", "create", "--db", args.db, "--name", "analytics-bench", "--role", "admin"]) \
        .strip().splitlines()[-1]
    now = time.time()

    def day(offset_days: float) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - offset_days * 86400))

    p = urllib.parse.quote(program)
    # The last whole month (UTC).
    first_of_month = time.gmtime(now)
    last_month = (f"{first_of_month.tm_year - 1}-12" if first_of_month.tm_mon == 1
                  else f"{first_of_month.tm_year}-{first_of_month.tm_mon - 1:02d}")
    reads = [
        ("dashboard, 30 days, one program, cohort", f"/api/v1/analytics?program_id={p}&from={day(30)}&to={day(0)}"),
        ("dashboard, 30 days, every program, activity", f"/api/v1/analytics?basis=activity&from={day(30)}&to={day(0)}"),
        ("dashboard, 365 days, one program, cohort", f"/api/v1/analytics?program_id={p}&from={day(365)}&to={day(0)}"),
        ("dashboard, 365 days, one program, activity",
         f"/api/v1/analytics?basis=activity&program_id={p}&from={day(365)}&to={day(0)}"),
        ("dashboard, 365 days, every program, cohort", f"/api/v1/analytics?from={day(365)}&to={day(0)}"),
        ("program stats, all time", f"/api/v1/programs/{p}/stats"),
        ("activity, busiest advocate, 365 days", f"/api/v1/advocates/{busiest}/activity?from={day(365)}&to={day(0)}"),
        ("activity, typical advocate, 365 days",
         f"/api/v1/advocates/{typical_id}/activity?from={day(365)}&to={day(0)}"),
        ("advocate search, rare word", f"/api/v1/programs/{p}/advocates?q=advocate999999"),
        ("advocate search, common word", f"/api/v1/programs/{p}/advocates?q=hopper"),
        ("pipeline report, 365 days, one program", f"/api/v1/reports/pipeline?program_id={p}"),
        ("customers report, 12 months, one program", f"/api/v1/reports/customers?program_id={p}"),
        ("monthly report, last month, JSON", f"/api/v1/reports/monthly?program_id={p}&month={last_month}"),
        ("monthly report, last month, PDF", f"/api/v1/reports/monthly?program_id={p}&month={last_month}&format=pdf"),
        ("ROI estimate from the program's year",
         f'/api/v1/roi/estimate {{"program_id": "{p}", "customers": 100000}}'),
        ("leaderboard, all time, one program", f"/api/v1/leaderboards?program_id={p}"),
        ("leaderboard, last month, one program", f"/api/v1/leaderboards?program_id={p}&period=month&month={last_month}"),
        ("leaderboard, rolling 30 days, one program", f"/api/v1/leaderboards?program_id={p}&period=rolling_30d"),
        ("points of the busiest advocate", f"/api/v1/advocates/{busiest}/points"),
    ]
    if args.only:
        reads = [(name, path) for name, path in reads if args.only in name]

    with tempfile.TemporaryDirectory(prefix="bluebird-analytics-bench.") as workdir:
        server = Server(os.path.abspath(args.binary), args.db, workdir, free_port())
        server.start(600)
        try:
            conn = http.client.HTTPConnection(HOST, server.port, timeout=600)
            print(f"{'read':<48} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
            for name, path in reads:
                timed_get(conn, key, path)  # once to warm the page cache
                times = sorted(timed_get(conn, key, path) for _ in range(args.requests))
                p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
                print(f"{name:<48} {statistics.median(times):9.1f} {p95:9.1f} {times[-1]:9.1f}", flush=True)
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
