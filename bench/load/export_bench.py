#!/usr/bin/env python3
"""The streamed CSV exports (issue 15): memory that does not grow with the file, and the rate.

A program of --rows advocates (default 1,000,000) is imported with `bluebird import`; the server
then answers GET /api/v1/exports/advocates.csv twice: first for a filter that matches a seventh of
them (one in seven: the reference), then for all of them. For each: rows, seconds, rows/s, and the server's
peak resident memory (VmHWM) after it. Constant memory means the peak after the full export is
about the peak after the seventh, although the file is seven times as large.

With --clicks N (default 5,000,000), N clicks spread over a year (one in seven a bot) are then
written straight into the database file, as the tracked link writes them, and
GET /api/v1/exports/clicks.csv is read for one month (the reference), for the whole year, and for
the year's humans only (bots=exclude: the bot clicks are another index range, skipped, not
filtered row by row).

  python3 bench/load/export_bench.py --binary build/release/src/bluebird --rows 1000000 --clicks 5000000

Standard library only. SQLite, release build; only ratios within one run mean much (the machine
is shared and noisy).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from click_columns import hash_halves, ulid_halves  # noqa: E402
from import_bench import fresh_program, write_csv  # noqa: E402
from kill9_test import TestError  # noqa: E402
from postgres_vs_sqlite import start  # noqa: E402


def status_kib(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        for text in f:
            if text.startswith(field + ":"):
                return int(text.split()[1])
    raise TestError(f"no {field}")


class AnonymousPeak:
    """The server's largest anonymous resident memory (RssAnon: the heap and stacks, not the
    database file SQLite maps, which the kernel can drop at will) while it runs, sampled every 20 ms."""

    def __init__(self, pid: int):
        self.pid, self.peak, self.running = pid, 0, True
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    def sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, status_kib(self.pid, "RssAnon"))
            time.sleep(0.02)

    def stop(self) -> int:
        self.running = False
        self.thread.join()
        return self.peak


YEAR_START_MICROS = 1_735_689_600_000_000  # 2025-01-01T00:00:00Z


def write_clicks(db: str, program: str, count: int) -> None:
    """`count` clicks of the program's advocates, evenly over 2025, every seventh a bot. As the
    tracked link writes them: the program, advocate, user agent and referrer by key (click_names and
    click_advocates, a key given out when a value is first met), the visitor id and address hash as
    two 64-bit halves each (click_columns.py)."""
    connection = sqlite3.connect(db)
    advocates = connection.execute("SELECT id, code FROM advocates WHERE program_id = ?", (program,)).fetchall()
    step = 365 * 86_400_000_000 // count
    agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
    referrer = "https://mail.example.com/"

    def name_key(kind: str, value: str) -> int:
        connection.execute("INSERT INTO click_names (kind, value) VALUES (?, ?) ON CONFLICT (kind, value) DO NOTHING",
                           (kind, value))
        found = connection.execute("SELECT id FROM click_names WHERE kind = ? AND value = ?", (kind, value))
        return found.fetchone()[0]

    program_key, agent_key, referrer_key = (name_key("program", program), name_key("user_agent", agent),
                                            name_key("referrer", referrer))
    # The advocates' keys, in the order their first clicks meet them (the pick repeats every len(advocates) clicks).
    met = dict.fromkeys((i * 7919) % len(advocates) for i in range(min(count, len(advocates))))
    connection.executemany("INSERT INTO click_advocates (advocate_id, program_id, code) VALUES (?, ?, ?) "
                           "ON CONFLICT (advocate_id) DO NOTHING",
                           ((advocates[n][0], program, advocates[n][1]) for n in met))
    advocate_keys = dict(connection.execute(
        "SELECT advocate_id, id FROM click_advocates WHERE program_id = ?", (program,)))

    def rows():
        for i in range(count):
            advocate_id, _ = advocates[(i * 7919) % len(advocates)]
            visitor_high, visitor_low = ulid_halves(f"01jgmz{i:020d}")
            address_high, address_low = hash_halves(f"{i * 2654435761 % 2**32:032x}")
            yield (program_key, advocate_keys[advocate_id], YEAR_START_MICROS + i * step, "email", visitor_high,
                   visitor_low, address_high, address_low, agent_key, referrer_key, 1 if i % 7 == 0 else 0)

    connection.executemany("INSERT INTO clicks (program_ref, advocate_ref, occurred_at, channel, visitor_high, "
                           "visitor_low, address_high, address_low, user_agent_ref, referrer_ref, is_bot) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
    connection.commit()
    connection.close()


def export(port: int, key: str, query: str, what: str = "advocates") -> tuple[int, int, float]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/exports/{what}.csv?{query}",
                                     headers={"Authorization": f"Bearer {key}"})
    started = time.monotonic()
    rows = -1  # the header
    size = 0
    with urllib.request.urlopen(request, timeout=3600) as response:
        if response.headers.get("Transfer-Encoding") != "chunked":
            raise TestError("the export was not streamed")
        for part in iter(lambda: response.read(1 << 16), b""):
            rows += part.count(b"\n")  # a CRLF may straddle two reads
            size += len(part)
    return rows, size, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default="build/release/src/bluebird")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clicks", type=int, default=5_000_000)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    workdir = tempfile.mkdtemp(prefix="bb-export-bench-")
    try:
        path = os.path.join(workdir, "advocates.csv")
        write_csv(path, args.rows, rich=True)  # attributes.tier is i % 3; tags "vip,t<i % 7>"
        setup, program = fresh_program(binary, workdir)
        setup.stop()
        subprocess.run([binary, "import", "--db", setup.db, "--program", program, path], check=True,
                       capture_output=True)
        server = setup.servers[0]
        start(server, [])
        pid = server.proc.pid
        print(f"server after start: RssAnon {status_kib(pid, 'RssAnon') / 1024:.0f} MiB", flush=True)
        for label, query in (("one in seven (tag t3)", f"program_id={program}&tag=t3"),
                             ("every advocate", f"program_id={program}")):
            sampler = AnonymousPeak(pid)
            rows, size, seconds = export(server.port, setup.key, query)
            peak = sampler.stop()
            print(f"{label:<34} {rows:>9,} rows, {size / 2**20:7.1f} MiB in {seconds:6.2f} s = "
                  f"{rows / seconds:>9,.0f} rows/s; server RssAnon peak {peak / 1024:.0f} MiB", flush=True)
        setup.stop()
        if args.clicks > 0:
            started = time.monotonic()
            write_clicks(setup.db, program, args.clicks)
            print(f"{args.clicks:,} clicks written in {time.monotonic() - started:.1f} s", flush=True)
            start(server, [])
            pid = server.proc.pid
            for label, query in (("clicks, 2025-03 (one month)", f"program_id={program}&from=2025-03-01&to=2025-04-01"),
                                 ("clicks, 2025 (every one)", f"program_id={program}&from=2025-01-01&to=2026-01-01"),
                                 ("clicks, 2025, bots=exclude", f"program_id={program}&from=2025-01-01&to=2026-01-01"
                                                                "&bots=exclude")):
                sampler = AnonymousPeak(pid)
                rows, size, seconds = export(server.port, setup.key, query, "clicks")
                peak = sampler.stop()
                print(f"{label:<34} {rows:>9,} rows, {size / 2**20:7.1f} MiB in {seconds:6.2f} s = "
                      f"{rows / seconds:>9,.0f} rows/s; server RssAnon peak {peak / 1024:.0f} MiB", flush=True)
            setup.stop()
    except TestError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
