// The ROI calculator over the real API (POST /api/v1/roi/estimate): the articles' figures, a
// program's own year preferred to them, every assumption listed with its source, and refusals.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <set>
#include <string>

#include "common/time_format.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class RoiTest : public ::testing::Test {
 protected:
  RoiTest() : client_(server_.Client()) {}

  json::value Post(const std::string& target, const json::object& body) {
    HttpResponse response = client_.Send("POST", target, Bearer(server_.admin_key), json::serialize(body));
    EXPECT_TRUE(response.status == 200 || response.status == 201) << target << "\n" << response.body;
    return response.Json();
  }
  std::string Create(const std::string& target, const json::object& body) {
    return std::string(Post(target, body).at("id").as_string());
  }
  HttpResponse Estimate(const json::object& body) {
    return client_.Send("POST", "/api/v1/roi/estimate", Bearer(server_.admin_key), json::serialize(body));
  }
  static std::string SourceOf(const json::value& answer, const std::string& name) {
    for (const auto& a : answer.at("assumptions").as_array()) {
      if (a.at("name") == json::value(name)) return std::string(a.at("source").as_string());
    }
    return "";
  }

  TestServer server_;
  HttpClient client_;
};

TEST_F(RoiTest, TheArticlesBankWithoutAProgram) {
  HttpResponse response = Estimate({{"currency", "USD"}, {"customers", 10000}, {"deal_value_minor", 500000}});
  ASSERT_EQ(response.status, 200) << response.body;
  json::value answer = response.Json();
  json::object figures = answer.as_object();
  for (const char* apart : {"assumptions", "method"}) figures.erase(apart);
  EXPECT_EQ(json::value(figures), json::parse(R"({
      "program_id": null, "currency": "USD", "months": 12,
      "engaged_milli": 4800000, "referrals_milli": 8160000, "won_milli": 6528000,
      "revenue_minor": 3264000000, "margin_minor": null, "reward_cost_minor": 326400000,
      "program_cost_minor": 0, "cost_minor": 326400000, "net_minor": 2937600000,
      "roi_bp": 90000, "roi_on_margin_bp": null, "cost_per_won_minor": 50000, "payback_days": 90,
      "marketing_leads_for_same_wins_milli": 652800000, "history": null})"))
      << "10,000 customers × 48% × 1.7 × 80% = 6,528 won at 5,000.00: 32.64M revenue, 10% of each deal as reward";
  EXPECT_EQ(SourceOf(answer, "customers"), "given");
  EXPECT_NE(SourceOf(answer, "engaged_bp").find("48%"), std::string::npos) << answer.at("assumptions");
  EXPECT_NE(SourceOf(answer, "marketing_lead_won_bp").find("TSYS"), std::string::npos);
  EXPECT_EQ(SourceOf(answer, "sales_cycle_days").rfind("assumed:", 0), 0u);
  EXPECT_EQ(answer.at("assumptions").as_array().size(), 11u) << "every assumption but the margin, not given";
}

TEST_F(RoiTest, TheResearchExampleWithAMarginAndAProgramCost) {
  HttpResponse response = Estimate({{"currency", "EUR"},
                                    {"preset", "benchmark"},
                                    {"customers", 1000},
                                    {"deal_value_minor", 2000000},
                                    {"gross_margin_bp", 7000},
                                    {"program_cost_per_month_minor", 500000}});
  ASSERT_EQ(response.status, 200) << response.body;
  json::value answer = response.Json();
  EXPECT_EQ(answer.at("won_milli"), 40716);
  EXPECT_EQ(answer.at("margin_minor"), 57002400);
  EXPECT_EQ(answer.at("cost_minor"), 14143200);
  EXPECT_EQ(answer.at("roi_on_margin_bp"), 30304) << "(570,024 − 141,432) / 141,432 = 3.0304";
  EXPECT_EQ(answer.at("roi_bp"), 47577);
  EXPECT_EQ(answer.at("payback_days"), 103);
}

TEST_F(RoiTest, AProgramsOwnYearFillsWhatItKnows) {
  server_.clock.Set(*ParseTimestamp("2025-06-01T09:00:00Z"));
  std::string program =
      Create("/api/v1/programs",
             {{"name", "Bank"}, {"kind", "customer"}, {"landing_url", "https://bank.example/"}, {"currency", "GBP"}});
  Create("/api/v1/programs/" + program + "/reward-rules",
         {{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 5000}}}});
  std::string early =
      Create("/api/v1/programs/" + program + "/advocates", {{"email", "early@a.example"}, {"first_name", "E"}});
  // Older than a year by the time of the estimate: not history.
  Create("/api/v1/referrals", {{"advocate_id", early}, {"referee", {{"email", "old@x.example"}, {"first_name", "O"}}}});

  server_.clock.Set(*ParseTimestamp("2026-11-01T09:00:00Z"));
  // 12 advocates, 3 referrals each: the first of each won at 1,000.00, the second lost.
  for (int a = 0; a < 12; ++a) {
    std::string advocate = Create("/api/v1/programs/" + program + "/advocates",
                                  {{"email", "adv" + std::to_string(a) + "@a.example"}, {"first_name", "A"}});
    for (int r = 0; r < 3; ++r) {
      std::string referral = Create(
          "/api/v1/referrals",
          {{"advocate_id", advocate},
           {"referee",
            {{"email", "ref" + std::to_string(a) + "-" + std::to_string(r) + "@x.example"}, {"first_name", "R"}}}});
      if (r == 0) Post("/api/v1/referrals/" + referral + "/stage", {{"stage", "won"}, {"deal_value_minor", 100000}});
      if (r == 1) Post("/api/v1/referrals/" + referral + "/stage", {{"stage", "lost"}});
    }
  }
  server_.clock.Set(*ParseTimestamp("2026-12-01T00:00:00Z"));
  HttpResponse response = Estimate({{"program_id", program}, {"customers", 2000}});
  ASSERT_EQ(response.status, 200) << response.body;
  json::value answer = response.Json();
  EXPECT_EQ(answer.at("currency"), "GBP") << "the program's";
  EXPECT_EQ(answer.at("history"), json::parse(R"({"period": "2025-12-01 to 2026-11-30", "referring_advocates": 12,
      "referrals": 36, "won": 12, "lost": 12, "reward_cost_minor": 60000, "priced_wins": 12,
      "average_deal_minor": 100000, "program_cost_per_month_minor": null})"));
  std::map<std::string, std::int64_t> used;
  for (const auto& a : answer.at("assumptions").as_array()) {
    used[std::string(a.at("name").as_string())] = a.at("value").as_int64();
  }
  EXPECT_EQ(used["referrals_per_engaged_milli"], 3000);
  EXPECT_EQ(used["won_bp"], 5000) << "12 won of the 24 won or lost (the 12 open ones are undecided)";
  EXPECT_EQ(used["deal_value_minor"], 100000);
  EXPECT_EQ(used["reward_per_won_minor"], 5000);
  EXPECT_EQ(used["engaged_bp"], 4800) << "the history cannot know how many customers could refer";
  EXPECT_NE(SourceOf(answer, "won_bp").find("2025-12-01 to 2026-11-30"), std::string::npos);
  // 2,000 × 48% × 3 a year × 50% = 1,440 won.
  EXPECT_EQ(answer.at("won_milli"), 1440000);
  EXPECT_EQ(answer.at("revenue_minor"), 144000000);

  HttpResponse given = Estimate({{"program_id", program}, {"customers", 2000}, {"won_bp", 5000}});
  EXPECT_EQ(SourceOf(given.Json(), "won_bp"), "given") << "what the caller gives wins over history";
}

TEST_F(RoiTest, BadInputIsNamedAndNothingIsGuessed) {
  HttpResponse missing = Estimate({{"currency", "USD"}, {"engaged_bp", 10001}});
  EXPECT_EQ(missing.status, 422);
  std::set<std::string> fields;
  json::value problem = missing.Json();
  for (const auto& f : problem.at("errors").as_array()) fields.insert(std::string(f.at("field").as_string()));
  EXPECT_EQ(fields, (std::set<std::string>{"customers", "engaged_bp", "deal_value_minor"})) << missing.body;

  EXPECT_EQ(Estimate({{"customers", 10}, {"deal_value_minor", 1}}).status, 422) << "no currency and no program";
  EXPECT_EQ(Estimate({{"currency", "XYZ"}, {"customers", 10}, {"deal_value_minor", 1}}).status, 422);
  EXPECT_EQ(Estimate({{"currency", "USD"}, {"customers", 10}, {"deal_value_minor", 1}, {"preset", "rosy"}}).status,
            422);
  EXPECT_EQ(Estimate({{"currency", "USD"}, {"customers", "ten"}}).status, 422);
  EXPECT_EQ(Estimate({{"currency", "USD"}, {"customers", 10}, {"colour", "blue"}}).status, 422);
  EXPECT_EQ(Estimate({{"program_id", "prg_00000000000000000000000000"}, {"customers", 10}}).status, 404);

  std::string program =
      Create("/api/v1/programs",
             {{"name", "Euros"}, {"kind", "customer"}, {"landing_url", "https://eur.example/"}, {"currency", "EUR"}});
  HttpResponse other =
      Estimate({{"program_id", program}, {"currency", "USD"}, {"customers", 10}, {"deal_value_minor", 1}});
  EXPECT_EQ(other.status, 422);
  EXPECT_NE(other.body.find("\"currency\""), std::string::npos) << other.body;

  HttpResponse huge = Estimate({{"currency", "USD"},
                                {"customers", 100000000},
                                {"engaged_bp", 10000},
                                {"referrals_per_engaged_milli", 100000},
                                {"won_bp", 10000},
                                {"deal_value_minor", 1000000000000}});
  EXPECT_EQ(huge.status, 422) << huge.body;
  EXPECT_NE(huge.body.find("revenue_minor"), std::string::npos) << huge.body;
}

}  // namespace
}  // namespace bb::testing
