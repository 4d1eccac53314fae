// Referred and other customers over the real API (GET /api/v1/reports/customers): referrals won
// and churned through the API with an injected clock, the business's customer totals entered per
// month (PUT /api/v1/programs/{id}/months/{month}), the figures month by month and over the range;
// and the refusals, each naming its field.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "common/time_format.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

class CustomerReportTest : public ::testing::Test {
 protected:
  CustomerReportTest() : client_(server_.Client()) {}

  json::value Send(const char* method, const std::string& target, const json::object& body) {
    HttpResponse response = client_.Send(method, target, Bearer(server_.admin_key), json::serialize(body));
    EXPECT_TRUE(response.status == 200 || response.status == 201) << target << "\n" << response.body;
    return response.Json();
  }
  std::string Won(const std::string& email, std::int64_t deal) {
    std::string id(Send("POST", "/api/v1/referrals",
                        {{"advocate_id", advocate_}, {"referee", {{"email", email}, {"first_name", "R"}}}})
                       .at("id")
                       .as_string());
    json::object move{{"stage", "won"}};
    if (deal > 0) move["deal_value_minor"] = deal;
    Send("POST", "/api/v1/referrals/" + id + "/stage", move);
    return id;
  }
  void At(const char* when) { server_.clock.Set(*ParseTimestamp(when)); }
  HttpResponse Report(const std::string& query, const std::string& key) {
    return client_.Send("GET", "/api/v1/reports/customers" + query, Bearer(key));
  }

  void SetUp() override {
    At("2024-01-20T09:00:00Z");
    program_ = std::string(
        Send("POST", "/api/v1/programs",
             {{"name", "Bank"}, {"kind", "customer"}, {"landing_url", "https://bank.example/"}, {"currency", "EUR"}})
            .at("id")
            .as_string());
    advocate_ = std::string(
        Send("POST", "/api/v1/programs/" + program_ + "/advocates", {{"email", "ada@a.example"}, {"first_name", "A"}})
            .at("id")
            .as_string());
  }

  TestServer server_;
  HttpClient client_;
  std::string program_;
  std::string advocate_;
};

TEST_F(CustomerReportTest, ReferredAgainstOtherCustomersMonthByMonth) {
  std::string a = Won("a@x.example", 100'000);  // January
  Won("b@x.example", 0);                        // January, without a value
  At("2024-02-29T23:59:59.999999Z");
  Won("c@x.example", 300'000);  // the leap day's last microsecond
  At("2024-03-01T00:00:00Z");
  Send("POST", "/api/v1/referrals/" + a + "/churn", {{"note", "left"}});  // March's first instant
  Send("PUT", "/api/v1/programs/" + program_ + "/months/2024-02",
       {{"total_customers_at_start", 202},
        {"total_new_customers", 11},
        {"total_churned_customers", 4},
        {"total_revenue_minor", 1'300'000}});
  At("2024-04-10T00:00:00Z");

  HttpResponse response = Report("?program_id=" + program_ + "&from=2024-01&to=2024-03", server_.KeyFor("manager"));
  ASSERT_EQ(response.status, 200) << response.body;
  json::value report = response.Json();
  EXPECT_EQ(report.at("currency"), "EUR");
  EXPECT_EQ(report.at("complete"), true);
  EXPECT_EQ(report.at("months").at(0), json::parse(R"({"month": "2024-01",
      "referred": {"customers_at_start": 0, "new_customers": 2, "churned_customers": 0, "retention_bp": null,
                   "churn_bp": null, "new_revenue_minor": 100000, "revenue_per_new_customer_minor": 100000,
                   "unpriced_new_customers": 1},
      "other": {"customers_at_start": null, "new_customers": null, "churned_customers": null, "retention_bp": null,
                "churn_bp": null, "new_revenue_minor": null, "revenue_per_new_customer_minor": null},
      "notes": []})"))
      << "nothing entered for January: the other customers are unknown";
  EXPECT_EQ(report.at("months").at(1), json::parse(R"({"month": "2024-02",
      "referred": {"customers_at_start": 2, "new_customers": 1, "churned_customers": 0, "retention_bp": 10000,
                   "churn_bp": 0, "new_revenue_minor": 300000, "revenue_per_new_customer_minor": 300000,
                   "unpriced_new_customers": 0},
      "other": {"customers_at_start": 200, "new_customers": 10, "churned_customers": 4, "retention_bp": 9800,
                "churn_bp": 200, "new_revenue_minor": 1000000, "revenue_per_new_customer_minor": 100000},
      "notes": []})"));
  EXPECT_EQ(report.at("months").at(2).at("referred"), json::parse(R"({"customers_at_start": 3, "new_customers": 0,
      "churned_customers": 1, "retention_bp": 6667, "churn_bp": 3333, "new_revenue_minor": 0,
      "revenue_per_new_customer_minor": null, "unpriced_new_customers": 0})"))
      << "the churn recorded at March's first instant is March's";
  EXPECT_EQ(report.at("total").at("referred"), json::parse(R"({"customers_at_start": 0, "new_customers": 3,
      "churned_customers": 1, "retention_bp": null, "churn_bp": null, "new_revenue_minor": 400000,
      "revenue_per_new_customer_minor": 200000, "unpriced_new_customers": 1})"));
  EXPECT_EQ(report.at("total").at("other").at("customers_at_start"), nullptr) << "January's start is not entered";

  // The defaults: the twelve whole months before the current one.
  json::value defaults = Report("?program_id=" + program_, server_.KeyFor("viewer")).Json();
  EXPECT_EQ(defaults.at("from"), "2023-04");
  EXPECT_EQ(defaults.at("to"), "2024-03");
  EXPECT_EQ(defaults.at("complete"), true);
  EXPECT_EQ(defaults.at("months").as_array().size(), 12u);
  EXPECT_EQ(defaults.at("months").at(11), report.at("months").at(2));
}

TEST_F(CustomerReportTest, TotalsBelowTheReferredAreNotSubtracted) {
  Won("a@x.example", 100'000);
  Won("b@x.example", 100'000);
  Send("PUT", "/api/v1/programs/" + program_ + "/months/2024-01", {{"total_new_customers", 1}});
  json::value report = Report("?program_id=" + program_ + "&from=2024-01&to=2024-01", server_.admin_key).Json();
  EXPECT_EQ(report.at("months").at(0).at("other").at("new_customers"), nullptr)
      << "regression: the wins of the very instant the report is made are counted";
  EXPECT_EQ(report.at("months").at(0).at("notes"),
            json::parse(R"(["The business's number of new customers entered for 2024-01 (1) is less than the referred )"
                        R"(customers' (2): the other customers' figure is not shown."])"));
  EXPECT_EQ(report.at("complete"), false) << "January is the current month";
}

TEST_F(CustomerReportTest, RefusalsNameTheirField) {
  auto field = [&](const std::string& query) {
    HttpResponse response = Report(query, server_.admin_key);
    EXPECT_EQ(response.status, 422) << query << "\n" << response.body;
    return std::string(response.Json().at("errors").at(0).at("field").as_string());
  };
  EXPECT_EQ(field(""), "program_id");
  EXPECT_EQ(field("?program_id=" + program_ + "&to=2024-02"), "to") << "in the future";
  EXPECT_EQ(field("?program_id=" + program_ + "&to=2024-13"), "to");
  EXPECT_EQ(field("?program_id=" + program_ + "&from=2024-01-01"), "from");
  EXPECT_EQ(field("?program_id=" + program_ + "&from=2023-12&to=2023-11"), "from");
  EXPECT_EQ(field("?program_id=" + program_ + "&from=2020-12&to=2023-12"), "from") << "37 months";
  EXPECT_EQ(Report("?program_id=" + program_ + "&from=2021-01&to=2023-12", server_.admin_key).status, 200)
      << "36 months";
  EXPECT_EQ(Report("?program_id=prg_00000000000000000000000000", server_.admin_key).status, 404);
  EXPECT_EQ(Report("?program_id=" + program_ + "&colour=blue", server_.admin_key).status, 422);
  EXPECT_EQ(Report("?program_id=" + program_, server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(Report("?colour=blue", server_.KeyFor("sales_rep")).status, 403) << "who may read is told first";

  HttpResponse churned =
      client_.Send("PUT", "/api/v1/programs/" + program_ + "/months/2024-01", Bearer(server_.admin_key),
                   R"({"total_customers_at_start": 5, "total_new_customers": 1,
                                          "total_churned_customers": 7})");
  ASSERT_EQ(churned.status, 422) << churned.body;
  EXPECT_EQ(churned.Json().at("errors").at(0).at("field"), "total_churned_customers");
  HttpResponse fraction = client_.Send("PUT", "/api/v1/programs/" + program_ + "/months/2024-01",
                                       Bearer(server_.admin_key), R"({"total_new_customers": 1.5})");
  ASSERT_EQ(fraction.status, 422) << fraction.body;
  EXPECT_EQ(fraction.Json().at("errors").at(0).at("field"), "total_new_customers");
}

}  // namespace
}  // namespace bb::testing
