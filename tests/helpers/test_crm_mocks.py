#!/usr/bin/python3
"""Self-test of the mock CRM servers (salesforce_mock.py, hubspot_mock.py) and of the HubSpot webhook
signer: each mock runs as a subprocess, as Bluebird's tests run it, and every endpoint, every fault
and every kind of bad request (which must become a violation) is exercised.

    /usr/bin/python3 -m unittest tests/helpers/test_crm_mocks.py
"""

import base64
import datetime
import hashlib
import hmac
import http.client
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import hubspot_mock  # noqa: E402 (after the path is set)

V = "/services/data/v64.0"
HS = "/crm/objects/2026-03"


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {name.lower(): value for name, value in headers}
        self.text = body.decode("utf-8", "replace")
        try:
            self.json = json.loads(self.text) if self.text else None
        except ValueError:
            self.json = None


class MockProcess:
    """A mock started as a subprocess; call() sends a request, control() a control request."""

    def __init__(self, script, *args):
        self.process = subprocess.Popen([sys.executable, os.path.join(HERE, script), "--port", "0", *args],
                                        stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError(f"{script} did not start: {line!r}")
        self.port = int(line.split()[1])
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        self.process.stdout.close()

    def call(self, method, path, body=None, headers=None, timeout=10):
        headers = dict(headers or {})
        data = body
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            data = body.encode()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            return Answer(response.status, response.getheaders(), response.read())
        finally:
            connection.close()

    def control(self, method, path, body=None):
        answer = self.call(method, "/__mock/" + path, body)
        if answer.status != 200:
            raise AssertionError(f"control {method} {path}: {answer.status} {answer.text}")
        return answer.json


class MockTestCase(unittest.TestCase):
    SCRIPT = None
    ARGS = ()

    @classmethod
    def setUpClass(cls):
        cls.mock = MockProcess(cls.SCRIPT, *cls.ARGS)

    @classmethod
    def tearDownClass(cls):
        cls.mock.stop()

    def setUp(self):
        self.mock.control("POST", "reset")

    def violations(self):
        return self.mock.control("GET", "violations")

    def assertViolations(self, count, contains=None):
        found = self.violations()
        self.assertEqual(len(found), count, json.dumps(found, indent=1))
        if contains:
            self.assertTrue(any(contains in v["message"] for v in found), (contains, found))
        return found

    def assertNewViolation(self, before, contains=None):
        found = self.violations()
        self.assertGreater(len(found), before, f"no violation recorded for {contains!r}")
        if contains:
            self.assertTrue(any(contains in v["message"] for v in found[before:]), (contains, found[before:]))
        return len(found)

    def requests(self):
        return self.mock.control("GET", "requests")


# --- Salesforce ------------------------------------------------------------------------------------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_jwt(key_path, claims, header=None):
    signing_input = b64url(json.dumps(header or {"alg": "RS256"}).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key_path], input=signing_input.encode(),
                               capture_output=True, check=True).stdout
    return signing_input + "." + b64url(signature)


def form(**fields):
    return urllib.parse.urlencode(fields)


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class SalesforceMockTest(MockTestCase):
    SCRIPT = "salesforce_mock.py"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.keys = tempfile.TemporaryDirectory()
        cls.key = os.path.join(cls.keys.name, "key.pem")
        cls.other_key = os.path.join(cls.keys.name, "other.pem")
        cls.cert = os.path.join(cls.keys.name, "cert.pem")
        for path in (cls.key, cls.other_key):
            subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                            "-out", path], check=True, capture_output=True)
        subprocess.run(["openssl", "req", "-x509", "-new", "-key", cls.key, "-subj", "/CN=bluebird-test", "-days",
                        "2", "-out", cls.cert], check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        cls.keys.cleanup()
        super().tearDownClass()

    def token(self):
        self.mock.control("POST", "config", {"client_id": "cid", "client_secret": "secret"})
        answer = self.mock.call("POST", "/services/oauth2/token",
                                form(grant_type="client_credentials", client_id="cid", client_secret="secret"), FORM)
        self.assertEqual(answer.status, 200, answer.text)
        return answer.json["access_token"]

    def sf(self, method, tail, body=None, headers=None, token=None, version="v64.0"):
        all_headers = {"Authorization": f"Bearer {token or self.bearer}"}
        all_headers.update(headers or {})
        return self.mock.call(method, f"/services/data/{version}/{tail}", body, all_headers)

    def setUp(self):
        super().setUp()
        self.bearer = self.token()

    def upsert(self, obj, value, body, **kw):
        return self.sf("PATCH", f"sobjects/{obj}/Bluebird_Referral_Id__c/{value}", body, **kw)

    def lead(self, value="ref_1", **fields):
        body = {"LastName": "Smith", "Company": "Acme", **fields}
        answer = self.upsert("Lead", value, body)
        self.assertIn(answer.status, (200, 201), answer.text)
        return answer.json["id"]

    def query(self, soql):
        return self.sf("GET", "query?" + urllib.parse.urlencode({"q": soql}))

    # OAuth ------------------------------------------------------------------------------------------

    def test_client_credentials_token(self):
        answer = self.mock.call("POST", "/services/oauth2/token",
                                form(grant_type="client_credentials", client_id="cid", client_secret="secret"), FORM)
        body = answer.json
        self.assertEqual(answer.status, 200)
        self.assertEqual(body["instance_url"], self.mock.base)
        self.assertEqual(body["token_type"], "Bearer")
        self.assertNotIn("refresh_token", body)
        for key in ("access_token", "id", "scope", "issued_at", "signature"):
            self.assertIn(key, body)
        expected = base64.b64encode(hmac.new(b"secret", (body["id"] + body["issued_at"]).encode(),
                                             hashlib.sha256).digest()).decode()
        self.assertEqual(body["signature"], expected)
        basic = base64.b64encode(b"cid:secret").decode()
        answer = self.mock.call("POST", "/services/oauth2/token", form(grant_type="client_credentials"),
                                {**FORM, "Authorization": f"Basic {basic}"})
        self.assertEqual(answer.status, 200)
        wrong = self.mock.call("POST", "/services/oauth2/token",
                               form(grant_type="client_credentials", client_id="cid", client_secret="nope"), FORM)
        self.assertEqual((wrong.status, wrong.json["error"]), (400, "invalid_client"))
        self.assertIn("error_description", wrong.json)
        self.assertViolations(0)
        as_json = self.mock.call("POST", "/services/oauth2/token", {"grant_type": "client_credentials"})
        self.assertEqual(as_json.status, 400)
        self.assertViolations(1, "x-www-form-urlencoded")
        refresh = self.mock.call("POST", "/services/oauth2/token", form(grant_type="refresh_token"), FORM)
        self.assertEqual(refresh.json["error"], "unsupported_grant_type")
        self.assertViolations(2, "grant_type")

    def jwt_config(self, pem_path):
        with open(pem_path, encoding="utf-8") as pem:
            self.mock.control("POST", "config", {"jwt_public_key_pem": pem.read(), "client_id": "consumer-key",
                                                 "username": "integration@acme.example"})

    def jwt_token(self, key=None, header=None, **overrides):
        claims = {"iss": "consumer-key", "sub": "integration@acme.example", "aud": "https://login.salesforce.com",
                  "exp": int(time.time()) + 120, **overrides}
        assertion = make_jwt(key or self.key, claims, header)
        return self.mock.call("POST", "/services/oauth2/token",
                              form(grant_type="urn:ietf:params:oauth:grant-type:jwt-bearer", assertion=assertion),
                              FORM)

    def test_jwt_bearer_token(self):
        self.jwt_config(self.cert)  # an X.509 certificate, as uploaded to the app
        answer = self.jwt_token()
        self.assertEqual(answer.status, 200, answer.text)
        self.assertEqual(answer.json["instance_url"], self.mock.base)
        self.assertNotIn("refresh_token", answer.json)
        self.assertNotIn("signature", answer.json)
        self.assertEqual(self.sf("GET", "sobjects/Lead/describe", token=answer.json["access_token"]).status, 200)
        self.assertEqual(self.jwt_token(aud=self.mock.base).status, 200)
        subprocess.run(["openssl", "pkey", "-in", self.key, "-pubout", "-out", self.key + ".pub"], check=True)
        self.jwt_config(self.key + ".pub")  # a public key PEM works as well as a certificate
        self.assertEqual(self.jwt_token().status, 200)
        for overrides, error in [({"exp": int(time.time()) - 5}, "invalid_grant"),
                                 ({"exp": int(time.time()) + 600}, "invalid_grant"),
                                 ({"sub": "someone@else"}, "invalid_grant"),
                                 ({"aud": "https://evil.example"}, "invalid_grant"),
                                 ({"iss": "other-key"}, "invalid_client")]:
            answer = self.jwt_token(**overrides)
            self.assertEqual((answer.status, answer.json["error"]), (400, error), overrides)
        self.assertEqual(self.jwt_token(key=self.other_key).json["error"], "invalid_grant")
        self.assertViolations(0)
        self.assertEqual(self.jwt_token(header={"alg": "HS256"}).json["error"], "invalid_grant")
        self.assertViolations(1, "RS256")

    def test_expired_and_missing_tokens(self):
        self.assertEqual(self.sf("GET", "sobjects/Lead/describe").status, 200)
        self.mock.control("POST", "config", {"expire_tokens": True})
        expired = self.sf("GET", "sobjects/Lead/describe")
        self.assertEqual(expired.status, 401)
        self.assertEqual(expired.json, [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}])
        self.assertViolations(0)
        self.bearer = self.token()
        self.assertEqual(self.sf("GET", "sobjects/Lead/describe").status, 200)
        missing = self.mock.call("GET", f"{V}/sobjects/Lead/describe")
        self.assertEqual(missing.status, 401)
        self.assertViolations(1, "Authorization")
        self.assertEqual(self.sf("GET", "sobjects/Lead/describe", token="made-up").status, 401)
        self.assertViolations(2, "never issued")
        self.mock.control("POST", "config", {"access_token": "given"})
        self.assertEqual(self.sf("GET", "sobjects/Lead/describe", token="given").status, 200)

    # describe ---------------------------------------------------------------------------------------

    def test_describe(self):
        answer = self.sf("GET", "sobjects/Lead/describe")
        fields = {f["name"]: f for f in answer.json["fields"]}
        for name in ("LastName", "FirstName", "Company", "Email", "LeadSource", "Status", "IsConverted",
                     "ConvertedOpportunityId", "ConvertedContactId", "ConvertedAccountId", "ConvertedDate",
                     "SystemModstamp", "Bluebird_Referral_Id__c", "Bluebird_Advocate_Name__c",
                     "Bluebird_Advocate_Email__c", "Bluebird_Referral_Url__c", "Bluebird_Program__c",
                     "Bluebird_Channel__c", "Bluebird_Lead_Score__c", "Bluebird_Lead_Grade__c"):
            self.assertIn(name, fields)
        self.assertEqual(fields["Bluebird_Lead_Score__c"]["type"], "double")
        self.assertEqual(fields["Bluebird_Lead_Grade__c"]["length"], 2)
        for key in ("name", "type", "label", "updateable", "createable", "nillable", "externalId", "unique",
                    "picklistValues"):
            self.assertIn(key, fields["Email"])
        self.assertTrue(fields["Bluebird_Referral_Id__c"]["externalId"] and fields["Bluebird_Referral_Id__c"]["unique"])
        sources = [p["value"] for p in fields["LeadSource"]["picklistValues"]]
        self.assertIn("External Referral", sources)
        self.assertNotIn("Referral", sources)
        self.assertFalse(fields["IsConverted"]["updateable"])
        contact = {f["name"]: f for f in self.sf("GET", "sobjects/Contact/describe").json["fields"]}
        self.assertEqual(contact["Bluebird_Advocate__c"]["type"], "boolean")
        self.assertEqual(contact["Bluebird_Referral_Count__c"]["type"], "double")
        self.assertIn("Bluebird_Advocate_Code__c", contact)
        self.assertIn("AccountId", contact)
        account = {f["name"] for f in self.sf("GET", "sobjects/Account/describe/").json["fields"]}
        self.assertTrue({"Name", "Website"} <= account)
        opportunity = {f["name"]: f for f in self.sf("GET", "sobjects/Opportunity/describe").json["fields"]}
        stages = opportunity["StageName"]["picklistValues"]
        self.assertEqual([s["value"] for s in stages],
                         ["Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
                          "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote",
                          "Negotiation/Review", "Closed Won", "Closed Lost"])
        self.assertEqual([(s["mock_closed"], s["mock_won"]) for s in stages[-3:]],
                         [(False, False), (True, True), (True, False)])
        for name in ("Amount", "CloseDate", "AccountId", "ContactId", "LeadSource", "IsWon", "IsClosed",
                     "SystemModstamp"):
            self.assertIn(name, opportunity)
        contact_id = opportunity["ContactId"]
        self.assertEqual((contact_id["type"], contact_id["referenceTo"], contact_id["createable"],
                          contact_id["updateable"]), ("reference", ["Contact"], True, False))
        self.assertRegex(answer.headers["sforce-limit-info"], r"^api-usage=\d+/100000$")
        self.assertViolations(0)
        self.assertEqual(self.sf("GET", "sobjects/Widget__c/describe").status, 404)
        self.assertViolations(1, "Widget__c")
        stage_list = self.sf("GET", "sobjects/OpportunityStage")
        self.assertEqual((stage_list.status, stage_list.json[0]["errorCode"]), (404, "NOT_FOUND"))
        self.assertViolations(2, "OpportunityStage")
        self.assertEqual(self.sf("POST", "sobjects/Lead/describe", {}).status, 405)
        self.assertViolations(3, "not allowed")

    # single upsert ----------------------------------------------------------------------------------

    def test_single_upsert_creates_then_updates(self):
        created = self.upsert("Lead", "ref_1", {"LastName": "Smith", "FirstName": "Jane", "Company": "Acme",
                                                "Email": "jane@acme.com", "LeadSource": "External Referral",
                                                "Bluebird_Advocate_Email__c": "ann@client.com"},
                              headers={"Sforce-Call-Options": "client=bluebird",
                                       "Sforce-Duplicate-Rule-Header": "allowSave=false; "
                                       "includeRecordDetails=false; runAsCurrentUser=false"})
        self.assertEqual(created.status, 201)
        self.assertEqual(set(created.json), {"id", "success", "errors", "created"})
        self.assertTrue(created.json["created"] and created.json["success"])
        self.assertTrue(created.json["id"].startswith("00Q"))
        updated = self.upsert("Lead", "REF_1", {"Bluebird_Advocate_Name__c": "Ann Lee"})  # case-insensitive match
        self.assertEqual((updated.status, updated.json["created"], updated.json["id"]),
                         (200, False, created.json["id"]))
        self.mock.control("POST", "config", {"update_status": 204})
        no_content = self.upsert("Lead", "ref_1", {"Bluebird_Program__c": "Spring"})
        self.assertEqual((no_content.status, no_content.text), (204, ""))
        [lead] = self.mock.control("GET", "records?object=Lead")
        self.assertEqual((lead["Bluebird_Referral_Id__c"], lead["FirstName"], lead["Bluebird_Advocate_Name__c"],
                          lead["Bluebird_Program__c"], lead["Status"], lead["IsConverted"]),
                         ("ref_1", "Jane", "Ann Lee", "Spring", "Open - Not Contacted", False))
        logged = [r for r in self.requests() if r["method"] == "PATCH"][0]
        self.assertEqual(logged["headers"]["sforce-call-options"], "client=bluebird")
        self.assertEqual(logged["json"]["Company"], "Acme")
        self.assertEqual(logged["api_version"], "64.0")
        self.assertEqual(logged["response_status"], 201)
        self.assertViolations(0)

    def test_single_upsert_refusals_are_violations(self):
        existing = self.lead("ref_0")
        cases = [
            ("Lead", "ref_1", {"Id": existing, "LastName": "X", "Company": "Y"}, 400, "INVALID_FIELD", "Id"),
            ("Lead", "ref_1", {"Bluebird_Referral_Id__c": "ref_1", "LastName": "X", "Company": "Y"}, 400,
             "INVALID_FIELD", "external-ID"),
            ("Lead", "ref_1", {"LastName": "X"}, 400, "REQUIRED_FIELD_MISSING", "Company"),
            ("Lead", "ref_1", {"LastName": "X", "Company": "Y", "Favourite_Colour__c": "blue"}, 400,
             "INVALID_FIELD", "Favourite_Colour__c"),
            ("Lead", "ref_1", {"LastName": "X", "Company": "Y", "LeadSource": "Referral"}, 400,
             "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "picklist"),
            ("Lead", "ref_0", {"IsConverted": True}, 400, "INVALID_FIELD_FOR_INSERT_UPDATE", "IsConverted"),
            ("Lead", "ref_0", {"Company": None}, 400, "REQUIRED_FIELD_MISSING", "Company"),
            ("Contact", "ref_1", {"LastName": "X", "Bluebird_Referral_Count__c": "3"}, 400, "JSON_PARSER_ERROR",
             "Bluebird_Referral_Count__c"),
            ("Lead", "ref_1", {"LastName": "X", "Company": "Y", "Bluebird_Lead_Grade__c": "A1+"}, 400,
             "STRING_TOO_LONG", "Bluebird_Lead_Grade__c"),
            ("Lead", "ref_1", {"LastName": "X" * 256, "Company": "Y"}, 400, "STRING_TOO_LONG", "LastName"),
            ("Opportunity", "ref_1", {"Name": "Acme", "StageName": "Prospecting"}, 400, "REQUIRED_FIELD_MISSING",
             "CloseDate"),
            ("Opportunity", "ref_1", {"Name": "Acme", "StageName": "Prospecting", "CloseDate": "2026-12-31",
                                      "IsWon": True}, 400, "INVALID_FIELD_FOR_INSERT_UPDATE", "IsWon"),
            ("Opportunity", "ref_1", {"Name": "Acme", "StageName": "Won", "CloseDate": "2026-12-31"}, 400,
             "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "StageName"),
            ("Opportunity", "ref_1", {"Name": "Acme", "StageName": "Prospecting", "CloseDate": "31/12/2026"}, 400,
             "JSON_PARSER_ERROR", "CloseDate"),
        ]
        count = 0
        for obj, value, body, status, code, mention in cases:
            answer = self.upsert(obj, value, body)
            self.assertEqual((answer.status, answer.json[0]["errorCode"]), (status, code), (body, answer.text))
            self.assertIn("message", answer.json[0])
            count = self.assertNewViolation(count, mention)
        self.assertEqual(self.mock.control("GET", "records?object=Opportunity"), [])
        not_external = self.sf("PATCH", "sobjects/Lead/Email/x@y.com", {"LastName": "X", "Company": "Y"})
        self.assertEqual((not_external.status, not_external.json[0]["errorCode"]), (404, "NOT_FOUND"))
        count = self.assertNewViolation(count, "external-ID")
        unknown = self.sf("PATCH", "sobjects/Lead/Referral_Key__c/1", {"LastName": "X", "Company": "Y"})
        self.assertEqual(unknown.status, 404)
        count = self.assertNewViolation(count, "Referral_Key__c")
        text = self.sf("PATCH", "sobjects/Lead/Bluebird_Referral_Id__c/ref_2", '{"LastName":"X","Company":"Y"}',
                       headers={"Content-Type": "text/plain"})
        self.assertEqual(text.status, 400)
        count = self.assertNewViolation(count, "Content-Type")
        broken = self.sf("PATCH", "sobjects/Lead/Bluebird_Referral_Id__c/ref_2", "{not json",
                         headers={"Content-Type": "application/json"})
        self.assertEqual(broken.json[0]["errorCode"], "JSON_PARSER_ERROR")
        count = self.assertNewViolation(count, "JSON object")
        old = self.sf("GET", "sobjects/Lead/describe", version="v58.0")
        self.assertEqual(old.status, 200)
        count = self.assertNewViolation(count, "v58.0")
        self.upsert("Lead", "ref_0", {"Bluebird_Program__c": "x"}, headers={"Sforce-Duplicate-Rule-Header": "save=yes"})
        count = self.assertNewViolation(count, "Sforce-Duplicate-Rule-Header")
        update_only = self.sf("PATCH", "sobjects/Lead/Bluebird_Referral_Id__c/ref_new?updateOnly=true",
                              {"Bluebird_Program__c": "x"})
        self.assertEqual(update_only.status, 404)
        self.assertViolations(count)
        for request_index in (v["request_index"] for v in self.violations()):
            self.assertLess(request_index, len(self.requests()))

    def test_removed_field_and_picklist_value_are_errors_but_no_violation(self):
        self.mock.control("POST", "schema", {"object": "Lead", "remove_field": "Bluebird_Program__c"})
        fields = {f["name"] for f in self.sf("GET", "sobjects/Lead/describe").json["fields"]}
        self.assertNotIn("Bluebird_Program__c", fields)
        answer = self.upsert("Lead", "ref_1", {"LastName": "X", "Company": "Y", "Bluebird_Program__c": "Spring"})
        self.assertEqual((answer.status, answer.json[0]["errorCode"]), (400, "INVALID_FIELD"))
        query = self.query("SELECT Id, Bluebird_Program__c FROM Lead")
        self.assertEqual(query.json[0]["errorCode"], "INVALID_FIELD")
        self.mock.control("POST", "schema", {"object": "Lead", "field": "LeadSource", "picklist": ["Web", "Other"]})
        gone = self.upsert("Lead", "ref_1", {"LastName": "X", "Company": "Y", "LeadSource": "External Referral"})
        self.assertEqual(gone.json[0]["errorCode"], "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")
        self.assertViolations(0)
        self.upsert("Lead", "ref_1", {"LastName": "X", "Company": "Y", "LeadSource": "Nonsense"})
        self.assertViolations(1, "Nonsense")
        self.mock.control("POST", "schema", {"object": "Lead", "add_field": {"name": "Bluebird_Tier__c",
                                                                            "type": "string"}})
        self.assertEqual(self.upsert("Lead", "ref_1", {"LastName": "X", "Company": "Y",
                                                       "Bluebird_Tier__c": "gold"}).status, 201)
        self.mock.control("POST", "schema", {"object": "Opportunity", "field": "StageName", "picklist": [
            "New", {"value": "Signed", "closed": True, "won": True}, {"value": "Lost", "closed": True}]})
        won = self.mock.control("POST", "records", {"object": "Opportunity", "fields": {"StageName": "Signed"}})
        self.assertTrue(won["IsWon"] and won["IsClosed"])
        self.assertNotEqual(self.mock.call("POST", "/__mock/schema", {"object": "Lead", "remove_field": "Nope"}).status,
                            200)

    def test_duplicate_rule_on_lead_email(self):
        first = self.lead("ref_1", Email="Jane@Acme.com")
        self.mock.control("POST", "config", {"duplicate_rule_on_lead_email": True})
        blocked = self.upsert("Lead", "ref_2", {"LastName": "Smith", "Company": "Acme", "Email": "jane@acme.com"})
        self.assertEqual(blocked.status, 400)
        error = blocked.json[0]
        self.assertEqual((error["errorCode"], error["message"]), ("DUPLICATES_DETECTED", "Use one of these records?"))
        result = error["duplicateResult"]
        self.assertFalse(result["allowSave"])
        self.assertEqual(result["duplicateRuleEntityType"], "Lead")
        self.assertEqual(result["matchResults"][0]["matchRecords"][0]["record"]["Id"], first)
        still = self.upsert("Lead", "ref_2", {"LastName": "Smith", "Company": "Acme", "Email": "jane@acme.com"},
                            headers={"Sforce-Duplicate-Rule-Header": "allowSave=true"})
        self.assertEqual(still.status, 400)
        self.mock.control("POST", "config", {"duplicate_rule_on_lead_email": "alert"})
        alert = self.upsert("Lead", "ref_2", {"LastName": "Smith", "Company": "Acme", "Email": "jane@acme.com"})
        self.assertTrue(alert.json[0]["duplicateResult"]["allowSave"])
        saved = self.upsert("Lead", "ref_2", {"LastName": "Smith", "Company": "Acme", "Email": "jane@acme.com"},
                            headers={"Sforce-Duplicate-Rule-Header": "allowSave=true"})
        self.assertEqual(saved.status, 201)
        self.assertEqual(len(self.mock.control("GET", "records?object=Lead")), 2)
        self.assertViolations(0)

    # Collections ------------------------------------------------------------------------------------

    def collection(self, records, all_or_none=False, obj="Lead"):
        return self.sf("PATCH", f"composite/sobjects/{obj}/Bluebird_Referral_Id__c",
                       {"allOrNone": all_or_none, "records": records})

    @staticmethod
    def lead_record(value, **fields):
        return {"attributes": {"type": "Lead"}, "Bluebird_Referral_Id__c": value, "LastName": "Smith",
                "Company": "Acme", **fields}

    def test_collections_upsert_in_order(self):
        existing = self.lead("ref_2")
        answer = self.collection([self.lead_record("ref_1"), {"attributes": {"type": "Lead"},
                                                             "Bluebird_Referral_Id__c": "ref_2",
                                                             "Bluebird_Program__c": "Spring"},
                                  self.lead_record("ref_3")])
        self.assertEqual(answer.status, 200)
        self.assertEqual([(r["success"], r["created"]) for r in answer.json], [(True, True), (True, False),
                                                                               (True, True)])
        self.assertEqual(answer.json[1]["id"], existing)
        self.assertEqual(answer.json[0]["errors"], [])
        self.assertEqual(len(self.mock.control("GET", "records?object=Lead")), 3)
        self.assertViolations(0)

    def test_collections_partial_failure_and_all_or_none(self):
        self.mock.control("POST", "faults", {"match": {"path_regex": "composite"}, "respond": "partial_batch",
                                             "index": 1, "status_code": "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                                             "message": "Company looks fake", "fields": ["Company"]})
        answer = self.collection([self.lead_record(f"ref_{i}") for i in range(3)])
        self.assertEqual([r["success"] for r in answer.json], [True, False, True])
        self.assertEqual(answer.json[1]["errors"], [{"statusCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                                                     "message": "Company looks fake", "fields": ["Company"]}])
        self.assertEqual(len(self.mock.control("GET", "records?object=Lead")), 2)
        self.mock.control("POST", "faults", {"respond": "partial_batch", "index": 0})
        answer = self.collection([self.lead_record("ref_5"), self.lead_record("ref_0", Bluebird_Program__c="x")],
                                 all_or_none=True)
        self.assertEqual(answer.json[0]["errors"][0]["statusCode"], "FIELD_CUSTOM_VALIDATION_EXCEPTION")
        self.assertEqual(answer.json[1]["errors"][0]["statusCode"], "ALL_OR_NONE_OPERATION_ROLLED_BACK")
        leads = self.mock.control("GET", "records?object=Lead")
        self.assertEqual(len(leads), 2)
        self.assertTrue(all(lead["Bluebird_Program__c"] is None for lead in leads))
        self.assertViolations(0)
        answer = self.collection([self.lead_record("ref_6"), {"attributes": {"type": "Lead"},
                                                             "Bluebird_Referral_Id__c": "ref_7", "Company": "X"}],
                                 all_or_none=True)
        self.assertEqual(answer.json[0]["errors"][0]["statusCode"], "ALL_OR_NONE_OPERATION_ROLLED_BACK")
        self.assertEqual(answer.json[1]["errors"][0]["statusCode"], "REQUIRED_FIELD_MISSING")
        self.assertEqual(len(self.mock.control("GET", "records?object=Lead")), 2)
        self.assertViolations(1, "LastName")

    def test_collections_duplicate_rule_uses_status_code(self):
        self.lead("ref_1", Email="jane@acme.com")
        self.mock.control("POST", "config", {"duplicate_rule_on_lead_email": "block"})
        answer = self.collection([self.lead_record("ref_2", Email="JANE@acme.com"), self.lead_record("ref_3")])
        self.assertEqual(answer.json[0], {"success": False, "errors": [{
            "statusCode": "DUPLICATES_DETECTED", "message": "Use one of these records?", "fields": []}]})
        self.assertTrue(answer.json[1]["success"])
        self.assertViolations(0)

    def test_collections_shape_violations(self):
        cases = [
            ([self.lead_record(f"ref_{i}") for i in range(201)], "EXCEEDED_ID_LIMIT", "201 records"),
            ([{**self.lead_record("ref_1"), "attributes": {"type": "Contact"}}], "INVALID_TYPE", "attributes.type"),
            ([{k: v for k, v in self.lead_record("ref_1").items() if k != "attributes"}], "INVALID_TYPE",
             "attributes.type"),
            ([{**self.lead_record("ref_1"), "Id": "00QMk0000000001AAA"}], "INVALID_FIELD", "carries Id"),
            ([{"attributes": {"type": "Lead"}, "LastName": "X", "Company": "Y"}], "INVALID_FIELD",
             "no Bluebird_Referral_Id__c"),
            ([], "INVALID_FIELD", "no records"),
        ]
        count = 0
        for records, code, mention in cases:
            answer = self.collection(records)
            self.assertEqual((answer.status, answer.json[0]["errorCode"]), (400, code), mention)
            count = self.assertNewViolation(count, mention)
        odd = self.sf("PATCH", "composite/sobjects/Lead/Bluebird_Referral_Id__c", {"records": [], "allOrNothing": 1})
        self.assertEqual(odd.status, 400)
        count = self.assertNewViolation(count, "allOrNone")
        twice = self.collection([self.lead_record("ref_1"), self.lead_record("REF_1")])
        self.assertEqual(twice.json[1]["errors"][0]["statusCode"], "DUPLICATE_EXTERNAL_ID")
        self.assertNewViolation(count, "twice")
        self.assertEqual(len(self.mock.control("GET", "records?object=Lead")), 1)

    # Collections update ----------------------------------------------------------------------------

    def contacts(self, *last_names, **fields):
        return [self.mock.control("POST", "records", {"object": "Contact",
                                                      "fields": {"LastName": name, **fields}})["Id"]
                for name in last_names]

    def update(self, records, all_or_none=None):
        body = {"records": records} if all_or_none is None else {"allOrNone": all_or_none, "records": records}
        return self.sf("PATCH", "composite/sobjects", body)

    @staticmethod
    def update_record(obj, record_id, key="id", **fields):
        return {"attributes": {"type": obj}, key: record_id, **fields}

    def test_collections_update_by_id_in_order(self):
        self.mock.control("POST", "clock", {"now": "2026-12-02T10:00:00Z"})
        ann, bo = self.contacts("Ann", "Bo")
        lead = self.lead("ref_1")
        self.mock.control("POST", "clock", {"advance_seconds": 60})
        answer = self.update([
            self.update_record("Contact", ann, Bluebird_Advocate__c=True, Bluebird_Advocate_Code__c="ANN-7",
                               Bluebird_Referral_Count__c=3),
            self.update_record("Lead", lead, key="Id", Bluebird_Program__c="Spring"),
            self.update_record("Contact", bo[:15], Bluebird_Referral_Count__c=0.5)])  # 3 chunks, a 15-character id
        self.assertEqual(answer.status, 200, answer.text)
        self.assertEqual(answer.json, [{"id": ann, "success": True, "errors": []},
                                       {"id": lead, "success": True, "errors": []},
                                       {"id": bo, "success": True, "errors": []}])
        contacts = {c["Id"]: c for c in self.mock.control("GET", "records?object=Contact")}
        self.assertEqual(sorted(contacts), sorted([ann, bo]))  # an update creates nothing
        self.assertEqual((contacts[ann]["Bluebird_Advocate__c"], contacts[ann]["Bluebird_Advocate_Code__c"],
                          contacts[ann]["Bluebird_Referral_Count__c"], contacts[bo]["Bluebird_Referral_Count__c"]),
                         (True, "ANN-7", 3, 0.5))
        self.assertEqual([contacts[ann][name] for name in ("CreatedDate", "LastModifiedDate", "SystemModstamp")],
                         ["2026-12-02T10:00:00.000+0000"] + ["2026-12-02T10:01:00.000+0000"] * 2)
        [stored_lead] = self.mock.control("GET", "records?object=Lead")
        self.assertEqual((stored_lead["Bluebird_Program__c"], stored_lead["SystemModstamp"]),
                         ("Spring", "2026-12-02T10:01:00.000+0000"))
        logged = self.requests()[-1]
        self.assertEqual((logged["method"], logged["path"], logged["response_status"], logged["api_version"]),
                         ("PATCH", f"{V}/composite/sobjects", 200, "64.0"))
        self.assertEqual(logged["json"]["records"][1], {"attributes": {"type": "Lead"}, "Id": lead,
                                                        "Bluebird_Program__c": "Spring"})
        self.assertViolations(0)

    def test_collections_update_record_failures(self):
        first, second, third, fourth, fifth = self.contacts("A", "B", "C", "D", "E")
        [account] = self.accounts(("Acme", None))
        answer = self.update([
            self.update_record("Contact", "003Mk0000009999AAA", Bluebird_Advocate__c=True),
            self.update_record("Contact", account, Bluebird_Advocate__c=True),
            self.update_record("Contact", "not-an-id", Bluebird_Advocate__c=True),
            self.update_record("Contact", first, Shoe_Size__c=9),
            self.update_record("Contact", second, SystemModstamp="2026-01-01T00:00:00.000+0000"),
            self.update_record("Contact", third, Bluebird_Advocate__c="true"),
            self.update_record("Contact", fourth, Bluebird_Referral_Count__c="3"),
            self.update_record("Contact", fifth, Bluebird_Advocate_Code__c="E-1"),
            self.update_record("Contact", fifth, Bluebird_Advocate_Code__c="E-2")])
        self.assertEqual(answer.status, 200, answer.text)
        self.assertEqual([r["errors"][0]["statusCode"] if r["errors"] else r["id"] for r in answer.json],
                         ["ENTITY_IS_DELETED", "MALFORMED_ID", "MALFORMED_ID", "INVALID_FIELD",
                          "INVALID_FIELD_FOR_INSERT_UPDATE", "JSON_PARSER_ERROR", "JSON_PARSER_ERROR", fifth,
                          "DUPLICATE_VALUE"])
        self.assertEqual(answer.json[0], {"success": False, "errors": [{
            "statusCode": "ENTITY_IS_DELETED", "message": "entity is deleted", "fields": []}]})
        self.assertEqual(answer.json[1], {"success": False, "errors": [{
            "statusCode": "MALFORMED_ID", "message": f"Contact ID: id value of incorrect type: {account}",
            "fields": ["Id"]}]})
        self.assertEqual([r["errors"][0]["fields"] for r in answer.json[3:7]],
                         [["Shoe_Size__c"], ["SystemModstamp"], ["Bluebird_Advocate__c"],
                          ["Bluebird_Referral_Count__c"]])
        contacts = {c["Id"]: c for c in self.mock.control("GET", "records?object=Contact")}
        self.assertEqual(len(contacts), 5)
        self.assertEqual((contacts[third]["Bluebird_Advocate__c"], contacts[fifth]["Bluebird_Advocate_Code__c"]),
                         (False, "E-1"))
        messages = [v["message"] for v in self.assertViolations(7)]  # the deleted record is the org's data
        for mention in ("not a Contact id", "not a 15- or 18-character id", "no field 'Shoe_Size__c'",
                        "SystemModstamp is not updateable", "Bluebird_Advocate__c (boolean)",
                        "Bluebird_Referral_Count__c (double)", "twice"):
            self.assertTrue(any(mention in m for m in messages), (mention, messages))

    def test_collections_update_all_or_none_rolls_back(self):
        self.mock.control("POST", "clock", {"now": "2026-12-02T10:00:00Z"})
        ann, bo = self.contacts("Ann", "Bo", Email="ann@old.example")
        lead = self.lead("ref_1")
        self.assertEqual(self.query("SELECT Id FROM Contact WHERE Email IN ('ann@old.example')").json["totalSize"], 2)
        self.mock.control("POST", "clock", {"advance_seconds": 60})
        records = [self.update_record("Contact", ann, Email="ann@new.example", Bluebird_Advocate__c=True),
                   self.update_record("Lead", lead, Bluebird_Program__c="Spring"),
                   self.update_record("Contact", bo, Bluebird_Referral_Count__c="many")]
        answer = self.update(records, all_or_none=True)
        self.assertEqual(answer.status, 200, answer.text)
        self.assertEqual([(r.get("id"), r["success"], r["errors"][0]["statusCode"]) for r in answer.json],
                         [(ann, False, "ALL_OR_NONE_OPERATION_ROLLED_BACK"),
                          (lead, False, "ALL_OR_NONE_OPERATION_ROLLED_BACK"), (None, False, "JSON_PARSER_ERROR")])
        contacts = self.mock.control("GET", "records?object=Contact")
        self.assertEqual([(c["Email"], c["Bluebird_Advocate__c"], c["SystemModstamp"]) for c in contacts],
                         [("ann@old.example", False, "2026-12-02T10:00:00.000+0000")] * 2)
        self.assertIsNone(self.mock.control("GET", "records?object=Lead")[0]["Bluebird_Program__c"])
        self.assertEqual([self.query(f"SELECT Id FROM Contact WHERE Email IN ('{email}')").json["totalSize"]
                          for email in ("ann@new.example", "ann@old.example")], [0, 2])  # the value index too
        self.assertViolations(1, "Bluebird_Referral_Count__c")
        partly = self.update(records)  # allOrNone defaults to false: the good records stay written
        self.assertEqual([r["success"] for r in partly.json], [True, True, False])
        moved = self.query("SELECT Id FROM Contact WHERE Email IN ('ann@new.example')").json["records"]
        self.assertEqual([r["Id"] for r in moved], [ann])

    def test_collections_update_partial_batch_fault(self):
        people = self.contacts("Ann", "Bo", "Cy")
        self.mock.control("POST", "faults", {"match": {"path_regex": "composite/sobjects$"}, "respond": "partial_batch",
                                             "index": 1, "status_code": "UNABLE_TO_LOCK_ROW",
                                             "message": "unable to obtain exclusive access to this record"})
        answer = self.update([self.update_record("Contact", c, Bluebird_Advocate__c=True) for c in people])
        self.assertEqual([r["success"] for r in answer.json], [True, False, True])
        self.assertEqual(answer.json[1], {"success": False, "errors": [{
            "statusCode": "UNABLE_TO_LOCK_ROW", "message": "unable to obtain exclusive access to this record",
            "fields": []}]})
        stored = {c["Id"]: c["Bluebird_Advocate__c"] for c in self.mock.control("GET", "records?object=Contact")}
        self.assertEqual(stored, {people[0]: True, people[1]: False, people[2]: True})
        self.assertEqual(self.requests()[-1]["fault"], "partial_batch")
        self.mock.control("POST", "faults", {"respond": "partial_batch", "index": 0})
        rolled = self.update([self.update_record("Contact", c, Bluebird_Advocate_Code__c="X") for c in people[:2]],
                             all_or_none=True)
        self.assertEqual([r["errors"][0]["statusCode"] for r in rolled.json],
                         ["FIELD_CUSTOM_VALIDATION_EXCEPTION", "ALL_OR_NONE_OPERATION_ROLLED_BACK"])
        self.assertEqual(rolled.json[1]["id"], people[1])
        self.assertTrue(all(c["Bluebird_Advocate_Code__c"] is None
                            for c in self.mock.control("GET", "records?object=Contact")))
        self.assertViolations(0)

    def test_collections_update_shape_violations(self):
        [ann] = self.contacts("Ann")
        lead = self.lead("ref_1")

        def record(**overrides):
            return {**self.update_record("Contact", ann, Bluebird_Advocate__c=True), **overrides}

        alternating = [self.update_record("Lead", lead) if i % 2 else record() for i in range(11)]
        cases = [
            ([record()] * 201, "EXCEEDED_ID_LIMIT", "201 records"),
            ([], "INVALID_FIELD", "no records"),
            (["x"], "JSON_PARSER_ERROR", "not an object"),
            ([{k: v for k, v in record().items() if k != "attributes"}], "INVALID_TYPE", "attributes.type"),
            ([record(attributes={"type": "Widget"})], "INVALID_TYPE", "no known object"),
            ([{k: v for k, v in record().items() if k != "id"}], "MISSING_ARGUMENT", "one id string"),
            ([record(Id=ann)], "MISSING_ARGUMENT", "one id string"),
            ([record(id=None)], "MISSING_ARGUMENT", "one id string"),
            (alternating, "INVALID_BATCH_REQUEST", "11 chunks"),
        ]
        count = 0
        for records, code, mention in cases:
            answer = self.update(records)
            self.assertEqual((answer.status, answer.json[0]["errorCode"]), (400, code), mention)
            count = self.assertNewViolation(count, mention)
        odd = self.update([record()], all_or_none="yes")
        self.assertEqual((odd.status, odd.json[0]["errorCode"]), (400, "JSON_PARSER_ERROR"))
        count = self.assertNewViolation(count, "allOrNone")
        create = self.sf("POST", "composite/sobjects", {"records": [record()]})  # Collections create: not modelled
        self.assertEqual((create.status, create.json[0]["errorCode"]), (405, "METHOD_NOT_ALLOWED"))
        self.assertNewViolation(count, "POST is not allowed")
        self.assertFalse(self.mock.control("GET", "records?object=Contact")[0]["Bluebird_Advocate__c"])

    # query ------------------------------------------------------------------------------------------

    def test_query_with_paging(self):
        self.mock.control("POST", "clock", {"now": "2026-12-01T09:00:00Z"})
        for i in range(5):
            fields = {"Name": f"Deal {i}", "StageName": "Prospecting", "CloseDate": "2026-12-31",
                      "Amount": 100 * i, "Bluebird_Referral_Id__c": f"ref_{i}" if i != 2 else None}
            self.mock.control("POST", "records", {"object": "Opportunity", "fields": fields})
            self.mock.control("POST", "clock", {"advance_seconds": 60})
        self.mock.control("POST", "config", {"query_page_size": 2})
        soql = ("SELECT Id, StageName, IsWon, IsClosed, Amount, SystemModstamp, Bluebird_Referral_Id__c FROM Opportunity"
                " WHERE Bluebird_Referral_Id__c != null AND SystemModstamp >= 2026-12-01T09:01:00Z"
                " ORDER BY SystemModstamp, Id")
        answer = self.query(soql)
        self.assertEqual((answer.json["totalSize"], answer.json["done"], len(answer.json["records"])), (3, False, 2))
        rows = list(answer.json["records"])
        self.assertRegex(answer.json["nextRecordsUrl"], r"^/services/data/v64\.0/query/01g\w+-2$")
        self.assertEqual(answer.headers["sforce-limit-info"].split("=")[0], "api-usage")
        while not answer.json["done"]:
            answer = self.mock.call("GET", answer.json["nextRecordsUrl"], headers={"Authorization": f"Bearer {self.bearer}"})
            rows += answer.json["records"]
        self.assertNotIn("nextRecordsUrl", answer.json)
        self.assertEqual([r["Bluebird_Referral_Id__c"] for r in rows], ["ref_1", "ref_3", "ref_4"])
        self.assertEqual(rows[0]["attributes"]["type"], "Opportunity")
        self.assertEqual(rows[0]["attributes"]["url"], f"{V}/sobjects/Opportunity/{rows[0]['Id']}")
        self.assertEqual(list(rows[0])[1:], ["Id", "StageName", "IsWon", "IsClosed", "Amount", "SystemModstamp",
                                             "Bluebird_Referral_Id__c"])
        self.assertEqual(rows[0]["SystemModstamp"], "2026-12-01T09:01:00.000+0000")
        picked = self.query("select Id, Name from Opportunity where Bluebird_Referral_Id__c in ('REF_0', 'ref_4') "
                            "and Amount > 0 and IsWon = false order by Amount desc limit 1")
        self.assertEqual([r["Name"] for r in picked.json["records"]], ["Deal 4"])
        self.assertEqual(self.query("SELECT Id FROM Opportunity WHERE Name = 'deal 3'").json["totalSize"], 1)
        self.assertEqual(self.query("SELECT Id FROM Opportunity WHERE CloseDate <= 2026-12-31").json["totalSize"], 5)
        self.assertEqual(self.query("SELECT Id FROM Opportunity WHERE Bluebird_Referral_Id__c = null").json["totalSize"],
                         1)
        self.assertEqual(self.mock.call("GET", f"{V}/query/?q=SELECT+Id+FROM+Lead",
                                        headers={"Authorization": f"Bearer {self.bearer}"}).json["totalSize"], 0)
        self.assertViolations(0)

    def test_query_outside_the_subset_is_a_violation(self):
        cases = [
            ("SELECT Id FROM Lead WHERE Email = 'a' AND Company = 'b' OR Email = 'c'", "MALFORMED_QUERY"),
            ("SELECT Id FROM Lead WHERE NOT Email = 'a'", "MALFORMED_QUERY"),
            ("SELECT Id FROM Lead WHERE (Email = 'a' OR Email = 'b'", "MALFORMED_QUERY"),
            ("SELECT Id FROM Lead WHERE Email = 'a')", "MALFORMED_QUERY"),
            ("SELECT Id FROM Lead WHERE ()", "MALFORMED_QUERY"),
            ("SELECT Id FROM Lead WHERE " + "(" * 30 + "Email = 'a'" + ")" * 30, "MALFORMED_QUERY"),
            ("SELECT Id FROM Lead WHERE Email LIKE acme", "MALFORMED_QUERY"),
            ("SELECT Id FROM Lead WHERE Email NOT LIKE '%acme%'", "MALFORMED_QUERY"),
            ("SELECT Id FROM Lead WHERE SystemModstamp >= '2026-01-01T00:00:00Z'", "MALFORMED_QUERY"),
            ("SELECT Id, Account.Name FROM Contact", "MALFORMED_QUERY"),
            ("SELECT COUNT() FROM Lead", "MALFORMED_QUERY"),
            ("SELECT Id FROM Lead WHERE LastModifiedDate > LAST_N_DAYS:3", "MALFORMED_QUERY"),
            ("SELECT Id FROM Lead WHERE Email = acme", "MALFORMED_QUERY"),
            ("SELECT Id FROM Lead LIMIT 10 OFFSET 5", "MALFORMED_QUERY"),
            ("SELECT Id, Id FROM Lead", "MALFORMED_QUERY"),
            ("SELECT Id FROM Lead WHERE Email > null", "MALFORMED_QUERY"),
            ("SELECT Id FROM Widget__c", "INVALID_TYPE"),
            ("SELECT Id, Shoe_Size__c FROM Lead", "INVALID_FIELD"),
            ("", "MALFORMED_QUERY"),
        ]
        count = 0
        for soql, code in cases:
            answer = self.query(soql)
            self.assertEqual((answer.status, answer.json[0]["errorCode"]), (400, code), soql)
            count = self.assertNewViolation(count)
        stale = self.sf("GET", "query/01gMk0000000000999-2000")
        self.assertEqual(stale.json[0]["errorCode"], "INVALID_QUERY_LOCATOR")
        self.assertNewViolation(count, "locator")

    def accounts(self, *names_and_websites):
        """Creates Accounts as a CRM user; their ids, in order."""
        return [self.mock.control("POST", "records", {"object": "Account", "fields": {"Name": name, "Website": site}})[
            "Id"] for name, site in names_and_websites]

    def selected(self, soql, key="Name"):
        answer = self.query(soql)
        self.assertEqual(answer.status, 200, (soql, answer.text))
        return [r[key] for r in answer.json["records"]]

    def test_query_like(self):
        self.accounts(("Acme", "https://www.ACME.example"), ("Globex", "https://globex.example/about"),
                      ("Initech", "http://initech.example"), ("No site", None), ("A_B", None), ("AxB", None))
        either = ("SELECT Id, Name, Website FROM Account WHERE Website LIKE '%acme.example%' "
                  "OR Website LIKE '%globex.example%' ORDER BY Name")
        self.assertEqual(self.selected(either), ["Acme", "Globex"])  # case-insensitive
        self.assertEqual(self.selected("SELECT Name FROM Account WHERE Name LIKE 'ac_e'"), ["Acme"])
        self.assertEqual(self.selected("SELECT Name FROM Account WHERE Name LIKE 'ac_'"), [])  # _ is one character
        self.assertEqual(self.selected("SELECT Name FROM Account WHERE Name LIKE 'acme'"), ["Acme"])  # whole value
        self.assertEqual(self.selected("SELECT Name FROM Account WHERE Name LIKE 'A_B' ORDER BY Name"), ["A_B", "AxB"])
        self.assertEqual(self.selected("SELECT Name FROM Account WHERE Name LIKE 'a\\_b'"), ["A_B"])  # \_ is literal
        self.assertEqual(self.selected("SELECT Name FROM Account WHERE Website LIKE '%' ORDER BY Name"),
                         ["Acme", "Globex", "Initech"])  # a null never matches
        self.assertEqual(self.selected("SELECT Name FROM Account WHERE Website LIKE 'http://%'"), ["Initech"])
        for last_name, email in (("Roe", "b@globex.example"), ("Doe", "c@x.example")):
            self.mock.control("POST", "records", {"object": "Contact",
                                                  "fields": {"LastName": last_name, "Email": email}})
        emails = self.selected("SELECT Id, Email, AccountId FROM Contact "
                               "WHERE Email IN ('a@acme.example', 'b@globex.example')", "Email")
        self.assertEqual(emails, ["b@globex.example"])
        self.assertEqual(self.selected("SELECT Email FROM Contact WHERE Email LIKE '%@GLOBEX.%'", "Email"),
                         ["b@globex.example"])
        self.assertViolations(0)

    def test_query_or_with_parentheses(self):
        for i, stage in enumerate(["Prospecting", "Qualification", "Prospecting", "Closed Won"]):
            self.mock.control("POST", "records", {"object": "Opportunity", "fields": {
                "Name": f"Deal {i}", "StageName": stage, "CloseDate": "2026-12-31", "Amount": 100 * i}})
        cases = [
            ("(StageName = 'Prospecting' OR StageName = 'Qualification') AND Amount > 0", ["Deal 1", "Deal 2"]),
            ("StageName = 'Prospecting' OR (StageName = 'Qualification' AND Amount > 0)",
             ["Deal 0", "Deal 1", "Deal 2"]),
            ("Amount >= 300 OR Name = 'deal 0' OR Name = 'Deal 9'", ["Deal 0", "Deal 3"]),
            ("((IsWon = true) OR (Amount = 100 AND (StageName = 'Qualification')))", ["Deal 1", "Deal 3"]),
            ("(Amount > 0 AND Amount < 300) AND (Name LIKE '%1' OR Name LIKE '%2')", ["Deal 1", "Deal 2"]),
            ("StageName IN ('Closed Won') OR Amount = null", ["Deal 3"]),
        ]
        for where, names in cases:
            self.assertEqual(self.selected(f"SELECT Name FROM Opportunity WHERE {where} ORDER BY Name"), names, where)
        self.assertViolations(0)

    def test_mixed_and_or_without_parentheses_is_a_violation(self):
        count = 0
        for where in ("Email = 'a' AND Company = 'b' OR Company = 'c'",
                      "Email = 'a' OR Company = 'b' AND Company = 'c'",
                      "(Email = 'a' OR Email = 'b' AND Company = 'c') AND LastName = 'x'"):
            answer = self.query(f"SELECT Id FROM Lead WHERE {where}")
            self.assertEqual((answer.status, answer.json[0]["errorCode"]), (400, "MALFORMED_QUERY"), where)
            count = self.assertNewViolation(count, "without parentheses")

    def test_like_on_a_non_text_field_is_refused(self):
        count = 0
        for obj, where in (("Contact", "Bluebird_Advocate__c LIKE 'true'"), ("Opportunity", "Amount LIKE '1%'"),
                           ("Opportunity", "Name = 'x' OR (IsWon LIKE '%' AND Name = 'y')"),
                           ("Lead", "SystemModstamp LIKE '2026%'")):
            answer = self.query(f"SELECT Id FROM {obj} WHERE {where}")
            self.assertEqual((answer.status, answer.json[0]["errorCode"]), (400, "INVALID_FIELD"), where)
            self.assertIn("invalid operator on", answer.json[0]["message"])
            count = self.assertNewViolation(count, "LIKE")
        deep = self.query("SELECT Id FROM Lead WHERE Email = 'a' OR (Company = 'b' AND Shoe_Size__c = 'c')")
        self.assertEqual(deep.json[0]["errorCode"], "INVALID_FIELD")  # every condition in the tree is checked
        count = self.assertNewViolation(count, "Shoe_Size__c")
        misfit = self.query("SELECT Id FROM Lead WHERE Email = 'a' OR (Company = 'b' AND IsConverted = 'yes')")
        self.assertEqual(misfit.json[0]["errorCode"], "MALFORMED_QUERY")
        self.assertNewViolation(count, "IsConverted")

    def test_first_active_open_stage(self):
        soql = ("SELECT ApiName FROM OpportunityStage WHERE IsActive = true AND IsClosed = false "
                "ORDER BY SortOrder LIMIT 1")
        self.assertEqual(self.selected(soql, "ApiName"), ["Prospecting"])
        self.mock.control("POST", "schema", {"object": "Opportunity", "field": "StageName", "picklist": [
            {"value": "Closed Early", "closed": True}, {"value": "Old", "active": False}, "Discovery", "Proposal",
            {"value": "Won", "closed": True, "won": True}]})
        self.assertEqual(self.selected(soql, "ApiName"), ["Discovery"])
        last = soql.replace("ORDER BY SortOrder", "ORDER BY SortOrder DESC")
        self.assertEqual(self.selected(last, "ApiName"), ["Proposal"])
        self.assertEqual(self.selected("SELECT ApiName, SortOrder FROM OpportunityStage ORDER BY SortOrder",
                                       "SortOrder"), [1, 2, 3, 4, 5])
        self.assertViolations(0)

    def test_query_email_in_is_case_insensitive(self):
        ann, bo, _ = [self.mock.control("POST", "records", {"object": "Contact", "fields": {
            "LastName": name, "Email": email}})["Id"] for name, email in (("Ann", "Ann@X.com"), ("Bo", "b@y.com"),
                                                                            ("Cy", "c@z.com"))]
        answer = self.query("SELECT Id, Email FROM Contact WHERE Email IN ('ann@x.com','B@Y.COM','nobody@x.com')")
        self.assertEqual(answer.status, 200, answer.text)
        self.assertEqual([(r["Id"], r["Email"]) for r in answer.json["records"]], [(ann, "Ann@X.com"), (bo, "b@y.com")])
        self.assertEqual(list(answer.json["records"][0]), ["attributes", "Id", "Email"])
        self.assertEqual(self.selected("SELECT Id, Email FROM Contact WHERE Email = 'C@Z.COM'", "Email"), ["c@z.com"])
        self.assertViolations(0)

    # references and Opportunity.ContactId -----------------------------------------------------------

    def contact_record(self, value, **fields):
        return {"attributes": {"type": "Contact"}, "Bluebird_Referral_Id__c": value, "LastName": "Lee", **fields}

    def opportunity_record(self, value, **fields):
        return {"attributes": {"type": "Opportunity"}, "Bluebird_Referral_Id__c": value, "Name": "Acme referral",
                "StageName": "Prospecting", "CloseDate": "2026-12-31", **fields}

    def test_contact_collection_upsert_with_account(self):
        [account] = self.accounts(("Acme", "https://acme.example"))
        answer = self.collection([self.contact_record("ref_x", Email="ann@acme.example", AccountId=account,
                                                      Bluebird_Advocate__c=True),
                                  self.contact_record("ref_y", Email="bo@acme.example")], obj="Contact")
        self.assertEqual(answer.status, 200, answer.text)
        self.assertEqual([(r["success"], r["created"]) for r in answer.json], [(True, True), (True, True)])
        self.assertTrue(answer.json[0]["id"].startswith("003"))
        again = self.collection([self.contact_record("REF_X", Bluebird_Program__c="Spring")], obj="Contact")
        self.assertEqual((again.json[0]["created"], again.json[0]["id"]), (False, answer.json[0]["id"]))
        rows = self.query("SELECT Id, Email, AccountId, Bluebird_Program__c FROM Contact "
                          "WHERE Bluebird_Referral_Id__c = 'ref_x'").json["records"]
        self.assertEqual([(r["Id"], r["Email"], r["AccountId"], r["Bluebird_Program__c"]) for r in rows],
                         [(answer.json[0]["id"], "ann@acme.example", account, "Spring")])
        self.assertViolations(0)

    def test_opportunity_collection_upsert_with_account_and_contact(self):
        [account] = self.accounts(("Acme", "https://acme.example"))
        contact = self.collection([self.contact_record("ref_x", AccountId=account)], obj="Contact").json[0]["id"]
        answer = self.collection([self.opportunity_record("ref_x", AccountId=account, ContactId=contact,
                                                          Amount=1200, LeadSource="External Referral")],
                                 obj="Opportunity")
        self.assertEqual(answer.status, 200, answer.text)
        self.assertEqual((answer.json[0]["success"], answer.json[0]["created"]), (True, True), answer.text)
        self.assertTrue(answer.json[0]["id"].startswith("006"))
        rows = self.query("SELECT Id, AccountId, ContactId FROM Opportunity "
                          "WHERE Bluebird_Referral_Id__c = 'ref_x'").json["records"]
        self.assertEqual([(r["Id"], r["AccountId"], r["ContactId"]) for r in rows],
                         [(answer.json[0]["id"], account, contact)])
        self.assertEqual(list(rows[0]), ["attributes", "Id", "AccountId", "ContactId"])
        update = self.collection([self.opportunity_record("ref_x", StageName="Qualification")], obj="Opportunity")
        self.assertEqual((update.json[0]["success"], update.json[0]["created"]), (True, False), update.text)
        self.assertViolations(0)

    def test_opportunity_required_fields_in_collections(self):
        records = [{k: v for k, v in self.opportunity_record(f"ref_{name}").items() if k != name}
                   for name in ("Name", "StageName", "CloseDate")]
        answer = self.collection(records, obj="Opportunity")
        self.assertEqual([r["errors"][0]["statusCode"] for r in answer.json], ["REQUIRED_FIELD_MISSING"] * 3)
        self.assertEqual([r["errors"][0]["fields"] for r in answer.json], [["Name"], ["StageName"], ["CloseDate"]])
        self.assertEqual(self.mock.control("GET", "records?object=Opportunity"), [])
        self.assertViolations(3, "without ['CloseDate']")

    def test_opportunity_contact_id_is_create_only(self):
        first = self.mock.control("POST", "records", {"object": "Contact", "fields": {"LastName": "Lee"}})["Id"]
        second = self.mock.control("POST", "records", {"object": "Contact", "fields": {"LastName": "Roe"}})["Id"]
        created = self.upsert("Opportunity", "ref_1", {"Name": "Acme", "StageName": "Prospecting",
                                                       "CloseDate": "2026-12-31", "ContactId": first})
        self.assertEqual(created.status, 201, created.text)
        self.assertViolations(0)
        opportunity = created.json["id"]
        count = 0
        by_id = self.sf("PATCH", f"sobjects/Opportunity/{opportunity}", {"ContactId": second})
        self.assertEqual((by_id.status, by_id.json[0]["errorCode"], by_id.json[0]["fields"]),
                         (400, "INVALID_FIELD_FOR_INSERT_UPDATE", ["ContactId"]))
        count = self.assertNewViolation(count, "Opportunity.ContactId is not updateable")
        upsert = self.upsert("Opportunity", "ref_1", {"ContactId": second, "Amount": 5})
        self.assertEqual((upsert.status, upsert.json[0]["errorCode"]), (400, "INVALID_FIELD_FOR_INSERT_UPDATE"))
        count = self.assertNewViolation(count, "not updateable")
        same = self.upsert("Opportunity", "ref_1", {"ContactId": first})  # even the value it already has
        self.assertEqual(same.json[0]["errorCode"], "INVALID_FIELD_FOR_INSERT_UPDATE")
        count = self.assertNewViolation(count, "not updateable")
        batch = self.collection([self.opportunity_record("ref_1", ContactId=second),
                                 self.opportunity_record("ref_2", ContactId=second)], obj="Opportunity")
        self.assertEqual(batch.json[0], {"success": False, "errors": [{
            "statusCode": "INVALID_FIELD_FOR_INSERT_UPDATE", "message": batch.json[0]["errors"][0]["message"],
            "fields": ["ContactId"]}]})
        self.assertEqual((batch.json[1]["success"], batch.json[1]["created"]), (True, True))
        self.assertNewViolation(count, "not updateable")
        stored = {o["Bluebird_Referral_Id__c"]: o["ContactId"]
                  for o in self.mock.control("GET", "records?object=Opportunity")}
        self.assertEqual(stored, {"ref_1": first, "ref_2": second})

    def test_invalid_cross_reference_key_is_an_error_but_no_violation(self):
        [account] = self.accounts(("Acme", None))
        missing_account = "001Mk0000009999AAA"
        single = self.upsert("Contact", "ref_1", {"LastName": "Lee", "AccountId": missing_account})
        self.assertEqual((single.status, single.json), (400, [{
            "message": "invalid cross reference id", "errorCode": "INVALID_CROSS_REFERENCE_KEY",
            "fields": ["AccountId"]}]))
        contact = self.upsert("Contact", "ref_1", {"LastName": "Lee", "AccountId": account[:15]})
        self.assertEqual(contact.status, 201, contact.text)  # the 15-character id works and is stored as 18
        self.assertEqual(self.mock.control("GET", "records?object=Contact")[0]["AccountId"], account)
        moved = self.sf("PATCH", f"sobjects/Contact/{contact.json['id']}", {"AccountId": missing_account})
        self.assertEqual((moved.status, moved.json[0]["errorCode"]), (400, "INVALID_CROSS_REFERENCE_KEY"))
        wrong_object = self.upsert("Opportunity", "ref_1", {"Name": "Acme", "StageName": "Prospecting",
                                                            "CloseDate": "2026-12-31", "ContactId": account})
        self.assertEqual((wrong_object.json[0]["errorCode"], wrong_object.json[0]["fields"]),
                         ("INVALID_CROSS_REFERENCE_KEY", ["ContactId"]))
        batch = self.collection([self.opportunity_record("ref_2", AccountId=missing_account),
                                 self.opportunity_record("ref_3", AccountId=account, ContactId=contact.json["id"]),
                                 self.opportunity_record("ref_4", ContactId="003Mk0000009999AAA")], obj="Opportunity")
        self.assertEqual(batch.status, 200)
        self.assertEqual(batch.json[0], {"success": False, "errors": [{
            "statusCode": "INVALID_CROSS_REFERENCE_KEY", "message": "invalid cross reference id",
            "fields": ["AccountId"]}]})
        self.assertTrue(batch.json[1]["success"])
        self.assertEqual(batch.json[2]["errors"][0]["fields"], ["ContactId"])
        rolled = self.collection([self.opportunity_record("ref_5"), self.opportunity_record(
            "ref_6", AccountId=missing_account)], all_or_none=True, obj="Opportunity")
        self.assertEqual([r["errors"][0]["statusCode"] for r in rolled.json],
                         ["ALL_OR_NONE_OPERATION_ROLLED_BACK", "INVALID_CROSS_REFERENCE_KEY"])
        self.assertEqual([o["Bluebird_Referral_Id__c"] for o in self.mock.control("GET", "records?object=Opportunity")],
                         ["ref_3"])
        self.assertViolations(0)

    # limits and faults ------------------------------------------------------------------------------

    def test_api_usage_limit(self):
        self.mock.control("POST", "config", {"api_limit": 3, "api_usage": 1})
        self.assertEqual(self.sf("GET", "sobjects/Lead/describe").headers["sforce-limit-info"], "api-usage=2/3")
        self.assertEqual(self.sf("GET", "sobjects/Lead/describe").headers["sforce-limit-info"], "api-usage=3/3")
        refused = self.sf("GET", "sobjects/Lead/describe")
        self.assertEqual((refused.status, refused.json[0]["errorCode"]), (403, "REQUEST_LIMIT_EXCEEDED"))
        self.assertEqual(refused.headers["sforce-limit-info"], "api-usage=3/3")
        self.assertNotIn("retry-after", refused.headers)
        self.assertViolations(0)

    def test_faults(self):
        self.mock.control("POST", "faults", [
            {"match": {"method": "GET", "path_regex": "/describe"}, "respond": "invalid_session"},
            {"match": {"path_regex": "/describe"}, "respond": "request_limit"},
            {"match": {"path_regex": "/describe"}, "respond": "server_error"},
            {"match": {"path_regex": "/describe"}, "respond": "html", "status": 502},
            {"match": {"path_regex": "/describe"}, "respond": "html"},
            {"match": {"path_regex": "/describe"}, "respond": "garbage", "times": 2},
        ])
        first = self.sf("GET", "sobjects/Lead/describe")
        self.assertEqual((first.status, first.json),
                         (401, [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]))
        self.assertEqual(self.sf("GET", "sobjects/Lead/describe").json[0]["errorCode"], "REQUEST_LIMIT_EXCEEDED")
        server_error = self.sf("GET", "sobjects/Lead/describe")
        self.assertEqual((server_error.status, server_error.json[0]["errorCode"]), (500, "UNKNOWN_EXCEPTION"))
        html = self.sf("GET", "sobjects/Lead/describe")
        self.assertEqual((html.status, html.headers["content-type"].split(";")[0]), (502, "text/html"))
        self.assertEqual(self.sf("GET", "sobjects/Lead/describe").status, 200)
        for _ in range(2):
            garbage = self.sf("GET", "sobjects/Lead/describe")
            self.assertEqual((garbage.status, garbage.json), (200, None))
            self.assertTrue(garbage.headers["content-type"].startswith("application/json"))
        self.assertEqual(self.sf("GET", "sobjects/Lead/describe").status, 200)
        self.assertEqual(self.mock.control("GET", "faults"), [])
        faults = [r["fault"] for r in self.requests() if "describe" in r["path"]]
        self.assertEqual(faults, ["invalid_session", "request_limit", "server_error", "html", "html", "garbage",
                                  "garbage", None])
        self.assertViolations(0)

    def test_fault_matching_by_method(self):
        self.mock.control("POST", "faults", {"match": {"method": "PATCH"}, "respond": "server_error", "times": 1})
        self.assertEqual(self.sf("GET", "sobjects/Lead/describe").status, 200)
        self.assertEqual(self.upsert("Lead", "ref_1", {"LastName": "X", "Company": "Y"}).status, 500)
        self.assertEqual(self.upsert("Lead", "ref_1", {"LastName": "X", "Company": "Y"}).status, 201)

    def test_timeout_fault(self):
        self.mock.control("POST", "faults", {"match": {"path_regex": "describe"}, "respond": "timeout",
                                             "seconds": 0.3})
        started = time.monotonic()
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionResetError)):
            self.sf("GET", "sobjects/Lead/describe")
        self.assertGreaterEqual(time.monotonic() - started, 0.3)
        logged = self.requests()[-1]
        self.assertEqual((logged["fault"], logged["response_status"]), ("timeout", None))
        self.assertEqual(self.sf("GET", "sobjects/Lead/describe").status, 200)

    def test_duplicates_multiple_matches_and_invalid_grant_faults(self):
        self.mock.control("POST", "faults", [
            {"match": {"path_regex": "sobjects/Lead/"}, "respond": "duplicates_detected",
             "record_id": "00QMk0000000777AAA", "misspelt": True},
            {"match": {"path_regex": "sobjects/Contact/"}, "respond": "duplicates_detected",
             "record_id": "003Mk0000000777AAA", "allow_save": True},
            {"match": {"path_regex": "sobjects/Lead/"}, "respond": "multiple_matches"},
            {"match": {"path_regex": "oauth2/token"}, "respond": "invalid_grant", "description": "user is inactive"},
        ])
        dup = self.upsert("Lead", "ref_1", {"LastName": "X", "Company": "Y"})
        self.assertEqual((dup.status, dup.json[0]["errorCode"]), (400, "DUPLICATES_DETECTED"))
        self.assertNotIn("duplicateResult", dup.json[0])
        match = dup.json[0]["duplicateResut"]["matchResults"][0]["matchRecords"][0]["record"]
        self.assertEqual((match["Id"], match["attributes"]["type"]), ("00QMk0000000777AAA", "Lead"))
        contact = self.upsert("Contact", "ref_1", {"LastName": "X"})
        self.assertTrue(contact.json[0]["duplicateResult"]["allowSave"])
        multiple = self.upsert("Lead", "ref_1", {"LastName": "X", "Company": "Y"})
        self.assertEqual(multiple.status, 300)
        self.assertEqual(len(multiple.json), 2)
        self.assertTrue(all(url.startswith(f"{V}/sobjects/Lead/00Q") for url in multiple.json))
        grant = self.mock.call("POST", "/services/oauth2/token",
                               form(grant_type="client_credentials", client_id="cid", client_secret="secret"), FORM)
        self.assertEqual((grant.status, grant.json), (400, {"error": "invalid_grant",
                                                            "error_description": "user is inactive"}))
        self.assertEqual(self.mock.control("GET", "records?object=Lead"), [])
        self.assertViolations(0)

    def test_real_multiple_matches(self):
        for _ in range(2):
            self.mock.control("POST", "records", {"object": "Contact", "fields": {"LastName": "Twin",
                                                                                  "Bluebird_Referral_Id__c": "ref_x"}})
        answer = self.upsert("Contact", "ref_x", {"Bluebird_Program__c": "p"})
        self.assertEqual(answer.status, 300)
        self.assertEqual(len(answer.json), 2)

    def test_bad_fault_definitions_are_refused(self):
        for fault in ({"respond": "meteor_strike"}, {"respond": "html", "colour": "red"},
                      {"respond": "html", "times": 0}, {"respond": "html", "match": {"host": "x"}},
                      {"respond": "html", "match": {"path_regex": "("}}):
            self.assertEqual(self.mock.call("POST", "/__mock/faults", fault).status, 400, fault)
        self.assertEqual(self.mock.call("POST", "/__mock/config", {"colour": "red"}).status, 400)
        self.assertEqual(self.mock.call("POST", "/__mock/config", {"update_status": 202}).status, 400)
        self.assertEqual(self.mock.call("GET", "/__mock/nothing").status, 404)

    # control API ------------------------------------------------------------------------------------

    def test_crm_user_changes_and_clock(self):
        self.mock.control("POST", "clock", {"now": "2026-12-02T10:00:00Z"})
        opportunity = self.mock.control("POST", "records", {"object": "Opportunity", "fields": {
            "Name": "Acme", "StageName": "Negotiation/Review", "CloseDate": "2026-12-31", "Amount": 5000}})
        self.assertEqual((opportunity["IsWon"], opportunity["IsClosed"], opportunity["SystemModstamp"]),
                         (False, False, "2026-12-02T10:00:00.000+0000"))
        self.mock.control("POST", "clock", {"advance_seconds": 90})
        won = self.mock.control("POST", "records", {"object": "Opportunity", "id": opportunity["Id"],
                                                    "fields": {"StageName": "Closed Won"}})
        self.assertEqual((won["IsWon"], won["IsClosed"], won["SystemModstamp"]),
                         (True, True, "2026-12-02T10:01:30.000+0000"))
        self.mock.control("POST", "clock", {"advance_seconds": 60})
        amended = self.mock.control("POST", "records", {"object": "Opportunity", "id": opportunity["Id"],
                                                        "fields": {"Amount": 7500}})
        self.assertEqual((amended["IsWon"], amended["Amount"], amended["SystemModstamp"]),
                         (True, 7500, "2026-12-02T10:02:30.000+0000"))
        lost = self.mock.control("POST", "records", {"object": "Opportunity", "id": opportunity["Id"],
                                                     "fields": {"StageName": "Closed Lost"}})
        self.assertEqual((lost["IsWon"], lost["IsClosed"]), (False, True))
        self.assertEqual(self.mock.control("GET", "clock"), {"now": "2026-12-02T10:02:30.000Z", "fixed": True})
        self.assertEqual(self.mock.call("POST", "/__mock/records", {"object": "Opportunity", "fields": {
            "StageName": "Won-ish"}}).status, 400)
        self.assertEqual(self.mock.call("POST", "/__mock/records", {"object": "Lead", "fields": {"Nope": 1}}).status,
                         400)
        self.mock.control("POST", "clock", {"now": None})
        self.assertFalse(self.mock.control("GET", "clock")["fixed"])
        self.assertEqual(self.mock.call("POST", "/__mock/clock", {"advance_seconds": 5}).status, 400)

    def test_lead_conversion(self):
        lead_id = self.lead("ref_9", FirstName="Jane", Email="jane@acme.com", LeadSource="External Referral",
                            Bluebird_Advocate_Email__c="ann@client.com")
        converted = self.mock.control("POST", "records", {"object": "Lead", "id": lead_id, "convert": {
            "opportunity_fields": {"Amount": 1200}}})
        lead, opportunity = converted["lead"], converted["opportunity"]
        self.assertTrue(lead["IsConverted"])
        self.assertEqual(lead["Status"], "Closed - Converted")
        self.assertEqual((lead["ConvertedOpportunityId"], lead["ConvertedContactId"], lead["ConvertedAccountId"]),
                         (opportunity["Id"], converted["contact"]["Id"], converted["account"]["Id"]))
        self.assertEqual((opportunity["Bluebird_Referral_Id__c"], opportunity["Bluebird_Advocate_Email__c"],
                          opportunity["Amount"], opportunity["StageName"], opportunity["LeadSource"],
                          opportunity["AccountId"]),
                         ("ref_9", "ann@client.com", 1200, "Prospecting", "External Referral",
                          converted["account"]["Id"]))
        self.assertEqual(converted["contact"]["Bluebird_Referral_Id__c"], "ref_9")
        self.assertEqual(converted["account"]["Name"], "Acme")
        polled = self.query("SELECT Id, IsConverted, ConvertedOpportunityId, ConvertedDate FROM Lead "
                            "WHERE Bluebird_Referral_Id__c = 'ref_9' AND IsConverted = true")
        self.assertEqual(polled.json["records"][0]["ConvertedOpportunityId"], opportunity["Id"])
        self.assertEqual(self.mock.call("POST", "/__mock/records", {"object": "Lead", "id": lead_id,
                                                                    "convert": {}}).status, 400)
        self.assertViolations(0)

    def test_conversion_into_existing_contact_without_mapping(self):
        contact = self.mock.control("POST", "records", {"object": "Contact", "fields": {
            "LastName": "Smyth", "Email": None, "Bluebird_Referral_Id__c": "ref_old"}})
        lead_id = self.lead("ref_2", Email="jane@acme.com")
        converted = self.mock.control("POST", "records", {"object": "Lead", "id": lead_id, "convert": {
            "contact_id": contact["Id"], "create_opportunity": False, "map_lead_fields": []}})
        self.assertEqual((converted["contact"]["LastName"], converted["contact"]["Email"],
                          converted["contact"]["Bluebird_Referral_Id__c"]), ("Smyth", "jane@acme.com", "ref_old"))
        self.assertIsNone(converted["opportunity"])
        self.assertIsNone(converted["lead"]["ConvertedOpportunityId"])

    def test_reset_and_request_log(self):
        self.lead("ref_1")
        self.mock.control("POST", "faults", {"respond": "server_error"})
        self.mock.control("POST", "config", {"query_page_size": 5})
        log = self.requests()
        entry = log[-1]
        for key in ("index", "method", "path", "query", "params", "headers", "body", "json", "time", "real_time",
                    "fault", "response_status"):
            self.assertIn(key, entry)
        self.assertEqual(entry["headers"]["content-type"], "application/json")
        self.assertTrue(all(name == name.lower() for name in entry["headers"]))
        self.assertEqual([r["index"] for r in log], list(range(len(log))))
        self.mock.control("POST", "reset")
        self.assertEqual(self.requests(), [])
        self.assertEqual(self.mock.control("GET", "faults"), [])
        self.assertEqual(self.mock.control("GET", "records?object=Lead"), [])
        self.assertEqual(self.mock.control("GET", "config")["query_page_size"], 2000)


# --- HubSpot ---------------------------------------------------------------------------------------

class HubSpotMockTest(MockTestCase):
    SCRIPT = "hubspot_mock.py"

    def setUp(self):
        super().setUp()
        self.mock.control("POST", "config", {"token": "pat-test"})

    def hs(self, method, path, body=None, token="pat-test", headers=None):
        all_headers = {"Authorization": f"Bearer {token}"} if token else {}
        all_headers.update(headers or {})
        return self.mock.call(method, path, body, all_headers)

    def install(self):
        self.mock.control("POST", "schema", {"install_bluebird_properties": True})

    def contact(self, email="jane@acme.com", **props):
        answer = self.hs("POST", f"{HS}/contacts", {"properties": {"email": email, **props}})
        self.assertEqual(answer.status, 201, answer.text)
        return answer.json["id"]

    def company(self, domain="acme.com", name="Acme"):
        answer = self.hs("POST", f"{HS}/companies", {"properties": {"domain": domain, "name": name}})
        self.assertEqual(answer.status, 201, answer.text)
        return answer.json["id"]

    def upsert_deals(self, inputs, path=f"{HS}/deals/batch/upsert"):
        return self.hs("POST", path, {"inputs": inputs})

    @staticmethod
    def deal_input(ref, trace=None, **props):
        item = {"idProperty": "bluebird_referral_id", "id": ref,
                "properties": {"dealname": f"Deal {ref}", "dealstage": "appointmentscheduled", **props}}
        if trace:
            item["objectWriteTraceId"] = trace
        return item

    def test_auth(self):
        missing = self.hs("GET", "/crm/properties/2026-03/deals", token=None)
        self.assertEqual((missing.status, missing.json["category"], missing.json["status"]),
                         (401, "INVALID_AUTHENTICATION", "error"))
        self.assertViolations(1, "Authorization")
        wrong = self.hs("GET", "/crm/properties/2026-03/deals", token="revoked")
        self.assertEqual(wrong.status, 401)
        self.assertViolations(1)
        self.assertEqual(self.hs("GET", "/crm/properties/2026-03/deals").status, 200)

    def test_unknown_routes_and_methods(self):
        self.assertEqual(self.hs("GET", "/crm/v3/objects/deals/123/whatever").status, 404)
        self.assertViolations(1, "not a HubSpot endpoint")
        self.assertEqual(self.hs("GET", f"{HS}/contacts/batch/upsert").status, 405)
        self.assertViolations(2, "not allowed")
        self.assertEqual(self.hs("POST", f"{HS}/tickets/search", {}).status, 400)
        self.assertViolations(3, "tickets")

    def test_properties(self):
        listed = self.hs("GET", "/crm/properties/2026-03/deals")
        names = {p["name"] for p in listed.json["results"]}
        self.assertTrue({"dealname", "dealstage", "pipeline", "amount", "hs_is_closed_won"} <= names)
        self.assertNotIn("bluebird_referral_id", names)
        spec = {"name": "bluebird_referral_id", "label": "Bluebird referral ID", "type": "string", "fieldType": "text",
                "groupName": "bluebird", "hasUniqueValue": True}
        created = self.hs("POST", "/crm/properties/2026-03/deals", spec)
        self.assertEqual((created.status, created.json["hasUniqueValue"], created.json["groupName"]),
                         (201, True, "bluebird"))
        again = self.hs("POST", "/crm/properties/2026-03/0-3", spec)
        self.assertEqual((again.status, again.json["category"]), (409, "OBJECT_ALREADY_EXISTS"))
        self.assertEqual(self.hs("GET", "/crm/properties/2026-03/deals/bluebird_referral_id").json["name"],
                         "bluebird_referral_id")
        self.assertEqual(self.hs("GET", "/crm/properties/2026-03/deals/nope").status, 404)
        group = self.hs("POST", "/crm/properties/2026-03/contacts/groups", {"name": "bluebird", "label": "Bluebird"})
        self.assertEqual(group.status, 201)
        self.assertEqual(self.hs("POST", "/crm/properties/2026-03/contacts/groups",
                                 {"name": "bluebird", "label": "Bluebird"}).status, 409)
        batch = self.hs("POST", "/crm/properties/2026-03/0-1/batch/create", {"inputs": [
            {"name": "bluebird_referral_id", "label": "Referral", "type": "string", "fieldType": "text",
             "groupName": "bluebird"},
            {"name": "bluebird_advocate", "label": "Advocate", "type": "bool", "fieldType": "booleancheckbox",
             "groupName": "bluebird"}]})
        self.assertEqual((batch.status, len(batch.json["results"])), (201, 2))
        partly = self.hs("POST", "/crm/properties/2026-03/contacts/batch/create", {"inputs": [
            {"name": "bluebird_advocate", "label": "Advocate", "type": "bool", "fieldType": "booleancheckbox",
             "groupName": "bluebird"}]})
        self.assertEqual((partly.status, partly.json["numErrors"]), (207, 1))
        self.assertViolations(0)
        count = 0
        for bad in ({**spec, "name": "bluebird_x", "fieldType": None}, {**spec, "name": "Bluebird X"},
                    {**spec, "name": "bluebird_y", "type": "number"}, {**spec, "name": "bluebird_z", "typo": 1}):
            bad = {k: v for k, v in bad.items() if v is not None}
            answer = self.hs("POST", "/crm/properties/2026-03/deals", bad)
            self.assertEqual((answer.status, answer.json["category"]), (400, "VALIDATION_ERROR"), bad)
            count = self.assertNewViolation(count)

    def test_contact_batch_upsert_by_email(self):
        self.install()
        first = self.hs("POST", f"{HS}/contacts/batch/upsert", {"inputs": [
            {"idProperty": "email", "id": "jane@acme.com", "objectWriteTraceId": "t1",
             "properties": {"email": "jane@acme.com", "firstname": "Janet", "bluebird_referral_id": "ref_1",
                            "bluebird_referral_count": 1, "bluebird_advocate": False}}]})
        self.assertEqual(first.status, 200, first.text)
        body = first.json
        self.assertEqual(body["status"], "COMPLETE")
        for key in ("startedAt", "completedAt"):
            self.assertIn(key, body)
        result = body["results"][0]
        self.assertTrue(result["new"])
        self.assertEqual((result["properties"]["bluebird_referral_count"], result["properties"]["bluebird_advocate"]),
                         ("1", "false"))
        second = self.hs("POST", f"{HS}/contacts/batch/upsert", {"inputs": [
            {"idProperty": "email", "id": "JANE@acme.com", "properties": {"bluebird_referral_status": "submitted"}}]})
        self.assertEqual((second.json["results"][0]["new"], second.json["results"][0]["id"]), (False, result["id"]))
        [stored] = self.mock.control("GET", "records?object=contacts")
        self.assertEqual((stored["properties"]["firstname"], stored["properties"]["bluebird_referral_status"]),
                         ("Janet", "submitted"))
        self.assertEqual(self.requests()[-1]["family"], "2026-03")
        self.assertViolations(0)

    def test_contact_upsert_violations(self):
        self.install()
        self.contact("jane@acme.com", firstname="Janet")

        def item(**overrides):
            return {"idProperty": "email", "id": "jane@acme.com", "properties": {"bluebird_program": "p"}, **overrides}

        cases = [
            ([item(properties={"firstname": ""})], '""'),
            ([item(properties={"firstname": None})], "null"),
            ([item(properties={"shoe_size": "9"})], "shoe_size"),
            ([item(properties={"createdate": "2026-01-01"})], "read-only"),
            ([item(idProperty=None)], "idProperty"),
            ([item(idProperty="firstname")], "firstname"),
            ([item(), item()], "duplicate id"),
            ([item(properties={"email": "other@acme.com"})], "differs"),
            ([item(properties={"bluebird_referral_count": "many"})], "not a number"),
            ([item(extra=1)], "unknown keys"),
            ([item(id="")], "no id"),
            ([item(id=f"p{i}@acme.com") for i in range(101)], "101 inputs"),
        ]
        count = 0
        for inputs, mention in cases:
            answer = self.hs("POST", f"{HS}/contacts/batch/upsert", {"inputs": inputs})
            self.assertEqual((answer.status, answer.json["category"]), (400, "VALIDATION_ERROR"), mention)
            count = self.assertNewViolation(count, mention)
        for body, mention in [({"inputs": []}, "non-empty"), ({"inputs": [item()], "extra": 1}, "unknown body key"),
                              ({}, "lacks 'inputs'")]:
            self.assertEqual(self.hs("POST", f"{HS}/contacts/batch/upsert", body).status, 400)
            count = self.assertNewViolation(count, mention)
        plain = self.hs("POST", f"{HS}/contacts/batch/upsert", json.dumps({"inputs": [item()]}),
                        headers={"Content-Type": "text/plain"})
        self.assertEqual(plain.status, 400)
        self.assertNewViolation(count, "Content-Type")
        [stored] = self.mock.control("GET", "records?object=contacts")
        self.assertEqual(stored["properties"]["firstname"], "Janet")
        self.assertNotIn("bluebird_program", stored["properties"])

    def test_contact_batch_read(self):
        self.install()
        known = self.contact("jane@acme.com", firstname="Jane", bluebird_referral_id="ref_1")
        answer = self.hs("POST", f"{HS}/contacts/batch/read", {
            "idProperty": "email", "properties": ["email", "firstname", "bluebird_referral_id"],
            "inputs": [{"id": "Jane@Acme.com"}, {"id": "nobody@acme.com"}]})
        self.assertEqual(answer.status, 207)
        self.assertEqual(answer.json["results"][0]["id"], known)
        self.assertEqual(answer.json["results"][0]["properties"],
                         {"email": "jane@acme.com", "firstname": "Jane", "bluebird_referral_id": "ref_1"})
        self.assertEqual((answer.json["numErrors"], answer.json["errors"][0]["category"],
                          answer.json["errors"][0]["context"]["ids"]), (1, "OBJECT_NOT_FOUND", ["nobody@acme.com"]))
        all_found = self.hs("POST", f"{HS}/contacts/batch/read", {"idProperty": "email",
                                                                  "inputs": [{"id": "jane@acme.com"}]})
        self.assertEqual(all_found.status, 200)
        self.assertViolations(0)
        self.hs("POST", f"{HS}/contacts/batch/read", {"idProperty": "firstname", "inputs": [{"id": "Jane"}]})
        self.assertViolations(1, "firstname")

    def test_companies_by_domain(self):
        company = self.company("acme.com", "Acme")
        self.company("beta.io", "Beta")
        search = {"filterGroups": [{"filters": [{"propertyName": "domain", "operator": "EQ", "value": "ACME.com"}]}],
                  "properties": ["domain", "name", "hs_additional_domains"], "limit": 1}
        answer = self.hs("POST", f"{HS}/companies/search", search)
        self.assertEqual((answer.status, answer.json["total"]), (200, 1))
        self.assertEqual(answer.json["results"][0]["id"], company)
        self.assertEqual(answer.json["results"][0]["properties"],
                         {"domain": "acme.com", "name": "Acme", "hs_additional_domains": None})
        none = self.hs("POST", f"{HS}/companies/search", {**search, "filterGroups": [{"filters": [
            {"propertyName": "domain", "operator": "EQ", "value": "gamma.com"}]}]})
        self.assertEqual((none.json["total"], none.json["results"]), (0, []))
        self.assertViolations(0)
        filters = [{"propertyName": "domain", "operator": "EQ", "value": "a"}]
        cases = [
            ({"filterGroups": [{"filters": filters}] * 4}, "filterGroups"),
            ({"filterGroups": [{"filters": filters * 4}]}, "filters"),
            ({"filterGroups": [{"filters": [{"propertyName": "domian", "operator": "EQ", "value": "a"}]}]}, "domian"),
            ({"filterGroups": [{"filters": [{"propertyName": "domain", "operator": "LIKE", "value": "a"}]}]}, "LIKE"),
            ({"filterGroups": [{"filters": [{"propertyName": "domain", "operator": "EQ"}]}]}, "takes a value"),
            ({"limit": 201}, "limit"),
            ({"after": "9950", "limit": 100}, "paging past"),
            ({"sorts": [{"propertyName": "domain", "direction": "UP"}]}, "sort"),
            ({"query": "acme"}, "free-text"),
        ]
        count = 0
        for body, mention in cases:
            answer = self.hs("POST", f"{HS}/companies/search", body)
            self.assertEqual(answer.status, 400, mention)
            count = self.assertNewViolation(count, mention)

    def test_deal_batch_upsert_needs_a_unique_property(self):
        refused = self.upsert_deals([self.deal_input("ref_1")])
        self.assertEqual(refused.status, 400)
        self.assertViolations(1, "not a unique property")
        self.install()
        created = self.upsert_deals([self.deal_input("ref_1", amount="100"), self.deal_input("ref_2")])
        self.assertEqual([r["new"] for r in created.json["results"]], [True, True])
        self.assertEqual(created.json["results"][0]["properties"]["bluebird_referral_id"], "ref_1")
        updated = self.upsert_deals([{"idProperty": "bluebird_referral_id", "id": "ref_1",
                                      "properties": {"bluebird_program": "Spring"}}])
        self.assertEqual(updated.json["results"][0]["new"], False)
        deals = {d["properties"]["bluebird_referral_id"]: d for d in self.mock.control("GET", "records?object=deals")}
        self.assertEqual((deals["ref_1"]["properties"]["pipeline"], deals["ref_1"]["properties"]["amount"],
                          deals["ref_1"]["properties"]["hs_is_closed_won"]), ("default", "100", "false"))
        self.assertViolations(1)
        self.hs("POST", "/crm/properties/2026-03/deals", {"name": "bluebird_other", "label": "Other",
                                                           "type": "string", "fieldType": "text",
                                                           "groupName": "bluebird"})
        self.upsert_deals([{**self.deal_input("x"), "idProperty": "bluebird_other"}])
        count = self.assertNewViolation(1, "bluebird_other")
        self.upsert_deals([{"idProperty": "bluebird_referral_id", "id": "ref_3", "properties": {"dealname": "No stage"}}])
        count = self.assertNewViolation(count, "without dealstage")
        self.upsert_deals([self.deal_input("ref_3", dealstage="won")])
        count = self.assertNewViolation(count, "in no pipeline")
        self.upsert_deals([self.deal_input("ref_3", pipeline="partners")])
        self.assertNewViolation(count, "pipeline 'partners'")

    def test_deal_patch_by_referral_id(self):
        self.install()
        self.upsert_deals([self.deal_input("ref_1")])
        patched = self.hs("PATCH", f"{HS}/deals/ref_1?idProperty=bluebird_referral_id",
                          {"properties": {"bluebird_program": "Spring"}})
        self.assertEqual((patched.status, patched.json["properties"]["bluebird_program"]), (200, "Spring"))
        by_id = self.hs("PATCH", f"{HS}/deals/{patched.json['id']}", {"properties": {"amount": 250}})
        self.assertEqual(by_id.status, 200)
        missing = self.hs("PATCH", f"{HS}/deals/ref_9?idProperty=bluebird_referral_id",
                          {"properties": {"bluebird_program": "x"}})
        self.assertEqual((missing.status, missing.json["category"]), (404, "OBJECT_NOT_FOUND"))
        self.assertViolations(0)
        self.hs("PATCH", f"{HS}/deals/Deal?idProperty=dealname", {"properties": {"amount": 1}})
        self.assertViolations(1, "dealname")
        self.hs("PATCH", f"{HS}/deals/ref_1?idProperty=bluebird_referral_id", {"properties": {"amount": ""}})
        self.assertViolations(2, '""')

    def test_deal_create_with_associations(self):
        self.install()
        contact, company = self.contact(), self.company()
        body = {"properties": {"dealname": "Acme – referral from Ann Lee", "pipeline": "default",
                               "dealstage": "appointmentscheduled", "amount": "0", "bluebird_referral_id": "ref_1"},
                "associations": [
                    {"to": {"id": contact}, "types": [{"associationCategory": "HUBSPOT_DEFINED",
                                                       "associationTypeId": 3}]},
                    {"to": {"id": company}, "types": [{"associationCategory": "HUBSPOT_DEFINED",
                                                       "associationTypeId": 5}]}]}
        created = self.hs("POST", f"{HS}/deals", body)
        self.assertEqual(created.status, 201, created.text)
        [deal] = self.mock.control("GET", "records?object=deals")
        self.assertEqual(deal["associations"], {"contacts": [{"id": contact, "types": [3]}],
                                                "companies": [{"id": company, "types": [5]}]})
        [stored_contact] = self.mock.control("GET", "records?object=contacts")
        self.assertEqual(stored_contact["associations"]["deals"], [{"id": created.json["id"], "types": [4]}])
        conflict = self.hs("POST", f"{HS}/deals", body)
        self.assertEqual((conflict.status, conflict.json["category"]), (409, "CONFLICT"))
        dup_contact = self.hs("POST", f"{HS}/contacts", {"properties": {"email": "JANE@acme.com"}})
        self.assertEqual((dup_contact.status, dup_contact.json["message"]),
                         (409, f"Contact already exists. Existing ID: {contact}"))
        gone = self.hs("POST", f"{HS}/deals", {**body, "properties": {**body["properties"],
                                                                     "bluebird_referral_id": "ref_2"},
                                               "associations": [{"to": {"id": "999"}, "types": [
                                                   {"associationCategory": "HUBSPOT_DEFINED",
                                                    "associationTypeId": 3}]}]})
        self.assertEqual(gone.status, 400)
        self.assertViolations(0)
        for spec in ({"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279},
                     {"associationCategory": "USER_DEFINED", "associationTypeId": 3}):
            self.hs("POST", f"{HS}/deals", {**body, "associations": [{"to": {"id": contact}, "types": [spec]}]})
        self.assertViolations(2, "HUBSPOT_DEFINED")
        self.hs("POST", f"{HS}/deals", {"properties": {"dealname": "x", "dealstage": "qualifiedtobuy"},
                                        "associations": [{"to": {"id": contact}}]})
        self.assertViolations(3, "types")
        self.assertEqual(len(self.mock.control("GET", "records?object=deals")), 1)

    def test_default_associations_v4(self):
        self.install()
        contact, company = self.contact(), self.company()
        self.upsert_deals([self.deal_input("ref_1")])
        [deal] = self.mock.control("GET", "records?object=deals")
        answer = self.hs("PUT", f"{HS}/deals/{deal['id']}/associations/default/contacts/{contact}")
        self.assertEqual(answer.status, 200, answer.text)
        self.assertEqual(answer.json["results"][0], {
            "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3},
            "from": {"id": deal["id"]}, "to": {"id": contact}})
        batch = self.hs("POST", "/crm/associations/2026-03/deals/companies/batch/associate/default",
                        {"inputs": [{"from": {"id": deal["id"]}, "to": {"id": company}}]})
        self.assertEqual((batch.status, batch.json["results"][0]["associationSpec"]["associationTypeId"]), (200, 341))
        partial = self.hs("POST", "/crm/associations/2026-03/deals/companies/batch/associate/default",
                          {"inputs": [{"from": {"id": deal["id"]}, "to": {"id": company}},
                                      {"from": {"id": deal["id"]}, "to": {"id": "404"}}]})
        self.assertEqual((partial.status, partial.json["numErrors"]), (207, 1))
        self.assertEqual(self.hs("PUT", f"{HS}/deals/{deal['id']}/associations/default/contacts/1").status, 404)
        [stored] = self.mock.control("GET", "records?object=deals")
        self.assertEqual(stored["associations"], {"contacts": [{"id": contact, "types": [3]}],
                                                  "companies": [{"id": company, "types": [341]}]})
        self.assertViolations(0)
        self.hs("PUT", f"{HS}/contacts/{contact}/associations/default/contacts/{contact}")
        self.assertViolations(1, "contacts -> contacts")
        self.hs("PUT", f"{HS}/deals/{deal['id']}/associations/default/contacts/{contact}", {"types": []})
        self.assertViolations(2, "takes no body")
        legacy = self.hs("PUT", f"/crm/v4/objects/deals/{deal['id']}/associations/default/contacts/{contact}")
        self.assertEqual(legacy.status, 200)
        self.assertEqual(self.requests()[-1]["family"], "v3")
        self.assertViolations(3, "v3 path family")
        self.mock.control("POST", "config", {"path_family": "any"})
        self.hs("POST", "/crm/v4/associations/deals/contacts/batch/associate/default",
                {"inputs": [{"from": {"id": deal["id"]}, "to": {"id": contact}}]})
        self.assertViolations(3)

    def test_pipelines_in_both_families(self):
        answer = self.hs("GET", "/crm/pipelines/2026-03/deals")
        [pipeline] = answer.json["results"]
        self.assertEqual((pipeline["id"], pipeline["label"]), ("default", "Sales Pipeline"))
        self.assertEqual([s["id"] for s in pipeline["stages"]],
                         ["appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin",
                          "contractsent", "closedwon", "closedlost"])
        won = pipeline["stages"][5]
        self.assertEqual((won["metadata"], won["archived"]), ({"isClosed": "true", "probability": "1.0"}, False))
        self.assertEqual(pipeline["stages"][0]["metadata"]["isClosed"], "false")
        self.assertEqual(self.hs("GET", "/crm/pipelines/2026-03/deals/default").json["id"], "default")
        self.assertEqual(self.hs("GET", "/crm/pipelines/2026-03/deals/partners").status, 404)
        self.assertViolations(0)
        self.mock.control("POST", "config", {"path_family": "v3"})
        legacy = self.hs("GET", "/crm/v3/pipelines/deals")
        self.assertEqual(legacy.json, answer.json)
        self.assertViolations(0)
        self.hs("GET", "/crm/pipelines/2026-03/deals")
        self.assertViolations(1, "2026-03 path family")

    def test_second_pipeline(self):
        self.install()
        self.mock.control("POST", "schema", {"set_pipeline": {"id": "partners", "label": "Partners", "stages": [
            {"id": "p_new", "label": "New"}, {"id": "p_won", "label": "Won", "isClosed": True, "probability": 1.0}]}})
        self.assertEqual(len(self.hs("GET", "/crm/pipelines/2026-03/deals").json["results"]), 2)
        self.upsert_deals([self.deal_input("ref_1", dealstage="p_new")])
        self.assertViolations(1, "not in the default pipeline")
        ok = self.upsert_deals([self.deal_input("ref_1", dealstage="p_won", pipeline="partners")])
        self.assertEqual(ok.json["results"][0]["properties"]["hs_is_closed_won"], "true")
        self.upsert_deals([self.deal_input("ref_2", dealstage="closedwon", pipeline="partners")])
        self.assertViolations(2, "not a stage of pipeline")
        self.mock.control("POST", "schema", {"set_pipeline": {"id": "partners", "stages": [{"id": "p_new"}]}})
        self.upsert_deals([self.deal_input("ref_1", dealstage="p_won", pipeline="partners")])
        self.assertViolations(2)

    def test_deal_polling_search(self):
        self.install()
        self.mock.control("POST", "clock", {"now": "2026-12-01T09:00:00Z"})
        ids = []
        for i in range(4):
            props = {"dealname": f"Deal {i}", "dealstage": "appointmentscheduled"}
            if i != 1:
                props["bluebird_referral_id"] = f"ref_{i}"
            ids.append(self.mock.control("POST", "records", {"object": "deals", "properties": props})["id"])
            self.mock.control("POST", "clock", {"advance_seconds": 60})
        since = int(datetime.datetime(2026, 12, 1, 9, 1, tzinfo=datetime.timezone.utc).timestamp() * 1000)
        search = {"filterGroups": [{"filters": [
            {"propertyName": "hs_lastmodifieddate", "operator": "GTE", "value": str(since)},
            {"propertyName": "bluebird_referral_id", "operator": "HAS_PROPERTY"}]}],
            "sorts": [{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}],
            "properties": ["dealstage", "pipeline", "amount", "hs_is_closed_won", "bluebird_referral_id"], "limit": 1}
        first = self.hs("POST", f"{HS}/deals/search", search)
        self.assertEqual((first.json["total"], first.json["paging"]["next"]["after"]), (2, "1"))
        second = self.hs("POST", f"{HS}/deals/search", {**search, "after": "1"})
        self.assertNotIn("paging", second.json)
        self.assertEqual([r["id"] for r in first.json["results"] + second.json["results"]], [ids[2], ids[3]])
        self.assertEqual(set(second.json["results"][0]["properties"]),
                         {"dealstage", "pipeline", "amount", "hs_is_closed_won", "bluebird_referral_id"})
        iso = self.hs("POST", f"{HS}/deals/search", {**search, "limit": 10, "filterGroups": [{"filters": [
            {"propertyName": "hs_lastmodifieddate", "operator": "GTE", "value": "2026-12-01T09:01:00Z"}]}]})
        self.assertEqual(iso.json["total"], 3)
        newest = self.hs("POST", f"{HS}/deals/search", {"sorts": [{"propertyName": "hs_lastmodifieddate",
                                                                  "direction": "DESCENDING"}], "limit": 1})
        self.assertEqual(newest.json["results"][0]["id"], ids[3])
        self.assertIn("dealname", newest.json["results"][0]["properties"])
        self.assertViolations(0)

    def test_crm_user_stage_changes(self):
        self.install()
        self.mock.control("POST", "clock", {"now": "2026-12-02T10:00:00Z"})
        contact = self.contact()
        deal = self.mock.control("POST", "records", {"object": "deals", "properties": {
            "dealname": "Acme", "dealstage": "contractsent", "amount": 900, "bluebird_referral_id": "ref_1"},
            "associate": [{"object": "contacts", "id": contact}]})
        self.assertEqual((deal["properties"]["hs_is_closed"], deal["properties"]["hs_is_closed_won"],
                          deal["properties"]["pipeline"]), ("false", "false", "default"))
        self.assertEqual(deal["associations"]["contacts"], [{"id": contact, "types": [3]}])
        self.mock.control("POST", "clock", {"advance_seconds": 30})
        won = self.mock.control("POST", "records", {"object": "deals", "id": deal["id"],
                                                    "properties": {"dealstage": "closedwon"}})
        self.assertEqual((won["properties"]["hs_is_closed"], won["properties"]["hs_is_closed_won"],
                          won["properties"]["hs_lastmodifieddate"]), ("true", "true", "2026-12-02T10:00:30.000Z"))
        self.mock.control("POST", "clock", {"advance_seconds": 30})
        amended = self.mock.control("POST", "records", {"object": "deals", "id": deal["id"],
                                                        "properties": {"amount": "1200"}})
        self.assertEqual((amended["properties"]["amount"], amended["properties"]["hs_is_closed_won"],
                          amended["properties"]["hs_lastmodifieddate"]), ("1200", "true", "2026-12-02T10:01:00.000Z"))
        lost = self.mock.control("POST", "records", {"object": "deals", "id": deal["id"],
                                                     "properties": {"dealstage": "closedlost"}})
        self.assertEqual((lost["properties"]["hs_is_closed"], lost["properties"]["hs_is_closed_won"]), ("true", "false"))
        for bad in ({"object": "deals", "properties": {"dealstage": "won"}},
                    {"object": "deals", "properties": {"hs_is_closed_won": "true"}},
                    {"object": "tickets", "properties": {}}):
            self.assertEqual(self.mock.call("POST", "/__mock/records", bad).status, 400, bad)

    def test_removed_property_is_an_error_but_no_violation(self):
        self.install()
        self.mock.control("POST", "schema", {"object": "contacts", "remove_property": "bluebird_program"})
        answer = self.hs("POST", f"{HS}/contacts/batch/upsert", {"inputs": [
            {"idProperty": "email", "id": "a@b.com", "properties": {"bluebird_program": "x"}}]})
        self.assertEqual(answer.status, 400)
        self.assertIn("does not exist", answer.json["message"])
        self.assertViolations(0)
        self.mock.control("POST", "schema", {"object": "deals", "add_property": {
            "name": "bluebird_tier", "label": "Tier", "type": "enumeration", "fieldType": "select",
            "groupName": "bluebird", "options": [{"label": "Gold", "value": "gold"}]}})
        self.assertEqual(self.upsert_deals([self.deal_input("ref_1", bluebird_tier="gold")]).status, 200)
        self.upsert_deals([self.deal_input("ref_1", bluebird_tier="tin")])
        self.assertViolations(1, "options")

    def test_rate_limit_headers(self):
        first = self.hs("GET", "/crm/properties/2026-03/deals")
        second = self.hs("GET", "/crm/properties/2026-03/deals")
        for name in ("daily", "daily-remaining", "interval-milliseconds", "max", "remaining", "secondly",
                     "secondly-remaining"):
            self.assertIn(f"x-hubspot-ratelimit-{name}", first.headers)
        self.assertEqual(first.headers["x-hubspot-ratelimit-max"], "190")
        self.assertEqual(first.headers["x-hubspot-ratelimit-interval-milliseconds"], "10000")
        self.assertEqual(int(first.headers["x-hubspot-ratelimit-remaining"]) - 1,
                         int(second.headers["x-hubspot-ratelimit-remaining"]))
        self.mock.control("POST", "config", {"rate_limit_remaining": 1, "enforce_rate_limit": True})
        last = self.hs("GET", "/crm/properties/2026-03/deals")
        self.assertEqual((last.status, last.headers["x-hubspot-ratelimit-remaining"]), (200, "0"))
        limited = self.hs("GET", "/crm/properties/2026-03/deals")
        self.assertEqual((limited.status, limited.json["errorType"], limited.json["policyName"]),
                         (429, "RATE_LIMIT", "TEN_SECONDLY_ROLLING"))
        self.assertNotIn("retry-after", limited.headers)
        self.mock.control("POST", "config", {"rate_limit_remaining": 100, "daily_remaining": 0})
        daily = self.hs("GET", "/crm/properties/2026-03/deals")
        self.assertEqual((daily.status, daily.json["policyName"]), (429, "DAILY"))
        self.assertViolations(0)

    def test_hubspot_faults(self):
        self.install()
        self.mock.control("POST", "faults", [
            {"match": {"path_regex": "properties"}, "respond": "rate_limit", "retry_after": 2},
            {"match": {"path_regex": "properties"}, "respond": "rate_limit", "policy_name": "DAILY",
             "retry_after": None},
            {"match": {"path_regex": "properties"}, "respond": "invalid_session"},
            {"match": {"path_regex": "properties"}, "respond": "server_error"},
            {"match": {"path_regex": "properties"}, "respond": "html", "status": 502},
            {"match": {"path_regex": "properties"}, "respond": "garbage"},
        ])
        limited = self.hs("GET", "/crm/properties/2026-03/deals")
        self.assertEqual((limited.status, limited.headers["retry-after"]), (429, "2"))
        body = limited.json
        self.assertEqual((body["status"], body["errorType"], body["policyName"]),
                         ("error", "RATE_LIMIT", "TEN_SECONDLY_ROLLING"))
        self.assertIn("message", body)
        self.assertIn("x-hubspot-ratelimit-remaining", limited.headers)
        daily = self.hs("GET", "/crm/properties/2026-03/deals")
        self.assertEqual((daily.json["policyName"], "retry-after" in daily.headers), ("DAILY", False))
        self.assertEqual(self.hs("GET", "/crm/properties/2026-03/deals").json["category"], "INVALID_AUTHENTICATION")
        self.assertEqual(self.hs("GET", "/crm/properties/2026-03/deals").json["category"], "INTERNAL_ERROR")
        self.assertEqual(self.hs("GET", "/crm/properties/2026-03/deals").headers["content-type"].split(";")[0],
                         "text/html")
        garbage = self.hs("GET", "/crm/properties/2026-03/deals")
        self.assertEqual((garbage.status, garbage.json), (200, None))
        self.assertEqual(self.hs("GET", "/crm/properties/2026-03/deals").status, 200)
        self.mock.control("POST", "faults", {"match": {"path_regex": "properties"}, "respond": "timeout",
                                             "seconds": 0.2})
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionResetError)):
            self.hs("GET", "/crm/properties/2026-03/deals")
        self.assertViolations(0)

    def test_partial_batch_fault(self):
        self.install()
        self.mock.control("POST", "faults", {"match": {"path_regex": "batch/upsert"}, "respond": "partial_batch",
                                             "index": 1, "message": "Property values were not valid"})
        answer = self.upsert_deals([self.deal_input(f"ref_{i}", trace=f"t{i}") for i in range(3)])
        self.assertEqual(answer.status, 207)
        self.assertEqual((answer.json["status"], answer.json["numErrors"], len(answer.json["results"])),
                         ("COMPLETE", 1, 2))
        error = answer.json["errors"][0]
        self.assertEqual((error["status"], error["category"], error["context"]["objectWriteTraceId"]),
                         ("error", "VALIDATION_ERROR", ["t1"]))
        stored = sorted(d["properties"]["bluebird_referral_id"] for d in self.mock.control("GET", "records?object=deals"))
        self.assertEqual(stored, ["ref_0", "ref_2"])
        self.mock.control("POST", "faults", {"respond": "partial_batch", "index": 0, "status_code": "CONFLICT"})
        untraced = self.upsert_deals([self.deal_input("ref_5"), self.deal_input("ref_6")])
        self.assertEqual((untraced.status, untraced.json["category"]), (400, "CONFLICT"))
        self.assertEqual(len(self.mock.control("GET", "records?object=deals")), 2)
        self.assertEqual([r["fault"] for r in self.requests()[-2:]], ["partial_batch", "partial_batch"])
        self.assertViolations(0)


    # batch update -----------------------------------------------------------------------------------

    def update_batch(self, inputs, type_="contacts", base=HS):
        return self.hs("POST", f"{base}/{type_}/batch/update", {"inputs": inputs})

    def test_batch_update_by_record_id(self):
        self.install()
        self.mock.control("POST", "clock", {"now": "2026-12-02T10:00:00Z"})
        jane, joe = self.contact("jane@acme.com"), self.contact("joe@acme.com")
        self.mock.control("POST", "clock", {"advance_seconds": 60})
        answer = self.update_batch([
            {"id": joe, "properties": {"bluebird_advocate": True, "bluebird_advocate_code": "JOE-1",
                                       "bluebird_referral_count": 2}},
            {"id": jane, "properties": {"bluebird_advocate": "false"}}])
        self.assertEqual(answer.status, 200, answer.text)
        self.assertEqual((answer.json["status"], "errors" in answer.json), ("COMPLETE", False))
        self.assertEqual([r["id"] for r in answer.json["results"]], [joe, jane])
        result = answer.json["results"][0]
        self.assertEqual(result["properties"], {"bluebird_advocate": "true", "bluebird_advocate_code": "JOE-1",
                                                "bluebird_referral_count": "2", "hs_object_id": joe,
                                                "hs_lastmodifieddate": "2026-12-02T10:01:00.000Z"})
        self.assertEqual((result["createdAt"], result["updatedAt"], result["archived"], "new" in result),
                         ("2026-12-02T10:00:00.000Z", "2026-12-02T10:01:00.000Z", False, False))
        stored = {c["id"]: c["properties"] for c in self.mock.control("GET", "records?object=contacts")}
        self.assertEqual(sorted(stored), sorted([jane, joe]))  # an update creates nothing
        self.assertEqual((stored[jane]["bluebird_advocate"], stored[jane]["createdate"],
                          stored[jane]["hs_lastmodifieddate"], stored[jane]["lastmodifieddate"]),
                         ("false", "2026-12-02T10:00:00.000Z", "2026-12-02T10:01:00.000Z", "2026-12-02T10:01:00.000Z"))
        self.mock.control("POST", "config", {"path_family": "v3"})
        legacy = self.update_batch([{"id": jane, "properties": {"firstname": "Jane"}}], base="/crm/v3/objects")
        self.assertEqual(legacy.status, 200, legacy.text)
        self.assertEqual((self.requests()[-1]["family"], self.requests()[-1]["json"]["inputs"][0]["id"]), ("v3", jane))
        self.assertViolations(0)

    def test_batch_update_missing_records(self):
        self.install()
        jane = self.contact("jane@acme.com")
        traced = self.update_batch([{"id": "999", "properties": {"firstname": "Ghost"}, "objectWriteTraceId": "t0"},
                                    {"id": jane, "properties": {"firstname": "Janet"}, "objectWriteTraceId": "t1"}])
        self.assertEqual(traced.status, 207, traced.text)
        self.assertEqual((traced.json["numErrors"], [r["id"] for r in traced.json["results"]]), (1, [jane]))
        error = traced.json["errors"][0]
        self.assertEqual((error["status"], error["category"], error["context"]),
                         ("error", "OBJECT_NOT_FOUND", {"objectWriteTraceId": ["t0"], "ids": ["999"]}))
        untraced = self.update_batch([{"id": jane, "properties": {"firstname": "Jo"}},
                                      {"id": "999", "properties": {"firstname": "Ghost"}}])
        self.assertEqual((untraced.status, untraced.json["category"]), (404, "OBJECT_NOT_FOUND"))
        self.assertIn("999", untraced.json["message"])
        [stored] = self.mock.control("GET", "records?object=contacts")
        self.assertEqual(stored["properties"]["firstname"], "Janet")  # nothing of the failed batch is written
        self.assertViolations(0)

    def test_batch_update_deals_by_unique_property(self):
        self.install()
        self.upsert_deals([self.deal_input("ref_1"), self.deal_input("ref_2")])
        answer = self.update_batch([
            {"idProperty": "bluebird_referral_id", "id": "ref_1", "properties": {"dealstage": "closedwon"},
             "objectWriteTraceId": "t0"},
            {"idProperty": "bluebird_referral_id", "id": "ref_2", "properties": {"bluebird_referral_id": "ref_1"},
             "objectWriteTraceId": "t1"}], "deals")
        self.assertEqual(answer.status, 207, answer.text)
        self.assertEqual(answer.json["results"][0]["properties"]["dealstage"], "closedwon")
        self.assertEqual((answer.json["errors"][0]["category"], answer.json["errors"][0]["context"]["ids"]),
                         ("CONFLICT", ["ref_2"]))
        deals = {d["properties"]["bluebird_referral_id"]: d["properties"]
                 for d in self.mock.control("GET", "records?object=deals")}
        self.assertEqual((sorted(deals), deals["ref_1"]["hs_is_closed_won"]), (["ref_1", "ref_2"], "true"))
        self.assertViolations(0)

    def test_batch_update_violations(self):
        self.install()
        jane = self.contact("jane@acme.com")

        def item(**overrides):
            return {"id": jane, "properties": {"bluebird_program": "p"}, **overrides}

        cases = [
            ([item(properties={"shoe_size": "9"})], "shoe_size"),
            ([item(properties={"hs_lastmodifieddate": "2026-01-01"})], "read-only"),
            ([item(properties={"firstname": ""})], '""'),
            ([item(properties={"bluebird_referral_count": "many"})], "not a number"),
            ([item(properties={"bluebird_advocate": "yes"})], "not true or false"),
            ([item(idProperty="email", id="jane@acme.com")], "non-unique contacts property 'email'"),
            ([item(idProperty="hs_object_id")], "non-unique contacts property 'hs_object_id'"),
            ([item(idProperty="firstname", id="Jane")], "firstname"),
            ([item(id="jane@acme.com")], "no record id"),
            ([item(id="")], "no id"),
            ([{"id": jane}], "no properties"),
            ([item(extra=1)], "unknown keys"),
            ([item(), item()], "duplicate id"),
            ([item(id=str(5000001 + i)) for i in range(101)], "101 inputs"),
        ]
        count = 0
        for inputs, mention in cases:
            answer = self.update_batch(inputs)
            self.assertEqual((answer.status, answer.json["category"]), (400, "VALIDATION_ERROR"), mention)
            count = self.assertNewViolation(count, mention)
        self.assertEqual(self.update_batch([item(), item(id="999", extra=1)]).status, 400)  # one bad input fails all
        [stored] = self.mock.control("GET", "records?object=contacts")
        self.assertNotIn("bluebird_program", stored["properties"])

    def test_batch_update_partial_batch_fault(self):
        self.install()
        people = [self.contact(f"p{i}@acme.com") for i in range(3)]
        self.mock.control("POST", "faults", {"match": {"path_regex": "batch/update"}, "respond": "partial_batch",
                                             "index": 1, "message": "Property values were not valid"})
        answer = self.update_batch([{"id": c, "properties": {"bluebird_advocate": True}, "objectWriteTraceId": f"t{i}"}
                                    for i, c in enumerate(people)])
        self.assertEqual(answer.status, 207, answer.text)
        error = answer.json["errors"][0]
        self.assertEqual(([r["id"] for r in answer.json["results"]], error["category"], error["message"],
                          error["context"]["objectWriteTraceId"]),
                         ([people[0], people[2]], "VALIDATION_ERROR", "Property values were not valid", ["t1"]))
        stored = {c["id"]: c["properties"].get("bluebird_advocate")
                  for c in self.mock.control("GET", "records?object=contacts")}
        self.assertEqual(stored, {people[0]: "true", people[1]: None, people[2]: "true"})
        self.mock.control("POST", "faults", {"respond": "partial_batch", "index": 0, "status_code": "CONFLICT"})
        untraced = self.update_batch([{"id": c, "properties": {"bluebird_advocate_code": "X"}} for c in people])
        self.assertEqual((untraced.status, untraced.json["category"]), (400, "CONFLICT"))
        self.assertTrue(all("bluebird_advocate_code" not in c["properties"]
                            for c in self.mock.control("GET", "records?object=contacts")))
        self.assertEqual([r["fault"] for r in self.requests()[-2:]], ["partial_batch", "partial_batch"])
        self.assertViolations(0)

    def test_contacts_read_by_email_then_updated_by_id(self):
        self.install()
        jane, joe = self.contact("Jane@Acme.com"), self.contact("joe@acme.com")
        read = self.hs("POST", f"{HS}/contacts/batch/read", {
            "idProperty": "email", "properties": ["email"],
            "inputs": [{"id": "jane@ACME.com"}, {"id": "JOE@acme.com"}, {"id": "nobody@acme.com"}]})
        self.assertEqual(read.status, 207, read.text)
        found = {r["properties"]["email"].lower(): r["id"] for r in read.json["results"]}
        self.assertEqual(found, {"jane@acme.com": jane, "joe@acme.com": joe})
        self.assertEqual((read.json["errors"][0]["category"], read.json["errors"][0]["context"]["ids"]),
                         ("OBJECT_NOT_FOUND", ["nobody@acme.com"]))
        update = self.update_batch([{"id": i, "properties": {"bluebird_advocate": True}} for i in found.values()])
        self.assertEqual((update.status, sorted(r["id"] for r in update.json["results"])), (200, sorted([jane, joe])))
        self.assertViolations(0)


# --- webhook signatures ----------------------------------------------------------------------------

SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
URI = "https://www.example.com/webhook_uri"
BODY = "{'example_field':'example_value'}"


class WebhookSignatureTest(unittest.TestCase):
    def test_official_vectors(self):
        self.assertEqual(hubspot_mock.signature_v3(SECRET, "POST", URI, BODY, 15000000),
                         "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=")
        self.assertEqual(hubspot_mock.signature_v2(SECRET, "POST", URI, BODY),
                         "4fe4e3a7d3cf09db53be39d0a58130e2aaba074ec123a9e355b876a689a1c383")
        self.assertEqual(hubspot_mock.signature_v2(SECRET, "GET", URI, ""),
                         "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e")
        self.assertEqual(hubspot_mock.signature_v1(SECRET, BODY),
                         "69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750")
        docs_body = ('[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,'
                     '"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM",'
                     '"changeFlag":"NEW","appId":54321}]')
        self.assertEqual(hubspot_mock.signature_v1(SECRET, docs_body),
                         "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de")

    def test_headers_and_event(self):
        event = hubspot_mock.deal_stage_event(512, "closedwon", 1708986598741, event_id=7)
        self.assertEqual((event["subscriptionType"], event["propertyName"], event["propertyValue"], event["objectId"]),
                         ("deal.propertyChange", "dealstage", "closedwon", 512))
        platform = hubspot_mock.deal_stage_event(512, "closedwon", 1, developer_platform=True)
        self.assertEqual((platform["subscriptionType"], platform["objectTypeId"]), ("object.propertyChange", "0-3"))
        body = json.dumps([event])
        headers = hubspot_mock.signed_webhook_headers("s3cret", "https://bb.example/hooks/hubspot", body,
                                                      1708986599647)
        self.assertEqual(headers["X-HubSpot-Request-Timestamp"], "1708986599647")
        self.assertEqual(headers["X-HubSpot-Signature-v3"], hubspot_mock.signature_v3(
            "s3cret", "POST", "https://bb.example/hooks/hubspot", body, 1708986599647))
        now = hubspot_mock.signed_webhook_headers("s3cret", "https://x", body)
        self.assertLess(abs(int(now["X-HubSpot-Request-Timestamp"]) - time.time() * 1000), 60000)

    def test_command_line_signer_and_delivery(self):
        script = os.path.join(HERE, "hubspot_mock.py")
        signed = subprocess.run([sys.executable, script, "--sign-v3", "--secret", SECRET, "--uri", URI,
                                 "--timestamp", "15000000"], input=BODY.encode(), capture_output=True, check=True)
        headers = json.loads(signed.stdout)["headers"]
        self.assertEqual(headers["X-HubSpot-Signature-v3"], "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=")
        received = {}

        class Receiver(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                received["headers"] = {k.lower(): v for k, v in self.headers.items()}
                received["body"] = self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            uri = f"http://127.0.0.1:{server.server_address[1]}/hooks/hubspot"
            with tempfile.NamedTemporaryFile("w", suffix=".json") as body_file:
                body_file.write('[{"eventId":1}]')
                body_file.flush()
                delivered = subprocess.run([sys.executable, script, "--sign-v3", "--secret", "s", "--uri", uri,
                                            "--body-file", body_file.name, "--deliver"],
                                           capture_output=True, check=True)
        finally:
            server.shutdown()
            server.server_close()
        out = json.loads(delivered.stdout)
        self.assertEqual(out["status"], 204)
        self.assertEqual(received["body"], b'[{"eventId":1}]')
        stamp = received["headers"]["x-hubspot-request-timestamp"]
        self.assertEqual(received["headers"]["x-hubspot-signature-v3"],
                         hubspot_mock.signature_v3("s", "POST", uri, '[{"eventId":1}]', stamp))


if __name__ == "__main__":
    unittest.main()
