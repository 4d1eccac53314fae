// "What would this referral earn?": the program's rules and a draft, evaluated on an imagined
// referral as a stage move would, caps counted from the advocate's real ledger, nothing written.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <set>
#include <string>

#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

class RewardPreviewTest : public ::testing::Test {
 protected:
  RewardPreviewTest() : client_(server_.Client()) {
    program_ =
        Create("/api/v1/programs", {{"name", "Preview"}, {"kind", "customer"}, {"landing_url", "https://p.example/"}});
    std::string rules = "/api/v1/programs/" + program_ + "/reward-rules";
    Create(rules, {{"name", "Thanks"}, {"trigger", {{"stage", "submitted"}}}, {"amount", {{"fixed_minor", 500}}}});
    Create(rules, {{"name", "Qualified"},
                   {"trigger", {{"stage", "qualified"}}},
                   {"amount", {{"fixed_minor", 2000}}},
                   {"cap", {{"period", "month"}, {"max_count", 1}}}});
    Create(rules,
           {{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"percent_bp", 1000}, {"min_minor", 5000}}}});
    Create(rules, {{"name", "Second win"}, {"trigger", {{"nth_won", 2}}}, {"amount", {{"fixed_minor", 9000}}}});
    advocate_ =
        Create("/api/v1/programs/" + program_ + "/advocates", {{"email", "ada@a.example"}, {"first_name", "Ada"}});
  }

  std::string Create(const std::string& target, const json::object& body) {
    HttpResponse response = client_.Send("POST", target, Bearer(server_.admin_key), json::serialize(body));
    EXPECT_EQ(response.status, 201) << target << "\n" << response.body;
    return std::string(response.Json().at("id").as_string());
  }
  HttpResponse Preview(const std::string& body) {
    return client_.Send("POST", "/api/v1/programs/" + program_ + "/reward-preview", Bearer(server_.admin_key), body);
  }
  // "name amount" for each reward and "name: withheld" for each withheld one, in name order (rules
  // are evaluated in id order, and ids made within one instant of the test clock sort at random).
  static std::string Summary(const json::value& preview) {
    std::set<std::string> lines;
    for (const auto& r : preview.at("rewards").as_array()) {
      lines.insert(std::string(r.at("rule_name").as_string()) + " " + std::to_string(r.at("amount_minor").as_int64()));
    }
    for (const auto& w : preview.at("withheld").as_array()) {
      lines.insert(std::string(w.at("rule_name").as_string()) + ": withheld");
    }
    std::string out;
    for (const auto& line : lines) out += line + "; ";
    return out;
  }
  std::size_t RewardCount() {
    return client_.Send("GET", "/api/v1/rewards?limit=200", Bearer(server_.admin_key))
        .Json()
        .at("data")
        .as_array()
        .size();
  }

  TestServer server_;
  HttpClient client_;
  std::string program_, advocate_;
};

TEST_F(RewardPreviewTest, EveryStageOnTheWayCountsAndTheDraftJoinsTheRules) {
  HttpResponse won = Preview(R"({"referral": {"stage": "won", "deal_value_minor": 30000}})");
  ASSERT_EQ(won.status, 200) << won.body;
  EXPECT_EQ(Summary(won.Json()), "Qualified 2000; Thanks 500; Won 5000; ") << "10% of 300.00 is under the 50.00 floor";

  HttpResponse drafted = Preview(R"({"referral": {"stage": "won", "deal_value_minor": 1000000},
                                     "rule": {"name": "March bonus", "trigger": {"stage": "won"},
                                              "amount": {"percent_bp": 500}}})");
  ASSERT_EQ(drafted.status, 200) << drafted.body;
  EXPECT_EQ(Summary(drafted.Json()), "March bonus 50000; Qualified 2000; Thanks 500; Won 100000; ");
  json::value with_draft = drafted.Json();
  EXPECT_EQ(with_draft.at("rewards").as_array().back().at("rule_id"), json::value(nullptr)) << "the draft comes last";

  HttpResponse submitted = Preview(R"({"referral": {}})");
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(Summary(submitted.Json()), "Thanks 500; ") << "by default: just submitted";
  EXPECT_EQ(RewardCount(), 0u) << "a preview writes nothing";
}

TEST_F(RewardPreviewTest, TheAdvocatesWinsAndCapsComeFromTheLedger) {
  std::string first = Create("/api/v1/referrals", {{"advocate_id", advocate_},
                                                   {"referee", {{"email", "one@x.example"}, {"first_name", "One"}}}});
  HttpResponse moved = client_.Send("POST", "/api/v1/referrals/" + first + "/stage", Bearer(server_.admin_key),
                                    R"({"stage": "won", "deal_value_minor": 100000})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  std::size_t rewards = RewardCount();

  HttpResponse preview =
      Preview(R"({"referral": {"stage": "won", "deal_value_minor": 100000, "advocate_id": ")" + advocate_ + R"("}})");
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(Summary(preview.Json()), "Qualified: withheld; Second win 9000; Thanks 500; Won 10000; ")
      << "the month's one qualified reward is taken; this would be Ada's second win";
  EXPECT_EQ(RewardCount(), rewards);
}

TEST_F(RewardPreviewTest, BadInputIsNamed) {
  auto fields = [&](const std::string& body) {
    HttpResponse response = Preview(body);
    EXPECT_EQ(response.status, 422) << body << "\n" << response.body;
    std::string out;
    if (response.status == 422) {
      json::value problem = response.Json();
      for (const auto& e : problem.at("errors").as_array()) out += std::string(e.at("field").as_string()) + " ";
    }
    return out;
  };
  EXPECT_EQ(fields("{}"), "referral ");
  EXPECT_EQ(fields(R"({"referral": {"stage": "lost"}})"), "referral.stage ");
  EXPECT_EQ(fields(R"({"referral": {"stage": "sold", "deal_value_minor": -1}})"),
            "referral.stage referral.deal_value_minor ");
  EXPECT_EQ(fields(R"({"referral": {}, "rule": {"trigger": {"stage": "won"}}})"), "rule.amount ");
  EXPECT_EQ(fields(R"({"referral": {}, "rule": 5})"), "rule ");
  EXPECT_EQ(fields(R"({"referral": {"colour": "red"}, "extra": 1})"), "referral.colour extra ");

  std::string other =
      Create("/api/v1/programs", {{"name", "Other"}, {"kind", "customer"}, {"landing_url", "https://o.example/"}});
  std::string stranger =
      Create("/api/v1/programs/" + other + "/advocates", {{"email", "eve@e.example"}, {"first_name", "Eve"}});
  HttpResponse elsewhere = Preview(R"({"referral": {"advocate_id": ")" + stranger + R"("}})");
  EXPECT_EQ(elsewhere.status, 404) << elsewhere.body;
}

}  // namespace
}  // namespace bb::testing
