// Customer value of accounts through the API, on every backend: a company's advocates (by the
// registrable domain of their email, in any case; free email in no account) valued as one
// customer, with figures worked out by hand from the research's multiplier; the account as of an
// earlier date; one account with its advocates; quadrant filters, orders and pages; and reads
// refused precisely and to the wrong roles.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/time_format.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class CustomerValueAccountsTest : public ::testing::Test {
 protected:
  CustomerValueAccountsTest() : client_(server_.Client()) {
    program_ = Id(Post("/api/v1/programs",
                       {{"name", "Accounts"}, {"kind", "customer"}, {"landing_url", "https://accounts.example/"}}));
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::object& body = {},
                    const std::string& key = "") {
    server_.clock.Advance(1min);
    return client_.Send(method, target, Bearer(key.empty() ? server_.admin_key : key),
                        body.empty() ? "" : json::serialize(body));
  }
  HttpResponse Post(const std::string& target, const json::object& body = {}) {
    HttpResponse response = Send("POST", target, body);
    EXPECT_LT(response.status, 300) << target << "\n" << response.body;
    return response;
  }
  json::value Get(const std::string& target) {
    HttpResponse response = Send("GET", target);
    EXPECT_EQ(response.status, 200) << target << "\n" << response.body;
    return response.Json();
  }
  static std::string Id(const HttpResponse& response) {
    return response.status < 300 ? std::string(response.Json().at("id").as_string()) : "";
  }
  std::string Enrol(const std::string& email) {
    return Id(Post("/api/v1/programs/" + program_ + "/advocates", {{"email", email}, {"first_name", "A"}}));
  }
  // A referral of `advocate` won with `deal_value_minor`.
  void Win(const std::string& advocate, const std::string& referee, std::int64_t deal_value_minor) {
    const std::string id = Id(
        Post("/api/v1/referrals", {{"advocate_id", advocate}, {"referee", {{"email", referee}, {"first_name", "R"}}}}));
    Post("/api/v1/referrals/" + id + "/stage", {{"stage", "won"}, {"deal_value_minor", deal_value_minor}});
  }
  std::string Accounts(const std::string& query = "") {
    return "/api/v1/customer-value/accounts?program_id=" + program_ + query;
  }
  static const json::object& Line(const json::value& list, std::string_view domain) {
    for (const auto& row : list.at("data").as_array()) {
      if (row.at("domain").as_string() == domain) return row.as_object();
    }
    ADD_FAILURE() << "no account " << domain;
    return list.at("data").as_array().front().as_object();
  }

  TestServer server_;
  HttpClient client_;
  std::string program_;
};

TEST_F(CustomerValueAccountsTest, ACompanyIsValuedAsOneCustomerWithItsPeoplesReferrals) {
  // Three years at 80% retention and 10% discount: a yearly margin counts 2.2562 times (research
  // vector: 100,000 a year is worth 225,620).
  ASSERT_EQ(Send("PUT", "/api/v1/programs/" + program_ + "/value-settings",
                 {{"horizon_years", 3},
                  {"acquisition_cost_minor", 50'000},
                  {"incremental_share_bp", 5'000},
                  {"revenue_per_year_minor", 10'000}})
                .status,
            201);
  Post("/api/v1/programs/" + program_ + "/reward-rules", {{"name", "On a win"},
                                                          {"trigger", {{"stage", "won"}}},
                                                          {"amount", {{"fixed_minor", 1'000}}},
                                                          {"requires_approval", false}});
  const std::string ana = Enrol("ana@acme.example");
  const std::string bo = Enrol("bo@sales.acme.example");
  const std::string ed = Enrol("ed@ACME.example");
  const std::string cy = Enrol("cy@globex.example");
  const std::string di = Enrol("di@gmail.com");
  Enrol("fay@privaterelay.appleid.com");  // a free email relay below appleid.com: no company
  ASSERT_EQ(Send("PUT", "/api/v1/advocates/" + ana + "/customer-inputs", {{"revenue_per_year_minor", 100'000}}).status,
            200);
  Post("/api/v1/advocates/" + ana + "/value-entries", {{"category", "influence"},
                                                       {"amount_minor", 5'000},
                                                       {"note", "Reference call"},
                                                       {"occurred_at", FormatTimestamp(server_.clock.Now())}});
  server_.clock.Advance(48h);
  const Timestamp before_wins = server_.clock.Now();
  Win(bo, "p1@buyer-one.example", 100'000);  // CLV 225,620; value ½ × 225,620 + ½ × 50,000 = 137,810
  Win(cy, "p2@buyer-two.example", 50'000);   // CLV 112,810; value 81,405
  Win(di, "p3@buyer-three.example", 10'000);

  json::value list = Get(Accounts());
  EXPECT_EQ(list.at("unit"), "account");
  EXPECT_EQ(list.at("count"), 2);
  EXPECT_EQ(list.at("unassigned_advocates"), 2) << "di and fay, on free email";
  const json::object& acme = Line(list, "acme.example");
  EXPECT_EQ(acme.at("advocates"), 3) << "ana, bo (a subdomain) and ed (in capitals)";
  EXPECT_EQ(acme.at("clv_inputs"), "advocates");
  EXPECT_EQ(acme.at("own_inputs_advocates"), 1);
  EXPECT_EQ(acme.at("clv_minor"), 225'620) << "ana's own inputs; the program's figure is not added for bo and ed";
  EXPECT_EQ(acme.at("crv_minor"), 136'810) << "bo's customer less his 1,000 reward";
  EXPECT_EQ(acme.at("civ_minor"), 5'000);
  EXPECT_EQ(acme.at("ckv_minor"), 0);
  EXPECT_EQ(acme.at("cev_minor"), 367'430);
  EXPECT_EQ(acme.at("referred_customers"), 1);
  EXPECT_EQ(acme.at("rewards_minor"), 1'000);
  EXPECT_EQ(acme.at("rank"), 1);
  const json::object& globex = Line(list, "globex.example");
  EXPECT_EQ(globex.at("clv_inputs"), "program");
  EXPECT_EQ(globex.at("clv_minor"), 22'562) << "10,000 a year, valued once";
  EXPECT_EQ(globex.at("crv_minor"), 80'405);
  EXPECT_EQ(globex.at("cev_minor"), 102'967);
  EXPECT_EQ(globex.at("rank"), 2);
  // Medians of the two: CLV (225,620 + 22,562) / 2 = 124,091; CRV (136,810 + 80,405) / 2 rounded down.
  EXPECT_EQ(list.at("clv_split_minor"), 124'091);
  EXPECT_EQ(list.at("crv_split_minor"), 108'607);
  EXPECT_EQ(list.at("median_basis"), 2);
  EXPECT_EQ(acme.at("quadrant"), "champion");
  EXPECT_EQ(globex.at("quadrant"), "miser");
  EXPECT_EQ(list.at("quadrants").at("champion"), 1);
  EXPECT_EQ(list.at("quadrants").at("miser"), 1);
  EXPECT_NE(std::string(list.at("method").as_string()).find("valued once"), std::string::npos);

  // Each account's CRV is the sum of its advocates' lines in the advocates' valuation.
  json::value advocates = Get("/api/v1/customer-value?program_id=" + program_ + "&limit=200");
  std::int64_t acme_crv = 0;
  for (const auto& row : advocates.at("data").as_array()) {
    const std::string id(row.at("advocate_id").as_string());
    if (id == ana || id == bo || id == ed) acme_crv += row.at("crv_minor").as_int64();
  }
  EXPECT_EQ(acme_crv, 136'810);

  // As of before the wins: no referred customers yet.
  json::value earlier = Get(Accounts("&as_of=" + FormatTimestamp(before_wins)));
  EXPECT_EQ(Line(earlier, "acme.example").at("crv_minor"), 0);
  EXPECT_EQ(Line(earlier, "globex.example").at("cev_minor"), 22'562);

  // One account with its advocates, by CEV, ranked among all the program's advocates.
  json::value one = Get("/api/v1/customer-value/accounts/Acme.Example?program_id=" + program_);
  EXPECT_EQ(one.at("account"), json::value(acme));
  EXPECT_EQ(one.at("unit"), "account");
  const auto& people = one.at("advocates").as_array();
  ASSERT_EQ(people.size(), 3u);
  EXPECT_EQ(people[0].at("advocate_id").as_string(), ana);
  EXPECT_EQ(people[1].at("advocate_id").as_string(), bo);
  EXPECT_EQ(people[2].at("advocate_id").as_string(), ed);
  EXPECT_EQ(people[0].at("rank"), 1);
  EXPECT_EQ(people[0].at("email"), "ana@acme.example");
  EXPECT_EQ(Get("/api/v1/customer-value/accounts/sales.acme.example.?program_id=" + program_).at("account"),
            json::value(acme))
      << "a subdomain, with a trailing dot, is its company's account";
  EXPECT_EQ(Send("GET", "/api/v1/customer-value/accounts/gmail.com?program_id=" + program_).status, 404)
      << "free email is no account";
  EXPECT_EQ(Send("GET", "/api/v1/customer-value/accounts/appleid.com?program_id=" + program_).status, 404)
      << "ReviewFinding: a free email relay below appleid.com makes no account of it";
  EXPECT_EQ(Send("GET", "/api/v1/customer-value/accounts/initech.example?program_id=" + program_).status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/customer-value/accounts/ana@acme.example?program_id=" + program_).status, 404)
      << "an email address is not a domain (it used to find the address's account)";
  for (const char* not_a_host : {"%2A.acme.example", "a%20b.acme.example", "%09acme.example", "acme.example%0A"}) {
    EXPECT_EQ(
        Send("GET", std::string("/api/v1/customer-value/accounts/") + not_a_host + "?program_id=" + program_).status,
        404)
        << not_a_host << ": not a host name (the fourth review)";
  }
  EXPECT_EQ(Send("GET", "/api/v1/customer-value/accounts/acme.example?program_id=" + program_ +
                            "&as_of=" + FormatTimestamp(before_wins - 72h))
                .status,
            404)
      << "nobody of acme was enrolled then";

  // Filters, orders and pages.
  json::value misers = Get(Accounts("&quadrant=miser"));
  ASSERT_EQ(misers.at("count"), 1);
  EXPECT_EQ(misers.at("data").as_array()[0].at("domain"), "globex.example");
  json::value first = Get(Accounts("&order=-crv&limit=1"));
  ASSERT_EQ(first.at("data").as_array().size(), 1u);
  EXPECT_EQ(first.at("data").as_array()[0].at("domain"), "acme.example");
  ASSERT_TRUE(first.at("next_cursor").is_string());
  json::value second = Get(Accounts("&order=-crv&limit=1&cursor=" + std::string(first.at("next_cursor").as_string())));
  ASSERT_EQ(second.at("data").as_array().size(), 1u);
  EXPECT_EQ(second.at("data").as_array()[0].at("domain"), "globex.example");
  EXPECT_TRUE(second.at("next_cursor").is_null());
  EXPECT_EQ(Get(Accounts("&view=projected")).at("view"), "projected");
}

TEST_F(CustomerValueAccountsTest, ReadsAreRefusedPreciselyAndToTheWrongRoles) {
  Enrol("ana@acme.example");
  auto field = [&](const std::string& target) {
    HttpResponse response = Send("GET", target);
    EXPECT_EQ(response.status, 422) << target << "\n" << response.body;
    return response.status == 422 ? std::string(response.Json().at("errors").as_array()[0].at("field").as_string())
                                  : std::string();
  };
  EXPECT_EQ(field("/api/v1/customer-value/accounts"), "program_id");
  EXPECT_EQ(field(Accounts("&order=domain")), "order");
  EXPECT_EQ(field(Accounts("&quadrant=whale")), "quadrant");
  EXPECT_EQ(field(Accounts("&view=dreamed")), "view");
  EXPECT_EQ(field(Accounts("&as_of=2999-01-01T00:00:00Z")), "as_of");
  EXPECT_EQ(field(Accounts("&colour=blue")), "colour");
  EXPECT_EQ(field("/api/v1/customer-value/accounts/acme.example?program_id=" + program_ + "&order=-cev"), "order");
  EXPECT_EQ(Send("GET", "/api/v1/customer-value/accounts?program_id=prg_nope").status, 404);
  EXPECT_EQ(Send("GET", Accounts("&version=7")).status, 404);
  EXPECT_EQ(Send("GET", Accounts(), {}, server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/customer-value/accounts/acme.example?program_id=" + program_, {},
                 server_.KeyFor("sales_rep"))
                .status,
            403);
  EXPECT_EQ(Send("GET", Accounts(), {}, server_.KeyFor("viewer")).status, 200);
  EXPECT_EQ(client_.Send("GET", Accounts(), {}, "").status, 401);
}

}  // namespace
}  // namespace bb::testing
