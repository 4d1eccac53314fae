// Who may call what: every route of the router against every kind of caller. The table below
// classifies each route ("METHOD pattern"); a route missing from it fails the suite, so that every
// new route gets its access rules written down here.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

enum class Outcome {
  kAllow,            // answered (2xx or 3xx)
  kUnauthenticated,  // 401 with WWW-Authenticate
  kForbidden,        // 403
  kNotFound,         // 404: the object is hidden from this caller
};

const char* Name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kAllow: return "allowed";
    case Outcome::kUnauthenticated: return "401";
    case Outcome::kForbidden: return "403";
    case Outcome::kNotFound: return "404";
  }
  return "?";
}

enum class Caller { kAnonymous, kViewer, kSalesRep, kManager, kAdmin };
constexpr Caller kCallers[] = {Caller::kAnonymous, Caller::kViewer, Caller::kSalesRep, Caller::kManager,
                               Caller::kAdmin};

const char* Name(Caller caller) {
  switch (caller) {
    case Caller::kAnonymous: return "anonymous";
    case Caller::kViewer: return "viewer";
    case Caller::kSalesRep: return "sales_rep";
    case Caller::kManager: return "manager";
    case Caller::kAdmin: return "admin";
  }
  return "?";
}

struct Rule {
  bool staff_only;  // Access::kStaff in the router
  Outcome anonymous, viewer, sales_rep, manager, admin;
  // For routes on one advocate: what a sales rep gets for an advocate another rep enrolled.
  std::optional<Outcome> other_reps_advocate;

  Outcome For(Caller caller) const {
    switch (caller) {
      case Caller::kAnonymous: return anonymous;
      case Caller::kViewer: return viewer;
      case Caller::kSalesRep: return sales_rep;
      case Caller::kManager: return manager;
      case Caller::kAdmin: return admin;
    }
    return admin;
  }
};

constexpr Outcome A = Outcome::kAllow;
constexpr Outcome U = Outcome::kUnauthenticated;
constexpr Outcome F = Outcome::kForbidden;
constexpr Outcome N = Outcome::kNotFound;

//                                        anonymous viewer rep manager admin  rep on another rep's advocate
const Rule kPublic{false, A, A, A, A, A, std::nullopt};
const Rule kAnyStaff{true, U, A, A, A, A, std::nullopt};
const Rule kProgramManagers{true, U, F, F, A, A, std::nullopt};
const Rule kAdminsOnly{true, U, F, F, F, A, std::nullopt};
const Rule kEnrollers{true, U, F, A, A, A, std::nullopt};
const Rule kReadOneAdvocate{true, U, A, A, A, A, N};
const Rule kChangeOneAdvocate{true, U, F, A, A, A, N};

// Every route of the API. Add new routes here with their rule.
const std::map<std::string, Rule>& Table() {
  static const std::map<std::string, Rule> table = {
      // System and links.
      {"GET /", kPublic},
      {"GET /healthz", kPublic},
      {"GET /readyz", kPublic},
      {"GET /metrics", kPublic},
      {"GET /api/v1/openapi.json", kPublic},
      {"GET /r/{code}", kPublic},
      // Accounts.
      {"POST /api/v1/auth/login", kPublic},
      {"POST /api/v1/auth/logout", kPublic},  // clears the cookies even for an ended session
      {"GET /api/v1/me", kAnyStaff},
      {"GET /api/v1/users", kAdminsOnly},
      {"POST /api/v1/users", kAdminsOnly},
      {"GET /api/v1/users/{id}", kAdminsOnly},
      {"GET /api/v1/api-keys", kAdminsOnly},
      {"POST /api/v1/api-keys", kAdminsOnly},
      {"POST /api/v1/api-keys/{id}/revoke", kAdminsOnly},
      // Programs.
      {"GET /api/v1/programs", kAnyStaff},
      {"POST /api/v1/programs", kProgramManagers},
      {"GET /api/v1/programs/{id}", kAnyStaff},
      {"PATCH /api/v1/programs/{id}", kProgramManagers},
      {"POST /api/v1/programs/{id}/pause", kProgramManagers},
      {"POST /api/v1/programs/{id}/resume", kProgramManagers},
      {"POST /api/v1/programs/{id}/archive", kProgramManagers},
      {"GET /api/v1/programs/{id}/stats", kAnyStaff},
      // Advocates.
      {"GET /api/v1/programs/{id}/advocates", kAnyStaff},
      {"POST /api/v1/programs/{id}/advocates", kEnrollers},
      {"GET /api/v1/advocates/{id}", kReadOneAdvocate},
      {"PATCH /api/v1/advocates/{id}", kChangeOneAdvocate},
      {"POST /api/v1/advocates/{id}/deactivate", kChangeOneAdvocate},
      {"POST /api/v1/public/programs/{slug}/join", kPublic},
  };
  return table;
}

const std::string kUserEmail = "matrix.user@example.com";
const std::string kUserPassword = "matrix user password";

// The objects a request's path parameters point at.
struct Objects {
  std::string program;
  std::string slug;
  std::string advocate;  // enrolled by the admin key
  std::string advocate_code;
  std::string rep_advocate;        // enrolled by the first sales rep key
  std::string other_rep_advocate;  // enrolled by the second sales rep key
  std::string user;
  std::string api_key;  // a spare key, safe to revoke
};

class AccessMatrixTest : public ::testing::Test {
 protected:
  AccessMatrixTest() : client_(server_.Client()) {
    keys_[Caller::kAdmin] = server_.admin_key;
    keys_[Caller::kManager] = server_.KeyFor("manager");
    keys_[Caller::kViewer] = server_.KeyFor("viewer");
    keys_[Caller::kSalesRep] = server_.KeyFor("sales_rep");
    other_rep_key_ = server_.KeyFor("sales_rep");
    user_ = server_.CreateUser(kUserEmail, "viewer", kUserPassword);
  }

  static std::string Key(const std::string& method, const std::string& pattern) { return method + " " + pattern; }

  std::string Unique() { return std::to_string(++counter_); }

  HttpResponse Send(const std::optional<std::string>& key, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "application/json"},
                                                             {"User-Agent", "Mozilla/5.0 (matrix test)"}};
    if (key) headers.emplace_back("Authorization", "Bearer " + *key);
    return client_.Send(method, target, headers, body);
  }

  json::object Created(const std::string& key, const std::string& target, const json::object& body) {
    HttpResponse response = Send(key, "POST", target, json::serialize(body));
    EXPECT_EQ(response.status, 201) << target << "\n" << response.body;
    json::value parsed = response.Json();
    return parsed.is_object() ? parsed.as_object() : json::object();
  }

  // A program with an advocate of the admin's and one of each sales rep.
  Objects MakeObjects() {
    Objects o;
    std::string n = Unique();
    json::object program =
        Created(server_.admin_key, "/api/v1/programs",
                {{"name", "Matrix " + n}, {"kind", "partner"}, {"landing_url", "https://m.example/"}});
    o.program = std::string(program.at("id").as_string());
    o.slug = std::string(program.at("slug").as_string());
    std::string advocates = "/api/v1/programs/" + o.program + "/advocates";
    json::object mine =
        Created(server_.admin_key, advocates, {{"email", "admin" + n + "@example.com"}, {"first_name", "A"}});
    o.advocate = std::string(mine.at("id").as_string());
    o.advocate_code = std::string(mine.at("code").as_string());
    o.rep_advocate = std::string(
        Created(keys_[Caller::kSalesRep], advocates, {{"email", "rep" + n + "@example.com"}, {"first_name", "R"}})
            .at("id")
            .as_string());
    o.other_rep_advocate =
        std::string(Created(other_rep_key_, advocates, {{"email", "other" + n + "@example.com"}, {"first_name", "O"}})
                        .at("id")
                        .as_string());
    o.user = user_;
    std::string spare = server_.KeyFor("viewer");
    o.api_key = spare.substr(0, spare.find('.'));
    return o;
  }

  // The path for `pattern` with its parameters filled from `objects`; `advocate` is the advocate to
  // use for /api/v1/advocates/{id}. Fails the test for a parameter it cannot fill.
  static std::optional<std::string> Resolve(const std::string& pattern, const Objects& objects,
                                            const std::string& advocate) {
    struct Family {
      std::string prefix;
      std::string value;
    };
    const std::vector<Family> families = {
        {"/api/v1/programs/{id}", objects.program},
        {"/api/v1/advocates/{id}", advocate},
        {"/api/v1/users/{id}", objects.user},
        {"/api/v1/api-keys/{id}", objects.api_key},
        {"/api/v1/public/programs/{slug}", objects.slug},
        {"/r/{code}", objects.advocate_code},
    };
    if (pattern.find('{') == std::string::npos) return pattern;
    for (const auto& family : families) {
      if (pattern.rfind(family.prefix, 0) == 0) {
        std::string rest = pattern.substr(family.prefix.size());
        if (rest.find('{') != std::string::npos) break;
        return family.prefix.substr(0, family.prefix.find('{')) + family.value + rest;
      }
    }
    ADD_FAILURE() << "no objects for the parameters of " << pattern << "; teach Resolve this route family";
    return std::nullopt;
  }

  // A valid body for the route, different on each call.
  std::string BodyFor(const std::string& key) {
    std::string n = Unique();
    if (key == "POST /api/v1/programs") {
      return json::serialize(
          json::object{{"name", "Made " + n}, {"kind", "customer"}, {"landing_url", "https://made.example/"}});
    }
    if (key == "PATCH /api/v1/programs/{id}") return json::serialize(json::object{{"description", "patched " + n}});
    if (key == "POST /api/v1/programs/{id}/advocates") {
      return json::serialize(json::object{{"email", "enrolled" + n + "@example.com"}, {"first_name", "E"}});
    }
    if (key == "PATCH /api/v1/advocates/{id}") return json::serialize(json::object{{"company", "Company " + n}});
    if (key == "POST /api/v1/users") {
      return json::serialize(
          json::object{{"email", "made" + n + "@example.com"}, {"role", "viewer"}, {"password", "long enough pass"}});
    }
    if (key == "POST /api/v1/api-keys") return json::serialize(json::object{{"name", "made " + n}, {"role", "viewer"}});
    if (key == "POST /api/v1/auth/login") {
      return json::serialize(json::object{{"email", kUserEmail}, {"password", kUserPassword}});
    }
    if (key == "POST /api/v1/public/programs/{slug}/join") {
      return json::serialize(json::object{{"email", "joined" + n + "@example.com"}, {"first_name", "J"}});
    }
    return "";
  }

  std::optional<std::string> KeyOf(Caller caller) {
    if (caller == Caller::kAnonymous) return std::nullopt;
    return keys_[caller];
  }

  static void ExpectOutcome(Outcome expected, const HttpResponse& response, const std::string& what) {
    switch (expected) {
      case Outcome::kAllow:
        EXPECT_TRUE(response.status >= 200 && response.status < 400)
            << what << " should be allowed; got " << response.status << "\n"
            << response.body;
        break;
      case Outcome::kUnauthenticated:
        EXPECT_EQ(response.status, 401) << what << "\n" << response.body;
        EXPECT_FALSE(response.Header("www-authenticate").empty()) << what;
        break;
      case Outcome::kForbidden:
        EXPECT_EQ(response.status, 403) << what << "\n" << response.body;
        if (response.status == 403) {
          EXPECT_EQ(response.Json().at("type"), json::value("/problems/forbidden")) << what;
        }
        break;
      case Outcome::kNotFound: EXPECT_EQ(response.status, 404) << what << "\n" << response.body; break;
    }
    if (expected != Outcome::kAllow) {
      EXPECT_EQ(response.Header("content-type"), "application/problem+json") << what;
    }
  }

  // Everything an admin can see, serialized, to compare before and after refused requests.
  std::string Snapshot() {
    std::string out;
    auto read = [&](const std::string& target) {
      HttpResponse response = Send(server_.admin_key, "GET", target);
      EXPECT_EQ(response.status, 200) << target;
      out += target + "\n" + response.body + "\n";
      return response.Json();
    };
    json::value programs = read("/api/v1/programs?limit=200");
    for (const auto& program : programs.at("data").as_array()) {
      std::string id(program.at("id").as_string());
      read("/api/v1/programs/" + id + "/advocates?limit=200");
      read("/api/v1/programs/" + id + "/stats");
    }
    read("/api/v1/users");
    read("/api/v1/api-keys");
    return out;
  }

  const std::vector<http::Route>& Routes() const { return server_.api->router().routes(); }

  TestServer server_;
  HttpClient client_;
  std::map<Caller, std::string> keys_;
  std::string other_rep_key_;
  std::string user_;
  int counter_ = 0;
};

TEST_F(AccessMatrixTest, EveryRouteIsInTheTable) {
  std::set<std::string> routed;
  for (const auto& route : Routes()) {
    std::string key = Key(route.method, route.pattern);
    routed.insert(key);
    auto rule = Table().find(key);
    if (rule == Table().end()) {
      ADD_FAILURE() << "route " << key << " is not classified in the access table of access_matrix_test.cc";
      continue;
    }
    EXPECT_EQ(rule->second.staff_only, route.access == http::Access::kStaff)
        << key << ": the table and the router disagree on whether the route is for staff only";
  }
  for (const auto& [key, rule] : Table()) {
    EXPECT_TRUE(routed.contains(key)) << "the table lists " << key << " but the router has no such route";
  }
  EXPECT_GE(routed.size(), Table().size());
}

// The table itself follows the product's rules, so that a new row cannot quietly loosen them.
TEST_F(AccessMatrixTest, TheTableFollowsTheAccessRules) {
  for (const auto& [key, rule] : Table()) {
    SCOPED_TRACE(key);
    std::string method = key.substr(0, key.find(' '));
    std::string pattern = key.substr(key.find(' ') + 1);
    if (!rule.staff_only) {
      for (Caller caller : kCallers) {
        EXPECT_EQ(rule.For(caller), Outcome::kAllow) << Name(caller) << ": " << Name(rule.For(caller));
      }
      continue;
    }
    EXPECT_EQ(rule.anonymous, Outcome::kUnauthenticated);
    EXPECT_EQ(rule.admin, Outcome::kAllow);
    if (method != "GET") {
      EXPECT_EQ(rule.viewer, Outcome::kForbidden) << "viewers only read; got " << Name(rule.viewer);
    }
    if (pattern.rfind("/api/v1/users", 0) == 0 || pattern.rfind("/api/v1/api-keys", 0) == 0) {
      EXPECT_EQ(rule.manager, Outcome::kForbidden);
      EXPECT_EQ(rule.sales_rep, Outcome::kForbidden);
      EXPECT_EQ(rule.viewer, Outcome::kForbidden);
    }
    if (pattern.rfind("/api/v1/advocates/{id}", 0) == 0) {
      EXPECT_EQ(rule.other_reps_advocate, Outcome::kNotFound);
    }
  }
}

TEST_F(AccessMatrixTest, EveryCallerGetsWhatTheTableSays) {
  int checked = 0;
  for (const auto& route : Routes()) {
    std::string key = Key(route.method, route.pattern);
    auto rule = Table().find(key);
    if (rule == Table().end()) continue;  // reported by EveryRouteIsInTheTable
    for (Caller caller : kCallers) {
      std::string what = std::string(Name(caller)) + " " + key;
      SCOPED_TRACE(what);
      Objects objects = MakeObjects();  // fresh, so that allowed changes (archive, revoke) do not leak
      const std::string& advocate = caller == Caller::kSalesRep ? objects.rep_advocate : objects.advocate;
      auto target = Resolve(route.pattern, objects, advocate);
      if (!target) continue;
      ExpectOutcome(rule->second.For(caller), Send(KeyOf(caller), route.method, *target, BodyFor(key)), what);
      ++checked;
    }
    if (rule->second.other_reps_advocate) {
      Objects objects = MakeObjects();
      auto target = Resolve(route.pattern, objects, objects.other_rep_advocate);
      if (!target) continue;
      ExpectOutcome(*rule->second.other_reps_advocate,
                    Send(keys_[Caller::kSalesRep], route.method, *target, BodyFor(key)),
                    "sales_rep on another rep's advocate: " + key);
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

TEST_F(AccessMatrixTest, RefusedRequestsLeaveNoTrace) {
  Objects objects = MakeObjects();
  std::string before = Snapshot();
  int refused = 0;
  for (const auto& route : Routes()) {
    std::string key = Key(route.method, route.pattern);
    auto rule = Table().find(key);
    if (rule == Table().end()) continue;
    for (Caller caller : kCallers) {
      Outcome expected = rule->second.For(caller);
      if (expected == Outcome::kAllow) continue;
      const std::string& advocate = caller == Caller::kSalesRep ? objects.rep_advocate : objects.advocate;
      auto target = Resolve(route.pattern, objects, advocate);
      if (!target) continue;
      std::string what = std::string(Name(caller)) + " " + key;
      ExpectOutcome(expected, Send(KeyOf(caller), route.method, *target, BodyFor(key)), what);
      ++refused;
    }
    if (rule->second.other_reps_advocate && *rule->second.other_reps_advocate != Outcome::kAllow) {
      auto target = Resolve(route.pattern, objects, objects.other_rep_advocate);
      if (!target) continue;
      ExpectOutcome(*rule->second.other_reps_advocate,
                    Send(keys_[Caller::kSalesRep], route.method, *target, BodyFor(key)),
                    "sales_rep on another rep's advocate: " + key);
      ++refused;
    }
  }
  EXPECT_GT(refused, 40);
  EXPECT_EQ(Snapshot(), before) << "a refused request changed something";
}

TEST_F(AccessMatrixTest, RefusedRequestsWithAnIdempotencyKeyRecordNothing) {
  Objects objects = MakeObjects();
  std::string body = BodyFor("POST /api/v1/programs");
  std::vector<std::pair<std::string, std::string>> headers = Bearer(keys_[Caller::kViewer]);
  headers.emplace_back("Idempotency-Key", "viewer-try");
  EXPECT_EQ(client_.Send("POST", "/api/v1/programs", headers, body).status, 403);
  HttpResponse again = client_.Send("POST", "/api/v1/programs", headers, body);
  EXPECT_EQ(again.status, 403) << "the refusal is not replayed as a success";
  EXPECT_TRUE(again.Header("idempotent-replayed").empty());
  HttpResponse list = Send(server_.admin_key, "GET", "/api/v1/programs");
  EXPECT_EQ(list.Json().at("data").as_array().size(), 1u) << "only the fixture's program exists";
}

TEST_F(AccessMatrixTest, ASalesRepListsOnlyTheirOwnAdvocates) {
  Objects objects = MakeObjects();
  std::string target = "/api/v1/programs/" + objects.program + "/advocates";

  HttpResponse mine = Send(keys_[Caller::kSalesRep], "GET", target);
  ASSERT_EQ(mine.status, 200);
  json::value mine_body = mine.Json();
  const json::array& data = mine_body.at("data").as_array();
  ASSERT_EQ(data.size(), 1u) << mine.body;
  EXPECT_EQ(data[0].at("id"), json::value(objects.rep_advocate));

  HttpResponse theirs = Send(other_rep_key_, "GET", target);
  ASSERT_EQ(theirs.status, 200);
  ASSERT_EQ(theirs.Json().at("data").as_array().size(), 1u);
  EXPECT_EQ(theirs.Json().at("data").as_array()[0].at("id"), json::value(objects.other_rep_advocate));

  for (Caller caller : {Caller::kViewer, Caller::kManager, Caller::kAdmin}) {
    HttpResponse all = Send(keys_[caller], "GET", target);
    EXPECT_EQ(all.Json().at("data").as_array().size(), 3u) << Name(caller) << " sees every advocate";
  }

  HttpResponse filtered = Send(keys_[Caller::kSalesRep], "GET", target + "?source=api&limit=1");
  EXPECT_EQ(filtered.Json().at("data").as_array().size(), 1u);
  EXPECT_TRUE(filtered.Json().at("next_cursor").is_null()) << "no page leads to other reps' advocates";
}

TEST_F(AccessMatrixTest, ASalesRepCannotProbeAnotherRepsAdvocate) {
  Objects objects = MakeObjects();
  HttpResponse hidden = Send(keys_[Caller::kSalesRep], "GET", "/api/v1/advocates/" + objects.other_rep_advocate);
  HttpResponse missing = Send(keys_[Caller::kSalesRep], "GET", "/api/v1/advocates/adv_00000000000000000000000000");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(hidden.Json().at("detail"), missing.Json().at("detail")) << "hidden and missing look the same";
}

}  // namespace
}  // namespace bb::testing
