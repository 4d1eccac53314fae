// The pipeline report over the real API (GET /api/v1/reports/pipeline): time to close, win rate
// by stage and the forecast of one program, with an injected clock; and its refusals.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "common/time_format.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

class PipelineReportTest : public ::testing::Test {
 protected:
  PipelineReportTest() : client_(server_.Client()) {}

  json::value Post(const std::string& target, const json::object& body) {
    HttpResponse response = client_.Send("POST", target, Bearer(server_.admin_key), json::serialize(body));
    EXPECT_TRUE(response.status == 200 || response.status == 201) << target << "\n" << response.body;
    return response.Json();
  }
  std::string Refer(const std::string& advocate, const std::string& email, const std::string& channel) {
    return std::string(
        Post("/api/v1/referrals",
             {{"advocate_id", advocate}, {"channel", channel}, {"referee", {{"email", email}, {"first_name", "R"}}}})
            .at("id")
            .as_string());
  }
  void Move(const std::string& referral, const std::string& stage, std::int64_t deal = 0) {
    json::object body{{"stage", stage}};
    if (deal > 0) body["deal_value_minor"] = deal;
    Post("/api/v1/referrals/" + referral + "/stage", body);
  }
  void At(const char* when) { server_.clock.Set(*ParseTimestamp(when)); }

  TestServer server_;
  HttpClient client_;
};

TEST_F(PipelineReportTest, TimeToCloseWinRatesAndTheForecast) {
  At("2026-01-05T09:00:00Z");
  std::string program(
      Post("/api/v1/programs",
           {{"name", "Bank"}, {"kind", "customer"}, {"landing_url", "https://bank.example/"}, {"currency", "EUR"}})
          .at("id")
          .as_string());
  std::string ada(Post("/api/v1/programs/" + program + "/advocates", {{"email", "ada@a.example"}, {"first_name", "A"}})
                      .at("id")
                      .as_string());
  std::string a = Refer(ada, "a@x.example", "email");
  At("2026-01-06T09:00:00Z");
  std::string b = Refer(ada, "b@x.example", "linkedin");
  Move(b, "qualified");
  std::string c = Refer(ada, "c@x.example", "email");
  Move(c, "lost");
  At("2026-01-08T09:00:00Z");
  Refer(ada, "d@x.example", "email");
  At("2026-01-09T09:00:00Z");
  std::string e = Refer(ada, "e@x.example", "email");
  Move(e, "qualified");
  At("2026-01-15T09:00:00Z");
  Move(a, "won", 100000);  // 10 days
  At("2026-02-05T09:00:00Z");
  Move(b, "won", 300000);  // 30 days

  At("2026-03-01T00:00:00Z");
  HttpResponse response =
      client_.Send("GET", "/api/v1/reports/pipeline?program_id=" + program, Bearer(server_.admin_key));
  ASSERT_EQ(response.status, 200) << response.body;
  json::value report = response.Json();
  EXPECT_EQ(report.at("currency"), "EUR");
  EXPECT_EQ(report.at("from"), "2025-03-01T00:00:00.000000Z") << "a year up to now by default";
  EXPECT_EQ(report.at("time_to_close"), json::parse(R"([
      {"channel": null, "won": 2, "median_seconds": 864000, "p90_seconds": 2592000},
      {"channel": "email", "won": 1, "median_seconds": 864000, "p90_seconds": 864000},
      {"channel": "linkedin", "won": 1, "median_seconds": 2592000, "p90_seconds": 2592000}])"));
  EXPECT_EQ(report.at("stages"), json::parse(R"([
      {"stage": "submitted", "reached": 5, "won": 2, "lost": 1, "rejected": 0, "open": 2, "win_rate_bp": 6667},
      {"stage": "qualified", "reached": 3, "won": 2, "lost": 0, "rejected": 0, "open": 1, "win_rate_bp": 10000},
      {"stage": "opportunity", "reached": 2, "won": 2, "lost": 0, "rejected": 0, "open": 0, "win_rate_bp": 10000}])"))
      << "a and b, moved straight to won, reached every stage on the way; c was lost before any";
  json::value forecast = report.at("forecast");
  EXPECT_EQ(forecast.at("average_deal_minor"), 200000);
  EXPECT_EQ(forecast.at("median_close_seconds"), 864000);
  // d (submitted: 2/3) and e (qualified: 1), both due by now: 1.667 wins of 200,000.
  EXPECT_EQ(forecast.at("months"), json::parse(R"([{"month": "2026-03", "open_referrals": 2,
      "expected_won_milli": 1667, "expected_revenue_minor": 333333}])"));
  EXPECT_EQ(forecast.at("expected_revenue_minor"), 333333);

  // A range: only January's submissions and wins.
  json::value january =
      client_
          .Send("GET", "/api/v1/reports/pipeline?program_id=" + program + "&from=2026-01-01&to=2026-02-01",
                Bearer(server_.admin_key))
          .Json();
  EXPECT_EQ(january.at("time_to_close").at(0).at("won"), 1) << "b was won in February";
  EXPECT_EQ(january.at("stages").at(0).at("reached"), 5);
}

TEST_F(PipelineReportTest, Refusals) {
  auto get = [&](const std::string& query) {
    return client_.Send("GET", "/api/v1/reports/pipeline" + query, Bearer(server_.admin_key)).status;
  };
  EXPECT_EQ(get(""), 422) << "program_id is required";
  EXPECT_EQ(get("?program_id=prg_00000000000000000000000000"), 404);
  EXPECT_EQ(get("?program_id=x&colour=blue"), 422);
  EXPECT_EQ(get("?program_id=x&from=2026-03-02&to=2026-03-01"), 422);
}

}  // namespace
}  // namespace bb::testing
