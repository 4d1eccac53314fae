// The audit trail (GET /api/v1/audit-events): every staff change, with who, when, from which address
// hash, on what and each changed field before and after; never a secret; nothing for a change that
// failed or changed nothing. Issue 12.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <set>
#include <string>

#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr char kManagerPassword[] = "manager's own passphrase";

class AuditTest : public ::testing::Test {
 protected:
  AuditTest() : client_(server_.Client()) {
    manager_ = server_.CreateUser("manager@example.com", "manager", kManagerPassword);
    program_ = Id(Post(server_.admin_key, "/api/v1/programs",
                       {{"name", "Audited"}, {"kind", "customer"}, {"landing_url", "https://a.example/"}}));
  }

  HttpResponse Post(const std::string& key, const std::string& target, const json::object& body = {}) {
    HttpResponse response = client_.Send("POST", target, Bearer(key), body.empty() ? "" : json::serialize(body));
    EXPECT_LT(response.status, 300) << target << "\n" << response.body;
    return response;
  }
  static std::string Id(const HttpResponse& response) { return std::string(response.Json().at("id").as_string()); }

  json::array Trail(const std::string& query = "") {
    HttpResponse response = client_.Send("GET", "/api/v1/audit-events" + query, Bearer(server_.admin_key));
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json().at("data").as_array();
  }

  std::string WholeTrail() {
    std::string all;
    std::string cursor;
    do {
      HttpResponse page =
          client_.Send("GET", "/api/v1/audit-events?limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor),
                       Bearer(server_.admin_key));
      EXPECT_EQ(page.status, 200);
      all += page.body;
      json::value next = page.Json().at("next_cursor");
      cursor = next.is_string() ? std::string(next.as_string()) : "";
    } while (!cursor.empty());
    return all;
  }

  TestServer server_;
  HttpClient client_;
  std::string manager_;
  std::string program_;
};

TEST_F(AuditTest, AChangeRecordsWhoWhenWhereWhatAndEachFieldBeforeAndAfter) {
  // The manager signs in from another address and renames the program.
  HttpClient laptop(server_.port(), "127.0.0.7");
  HttpResponse login =
      laptop.Send("POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                  json::serialize(json::object{{"email", "manager@example.com"}, {"password", kManagerPassword}}));
  ASSERT_EQ(login.status, 200);
  server_.clock.Advance(5min);
  HttpResponse renamed =
      laptop.Send("PATCH", "/api/v1/programs/" + program_,
                  {{"Cookie", "bb_session=" + CookieValue(*SetCookie(login, "bb_session"))},
                   {"X-CSRF-Token", std::string(login.Json().at("csrf_token").as_string())},
                   {"Content-Type", "application/json"}},
                  json::serialize(json::object{{"name", "Audited Customers"}, {"attribution_window_days", 365}}));
  ASSERT_EQ(renamed.status, 200) << renamed.body;

  json::array events = Trail("?object_id=" + program_);
  ASSERT_EQ(events.size(), 2u);
  const json::object& updated = events[0].as_object();
  EXPECT_EQ(updated.at("kind"), "program.updated");
  EXPECT_EQ(updated.at("actor"), json::value(manager_));
  EXPECT_EQ(updated.at("actor_name"), "Test User");
  EXPECT_EQ(updated.at("at"), "2026-03-01T12:05:00.000000Z");
  std::string address(updated.at("address_hash").as_string());
  EXPECT_EQ(address.size(), 32u);
  EXPECT_EQ(address.find("127.0.0"), std::string::npos) << "never the address itself";
  EXPECT_EQ(updated.at("changes"), (json::object{{"name", {{"from", "Audited"}, {"to", "Audited Customers"}}},
                                                 {"attribution_window_days", {{"from", 180}, {"to", 365}}}}));
  const json::object& created = events[1].as_object();
  EXPECT_EQ(created.at("kind"), "program.created");
  EXPECT_EQ(std::string(created.at("actor").as_string()).substr(0, 4), "key_");
  EXPECT_EQ(created.at("changes").at("name"), (json::object{{"from", nullptr}, {"to", "Audited"}}));
  EXPECT_NE(created.at("address_hash"), updated.at("address_hash")) << "another client address";

  EXPECT_EQ(Trail("?actor=" + manager_).size(), 1u);
  EXPECT_EQ(Trail("?kind=program.created").size(), 1u);
  EXPECT_EQ(Trail("?from=2026-03-01T12:01:00Z").size(), 1u);
  EXPECT_EQ(client_.Send("GET", "/api/v1/audit-events?colour=red", Bearer(server_.admin_key)).status, 422);
}

TEST_F(AuditTest, EveryKindOfStaffChangeIsRecorded) {
  std::string rule = Id(Post(server_.admin_key, "/api/v1/programs/" + program_ + "/reward-rules",
                             {{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 5000}}}}));
  std::string advocate = Id(Post(server_.admin_key, "/api/v1/programs/" + program_ + "/advocates",
                                 {{"email", "ada@adv.example"}, {"first_name", "Ada"}}));
  client_.Send("PATCH", "/api/v1/advocates/" + advocate, Bearer(server_.admin_key),
               json::serialize(json::object{{"company", "Engines"}}));
  Post(server_.admin_key, "/api/v1/advocates/" + advocate + "/sign-in-links");
  std::string referral =
      Id(Post(server_.admin_key, "/api/v1/referrals",
              {{"advocate_id", advocate}, {"referee", {{"email", "x@p.example"}, {"first_name", "X"}}}}));
  HttpResponse won = Post(server_.admin_key, "/api/v1/referrals/" + referral + "/stage",
                          {{"stage", "won"}, {"deal_value_minor", 100000}, {"note", "signed"}});
  std::string reward(won.Json().at("rewards").at(0).at("id").as_string());
  Post(server_.admin_key, "/api/v1/rewards/" + reward + "/approve");
  Post(server_.admin_key, "/api/v1/rewards/" + reward + "/fulfill", {{"reference", "PAY-77"}});
  Post(server_.admin_key, "/api/v1/reward-rules/" + rule + "/retire");
  client_.Send("PATCH", "/api/v1/users/" + manager_, Bearer(server_.admin_key),
               json::serialize(json::object{{"role", "viewer"}}));
  Post(server_.admin_key, "/api/v1/users/" + manager_ + "/password-reset");
  std::string key = Id(Post(server_.admin_key, "/api/v1/api-keys", {{"name", "CRM"}, {"role", "manager"}}));
  Post(server_.admin_key, "/api/v1/api-keys/" + key + "/revoke");
  Post(server_.admin_key, "/api/v1/programs/" + program_ + "/pause");

  std::set<std::string> kinds;
  for (const auto& event : Trail("?limit=200")) kinds.emplace(event.at("kind").as_string());
  for (const char* kind : {"program.created", "reward_rule.created", "advocate.enrolled", "advocate.updated",
                           "advocate.sign_in_link_issued", "referral.submitted", "referral.stage_moved",
                           "reward.approved", "reward.fulfilled", "reward_rule.retired", "user.updated",
                           "user.password_reset_issued", "api_key.created", "api_key.revoked", "program.paused"}) {
    EXPECT_TRUE(kinds.contains(kind)) << kind;
  }
  json::array moved = Trail("?kind=referral.stage_moved");
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].at("changes").at("stage"), (json::object{{"from", "submitted"}, {"to", "won"}}));
  EXPECT_EQ(moved[0].at("changes").at("deal_value_minor"), (json::object{{"from", nullptr}, {"to", 100000}}));
  EXPECT_EQ(moved[0].at("note"), "signed");
  json::array paid = Trail("?object_id=" + reward + "&kind=reward.fulfilled");
  ASSERT_EQ(paid.size(), 1u);
  EXPECT_EQ(paid[0].at("changes").at("payout_reference"), (json::object{{"from", ""}, {"to", "PAY-77"}}));
  json::array role = Trail("?object_id=" + manager_ + "&kind=user.updated");
  ASSERT_EQ(role.size(), 1u);
  EXPECT_EQ(role[0].at("changes"), (json::object{{"role", {{"from", "manager"}, {"to", "viewer"}}}}));
}

// A rule's conditions decide what it pays as much as its amount: the trail said "reward_rule.created"
// with the amount and not the segment, channels, products or committee the rule asked for.
TEST_F(AuditTest, ReviewFindingARulesConditionsAreInTheTrail) {
  std::string rule = Id(
      Post(server_.admin_key, "/api/v1/programs/" + program_ + "/reward-rules",
           {{"name", "Committee wins"},
            {"trigger", {{"stage", "won"}}},
            {"amount", {{"fixed_minor", 5000}}},
            {"conditions",
             {{"segment",
               {{"attributes", {{"tier", "gold"}, {"re,gion", "a=\"b\""}}}, {"tags", json::array{"emea", "x, y"}}}},
              {"channels", json::array{"email", "linkedin"}},
              {"products", json::array{"analytics"}},
              {"committee", {{"roles", json::array{"technical_buyer", "economic_buyer"}}, {"min_influences", 2}}}}}}));
  json::array created = Trail("?object_id=" + rule);
  ASSERT_EQ(created.size(), 1u);
  const json::object& changes = created[0].at("changes").as_object();
  auto to = [&](const char* field) { return changes.at(field).at("to"); };
  // JSON text, which reads back whatever the texts hold (the fourth review: "x, y" is one tag).
  EXPECT_EQ(json::parse(to("conditions.segment.attributes").as_string()),
            (json::object{{"re,gion", "a=\"b\""}, {"tier", "gold"}}));
  EXPECT_EQ(json::parse(to("conditions.segment.tags").as_string()), (json::array{"emea", "x, y"}));
  EXPECT_EQ(to("conditions.channels"), R"(["email","linkedin"])");
  EXPECT_EQ(to("conditions.products"), R"(["analytics"])");
  EXPECT_EQ(to("conditions.committee.roles"), R"(["economic_buyer","technical_buyer"])") << "in the roles' own order";
  EXPECT_EQ(to("conditions.committee.min_influences"), 2);

  std::string plain =
      Id(Post(server_.admin_key, "/api/v1/programs/" + program_ + "/reward-rules",
              {{"name", "Any win"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 1}}}}));
  json::array plain_created = Trail("?object_id=" + plain);
  ASSERT_EQ(plain_created.size(), 1u);
  EXPECT_FALSE(plain_created[0].at("changes").as_object().contains("conditions.channels"))
      << "a condition that asks nothing is not listed";
}

TEST_F(AuditTest, NoSecretEverReachesTheTrail) {
  HttpResponse key = Post(server_.admin_key, "/api/v1/api-keys", {{"name", "CRM"}, {"role", "manager"}});
  std::string secret(key.Json().at("key").as_string());
  HttpResponse user = Post(server_.admin_key, "/api/v1/users",
                           {{"email", "new@example.com"}, {"role", "viewer"}, {"password", "the new user's password"}});
  HttpResponse reset = Post(server_.admin_key, "/api/v1/users/" + Id(user) + "/password-reset");
  std::string reset_url(reset.Json().at("url").as_string());
  std::string reset_token = reset_url.substr(reset_url.find("#token=") + 7);
  ASSERT_EQ(client_
                .Send("POST", "/api/v1/auth/password-reset", {{"Content-Type", "application/json"}},
                      json::serialize(json::object{{"token", reset_token}, {"password", "a reset passphrase"}}))
                .status,
            204);
  std::string advocate = Id(Post(server_.admin_key, "/api/v1/programs/" + program_ + "/advocates",
                                 {{"email", "ada@adv.example"}, {"first_name", "Ada"}}));
  HttpResponse link = Post(server_.admin_key, "/api/v1/advocates/" + advocate + "/sign-in-links");
  std::string token(link.Json().at("token").as_string());

  std::string trail = WholeTrail();
  EXPECT_NE(trail.find("user.password_reset\""), std::string::npos) << "the reset itself is recorded";
  for (const std::string& secret_text :
       {secret, secret.substr(secret.find('.') + 1), std::string("the new user's password"),
        std::string("a reset passphrase"), reset_token, token,
        server_.admin_key.substr(server_.admin_key.find('.') + 1)}) {
    EXPECT_EQ(trail.find(secret_text), std::string::npos) << "a secret in the trail: " << secret_text;
  }
  EXPECT_EQ(trail.find("password_hash"), std::string::npos);
  EXPECT_EQ(trail.find("$argon2id"), std::string::npos);
}

TEST_F(AuditTest, AFailedOrEmptyChangeRecordsNothing) {
  std::size_t before = Trail("?limit=200").size();
  EXPECT_EQ(client_
                .Send("PATCH", "/api/v1/programs/" + program_, Bearer(server_.admin_key),
                      json::serialize(json::object{{"landing_url", "not a url"}, {"name", "Renamed"}}))
                .status,
            422);
  EXPECT_EQ(client_.Send("PATCH", "/api/v1/programs/" + program_, Bearer(server_.admin_key), "{}").status, 200);
  Post(server_.admin_key, "/api/v1/programs/" + program_ + "/resume");  // already active: a no-op
  EXPECT_EQ(client_
                .Send("PATCH", "/api/v1/users/" + manager_, Bearer(server_.admin_key),
                      json::serialize(json::object{{"role", "manager"}}))
                .status,
            200);  // the role it has
  EXPECT_EQ(Trail("?limit=200").size(), before);
}

TEST_F(AuditTest, TheTrailPagesWithItsOwnCursors) {
  for (int i = 0; i < 5; ++i) {
    client_.Send("PATCH", "/api/v1/programs/" + program_, Bearer(server_.admin_key),
                 json::serialize(json::object{{"description", "take " + std::to_string(i)}}));
  }
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    HttpResponse page = client_.Send(
        "GET", "/api/v1/audit-events?object_id=" + program_ + "&limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor),
        Bearer(server_.admin_key));
    ASSERT_EQ(page.status, 200) << page.body;
    json::value body = page.Json();
    for (const auto& event : body.at("data").as_array()) seen.emplace(event.at("id").as_string());
    json::value next = body.at("next_cursor");
    cursor = next.is_string() ? std::string(next.as_string()) : "";
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_EQ(pages, 3);
}

}  // namespace
}  // namespace bb::testing
