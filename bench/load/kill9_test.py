#!/usr/bin/env python3
"""Crash test: SIGKILL the server under click load and check that no answered click was lost.

Every tracked-link request carries a unique, freshly generated visitor id (cookie bb_vid). A click
that was answered 302 has been promised to be durable, so after `kill -9` and a restart on the same
database every visitor id that got a 302 must be in the `clicks` table. Requests that got no answer
(in flight at the kill) may or may not be there. After each restart, `bluebird analytics verify`
must find the click summaries (kept in the clicks' own transactions) equal to the clicks.

Only the public contract is used: the `migrate`, `apikey create`, `serve` and `analytics verify`
commands, the REST API, GET /r/{code}, /readyz and the `clicks` table (the visitor id as its two
64-bit halves, columns visitor_high and visitor_low: click_columns.py beside this file).

Visitor ids: the server keeps a bb_vid cookie only if it is well formed, else it issues a new one
(and the click is stored with that one). Two formats are known: 22 characters of base64url (128
random bits) and a 26-character lower-case Crockford base32 ULID; the `clicks` table can hold only
ULIDs, so a base64url id sent is never found there. With --visitor-format auto (the default) the
test asks the server for a visitor id (one click without cookie), uses the format of the one it
issues, and then checks that a freshly generated id in that format is kept and recorded before any
kill round (a format the server does not keep ends the test there: the clicks could not be
recognised by the ids sent).

  python3 bench/load/kill9_test.py --binary build/release/src/bluebird --seconds 4 --kills 3

Standard library only. Exits non-zero if any click was lost or anything else went wrong; the last
line printed is `N passed, M failed` (one test per kill round).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from click_columns import is_ulid, ulid_halves

HOST = "127.0.0.1"
USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1",
]


class TestError(Exception):
    """A failure that ends the whole test (setup, server start, ...)."""


CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
VISITOR_FORMATS = {
    "base64url": re.compile(r"[A-Za-z0-9_-]{22}"),
    "ulid": re.compile(r"[0-7][0-9a-hjkmnp-tv-z]{25}"),
}


def new_visitor_id_base64url() -> str:
    # 16 random bytes -> exactly 22 base64url characters without padding.
    return base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode("ascii")


def new_visitor_id_ulid() -> str:
    # 48-bit millisecond time + 80 random bits, as 26 lower-case Crockford base32 digits.
    value = ((int(time.time() * 1000) & ((1 << 48) - 1)) << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(CROCKFORD[(value >> (5 * (25 - i))) & 31] for i in range(26))


VISITOR_GENERATORS = {"base64url": new_visitor_id_base64url, "ulid": new_visitor_id_ulid}


def issued_visitor_id(resp: http.client.HTTPResponse) -> str | None:
    for header in resp.msg.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        if name.strip() == "bb_vid":
            return rest.split(";", 1)[0].strip()
    return None


def click_once(port: int, code: str, visitor_id: str | None) -> tuple[int, str | None]:
    """One tracked-link click; returns (status, bb_vid the server set or None)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        headers = {"User-Agent": USER_AGENTS[0], "Accept": "text/html"}
        if visitor_id is not None:
            headers["Cookie"] = f"bb_vid={visitor_id}"
        conn.request("GET", f"/r/{code}?c=email", headers=headers)
        resp = conn.getresponse()
        resp.read()
        return resp.status, issued_visitor_id(resp)
    finally:
        conn.close()


def choose_visitor_format(port: int, code: str, db: str, wanted: str) -> str:
    """Picks the visitor id format (auto: the one the server issues) and checks the server keeps it."""
    status, issued = click_once(port, code, None)
    if status != 302:
        raise TestError(f"GET /r/{code} without cookie answered {status}, expected 302")
    detected = next((name for name, rx in VISITOR_FORMATS.items() if issued and rx.fullmatch(issued)), None)
    fmt = wanted
    if wanted == "auto":
        if detected is None:
            raise TestError(f"cannot tell the visitor id format from the cookie the server issued: bb_vid={issued!r}")
        fmt = detected
    vid = VISITOR_GENERATORS[fmt]()
    status, reissued = click_once(port, code, vid)
    if status != 302:
        raise TestError(f"GET /r/{code} with bb_vid={vid} answered {status}, expected 302")
    recorded = vid in visitors_in_db(db, [vid])
    if reissued is not None or not recorded:
        raise TestError(
            f"the server does not keep a well-formed {fmt} visitor id: sent bb_vid={vid}, it set "
            f"bb_vid={reissued!r} and {'recorded it' if recorded else 'did not record it'} "
            f"(it issues ids like {issued!r}, format {detected or 'unknown'})")
    return fmt


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def run_cli(args: list[str], timeout: float = 60) -> str:
    res = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    if res.returncode != 0:
        raise TestError(f"{' '.join(args)} failed ({res.returncode}):\n{res.stdout}{res.stderr}")
    return res.stdout


class Server:
    """One `bluebird serve` process, always on the same database."""

    def __init__(self, binary: str, db: str, workdir: str, port: int):
        self.binary = binary
        self.db = db
        self.workdir = workdir
        self.port = port
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.log_path = ""

    def start(self, ready_timeout: float) -> float:
        """Starts the server and polls /readyz until 200; returns seconds from exec to ready."""
        self.starts += 1
        self.log_path = os.path.join(self.workdir, f"server-{self.starts}.log")
        log = open(self.log_path, "wb")
        cmd = [
            self.binary, "serve", "--db", self.db, "--host", HOST, "--port", str(self.port),
            "--set", "security.clicks_per_minute=0", "--set", "log.access=false",
        ]
        started = time.monotonic()
        try:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        finally:
            log.close()
        deadline = started + ready_timeout
        while True:
            if self.proc.poll() is not None:
                raise TestError(f"server exited with {self.proc.returncode} before it was ready\n{self.log_tail()}")
            if readyz(self.port):
                return time.monotonic() - started
            if time.monotonic() > deadline:
                raise TestError(f"server not ready within {ready_timeout:.0f} s\n{self.log_tail()}")
            time.sleep(0.01)  # poll interval, not synchronisation

    def kill9(self) -> int | None:
        """Sends SIGKILL (no wait); returns the exit code if the server had already exited, else None."""
        assert self.proc is not None
        early = self.proc.poll()
        if early is None:
            self.proc.send_signal(signal.SIGKILL)
        return early

    def wait(self) -> None:
        assert self.proc is not None
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        """Graceful stop (SIGTERM), SIGKILL if it does not exit in time. Safe to call repeatedly."""
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def force_kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass

    def log_tail(self, lines: int = 30) -> str:
        try:
            with open(self.log_path, "r", errors="replace") as f:
                return "--- server log (tail) ---\n" + "".join(f.readlines()[-lines:])
        except OSError:
            return "(no server log)"


def readyz(port: int) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=1)
    try:
        conn.request("GET", "/readyz")
        resp = conn.getresponse()
        resp.read()
        return resp.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def api(port: int, key: str, method: str, path: str, body: dict) -> dict:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(method, path, body=json.dumps(body), headers={
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        })
        resp = conn.getresponse()
        data = resp.read()
        if resp.status != 201:
            raise TestError(f"{method} {path} answered {resp.status}: {data[:500]!r}")
        return json.loads(data)
    finally:
        conn.close()


class ClickLoad:
    """N threads, each with a keep-alive connection, clicking tracked links until stopped."""

    def __init__(self, port: int, codes: list[str], threads: int, new_visitor_id):
        self.port = port
        self.codes = codes
        self.new_visitor_id = new_visitor_id
        self.stop_event = threading.Event()
        self.threads = [threading.Thread(target=self._worker, args=(i,), daemon=True) for i in range(threads)]
        # Per-thread results, merged after join (no shared mutable state while running).
        self.answered: list[list[str]] = [[] for _ in range(threads)]  # visitor ids answered 302
        self.attempted: list[list[str]] = [[] for _ in range(threads)]  # every visitor id sent
        self.other_status: list[dict[int, int]] = [{} for _ in range(threads)]
        self.errors: list[int] = [0] * threads

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def stop(self) -> None:
        self.stop_event.set()
        for t in self.threads:
            t.join(timeout=60)
        if any(t.is_alive() for t in self.threads):
            raise TestError("click load threads did not stop")

    def _worker(self, index: int) -> None:
        rnd = random.Random(os.urandom(8))
        answered = self.answered[index]
        attempted = self.attempted[index]
        other = self.other_status[index]
        conn: http.client.HTTPConnection | None = None
        while not self.stop_event.is_set():
            if conn is None:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
            vid = self.new_visitor_id()
            code = rnd.choice(self.codes)
            try:
                attempted.append(vid)
                conn.request("GET", f"/r/{code}?c=email", headers={
                    "User-Agent": rnd.choice(USER_AGENTS),
                    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                    "Accept-Language": "en-US,en;q=0.9",
                    "Cookie": f"bb_vid={vid}",
                })
                resp = conn.getresponse()
                resp.read()
                if resp.status == 302:
                    answered.append(vid)
                else:
                    other[resp.status] = other.get(resp.status, 0) + 1
                if resp.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                # Killed server, reset connection, timeout: no answer, so no promise was made.
                self.errors[index] += 1
                conn.close()
                conn = None
        if conn is not None:
            conn.close()


def count_clicks(db: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("SELECT count(*) FROM clicks").fetchone()[0]
    finally:
        conn.close()


def visitors_in_db(db: str, visitor_ids: list[str]) -> set[str]:
    """Which of the given visitor ids have at least one row in `clicks` (read-only connection). The
    table holds a visitor id as two 64-bit halves, so only ULIDs can be there: any other id is not
    looked for (the server stores such a click under the id it issues instead)."""
    wanted = {vid: ulid_halves(vid) for vid in visitor_ids if is_ulid(vid)}
    by_halves = {halves: vid for vid, halves in wanted.items()}
    lows = sorted({low for _, low in wanted.values()})
    found: set[str] = set()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        batch = 500
        for i in range(0, len(lows), batch):
            chunk = lows[i:i + batch]
            marks = ",".join("?" * len(chunk))
            # The index (clicks_visitor) holds the less significant half; the row has the other.
            for halves in conn.execute(f"SELECT visitor_high, visitor_low FROM clicks WHERE visitor_low IN ({marks})",
                                       chunk):
                vid = by_halves.get(halves)
                if vid is not None:
                    found.add(vid)
    finally:
        conn.close()
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default="build/release/src/bluebird", help="bluebird executable")
    ap.add_argument("--seconds", type=float, default=4.0, help="kill after a random delay within this many seconds")
    ap.add_argument("--kills", type=int, default=3, help="number of kill -9 rounds")
    ap.add_argument("--threads", type=int, default=32, help="client threads (one keep-alive connection each)")
    ap.add_argument("--advocates", type=int, default=4, help="advocates (referral codes) to click")
    ap.add_argument("--visitor-format", choices=["auto", *VISITOR_FORMATS], default="auto",
                    help="bb_vid format to send (auto: the format of the ids the server issues)")
    ap.add_argument("--seed", type=int, default=None, help="seed for the kill delays (default: random)")
    ap.add_argument("--ready-timeout", type=float, default=30.0, help="seconds to wait for /readyz")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (database, server logs)")
    args = ap.parse_args()
    if args.kills < 1 or args.seconds <= 0 or args.threads < 1 or args.advocates < 1:
        ap.error("--kills, --seconds, --threads and --advocates must be positive")

    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print(f"error: {binary} is not executable", file=sys.stderr)
        print("0 passed, 1 failed")
        return 2

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    delays = random.Random(seed)

    # Make SIGTERM/SIGHUP (e.g. a CI timeout) run the cleanup below instead of leaving a server behind.
    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    workdir = tempfile.mkdtemp(prefix="bluebird-kill9-")
    db = os.path.join(workdir, "bluebird.db")
    server = Server(binary, db, workdir, free_port())
    passed = failed = 0
    total_answered = total_lost = 0
    fatal = False
    try:
        print(f"kill -9 test: {args.kills} rounds, kill within {args.seconds:g} s, {args.threads} client threads, "
              f"seed {seed}, temp dir {workdir}", flush=True)
        run_cli([binary, "migrate", "--db", db])
        out = run_cli([binary, "apikey", "create", "--db", db, "--name", "kill9-test", "--role", "admin"])
        key = out.strip().splitlines()[-1].strip()

        ready_s = server.start(args.ready_timeout)
        print(f"server ready in {ready_s * 1000:.0f} ms on port {server.port}", flush=True)
        program = api(server.port, key, "POST", "/api/v1/programs", {
            "name": "Kill9 Test", "kind": "customer", "landing_url": "https://www.example.com/landing"})
        codes = []
        for i in range(args.advocates):
            adv = api(server.port, key, "POST", f"/api/v1/programs/{program['id']}/advocates", {
                "email": f"advocate{i}@example.com", "first_name": f"Advocate{i}"})
            codes.append(adv["code"])
        fmt = choose_visitor_format(server.port, codes[0], db, args.visitor_format)
        print(f"visitor ids: {fmt} (a fresh id sent in bb_vid is kept and recorded)", flush=True)
        new_visitor_id = VISITOR_GENERATORS[fmt]

        for rnd in range(1, args.kills + 1):
            delay = delays.uniform(min(0.5, args.seconds / 4), args.seconds)
            rows_before = count_clicks(db)
            load = ClickLoad(server.port, codes, args.threads, new_visitor_id)
            started = time.monotonic()
            load.start()
            time.sleep(delay)  # load duration: the random kill point is what the test explores
            early_exit = server.kill9()
            load_s = time.monotonic() - started
            load.stop_event.set()  # the server is gone: nothing more can be answered
            server.wait()
            load.stop()

            answered = [v for lst in load.answered for v in lst]
            attempted = [v for lst in load.attempted for v in lst]
            other = {}
            for d in load.other_status:
                for k, v in d.items():
                    other[k] = other.get(k, 0) + v
            errors = sum(load.errors)

            problems = []
            if early_exit is not None:
                problems.append(f"server exited on its own ({early_exit}) before the kill\n{server.log_tail()}")
            try:
                ready_s = server.start(args.ready_timeout)
                restart = f"restarted, ready in {ready_s * 1000:.0f} ms"
            except TestError as e:
                problems.append(f"server did not come back: {e}")
                restart = "restart FAILED"

            present = visitors_in_db(db, attempted)
            rows_added = count_clicks(db) - rows_before
            lost = [v for v in answered if v not in present]
            unanswered_in_db = len(present) - (len(answered) - len(lost))
            if lost:
                problems.append(f"{len(lost)} clicks answered 302 are missing, e.g. {', '.join(lost[:5])}")
                if rows_added >= len(answered):
                    problems.append(f"the clicks table did gain {rows_added} rows: are the bb_vid values sent "
                                    "recorded as they were sent?")
            if not answered:
                problems.append("no click was answered 302 before the kill (nothing was tested)")
            # The click summaries the dashboards read are written with the clicks: none may be
            # missing or counted twice after the kill.
            summaries = subprocess.run([binary, "analytics", "verify", "--db", db], capture_output=True, text=True,
                                       timeout=120)
            if summaries.returncode != 0:
                problems.append(f"analytics verify found differences after the kill:\n{summaries.stdout}"
                                f"{summaries.stderr}")
            total_answered += len(answered)
            total_lost += len(lost)

            extra = f", other answers {other}" if other else ""
            print(f"round {rnd}/{args.kills}: killed after {load_s:.2f} s; clicks answered 302: {len(answered)}, "
                  f"clicks in DB: {len(present)} (incl. {unanswered_in_db} of {len(attempted) - len(answered)} "
                  f"unanswered; {rows_added} rows added), lost: {len(lost)}; requests without answer {errors}{extra}; "
                  f"{restart}; analytics verify {'clean' if summaries.returncode == 0 else 'FAILED'}", flush=True)
            if problems:
                failed += 1
                for p in problems:
                    print(f"  FAIL: {p}", flush=True)
                if server.proc is None or server.proc.poll() is not None:
                    fatal = True  # no server to run further rounds against
                    failed += args.kills - rnd
                    break
            else:
                passed += 1

        if not fatal:
            rows = count_clicks(db)
            print(f"total: {total_answered} clicks answered 302, {total_lost} lost, {rows} rows in clicks", flush=True)
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
