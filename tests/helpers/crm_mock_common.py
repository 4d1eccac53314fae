#!/usr/bin/python3
"""What the two mock CRM servers (salesforce_mock.py, hubspot_mock.py) share: the HTTP server on
127.0.0.1, the "PORT <n>" line, the request log, the violation list, the fault queue, the clock and
the control API. Python 3.11 standard library only.

A mock is a MockApp subclass run by serve(app, port): it binds 127.0.0.1:port (0: a free port),
prints "PORT <n>" as the first line on stdout once it accepts connections, then runs until SIGTERM
or SIGINT. Every request outside /__mock/ is answered by the app and logged; a request that breaks
the provider's documented contract gets the provider's error AND a violation in the list.

Control API (no auth, JSON in and out; a control request is never logged and never faulted):

    GET  /__mock/requests     every logged request, oldest first: {index, method, path (raw, without
                              the query), query (raw), params {name: [values]}, headers {lower-cased
                              name: value}, body (text), json (parsed, or null), time (the mock clock,
                              ISO 8601), real_time (epoch seconds), fault (kind or null),
                              response_status, plus the provider's tags (api_version / family)}
    GET  /__mock/violations   [{request_index, message}]
    POST /__mock/reset        back to the state at start: log, violations, faults, records, schema,
                              config and clock (command-line options are kept)
    POST /__mock/faults       a fault or a list of faults, queued in order (see below)
    GET  /__mock/faults       the faults not yet used up
    POST /__mock/clock        {"now": "2026-12-02T10:00:00Z"} fixes the clock; {"now": null} returns
                              to real time; {"advance_seconds": n} moves a fixed clock on
    GET  /__mock/clock        {"now", "fixed"}
    POST /__mock/config       provider settings (each mock's docstring lists them); unknown keys: 400
    GET  /__mock/config
    POST /__mock/records      create or change a record as a CRM user would (provider-specific)
    GET  /__mock/records?object=NAME
    POST /__mock/schema       change fields/properties, picklists, pipelines (provider-specific)

A control request the mock cannot carry out answers 400 {"error": "..."}.

Faults: {"match": {"method"?: "PATCH", "path_regex"?: "re.search on the raw path"}, "times": 1,
"respond": KIND, ...parameters}. The first queued fault that matches a request answers it instead
of the mock (and is used up after "times" requests). Kinds every mock has:
    server_error  500 (or "status") with the provider's error body
    html          200 (or "status", e.g. 502) with a text/html page, as a proxy would send
    garbage       200 (or "status") with Content-Type application/json and a body that is not JSON
    timeout       reads the request, holds it "seconds" (default 30) and closes without answering
Kinds for batch endpoints ("partial_batch") are taken by the batch endpoint itself, which still
processes the rest of the request; see each mock.
"""

import copy
import datetime
import http.server
import json
import re
import signal
import threading
import time
import urllib.parse
import uuid

UTC = datetime.timezone.utc

COMMON_FAULT_PARAMS = {
    "server_error": {"status"},
    "html": {"status"},
    "garbage": {"status"},
    "timeout": {"seconds"},
}
FAULT_KEYS = {"match", "times", "respond"}
MATCH_KEYS = {"method", "path_regex"}


class Reply:
    """One HTTP answer. hold_seconds set: hold the connection that long and close it unanswered."""

    def __init__(self, status, body=b"", content_type=None, headers=None):
        self.status = status
        self.body = body if isinstance(body, bytes) else body.encode("utf-8")
        self.headers = list(headers or [])
        if content_type:
            self.headers.append(("Content-Type", content_type))
        self.hold_seconds = None

    @classmethod
    def json(cls, status, value, headers=None):
        return cls(status, json.dumps(value), "application/json;charset=UTF-8", headers)

    @classmethod
    def hold(cls, seconds):
        reply = cls(0)
        reply.hold_seconds = seconds
        return reply

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


class Refusal(Exception):
    """Raised by an endpoint: answer with reply; when violation is set, also record it."""

    def __init__(self, reply, violation=None):
        super().__init__(violation or "refused")
        self.reply = reply
        self.violation = violation


class ControlError(Exception):
    """A control request the mock cannot carry out (400 {"error": message} to the test)."""


class Request:
    """A logged API request. self.log is the entry served by GET /__mock/requests."""

    def __init__(self, index, method, raw_path, headers, body, now):
        split = urllib.parse.urlsplit(raw_path)
        self.index = index
        self.method = method
        self.path = split.path
        self.query = split.query
        self.params = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        self.headers = headers
        self.body_bytes = body
        self.text = body.decode("utf-8", errors="replace")
        self.json = None
        self.json_error = None
        if self.text.strip():
            try:
                self.json = json.loads(self.text)
            except ValueError as error:
                self.json_error = str(error)
        self.log = {
            "index": index, "method": method, "path": self.path, "query": self.query,
            "params": self.params, "headers": headers, "body": self.text, "json": self.json,
            "time": iso_z(now), "real_time": time.time(), "fault": None, "response_status": None,
        }

    def header(self, name):
        return self.headers.get(name.lower())

    def param(self, name):
        values = self.params.get(name)
        return values[0] if values else None

    def content_type_is(self, media_type):
        value = (self.header("content-type") or "").split(";")[0].strip().lower()
        return value == media_type


class Clock:
    """Real UTC time unless fixed through POST /__mock/clock."""

    def __init__(self):
        self.fixed = None

    def now(self):
        return self.fixed if self.fixed is not None else datetime.datetime.now(UTC)

    def set(self, value):
        self.fixed = None if value is None else parse_datetime(value)

    def advance(self, seconds):
        if self.fixed is None:
            raise ControlError("advance_seconds needs a fixed clock (set 'now' first)")
        self.fixed += datetime.timedelta(seconds=seconds)


DATETIME_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$")


def parse_datetime(text):
    """An aware datetime from ISO 8601 text (Z, +0000 or +00:00; a bare date is midnight UTC)."""
    match = DATETIME_RE.match(str(text).strip())
    if not match:
        raise ValueError(f"not an ISO 8601 date-time: {text!r}")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0").ljust(6, "0"))
    value = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                              int(second or 0), micro, tzinfo=UTC)
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        value -= sign * offset
    return value


def iso_z(moment):
    """2026-12-02T10:00:00.000Z"""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def epoch_ms(moment):
    return int(moment.timestamp() * 1000)


def correlation_id():
    return str(uuid.uuid4())


class MockApp:
    """Base of a mock: request log, violations, faults, clock, config and control API.

    A subclass sets FAULT_PARAMS (its own kinds and their parameters), CONFIG_DEFAULTS, and
    implements reset_state(), api(request), fault_reply(fault, request), server_error_body();
    optionally before(request), decorate(request, reply), config_action(key, value),
    put_record(body), get_records(name), change_schema(body)."""

    FAULT_PARAMS = {}
    BATCH_FAULT_KINDS = {"partial_batch"}
    CONFIG_DEFAULTS = {}

    def __init__(self):
        self.lock = threading.RLock()
        self.base_url = None
        self.reset()

    # --- state ---------------------------------------------------------------------------------

    def reset(self):
        self.requests = []
        self.violations = []
        self.faults = []
        self.clock = Clock()
        self.config = copy.deepcopy(self.CONFIG_DEFAULTS)
        self.reset_state()

    def reset_state(self):
        raise NotImplementedError

    def now(self):
        return self.clock.now()

    def violate(self, request, message):
        self.violations.append({"request_index": request.index, "message": message})

    # --- request handling ----------------------------------------------------------------------

    def handle(self, method, raw_path, headers, body):
        """The Reply to one HTTP request (called from the server's threads)."""
        with self.lock:
            if urllib.parse.urlsplit(raw_path).path.startswith("/__mock/"):
                return self.control(method, raw_path, body)
            request = Request(len(self.requests), method, raw_path, headers, body, self.now())
            self.requests.append(request.log)
            reply = self.answer(request)
            request.log["response_status"] = reply.status if reply.hold_seconds is None else None
            return reply

    def answer(self, request):
        try:
            early = self.before(request)
            if early is not None:
                return self.decorated(request, early)
            fault = self.take_fault(request, set(self.all_fault_params()) - self.BATCH_FAULT_KINDS)
            if fault is not None:
                request.log["fault"] = fault["respond"]
                reply = self.common_fault_reply(fault, request) or self.fault_reply(fault, request)
                return reply if fault["respond"] in ("timeout", "html", "garbage") \
                    else self.decorated(request, reply)
            return self.decorated(request, self.api(request))
        except Refusal as refusal:
            if refusal.violation:
                self.violate(request, refusal.violation)
            return self.decorated(request, refusal.reply)

    def decorated(self, request, reply):
        self.decorate(request, reply)
        return reply

    def before(self, request):
        """A Reply that pre-empts faults and the endpoint (e.g. an exhausted API limit), or None."""
        return None

    def decorate(self, request, reply):
        """Add headers every answer carries (e.g. API usage)."""

    def api(self, request):
        raise NotImplementedError

    # --- faults --------------------------------------------------------------------------------

    def all_fault_params(self):
        return {**COMMON_FAULT_PARAMS, **self.FAULT_PARAMS}

    def add_faults(self, value):
        faults = value if isinstance(value, list) else [value]
        checked = [self.checked_fault(fault) for fault in faults]
        self.faults.extend(checked)
        return {"queued": len(checked)}

    def checked_fault(self, fault):
        if not isinstance(fault, dict):
            raise ControlError("a fault is a JSON object")
        kinds = self.all_fault_params()
        kind = fault.get("respond")
        if kind not in kinds:
            raise ControlError(f"unknown fault kind {kind!r}; this mock has {sorted(kinds)}")
        unknown = set(fault) - FAULT_KEYS - kinds[kind]
        if unknown:
            raise ControlError(f"fault {kind!r} takes no {sorted(unknown)}; it takes {sorted(kinds[kind])}")
        match = fault.get("match", {})
        if not isinstance(match, dict) or set(match) - MATCH_KEYS:
            raise ControlError(f"match takes only {sorted(MATCH_KEYS)}")
        try:
            re.compile(match.get("path_regex", ""))
        except re.error as error:
            raise ControlError(f"path_regex: {error}") from None
        times = fault.get("times", 1)
        if not isinstance(times, int) or times < 1:
            raise ControlError("times is an integer >= 1")
        return {**fault, "match": match, "times": times}

    def take_fault(self, request, kinds):
        """The first queued fault of one of kinds matching request (used once), or None."""
        for fault in self.faults:
            if fault["respond"] in kinds and self.fault_matches(fault, request):
                fault["times"] -= 1
                if fault["times"] == 0:
                    self.faults.remove(fault)
                return fault
        return None

    @staticmethod
    def fault_matches(fault, request):
        match = fault["match"]
        if "method" in match and match["method"].upper() != request.method:
            return False
        return re.search(match.get("path_regex", ""), request.path) is not None

    def take_batch_fault(self, request):
        fault = self.take_fault(request, self.BATCH_FAULT_KINDS)
        if fault is not None:
            request.log["fault"] = fault["respond"]
        return fault

    def common_fault_reply(self, fault, request):
        kind = fault["respond"]
        status = fault.get("status")
        if kind == "server_error":
            return Reply.json(status or 500, self.server_error_body())
        if kind == "html":
            page = "<html><head><title>Service unavailable</title></head><body><h1>Down for " \
                   "maintenance</h1></body></html>"
            return Reply(status or 200, page, "text/html; charset=utf-8")
        if kind == "garbage":
            return Reply(status or 200, '{"results": [ <<<not json', "application/json;charset=UTF-8")
        if kind == "timeout":
            return Reply.hold(float(fault.get("seconds", 30)))
        return None

    def fault_reply(self, fault, request):
        raise NotImplementedError

    def server_error_body(self):
        raise NotImplementedError

    # --- control API ---------------------------------------------------------------------------

    def control(self, method, raw_path, body):
        split = urllib.parse.urlsplit(raw_path)
        params = urllib.parse.parse_qs(split.query)
        routes = {
            ("GET", "/__mock/requests"): lambda value: self.requests,
            ("GET", "/__mock/violations"): lambda value: self.violations,
            ("POST", "/__mock/reset"): lambda value: self.reset() or {"ok": True},
            ("POST", "/__mock/faults"): self.add_faults,
            ("GET", "/__mock/faults"): lambda value: self.faults,
            ("POST", "/__mock/clock"): self.set_clock,
            ("GET", "/__mock/clock"): lambda value: self.clock_view(),
            ("POST", "/__mock/config"): self.set_config,
            ("GET", "/__mock/config"): lambda value: self.config,
            ("POST", "/__mock/records"): self.put_record,
            ("GET", "/__mock/records"): lambda value: self.get_records((params.get("object") or [None])[0]),
            ("POST", "/__mock/schema"): self.change_schema,
        }
        route = routes.get((method, split.path.rstrip("/")))
        if route is None:
            return Reply.json(404, {"error": f"no control endpoint {method} {split.path}"})
        try:
            value = json.loads(body) if body.strip() else None
        except ValueError:
            return Reply.json(400, {"error": "the body is not JSON"})
        try:
            return Reply.json(200, route(value))
        except ControlError as error:
            return Reply.json(400, {"error": str(error)})

    def set_clock(self, value):
        if not isinstance(value, dict):
            raise ControlError('the body is {"now": ISO-8601|null} or {"advance_seconds": n}')
        try:
            if "now" in value:
                self.clock.set(value["now"])
            if "advance_seconds" in value:
                self.clock.advance(float(value["advance_seconds"]))
        except ValueError as error:
            raise ControlError(str(error)) from None
        return self.clock_view()

    def clock_view(self):
        return {"now": iso_z(self.now()), "fixed": self.clock.fixed is not None}

    def set_config(self, value):
        if not isinstance(value, dict):
            raise ControlError("the body is a JSON object of settings")
        for key, setting in value.items():
            if self.config_action(key, setting):
                continue
            if key not in self.CONFIG_DEFAULTS:
                raise ControlError(f"unknown setting {key!r}; known: {sorted(self.CONFIG_DEFAULTS)}")
            self.config[key] = setting
        return self.config

    def config_action(self, key, value):
        """Carry out a setting that is an action rather than a stored value; True if it was one."""
        return False

    def put_record(self, value):
        raise ControlError("this mock has no records")

    def get_records(self, name):
        raise ControlError("this mock has no records")

    def change_schema(self, value):
        raise ControlError("this mock has no schema")


class Handler(http.server.BaseHTTPRequestHandler):
    """Hands every request to the server's MockApp; HTTP/1.1 with keep-alive."""

    protocol_version = "HTTP/1.1"
    # The headers and the body go out in two writes: without TCP_NODELAY the body waits for the
    # client's delayed ACK of the headers (about 40 ms on Linux) on every kept-alive request.
    disable_nagle_algorithm = True

    def do_any(self):
        body = self.read_body()
        headers = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        reply = self.server.app.handle(self.command, self.path, headers, body)
        if reply.hold_seconds is not None:
            time.sleep(reply.hold_seconds)
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_any

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self.read_chunked()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def read_chunked(self):
        parts = []
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline()

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


def serve(app, port):
    """Serve app on 127.0.0.1:port, print "PORT <n>", run until SIGTERM or SIGINT."""
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.app = app
    bound = server.server_address[1]
    app.base_url = f"http://127.0.0.1:{bound}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"PORT {bound}", flush=True)
    signal.sigwait(stop_signals)
    server.shutdown()
    server.server_close()
    return 0
