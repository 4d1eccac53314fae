// The OpenAPI document against real answers: a scenario through the API's main operations (and the
// ones issue 12 added, and advocacy points), each answer checked against the schema the document
// gives for its status.
// The checker knows the keywords the document uses: $ref, allOf, oneOf, anyOf, type (with arrays of
// types), enum, required, properties, additionalProperties, items, minimum and maximum. A field
// the answer has but the schema does not declare is a failure too, so the document cannot fall
// behind what the server sends.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class SchemaChecker {
 public:
  explicit SchemaChecker(const json::value& document) : document_(document) {}

  // The schema of the `status` answer of `method` `path` (a path of the document, with {params}).
  const json::value* ResponseSchema(const std::string& method, const std::string& path, int status) const {
    const json::value* op = At(document_, {"paths", path, method});
    if (op == nullptr) return nullptr;
    const json::value* response = At(*op, {"responses", std::to_string(status)});
    if (response == nullptr) return nullptr;
    response = Deref(*response);
    const json::value* schema = At(*response, {"content", "application/json", "schema"});
    return schema ? schema : At(*response, {"content", "application/problem+json", "schema"});
  }

  // Problems of `value` against `schema`, one per line; empty when it conforms.
  std::string Check(const json::value& value, const json::value& schema, const std::string& where) const {
    std::string problems;
    CheckInto(value, schema, where, problems);
    return problems;
  }

 private:
  static const json::value* At(const json::value& from, std::initializer_list<std::string> keys) {
    const json::value* at = &from;
    for (const auto& key : keys) {
      if (!at->is_object()) return nullptr;
      at = at->as_object().if_contains(key);
      if (at == nullptr) return nullptr;
    }
    return at;
  }

  const json::value* Deref(const json::value& schema) const {
    const json::value* at = &schema;
    for (int hops = 0; hops < 10 && at->is_object(); ++hops) {
      const auto* ref = at->as_object().if_contains("$ref");
      if (ref == nullptr) break;
      std::string path(ref->as_string());  // "#/components/schemas/X"
      const json::value* target = &document_;
      std::size_t pos = 2;
      while (pos < path.size() && target != nullptr) {
        std::size_t slash = path.find('/', pos);
        std::string key = path.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
        target = target->is_object() ? target->as_object().if_contains(key) : nullptr;
        pos = slash == std::string::npos ? path.size() : slash + 1;
      }
      if (target == nullptr) return at;
      at = target;
    }
    return at;
  }

  static bool HasType(const json::value& value, std::string_view type) {
    if (type == "null") return value.is_null();
    if (type == "string") return value.is_string();
    if (type == "boolean") return value.is_bool();
    if (type == "integer") return value.is_int64() || value.is_uint64();
    if (type == "number") return value.is_number();
    if (type == "array") return value.is_array();
    if (type == "object") return value.is_object();
    return false;
  }

  void CheckInto(const json::value& value, const json::value& raw, const std::string& where,
                 std::string& problems) const {
    const json::value* schema_value = Deref(raw);
    if (!schema_value->is_object()) return;
    const json::object& schema = schema_value->as_object();
    auto fail = [&](const std::string& what) { problems += where + ": " + what + "\n"; };
    if (const auto* all = schema.if_contains("allOf")) {
      // The parts together declare the object's fields: check each part's keywords, but properties
      // against the union of the parts.
      json::object merged;
      json::array required;
      for (const auto& part : all->as_array()) {
        const json::value* p = Deref(part);
        if (!p->is_object()) continue;
        if (const auto* props = p->as_object().if_contains("properties")) {
          for (const auto& [k, v] : props->as_object()) merged[k] = v;
        }
        if (const auto* req = p->as_object().if_contains("required")) {
          for (const auto& r : req->as_array()) required.push_back(r);
        }
      }
      json::object combined{{"type", "object"}, {"properties", merged}, {"required", required}};
      CheckInto(value, combined, where, problems);
      return;
    }
    for (const char* choice : {"oneOf", "anyOf"}) {
      if (const auto* options = schema.if_contains(choice)) {
        bool any = false;
        for (const auto& option : options->as_array()) {
          if (Check(value, option, where).empty()) any = true;
        }
        if (!any) fail(std::string("matches none of ") + choice + ": " + json::serialize(value).substr(0, 200));
        return;
      }
    }
    if (const auto* type = schema.if_contains("type")) {
      bool ok = false;
      if (type->is_string()) ok = HasType(value, type->as_string());
      if (type->is_array()) {
        for (const auto& t : type->as_array()) ok = ok || HasType(value, t.as_string());
      }
      if (!ok) return fail("is " + json::serialize(value).substr(0, 120) + ", not of type " + json::serialize(*type));
    }
    if (const auto* allowed = schema.if_contains("enum")) {
      bool found = false;
      for (const auto& option : allowed->as_array()) found = found || option == value;
      if (!found) fail(json::serialize(value) + " is not one of " + json::serialize(*allowed));
    }
    if (value.is_int64()) {
      if (const auto* min = schema.if_contains("minimum"); min && value.as_int64() < min->to_number<double>()) {
        fail("is below its minimum");
      }
      if (const auto* max = schema.if_contains("maximum"); max && value.as_int64() > max->to_number<double>()) {
        fail("is above its maximum");
      }
    }
    if (value.is_array()) {
      if (const auto* items = schema.if_contains("items")) {
        for (std::size_t i = 0; i < value.as_array().size(); ++i) {
          CheckInto(value.as_array()[i], *items, where + "[" + std::to_string(i) + "]", problems);
        }
      }
    }
    if (!value.is_object()) return;
    const json::object& object = value.as_object();
    if (const auto* required = schema.if_contains("required")) {
      for (const auto& name : required->as_array()) {
        if (!object.contains(name.as_string())) fail("lacks the required field " + std::string(name.as_string()));
      }
    }
    const auto* properties = schema.if_contains("properties");
    const auto* additional = schema.if_contains("additionalProperties");
    for (const auto& [name, field] : object) {
      const json::value* declared = properties ? properties->as_object().if_contains(name) : nullptr;
      if (declared) {
        CheckInto(field, *declared, where + "." + std::string(name), problems);
      } else if (additional && additional->is_object()) {
        CheckInto(field, *additional, where + "." + std::string(name), problems);
      } else if (properties || (additional && additional->is_bool() && !additional->as_bool())) {
        fail("has the field " + std::string(name) + ", which the schema does not declare");
      }
    }
  }

  const json::value& document_;
};

class OpenApiResponsesTest : public ::testing::Test {
 protected:
  OpenApiResponsesTest() : client_(server_.Client()) {
    std::ifstream in(BLUEBIRD_OPENAPI_PATH);
    std::stringstream text;
    text << in.rdbuf();
    document_ = json::parse(text.str());
  }

  // Sends the request and checks the answer against the document's schema for `path` (the
  // document's path, with {params}) and the answer's status; returns the answer.
  json::value Call(const std::string& method, const std::string& path, const std::string& target,
                   const json::object& body = {}, int status = 0) {
    HttpResponse response =
        client_.Send(method, target, Bearer(server_.admin_key), body.empty() ? "" : json::serialize(body));
    if (status != 0) {
      EXPECT_EQ(response.status, status) << target << "\n" << response.body;
    }
    SchemaChecker checker(document_);
    std::string lower = method;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const json::value* schema = checker.ResponseSchema(lower, path, response.status);
    EXPECT_NE(schema, nullptr) << method << " " << path << " documents no " << response.status << " answer";
    json::value parsed = response.Json();
    if (schema) {
      std::string problems = checker.Check(parsed, *schema, method + " " + path);
      EXPECT_TRUE(problems.empty()) << problems << response.body.substr(0, 2000);
      ++checked_;
    }
    return parsed;
  }

  TestServer server_;
  HttpClient client_;
  json::value document_;
  int checked_ = 0;
};

TEST_F(OpenApiResponsesTest, TheMainOperationsAnswerAsDocumented) {
  json::value program =
      Call("POST", "/api/v1/programs", "/api/v1/programs",
           {{"name", "Documented"}, {"kind", "customer"}, {"landing_url", "https://d.example/"}}, 201);
  std::string p(program.at("id").as_string());
  Call("GET", "/api/v1/programs/{id}", "/api/v1/programs/" + p, {}, 200);
  Call("PATCH", "/api/v1/programs/{id}", "/api/v1/programs/" + p, {{"description", "Checked"}}, 200);
  Call("POST", "/api/v1/programs/{id}/reward-rules", "/api/v1/programs/" + p + "/reward-rules",
       {{"name", "Ten"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"percent_bp", 1000}}}}, 201);
  json::value advocate = Call("POST", "/api/v1/programs/{id}/advocates", "/api/v1/programs/" + p + "/advocates",
                              {{"email", "ada@d.example"}, {"first_name", "Ada"}}, 201);
  std::string a(advocate.at("id").as_string());
  Call("GET", "/api/v1/advocates/{id}", "/api/v1/advocates/" + a, {}, 200);
  json::value referral = Call("POST", "/api/v1/referrals", "/api/v1/referrals",
                              {{"advocate_id", a}, {"referee", {{"email", "r@x.example"}, {"first_name", "R"}}}}, 201);
  std::string r(referral.at("id").as_string());
  json::value won = Call("POST", "/api/v1/referrals/{id}/stage", "/api/v1/referrals/" + r + "/stage",
                         {{"stage", "won"}, {"deal_value_minor", 100000}}, 200);
  std::string reward(won.at("rewards").at(0).at("id").as_string());
  Call("POST", "/api/v1/rewards/{id}/approve", "/api/v1/rewards/" + reward + "/approve", {}, 200);
  Call("POST", "/api/v1/rewards/{id}/fulfill", "/api/v1/rewards/" + reward + "/fulfill", {{"reference", "P-1"}}, 200);
  server_.clock.Advance(1min);
  Call("POST", "/api/v1/referrals/{id}/deal-value", "/api/v1/referrals/" + r + "/deal-value",
       {{"deal_value_minor", 120000}, {"reason", "amended"}}, 200);
  Call("GET", "/api/v1/referrals/{id}", "/api/v1/referrals/" + r, {}, 200);
  Call("GET", "/api/v1/rewards", "/api/v1/rewards?referral_id=" + r, {}, 200);
  Call("GET", "/api/v1/rewards/{id}", "/api/v1/rewards/" + reward, {}, 200);
  Call("GET", "/api/v1/advocates/{id}/balances", "/api/v1/advocates/" + a + "/balances", {}, 200);
  json::value held = Call("POST", "/api/v1/referrals", "/api/v1/referrals",
                          {{"advocate_id", a}, {"referee", {{"email", "ada@d.example"}, {"first_name", "A"}}}}, 201);
  Call("POST", "/api/v1/referrals/{id}/stage", "/api/v1/referrals/" + std::string(held.at("id").as_string()) + "/stage",
       {{"stage", "rejected"}}, 200);
  for (const char* basis : {"cohort", "activity"}) {
    Call("GET", "/api/v1/analytics", std::string("/api/v1/analytics?to=2026-03-02&basis=") + basis, {}, 200);
  }
  std::string user = server_.CreateUser("pat@d.example", "manager", "correct horse battery staple");
  Call("PATCH", "/api/v1/users/{id}", "/api/v1/users/" + user, {{"role", "viewer"}}, 200);
  Call("POST", "/api/v1/users/{id}/password-reset", "/api/v1/users/" + user + "/password-reset", {}, 201);
  Call("GET", "/api/v1/audit-events", "/api/v1/audit-events?limit=200", {}, 200);
  // A CRM connector (nothing is sent to the CRM by these calls).
  json::value connector =
      Call("POST", "/api/v1/connectors", "/api/v1/connectors",
           {{"kind", "salesforce"},
            {"program_id", p},
            {"base_url", "https://documented.my.salesforce.com"},
            {"auth", {{"flow", "client_credentials"}, {"client_id", "app"}, {"client_secret", "secret"}}},
            {"stage_map", {{"Closed Won", "won"}}}},
           201);
  std::string c(connector.at("id").as_string());
  Call("PATCH", "/api/v1/connectors/{id}", "/api/v1/connectors/" + c, {{"lead_status", "Open"}}, 200);
  Call("POST", "/api/v1/connectors/{id}/sync", "/api/v1/connectors/" + c + "/sync", {}, 202);
  Call("GET", "/api/v1/connectors", "/api/v1/connectors", {}, 200);
  Call("GET", "/api/v1/connectors/{id}/log", "/api/v1/connectors/" + c + "/log", {}, 200);
  Call("PATCH", "/api/v1/connectors/{id}", "/api/v1/connectors/" + c, {{"stage_map", {{"Closed Won", "paid"}}}}, 422);
  EXPECT_EQ(client_.Send("DELETE", "/api/v1/connectors/" + c, Bearer(server_.admin_key), "").status, 204);
  // Advocacy points: the advocate earned the won referral's stages; the rejected one was reversed.
  const std::string points_settings = "/api/v1/programs/" + p + "/points-settings";
  Call("GET", "/api/v1/programs/{id}/points-settings", points_settings, {}, 200);
  Call("PATCH", "/api/v1/programs/{id}/points-settings", points_settings, {{"expire_after_days", 365}}, 200);
  Call("POST", "/api/v1/advocates/{id}/points/adjustments", "/api/v1/advocates/" + a + "/points/adjustments",
       {{"points", 250}, {"note", "Spoke at our webinar"}}, 201);
  Call("GET", "/api/v1/advocates/{id}/points", "/api/v1/advocates/" + a + "/points", {}, 200);
  Call("GET", "/api/v1/advocates/{id}/points/entries", "/api/v1/advocates/" + a + "/points/entries", {}, 200);
  Call("GET", "/api/v1/leaderboards", "/api/v1/leaderboards?program_id=" + p, {}, 200);
  Call("GET", "/api/v1/leaderboards", "/api/v1/leaderboards?program_id=" + p + "&period=month&month=2026-03", {}, 200);
  Call("POST", "/api/v1/advocates/{id}/points/adjustments", "/api/v1/advocates/" + a + "/points/adjustments",
       {{"points", 0}}, 422);
  // Challenges: one staff record the advocate's custom step; the list of completions names them.
  json::value challenge = Call("POST", "/api/v1/programs/{id}/challenges", "/api/v1/programs/" + p + "/challenges",
                               {{"name", "User day"},
                                {"steps",
                                 {{{"type", "attend_event"}, {"points", 200}},
                                  {{"type", "share_link"}, {"points", 50}, {"channel", "linkedin"}}}},
                                {"ends_at", "2026-12-31T00:00:00Z"}},
                               201);
  std::string ch(challenge.at("id").as_string());
  Call("GET", "/api/v1/programs/{id}/challenges", "/api/v1/programs/" + p + "/challenges", {}, 200);
  Call("PATCH", "/api/v1/challenges/{id}", "/api/v1/challenges/" + ch, {{"tags", {"partners"}}}, 200);
  Call("GET", "/api/v1/challenges/{id}", "/api/v1/challenges/" + ch, {}, 200);
  Call("POST", "/api/v1/challenges/{id}/completions", "/api/v1/challenges/" + ch + "/completions",
       {{"advocate_id", a}, {"step", 0}}, 409);  // not offered: the advocate has no partners tag
  Call("PATCH", "/api/v1/challenges/{id}", "/api/v1/challenges/" + ch, {{"tags", json::array{}}}, 200);
  Call("POST", "/api/v1/challenges/{id}/completions", "/api/v1/challenges/" + ch + "/completions",
       {{"advocate_id", a}, {"step", 0}, {"text", "Came to the user day"}}, 201);
  Call("GET", "/api/v1/challenge-completions", "/api/v1/challenge-completions?program_id=" + p, {}, 200);
  Call("PATCH", "/api/v1/challenges/{id}", "/api/v1/challenges/" + ch, {{"steps", {{{"type", "tweet"}}}}}, 422);
  // Segments: one holding the advocate (a catch-all), its own email, the advocate's words, the report.
  json::value segment = Call(
      "POST", "/api/v1/programs/{id}/segments", "/api/v1/programs/" + p + "/segments",
      {{"name", "Everyone"}, {"portal_headline", "Hello {{advocate.first_name}}"}, {"attributes", {{"tier", 1}}}}, 201);
  std::string sg(segment.at("id").as_string());
  Call("PATCH", "/api/v1/segments/{id}", "/api/v1/segments/" + sg, {{"attributes", json::object{}}}, 200);
  Call("GET", "/api/v1/programs/{id}/segments", "/api/v1/programs/" + p + "/segments?include_retired=true", {}, 200);
  Call("GET", "/api/v1/segments/{id}", "/api/v1/segments/" + sg, {}, 200);
  Call("PUT", "/api/v1/segments/{id}/email-templates/{kind}", "/api/v1/segments/" + sg + "/email-templates/welcome",
       {{"subject", "Welcome, partner"}, {"body", "Hello {{advocate.first_name}}\n\n{{link}}"}}, 200);
  Call("GET", "/api/v1/segments/{id}/email-templates", "/api/v1/segments/" + sg + "/email-templates", {}, 200);
  Call("DELETE", "/api/v1/segments/{id}/email-templates/{kind}", "/api/v1/segments/" + sg + "/email-templates/welcome",
       {}, 200);
  json::value words = Call("GET", "/api/v1/advocates/{id}/segment", "/api/v1/advocates/" + a + "/segment", {}, 200);
  EXPECT_EQ(words.at("segment").at("id"), json::value(sg));
  Call("GET", "/api/v1/reports/segments", "/api/v1/reports/segments?program_id=" + p + "&from=2026-01-01", {}, 200);
  Call("GET", "/api/v1/public/programs/{slug}",
       "/api/v1/public/programs/" + std::string(program.at("slug").as_string()) +
           "?code=" + std::string(advocate.at("code").as_string()),
       {}, 200);
  Call("POST", "/api/v1/programs/{id}/segments", "/api/v1/programs/" + p + "/segments", {{"name", ""}}, 422);
  // A catalogue item that pays a reward; the program's language settings.
  Call("POST", "/api/v1/programs/{id}/catalog-items", "/api/v1/programs/" + p + "/catalog-items",
       {{"name", "Gift card"}, {"cost_points", 2500}, {"reward", {{"kind", "gift_card"}, {"amount_minor", 2500}}}},
       201);
  Call("GET", "/api/v1/programs/{id}/language", "/api/v1/programs/" + p + "/language", {}, 200);
  Call("PUT", "/api/v1/programs/{id}/language", "/api/v1/programs/" + p + "/language",
       {{"language", "de"}, {"messages", {{"stage.won", "Kunde"}}}}, 200);
  Call("PUT", "/api/v1/programs/{id}/language", "/api/v1/programs/" + p + "/language",
       {{"messages", {{"stage.won", "{{amount}}"}}}}, 422);
  // Lifecycle stages: settings, a staff move (and the same again), a person's history, the figures.
  Call("GET", "/api/v1/programs/{id}/lifecycle-settings", "/api/v1/programs/" + p + "/lifecycle-settings", {}, 200);
  Call("PATCH", "/api/v1/programs/{id}/lifecycle-settings", "/api/v1/programs/" + p + "/lifecycle-settings",
       {{"on_enrolled", ""}}, 200);
  Call("POST", "/api/v1/programs/{id}/lifecycle-moves", "/api/v1/programs/" + p + "/lifecycle-moves",
       {{"email", "life@example.org"}, {"to", "value"}, {"reason", "QBR"}}, 201);
  Call("POST", "/api/v1/programs/{id}/lifecycle-moves", "/api/v1/programs/" + p + "/lifecycle-moves",
       {{"email", "life@example.org"}, {"to", "value"}}, 200);
  Call("POST", "/api/v1/programs/{id}/lifecycle-moves", "/api/v1/programs/" + p + "/lifecycle-moves",
       {{"email", "life@example.org"}, {"to", "awareness"}}, 409);
  Call("GET", "/api/v1/programs/{id}/lifecycle-contact",
       "/api/v1/programs/" + p + "/lifecycle-contact?email=life@example.org", {}, 200);
  Call("GET", "/api/v1/lifecycle", "/api/v1/lifecycle?program_id=" + p, {}, 200);
  // Lead scoring: the model (default, published, unchanged, refused), an event, the figures.
  Call("GET", "/api/v1/programs/{id}/score-model", "/api/v1/programs/" + p + "/score-model", {}, 200);
  json::object rules{{"name", "Fit only"},
                     {"groups",
                      {{{"name", "Fit"},
                        {"dimension", "fit"},
                        {"fit_rules", {{{"attribute", "referee.company"}, {"op", "known"}, {"points", 10}}}}}}}};
  Call("PUT", "/api/v1/programs/{id}/score-model", "/api/v1/programs/" + p + "/score-model", rules, 201);
  Call("PUT", "/api/v1/programs/{id}/score-model", "/api/v1/programs/" + p + "/score-model", rules, 200);
  Call("PUT", "/api/v1/programs/{id}/score-model", "/api/v1/programs/" + p + "/score-model", {{"groups", 1}}, 422);
  Call("POST", "/api/v1/programs/{id}/engagement-events", "/api/v1/programs/" + p + "/engagement-events",
       {{"events",
         {{{"email", "life@example.org"}, {"type", "demo_attended"}, {"key", "d1"}, {"occurred_at", "2026-01-02"}}}}},
       200);
  Call("GET", "/api/v1/referrals/{id}/score", "/api/v1/referrals/" + r + "/score", {}, 200);
  Call("GET", "/api/v1/referral-scores", "/api/v1/referral-scores?program_id=" + p, {}, 200);
  Call("GET", "/api/v1/accounts", "/api/v1/accounts?program_id=" + p, {}, 200);
  Call("GET", "/api/v1/scores/calibration", "/api/v1/scores/calibration?program_id=" + p, {}, 200);
  // Customer value: the settings (default, published, unchanged, refused), an advocate's inputs and
  // entry, a customer's answer, the figures.
  const std::string settings = "/api/v1/programs/" + p + "/value-settings";
  Call("GET", "/api/v1/programs/{id}/value-settings", settings, {}, 200);
  Call("PUT", "/api/v1/programs/{id}/value-settings", settings,
       {{"horizon_years", "perpetuity"}, {"acquisition_cost_minor", 50'000}}, 201);
  Call("PUT", "/api/v1/programs/{id}/value-settings", settings, {{"acquisition_cost_minor", 50'000}}, 200);
  Call("PUT", "/api/v1/programs/{id}/value-settings", settings, {{"discount_rate_bp", -1}}, 422);
  Call("PUT", "/api/v1/advocates/{id}/customer-inputs", "/api/v1/advocates/" + a + "/customer-inputs",
       {{"revenue_per_year_minor", 100'000}, {"retention_rate_bp", 9'000}}, 200);
  Call("POST", "/api/v1/advocates/{id}/value-entries", "/api/v1/advocates/" + a + "/value-entries",
       {{"category", "influence"}, {"amount_minor", 30'000}, {"note", "Case study"}, {"occurred_at", "2026-01-02"}},
       201);
  Call("PUT", "/api/v1/referrals/{id}/incrementality", "/api/v1/referrals/" + r + "/incrementality",
       {{"would_have_joined_anyway", false}}, 200);
  Call("GET", "/api/v1/customer-value", "/api/v1/customer-value?program_id=" + p + "&view=projected", {}, 200);
  Call("GET", "/api/v1/advocates/{id}/customer-value", "/api/v1/advocates/" + a + "/customer-value", {}, 200);
  Call("GET", "/api/v1/customer-value/accounts", "/api/v1/customer-value/accounts?program_id=" + p, {}, 200);
  Call("GET", "/api/v1/customer-value/accounts/{domain}",
       "/api/v1/customer-value/accounts/D.example?program_id=" + p + "&view=projected", {}, 200);
  Call("GET", "/api/v1/customer-value/accounts/{domain}", "/api/v1/customer-value/accounts/gmail.com?program_id=" + p,
       {}, 404);
  // Buying committees: the referee alone, a committee recorded, unchanged, refused, as of a date; the outcomes.
  const std::string committee = "/api/v1/referrals/" + r + "/committee";
  Call("GET", "/api/v1/referrals/{id}/committee", committee, {}, 200);
  const json::object members{{"members",
                              {{{"email", "eve@buyer.example"},
                                {"first_name", "Eve"},
                                {"roles", {"economic_buyer", "coach"}},
                                {"primary", true},
                                {"response_mode", "growth"},
                                {"attributes", {{"disc_primary", "D"}, {"disc_secondary", "i"}}}}}}};
  Call("PUT", "/api/v1/referrals/{id}/committee", committee, members, 422);
  json::object valid = members;
  valid["members"].as_array()[0].as_object()["attributes"] = {{"disc_primary", "D"}, {"disc_secondary", "I"}};
  Call("PUT", "/api/v1/referrals/{id}/committee", committee, valid, 201);
  Call("PUT", "/api/v1/referrals/{id}/committee", committee, valid, 200);
  Call("POST", "/api/v1/referrals/{id}/committee/erase-personality", committee + "/erase-personality",
       {{"email", "eve@buyer.example"}}, 200);
  Call("GET", "/api/v1/reports/attribute-outcomes",
       "/api/v1/reports/attribute-outcomes?program_id=" + p + "&attribute=roles_covered", {}, 200);
  Call("GET", "/api/v1/reports/attribute-outcomes",
       "/api/v1/reports/attribute-outcomes?program_id=" + p + "&attribute=disc_primary&from=2026-01-01", {}, 200);
  // Split credit: the default policy, a refused one, one set; a referral won under it and its credit.
  const std::string policy = "/api/v1/programs/" + p + "/credit-policy";
  Call("GET", "/api/v1/programs/{id}/credit-policy", policy, {}, 200);
  Call("PUT", "/api/v1/programs/{id}/credit-policy", policy, {{"split", "thirds"}}, 422);
  Call("PUT", "/api/v1/programs/{id}/credit-policy", policy,
       {{"split", "first_weighted"}, {"lead_share_bp", 6000}, {"account_window_days", 30}}, 200);
  Call("GET", "/api/v1/referrals/{id}/credit", "/api/v1/referrals/" + r + "/credit", {}, 200);
  json::value shared =
      Call("POST", "/api/v1/referrals", "/api/v1/referrals",
           {{"advocate_id", a}, {"referee", {{"email", "sid@shared.example"}, {"first_name", "Sid"}}}}, 201);
  const std::string shared_id(shared.at("id").as_string());
  Call("POST", "/api/v1/referrals/{id}/stage", "/api/v1/referrals/" + shared_id + "/stage",
       {{"stage", "won"}, {"deal_value_minor", 1'000}, {"external_id", "OPP-SHARED"}}, 200);
  json::value credit =
      Call("GET", "/api/v1/referrals/{id}/credit", "/api/v1/referrals/" + shared_id + "/credit", {}, 200);
  EXPECT_FALSE(credit.at("credit").is_null());
  // Errors answer the documented problem shapes.
  Call("PATCH", "/api/v1/users/{id}", "/api/v1/users/" + user, {{"role", "emperor"}}, 422);
  Call("POST", "/api/v1/referrals/{id}/deal-value", "/api/v1/referrals/" + r + "/deal-value",
       {{"deal_value_minor", -1}, {"reason", "x"}}, 422);
  EXPECT_EQ(checked_, 104);
}

// The checker itself: it finds a missing required field, an undeclared one and a wrong type.
TEST_F(OpenApiResponsesTest, TheCheckerFindsWhatTheDocumentDoesNotSay) {
  SchemaChecker checker(document_);
  json::value schema = json::parse(R"({"$ref": "#/components/schemas/AuditEvent"})");
  json::value good = json::parse(R"({"id": "aud_01jq4d0f2h4k6n8q0s2u4w6y8a", "at": "2026-03-02T09:30:00.000000Z",
      "actor": "system", "actor_name": null, "address_hash": null, "kind": "user.updated", "object_id": "usr_x",
      "changes": {"role": {"from": "manager", "to": 3}}, "note": null})");
  EXPECT_EQ(checker.Check(good, schema, "event"), "");
  json::value missing = good;
  missing.as_object().erase("kind");
  EXPECT_NE(checker.Check(missing, schema, "event").find("lacks the required field kind"), std::string::npos);
  json::value extra = good;
  extra.as_object()["secret"] = "x";
  EXPECT_NE(checker.Check(extra, schema, "event").find("does not declare"), std::string::npos);
  json::value wrong = good;
  wrong.as_object()["changes"].as_object()["role"].as_object()["from"] = json::array{};
  EXPECT_NE(checker.Check(wrong, schema, "event").find("not of type"), std::string::npos);
}

}  // namespace
}  // namespace bb::testing
