#!/usr/bin/python3
"""A local mock of the HubSpot CRM API for Bluebird's connector tests (standard library only), and a
signer for HubSpot's inbound webhook signatures (v3, and v1/v2). See docs/integrations.md (its mock section) for
which documented behaviour it follows and where it had to choose.

    hubspot_mock.py --port 0 [--path-family 2026-03|v3|any]
    hubspot_mock.py --sign-v3 --secret S --uri URI [--method POST] [--timestamp MS]
                    [--body-file FILE (default: stdin)] [--deliver]

Server: prints "PORT <n>" as its first line on stdout once it listens on 127.0.0.1 (--port 0: a
free port), then runs until SIGTERM or SIGINT. Both path families are served; a request in the
family not chosen by --path-family (default 2026-03; "any" accepts both) is served and is a
violation. Paths, legacy family (v3) / date-versioned family (2026-03):
    POST  /crm/v3/objects/{t}/batch/upsert      /crm/objects/2026-03/{t}/batch/upsert
    POST  /crm/v3/objects/{t}/batch/update      /crm/objects/2026-03/{t}/batch/update
    POST  /crm/v3/objects/{t}/batch/read        /crm/objects/2026-03/{t}/batch/read
    POST  /crm/v3/objects/{t}/search            /crm/objects/2026-03/{t}/search
    POST  /crm/v3/objects/{t}                   /crm/objects/2026-03/{t}            (create)
    PATCH /crm/v3/objects/{t}/{id}[?idProperty=p]   /crm/objects/2026-03/{t}/{id}[...]
    PUT   /crm/v4/objects/{t}/{id}/associations/default/{t2}/{id2}
                                                /crm/objects/2026-03/{t}/{id}/associations/default/...
    POST  /crm/v4/associations/{t}/{t2}/batch/associate/default
                                                /crm/associations/2026-03/{t}/{t2}/batch/associate/default
    GET, POST /crm/v3/properties/{t}            /crm/properties/2026-03/{t}
    GET   /crm/v3/properties/{t}/{name};  POST .../{t}/batch/create;  POST .../{t}/groups
    GET   /crm/v3/pipelines/deals[/{id}]        /crm/pipelines/2026-03/deals[/{id}]
{t} is contacts, companies or deals (or 0-1, 0-2, 0-3). Anything else is 404 and a violation.
Every call needs Authorization: Bearer <token> (config "token"; when unset any non-empty token).
Every answer carries X-HubSpot-RateLimit-* headers. A fresh portal has HubSpot's standard
properties only: Bluebird creates its own (or a test installs them through /__mock/schema).

Control API: see crm_mock_common.py, plus
  POST /__mock/config   token; path_family; enforce_rate_limit (false: the headers count down but
                        never refuse); rate_limit_max (190), rate_limit_interval_ms (10000),
                        rate_limit_secondly (19), daily_limit (1000000); actions
                        rate_limit_remaining: n, daily_remaining: n (set what the headers show).
  POST /__mock/records  {"object": "contacts"|"companies"|"deals", "id"?, "properties": {...},
                        "associate"?: [{"object", "id"}]} creates or updates as a CRM user
                        (hs_lastmodifieddate moves; hs_is_closed / hs_is_closed_won follow the
                        stage's metadata). Answers the record.
  GET  /__mock/records?object=deals          records with their associations
  POST /__mock/schema   {"install_bluebird_properties": true} | {"object", "remove_property": NAME}
                        | {"object", "add_property": {name, type, fieldType, ...}} |
                        {"set_pipeline": {"id", "label", "stages": [{"id", "label", "isClosed",
                        "probability"}]}}. A property or stage removed this way still answers the
                        documented error but is no violation.
Faults, besides the common ones: rate_limit {retry_after? (seconds, default 1; null: no header),
policy_name? ("TEN_SECONDLY_ROLLING"), message?}, invalid_session (401), partial_batch {index,
category? (or status_code?), message?} (batch upsert and batch update: 207 when every input has
objectWriteTraceId, else 400 for the whole batch).
"""

import argparse
import base64
import copy
import datetime
import hashlib
import hmac
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crm_mock_common import (  # noqa: E402 (after the path is set)
    ControlError, MockApp, Refusal, Reply, correlation_id, epoch_ms, iso_z, parse_datetime, serve)

OBJECT_TYPES = {"contacts": "contacts", "0-1": "contacts", "companies": "companies", "0-2": "companies",
                "deals": "deals", "0-3": "deals"}
FAMILIES = {
    "v3": {"objects": "/crm/v3/objects", "properties": "/crm/v3/properties", "pipelines": "/crm/v3/pipelines",
           "assoc_objects": "/crm/v4/objects", "assoc_batch": "/crm/v4/associations"},
    "2026-03": {"objects": "/crm/objects/2026-03", "properties": "/crm/properties/2026-03",
                "pipelines": "/crm/pipelines/2026-03", "assoc_objects": "/crm/objects/2026-03",
                "assoc_batch": "/crm/associations/2026-03"},
}
BATCH_LIMIT = 100
SEARCH_LIMIT = 200
SEARCH_RESULTS_CAP = 10000
FILTER_GROUPS_MAX = 3
FILTERS_PER_GROUP_MAX = 3
# (from, to) -> {typeId: label}; the first is the default (unlabelled) type.
ASSOCIATION_TYPES = {
    ("deals", "contacts"): {3: None}, ("contacts", "deals"): {4: None},
    ("deals", "companies"): {341: None, 5: "Primary"}, ("companies", "deals"): {342: None, 6: "Primary"},
    ("contacts", "companies"): {279: None, 1: "Primary"}, ("companies", "contacts"): {280: None, 2: "Primary"},
}
REVERSE_TYPE = {3: 4, 4: 3, 341: 342, 342: 341, 5: 6, 6: 5, 279: 280, 280: 279, 1: 2, 2: 1}
DEFAULT_STAGES = [  # (id, label, isClosed, probability)
    ("appointmentscheduled", "Appointment scheduled", False, 0.2), ("qualifiedtobuy", "Qualified to buy", False, 0.4),
    ("presentationscheduled", "Presentation scheduled", False, 0.6),
    ("decisionmakerboughtin", "Decision maker bought-in", False, 0.8), ("contractsent", "Contract sent", False, 0.9),
    ("closedwon", "Closed won", True, 1.0), ("closedlost", "Closed lost", True, 0.0),
]
SEARCH_DEFAULT_PROPERTIES = {
    "contacts": ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"],
    "companies": ["createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"],
    "deals": ["amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate", "hs_object_id",
              "pipeline"],
}
FIELD_TYPES = {
    "string": {"text", "textarea", "html", "phonenumber", "file"}, "number": {"number", "calculation_equation"},
    "bool": {"booleancheckbox"}, "enumeration": {"select", "radio", "checkbox", "booleancheckbox"},
    "date": {"date"}, "datetime": {"date"},
}
OPERATORS = {"EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY",
             "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"}
EPOCH = "2020-01-01T00:00:00.000Z"


# --- inbound webhook signatures (research §2.8) ----------------------------------------------------

def _bytes(text):
    return text if isinstance(text, bytes) else text.encode("utf-8")


def signature_v3(client_secret, method, uri, body, timestamp_ms):
    """base64(HMAC-SHA256(client_secret, method + uri + body + timestamp)), as HubSpot's SDKs compute."""
    source = _bytes(method) + _bytes(uri) + _bytes(body) + _bytes(str(timestamp_ms))
    return base64.b64encode(hmac.new(_bytes(client_secret), source, hashlib.sha256).digest()).decode()


def signature_v2(client_secret, method, uri, body):
    return hashlib.sha256(_bytes(client_secret) + _bytes(method) + _bytes(uri) + _bytes(body)).hexdigest()


def signature_v1(client_secret, body):
    return hashlib.sha256(_bytes(client_secret) + _bytes(body)).hexdigest()


def signed_webhook_headers(client_secret, uri, body, timestamp_ms=None, method="POST"):
    """The headers HubSpot sends with a webhook request: v3 and the legacy v2 signature."""
    timestamp_ms = int(time.time() * 1000) if timestamp_ms is None else int(timestamp_ms)
    return {
        "Content-Type": "application/json",
        "X-HubSpot-Signature-v3": signature_v3(client_secret, method, uri, body, timestamp_ms),
        "X-HubSpot-Request-Timestamp": str(timestamp_ms),
        "X-HubSpot-Signature": signature_v2(client_secret, method, uri, body),
        "X-HubSpot-Signature-Version": "v2",
    }


def deal_stage_event(object_id, stage, occurred_at_ms, event_id=1, portal_id=12345678, app_id=1,
                     subscription_id=1, attempt=0, developer_platform=False):
    """One event of a webhook request body (a JSON array of these) for a deal's dealstage change."""
    event = {"eventId": event_id, "subscriptionId": subscription_id, "portalId": portal_id, "appId": app_id,
             "occurredAt": occurred_at_ms, "attemptNumber": attempt, "objectId": int(object_id),
             "propertyName": "dealstage", "propertyValue": stage, "changeSource": "CRM_UI",
             "sourceId": "userId:1", "subscriptionType": "deal.propertyChange"}
    if developer_platform:
        event.update(subscriptionType="object.propertyChange", objectTypeId="0-3")
    return event


# --- schema ----------------------------------------------------------------------------------------

def prop(name, type_, field_type, group, label=None, unique=False, read_only=False, options=None):
    return {
        "name": name, "label": label or name.replace("_", " ").capitalize(), "type": type_, "fieldType": field_type,
        "groupName": group, "description": "", "options": options or [], "displayOrder": -1,
        "hasUniqueValue": unique, "hidden": False, "formField": False, "calculated": read_only and type_ == "bool",
        "externalOptions": False, "archived": False, "createdAt": EPOCH, "updatedAt": EPOCH,
        "modificationMetadata": {"archivable": not read_only, "readOnlyDefinition": True, "readOnlyValue": read_only},
    }


def system_props(group, contacts=False):
    props = [prop("hs_object_id", "number", "number", group, "Record ID", read_only=True),
             prop("createdate", "datetime", "date", group, "Create date", read_only=True),
             prop("hs_lastmodifieddate", "datetime", "date", group, "Last modified date", read_only=True)]
    if contacts:
        props.append(prop("lastmodifieddate", "datetime", "date", group, "Last modified date", read_only=True))
    return props


def default_properties():
    contact = "contactinformation"
    company = "companyinformation"
    deal = "dealinformation"
    return {
        "contacts": [prop("email", "string", "text", contact), prop("firstname", "string", "text", contact),
                     prop("lastname", "string", "text", contact), prop("company", "string", "text", contact),
                     ] + system_props(contact, contacts=True),
        "companies": [prop("name", "string", "text", company), prop("domain", "string", "text", company),
                      prop("hs_additional_domains", "string", "text", company),
                      prop("website", "string", "text", company)] + system_props(company),
        "deals": [prop("dealname", "string", "text", deal), prop("amount", "number", "number", deal),
                  prop("closedate", "datetime", "date", deal), prop("pipeline", "enumeration", "select", deal),
                  prop("dealstage", "enumeration", "radio", deal),
                  prop("hs_is_closed", "bool", "booleancheckbox", deal, "Is closed", read_only=True),
                  prop("hs_is_closed_won", "bool", "booleancheckbox", deal, "Is closed won", read_only=True),
                  ] + system_props(deal),
    }


def bluebird_properties():
    shared = [prop("bluebird_advocate_name", "string", "text", "bluebird"),
              prop("bluebird_advocate_email", "string", "text", "bluebird"),
              prop("bluebird_referral_url", "string", "text", "bluebird"),
              prop("bluebird_program", "string", "text", "bluebird"),
              prop("bluebird_channel", "string", "text", "bluebird")]
    return {
        "contacts": [prop("bluebird_referral_id", "string", "text", "bluebird"),
                     prop("bluebird_referral_status", "string", "text", "bluebird"),
                     prop("bluebird_advocate", "bool", "booleancheckbox", "bluebird"),
                     prop("bluebird_advocate_code", "string", "text", "bluebird"),
                     prop("bluebird_referral_count", "number", "number", "bluebird")] + copy.deepcopy(shared),
        "deals": [prop("bluebird_referral_id", "string", "text", "bluebird", unique=True)] + copy.deepcopy(shared),
        "companies": [],
    }


def stage(stage_id, label, closed, probability, order):
    return {"id": stage_id, "label": label, "displayOrder": order, "archived": False, "createdAt": EPOCH,
            "updatedAt": EPOCH, "metadata": {"isClosed": "true" if closed else "false", "probability": str(probability)}}


def default_pipeline():
    return {"id": "default", "label": "Sales Pipeline", "displayOrder": 0, "archived": False, "createdAt": EPOCH,
            "updatedAt": EPOCH, "stages": [stage(*s, i) for i, s in enumerate(DEFAULT_STAGES)]}


def hs_refusal(status, category, message, violation=None, **extra):
    body = {"status": "error", "message": message, "correlationId": correlation_id(), "category": category, **extra}
    return Refusal(Reply.json(status, body), violation)


class Problems:
    """Collects what is wrong with a request; raise_if_any() answers 400 VALIDATION_ERROR and
    records each problem that breaks the documented contract as a violation (none without a mock)."""

    def __init__(self, mock=None, request=None):
        self.mock, self.request, self.messages = mock, request, []

    def add(self, message, violation=True):
        self.messages.append(message)
        if violation and self.mock is not None:
            self.mock.violate(self.request, message)

    def raise_if_any(self):
        if self.messages:
            raise hs_refusal(400, "VALIDATION_ERROR", "; ".join(self.messages),
                             errors=[{"message": m} for m in self.messages])


# --- the mock --------------------------------------------------------------------------------------

class HubSpotMock(MockApp):
    FAULT_PARAMS = {
        "rate_limit": {"retry_after", "policy_name", "message"},
        "invalid_session": set(),
        "partial_batch": {"index", "category", "status_code", "message"},
    }

    def __init__(self, path_family):
        self.CONFIG_DEFAULTS = {
            "token": None, "path_family": path_family, "enforce_rate_limit": False, "rate_limit_max": 190,
            "rate_limit_interval_ms": 10000, "rate_limit_secondly": 19, "daily_limit": 1000000,
        }
        self.routes = self.build_routes()
        super().__init__()

    def build_routes(self):
        table = [
            ("objects", r"/([\w-]+)/batch/upsert", {"POST": self.batch_upsert}),
            ("objects", r"/([\w-]+)/batch/update", {"POST": self.batch_update}),
            ("objects", r"/([\w-]+)/batch/read", {"POST": self.batch_read}),
            ("objects", r"/([\w-]+)/search", {"POST": self.search}),
            ("objects", r"/([\w-]+)", {"POST": self.create}),
            ("objects", r"/([\w-]+)/([^/]+)", {"PATCH": self.update}),
            ("assoc_objects", r"/([\w-]+)/([^/]+)/associations/default/([\w-]+)/([^/]+)", {"PUT": self.associate}),
            ("assoc_batch", r"/([\w-]+)/([\w-]+)/batch/associate/default", {"POST": self.batch_associate}),
            ("properties", r"/([\w-]+)/batch/create", {"POST": self.batch_create_properties}),
            ("properties", r"/([\w-]+)/groups", {"POST": self.create_group}),
            ("properties", r"/([\w-]+)", {"GET": self.list_properties, "POST": self.create_property}),
            ("properties", r"/([\w-]+)/([^/]+)", {"GET": self.get_property}),
            ("pipelines", r"/(deals)", {"GET": self.list_pipelines}),
            ("pipelines", r"/(deals)/([^/]+)", {"GET": self.get_pipeline}),
        ]
        return [(family, re.compile(re.escape(prefixes[base]) + suffix), methods)
                for family, prefixes in FAMILIES.items() for base, suffix, methods in table]

    def reset_state(self):
        self.properties = default_properties()
        self.removed_properties = {t: set() for t in self.properties}
        self.groups = {"contacts": {"contactinformation"}, "companies": {"companyinformation"},
                       "deals": {"dealinformation"}}
        self.pipelines = {"default": default_pipeline()}
        self.removed_stages = set()
        self.records = {t: {} for t in self.properties}
        self.associations = {}
        self.serial = 5000000
        self.window_start = self.second_start = time.monotonic()
        self.window_used = self.second_used = self.daily_used = 0

    # --- lookups -----------------------------------------------------------------------------------

    def property(self, type_, name):
        return next((p for p in self.properties[type_] if p["name"] == name), None)

    def unique_id_property(self, type_, name):
        """Whether batch upsert and read may name records by name: a hasUniqueValue property, or email for contacts."""
        return (type_ == "contacts" and name == "email") or self.has_unique_value(type_, name)

    def has_unique_value(self, type_, name):
        descriptor = self.property(type_, name)
        return descriptor is not None and descriptor["hasUniqueValue"]

    def stage_of(self, stage_id):
        for pipeline in self.pipelines.values():
            for item in pipeline["stages"]:
                if item["id"] == stage_id:
                    return pipeline, item
        return None, None

    def find_by(self, type_, name, value):
        if name in (None, "hs_object_id"):
            return self.records[type_].get(str(value))
        fold = (lambda v: v.lower()) if name == "email" else (lambda v: v)
        return next((r for r in self.records[type_].values()
                     if r["properties"].get(name) is not None and fold(r["properties"][name]) == fold(str(value))),
                    None)

    # --- around every request ----------------------------------------------------------------------

    def before(self, request):
        self.roll_windows()
        limited = self.window_used >= self.config["rate_limit_max"] or self.daily_used >= self.config["daily_limit"]
        if self.config["enforce_rate_limit"] and limited:
            daily = self.daily_used >= self.config["daily_limit"]
            return self.rate_limit_reply(None, "DAILY" if daily else "TEN_SECONDLY_ROLLING", None)
        self.window_used += 1
        self.second_used += 1
        self.daily_used += 1
        return None

    def roll_windows(self):
        now = time.monotonic()
        if now - self.window_start >= self.config["rate_limit_interval_ms"] / 1000:
            self.window_start, self.window_used = now, 0
        if now - self.second_start >= 1:
            self.second_start, self.second_used = now, 0

    def decorate(self, request, reply):
        config = self.config
        reply.headers += [
            ("X-HubSpot-RateLimit-Daily", str(config["daily_limit"])),
            ("X-HubSpot-RateLimit-Daily-Remaining", str(max(0, config["daily_limit"] - self.daily_used))),
            ("X-HubSpot-RateLimit-Interval-Milliseconds", str(config["rate_limit_interval_ms"])),
            ("X-HubSpot-RateLimit-Max", str(config["rate_limit_max"])),
            ("X-HubSpot-RateLimit-Remaining", str(max(0, config["rate_limit_max"] - self.window_used))),
            ("X-HubSpot-RateLimit-Secondly", str(config["rate_limit_secondly"])),
            ("X-HubSpot-RateLimit-Secondly-Remaining", str(max(0, config["rate_limit_secondly"] - self.second_used))),
        ]

    def server_error_body(self):
        return {"status": "error", "message": "internal error", "correlationId": correlation_id(),
                "category": "INTERNAL_ERROR"}

    def rate_limit_reply(self, retry_after, policy, message):
        policy_text = "daily" if policy == "DAILY" else policy.lower()
        body = {"status": "error", "message": message or f"You have reached your {policy_text} limit.",
                "errorType": "RATE_LIMIT", "correlationId": correlation_id(), "policyName": policy,
                "requestId": correlation_id()}
        headers = [] if retry_after is None else [("Retry-After", str(retry_after))]
        return Reply.json(429, body, headers)

    def fault_reply(self, fault, request):
        kind = fault["respond"]
        if kind == "rate_limit":
            return self.rate_limit_reply(fault.get("retry_after", 1), fault.get("policy_name", "TEN_SECONDLY_ROLLING"),
                                         fault.get("message"))
        if kind == "invalid_session":
            return hs_refusal(401, "INVALID_AUTHENTICATION", "The OAuth token used to make this call expired "
                              "or is invalid.").reply
        raise AssertionError(kind)

    # --- routing -----------------------------------------------------------------------------------

    def api(self, request):
        self.require_token(request)
        for family, pattern, methods in self.routes:
            route = pattern.fullmatch(request.path)
            if route is None:
                continue
            request.log["family"] = family
            if self.config["path_family"] not in ("any", family):
                self.violate(request, f"{request.path} is in the {family} path family; the connector is configured "
                                      f"for {self.config['path_family']}")
            if request.method not in methods:
                raise hs_refusal(405, "VALIDATION_ERROR", f"HTTP {request.method} is not supported here",
                                 f"{request.method} is not allowed on {request.path}")
            return methods[request.method](request, *[urllib.parse.unquote(g) for g in route.groups()])
        raise hs_refusal(404, "OBJECT_NOT_FOUND", "Not found",
                         f"{request.method} {request.path} is not a HubSpot endpoint Bluebird uses")

    def require_token(self, request):
        scheme, _, token = (request.header("authorization") or "").partition(" ")
        if scheme != "Bearer" or not token.strip():
            raise hs_refusal(401, "INVALID_AUTHENTICATION", "Authentication credentials not found. This API "
                             "supports OAuth 2.0 authentication and you can find more details at "
                             "https://developers.hubspot.com/docs/methods/auth/oauth-overview",
                             "no 'Authorization: Bearer <token>' header")
        if self.config["token"] is not None and token.strip() != self.config["token"]:
            raise hs_refusal(401, "INVALID_AUTHENTICATION", "The OAuth token used to make this call expired "
                             "or is invalid.")

    def object_type(self, name):
        type_ = OBJECT_TYPES.get(name)
        if type_ is None:
            raise hs_refusal(400, "VALIDATION_ERROR", f"Unable to infer object type from: {name}",
                             f"unknown object type {name!r}")
        return type_

    def json_body(self, request, allowed, required=()):
        if not request.content_type_is("application/json"):
            raise hs_refusal(400, "VALIDATION_ERROR", "Content-Type must be application/json",
                             f"Content-Type is {request.header('content-type')!r}, not application/json")
        body = request.json
        if request.json_error is not None or not isinstance(body, dict):
            raise hs_refusal(400, "VALIDATION_ERROR", "Invalid input JSON", "the body is not a JSON object")
        problems = Problems(self, request)
        for key in sorted(set(body) - set(allowed)):
            problems.add(f"unknown body key {key!r}")
        for key in required:
            if key not in body:
                problems.add(f"the body lacks {key!r}")
        problems.raise_if_any()
        return body

    def inputs(self, request, body, limit=BATCH_LIMIT):
        inputs = body.get("inputs")
        if not isinstance(inputs, list) or not inputs or not all(isinstance(i, dict) for i in inputs):
            raise hs_refusal(400, "VALIDATION_ERROR", "inputs must be a non-empty list of objects",
                             "inputs is not a non-empty list of objects")
        if len(inputs) > limit:
            raise hs_refusal(400, "VALIDATION_ERROR", f"Batch input size {len(inputs)} exceeds the maximum of {limit}",
                             f"a batch of {len(inputs)} inputs (at most {limit})")
        return inputs

    # --- property values ---------------------------------------------------------------------------

    def normalized_value(self, type_, descriptor, value):
        """The stored (string) form of value, or raise ValueError saying why it does not fit."""
        if isinstance(value, str) and value == "":
            raise ValueError("is \"\" (an empty string clears the value in HubSpot; never send it)")
        if value is None or isinstance(value, (list, dict)):
            raise ValueError(f"is {json.dumps(value)}, not a string, number or boolean")
        kind = descriptor["type"]
        if kind == "bool":
            text = str(value).lower()
            if text not in ("true", "false"):
                raise ValueError(f"is {value!r}, not true or false")
            return text
        if isinstance(value, bool):
            raise ValueError(f"is a boolean for a {kind} property")
        if kind == "number":
            try:
                float(value)
            except ValueError:
                raise ValueError(f"is {value!r}, not a number") from None
            return str(value)
        if kind in ("datetime", "date"):
            return self.normalized_time(kind, value)
        if kind == "enumeration" and descriptor["options"]:
            allowed = {o["value"] for o in descriptor["options"]}
            if any(part not in allowed for part in str(value).split(";")):
                raise ValueError(f"is {value!r}, not among the options")
        return str(value)

    @staticmethod
    def normalized_time(kind, value):
        text = str(value)
        try:
            moment = parse_datetime(text) if not text.isdigit() else \
                parse_datetime("1970-01-01") + datetime.timedelta(milliseconds=int(text))
        except ValueError:
            raise ValueError(f"is {value!r}, not epoch milliseconds or ISO 8601") from None
        return moment.date().isoformat() if kind == "date" else iso_z(moment)

    def checked_properties(self, problems, type_, properties, creating, record=None):
        """The stored form of properties for a write, with every problem added to problems."""
        if not isinstance(properties, dict):
            problems.add("properties is not an object")
            return {}
        clean = {}
        for name, value in properties.items():
            descriptor = self.property(type_, name)
            if descriptor is None:
                problems.add(f"Property \"{name}\" does not exist on {type_}",
                             violation=name not in self.removed_properties[type_])
                continue
            if descriptor["modificationMetadata"]["readOnlyValue"]:
                problems.add(f"{name} is read-only")
                continue
            try:
                clean[name] = self.normalized_value(type_, descriptor, value)
            except ValueError as error:
                problems.add(f"{type_}.{name} {error}")
        if type_ == "deals":
            self.check_deal_stage(problems, clean, creating, record)
        return clean

    def check_deal_stage(self, problems, clean, creating, record):
        current = record["properties"] if record else {}
        if creating:
            for name in ("dealname", "dealstage"):
                if name not in clean:
                    problems.add(f"a deal is created without {name}")
        pipeline_id = clean.get("pipeline") or current.get("pipeline")
        if "pipeline" in clean and clean["pipeline"] not in self.pipelines:
            problems.add(f"pipeline {clean['pipeline']!r} does not exist")
            return
        if "dealstage" not in clean:
            return
        stage_pipeline, _ = self.stage_of(clean["dealstage"])
        removed = clean["dealstage"] in self.removed_stages
        if stage_pipeline is None:
            problems.add(f"dealstage {clean['dealstage']!r} is in no pipeline", violation=not removed)
        elif pipeline_id is None and stage_pipeline["id"] != "default":
            problems.add(f"dealstage {clean['dealstage']!r} is not in the default pipeline and no pipeline was sent")
        elif pipeline_id is not None and stage_pipeline["id"] != pipeline_id:
            problems.add(f"dealstage {clean['dealstage']!r} is not a stage of pipeline {pipeline_id!r}")
        elif creating and pipeline_id is None:
            clean["pipeline"] = "default"

    def unique_conflict(self, type_, clean, record_id=None):
        """(property, existing id) when a write would duplicate a unique value (or a contact email)."""
        for name, value in clean.items():
            if self.unique_id_property(type_, name):
                existing = self.find_by(type_, name, value)
                if existing is not None and existing["id"] != record_id:
                    return name, existing["id"]
        return None

    # --- records -----------------------------------------------------------------------------------

    def store(self, type_, record_id, props):
        stamp = iso_z(self.now())
        if record_id is None:
            self.serial += 1
            record_id = str(self.serial)
        record = self.records[type_].get(record_id)
        if record is None:
            record = self.records[type_][record_id] = {
                "id": record_id, "properties": {"hs_object_id": record_id, "createdate": stamp},
                "createdAt": stamp, "updatedAt": stamp, "archived": False}
        record["properties"].update(props)
        record["properties"]["hs_lastmodifieddate"] = stamp
        if type_ == "contacts":
            record["properties"]["lastmodifieddate"] = stamp
        record["updatedAt"] = stamp
        if type_ == "deals":
            self.derive_closed(record["properties"])
        return record

    def derive_closed(self, props):
        _, item = self.stage_of(props.get("dealstage"))
        closed = item is not None and item["metadata"]["isClosed"] == "true"
        won = closed and float(item["metadata"]["probability"]) == 1.0
        props["hs_is_closed"] = "true" if closed else "false"
        props["hs_is_closed_won"] = "true" if won else "false"

    def shaped(self, type_, record, names=None, extra=None):
        names = list(SEARCH_DEFAULT_PROPERTIES[type_] if names is None else names) + list(extra or [])
        props = {n: record["properties"].get(n) for n in names
                 if self.property(type_, n) is not None or n in record["properties"]}
        return {"id": record["id"], "properties": props, "createdAt": record["createdAt"],
                "updatedAt": record["updatedAt"], "archived": False}

    def batch_envelope(self, results, errors=None):
        stamp = iso_z(self.now())
        body = {"status": "COMPLETE", "results": results, "startedAt": stamp, "completedAt": stamp}
        if errors:
            body.update(numErrors=len(errors), errors=errors)
        return Reply.json(207 if errors else 200, body)

    def batch_upsert(self, request, name):
        type_ = self.object_type(name)
        body = self.json_body(request, {"inputs"}, ("inputs",))
        inputs = self.inputs(request, body)
        problems = Problems(self, request)
        cleaned, seen = [], set()
        for index, item in enumerate(inputs):
            cleaned.append(self.checked_upsert_input(problems, type_, index, item, seen))
        problems.raise_if_any()
        fault = self.take_batch_fault(request)
        traced = all("objectWriteTraceId" in item for item in inputs)
        if fault is not None and not traced:
            raise hs_refusal(*self.fault_failure(fault))
        results, errors = [], []
        for index, (item, clean) in enumerate(zip(inputs, cleaned)):
            if fault is not None and fault.get("index", 0) == index:
                _, category, message = self.fault_failure(fault)
                errors.append({"status": "error", "category": category, "message": message,
                               "context": {"objectWriteTraceId": [item["objectWriteTraceId"]]}})
                continue
            results.append(self.upsert_input(type_, item, clean))
        return self.batch_envelope(results, errors)

    @staticmethod
    def fault_failure(fault):
        """(status, category, message) of an input failed by a partial_batch fault."""
        return (400, fault.get("category") or fault.get("status_code") or "VALIDATION_ERROR",
                fault.get("message", "Injected by the mock's partial_batch fault"))

    def checked_upsert_input(self, problems, type_, index, item, seen):
        unknown = set(item) - {"idProperty", "id", "properties", "objectWriteTraceId"}
        if unknown:
            problems.add(f"input {index} has unknown keys {sorted(unknown)}")
        id_property, value = item.get("idProperty"), item.get("id")
        if not isinstance(value, str) or not value:
            problems.add(f"input {index} has no id")
            return {}
        if id_property is None or not self.unique_id_property(type_, id_property):
            problems.add(f"input {index}: idProperty {id_property!r} is not a unique property of {type_} "
                         "(hasUniqueValue, or email for contacts)",
                         violation=id_property not in self.removed_properties[type_])
            return {}
        key = value.lower() if id_property == "email" else value
        if key in seen:
            problems.add(f"input {index}: duplicate id {value!r} in one batch")
        seen.add(key)
        existing = self.find_by(type_, id_property, value)
        clean = self.checked_properties(problems, type_, item.get("properties", {}), existing is None, existing)
        sent = clean.get(id_property)
        if sent is not None and (sent.lower() != value.lower() if id_property == "email" else sent != value):
            problems.add(f"input {index}: properties.{id_property} {sent!r} differs from id {value!r}")
        return clean

    def upsert_input(self, type_, item, clean):
        existing = self.find_by(type_, item["idProperty"], item["id"])
        if existing is None:
            clean = {item["idProperty"]: item["id"], **clean}
            if type_ == "deals":
                self.derive_closed(clean)
        record = self.store(type_, existing["id"] if existing else None, clean)
        result = self.shaped(type_, record, list(clean), ["hs_object_id", "createdate", "hs_lastmodifieddate"])
        result["new"] = existing is None
        return result

    def batch_update(self, request, name):
        """POST …/{t}/batch/update: changes existing records, named by record id or by the value of a
        hasUniqueValue idProperty; never creates one. A record that does not exist (or a unique value
        another record holds) fails its input. As in batch upsert, and for the same reason, failures
        are reported per input (207) only when every input carries objectWriteTraceId, HubSpot's
        documented switch for multi-status answers; otherwise the first failure fails the whole batch
        (404 OBJECT_NOT_FOUND, 409 CONFLICT, or 400 for a fault) and nothing is written. HubSpot's
        changelog promises 207 for a partly failed batch update, so a connector that sends trace ids
        sees the same answer from both; what HubSpot does without them is not documented, and the
        strict reading keeps a connector from relying on it."""
        type_ = self.object_type(name)
        inputs = self.inputs(request, self.json_body(request, {"inputs"}, ("inputs",)))
        problems = Problems(self, request)
        seen = set()
        checked = [self.checked_update_input(problems, type_, index, item, seen) for index, item in enumerate(inputs)]
        problems.raise_if_any()
        fault = self.take_batch_fault(request)
        failures = [self.fault_failure(fault) if fault is not None and fault.get("index", 0) == index
                    else self.update_failure(type_, item, record, clean)
                    for index, (item, (record, clean)) in enumerate(zip(inputs, checked))]
        first = next((failure for failure in failures if failure is not None), None)
        if first is not None and not all("objectWriteTraceId" in item for item in inputs):
            raise hs_refusal(*first)
        results, errors = [], []
        for item, (record, clean), failure in zip(inputs, checked, failures):
            if failure is not None:
                errors.append({"status": "error", "category": failure[1], "message": failure[2],
                               "context": {"objectWriteTraceId": [item["objectWriteTraceId"]], "ids": [item["id"]]}})
                continue
            self.store(type_, record["id"], clean)
            results.append(self.shaped(type_, record, list(clean), ["hs_object_id", "hs_lastmodifieddate"]))
        return self.batch_envelope(results, errors)

    def checked_update_input(self, problems, type_, index, item, seen):
        """(the record a batch update input names, or None, its stored properties), with every
        problem of the input added to problems."""
        unknown = set(item) - {"id", "idProperty", "properties", "objectWriteTraceId"}
        if unknown:
            problems.add(f"input {index} has unknown keys {sorted(unknown)}")
        id_property, value = item.get("idProperty"), item.get("id")
        if not isinstance(value, str) or not value:
            problems.add(f"input {index} has no id")
            return None, {}
        if id_property is None and not value.isdigit():
            problems.add(f"input {index}: id {value!r} is no record id, and no idProperty says what it is")
            return None, {}
        if id_property is not None and not self.has_unique_value(type_, id_property):
            # HubSpot: "Unable to perform update/upsert by non-unique 0-1 property", email and
            # hs_object_id included (email is unique for batch upsert and read, not for update).
            problems.add(f"input {index}: Unable to perform update by non-unique {type_} property {id_property!r} "
                         "(idProperty must have hasUniqueValue; email and hs_object_id do not)",
                         violation=id_property not in self.removed_properties[type_])
            return None, {}
        if "properties" not in item:
            problems.add(f"input {index} has no properties")
        if (id_property, value) in seen:
            problems.add(f"input {index}: duplicate id {value!r} in one batch")
        seen.add((id_property, value))
        record = self.find_by(type_, id_property, value)
        return record, self.checked_properties(problems, type_, item.get("properties", {}), False, record)

    def update_failure(self, type_, item, record, clean):
        """(status, category, message) when a checked batch update input cannot be written, else None."""
        if record is None:
            return (404, "OBJECT_NOT_FOUND", f"Could not find {type_[:-1]} with {item.get('idProperty') or 'id'} "
                                             f"{item['id']}; it may be deleted or not exist")
        conflict = self.unique_conflict(type_, clean, record["id"])
        if conflict:
            return (409, "CONFLICT", f"{conflict[0]} already has this value on record {conflict[1]}")
        return None

    def batch_read(self, request, name):
        type_ = self.object_type(name)
        body = self.json_body(request, {"idProperty", "inputs", "properties", "propertiesWithHistory", "archived"},
                              ("inputs",))
        inputs = self.inputs(request, body)
        id_property = body.get("idProperty")
        if id_property is not None and not self.unique_id_property(type_, id_property):
            raise hs_refusal(400, "VALIDATION_ERROR", f"{id_property} is not a unique property",
                             f"batch read by idProperty {id_property!r}, not a unique property of {type_}")
        names = body.get("properties")
        results, missing = [], []
        for item in inputs:
            record = self.find_by(type_, id_property, item.get("id"))
            if record is None:
                missing.append(str(item.get("id")))
            else:
                results.append(self.shaped(type_, record, names))
        errors = None
        if missing:
            errors = [{"status": "error", "category": "OBJECT_NOT_FOUND",
                       "message": f"Could not get some {type_[:-1].upper()} objects, they may be deleted or not "
                                  "exist. Check that ids are valid.", "context": {"ids": missing}}]
        return self.batch_envelope(results, errors)

    def update(self, request, name, record_key):
        type_ = self.object_type(name)
        body = self.json_body(request, {"properties", "objectWriteTraceId"}, ("properties",))
        id_property = request.param("idProperty")
        if id_property is not None and not self.unique_id_property(type_, id_property):
            raise hs_refusal(400, "VALIDATION_ERROR", f"{id_property} is not a unique property",
                             f"PATCH by idProperty {id_property!r}, not a unique property of {type_}")
        record = self.find_by(type_, id_property, record_key)
        if record is None:
            raise hs_refusal(404, "OBJECT_NOT_FOUND", "resource not found")
        problems = Problems(self, request)
        clean = self.checked_properties(problems, type_, body["properties"], False, record)
        problems.raise_if_any()
        conflict = self.unique_conflict(type_, clean, record["id"])
        if conflict:
            raise hs_refusal(409, "CONFLICT", f"{conflict[0]} already has this value on record {conflict[1]}")
        self.store(type_, record["id"], clean)
        return Reply.json(200, self.shaped(type_, record, list(clean), ["hs_object_id", "hs_lastmodifieddate"]))

    def create(self, request, name):
        type_ = self.object_type(name)
        body = self.json_body(request, {"properties", "associations"}, ("properties",))
        problems = Problems(self, request)
        clean = self.checked_properties(problems, type_, body["properties"], True)
        links = self.checked_create_associations(problems, type_, body.get("associations", []))
        problems.raise_if_any()
        conflict = self.unique_conflict(type_, clean)
        if conflict:
            message = f"Contact already exists. Existing ID: {conflict[1]}" if conflict[0] == "email" else \
                f"A {type_[:-1]} with {conflict[0]}={clean[conflict[0]]} already exists (ID {conflict[1]})"
            raise hs_refusal(409, "CONFLICT", message)
        missing = [to_id for to_type, to_id, _ in links if to_id not in self.records[to_type]]
        if missing:
            raise hs_refusal(400, "VALIDATION_ERROR", f"One or more associations are invalid: {missing}")
        record = self.store(type_, None, clean)
        for to_type, to_id, type_id in links:
            self.link(type_, record["id"], to_type, to_id, type_id)
        return Reply.json(201, self.shaped(type_, record, list(clean), ["hs_object_id", "createdate",
                                                                         "hs_lastmodifieddate"]))

    def checked_create_associations(self, problems, type_, associations):
        """[(to type, to id, type id)] of a create body's associations."""
        links = []
        if not isinstance(associations, list):
            problems.add("associations is not a list")
            return links
        for index, item in enumerate(associations):
            to_id = (item.get("to") or {}).get("id") if isinstance(item, dict) else None
            types = item.get("types") if isinstance(item, dict) else None
            if to_id is None or not isinstance(types, list) or not types:
                problems.add(f"association {index} is not {{to: {{id}}, types: [...]}}")
                continue
            for spec in types:
                to_type = self.association_target(type_, spec)
                if to_type is None:
                    problems.add(f"association {index}: {spec!r} is no HUBSPOT_DEFINED type from {type_}")
                else:
                    links.append((to_type, str(to_id), spec["associationTypeId"]))
        return links

    @staticmethod
    def association_target(type_, spec):
        if not isinstance(spec, dict) or spec.get("associationCategory") != "HUBSPOT_DEFINED":
            return None
        return next((to for (frm, to), ids in ASSOCIATION_TYPES.items()
                     if frm == type_ and spec.get("associationTypeId") in ids), None)

    # --- associations ------------------------------------------------------------------------------

    def link(self, from_type, from_id, to_type, to_id, type_id):
        self.associations.setdefault((from_type, from_id), {}).setdefault((to_type, to_id), set()).add(type_id)
        self.associations.setdefault((to_type, to_id), {}).setdefault((from_type, from_id), set()).add(
            REVERSE_TYPE[type_id])

    def association_pair(self, from_name, to_name):
        from_type, to_type = self.object_type(from_name), self.object_type(to_name)
        if (from_type, to_type) not in ASSOCIATION_TYPES:
            raise hs_refusal(400, "VALIDATION_ERROR", f"No association between {from_type} and {to_type}",
                             f"association {from_type} -> {to_type} is not one Bluebird uses")
        return from_type, to_type

    def association_result(self, from_id, to_id, type_id):
        return {"associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id},
                "from": {"id": from_id}, "to": {"id": to_id}}

    def associate(self, request, from_name, from_id, to_name, to_id):
        from_type, to_type = self.association_pair(from_name, to_name)
        if request.body_bytes.strip():
            self.violate(request, "the default-association PUT takes no body")
        if from_id not in self.records[from_type] or to_id not in self.records[to_type]:
            raise hs_refusal(404, "OBJECT_NOT_FOUND", "One or both objects do not exist")
        type_id = next(iter(ASSOCIATION_TYPES[(from_type, to_type)]))
        self.link(from_type, from_id, to_type, to_id, type_id)
        return self.batch_envelope([self.association_result(from_id, to_id, type_id)])

    def batch_associate(self, request, from_name, to_name):
        from_type, to_type = self.association_pair(from_name, to_name)
        body = self.json_body(request, {"inputs"}, ("inputs",))
        inputs = self.inputs(request, body)
        type_id = next(iter(ASSOCIATION_TYPES[(from_type, to_type)]))
        results, missing = [], []
        for index, item in enumerate(inputs):
            from_id, to_id = (item.get("from") or {}).get("id"), (item.get("to") or {}).get("id")
            if from_id is None or to_id is None:
                raise hs_refusal(400, "VALIDATION_ERROR", "inputs are {from: {id}, to: {id}}",
                                 f"batch associate input {index} is not {{from: {{id}}, to: {{id}}}}")
            if str(from_id) not in self.records[from_type] or str(to_id) not in self.records[to_type]:
                missing.append(f"{from_id}->{to_id}")
                continue
            self.link(from_type, str(from_id), to_type, str(to_id), type_id)
            results.append(self.association_result(str(from_id), str(to_id), type_id))
        errors = [{"status": "error", "category": "OBJECT_NOT_FOUND", "message": "Objects do not exist",
                   "context": {"pairs": missing}}] if missing else None
        return self.batch_envelope(results, errors)

    # --- search ------------------------------------------------------------------------------------

    def search(self, request, name):
        type_ = self.object_type(name)
        body = self.json_body(request, {"filterGroups", "sorts", "properties", "limit", "after", "query"})
        problems = Problems(self, request)
        groups = self.checked_filter_groups(problems, type_, body.get("filterGroups", []))
        sorts = self.checked_sorts(problems, type_, body.get("sorts", []))
        limit, after = body.get("limit", 10), body.get("after", "0")
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= SEARCH_LIMIT:
            problems.add(f"limit {limit!r} is not 1..{SEARCH_LIMIT}")
        if not str(after).isdigit():
            problems.add(f"after {after!r} is not a paging.next.after value")
        elif isinstance(limit, int) and int(after) + limit > SEARCH_RESULTS_CAP:
            problems.add(f"paging past {SEARCH_RESULTS_CAP} results (after {after})")
        if "query" in body:
            problems.add("the free-text query is not implemented by the mock")
        problems.raise_if_any()
        rows = [r for r in self.records[type_].values()
                if not groups or any(all(self.filter_holds(type_, r, f) for f in g) for g in groups)]
        rows.sort(key=lambda r: int(r["id"]))
        for sort in reversed(sorts):
            descriptor = self.property(type_, sort["propertyName"])
            rows.sort(key=lambda r, d=descriptor: self.sort_key(d, r), reverse=sort.get("direction") == "DESCENDING")
        start = int(after)
        page = rows[start:start + limit]
        answer = {"total": len(rows), "results": [self.shaped(type_, r, body.get("properties")) for r in page]}
        if start + limit < len(rows):
            answer["paging"] = {"next": {"after": str(start + limit)}}
        return Reply.json(200, answer)

    def checked_filter_groups(self, problems, type_, groups):
        if not isinstance(groups, list) or len(groups) > FILTER_GROUPS_MAX:
            problems.add(f"filterGroups is not a list of at most {FILTER_GROUPS_MAX}")
            return []
        for group in groups:
            filters = group.get("filters") if isinstance(group, dict) else None
            if not isinstance(filters, list) or not filters or len(filters) > FILTERS_PER_GROUP_MAX:
                problems.add(f"a filter group is not {{filters: [1..{FILTERS_PER_GROUP_MAX}]}}")
                return []
            for item in filters:
                self.check_filter(problems, type_, item)
        return [g["filters"] for g in groups]

    def check_filter(self, problems, type_, item):
        name = item.get("propertyName") if isinstance(item, dict) else None
        operator = item.get("operator") if isinstance(item, dict) else None
        if self.property(type_, name or "") is None:
            problems.add(f"search filter on unknown property {name!r}",
                         violation=name not in self.removed_properties[type_])
        if operator not in OPERATORS:
            problems.add(f"search operator {operator!r} is not one of {sorted(OPERATORS)}")
        elif operator in ("HAS_PROPERTY", "NOT_HAS_PROPERTY") and "value" in item:
            problems.add(f"{operator} takes no value")
        elif operator in ("IN", "NOT_IN") and not isinstance(item.get("values"), list):
            problems.add(f"{operator} takes values: [...]")
        elif operator == "BETWEEN" and ("value" not in item or "highValue" not in item):
            problems.add("BETWEEN takes value and highValue")
        elif operator not in ("HAS_PROPERTY", "NOT_HAS_PROPERTY", "IN", "NOT_IN") and \
                not isinstance(item.get("value"), (str, int, float)):
            problems.add(f"{operator} on {name} takes a value")

    def checked_sorts(self, problems, type_, sorts):
        if not isinstance(sorts, list):
            problems.add("sorts is not a list")
            return []
        for sort in sorts:
            if not isinstance(sort, dict) or self.property(type_, sort.get("propertyName", "")) is None or \
                    sort.get("direction", "ASCENDING") not in ("ASCENDING", "DESCENDING"):
                problems.add(f"sort {sort!r} is not {{propertyName (known), direction: ASCENDING|DESCENDING}}")
                return []
        return sorts

    @staticmethod
    def comparable(descriptor, value):
        if value is None:
            return None
        kind = descriptor["type"] if descriptor else "string"
        text = str(value)
        if kind in ("datetime", "date"):
            return int(text) if text.lstrip("-").isdigit() else epoch_ms(parse_datetime(text))
        if kind == "number":
            return float(text)
        return text.lower()

    def sort_key(self, descriptor, record):
        value = self.comparable(descriptor, record["properties"].get(descriptor["name"]))
        return (0,) if value is None else (1, value)

    def filter_holds(self, type_, record, item):
        descriptor = self.property(type_, item["propertyName"])
        value = self.comparable(descriptor, record["properties"].get(item["propertyName"]))
        operator = item["operator"]
        if operator == "HAS_PROPERTY":
            return value is not None
        if operator == "NOT_HAS_PROPERTY":
            return value is None
        if operator in ("IN", "NOT_IN"):
            inside = value in [self.comparable(descriptor, v) for v in item["values"]]
            return inside if operator == "IN" else not inside
        target = self.comparable(descriptor, item["value"])
        if operator in ("EQ", "NEQ"):
            return (value == target) == (operator == "EQ")
        if value is None:
            return False
        if operator in ("CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"):
            return (str(target).strip("*") in str(value)) == (operator == "CONTAINS_TOKEN")
        if operator == "BETWEEN":
            return target <= value <= self.comparable(descriptor, item["highValue"])
        return {"LT": value < target, "LTE": value <= target, "GT": value > target, "GTE": value >= target}[operator]

    # --- properties and pipelines ------------------------------------------------------------------

    def list_properties(self, request, name):
        return Reply.json(200, {"results": self.properties[self.object_type(name)]})

    def get_property(self, request, name, property_name):
        descriptor = self.property(self.object_type(name), property_name)
        if descriptor is None:
            raise hs_refusal(404, "OBJECT_NOT_FOUND", f"Unable to find property {property_name}")
        return Reply.json(200, descriptor)

    def checked_property_spec(self, problems, type_, spec):
        if not isinstance(spec, dict):
            problems.add("a property definition is not an object")
            return
        for key in ("name", "label", "type", "fieldType", "groupName"):
            if not isinstance(spec.get(key), str) or not spec[key]:
                problems.add(f"a property definition lacks {key}")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", str(spec.get("name", ""))):
            problems.add(f"property name {spec.get('name')!r} is not lower-case letters, digits and _")
        if spec.get("type") not in FIELD_TYPES:
            problems.add(f"property type {spec.get('type')!r} is not one of {sorted(FIELD_TYPES)}")
        elif spec.get("fieldType") not in FIELD_TYPES[spec["type"]]:
            problems.add(f"fieldType {spec.get('fieldType')!r} does not go with type {spec['type']!r}")
        if not isinstance(spec.get("hasUniqueValue", False), bool):
            problems.add("hasUniqueValue is not a boolean")

    def new_property(self, type_, spec):
        stamp = iso_z(self.now())
        descriptor = prop(spec["name"], spec["type"], spec["fieldType"], spec["groupName"], spec["label"],
                          spec.get("hasUniqueValue", False), options=spec.get("options"))
        descriptor.update(createdAt=stamp, updatedAt=stamp, formField=bool(spec.get("formField", False)),
                          description=spec.get("description", ""))
        self.properties[type_].append(descriptor)
        self.removed_properties[type_].discard(spec["name"])
        self.groups[type_].add(spec["groupName"])
        return descriptor

    def create_property(self, request, name):
        type_ = self.object_type(name)
        spec = self.json_body(request, {"name", "label", "type", "fieldType", "groupName", "hasUniqueValue",
                                        "description", "options", "displayOrder", "formField", "hidden"})
        problems = Problems(self, request)
        self.checked_property_spec(problems, type_, spec)
        problems.raise_if_any()
        if self.property(type_, spec["name"]) is not None:
            raise hs_refusal(409, "OBJECT_ALREADY_EXISTS", f"Property named '{spec['name']}' already exists.")
        return Reply.json(201, self.new_property(type_, spec))

    def batch_create_properties(self, request, name):
        type_ = self.object_type(name)
        inputs = self.inputs(request, self.json_body(request, {"inputs"}, ("inputs",)))
        problems = Problems(self, request)
        for spec in inputs:
            self.checked_property_spec(problems, type_, spec)
        problems.raise_if_any()
        existing = [s["name"] for s in inputs if self.property(type_, s["name"]) is not None]
        results = [self.new_property(type_, s) for s in inputs if s["name"] not in existing]
        errors = [{"status": "error", "category": "OBJECT_ALREADY_EXISTS",
                   "message": f"Property named '{n}' already exists.", "context": {"name": [n]}} for n in existing]
        reply = self.batch_envelope(results, errors)
        if not errors:
            reply.status = 201
        return reply

    def create_group(self, request, name):
        type_ = self.object_type(name)
        spec = self.json_body(request, {"name", "label", "displayOrder"}, ("name", "label"))
        if spec["name"] in self.groups[type_]:
            raise hs_refusal(409, "OBJECT_ALREADY_EXISTS", f"Property group '{spec['name']}' already exists.")
        self.groups[type_].add(spec["name"])
        return Reply.json(201, {"name": spec["name"], "label": spec["label"],
                                "displayOrder": spec.get("displayOrder", -1), "archived": False})

    def list_pipelines(self, request, name):
        return Reply.json(200, {"results": list(self.pipelines.values())})

    def get_pipeline(self, request, name, pipeline_id):
        if pipeline_id not in self.pipelines:
            raise hs_refusal(404, "OBJECT_NOT_FOUND", f"Unable to find pipeline {pipeline_id}")
        return Reply.json(200, self.pipelines[pipeline_id])

    # --- control -----------------------------------------------------------------------------------

    def config_action(self, key, value):
        if key == "rate_limit_remaining":
            self.roll_windows()
            self.window_used = self.config["rate_limit_max"] - int(value)
            return True
        if key == "daily_remaining":
            self.daily_used = self.config["daily_limit"] - int(value)
            return True
        if key == "path_family" and value not in ("v3", "2026-03", "any"):
            raise ControlError('path_family is "v3", "2026-03" or "any"')
        return False

    def control_type(self, name):
        type_ = OBJECT_TYPES.get(name or "")
        if type_ is None:
            raise ControlError(f"unknown object {name!r}; known: contacts, companies, deals")
        return type_

    def put_record(self, value):
        if not isinstance(value, dict):
            raise ControlError("the body is a JSON object")
        type_ = self.control_type(value.get("object"))
        record_id = None if value.get("id") is None else str(value["id"])
        clean = {}
        for name, setting in (value.get("properties") or {}).items():
            descriptor = self.property(type_, name)
            if descriptor is None or descriptor["modificationMetadata"]["readOnlyValue"]:
                raise ControlError(f"{type_} has no writeable property {name!r}")
            try:
                clean[name] = self.normalized_value(type_, descriptor, setting)
            except ValueError as error:
                raise ControlError(f"{name} {error}") from None
        if "dealstage" in clean and self.stage_of(clean["dealstage"])[1] is None:
            raise ControlError(f"dealstage {clean['dealstage']!r} is in no pipeline")
        if type_ == "deals" and "dealstage" in clean and "pipeline" not in clean:
            clean["pipeline"] = self.stage_of(clean["dealstage"])[0]["id"]
        record = self.store(type_, record_id, clean)
        for other in value.get("associate") or []:
            to_type = self.control_type(other.get("object"))
            if str(other.get("id")) not in self.records[to_type] or (type_, to_type) not in ASSOCIATION_TYPES:
                raise ControlError(f"cannot associate {type_} with {to_type} {other.get('id')}")
            self.link(type_, record["id"], to_type, str(other["id"]), next(iter(ASSOCIATION_TYPES[(type_, to_type)])))
        return self.record_view(type_, record)

    def record_view(self, type_, record):
        links = {}
        for (to_type, to_id), type_ids in self.associations.get((type_, record["id"]), {}).items():
            links.setdefault(to_type, []).append({"id": to_id, "types": sorted(type_ids)})
        return {**copy.deepcopy(record), "associations": links}

    def get_records(self, name):
        type_ = self.control_type(name)
        return [self.record_view(type_, r) for r in self.records[type_].values()]

    def change_schema(self, value):
        if not isinstance(value, dict):
            raise ControlError("the body is a JSON object")
        if value.get("install_bluebird_properties"):
            for type_, specs in bluebird_properties().items():
                for spec in specs:
                    if self.property(type_, spec["name"]) is None:
                        self.properties[type_].append(spec)
                        self.groups[type_].add("bluebird")
            return {"ok": True}
        if "set_pipeline" in value:
            return self.set_pipeline(value["set_pipeline"])
        type_ = self.control_type(value.get("object"))
        if "remove_property" in value:
            descriptor = self.property(type_, value["remove_property"])
            if descriptor is None:
                raise ControlError(f"{type_} has no property {value['remove_property']!r}")
            self.properties[type_].remove(descriptor)
            self.removed_properties[type_].add(descriptor["name"])
            for record in self.records[type_].values():
                record["properties"].pop(descriptor["name"], None)
            return {"ok": True}
        if "add_property" in value:
            spec = value["add_property"]
            problems = Problems()
            self.checked_property_spec(problems, type_, spec)
            if problems.messages or self.property(type_, spec["name"]) is not None:
                raise ControlError("; ".join(problems.messages) or f"{spec['name']} exists")
            return self.new_property(type_, spec)
        raise ControlError("schema change is install_bluebird_properties, set_pipeline, remove_property or "
                           "add_property")

    def set_pipeline(self, spec):
        if not isinstance(spec, dict) or not spec.get("id") or not isinstance(spec.get("stages"), list):
            raise ControlError("set_pipeline takes {id, label, stages: [{id, label, isClosed, probability}]}")
        old = self.pipelines.get(spec["id"])
        stages = [stage(s["id"], s.get("label", s["id"]), bool(s.get("isClosed", False)),
                        float(s.get("probability", 0.0)), i) for i, s in enumerate(spec["stages"])]
        if old is not None:
            self.removed_stages.update({s["id"] for s in old["stages"]} - {s["id"] for s in stages})
        self.pipelines[spec["id"]] = {"id": spec["id"], "label": spec.get("label", spec["id"]),
                                      "displayOrder": len(self.pipelines), "archived": False,
                                      "createdAt": EPOCH, "updatedAt": iso_z(self.now()), "stages": stages}
        return self.pipelines[spec["id"]]


def sign_command(args):
    body = open(args.body_file, "rb").read() if args.body_file else sys.stdin.buffer.read()
    headers = signed_webhook_headers(args.secret, args.uri, body, args.timestamp, args.method)
    out = {"headers": headers}
    if args.deliver:
        request = urllib.request.Request(args.uri, data=body, headers=headers, method=args.method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                out.update(status=response.status, body=response.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as error:
            out.update(status=error.code, body=error.read().decode("utf-8", "replace"))
    print(json.dumps(out))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int)
    parser.add_argument("--path-family", choices=["2026-03", "v3", "any"], default="2026-03")
    parser.add_argument("--sign-v3", action="store_true", help="sign a webhook body instead of serving")
    parser.add_argument("--secret")
    parser.add_argument("--uri")
    parser.add_argument("--method", default="POST")
    parser.add_argument("--timestamp", type=int, help="X-HubSpot-Request-Timestamp in ms (default: now)")
    parser.add_argument("--body-file")
    parser.add_argument("--deliver", action="store_true", help="also send the signed request to --uri")
    args = parser.parse_args()
    if args.sign_v3:
        if not args.secret or not args.uri:
            parser.error("--sign-v3 needs --secret and --uri")
        return sign_command(args)
    if args.port is None:
        parser.error("--port is required to serve")
    return serve(HubSpotMock(args.path_family), args.port)


if __name__ == "__main__":
    sys.exit(main())
