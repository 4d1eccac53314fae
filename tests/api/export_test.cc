// The rewards export: the ledger's rows as CSV with the list's filters, quoted as RFC 4180 says.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <string>

#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

class ExportTest : public ::testing::Test {
 protected:
  ExportTest() : client_(server_.Client()) {}
  std::string Create(const std::string& target, const json::object& body) {
    HttpResponse response = client_.Send("POST", target, Bearer(server_.admin_key), json::serialize(body));
    EXPECT_EQ(response.status, 201) << target << "\n" << response.body;
    return std::string(response.Json().at("id").as_string());
  }
  HttpResponse Export(const std::string& query) {
    return client_.Send("GET", "/api/v1/exports/rewards.csv" + query, Bearer(server_.admin_key));
  }
  TestServer server_;
  HttpClient client_;
};

TEST_F(ExportTest, TheLedgerAsCsvWithTheListsFilters) {
  std::string program =
      Create("/api/v1/programs", {{"name", "Export"}, {"kind", "customer"}, {"landing_url", "https://e.example/"}});
  std::string rule = Create(
      "/api/v1/programs/" + program + "/reward-rules",
      {{"name", "Thanks, \"friend\""}, {"trigger", {{"stage", "submitted"}}}, {"amount", {{"fixed_minor", 500}}}});
  std::string advocate =
      Create("/api/v1/programs/" + program + "/advocates", {{"email", "ada@a.example"}, {"first_name", "Ada"}});
  std::string referral = Create(
      "/api/v1/referrals", {{"advocate_id", advocate}, {"referee", {{"email", "r@x.example"}, {"first_name", "R"}}}});

  HttpResponse all = Export("?program_id=" + program);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(all.Header("content-disposition"), "attachment; filename=\"rewards.csv\"");
  EXPECT_TRUE(all.Header("bluebird-export-truncated").empty());
  std::string header =
      "id,created_at,program_id,advocate_id,referral_id,rule_id,beneficiary,status,amount_minor,currency,kind,reason,"
      "payout_reference,reversal_reason,entry,correction,corrects,superseded_by,redemption_id\r\n";
  ASSERT_EQ(all.body.substr(0, header.size()), header);
  std::string row = all.body.substr(header.size());
  EXPECT_NE(row.find("," + program + "," + advocate + "," + referral + "," + rule + ",advocate,pending,500,USD,cash,"),
            std::string::npos)
      << row;
  EXPECT_NE(row.find("\"rule \"\"Thanks, \"\"friend\"\"\"\""), std::string::npos) << "quoted as RFC 4180 says: " << row;
  EXPECT_EQ(row.substr(row.size() - 2), "\r\n");
  EXPECT_EQ(row.substr(row.size() - 14), ",grant,0,,0,\r\n")
      << "a grant: no correction made it or superseded it, and it pays no redemption";
  EXPECT_EQ(std::count(all.body.begin(), all.body.end(), '\n'), 2) << "the header and one reward";

  HttpResponse approved = Export("?program_id=" + program + "&status=approved");
  EXPECT_EQ(approved.body, header) << "no approved reward yet";

  for (const char* bad : {"?limit=10", "?status=paid", "?colour=blue"}) {
    HttpResponse refused = Export(bad);
    EXPECT_EQ(refused.status, 422) << bad;
    EXPECT_EQ(refused.Header("content-type"), "application/problem+json") << bad;
  }
}

}  // namespace
}  // namespace bb::testing
