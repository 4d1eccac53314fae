// The dashboard's figures over the real API: clicks by channel, the referral cohort's funnel
// (qualified counted from the history, so a referral moved straight to won counts), money per
// currency, top advocates, new advocates per day, the range rules and who may read them; and one
// advocate's activity, for staff and for the advocate in the portal.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <string>

#include "common/time_format.h"
#include "test_server.h"

namespace bb::testing {
namespace {

// What a program's (or every program's) funnel says of its estimated figure (domain/visitor_sketch.h).
// A dashboard's funnel: its distinct visitors and the advocates who referred are sketches' estimates.
const std::string kDashboardEstimates = R"("estimates": {"unique_visitors": {"relative_standard_error_bp": 81}, )"
                                        R"("referring_advocates": {"relative_standard_error_bp": 81}})";

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr char kBrowser[] = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";

class AnalyticsTest : public ::testing::Test {
 protected:
  AnalyticsTest() : client_(server_.Client()) {}

  json::value Post(const std::string& target, const json::object& body) {
    HttpResponse response = client_.Send("POST", target, Bearer(server_.admin_key), json::serialize(body));
    EXPECT_TRUE(response.status == 200 || response.status == 201) << target << "\n" << response.body;
    return response.Json();
  }
  std::string Create(const std::string& target, const json::object& body) {
    return std::string(Post(target, body).at("id").as_string());
  }
  std::string Refer(const std::string& advocate, const std::string& email, const std::string& channel) {
    return Create(
        "/api/v1/referrals",
        {{"advocate_id", advocate}, {"channel", channel}, {"referee", {{"email", email}, {"first_name", "R"}}}});
  }
  void Move(const std::string& referral, const std::string& stage, std::int64_t deal = 0) {
    json::object body{{"stage", stage}};
    if (deal > 0) body["deal_value_minor"] = deal;
    Post("/api/v1/referrals/" + referral + "/stage", body);
  }
  json::value Analytics(const std::string& query, int status = 200, const std::string& key = "") {
    HttpResponse response =
        client_.Send("GET", "/api/v1/analytics" + query, Bearer(key.empty() ? server_.admin_key : key));
    EXPECT_EQ(response.status, status) << query << "\n" << response.body;
    return response.Json();
  }

  TestServer server_;
  HttpClient client_;
};

TEST_F(AnalyticsTest, FunnelChannelsMoneyAndTopAdvocatesOfTheCohort) {
  std::string usd =
      Create("/api/v1/programs",
             {{"name", "Dollars"}, {"kind", "customer"}, {"landing_url", "https://usd.example/"}, {"currency", "USD"}});
  std::string eur =
      Create("/api/v1/programs",
             {{"name", "Euros"}, {"kind", "partner"}, {"landing_url", "https://eur.example/"}, {"currency", "EUR"}});
  Create("/api/v1/programs/" + usd + "/reward-rules",
         {{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 1000}}}});
  json::value ada =
      Post("/api/v1/programs/" + usd + "/advocates",
           {{"email", "ada@a.example"}, {"first_name", "Ada"}, {"last_name", "Lovelace"}, {"company", "AE"}});
  std::string ada_id(ada.at("id").as_string());
  std::string ada_code(ada.at("code").as_string());
  std::string bob =
      Create("/api/v1/programs/" + usd + "/advocates", {{"email", "bob@b.example"}, {"first_name", "Bob"}});
  std::string eve =
      Create("/api/v1/programs/" + eur + "/advocates", {{"email", "eve@e.example"}, {"first_name", "Eve"}});

  // Clicks: two humans by email, one by LinkedIn, one bot (not counted).
  for (const char* tagged : {"?c=email", "?c=email", "?c=linkedin"}) {
    EXPECT_EQ(client_.Send("GET", "/r/" + ada_code + tagged, {{"User-Agent", kBrowser}}).status, 302);
  }
  client_.Send("GET", "/r/" + ada_code, {{"User-Agent", "Googlebot/2.1"}});

  std::string r1 = Refer(ada_id, "r1@x.example", "email");
  std::string r2 = Refer(ada_id, "r2@x.example", "email");
  Refer(bob, "r3@x.example", "linkedin");
  std::string r4 = Refer(eve, "r4@x.example", "email");
  Move(r1, "won", 500000);  // straight to won: qualified is reached on the way
  Move(r2, "qualified");
  Move(r2, "lost");  // reached qualified, then lost
  Move(r4, "won", 300000);

  server_.clock.Advance(1h);
  json::value all = Analytics("?from=2026-03-01&to=2026-03-02");
  EXPECT_EQ(all.at("program_id"), json::value(nullptr));
  EXPECT_EQ(all.at("from"), json::value("2026-03-01T00:00:00.000000Z"));
  EXPECT_EQ(all.at("funnel"),
            json::parse(R"({"clicks": 3, "unique_visitors": 3, "referrals": 4, "qualified": 3, "won": 2, )" +
                        kDashboardEstimates + R"(, "referring_advocates": 3})"))
      << "each click came without a visitor cookie (three visitors); qualified: r1 and r4 (moved straight to won) "
         "and r2 (lost since); Ada, Bob and Eve referred";
  EXPECT_EQ(all.at("basis"), "cohort") << "the default";
  EXPECT_EQ(all.at("money"), json::parse(R"([{"currency": "EUR", "revenue_minor": 300000, "reward_cost_minor": 0,
                                              "committed_minor": 0, "program_cost_minor": 0, "roi_bp": null},
                                             {"currency": "USD", "revenue_minor": 500000, "reward_cost_minor": 1000,
                                              "committed_minor": 1000, "program_cost_minor": 0, "roi_bp": 4990000}])"))
      << "ROI: (500,000 - 1,000) / 1,000 = 499 = 4,990,000 bp; none without a cost";
  EXPECT_EQ(all.at("channels"), json::parse(R"([{"channel": "email", "clicks": 2, "referrals": 3, "won": 2},
                                                {"channel": "linkedin", "clicks": 1, "referrals": 1, "won": 0}])"));
  json::array top = all.at("top_advocates").as_array();
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0], json::parse(R"({"advocate_id": ")" + ada_id + R"(", "name": "Ada Lovelace", "company": "AE",
                                    "referrals": 2, "won": 1, "currency": "USD", "revenue_minor": 500000})"));
  EXPECT_EQ(top[1].at("name"), json::value("Eve")) << "one win beats none; ties by referrals, then id";
  EXPECT_EQ(top[2].at("name"), json::value("Bob"));
  EXPECT_EQ(all.at("new_advocates"), json::parse(R"([{"date": "2026-03-01", "count": 3}])"));

  json::value dollars = Analytics("?program_id=" + usd + "&from=2026-02-28&to=2026-03-02");
  EXPECT_EQ(dollars.at("funnel").at("referrals"), json::value(3));
  EXPECT_EQ(dollars.at("funnel").at("won"), json::value(1));
  EXPECT_EQ(dollars.at("funnel").at("referring_advocates"), json::value(2)) << "Ada twice, Bob once";
  EXPECT_EQ(dollars.at("money").as_array().size(), 1u);
  EXPECT_EQ(dollars.at("new_advocates"),
            json::parse(R"([{"date": "2026-02-28", "count": 0}, {"date": "2026-03-01", "count": 2}])"))
      << "every day of the range";

  json::value before = Analytics("?from=2026-02-01&to=2026-03-01");
  EXPECT_EQ(before.at("funnel").at("referrals"), json::value(0)) << "the range's end is exclusive";
  EXPECT_EQ(before.at("top_advocates").as_array().size(), 0u);
}

// Regression (issue 12): the dashboard put the revenue of referrals *submitted* in the range beside
// the cost of rewards *created* in the range; a month of wins on older referrals showed $0 revenue
// against their whole reward cost. Each basis now keeps every figure on itself.
TEST_F(AnalyticsTest, EveryFigureIsOnTheAnswersOneBasis) {
  std::string program =
      Create("/api/v1/programs", {{"name", "Basis"}, {"kind", "customer"}, {"landing_url", "https://b.example/"}});
  Create("/api/v1/programs/" + program + "/reward-rules",
         {{"name", "Ten percent"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"percent_bp", 1000}}}});
  std::string ada =
      Create("/api/v1/programs/" + program + "/advocates", {{"email", "ada@a.example"}, {"first_name", "Ada"}});
  auto at = [&](const char* when) { server_.clock.Set(*ParseTimestamp(when)); };
  // February: A is submitted. March: A is won (an older referral), B is submitted and won, C is
  // submitted and stays open, D (a self-referral: held) is won, E is won and then its reward reversed.
  at("2026-02-10T09:00:00Z");
  std::string a = Refer(ada, "a@x.example", "email");
  at("2026-03-03T09:00:00Z");
  Move(a, "won", 200000);
  std::string b = Refer(ada, "b@x.example", "linkedin");
  Move(b, "won", 100000);
  Refer(ada, "c@x.example", "email");
  std::string d = Refer(ada, "ada@a.example", "email");
  Move(d, "won", 900000);
  std::string e = Refer(ada, "e@x.example", "email");
  Move(e, "won", 50000);
  json::value rewards = client_.Send("GET", "/api/v1/rewards?referral_id=" + e, Bearer(server_.admin_key)).Json();
  Post("/api/v1/rewards/" + std::string(rewards.at("data").at(0).at("id").as_string()) + "/reverse",
       {{"reason", "deal cancelled"}});
  std::string march = "?program_id=" + program + "&from=2026-03-01&to=2026-04-01";

  json::value cohort = Analytics(march + "&basis=cohort");
  EXPECT_EQ(cohort.at("basis"), "cohort");
  EXPECT_NE(std::string(cohort.at("basis_description").as_string()).find("submitted in the range"), std::string::npos);
  EXPECT_EQ(cohort.at("funnel").at("referrals"), 4) << "B, C, D, E: A was submitted in February";
  EXPECT_EQ(cohort.at("funnel").at("won"), 2) << "B and E; D is held: not a win";
  EXPECT_EQ(cohort.at("money"), json::parse(R"([{"currency": "USD", "revenue_minor": 150000, "reward_cost_minor": 10000,
                             "committed_minor": 10000, "program_cost_minor": 0, "roi_bp": 140000}])"))
      << "B's and E's deals; only B's reward (E's was reversed; A's belongs to February's cohort)";

  json::value activity = Analytics(march + "&basis=activity");
  EXPECT_EQ(activity.at("basis"), "activity");
  EXPECT_EQ(activity.at("funnel"),
            json::parse(R"({"clicks": 0, "unique_visitors": 0, "referrals": 4, "qualified": 4, "won": 3, )" +
                        kDashboardEstimates + R"(, "referring_advocates": 1})"))
      << "won in March: A, B, E (D is held: not a win); first qualified in March: A, B, D, E";
  EXPECT_EQ(activity.at("money"),
            json::parse(R"([{"currency": "USD", "revenue_minor": 350000, "reward_cost_minor": 30000,
                             "committed_minor": 30000, "program_cost_minor": 0, "roi_bp": 106667}])"))
      << "A's, B's and E's deals; A's and B's rewards created in March";
  json::array channels = activity.at("channels").as_array();
  ASSERT_EQ(channels.size(), 2u);
  EXPECT_EQ(channels[0], json::parse(R"({"channel": "email", "clicks": 0, "referrals": 3, "won": 2})"));

  json::value february = Analytics("?program_id=" + program + "&from=2026-02-01&to=2026-03-01");
  EXPECT_EQ(february.at("funnel").at("won"), 1) << "A, submitted in February, was won since";
  EXPECT_EQ(february.at("money").at(0).at("revenue_minor"), 200000);
  EXPECT_EQ(february.at("money").at(0).at("reward_cost_minor"), 20000) << "A's reward, though created in March";
  EXPECT_EQ(Analytics("?basis=weekly", 422).at("errors").at(0).at("field"), "basis");
}

// Regression: on the activity basis a deal value correction moved the whole reward cost out of the
// win's month (the superseded grant reversed there, the reissue counted in the correction's month),
// so the win's month showed revenue with no cost and the correction's month cost with no revenue.
TEST_F(AnalyticsTest, ACorrectionKeepsRevenueAndCostTogetherOnTheActivityBasis) {
  std::string program =
      Create("/api/v1/programs", {{"name", "Fixes"}, {"kind", "customer"}, {"landing_url", "https://f.example/"}});
  Create("/api/v1/programs/" + program + "/reward-rules",
         {{"name", "Ten percent"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"percent_bp", 1000}}}});
  std::string ada =
      Create("/api/v1/programs/" + program + "/advocates", {{"email", "ada@a.example"}, {"first_name", "Ada"}});
  server_.clock.Set(*ParseTimestamp("2026-03-10T09:00:00Z"));
  std::string unpaid = Refer(ada, "u@x.example", "email");
  Move(unpaid, "won", 1'000'000);
  std::string paid = Refer(ada, "p@x.example", "email");
  Move(paid, "won", 1'000'000);
  json::value rewards = client_.Send("GET", "/api/v1/rewards?referral_id=" + paid, Bearer(server_.admin_key)).Json();
  std::string reward(rewards.at("data").at(0).at("id").as_string());
  Post("/api/v1/rewards/" + reward + "/approve", {});
  Post("/api/v1/rewards/" + reward + "/fulfill", {{"reference", "PAY-1"}});

  server_.clock.Set(*ParseTimestamp("2026-04-10T09:00:00Z"));
  for (const std::string& referral : {unpaid, paid}) {
    Post("/api/v1/referrals/" + referral + "/deal-value", {{"deal_value_minor", 1'050'000}, {"reason", "amended"}});
  }
  std::string range = "?program_id=" + program + "&basis=activity";
  json::value march = Analytics(range + "&from=2026-03-01&to=2026-04-01");
  EXPECT_EQ(march.at("money"), json::parse(R"([{"currency": "USD", "revenue_minor": 2100000,
                                               "reward_cost_minor": 210000, "committed_minor": 110000, "program_cost_minor": 0,
                                               "roi_bp": 90000}])"))
      << "both deals at their corrected value, both rewards as corrected: the reissue and the paid grant "
         "with its adjustment";
  json::value april = Analytics(range + "&from=2026-04-01&to=2026-05-01");
  EXPECT_TRUE(april.at("money").as_array().empty()) << april;
}

TEST_F(AnalyticsTest, RangesDefaultsAndRefusals) {
  json::value recent = Analytics("");
  EXPECT_EQ(recent.at("to"), json::value("2026-03-01T12:00:00.000000Z")) << "now";
  EXPECT_EQ(recent.at("from"), json::value("2026-01-30T12:00:00.000000Z")) << "30 days before";
  EXPECT_EQ(recent.at("new_advocates").as_array().size(), 31u);

  EXPECT_EQ(Analytics("?from=2026-03-02&to=2026-03-01", 422).at("errors").as_array()[0].at("field"), json::value("to"));
  EXPECT_EQ(Analytics("?from=2026-03-01&to=2026-03-01", 422).at("errors").as_array()[0].at("field"), json::value("to"));
  EXPECT_EQ(Analytics("?from=2020-01-01&to=2026-03-01", 422).at("errors").as_array()[0].at("field"), json::value("to"));
  EXPECT_EQ(Analytics("?from=yesterday", 422).at("errors").as_array()[0].at("field"), json::value("from"));
  EXPECT_EQ(Analytics("?colour=blue", 422).at("errors").as_array()[0].at("field"), json::value("colour"));
  Analytics("?program_id=prg_00000000000000000000000000", 404);
}

// Regression (review of issue 16): a range outside the months that can carry a program cost
// (before 2000, or past 9999 through an offset) read a month that did not parse, and crashed.
TEST_F(AnalyticsTest, RangesOutsideTheStoredMonthsAnswer) {
  EXPECT_EQ(Analytics("?from=1999-12-01&to=1999-12-31").at("funnel").at("referrals"), json::value(0));
  EXPECT_EQ(Analytics("?from=1999-06-01&to=2000-02-01").at("money").as_array().size(), 0u);
  EXPECT_EQ(Analytics("?from=9999-12-01T00:00:00Z&to=9999-12-31T23:00:00-05:00").at("funnel").at("clicks"),
            json::value(0));
}

TEST_F(AnalyticsTest, AnAdvocatesActivityIsTheirOwnClicksAndReferralsForStaffAndInThePortal) {
  std::string program =
      Create("/api/v1/programs", {{"name", "Mine"}, {"kind", "customer"}, {"landing_url", "https://mine.example/"}});
  json::value ada =
      Post("/api/v1/programs/" + program + "/advocates", {{"email", "ada@a.example"}, {"first_name", "Ada"}});
  std::string ada_id(ada.at("id").as_string());
  json::value bob =
      Post("/api/v1/programs/" + program + "/advocates", {{"email", "bob@b.example"}, {"first_name", "Bob"}});
  for (const char* tagged : {"?c=email", "?c=email", "?c=qr"}) {
    EXPECT_EQ(client_.Send("GET", "/r/" + std::string(ada.at("code").as_string()) + tagged, {{"User-Agent", kBrowser}})
                  .status,
              302);
  }
  server_.clock.Advance(10min);
  client_.Send("GET", "/r/" + std::string(ada.at("code").as_string()), {{"User-Agent", "Googlebot/2.1"}});
  client_.Send("GET", "/r/" + std::string(bob.at("code").as_string()), {{"User-Agent", kBrowser}});
  Move(Refer(ada_id, "r1@x.example", "email"), "won", 100000);
  Refer(ada_id, "r2@x.example", "email");
  Refer(std::string(bob.at("id").as_string()), "r3@x.example", "email");

  std::string target = "/api/v1/advocates/" + ada_id + "/activity";
  HttpResponse staff = client_.Send("GET", target + "?from=2026-03-01&to=2026-03-02", Bearer(server_.admin_key));
  ASSERT_EQ(staff.status, 200) << staff.body;
  json::value expected = json::parse(R"({"advocate_id": ")" + ada_id + R"(",
      "from": "2026-03-01T00:00:00.000000Z", "to": "2026-03-02T00:00:00.000000Z",
      "funnel": {"clicks": 3, "unique_visitors": 3, "referrals": 2, "qualified": 1, "won": 1, "estimates": {}},
      "last_click_at": "2026-03-01T12:00:00.000000Z",
      "channels": [{"channel": "email", "clicks": 2, "referrals": 2, "won": 1},
                   {"channel": "qr", "clicks": 1, "referrals": 0, "won": 0}]})");
  EXPECT_EQ(staff.Json(), expected) << "Bob's click and referral and the bot's click are not Ada's";

  HttpResponse later = client_.Send("GET", target + "?from=2026-03-02&to=2026-03-03", Bearer(server_.admin_key));
  EXPECT_EQ(
      later.Json().at("funnel"),
      json::parse(R"({"clicks": 0, "unique_visitors": 0, "referrals": 0, "qualified": 0, "won": 0, "estimates": {}})"));
  EXPECT_EQ(later.Json().at("last_click_at"), json::value(nullptr));
  EXPECT_EQ(client_.Send("GET", target + "?colour=blue", Bearer(server_.admin_key)).status, 422);
  EXPECT_EQ(client_.Send("GET", target + "?from=2026-03-02&to=2026-03-01", Bearer(server_.admin_key)).status, 422);
  EXPECT_EQ(client_.Send("GET", "/api/v1/advocates/adv_00000000000000000000000000/activity", Bearer(server_.admin_key))
                .status,
            404);

  HttpResponse link = client_.Send("POST", "/api/v1/advocates/" + ada_id + "/sign-in-links", Bearer(server_.admin_key));
  HttpResponse signed_in = client_.Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
                                        json::serialize(json::object{{"token", link.Json().at("token")}}));
  auto cookie = SetCookie(signed_in, "bb_portal");
  ASSERT_TRUE(cookie);
  HttpResponse own = client_.Send("GET", "/api/v1/portal/activity?from=2026-03-01&to=2026-03-02",
                                  {{"Cookie", "bb_portal=" + CookieValue(*cookie)}});
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.Json(), expected) << "the advocate sees the same figures of their own";
}

}  // namespace
}  // namespace bb::testing
