#!/usr/bin/env python3
"""Crash test for the webhook outbox: SIGKILL the server while it takes referrals and delivers
their `referral.created` webhooks, restart it on the same database, and check that

* nothing acknowledged is lost: every referral answered 201 has its referral.created delivered at
  least once (the outbox row is written in the referral's transaction, and an item a killed
  instance had claimed is delivered again once its lease lapses);
* every duplicate delivery of a referral carries the same webhook-id, so that receivers can
  deduplicate by it, and no webhook-id is used for two referrals;
* nothing is delivered for a referral that is not in the database (no event from a rolled-back
  transaction), every delivery is signed with the endpoint's secret (Standard Webhooks v1, checked
  here with hmac), and nothing ends as a dead letter.

The receiver is a ThreadingHTTPServer on 127.0.0.1 that records each delivery on arrival and
answers 200, a tenth of them after 300 ms (so that kills also land mid-delivery). The server runs
with webhooks.allow_private_targets=true, webhooks.timeout_ms=2000 and outbox.poll_ms=50; its
effective lease is then max(outbox.lease_seconds, 2 * timeout + 5 s) = 9 s, which bounds how long
a killed instance's items wait. The server's clock is real.

  python3 bench/load/kill9_webhooks_test.py --binary build/release/src/bluebird --rounds 3 --seconds 3

Standard library only (plus the helpers of kill9_test.py beside it). Exits non-zero on any failure;
the last line printed is `N passed, M failed` (one test per invariant).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import http.server
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kill9_test import HOST, Server, TestError, api, free_port, readyz, run_cli  # noqa: E402

TIMEOUT_MS = 2000
EMAIL_TIMEOUT_MS = 1000  # the lease also covers an email's attempt (twice its timeout)
LEASE_SECONDS = 1  # raised by the server to two of the longest attempts + 5 s
EFFECTIVE_LEASE_S = max(LEASE_SECONDS, 2 * max(TIMEOUT_MS, 2 * EMAIL_TIMEOUT_MS) / 1000 + 5)


class WebhookServer(Server):
    """kill9_test's Server, started with the outbox settings of the module docstring."""

    def start(self, ready_timeout: float) -> float:
        self.starts += 1
        self.log_path = os.path.join(self.workdir, f"server-{self.starts}.log")
        log = open(self.log_path, "wb")
        cmd = [
            self.binary, "serve", "--db", self.db, "--host", HOST, "--port", str(self.port),
            "--set", "log.access=false", "--set", "webhooks.allow_private_targets=true",
            "--set", f"webhooks.timeout_ms={TIMEOUT_MS}", "--set", "outbox.poll_ms=50",
            "--set", f"outbox.lease_seconds={LEASE_SECONDS}", "--set", "outbox.workers=16",
            "--set", f"email.timeout_ms={EMAIL_TIMEOUT_MS}",
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


def signature_ok(secret: str, headers, body: bytes) -> bool:
    """Standard Webhooks v1: base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")) among the
    space-separated `v1,<sig>` of webhook-signature; the key is the base64 after `whsec_`."""
    msg_id, timestamp, signatures = (headers.get(h) for h in ("webhook-id", "webhook-timestamp", "webhook-signature"))
    if not (secret.startswith("whsec_") and msg_id and timestamp and signatures):
        return False
    key = base64.b64decode(secret[len("whsec_"):])
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest())
    return any(hmac.compare_digest(s.encode()[3:], expected) for s in signatures.split(" ") if s.startswith("v1,"))


class Receiver:
    """A webhook receiver on 127.0.0.1: records each POST on arrival (before answering, so that a
    delivery counts even if the server dies before it reads the answer), then answers 200, 10% of
    the time after 300 ms."""

    def __init__(self, slow_fraction: float = 0.1, slow_seconds: float = 0.3):
        self.lock = threading.Lock()
        self.deliveries: list[dict] = []  # {"id", "type", "referral", "signed", "at"}
        self.malformed: list[str] = []
        self.secret = ""
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the server's deliverer uses it

            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    payload = json.loads(body)
                    record = {"id": self.headers.get("webhook-id", ""), "type": payload.get("type"),
                              "referral": payload.get("data", {}).get("id"),
                              "signed": signature_ok(receiver.secret, self.headers, body), "at": time.monotonic()}
                    with receiver.lock:
                        receiver.deliveries.append(record)
                except (ValueError, AttributeError) as e:
                    with receiver.lock:
                        receiver.malformed.append(f"{e}: {body[:200]!r}")
                if random.random() < slow_fraction:
                    time.sleep(slow_seconds)  # a slow receiver, not synchronisation
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        class QuietServer(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # the server killed mid-answer: a broken pipe here is expected

        self.httpd = QuietServer((HOST, 0), Handler)
        self.url = f"http://{HOST}:{self.httpd.server_address[1]}/hooks/bluebird"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def snapshot(self) -> list[dict]:
        with self.lock:
            return list(self.deliveries)


class SubmitLoad:
    """Client threads, each with one keep-alive connection, submitting referrals until stopped;
    records every referral id answered 201."""

    def __init__(self, port: int, key: str, advocates: list[str], threads: int, round_tag: str, most: int):
        self.port, self.key, self.advocates, self.round_tag = port, key, advocates, round_tag
        self.most_per_thread = max(1, most // threads)  # the same volume from a debug or a release build
        self.stop_event = threading.Event()
        self.acknowledged: list[list[str]] = [[] for _ in range(threads)]
        self.errors = [0] * threads
        self.unexpected: list[list[str]] = [[] for _ in range(threads)]
        self.threads = [threading.Thread(target=self._worker, args=(i,), daemon=True) for i in range(threads)]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def stop(self) -> None:
        self.stop_event.set()
        for t in self.threads:
            t.join(timeout=30)
        if any(t.is_alive() for t in self.threads):
            raise TestError("load threads did not stop")

    def _worker(self, index: int) -> None:
        rng = random.Random(index)
        conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        n = 0
        while not self.stop_event.is_set() and len(self.acknowledged[index]) < self.most_per_thread:
            n += 1
            try:
                conn.request("POST", "/api/v1/referrals", body=json.dumps({
                    "advocate_id": rng.choice(self.advocates),
                    "referee": {"email": f"r{self.round_tag}-{index}-{n}@prospects.example", "first_name": "Pat"}}),
                    headers={"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"})
                resp = conn.getresponse()
                data = resp.read()
                if resp.status == 201:
                    self.acknowledged[index].append(json.loads(data)["id"])
                else:
                    self.unexpected[index].append(f"{resp.status} {data[:200]!r}")
            except (OSError, http.client.HTTPException, json.JSONDecodeError):
                # Killed server, reset connection, timeout: no answer, so no promise was made.
                self.errors[index] += 1
                conn.close()
                if self.stop_event.wait(0.005):  # back-off before reconnecting, not synchronisation
                    break
                conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        conn.close()


def get_json(port: int, key: str, path: str) -> dict:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers={"Authorization": f"Bearer {key}", "Accept": "application/json"})
        resp = conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise TestError(f"GET {path} answered {resp.status}: {data[:500]!r}")
        return json.loads(data)
    finally:
        conn.close()


def warm_up(port: int, key: str, advocate: str, tag: str) -> str:
    """Submits one referral and returns its id (acknowledged like any other). The first referral
    after a start takes a one-off second or two in the debug build; without this, a kill within
    --seconds would often land before the load has begun."""
    referee = {"email": f"warm-{tag}@prospects.example", "first_name": "Pat"}
    return api(port, key, "POST", "/api/v1/referrals", {"advocate_id": advocate, "referee": referee})["id"]


def referrals_in_db(db: str, ids: list[str]) -> set[str]:
    found: set[str] = set()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as c:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            found.update(r for (r,) in c.execute(f"SELECT id FROM referrals WHERE id IN ({','.join('?' * len(chunk))})",
                                                 chunk))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default="build/release/src/bluebird", help="bluebird executable")
    ap.add_argument("--rounds", type=int, default=3, help="number of kill -9 rounds")
    ap.add_argument("--seconds", type=float, default=3.0, help="kill after a random delay within this many seconds")
    ap.add_argument("--threads", type=int, default=4, help="client threads submitting referrals")
    ap.add_argument("--most", type=int, default=1500,
                    help="referrals acknowledged per round at most (the receiver, in Python, is the slow part)")
    ap.add_argument("--drain-timeout", type=float, default=60.0,
                    help=f"seconds (plus the {EFFECTIVE_LEASE_S:g} s lease) to wait for every delivery after the "
                    "last restart")
    ap.add_argument("--seed", type=int, default=None, help="seed for the kill delays (default: random)")
    ap.add_argument("--ready-timeout", type=float, default=30.0, help="seconds to wait for /readyz")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (database, server logs)")
    args = ap.parse_args()
    if args.rounds < 1 or args.seconds <= 0 or args.threads < 1 or args.drain_timeout <= 0:
        ap.error("--rounds, --seconds, --threads and --drain-timeout must be positive")
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print(f"error: {binary} is not executable", file=sys.stderr)
        print("0 passed, 1 failed")
        return 2
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    delays = random.Random(seed)

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    workdir = tempfile.mkdtemp(prefix="bluebird-kill9-webhooks-")
    db = os.path.join(workdir, "bluebird.db")
    server = WebhookServer(binary, db, workdir, free_port())
    receiver = Receiver()
    checks: list[tuple[str, list[str]]] = []  # (invariant, problems)
    began = time.monotonic()
    try:
        print(f"kill -9 webhook test: {args.rounds} rounds, kill within {args.seconds:g} s, {args.threads} client "
              f"threads, lease {EFFECTIVE_LEASE_S:g} s, seed {seed}, temp dir {workdir}", flush=True)
        receiver.start()
        run_cli([binary, "migrate", "--db", db])
        key = run_cli([binary, "apikey", "create", "--db", db, "--name", "kill9", "--role", "admin"])
        key = key.strip().splitlines()[-1]
        server.start(args.ready_timeout)
        program = api(server.port, key, "POST", "/api/v1/programs", {
            "name": "Kill9 Webhooks", "kind": "customer", "landing_url": "https://www.example.com/",
            "referral_policy": {"velocity_limit": 1000000, "ip_velocity_limit": 1000000}})["id"]
        advocates = [api(server.port, key, "POST", f"/api/v1/programs/{program}/advocates",
                         {"email": f"advocate{i}@example.com", "first_name": f"A{i}"})["id"] for i in range(8)]
        endpoint = api(server.port, key, "POST", "/api/v1/webhook-endpoints",
                       {"url": receiver.url, "events": ["referral.created"], "description": "kill9"})
        receiver.secret = endpoint["secret"]

        acknowledged: list[str] = [warm_up(server.port, key, advocates[0], "0")]
        round_problems: list[str] = []
        for rnd in range(1, args.rounds + 1):
            load = SubmitLoad(server.port, key, advocates, args.threads, f"{rnd}", args.most)
            started = time.monotonic()
            load.start()
            time.sleep(delays.uniform(min(0.5, args.seconds / 4), args.seconds))  # the random kill point
            early = server.kill9()
            load_s = time.monotonic() - started
            load.stop_event.set()
            server.wait()
            load.stop()
            acked = [r for part in load.acknowledged for r in part]
            acknowledged.extend(acked)
            unexpected = [u for part in load.unexpected for u in part]
            if early is not None:
                round_problems.append(f"round {rnd}: the server exited on its own ({early}) before the kill\n"
                                      f"{server.log_tail()}")
            if unexpected:
                round_problems.append(f"round {rnd}: {len(unexpected)} answers other than 201, e.g. {unexpected[:3]}")
            if not acked:
                round_problems.append(f"round {rnd}: nothing was acknowledged before the kill (nothing was tested)")
            ready_s = server.start(args.ready_timeout)
            acknowledged.append(warm_up(server.port, key, advocates[0], f"{rnd}"))
            print(f"round {rnd}/{args.rounds}: killed after {load_s:.2f} s; {len(acked)} referrals acknowledged; "
                  f"{len(receiver.snapshot())} deliveries received so far; restarted in {ready_s * 1000:.0f} ms",
                  flush=True)
        checks.append(("every round ran as planned", round_problems))

        # Drain until nothing is pending: then every item was delivered (or given up), the late
        # redeliveries of items a killed instance had claimed included. Notes when the last
        # acknowledged referral's event arrived.
        drain_started = time.monotonic()
        deadline = drain_started + args.drain_timeout + EFFECTIVE_LEASE_S
        wanted = set(acknowledged)
        all_received_s = pending_empty_s = None
        while time.monotonic() < deadline:
            if all_received_s is None and wanted <= {d["referral"] for d in receiver.snapshot()}:
                all_received_s = time.monotonic() - drain_started
            pending = get_json(server.port, key, f"/api/v1/webhook-endpoints/{endpoint['id']}/deliveries"
                                                  "?state=pending&limit=1")
            if not pending["data"]:
                pending_empty_s = time.monotonic() - drain_started
                if all_received_s is None and wanted <= {d["referral"] for d in receiver.snapshot()}:
                    all_received_s = pending_empty_s
                break
            time.sleep(0.1)  # poll interval, not synchronisation

        deliveries = receiver.snapshot()
        by_referral: dict[str, set[str]] = {}
        by_id: dict[str, set[str]] = {}
        for d in deliveries:
            by_referral.setdefault(d["referral"], set()).add(d["id"])
            by_id.setdefault(d["id"], set()).add(d["referral"])
        received = set(by_referral)
        lost = sorted(wanted - received)
        checks.append(("every acknowledged referral's referral.created was delivered",
                       [f"{len(lost)} of {len(wanted)} never arrived "
                        f"({'yet nothing is pending' if pending_empty_s is not None else 'by the deadline'}), "
                        f"e.g. {lost[:3]}"] if lost else []))
        checks.append(("the outbox drained (no pending item left)",
                       [] if pending_empty_s is not None else ["items were still pending at the deadline"]))
        two_ids = {r: ids for r, ids in by_referral.items() if len(ids) > 1}
        checks.append(("every delivery of a referral carries the same webhook-id",
                       [f"{len(two_ids)} referrals came with several ids, e.g. {list(two_ids.items())[:2]}"]
                       if two_ids else []))
        shared = {i: refs for i, refs in by_id.items() if len(refs) > 1}
        checks.append(("no webhook-id is used for two referrals",
                       [f"{len(shared)} ids, e.g. {list(shared.items())[:2]}"] if shared else []))
        phantom = sorted(received - referrals_in_db(db, sorted(received)))
        checks.append(("every delivered referral exists in the database",
                       [f"{len(phantom)} referrals were announced but are not stored, e.g. {phantom[:3]}"]
                       if phantom else []))
        unsigned = [d for d in deliveries if not d["signed"]]
        wrong_type = [d for d in deliveries if d["type"] != "referral.created"]
        checks.append(("every delivery is a referral.created signed with the endpoint's secret",
                       ([f"{len(unsigned)} deliveries do not verify, e.g. {unsigned[:2]}"] if unsigned else []) +
                       ([f"{len(wrong_type)} of another type, e.g. {wrong_type[:2]}"] if wrong_type else []) +
                       ([f"{len(receiver.malformed)} bodies are not JSON, e.g. {receiver.malformed[:2]}"]
                        if receiver.malformed else [])))
        dead = get_json(server.port, key, f"/api/v1/webhook-endpoints/{endpoint['id']}/deliveries?state=dead&limit=5")
        checks.append(("no delivery ended as a dead letter",
                       [f"dead letters, e.g. {[(d['id'], d['last_error']) for d in dead['data']]}"]
                       if dead["data"] else []))

        unacknowledged = len(received - wanted)
        # How long after its first delivery a message came again: about a lease for an item a
        # killed instance had claimed (a figure, not a check).
        first_at: dict[str, float] = {}
        gaps = []
        for d in sorted(deliveries, key=lambda d: d["at"]):
            if d["id"] in first_at:
                gaps.append(d["at"] - first_at[d["id"]])
            else:
                first_at[d["id"]] = d["at"]
        gap_text = f" {min(gaps):.1f} to {max(gaps):.1f} s after the first" if gaps else ""
        print(f"referrals acknowledged: {len(wanted)}; deliveries received: {len(deliveries)} for {len(received)} "
              f"referrals ({unacknowledged} of them unacknowledged, in flight at a kill); duplicates: "
              f"{len(deliveries) - len(by_id)} (same webhook-id again{gap_text}); time to drain: "
              f"{'%.1f s' % all_received_s if all_received_s is not None else 'never'} until every acknowledged "
              f"referral arrived, {'%.1f s' % pending_empty_s if pending_empty_s is not None else 'never'} until "
              f"nothing was pending; whole run {time.monotonic() - began:.1f} s", flush=True)
    except TestError as e:
        checks.append(("the test ran", [str(e)]))
    except (KeyboardInterrupt, SystemExit):
        checks.append(("the test ran", ["interrupted"]))
    finally:
        try:
            server.stop()
        finally:
            server.force_kill()
            receiver.stop()
            if args.keep:
                print(f"kept {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
    passed = failed = 0
    for name, problems in checks:
        if problems:
            failed += 1
            print(f"FAIL: {name}", flush=True)
            for p in problems:
                print(f"  {p}", flush=True)
        else:
            passed += 1
            print(f"ok: {name}", flush=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
