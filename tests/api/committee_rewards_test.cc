// Reward conditions on the buying committee through the API, on every backend: a rule that pays
// only when the deal's committee holds the economic buyer and covers two influences pays the
// referral whose committee did when it was won, not the one without; a committee recorded after
// the win changes nothing, not even when a deal value correction later grants a percentage "as of
// the win"; conditions are refused field by field and answered as stored; the preview takes the
// roles a committee would hold; and `ledger verify` agrees with everything written.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <map>

#include "service/ledger_verifier.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class CommitteeRewardsTest : public ::testing::Test {
 protected:
  CommitteeRewardsTest() : client_(server_.Client()) {
    program_ = Id(Post("/api/v1/programs",
                       {{"name", "Committee rewards"}, {"kind", "customer"}, {"landing_url", "https://cr.example/"}}));
    advocate_ = Id(Post("/api/v1/programs/" + program_ + "/advocates",
                        {{"email", "ada@advocates.example"}, {"first_name", "Ada"}}));
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::object& body = {}) {
    server_.clock.Advance(1min);
    return client_.Send(method, target, Bearer(server_.admin_key), body.empty() ? "" : json::serialize(body));
  }
  HttpResponse Post(const std::string& target, const json::object& body = {}) {
    HttpResponse response = Send("POST", target, body);
    EXPECT_LT(response.status, 300) << target << "\n" << response.body;
    return response;
  }
  static std::string Id(const HttpResponse& response) {
    return response.status < 300 ? std::string(response.Json().at("id").as_string()) : "";
  }
  std::string Refer(const std::string& email) {
    return Id(Post("/api/v1/referrals",
                   {{"advocate_id", advocate_}, {"referee", {{"email", email}, {"first_name", "Rita"}}}}));
  }
  // Records the referral's committee: its referee as coach, and a CFO holding `roles`.
  void RecordCommittee(const std::string& referral, const std::string& referee, const json::array& roles) {
    HttpResponse put =
        Send("PUT", "/api/v1/referrals/" + referral + "/committee",
             {{"members", json::array{json::object{{"email", referee}, {"first_name", "Rita"}, {"roles", {"coach"}}},
                                      json::object{{"email", "cfo@" + referee.substr(referee.find('@') + 1)},
                                                   {"first_name", "Carl"},
                                                   {"roles", roles}}}}});
    ASSERT_EQ(put.status, 201) << put.body;
  }
  // The referral's rewards by rule name: their amounts.
  std::map<std::string, std::int64_t> RewardsOf(const std::string& referral) {
    HttpResponse got = Send("GET", "/api/v1/rewards?referral_id=" + referral);
    EXPECT_EQ(got.status, 200) << got.body;
    std::map<std::string, std::int64_t> out;
    const json::value body = got.Json();
    for (const auto& reward : body.at("data").as_array()) {
      out[std::string(reward.at("rule_id").as_string())] += reward.at("amount_minor").as_int64();
    }
    return out;
  }
  void ExpectLedgerVerifies() {
    auto report = service::LedgerVerifier(*server_.store).Verify();
    ASSERT_TRUE(report.ok()) << report.error().message();
    for (const auto& difference : report->differences) ADD_FAILURE() << difference;
    EXPECT_EQ(report->rewards_found, report->rewards_expected);
  }

  TestServer server_;
  HttpClient client_;
  std::string program_, advocate_;
};

TEST_F(CommitteeRewardsTest, ARulePaysOnlyWhenTheCommitteeRecordedByTheWinMeetsIt) {
  const std::string rules = "/api/v1/programs/" + program_ + "/reward-rules";
  HttpResponse bonus =
      Post(rules, {{"name", "Whole committee bonus"},
                   {"trigger", {{"stage", "won"}}},
                   {"amount", {{"fixed_minor", 10'000}}},
                   {"requires_approval", false},
                   {"conditions", {{"committee", {{"roles", {"economic_buyer"}}, {"min_influences", 2}}}}}});
  const std::string bonus_id = Id(bonus);
  EXPECT_EQ(bonus.Json().at("conditions").at("committee"),
            json::parse(R"({"roles": ["economic_buyer"], "min_influences": 2})"));
  const std::string share_id = Id(Post(rules, {{"name", "Ten percent with the economic buyer"},
                                               {"trigger", {{"stage", "won"}}},
                                               {"amount", {{"percent_bp", 1'000}}},
                                               {"requires_approval", false},
                                               {"conditions", {{"committee", {{"roles", {"economic_buyer"}}}}}}}));
  const std::string plain_id = Id(Post(rules, {{"name", "Every win"},
                                               {"trigger", {{"stage", "won"}}},
                                               {"amount", {{"fixed_minor", 1'000}}},
                                               {"requires_approval", false}}));

  // Covered: the CFO (economic buyer) and the referee (coach) before the win.
  const std::string covered = Refer("rita@one.example");
  RecordCommittee(covered, "rita@one.example", {"economic_buyer"});
  Post("/api/v1/referrals/" + covered + "/stage", {{"stage", "won"}, {"deal_value_minor", 200'000}});
  EXPECT_EQ(RewardsOf(covered),
            (std::map<std::string, std::int64_t>{{bonus_id, 10'000}, {share_id, 20'000}, {plain_id, 1'000}}));

  // Not covered when won: the referee alone. A committee recorded after the win changes nothing.
  const std::string alone = Refer("rita@two.example");
  Post("/api/v1/referrals/" + alone + "/stage", {{"stage", "won"}, {"deal_value_minor", 200'000}});
  RecordCommittee(alone, "rita@two.example", {"economic_buyer"});
  EXPECT_EQ(RewardsOf(alone), (std::map<std::string, std::int64_t>{{plain_id, 1'000}}));

  // A technical buyer only: two influences, but no economic buyer.
  const std::string technical = Refer("rita@three.example");
  RecordCommittee(technical, "rita@three.example", {"technical_buyer"});
  Post("/api/v1/referrals/" + technical + "/stage", {{"stage", "won"}, {"deal_value_minor", 200'000}});
  EXPECT_EQ(RewardsOf(technical), (std::map<std::string, std::int64_t>{{plain_id, 1'000}}));

  // Won without a deal value: the percentage waits for a correction, which grants it as of the win
  // — with the committee as it was then.
  const std::string late_value_covered = Refer("rita@four.example");
  RecordCommittee(late_value_covered, "rita@four.example", {"economic_buyer"});
  Post("/api/v1/referrals/" + late_value_covered + "/stage", {{"stage", "won"}});
  const std::string late_value_alone = Refer("rita@five.example");
  Post("/api/v1/referrals/" + late_value_alone + "/stage", {{"stage", "won"}});
  RecordCommittee(late_value_alone, "rita@five.example", {"economic_buyer"});
  for (const auto& referral : {late_value_covered, late_value_alone}) {
    HttpResponse corrected = Send("POST", "/api/v1/referrals/" + referral + "/deal-value",
                                  {{"deal_value_minor", 50'000}, {"reason", "The CRM's amount"}});
    ASSERT_EQ(corrected.status, 200) << corrected.body;
  }
  EXPECT_EQ(RewardsOf(late_value_covered),
            (std::map<std::string, std::int64_t>{{bonus_id, 10'000}, {share_id, 5'000}, {plain_id, 1'000}}));
  EXPECT_EQ(RewardsOf(late_value_alone), (std::map<std::string, std::int64_t>{{plain_id, 1'000}}))
      << "the committee recorded after the win does not reach back";
  ExpectLedgerVerifies();
}

TEST_F(CommitteeRewardsTest, ConditionsAreRefusedFieldByFieldAndPreviewedWithRoles) {
  const std::string rules = "/api/v1/programs/" + program_ + "/reward-rules";
  auto fields = [&](const json::object& committee) {
    HttpResponse response = Send("POST", rules,
                                 {{"name", "Bad"},
                                  {"trigger", {{"stage", "won"}}},
                                  {"amount", {{"fixed_minor", 1}}},
                                  {"conditions", {{"committee", committee}}}});
    EXPECT_EQ(response.status, 422) << response.body;
    std::vector<std::string> out;
    if (response.status != 422) return out;
    const json::value body = response.Json();
    for (const auto& e : body.at("errors").as_array()) out.emplace_back(e.at("field").as_string());
    return out;
  };
  EXPECT_EQ(fields({{"roles", {"economic_buyer", "cfo"}}}), std::vector<std::string>{"conditions.committee.roles[1]"});
  EXPECT_EQ(fields({{"min_influences", 5}}), std::vector<std::string>{"conditions.committee.min_influences"});
  EXPECT_EQ(fields({{"min_influences", -1}}), std::vector<std::string>{"conditions.committee.min_influences"});
  EXPECT_EQ(fields({{"disc_primary", "D"}}), std::vector<std::string>{"conditions.committee.disc_primary"})
      << "personality is no reward condition";
  EXPECT_EQ(fields({{"roles", "economic_buyer"}}), std::vector<std::string>{"conditions.committee.roles"});
  json::array eleven;
  for (int i = 0; i < 11; ++i) eleven.emplace_back("coach");
  EXPECT_EQ(fields({{"roles", eleven}}), std::vector<std::string>{"conditions.committee.roles"});
  // ReviewFinding: a referral has no committee when it is submitted, so such a rule could pay only
  // a held referral cleared later.
  HttpResponse on_submission = Send("POST", rules,
                                    {{"name", "On submission"},
                                     {"trigger", {{"stage", "submitted"}}},
                                     {"amount", {{"fixed_minor", 1}}},
                                     {"conditions", {{"committee", {{"min_influences", 1}}}}}});
  ASSERT_EQ(on_submission.status, 422) << on_submission.body;
  EXPECT_EQ(on_submission.Json().at("errors").as_array()[0].at("field"), "conditions.committee");
  HttpResponse listed = Send("GET", rules);
  ASSERT_EQ(listed.status, 200);
  EXPECT_TRUE(listed.Json().at("data").as_array().empty()) << "nothing created by the refusals";
  HttpResponse asks_nothing =
      Send("POST", rules,
           {{"name", "On submission, any committee"},
            {"trigger", {{"stage", "submitted"}}},
            {"amount", {{"fixed_minor", 1}}},
            {"conditions", {{"committee", {{"roles", json::array{}}, {"min_influences", 0}}}}}});
  ASSERT_EQ(asks_nothing.status, 201) << "ReviewFinding: the console sends an empty committee with every rule\n"
                                      << asks_nothing.body;
  EXPECT_TRUE(asks_nothing.Json().at("conditions").at("committee").is_null());

  HttpResponse empty = Post(rules, {{"name", "Asks nothing"},
                                    {"trigger", {{"stage", "won"}}},
                                    {"amount", {{"fixed_minor", 1}}},
                                    {"conditions", {{"committee", json::object{}}}}});
  EXPECT_TRUE(empty.Json().at("conditions").at("committee").is_null()) << empty.body;
  const std::string champion_rule = Id(Post(rules, {{"name", "With a champion"},
                                                    {"trigger", {{"stage", "won"}}},
                                                    {"amount", {{"fixed_minor", 2'500}}},
                                                    {"conditions", {{"committee", {{"roles", {"champion"}}}}}}}));
  auto previewed = [&](const json::array& roles) {
    HttpResponse preview = Send("POST", "/api/v1/programs/" + program_ + "/reward-preview",
                                {{"referral", {{"stage", "won"}, {"committee_roles", roles}}}});
    EXPECT_EQ(preview.status, 200) << preview.body;
    bool found = false;
    const json::value body = preview.Json();
    for (const auto& outcome : body.at("rewards").as_array()) {
      found = found || outcome.at("rule_id").as_string() == champion_rule;
    }
    return found;
  };
  EXPECT_TRUE(previewed({"coach"})) << "coach and champion are one influence";
  EXPECT_FALSE(previewed({}));
  HttpResponse bad = Send("POST", "/api/v1/programs/" + program_ + "/reward-preview",
                          {{"referral", {{"stage", "won"}, {"committee_roles", {"boss"}}}}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.Json().at("errors").as_array()[0].at("field"), "referral.committee_roles[0]");
}

}  // namespace
}  // namespace bb::testing
