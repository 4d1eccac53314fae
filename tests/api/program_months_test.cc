// A program's figures per month over the real API: entered, replaced, listed, deleted and audited;
// the program cost counted in the dashboard's money and ROI, prorated to the range, on both bases
// and over every program; the currency locked once a month is entered; and the ROI calculator
// taking the past year's average cost.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

class ProgramMonthsTest : public ::testing::Test {
 protected:
  ProgramMonthsTest() : client_(server_.Client()) {
    server_.clock.Set(*ParseTimestamp("2026-03-01T09:00:00Z"));
    program_ = Create(
        "/api/v1/programs",
        {{"name", "Dollars"}, {"kind", "customer"}, {"landing_url", "https://usd.example/"}, {"currency", "USD"}});
  }

  HttpResponse Send(const std::string& method, const std::string& target, const std::string& body = "") {
    return client_.Send(method, target, Bearer(server_.admin_key), body);
  }
  std::string Create(const std::string& target, const json::object& body) {
    HttpResponse response = Send("POST", target, json::serialize(body));
    EXPECT_EQ(response.status, 201) << target << "\n" << response.body;
    return std::string(response.Json().at("id").as_string());
  }
  HttpResponse Put(const std::string& month, const json::object& body, const std::string& program = "") {
    return Send("PUT", "/api/v1/programs/" + (program.empty() ? program_ : program) + "/months/" + month,
                json::serialize(body));
  }
  json::value Money(const std::string& query) {
    HttpResponse response = Send("GET", "/api/v1/analytics" + query);
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json().at("money");
  }

  TestServer server_;
  HttpClient client_;
  std::string program_;
};

TEST_F(ProgramMonthsTest, EnteredReplacedListedDeletedAndAudited) {
  server_.clock.Advance(std::chrono::seconds(1));
  HttpResponse put = Put("2026-02", {{"cost_minor", 280000}, {"total_revenue_minor", 9000000}, {"note", "licence"}});
  ASSERT_EQ(put.status, 200) << put.body;
  json::value entered = put.Json();
  EXPECT_EQ(entered.at("currency"), "USD");
  EXPECT_EQ(entered.at("total_pipeline_minor"), json::value(nullptr));
  server_.clock.Advance(std::chrono::seconds(1));
  Put("2026-01", {{"cost_minor", 310000}});
  server_.clock.Advance(std::chrono::seconds(1));

  // PUT replaces: a figure left out is none.
  json::value replaced = Put("2026-02", {{"total_pipeline_minor", 5000000}}).Json();
  EXPECT_EQ(replaced.at("cost_minor"), json::value(nullptr));
  EXPECT_EQ(replaced.at("note"), "");

  json::value listed = Send("GET", "/api/v1/programs/" + program_ + "/months").Json();
  ASSERT_EQ(listed.at("data").as_array().size(), 2u);
  EXPECT_EQ(listed.at("data").at(0).at("month"), "2026-01") << "oldest first";
  EXPECT_EQ(listed.at("data").at(1), replaced);

  server_.clock.Advance(std::chrono::seconds(1));
  EXPECT_EQ(Send("DELETE", "/api/v1/programs/" + program_ + "/months/2026-01").status, 204);
  EXPECT_EQ(Send("DELETE", "/api/v1/programs/" + program_ + "/months/2026-01").status, 404) << "gone";
  EXPECT_EQ(Send("GET", "/api/v1/programs/" + program_ + "/months").Json().at("data").as_array().size(), 1u);

  json::value audit = Send("GET", "/api/v1/audit-events?object_id=" + program_).Json();
  std::vector<std::string> kinds;
  for (const auto& event : audit.at("data").as_array()) kinds.emplace_back(event.at("kind").as_string());
  EXPECT_EQ(kinds, (std::vector<std::string>{"program.month_deleted", "program.month_set", "program.month_set",
                                             "program.month_set", "program.created"}));
  json::value replaced_event = audit.at("data").at(1);
  EXPECT_EQ(replaced_event.at("changes"), json::parse(R"({
      "2026-02.cost_minor": {"from": 280000, "to": null},
      "2026-02.total_pipeline_minor": {"from": null, "to": 5000000},
      "2026-02.total_revenue_minor": {"from": 9000000, "to": null},
      "2026-02.note": {"from": "licence", "to": ""}})"))
      << replaced_event;
}

TEST_F(ProgramMonthsTest, BadMonthsAndFiguresAreNamed) {
  HttpResponse bad = Put("2026-13", {{"cost_minor", -5}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("\"month\""), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("\"cost_minor\""), std::string::npos) << bad.body;
  EXPECT_EQ(Put("2026-01", {}).status, 422) << "no figure at all";
  EXPECT_EQ(Put("2026-01", {{"cost_minor", "ten"}}).status, 422);
  EXPECT_EQ(Put("2026-01", {{"cost_minor", 1}, {"colour", "blue"}}).status, 422);
  EXPECT_EQ(Put("2026-01", {{"cost_minor", 1}}, "prg_00000000000000000000000000").status, 404);
  EXPECT_EQ(Send("DELETE", "/api/v1/programs/" + program_ + "/months/not-a-month").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/programs/prg_00000000000000000000000000/months").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/programs/" + program_ + "/months").Json().at("data").as_array().size(), 0u)
      << "nothing refused was kept";
}

TEST_F(ProgramMonthsTest, TheDashboardCountsTheProgramCostOfTheRange) {
  Create("/api/v1/programs/" + program_ + "/reward-rules",
         {{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 1000}}}});
  std::string ada =
      Create("/api/v1/programs/" + program_ + "/advocates", {{"email", "ada@a.example"}, {"first_name", "Ada"}});
  std::string referral =
      Create("/api/v1/referrals", {{"advocate_id", ada}, {"referee", {{"email", "r@x.example"}, {"first_name", "R"}}}});
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + referral + "/stage",
                 json::serialize(json::object{{"stage", "won"}, {"deal_value_minor", 500000}}))
                .status,
            200);
  ASSERT_EQ(Put("2026-03", {{"cost_minor", 31000}}).status, 200);  // 1,000 a day in March
  std::string eur =
      Create("/api/v1/programs",
             {{"name", "Euros"}, {"kind", "partner"}, {"landing_url", "https://eur.example/"}, {"currency", "EUR"}});
  ASSERT_EQ(Put("2026-03", {{"cost_minor", 62000}}, eur).status, 200);

  // One day of March: 1,000 of program cost beside the 1,000 reward: (500,000 − 2,000) / 2,000.
  std::string day = "&from=2026-03-01&to=2026-03-02";
  for (const char* basis : {"cohort", "activity"}) {
    EXPECT_EQ(Money("?program_id=" + program_ + day + "&basis=" + basis), json::parse(R"([{"currency": "USD",
        "revenue_minor": 500000, "reward_cost_minor": 1000, "committed_minor": 1000, "program_cost_minor": 1000,
        "roi_bp": 2490000}])"))
        << basis;
  }
  // Every program: a currency with a program cost and nothing else still shows, with no revenue.
  EXPECT_EQ(Money("?from=2026-03-01&to=2026-03-02"), json::parse(R"([
      {"currency": "EUR", "revenue_minor": 0, "reward_cost_minor": 0, "committed_minor": 0,
       "program_cost_minor": 2000, "roi_bp": -10000},
      {"currency": "USD", "revenue_minor": 500000, "reward_cost_minor": 1000, "committed_minor": 1000,
       "program_cost_minor": 1000, "roi_bp": 2490000}])"));
  // Twelve hours across the end of February (no cost) and the start of March: half a day's cost.
  json::value half = Money("?program_id=" + program_ + "&from=2026-02-28T12:00:00Z&to=2026-03-01T12:00:00Z");
  EXPECT_EQ(half.at(0).at("program_cost_minor"), 500);

  // Once a month is entered, the program's currency is money's and can no longer change.
  HttpResponse currency = Send("PATCH", "/api/v1/programs/" + eur, json::serialize(json::object{{"currency", "GBP"}}));
  EXPECT_EQ(currency.status, 409) << currency.body;
}

TEST_F(ProgramMonthsTest, TheRoiCalculatorAveragesThePastYearsCost) {
  Put("2025-12", {{"cost_minor", 100000}});
  Put("2026-01", {{"cost_minor", 200001}});
  Put("2026-02", {{"total_revenue_minor", 100}});  // no cost: not in the average
  Put("2026-03", {{"cost_minor", 999999}});        // this month: not yet a whole month of the past year
  HttpResponse estimate =
      Send("POST", "/api/v1/roi/estimate",
           json::serialize(json::object{{"program_id", program_}, {"customers", 100}, {"deal_value_minor", 1000}}));
  ASSERT_EQ(estimate.status, 200) << estimate.body;
  json::value answer = estimate.Json();
  EXPECT_EQ(answer.at("history").at("program_cost_per_month_minor"), 150001) << "(100,000 + 200,001) / 2, rounded";
  for (const auto& a : answer.at("assumptions").as_array()) {
    if (a.at("name") != json::value("program_cost_per_month_minor")) continue;
    EXPECT_EQ(a.at("value"), 150001);
    EXPECT_EQ(a.at("source"), "history: the average program cost of 2 months entered, 2025-12 to 2026-01");
  }
  EXPECT_EQ(answer.at("program_cost_minor"), 150001 * 12);
}

}  // namespace
}  // namespace bb::testing
