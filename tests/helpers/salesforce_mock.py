#!/usr/bin/python3
"""A local mock of the Salesforce REST API for Bluebird's connector tests (standard library only;
RS256 JWTs are checked with `openssl dgst -sha256 -verify`). See docs/integrations.md (its mock section) for
which documented behaviour it follows and where it had to choose.

    salesforce_mock.py --port 0 [--api-version 64.0]

Prints "PORT <n>" as its first line on stdout once it listens on 127.0.0.1 (--port 0: a free
port), then runs until SIGTERM or SIGINT. instance_url in token answers is http://127.0.0.1:<n>.

Endpoints (vNN.0 is any version; one other than --api-version is served but is a violation):
    POST  /services/oauth2/token                              client_credentials or JWT bearer
    GET   /services/data/vNN.0/sobjects/{Object}/describe     Lead, Contact, Account, Opportunity
    PATCH /services/data/vNN.0/sobjects/{Object}/{Id}                  update by record id (204)
    PATCH /services/data/vNN.0/sobjects/{Object}/{ExtField}/{value}[?updateOnly=true]
    PATCH /services/data/vNN.0/composite/sobjects/{Object}/{ExtField}     Collections upsert
    PATCH /services/data/vNN.0/composite/sobjects                          Collections update by id
    GET   /services/data/vNN.0/query?q=SOQL  and  /services/data/vNN.0/query/{locator}-{offset}
Every /services/data answer carries Sforce-Limit-Info: api-usage=N/M. Anything else is 404
NOT_FOUND and a violation. Every API call needs Authorization: Bearer <a token this mock minted or
was given through config access_token>.

SOQL subset: SELECT f1, f2 FROM Object [WHERE e] [ORDER BY f [ASC|DESC], ...] [LIMIT n], with e
conditions joined by AND or by OR, and ( e ) for grouping (AND and OR mixed at one level without
parentheses is refused, as in SOQL); a condition is F = lit, F != lit, F < > <= >= lit,
F IN (lit, ...), F = null, F != null, or F LIKE 'pattern' (text fields only: % any run, _ one
character, a backslash escapes % and _, case-insensitive); lit is 'quoted text', an unquoted
2026-01-01T00:00:00Z date-time, 2026-01-01 date, number, true, false. Anything else is 400
MALFORMED_QUERY and a violation; LIKE on a field that is not text is 400 INVALID_FIELD and a violation.

Writes follow the describe: a read-only field, or a create-only one (Opportunity.ContactId) on an
update, is INVALID_FIELD_FOR_INSERT_UPDATE and a violation; a reference field (AccountId, ContactId)
naming no existing record of its object is INVALID_CROSS_REFERENCE_KEY, a data error (no violation).

Control API: see crm_mock_common.py, plus
  POST /__mock/config   client_id, client_secret (client credentials); jwt_public_key_pem (a PEM
                        public key or X.509 certificate), username, audience (default: any of
                        https://login.salesforce.com, https://test.salesforce.com, the mock's URL),
                        jwt_max_future_seconds (300), jwt_uses_mock_clock (false: exp is checked
                        against real time); query_page_size (2000); api_limit (100000), api_usage
                        (0); update_status (200 or 204 for an upsert that updates);
                        duplicate_rule_on_lead_email (false, true = "block", or "alert": allowSave
                        in Sforce-Duplicate-Rule-Header lets it save). Actions: expire_tokens: true
                        (every token so far answers 401 INVALID_SESSION_ID), access_token: "T" (T
                        becomes a valid token).
  POST /__mock/records  {"object", "id"?, "fields": {...}} creates or updates as a CRM user (any
                        field, read-only ones too; SystemModstamp moves; IsWon/IsClosed follow the
                        StageName picklist's metadata). {"object": "Lead", "id", "convert": {
                        "account_id"?, "contact_id"?, "create_opportunity"? (true),
                        "opportunity_fields"? {...}, "map_lead_fields"? [names] (default: every
                        Bluebird_* field present on both objects)}} converts a lead. Answers the
                        record(s).
  GET  /__mock/records?object=Lead
  POST /__mock/schema   {"object", "remove_field": NAME} | {"object", "add_field": {"name", "type",
                        ...describe keys}} | {"object", "field", "picklist": [value or {"value",
                        "label"?, "active"?, "closed"?, "won"?}]}. A field or picklist value removed
                        this way still answers the documented error but is no violation.
Faults, besides the common ones: invalid_session, request_limit, duplicates_detected {record_id,
record_type?, entity_type?, misspelt?, allow_save?}, multiple_matches {ids?, record_type?},
invalid_grant {description?}, partial_batch {index, status_code?, message?, fields?} (Collections upsert
and update).
"""

import argparse
import atexit
import base64
import copy
import datetime
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crm_mock_common import (  # noqa: E402 (after the path is set)
    ControlError, MockApp, Refusal, Reply, parse_datetime, serve)

LOGIN_HOSTS = ("https://login.salesforce.com", "https://test.salesforce.com")
ID_PREFIX = {"Lead": "00Q", "Contact": "003", "Account": "001", "Opportunity": "006", "OpportunityStage": "01J"}
ORG_ID = "00DMk0000000001EAA"
USER_ID = "005Mk0000000001AAA"
COLLECTION_LIMIT = 200
COLLECTION_CHUNKS = 10  # runs of records of one type in a Collections update
RECORD_ID_RE = re.compile(r"[A-Za-z0-9]{15}|[A-Za-z0-9]{18}")
LEAD_SOURCES = ["Web", "Phone Inquiry", "Partner Referral", "External Referral", "Employee Referral",
                "Word of mouth", "Purchased List", "Other"]
LEAD_STATUSES = ["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"]
STAGES = [  # (value, closed, won)
    ("Prospecting", False, False), ("Qualification", False, False), ("Needs Analysis", False, False),
    ("Value Proposition", False, False), ("Id. Decision Makers", False, False),
    ("Perception Analysis", False, False), ("Proposal/Price Quote", False, False),
    ("Negotiation/Review", False, False), ("Closed Won", True, True), ("Closed Lost", True, False),
]
TEXT_TYPES = {"id", "string", "email", "url", "picklist", "reference", "textarea", "phone"}
NUMBER_TYPES = {"double", "currency", "int", "percent"}
DUPLICATE_HEADER_KEYS = {"allowSave", "includeRecordDetails", "runAsCurrentUser"}


# --- schema ----------------------------------------------------------------------------------------

def picklist_entry(value, label=None, active=True, closed=None, won=None):
    entry = {"active": active, "defaultValue": False, "label": label or value, "validFor": None, "value": value}
    if closed is not None:  # Not in the real describe: the mock's own metadata (see the docs)
        entry["mock_closed"] = closed
        entry["mock_won"] = bool(won)
    return entry


def field(name, type_, **options):
    descriptor = {
        "name": name, "type": type_, "label": options.pop("label", name.replace("__c", "").replace("_", " ")),
        "createable": True, "updateable": True, "nillable": True, "defaultedOnCreate": False,
        "externalId": False, "unique": False, "custom": name.endswith("__c"), "length": 0,
        "picklistValues": [], "referenceTo": [],
    }
    if type_ in TEXT_TYPES - {"id", "reference"}:
        descriptor["length"] = 255
    descriptor.update(options)
    return descriptor


def read_only(name, type_, **options):
    return field(name, type_, createable=False, updateable=False, **options)


def system_fields():
    return [
        read_only("Id", "id", nillable=False, defaultedOnCreate=True, length=18),
        read_only("CreatedDate", "datetime", nillable=False, defaultedOnCreate=True),
        read_only("LastModifiedDate", "datetime", nillable=False, defaultedOnCreate=True),
        read_only("SystemModstamp", "datetime", nillable=False, defaultedOnCreate=True),
    ]


def bluebird_fields():
    return [
        field("Bluebird_Referral_Id__c", "string", externalId=True, unique=True),
        field("Bluebird_Advocate_Name__c", "string"),
        field("Bluebird_Advocate_Email__c", "email"),
        field("Bluebird_Referral_Url__c", "url"),
        field("Bluebird_Program__c", "string"),
        field("Bluebird_Channel__c", "string"),
        field("Bluebird_Lead_Score__c", "double", precision=18, scale=0),
        field("Bluebird_Lead_Grade__c", "string", length=2),
    ]


def lead_source_field():
    return field("LeadSource", "picklist", picklistValues=[picklist_entry(v) for v in LEAD_SOURCES])


def default_schema():
    reference = lambda name, to, **o: field(name, "reference", referenceTo=[to], length=18, **o)  # noqa: E731
    lead = system_fields() + [
        field("FirstName", "string"), field("LastName", "string", nillable=False),
        field("Company", "string", nillable=False), field("Email", "email"), lead_source_field(),
        field("Status", "picklist", nillable=False, defaultedOnCreate=True,
              picklistValues=[picklist_entry(v) for v in LEAD_STATUSES]),
        read_only("IsConverted", "boolean", nillable=False, defaultedOnCreate=True),
        reference("ConvertedOpportunityId", "Opportunity", createable=False, updateable=False),
        reference("ConvertedContactId", "Contact", createable=False, updateable=False),
        reference("ConvertedAccountId", "Account", createable=False, updateable=False),
        read_only("ConvertedDate", "date"),
    ] + bluebird_fields()
    contact = system_fields() + [
        field("FirstName", "string"), field("LastName", "string", nillable=False), field("Email", "email"),
        reference("AccountId", "Account"), lead_source_field(),
    ] + bluebird_fields() + [
        field("Bluebird_Advocate__c", "boolean", nillable=False, defaultedOnCreate=True),
        field("Bluebird_Advocate_Code__c", "string"),
        field("Bluebird_Referral_Count__c", "double"),
    ]
    account = system_fields() + [field("Name", "string", nillable=False), field("Website", "url")]
    opportunity = system_fields() + [
        field("Name", "string", nillable=False),
        field("StageName", "picklist", nillable=False,
              picklistValues=[picklist_entry(v, closed=c, won=w) for v, c, w in STAGES]),
        field("Amount", "currency"), field("CloseDate", "date", nillable=False),
        reference("AccountId", "Account"), lead_source_field(),
        # The primary contact (API 46.0+). Createable is [U]; the mock refuses it on every update.
        reference("ContactId", "Contact", updateable=False),
        read_only("IsWon", "boolean", nillable=False, defaultedOnCreate=True),
        read_only("IsClosed", "boolean", nillable=False, defaultedOnCreate=True),
    ] + bluebird_fields()
    # The stages' metadata (read-only; its rows follow Opportunity.StageName's picklist): what
    # Salesforce says about each stage beyond the picklist, IsClosed and IsWon above all.
    stage = [read_only("Id", "id", nillable=False, defaultedOnCreate=True, length=18),
             read_only("ApiName", "string"), read_only("MasterLabel", "string"),
             read_only("IsActive", "boolean"), read_only("IsClosed", "boolean"), read_only("IsWon", "boolean"),
             read_only("SortOrder", "int")]
    return {"Lead": lead, "Contact": contact, "Account": account, "Opportunity": opportunity,
            "OpportunityStage": stage}


def required_on_create(descriptor):
    return (descriptor["createable"] and not descriptor["nillable"] and not descriptor["defaultedOnCreate"]
            and descriptor["type"] != "boolean")


# --- formats ---------------------------------------------------------------------------------------

def sf_datetime(moment):
    """2026-12-02T10:00:00.000+0000, as Salesforce writes date-times."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sf_errors(errors):
    """The top-level error envelope: [{"message", "errorCode", "fields"?}]."""
    body = []
    for code, message, fields in errors:
        entry = {"message": message, "errorCode": code}
        if fields is not None:
            entry["fields"] = fields
        body.append(entry)
    return body


def refuse(status, code, message, violation=None, fields=None):
    return Refusal(Reply.json(status, sf_errors([(code, message, fields)])), violation)


def oauth_refusal(error, description, violation=None):
    return Refusal(Reply.json(400, {"error": error, "error_description": description}), violation)


class WriteError:
    """A field-level problem with a write: its Salesforce code and, if Bluebird broke the
    documented contract, the violation to record."""

    def __init__(self, code, message, fields, violation=None):
        self.code, self.message, self.fields, self.violation = code, message, fields, violation

    def top_level(self):
        return (self.code, self.message, self.fields)

    def per_record(self):
        return {"statusCode": self.code, "message": self.message, "fields": self.fields}


# --- SOQL subset -----------------------------------------------------------------------------------

class SoqlError(Exception):
    pass


TOKEN_RE = re.compile(r"""\s*(?:
    (?P<string>'(?:[^'\\]|\\.)*')
  | (?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))
  | (?P<date>\d{4}-\d{2}-\d{2})
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<op>!=|<=|>=|=|<|>)
  | (?P<punct>[(),])
  | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
)""", re.X)
KEYWORDS = {"select", "from", "where", "and", "or", "not", "like", "order", "by", "asc", "desc", "limit", "in", "null",
            "true", "false"}
MAX_NESTING = 20  # parentheses deeper than this are refused (the mock's limit, not Salesforce's)


def tokenize(text):
    tokens, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = TOKEN_RE.match(text, pos)
        if not match:
            raise SoqlError(f"unexpected text at {text[pos:pos + 20]!r}")
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


class SoqlParser:
    """Parses the subset into {object, fields, where, order [(field, descending)], limit}. where is
    None or an expression tree: ("and" | "or", [nodes]) or a condition ("condition", field, op,
    literal); literals are (kind, value), a LIKE pattern is ("pattern", compiled regex)."""

    def __init__(self, text):
        self.tokens = tokenize(text)
        self.pos = 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        if token[0] is None:
            raise SoqlError("unexpected end of query")
        self.pos += 1
        return token

    def keyword(self, word):
        kind, value = self.peek()
        if kind == "word" and value.lower() == word:
            self.pos += 1
            return True
        return False

    def expect(self, word):
        if not self.keyword(word):
            raise SoqlError(f"expected {word.upper()} at {self.peek()[1]!r}")

    def identifier(self):
        kind, value = self.take()
        if kind != "word" or value.lower() in KEYWORDS:
            raise SoqlError(f"expected a field or object name at {value!r}")
        if "." in value:
            raise SoqlError(f"relationship fields ({value}) are outside the supported subset")
        if self.peek() == ("punct", "("):
            raise SoqlError(f"functions ({value}(...)) are outside the supported subset")
        return value

    def comma_list(self, item):
        items = [item()]
        while self.peek() == ("punct", ","):
            self.pos += 1
            items.append(item())
        return items

    def literal(self):
        kind, value = self.take()
        if kind == "string":
            return ("string", re.sub(r"\\(.)", r"\1", value[1:-1]))
        if kind == "datetime":
            return ("datetime", parse_datetime(value))
        if kind == "date":
            return ("date", datetime.date.fromisoformat(value))
        if kind == "number":
            return ("number", float(value))
        if kind == "word" and value.lower() in ("null", "true", "false"):
            return ("null", None) if value.lower() == "null" else ("boolean", value.lower() == "true")
        raise SoqlError(f"expected a literal at {value!r}")

    def condition(self):
        if self.keyword("not"):
            raise SoqlError("NOT is outside the supported subset")
        name = self.identifier()
        if self.keyword("in"):
            if self.take() != ("punct", "("):
                raise SoqlError("expected ( after IN")
            values = self.comma_list(self.literal)
            if self.take() != ("punct", ")"):
                raise SoqlError("expected ) to close IN")
            return ("condition", name, "in", values)
        if self.keyword("like"):
            kind, value = self.take()
            if kind != "string":
                raise SoqlError(f"LIKE takes a quoted pattern, not {value!r}")
            return ("condition", name, "like", ("pattern", like_regex(value[1:-1])))
        kind, op = self.take()
        if kind != "op":
            raise SoqlError(f"expected an operator after {name} (only = != < > <= >= IN LIKE are supported)")
        return ("condition", name, op, self.literal())

    def operand(self, depth):
        """A condition, or a parenthesised expression."""
        if self.peek() != ("punct", "("):
            return self.condition()
        if depth >= MAX_NESTING:
            raise SoqlError(f"parentheses nested deeper than {MAX_NESTING}")
        self.pos += 1
        node = self.expression(depth + 1)
        if self.take() != ("punct", ")"):
            raise SoqlError("expected ) to close a parenthesis")
        return node

    def expression(self, depth=0):
        """Operands joined by one logical operator. SOQL requires parentheses once AND and OR are
        mixed, so `a AND b OR c` is refused (Salesforce: MALFORMED_QUERY, unexpected token: OR)."""
        operands = [self.operand(depth)]
        joiner = next((word for word in ("and", "or") if self.keyword(word)), None)
        if joiner is None:
            return operands[0]
        operands.append(self.operand(depth))
        other = "or" if joiner == "and" else "and"
        while True:
            if self.keyword(other):
                raise SoqlError(f"unexpected token: {other.upper()} (AND and OR mixed without parentheses)")
            if not self.keyword(joiner):
                return (joiner, operands)
            operands.append(self.operand(depth))

    def order_item(self):
        name = self.identifier()
        descending = self.keyword("desc")
        if not descending:
            self.keyword("asc")
        return (name, descending)

    def parse(self):
        self.expect("select")
        fields = self.comma_list(self.identifier)
        self.expect("from")
        query = {"object": self.identifier(), "fields": fields, "where": None, "order": [], "limit": None}
        if self.keyword("where"):
            query["where"] = self.expression()
        if self.keyword("order"):
            self.expect("by")
            query["order"] = self.comma_list(self.order_item)
        if self.keyword("limit"):
            kind, value = self.take()
            if kind != "number" or not value.isdigit():
                raise SoqlError("LIMIT takes a whole number")
            query["limit"] = int(value)
        if self.peek()[0] is not None:
            raise SoqlError(f"unexpected {self.peek()[1]!r} (outside the supported subset)")
        return query


LITERAL_KINDS = {"datetime": {"datetime"}, "date": {"date"}, "boolean": {"boolean"}}


def literal_fits(descriptor, literal):
    kind = literal[0]
    if kind == "null":
        return True
    type_ = descriptor["type"]
    if type_ in TEXT_TYPES:
        return kind == "string"
    if type_ in NUMBER_TYPES:
        return kind == "number"
    return kind in LITERAL_KINDS.get(type_, set())


def comparable(descriptor, value):
    if value is None:
        return None
    type_ = descriptor["type"]
    if type_ == "datetime":
        return value if isinstance(value, datetime.datetime) else parse_datetime(value)
    if type_ == "date":
        return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
    if type_ in TEXT_TYPES and type_ != "id":
        return str(value).lower()
    if type_ in NUMBER_TYPES:
        return float(value)
    return value


@functools.lru_cache(maxsize=4096)
def like_regex(quoted):
    """The compiled, case-insensitive regex for a LIKE pattern (the text between its quotes): % is
    any run of characters, _ exactly one, and a backslash makes the next character literal (\\% and
    \\_ match a percent sign and an underscore)."""
    parts, chars = [], iter(quoted)
    for char in chars:
        if char == "\\":
            parts.append(re.escape(next(chars, "\\")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def conditions(node):
    """Every condition ("condition", field, op, literal) of an expression tree, left to right."""
    if node is None:
        return
    if node[0] == "condition":
        yield node
        return
    for child in node[1]:
        yield from conditions(child)


def condition_holds(descriptor, record_value, op, literal):
    if op == "like":
        return record_value is not None and literal[1].fullmatch(str(record_value)) is not None
    left = comparable(descriptor, record_value)
    if op == "in_set":
        return left is not None and left in literal
    if op == "in":
        return left is not None and left in [comparable(descriptor, v) for _, v in literal]
    right = comparable(descriptor, literal[1])
    if op == "=":
        return left == right
    if op == "!=":
        return left != right
    if left is None or right is None:
        return False
    return {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}[op]


def prepared(node, field_of):
    """The expression tree made ready to filter many records: each condition carries its field's
    descriptor ("prepared" nodes), and each IN list is a set of comparable values ("in_set"), so
    that filtering N records by K values costs N lookups, not N x K conversions and field searches."""
    if node is None:
        return None
    if node[0] == "condition":
        _, name, op, literal = node
        descriptor = field_of(name)
        if op == "in":
            op, literal = "in_set", frozenset(comparable(descriptor, v) for _, v in literal)
        return ("prepared", descriptor, op, literal)
    return (node[0], [prepared(child, field_of) for child in node[1]])


def expression_holds(node, record):
    """Whether record satisfies the expression tree (as `prepared` gives it)."""
    if node is None:
        return True
    if node[0] == "prepared":
        _, descriptor, op, literal = node
        return condition_holds(descriptor, record.get(descriptor["name"]), op, literal)
    results = (expression_holds(child, record) for child in node[1])
    return all(results) if node[0] == "and" else any(results)


# --- the mock --------------------------------------------------------------------------------------

class SalesforceMock(MockApp):
    FAULT_PARAMS = {
        "invalid_session": set(),
        "request_limit": set(),
        "duplicates_detected": {"record_id", "record_type", "entity_type", "misspelt", "allow_save"},
        "multiple_matches": {"ids", "record_type"},
        "invalid_grant": {"description"},
        "partial_batch": {"index", "status_code", "message", "fields"},
    }
    CONFIG_DEFAULTS = {
        "client_id": None, "client_secret": None, "username": None, "audience": None,
        "jwt_public_key_pem": None, "jwt_max_future_seconds": 300, "jwt_uses_mock_clock": False,
        "query_page_size": 2000, "api_limit": 100000, "api_usage": 0, "update_status": 200,
        "duplicate_rule_on_lead_email": False,
    }
    VERSIONED_RE = re.compile(r"/services/data/v(\d+\.\d+)/(.*)")

    def __init__(self, api_version):
        self.api_version = api_version
        self.key_dir = tempfile.mkdtemp(prefix="salesforce_mock_")
        atexit.register(shutil.rmtree, self.key_dir, True)
        self.routes = [
            (re.compile(r"sobjects/(\w+)/describe/?"), {"GET": self.describe}),
            (re.compile(r"sobjects/(\w+)/([A-Za-z0-9]{15}|[A-Za-z0-9]{18})"), {"PATCH": self.update_by_id}),
            (re.compile(r"sobjects/(\w+)/(\w+)/([^/]+)"), {"PATCH": self.upsert_one}),
            (re.compile(r"composite/sobjects/(\w+)/(\w+)"), {"PATCH": self.upsert_collection}),
            (re.compile(r"composite/sobjects/?"), {"PATCH": self.update_collection}),
            (re.compile(r"query/?"), {"GET": self.query}),
            (re.compile(r"query/([^/]+)-(\d+)"), {"GET": self.query_more}),
        ]
        super().__init__()

    def reset_state(self):
        self.schema = default_schema()
        self.removed_fields = {name: set() for name in self.schema}
        self.removed_values = {}
        self.records = {name: {} for name in self.schema}
        self.value_index = {}  # (object, field) -> {lower-case value: {record ids}}, kept by store()
        self.tokens = set()
        self.minted = set()
        self.cursors = {}
        self.serial = 0
        self.public_key_path = None

    # --- schema lookups ----------------------------------------------------------------------------

    def object_name(self, name):
        return next((known for known in self.schema if known.lower() == name.lower()), None)

    def field(self, obj, name):
        return next((f for f in self.schema[obj] if f["name"].lower() == name.lower()), None)

    def was_removed(self, obj, name):
        return name.lower() in self.removed_fields[obj]

    def picklist_values(self, descriptor, active_only=True):
        return [e["value"] for e in descriptor["picklistValues"] if e["active"] or not active_only]

    def new_id(self, obj):
        self.serial += 1
        return f"{ID_PREFIX[obj]}Mk{self.serial:010d}AAA"

    def record_url(self, obj, record_id, version=None):
        return f"/services/data/v{version or self.api_version}/sobjects/{obj}/{record_id}"

    # --- around every request ----------------------------------------------------------------------

    def before(self, request):
        match = self.VERSIONED_RE.fullmatch(request.path)
        if not match:
            return None
        request.version = match.group(1)
        request.log["api_version"] = request.version
        if request.version != self.api_version:
            self.violate(request, f"API version v{request.version} used; the connector is configured "
                                  f"for v{self.api_version}")
        if self.config["api_usage"] >= self.config["api_limit"]:
            return Reply.json(403, sf_errors([("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.", None)]))
        self.config["api_usage"] += 1
        return None

    def decorate(self, request, reply):
        if request.path.startswith("/services/data/"):
            usage = f"api-usage={self.config['api_usage']}/{self.config['api_limit']}"
            reply.headers.append(("Sforce-Limit-Info", usage))

    def server_error_body(self):
        return sf_errors([("UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include this "
                                                "ErrorId if you contact support: 1234567890-12345 (-123456789)", None)])

    def fault_reply(self, fault, request):
        kind = fault["respond"]
        if kind == "invalid_session":
            return Reply.json(401, sf_errors([("INVALID_SESSION_ID", "Session expired or invalid", None)]))
        if kind == "request_limit":
            return Reply.json(403, sf_errors([("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.", None)]))
        if kind == "invalid_grant":
            description = fault.get("description", "expired access/refresh token")
            return Reply.json(400, {"error": "invalid_grant", "error_description": description})
        record_type = fault.get("record_type") or self.object_in_path(request.path) or "Lead"
        if kind == "duplicates_detected":
            body = self.duplicates_body(fault.get("entity_type") or record_type, record_type,
                                        [fault.get("record_id", ID_PREFIX.get(record_type, "00Q") + "Mk0000099999AAA")],
                                        fault.get("allow_save", False), fault.get("misspelt", False),
                                        getattr(request, "version", None))
            return Reply.json(400, body)
        if kind == "multiple_matches":
            ids = fault.get("ids") or [self.new_id(record_type), self.new_id(record_type)]
            return Reply.json(300, [self.record_url(record_type, i, getattr(request, "version", None)) for i in ids])
        raise AssertionError(kind)

    def object_in_path(self, path):
        match = re.search(r"/sobjects/(\w+)", path)
        return self.object_name(match.group(1)) if match else None

    # --- routing -----------------------------------------------------------------------------------

    def api(self, request):
        if request.path == "/services/oauth2/token":
            if request.method != "POST":
                raise oauth_refusal("invalid_request", "must use HTTP POST", "the token endpoint takes POST")
            return self.token(request)
        match = self.VERSIONED_RE.fullmatch(request.path)
        if not match:
            raise refuse(404, "NOT_FOUND", "The requested resource does not exist",
                         f"{request.method} {request.path} is not an endpoint of the Salesforce REST API "
                         "that Bluebird uses")
        self.require_session(request)
        rest = match.group(2)
        for pattern, methods in self.routes:
            route = pattern.fullmatch(rest)
            if route:
                if request.method not in methods:
                    raise refuse(405, "METHOD_NOT_ALLOWED",
                                 f"HTTP Method '{request.method}' not allowed. Allowed are {', '.join(methods)}",
                                 f"{request.method} is not allowed on {request.path}")
                args = [urllib.parse.unquote(group) for group in route.groups()]
                return methods[request.method](request, *args)
        raise refuse(404, "NOT_FOUND", "The requested resource does not exist",
                     f"{request.method} {request.path} is not an endpoint of the Salesforce REST API that "
                     "Bluebird uses")

    def require_session(self, request):
        header = request.header("authorization") or ""
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer" or not token.strip():
            raise refuse(401, "INVALID_SESSION_ID", "Session expired or invalid",
                         "no 'Authorization: Bearer <access_token>' header")
        if token.strip() not in self.tokens:
            violation = None if token.strip() in self.minted else "a bearer token this mock never issued"
            raise refuse(401, "INVALID_SESSION_ID", "Session expired or invalid", violation)

    def known_object(self, name):
        obj = self.object_name(name)
        if obj is None:
            raise refuse(404, "NOT_FOUND", "The requested resource does not exist",
                         f"sObject {name!r} is not one the mock (or Bluebird) knows")
        return obj

    def json_body(self, request):
        if not request.content_type_is("application/json"):
            raise refuse(400, "JSON_PARSER_ERROR", "Content-Type must be application/json",
                         f"Content-Type is {request.header('content-type')!r}, not application/json")
        if request.json_error is not None or not isinstance(request.json, dict):
            raise refuse(400, "JSON_PARSER_ERROR", "The request body is not a JSON object",
                         "the body is not a JSON object")
        return request.json

    # --- OAuth -------------------------------------------------------------------------------------

    def token(self, request):
        if not request.content_type_is("application/x-www-form-urlencoded"):
            raise oauth_refusal("invalid_request", "unsupported content type",
                                "the token request is not application/x-www-form-urlencoded")
        form = {k: v[0] for k, v in urllib.parse.parse_qs(request.text, keep_blank_values=True).items()}
        grant = form.get("grant_type")
        if grant == "client_credentials":
            return self.client_credentials(request, form)
        if grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return self.jwt_bearer(form)
        raise oauth_refusal("unsupported_grant_type", "grant type not supported",
                            f"grant_type {grant!r}: Bluebird uses client_credentials or jwt-bearer")

    def client_credentials(self, request, form):
        client_id, secret = form.get("client_id"), form.get("client_secret")
        basic = request.header("authorization") or ""
        if basic.startswith("Basic ") and client_id is None:
            client_id, _, secret = base64.b64decode(basic[6:]).decode("utf-8", "replace").partition(":")
        if client_id is None or secret is None:
            raise oauth_refusal("invalid_client", "invalid client credentials",
                                "client_credentials without client_id and client_secret")
        if (self.config["client_id"] is None or client_id != self.config["client_id"]
                or not hmac.compare_digest(secret, self.config["client_secret"] or "")):
            raise oauth_refusal("invalid_client", "invalid client credentials")
        return self.mint(with_signature=True)

    def jwt_bearer(self, form):
        assertion = form.get("assertion") or ""
        parts = assertion.split(".")
        if len(parts) != 3:
            raise oauth_refusal("invalid_grant", "invalid assertion", "the assertion is not a JWT (3 parts)")
        try:
            header, claims = json.loads(b64url_decode(parts[0])), json.loads(b64url_decode(parts[1]))
            signature = b64url_decode(parts[2])
        except ValueError:
            raise oauth_refusal("invalid_grant", "invalid assertion", "the JWT parts are not base64url JSON") from None
        if not isinstance(header, dict) or header.get("alg") != "RS256":
            raise oauth_refusal("invalid_grant", "invalid assertion", "the JWT header's alg is not RS256")
        missing = [claim for claim in ("iss", "sub", "aud", "exp") if claim not in claims]
        if missing:
            raise oauth_refusal("invalid_grant", "invalid assertion", f"the JWT lacks the claims {missing}")
        if self.public_key_path is None or not self.rs256_verifies((parts[0] + "." + parts[1]).encode(), signature):
            raise oauth_refusal("invalid_grant", "invalid assertion")
        self.check_claims(claims)
        return self.mint(with_signature=False)

    def check_claims(self, claims):
        if claims["iss"] != self.config["client_id"]:
            raise oauth_refusal("invalid_client", "invalid client credentials")
        if claims["sub"] != self.config["username"]:
            raise oauth_refusal("invalid_grant", "user hasn't approved this consumer")
        audiences = [self.config["audience"]] if self.config["audience"] else [*LOGIN_HOSTS, self.base_url]
        if claims["aud"] not in audiences:
            raise oauth_refusal("invalid_grant", "audience is invalid")
        now = self.now().timestamp() if self.config["jwt_uses_mock_clock"] else time.time()
        if not isinstance(claims["exp"], (int, float)) or claims["exp"] <= now:
            raise oauth_refusal("invalid_grant", "expired authorization code")
        if claims["exp"] > now + self.config["jwt_max_future_seconds"]:
            raise oauth_refusal("invalid_grant", "invalid assertion: exp is too far in the future")

    def rs256_verifies(self, signing_input, signature):
        with tempfile.NamedTemporaryFile(dir=self.key_dir) as signature_file:
            signature_file.write(signature)
            signature_file.flush()
            result = subprocess.run(
                ["openssl", "dgst", "-sha256", "-verify", self.public_key_path, "-signature", signature_file.name],
                input=signing_input, capture_output=True, check=False)
        return result.returncode == 0

    def mint(self, with_signature):
        token = f"{ORG_ID[:15]}!{secrets.token_urlsafe(48)}"
        self.tokens.add(token)
        self.minted.add(token)
        identity = f"{self.base_url}/id/{ORG_ID}/{USER_ID}"
        body = {"access_token": token, "scope": "api", "instance_url": self.base_url, "id": identity,
                "token_type": "Bearer"}
        if with_signature:
            issued_at = str(int(self.now().timestamp() * 1000))
            mac = hmac.new((self.config["client_secret"] or "").encode(), (identity + issued_at).encode(),
                           hashlib.sha256)
            body.update(issued_at=issued_at, signature=base64.b64encode(mac.digest()).decode())
        return Reply.json(200, body)

    # --- describe ----------------------------------------------------------------------------------

    def describe(self, request, name):
        obj = self.known_object(name)
        return Reply.json(200, {
            "name": obj, "label": obj, "custom": False, "createable": True, "updateable": True,
            "queryable": True, "fields": self.schema[obj],
            "urls": {"describe": f"/services/data/v{request.version}/sobjects/{obj}/describe"},
        })

    # --- writes ------------------------------------------------------------------------------------

    def external_id_field(self, obj, name):
        descriptor = self.field(obj, name)
        if descriptor is None or not descriptor["externalId"]:
            violation = None if self.was_removed(obj, name) else \
                f"{name} is not an external-ID field of {obj}"
            raise refuse(404, "NOT_FOUND", "The requested resource does not exist", violation)
        return descriptor

    def value_error(self, obj, descriptor, value):
        """A WriteError if value does not fit the field's type or picklist, else None."""
        name, type_ = descriptor["name"], descriptor["type"]
        if value is None:
            return None
        wrong = WriteError("JSON_PARSER_ERROR", f"Cannot deserialize {type_} field {name} from {value!r}",
                           [name], f"{obj}.{name} ({type_}) was sent {value!r}")
        if type_ in TEXT_TYPES and not isinstance(value, str):
            return wrong
        if type_ in TEXT_TYPES and descriptor["length"] and len(value) > descriptor["length"]:
            return WriteError("STRING_TOO_LONG", f"{descriptor['label']}: data value too large: {value[:40]} "
                              f"(max length={descriptor['length']})", [name],
                              f"{obj}.{name} (length {descriptor['length']}) was sent {len(value)} characters")
        if type_ == "boolean" and not isinstance(value, bool):
            return wrong
        if type_ in NUMBER_TYPES and (isinstance(value, bool) or not isinstance(value, (int, float))):
            return wrong
        if type_ == "date" and not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
            return wrong
        if type_ == "picklist" and value not in self.picklist_values(descriptor):
            removed = value in self.removed_values.get((obj, name), set())
            return WriteError("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                              f"{descriptor['label']}: bad value for restricted picklist field: {value}", [name],
                              None if removed else f"{obj}.{name} = {value!r} is not among the describe's "
                                                   "active picklist values")
        return None

    def prepare_write(self, obj, body, creating):
        """(fields with canonical names, [WriteError]) for a write of body to obj."""
        clean, errors = {}, []
        for key, value in body.items():
            descriptor = self.field(obj, key)
            if descriptor is None:
                errors.append(WriteError("INVALID_FIELD", f"No such column '{key}' on sobject of type {obj}", [key],
                                         None if self.was_removed(obj, key) else
                                         f"{obj} has no field {key!r} in its describe"))
                continue
            allowed = descriptor["createable"] if creating else descriptor["updateable"]
            if not allowed:
                errors.append(WriteError("INVALID_FIELD_FOR_INSERT_UPDATE",
                                         f"Unable to create/update fields: {descriptor['name']}. Please check the "
                                         "security settings of this field and verify that it is read/write for "
                                         "your profile or permission set.", [descriptor["name"]],
                                         f"{obj}.{descriptor['name']} is not "
                                         f"{'createable' if creating else 'updateable'}"))
                continue
            error = self.value_error(obj, descriptor, value)
            if error:
                errors.append(error)
                continue
            if descriptor["type"] == "reference" and value is not None:
                value = self.referenced_id(descriptor, value)
                if value is None:
                    errors.append(WriteError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id",
                                             [descriptor["name"]]))
                    continue
            clean[descriptor["name"]] = value
        errors.extend(self.missing_required(obj, clean, creating))
        return clean, errors

    def referenced_id(self, descriptor, value):
        """The 18-character id of the existing record a reference field's value names (an 18-character
        id, or its case-sensitive 15-character form), or None: then the write fails with
        INVALID_CROSS_REFERENCE_KEY, a data error and no violation."""
        for target in descriptor["referenceTo"]:
            found = self.existing_id(target, value)
            if found is not None:
                return found
        return None

    def existing_id(self, obj, value):
        """The 18-character id of obj's record that value names (its 18-character id, or the
        case-sensitive 15-character form), or None."""
        records = self.records.get(obj, {})
        if value in records:
            return value
        if len(value) == 15:
            return next((rid for rid in records if rid[:15] == value), None)
        return None

    def missing_required(self, obj, clean, creating):
        required = [f["name"] for f in self.schema[obj] if required_on_create(f)]
        missing = [name for name in required if (creating and clean.get(name) is None)
                   or (not creating and name in clean and clean[name] is None)]
        if not missing:
            return []
        return [WriteError("REQUIRED_FIELD_MISSING", f"Required fields are missing: [{', '.join(missing)}]", missing,
                           f"{obj} {'create' if creating else 'update'} without {missing}")]

    def indexed(self, obj, name, value):
        """The ids of obj's records whose field `name` equals `value` (case-insensitive), in creation
        order, through an index built on first use (a backlog of 100,000 upserts stays linear)."""
        index = self.value_index.get((obj, name))
        if index is None:
            index = self.value_index[(obj, name)] = {}
            for rid, record in self.records[obj].items():
                if isinstance(record.get(name), str):
                    index.setdefault(record[name].lower(), set()).add(rid)
        ids = index.get(value.lower(), set())
        return sorted(rid for rid in ids if rid in self.records[obj]
                      and isinstance(self.records[obj][rid].get(name), str)
                      and self.records[obj][rid][name].lower() == value.lower())

    def forget_index(self, obj):
        for key in [k for k in self.value_index if k[0] == obj]:
            del self.value_index[key]

    def matching_ids(self, obj, ext_name, value):
        return self.indexed(obj, ext_name, value)

    def duplicate_header(self, request):
        raw = request.header("sforce-duplicate-rule-header")
        settings = {}
        for part in (raw or "").split(";"):
            if not part.strip():
                continue
            key, _, value = part.strip().partition("=")
            if key not in DUPLICATE_HEADER_KEYS or value.lower() not in ("true", "false"):
                self.violate(request, f"Sforce-Duplicate-Rule-Header has {part.strip()!r}")
                continue
            settings[key] = value.lower() == "true"
        return settings

    def duplicate_of(self, obj, clean, header):
        """(existing Lead id, allowSave) when the Lead-email duplicate rule blocks this create."""
        mode = self.config["duplicate_rule_on_lead_email"]
        email = clean.get("Email")
        if obj != "Lead" or not mode or not email:
            return None
        existing = next(iter(self.indexed("Lead", "Email", email)), None)
        allow_save = mode == "alert"
        if existing is None or (allow_save and header.get("allowSave")):
            return None
        return existing, allow_save

    def duplicates_body(self, entity_type, record_type, record_ids, allow_save, misspelt, version):
        matches = [{"additionalInformation": [], "fieldDiffs": [], "matchConfidence": 100.0,
                    "record": {"attributes": {"type": record_type, "url": self.record_url(record_type, rid, version)},
                               "Id": rid}} for rid in record_ids]
        result = {
            "allowSave": allow_save, "duplicateRule": f"Standard_Rule_for_{entity_type}s_with_Duplicate_{entity_type}s",
            "duplicateRuleEntityType": entity_type,
            "errorMessage": "You're creating a duplicate record. We recommend you use an existing record instead.",
            "matchResults": [{"entityType": record_type, "errors": [], "matchEngine": "FuzzyMatchEngine",
                              "matchRecords": matches, "rule": f"Standard_{entity_type}_Match_Rule_v1_0",
                              "size": len(matches), "success": True}],
        }
        key = "duplicateResut" if misspelt else "duplicateResult"
        return [{"errorCode": "DUPLICATES_DETECTED", "message": "Use one of these records?", key: result}]

    def new_record(self, obj, record_id, now):
        record = {f["name"]: (False if f["type"] == "boolean" else None) for f in self.schema[obj]}
        record.update(Id=record_id, CreatedDate=sf_datetime(now))
        if obj == "Lead":
            record["Status"] = LEAD_STATUSES[0]
        return record

    def store(self, obj, record_id, fields):
        """Create (record_id None or unknown) or update a record; the stored record."""
        now = self.now()
        if record_id is None:
            record_id = self.new_id(obj)
        record = self.records[obj].get(record_id)
        if record is None:
            record = self.records[obj][record_id] = self.new_record(obj, record_id, now)
        for (indexed_obj, name), index in self.value_index.items():
            if indexed_obj != obj or name not in fields:
                continue
            if isinstance(record.get(name), str):
                index.get(record[name].lower(), set()).discard(record_id)
            if isinstance(fields[name], str):
                index.setdefault(fields[name].lower(), set()).add(record_id)
        record.update(fields)
        record["LastModifiedDate"] = record["SystemModstamp"] = sf_datetime(now)
        if obj == "Opportunity":
            self.derive_stage_flags(record)
        return record

    def derive_stage_flags(self, record):
        descriptor = self.field("Opportunity", "StageName")
        entry = next((e for e in (descriptor["picklistValues"] if descriptor else [])
                      if e["value"] == record.get("StageName")), {})
        record["IsClosed"] = bool(entry.get("mock_closed"))
        record["IsWon"] = bool(entry.get("mock_won"))

    def update_by_id(self, request, name, record_id):
        """PATCH /sobjects/{Object}/{Id}: updates an existing record; 204 without a body."""
        obj = self.known_object(name)
        body = self.json_body(request)
        if any(key.lower() == "id" for key in body):
            raise refuse(400, "INVALID_FIELD", "Unable to update: the body must not contain Id",
                         "update body contains Id (it goes in the URL)", ["Id"])
        if record_id not in self.records[obj]:
            raise refuse(404, "NOT_FOUND", "The requested resource does not exist")
        clean, errors = self.prepare_write(obj, body, False)
        if errors:
            for error in errors:
                if error.violation:
                    self.violate(request, error.violation)
            raise Refusal(Reply.json(400, sf_errors([e.top_level() for e in errors])))
        self.store(obj, record_id, clean)
        return Reply(204)

    def upsert_one(self, request, name, ext_name, value):
        obj = self.known_object(name)
        ext = self.external_id_field(obj, ext_name)
        body = self.json_body(request)
        forbidden = [key for key in body if key.lower() in ("id", ext["name"].lower())]
        if forbidden:
            raise refuse(400, "INVALID_FIELD", f"Unable to upsert: the body must not contain {forbidden[0]}",
                         f"single upsert body contains {forbidden} (Id and the external-ID field go in the URL)",
                         forbidden)
        header = self.duplicate_header(request)
        matches = self.matching_ids(obj, ext["name"], value)
        if len(matches) > 1:
            return Reply.json(300, [self.record_url(obj, rid, request.version) for rid in matches])
        creating = not matches
        if creating and request.param("updateOnly") == "true":
            raise refuse(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + value)
        clean, errors = self.prepare_write(obj, body, creating)
        if errors:
            for error in errors:
                if error.violation:
                    self.violate(request, error.violation)
            raise Refusal(Reply.json(400, sf_errors([e.top_level() for e in errors])))
        duplicate = self.duplicate_of(obj, clean, header) if creating else None
        if duplicate:
            return Reply.json(400, self.duplicates_body(obj, obj, [duplicate[0]], duplicate[1], False, request.version))
        if creating:
            clean[ext["name"]] = value
        record = self.store(obj, None if creating else matches[0], clean)
        if creating:
            return Reply.json(201, {"id": record["Id"], "success": True, "errors": [], "created": True})
        if self.config["update_status"] == 204:
            return Reply(204)
        return Reply.json(200, {"id": record["Id"], "success": True, "errors": [], "created": False})

    def collection_body(self, request, verb):
        """(records, allOrNone) of a Collections body (verb: upsert or update), after the checks every
        Collections write shares: {allOrNone?, records} with 1 to 200 records."""
        body = self.json_body(request)
        unknown = set(body) - {"allOrNone", "records"}
        records = body.get("records")
        if unknown or not isinstance(records, list) or not isinstance(body.get("allOrNone", False), bool):
            raise refuse(400, "JSON_PARSER_ERROR", "The body must be {\"allOrNone\": boolean, \"records\": [...]}",
                         f"Collections body is not {{allOrNone, records}} (unknown keys {sorted(unknown)})")
        if not records:
            raise refuse(400, "INVALID_FIELD", f"No records to {verb}", f"Collections {verb} with no records")
        if len(records) > COLLECTION_LIMIT:
            raise refuse(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records "
                         "into this call", f"Collections {verb} with {len(records)} records (at most 200)")
        if not all(isinstance(record, dict) for record in records):
            raise refuse(400, "JSON_PARSER_ERROR", "Each record must be a JSON object",
                         f"a Collections {verb} record is not an object")
        return records, body.get("allOrNone", False)

    def collection_records(self, request, obj, ext):
        """The records list of a Collections upsert body, after the whole-request checks."""
        records, all_or_none = self.collection_body(request, "upsert")
        for index, record in enumerate(records):
            self.check_collection_record(obj, ext, index, record)
        return records, all_or_none

    def check_collection_record(self, obj, ext, index, record):
        attributes = record.get("attributes")
        record_type = attributes.get("type") if isinstance(attributes, dict) else None
        if record_type is None or record_type.lower() != obj.lower():
            raise refuse(400, "INVALID_TYPE", "Each record must have attributes.type matching the URI",
                         f"Collections record {index} has attributes.type {record_type!r}, not {obj!r}")
        if any(key.lower() == "id" for key in record):
            raise refuse(400, "INVALID_FIELD", "Records must not carry an Id in an upsert",
                         f"Collections record {index} carries Id (external IDs only)")
        value = next((v for k, v in record.items() if k.lower() == ext["name"].lower()), None)
        if not isinstance(value, str) or not value:
            raise refuse(400, "INVALID_FIELD", f"Each record needs a value for {ext['name']}",
                         f"Collections record {index} has no {ext['name']} value")

    def upsert_collection(self, request, name, ext_name):
        obj = self.known_object(name)
        ext = self.external_id_field(obj, ext_name)
        records, all_or_none = self.collection_records(request, obj, ext)
        header = self.duplicate_header(request)
        fault = self.take_batch_fault(request)
        snapshot = copy.deepcopy(self.records[obj]) if all_or_none else None
        results, seen = [], set()
        for index, record in enumerate(records):
            if fault is not None and fault.get("index", 0) == index:
                results.append(self.fault_result(fault))
                continue
            results.append(self.upsert_collection_record(request, obj, ext, record, header, seen))
        if all_or_none and not all(r["success"] for r in results):
            self.records[obj] = snapshot
            self.forget_index(obj)
            results = [r if not r["success"] else self.rolled_back() for r in results]
        return Reply.json(200, results)

    @staticmethod
    def fault_result(fault):
        return {"success": False, "errors": [{
            "statusCode": fault.get("status_code", "FIELD_CUSTOM_VALIDATION_EXCEPTION"),
            "message": fault.get("message", "Injected by the mock's partial_batch fault"),
            "fields": fault.get("fields", [])}]}

    @staticmethod
    def rolled_back(record_id=None):
        """The result of a record undone by allOrNone. An update's keeps its id, as Salesforce's
        documented example shows; an upsert's has none."""
        result = {"id": record_id} if record_id else {}
        return {**result, "success": False, "errors": [{
            "statusCode": "ALL_OR_NONE_OPERATION_ROLLED_BACK",
            "message": "Record rolled back because not all records were valid and the request was using "
                       "AllOrNone header", "fields": []}]}

    def upsert_collection_record(self, request, obj, ext, record, header, seen):
        value = next(v for k, v in record.items() if k.lower() == ext["name"].lower())
        fields = {k: v for k, v in record.items() if k != "attributes" and k.lower() != ext["name"].lower()}
        if value.lower() in seen:
            self.violate(request, f"Collections upsert carries {ext['name']} {value!r} twice")
            return {"success": False, "errors": [WriteError(
                "DUPLICATE_EXTERNAL_ID", f"Duplicate external id specified: {value}", [ext["name"]]).per_record()]}
        seen.add(value.lower())
        matches = self.matching_ids(obj, ext["name"], value)
        if len(matches) > 1:
            return {"success": False, "errors": [WriteError(
                "DUPLICATE_EXTERNAL_ID", f"Duplicate external id specified: {value}", [ext["name"]]).per_record()]}
        creating = not matches
        clean, errors = self.prepare_write(obj, fields, creating)
        for error in errors:
            if error.violation:
                self.violate(request, error.violation)
        if errors:
            return {"success": False, "errors": [e.per_record() for e in errors]}
        if creating and self.duplicate_of(obj, clean, header):
            return {"success": False, "errors": [{"statusCode": "DUPLICATES_DETECTED",
                                                  "message": "Use one of these records?", "fields": []}]}
        if creating:
            clean[ext["name"]] = value
        stored = self.store(obj, None if creating else matches[0], clean)
        return {"id": stored["Id"], "success": True, "errors": [], "created": creating}

    def update_collection(self, request):
        """PATCH /composite/sobjects: sObject Collections update. Each record names its object in
        attributes.type and its record in id (or Id); records of several objects may be mixed, in at
        most 10 runs of one type (Salesforce's chunks). One SaveResult per record, in order."""
        records, all_or_none = self.collection_body(request, "update")
        types = [self.update_record_type(index, record) for index, record in enumerate(records)]
        chunks = 1 + sum(1 for before, after in zip(types, types[1:]) if before != after)
        if chunks > COLLECTION_CHUNKS:
            raise refuse(400, "INVALID_BATCH_REQUEST", "Cannot have more than 10 chunks in a single operation. "
                         "Please rearrange the data to reduce chunking.",
                         f"Collections update in {chunks} chunks of one object type each (at most 10)")
        fault = self.take_batch_fault(request)
        snapshot = {obj: copy.deepcopy(self.records[obj]) for obj in set(types)} if all_or_none else None
        results, seen = [], set()
        for index, (obj, record) in enumerate(zip(types, records)):
            if fault is not None and fault.get("index", 0) == index:
                results.append(self.fault_result(fault))
                continue
            results.append(self.update_collection_record(request, obj, record, seen))
        if all_or_none and not all(r["success"] for r in results):
            for obj, saved in snapshot.items():
                self.records[obj] = saved
                self.forget_index(obj)
            results = [r if not r["success"] else self.rolled_back(r["id"]) for r in results]
        return Reply.json(200, results)

    def update_record_type(self, index, record):
        """The object a Collections update record names, after its shape checks (each failure is a
        whole-request 400 and a violation): attributes.type is a known object, and there is one id."""
        attributes = record.get("attributes")
        record_type = attributes.get("type") if isinstance(attributes, dict) else None
        obj = self.object_name(record_type) if isinstance(record_type, str) else None
        if obj is None:
            raise refuse(400, "INVALID_TYPE", "Each record must have attributes.type naming an sObject",
                         f"Collections update record {index} has attributes.type {record_type!r}, no known object")
        keys = [key for key in record if key.lower() == "id"]
        if len(keys) != 1 or not isinstance(record[keys[0]], str):
            raise refuse(400, "MISSING_ARGUMENT", "Id not specified in an update call",
                         f"Collections update record {index} does not carry one id string (keys {keys})")
        return obj

    def update_collection_record(self, request, obj, record, seen):
        key = next(k for k in record if k.lower() == "id")
        record_id, error = self.update_target(obj, record[key])
        if error is None and record_id in seen:
            error = WriteError("DUPLICATE_VALUE", f"Duplicate id in list: {record_id}", [],
                               f"Collections update carries {obj} {record_id} twice")
        if error is not None:
            return self.failure(request, [error])
        seen.add(record_id)
        fields = {k: v for k, v in record.items() if k not in ("attributes", key)}
        clean, errors = self.prepare_write(obj, fields, False)
        if errors:
            return self.failure(request, errors)
        self.store(obj, record_id, clean)
        return {"id": record_id, "success": True, "errors": []}

    def update_target(self, obj, value):
        """(the 18-character id of the obj record that an update's id names, None), or (None, the
        WriteError). The codes:
        - not 15 or 18 letters and digits, or the key prefix of another object (an Account id in a
          Contact record): MALFORMED_ID "Contact ID: id value of incorrect type: <id>", fields [Id]. The
          wrong-prefix case is Salesforce's documented example; the same answer for a malformed id is
          the mock's choice. Both are violations: Bluebird only sends ids Salesforce gave it for that
          object.
        - well formed, right prefix, no such record: ENTITY_IS_DELETED "entity is deleted", a data
          error and no violation. The mock's records are never deleted, but an id Salesforce gave
          Bluebird that names no record is one a user deleted (or merged) since; Salesforce answers
          ENTITY_IS_DELETED for those, while an id that never existed may get INVALID_CROSS_REFERENCE_KEY,
          so a connector treats both as "the record is gone"."""
        incorrect = f"{obj} ID: id value of incorrect type: {value}"
        if not RECORD_ID_RE.fullmatch(value):
            return None, WriteError("MALFORMED_ID", incorrect, ["Id"],
                                    f"Collections update of {obj} with id {value!r}, not a 15- or 18-character id")
        if value[:3] != ID_PREFIX[obj]:
            return None, WriteError("MALFORMED_ID", incorrect, ["Id"],
                                    f"Collections update of {obj} with id {value}, not a {obj} id "
                                    f"(prefix {ID_PREFIX[obj]})")
        record_id = self.existing_id(obj, value)
        if record_id is None:
            return None, WriteError("ENTITY_IS_DELETED", "entity is deleted", [])
        return record_id, None

    def failure(self, request, errors):
        """The result of a Collections record that failed with errors, whose violations are recorded."""
        for error in errors:
            if error.violation:
                self.violate(request, error.violation)
        return {"success": False, "errors": [e.per_record() for e in errors]}

    # --- query -------------------------------------------------------------------------------------

    def malformed(self, message):
        return refuse(400, "MALFORMED_QUERY", message, f"SOQL outside the supported subset or invalid: {message}")

    def query(self, request):
        text = request.param("q")
        if not text:
            raise self.malformed("the q parameter is missing")
        try:
            parsed = SoqlParser(text).parse()
        except SoqlError as error:
            raise self.malformed(str(error)) from None
        obj, fields = self.checked_query(parsed)
        where = prepared(parsed["where"], lambda n: self.field(obj, n))
        rows = [r for r in self.candidates(obj, where) if expression_holds(where, r)]
        for name, descending in reversed(parsed["order"]):
            descriptor = self.field(obj, name)
            rows.sort(key=lambda r, d=descriptor: self.sort_key(d, r.get(d["name"])), reverse=descending)
        if parsed["limit"] is not None:
            rows = rows[:parsed["limit"]]
        shaped = [self.query_row(obj, fields, row, request.version) for row in rows]
        self.serial += 1
        locator = f"01gMk{self.serial:013d}"
        self.cursors[locator] = shaped
        return self.query_page(locator, 0, request.version)

    def candidates(self, obj, where):
        """The records a query looks at, in creation order: through the value index when the whole
        WHERE is one IN on a text field (external ids and Email are indexed in Salesforce too, and
        a backlog's lookups stay linear), else every record."""
        if obj == "OpportunityStage":
            return self.opportunity_stages()
        if where is not None and where[0] == "prepared" and where[2] == "in_set":
            descriptor = where[1]
            if descriptor["type"] in TEXT_TYPES and descriptor["type"] != "id":
                ids = {rid for value in where[3] if isinstance(value, str)
                       for rid in self.indexed(obj, descriptor["name"], value)}
                return [self.records[obj][rid] for rid in sorted(ids)]  # ids are issued in order
        return self.records[obj].values()

    def opportunity_stages(self):
        """OpportunityStage rows, one per StageName picklist value (inactive ones included)."""
        entries = self.field("Opportunity", "StageName")["picklistValues"]
        return [{"Id": f"01JMk{index:010d}AAA", "ApiName": e["value"], "MasterLabel": e["label"],
                 "IsActive": e["active"], "IsClosed": bool(e.get("mock_closed")), "IsWon": bool(e.get("mock_won")),
                 "SortOrder": index + 1} for index, e in enumerate(entries)]

    def checked_query(self, parsed):
        obj = self.object_name(parsed["object"])
        if obj is None:
            raise refuse(400, "INVALID_TYPE", f"sObject type '{parsed['object']}' is not supported.",
                         f"SOQL FROM an unknown object {parsed['object']!r}")
        where = list(conditions(parsed["where"]))
        names = parsed["fields"] + [c[1] for c in where] + [o[0] for o in parsed["order"]]
        for name in names:
            if self.field(obj, name) is None:
                raise refuse(400, "INVALID_FIELD", f"No such column '{name}' on entity '{obj}'.",
                             None if self.was_removed(obj, name) else f"SOQL names {obj}.{name}, not in the describe")
        fields = [self.field(obj, n)["name"] for n in parsed["fields"]]
        if len({f.lower() for f in fields}) != len(fields):
            raise self.malformed("duplicate field selected")
        for _, name, op, literal in where:
            self.check_condition(obj, name, op, literal)
        return obj, fields

    def check_condition(self, obj, name, op, literal):
        """Refuses a condition whose literal does not fit its field (MALFORMED_QUERY), or a LIKE on a
        field that is not text (INVALID_FIELD, "invalid operator on <type> field"); both are violations."""
        descriptor = self.field(obj, name)
        if op == "like":
            if descriptor["type"] not in TEXT_TYPES:
                raise refuse(400, "INVALID_FIELD", f"invalid operator on {descriptor['type']} field",
                             f"SOQL LIKE on {obj}.{descriptor['name']}, a {descriptor['type']} field (LIKE is for "
                             "text fields)")
            return
        literals = literal if op == "in" else [literal]
        for item in literals:
            if item[0] == "null" and op not in ("=", "!="):
                raise self.malformed(f"null only compares with = or != ({name} {op} null)")
            if not literal_fits(descriptor, item):
                raise self.malformed(f"value of filter criterion for field '{name}' ({descriptor['type']}) "
                                     f"does not fit: {item[0]} literal (date-times are unquoted, text is quoted)")

    @staticmethod
    def sort_key(descriptor, value):
        return (0,) if value is None else (1, comparable(descriptor, value))

    def query_row(self, obj, fields, record, version):
        row = {"attributes": {"type": obj, "url": self.record_url(obj, record["Id"], version)}}
        row.update({name: record.get(name) for name in fields})
        return row

    def query_page(self, locator, offset, version):
        rows = self.cursors[locator]
        size = max(1, int(self.config["query_page_size"]))
        page = rows[offset:offset + size]
        done = offset + size >= len(rows)
        body = {"totalSize": len(rows), "done": done, "records": page}
        if not done:
            body["nextRecordsUrl"] = f"/services/data/v{version}/query/{locator}-{offset + size}"
        return Reply.json(200, body)

    def query_more(self, request, locator, offset):
        if locator not in self.cursors or int(offset) >= max(1, len(self.cursors[locator])):
            raise refuse(400, "INVALID_QUERY_LOCATOR", "invalid query locator",
                         f"query locator {locator}-{offset} was never handed out by this mock")
        return self.query_page(locator, int(offset), request.version)

    # --- control -----------------------------------------------------------------------------------

    def config_action(self, key, value):
        if key == "expire_tokens":
            if value:
                self.tokens.clear()
            return True
        if key == "access_token":
            self.tokens.add(str(value))
            self.minted.add(str(value))
            return True
        if key == "jwt_public_key_pem":
            self.public_key_path = self.write_public_key(value) if value else None
            self.config[key] = value
            return True
        if key == "update_status" and value not in (200, 204):
            raise ControlError("update_status is 200 or 204")
        if key == "duplicate_rule_on_lead_email" and value not in (False, True, "block", "alert"):
            raise ControlError('duplicate_rule_on_lead_email is false, true ("block"), "block" or "alert"')
        if key == "duplicate_rule_on_lead_email" and value is True:
            self.config[key] = "block"
            return True
        return False

    def write_public_key(self, pem):
        path = os.path.join(self.key_dir, f"public_{self.serial}_{secrets.token_hex(4)}.pem")
        if "BEGIN CERTIFICATE" in pem:
            result = subprocess.run(["openssl", "x509", "-pubkey", "-noout"], input=pem.encode(),
                                    capture_output=True, check=False)
            if result.returncode != 0:
                raise ControlError("jwt_public_key_pem: openssl cannot read the certificate")
            pem = result.stdout.decode()
        with open(path, "w", encoding="utf-8") as key_file:
            key_file.write(pem)
        check = subprocess.run(["openssl", "pkey", "-pubin", "-in", path, "-noout"], capture_output=True, check=False)
        if check.returncode != 0:
            raise ControlError("jwt_public_key_pem: openssl cannot read the public key")
        return path

    def control_object(self, value):
        if not isinstance(value, dict) or not isinstance(value.get("object"), str):
            raise ControlError('the body needs "object"')
        obj = self.object_name(value["object"])
        if obj is None:
            raise ControlError(f"unknown object {value['object']!r}; known: {sorted(self.schema)}")
        return obj

    def put_record(self, value):
        obj = self.control_object(value)
        if "convert" in value:
            return self.convert_lead(obj, value.get("id"), value["convert"] or {})
        fields = value.get("fields") or {}
        clean = {}
        for key, setting in fields.items():
            descriptor = self.field(obj, key)
            if descriptor is None:
                raise ControlError(f"{obj} has no field {key!r}")
            clean[descriptor["name"]] = setting
        if obj == "Opportunity" and "StageName" in clean and \
                clean["StageName"] not in self.picklist_values(self.field(obj, "StageName"), active_only=False):
            raise ControlError(f"StageName {clean['StageName']!r} is not in the picklist")
        return self.store(obj, value.get("id"), clean)

    def convert_lead(self, obj, lead_id, options):
        if obj != "Lead" or lead_id not in self.records["Lead"]:
            raise ControlError("convert needs the id of an existing Lead")
        lead = self.records["Lead"][lead_id]
        if lead["IsConverted"]:
            raise ControlError(f"Lead {lead_id} is already converted")
        mapped = options.get("map_lead_fields")
        account = self.conversion_account(lead, options.get("account_id"))
        contact = self.conversion_contact(lead, account["Id"], options.get("contact_id"), mapped)
        opportunity = None
        if options.get("create_opportunity", True):
            opportunity = self.conversion_opportunity(lead, account["Id"], mapped, options.get("opportunity_fields") or {})
        self.store("Lead", lead_id, {
            "IsConverted": True, "Status": options.get("converted_status", "Closed - Converted"),
            "ConvertedDate": self.now().date().isoformat(), "ConvertedAccountId": account["Id"],
            "ConvertedContactId": contact["Id"], "ConvertedOpportunityId": opportunity["Id"] if opportunity else None,
        })
        return {"lead": self.records["Lead"][lead_id], "account": account, "contact": contact,
                "opportunity": opportunity}

    def mapped_fields(self, lead, target, mapped):
        names = mapped if mapped is not None else [
            f["name"] for f in self.schema["Lead"] if f["name"].startswith("Bluebird_")]
        return {self.field(target, n)["name"]: lead.get(self.field("Lead", n)["name"]) for n in names
                if self.field(target, n) is not None and self.field("Lead", n) is not None}

    def conversion_account(self, lead, account_id):
        if account_id is not None:
            if account_id not in self.records["Account"]:
                raise ControlError(f"no Account {account_id}")
            return self.records["Account"][account_id]
        return self.store("Account", None, {"Name": lead["Company"]})

    def conversion_contact(self, lead, account_id, contact_id, mapped):
        values = {"FirstName": lead["FirstName"], "LastName": lead["LastName"], "Email": lead["Email"],
                  "AccountId": account_id, "LeadSource": lead["LeadSource"],
                  **self.mapped_fields(lead, "Contact", mapped)}
        if contact_id is None:
            return self.store("Contact", None, values)
        if contact_id not in self.records["Contact"]:
            raise ControlError(f"no Contact {contact_id}")
        existing = self.records["Contact"][contact_id]  # conversion fills only empty fields
        return self.store("Contact", contact_id, {k: v for k, v in values.items() if existing.get(k) in (None, "")})

    def conversion_opportunity(self, lead, account_id, mapped, overrides):
        close = self.now().date() + datetime.timedelta(days=30)
        values = {"Name": f"{lead['Company']}-", "StageName": STAGES[0][0], "CloseDate": close.isoformat(),
                  "AccountId": account_id, "LeadSource": lead["LeadSource"],
                  **self.mapped_fields(lead, "Opportunity", mapped)}
        for key, setting in overrides.items():
            descriptor = self.field("Opportunity", key)
            if descriptor is None:
                raise ControlError(f"Opportunity has no field {key!r}")
            values[descriptor["name"]] = setting
        return self.store("Opportunity", None, values)

    def get_records(self, name):
        obj = self.control_object({"object": name})
        return list(self.records[obj].values())

    def change_schema(self, value):
        obj = self.control_object(value)
        if "remove_field" in value:
            descriptor = self.field(obj, value["remove_field"])
            if descriptor is None:
                raise ControlError(f"{obj} has no field {value['remove_field']!r}")
            self.schema[obj].remove(descriptor)
            self.removed_fields[obj].add(descriptor["name"].lower())
            for record in self.records[obj].values():
                record.pop(descriptor["name"], None)
            self.forget_index(obj)
        elif "add_field" in value:
            spec = dict(value["add_field"])
            if self.field(obj, spec.get("name", "")) is not None or "type" not in spec:
                raise ControlError("add_field needs a new name and a type")
            self.schema[obj].append(field(spec.pop("name"), spec.pop("type"), **spec))
            self.removed_fields[obj].discard(value["add_field"]["name"].lower())
        elif "picklist" in value:
            self.set_picklist(obj, value.get("field"), value["picklist"])
        else:
            raise ControlError("schema change is remove_field, add_field or field + picklist")
        return {"name": obj, "fields": self.schema[obj]}

    def set_picklist(self, obj, name, values):
        descriptor = self.field(obj, name or "")
        if descriptor is None or descriptor["type"] != "picklist":
            raise ControlError(f"{obj}.{name} is not a picklist field")
        entries = []
        for item in values:
            item = {"value": item} if isinstance(item, str) else item
            closed = item.get("closed", False) if name.lower() == "stagename" else None
            entries.append(picklist_entry(item["value"], item.get("label"), item.get("active", True),
                                          closed, item.get("won", False)))
        old = set(self.picklist_values(descriptor, active_only=False))
        self.removed_values.setdefault((obj, descriptor["name"]), set()).update(
            old - {e["value"] for e in entries if e["active"]})
        descriptor["picklistValues"] = entries


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api-version", default="64.0")
    args = parser.parse_args()
    if not re.fullmatch(r"\d+\.0", args.api_version):
        parser.error("--api-version looks like 64.0")
    return serve(SalesforceMock(args.api_version), args.port)


if __name__ == "__main__":
    sys.exit(main())
