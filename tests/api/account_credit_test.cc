// Account-level credit (issue 18, part 4): when the program's credit policy says so, a win moves
// the program's open, clear referrals of the same account (the same business email domain within
// the window) to won -- counted as won in the figures, with no deal value and no reward of their
// own -- and their own deal can still be won later, paying as any win; concurrent wins across one
// account, on one server or two sharing the database, count each referral's own win once and pay
// each deal once; a referral won only through its account can be moved on by staff; `ledger verify`
// replays it all.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "credit_test_fixture.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class AccountCreditTest : public CreditTest {
 protected:
  json::value Referral(const std::string& id) {
    HttpResponse got = Send("GET", "/api/v1/referrals/" + id);
    EXPECT_EQ(got.status, 200) << got.body;
    return got.Json();
  }

  // The kinds of the referral's history entries that reached won, oldest first.
  std::vector<std::string> WinEntries(const std::string& id) {
    std::vector<std::string> kinds;
    const json::value referral = Referral(id);
    for (const auto& entry : referral.at("history").as_array()) {
      for (const auto& stage : entry.at("reached").as_array()) {
        if (stage == json::value("won")) kinds.emplace_back(entry.at("kind").as_string());
      }
    }
    return kinds;
  }

  json::value Funnel() {
    HttpResponse got = Send("GET", "/api/v1/analytics?program_id=" + program_);
    EXPECT_EQ(got.status, 200) << got.body;
    return got.Json();
  }
};

TEST_F(AccountCreditTest, ThePolicyTakesAccountCreditOnlyWithAnAccountWindow) {
  const std::string path = "/api/v1/programs/" + program_ + "/credit-policy";
  HttpResponse no_window = Send("PUT", path, {{"split", "none"}, {"account_credit", true}});
  ASSERT_EQ(no_window.status, 422) << no_window.body;
  EXPECT_NE(no_window.body.find("\"account_credit\""), std::string::npos) << no_window.body;
  HttpResponse not_a_flag = Send("PUT", path, {{"split", "none"}, {"account_window_days", 30}, {"account_credit", 1}});
  ASSERT_EQ(not_a_flag.status, 422) << not_a_flag.body;
  EXPECT_NE(not_a_flag.body.find("\"account_credit\""), std::string::npos) << not_a_flag.body;

  HttpResponse set = Send("PUT", path, {{"split", "none"}, {"account_window_days", 30}, {"account_credit", true}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.Json().at("account_credit"), json::value(true));
  EXPECT_EQ(Send("GET", path).Json().at("account_credit"), json::value(true));
  HttpResponse left_out = Send("PUT", path, {{"split", "none"}, {"account_window_days", 30}});
  EXPECT_EQ(left_out.Json().at("account_credit"), json::value(false)) << "a field left out takes its default";
}

TEST_F(AccountCreditTest, AWinCountsTheAccountsOpenReferralsAsWonWithoutADealOrARewardOfTheirOwn) {
  Rule({{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 1000}}}});
  Rule({{"name", "Second win"}, {"trigger", {{"nth_won", 2}}}, {"amount", {{"fixed_minor", 7000}}}});
  Policy({{"split", "none"}, {"account_window_days", 30}, {"account_credit", true}});
  const std::string old = Refer(2, "olga@acme.example");
  server_.clock.Advance(std::chrono::days(31));
  const std::string ana = Refer(0, "alice@acme.example", "D1");
  const std::string ben = Refer(1, "bob@acme.example", "D2");
  const std::string ben_again = Refer(1, "bea@acme.example", "D3");
  const std::string free_mail = Refer(2, "carl@gmail.com");
  const std::string other_company = Refer(2, "cora@globex.example");
  const std::string lost = Refer(2, "lou@acme.example");
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + lost + "/stage", {{"stage", "lost"}}).status, 200);
  EXPECT_EQ(Funnel().at("funnel").at("won"), json::value(0));

  HttpResponse won = Win(ana, 50'000);
  ASSERT_EQ(won.status, 200) << won.body;
  EXPECT_EQ(won.Json().at("account_won"), (json::array{json::value(ben), json::value(ben_again)}))
      << "the account's open referrals within the window, oldest first";

  const json::value credited = Referral(ben);
  EXPECT_EQ(credited.at("stage"), json::value("won"));
  EXPECT_TRUE(credited.at("deal_value_minor").is_null()) << "the deal and its value are Ana's referral's";
  const json::value entry = credited.at("history").as_array().back();
  EXPECT_EQ(entry.at("kind"), json::value("account_won"));
  EXPECT_EQ(entry.at("actor"), json::value("system"));
  EXPECT_NE(std::string(entry.at("note").as_string()).find(ana), std::string::npos) << entry;
  for (const std::string& untouched : {old, free_mail, other_company}) {
    EXPECT_EQ(Referral(untouched).at("stage"), json::value("qualified")) << untouched;
  }
  EXPECT_EQ(Referral(lost).at("stage"), json::value("lost"));

  EXPECT_EQ(LivePerAdvocate(ana), (std::map<std::string, std::int64_t>{{Ana(), 1000}}));
  EXPECT_TRUE(LivePerAdvocate(ben).empty()) << "a win through the account pays nothing of its own";
  EXPECT_TRUE(LivePerAdvocate(ben_again).empty()) << "nor does it count for Ben's second-win rule";
  const json::value figures = Funnel();
  EXPECT_EQ(figures.at("funnel").at("won"), json::value(3)) << "counted as won in the figures";
  EXPECT_EQ(figures.at("money").at(0).at("revenue_minor"), json::value(50'000)) << "with no revenue of their own";

  HttpResponse correct =
      Send("POST", "/api/v1/referrals/" + ben + "/deal-value", {{"deal_value_minor", 9000}, {"reason", "typo"}});
  EXPECT_EQ(correct.status, 409) << correct.body;
  EXPECT_NE(correct.body.find("deal_value_minor"), std::string::npos) << correct.body;
  ExpectLedgerVerifies();

  // Ben's own deal is won later: his first win of his own, paid as any win (his second-win rule
  // waits for another one).
  HttpResponse own = Win(ben, 20'000);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.Json().at("changed"), json::value(true));
  EXPECT_EQ(own.Json().at("referral").at("deal_value_minor"), json::value(20'000));
  EXPECT_EQ(LivePerAdvocate(ben), (std::map<std::string, std::int64_t>{{Ben(), 1000}}));
  EXPECT_EQ(WinEntries(ben), (std::vector<std::string>{"account_won", "stage_moved"}));
  HttpResponse again = Win(ben, 20'000);
  EXPECT_EQ(again.Json().at("changed"), json::value(false)) << "won by its own deal already";
  HttpResponse second_own = Win(ben_again, 5'000);
  ASSERT_EQ(second_own.status, 200) << second_own.body;
  EXPECT_EQ(LivePerAdvocate(ben_again), (std::map<std::string, std::int64_t>{{Ben(), 8000}}))
      << "Ben's second own win: the won rule and the second-win rule";
  EXPECT_EQ(Funnel().at("funnel").at("won"), json::value(3)) << "each referral is one win, however it was won";
  ExpectLedgerVerifies();
}

TEST_F(AccountCreditTest, WithASplitTheAccountsAdvocatesShareTheWinAndTheirReferralsCountAsWon) {
  Rule({{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 1000}}}});
  Policy({{"split", "equal"}, {"account_window_days", 30}, {"account_credit", true}});
  const std::string ana = Refer(0, "alice@acme.example", "D1");
  const std::string ben = Refer(1, "bob@acme.example", "D2");
  ASSERT_EQ(Win(ana, 1).status, 200);
  EXPECT_EQ(LivePerAdvocate(ana), (std::map<std::string, std::int64_t>{{Ana(), 500}, {Ben(), 500}}));
  EXPECT_EQ(Referral(ben).at("stage"), json::value("won"));
  ASSERT_EQ(Win(ben, 1).status, 200);
  EXPECT_TRUE(Credit(ben).at("joined").is_null()) << "D2 is a deal of its own";
  EXPECT_EQ(LivePerAdvocate(ben), (std::map<std::string, std::int64_t>{{Ben(), 1000}}));
  ExpectLedgerVerifies();
}

// Without account-level credit nothing moves: the account's advocates share through the split,
// and the referrals stay open (as before the flag existed).
TEST_F(AccountCreditTest, WithoutAccountCreditTheAccountsReferralsStayOpen) {
  Policy({{"split", "equal"}, {"account_window_days", 30}});
  const std::string ana = Refer(0, "alice@acme.example", "D1");
  const std::string ben = Refer(1, "bob@acme.example", "D2");
  HttpResponse won = Win(ana, 1);
  ASSERT_EQ(won.status, 200) << won.body;
  EXPECT_TRUE(won.Json().at("account_won").as_array().empty());
  EXPECT_EQ(Referral(ben).at("stage"), json::value("qualified"));
}

// Review finding 1: a referral held, cleared while open, then won only through its account was
// ranked as a win by a later correction, which paid a tier reward no history earns.
TEST_F(AccountCreditTest, ReviewFindingACorrectionCountsNoTierWinForAReferralWonOnlyThroughItsAccount) {
  Rule({{"name", "Second win"}, {"trigger", {{"nth_won", 2}}}, {"amount", {{"percent_bp", 1000}}}});
  Policy({{"split", "none"}, {"account_window_days", 30}, {"account_credit", true}});
  Refer(2, "dup@acme.example");
  const std::string held = Refer(0, "dup@acme.example");
  ASSERT_EQ(Referral(held).at("review_status"), json::value("duplicate"));
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + held + "/clear", {{"note", "a colleague, not a duplicate"}}).status,
            200);
  const std::string winner = Refer(1, "w@acme.example");
  ASSERT_EQ(Win(winner, 100).status, 200);
  ASSERT_EQ(Referral(held).at("stage"), json::value("won"));
  const std::string own = Refer(0, "p@other.example");
  ASSERT_EQ(Win(own, 10'000).status, 200);
  EXPECT_TRUE(LivePerAdvocate(own).empty()) << "Ana's first win of her own";
  server_.clock.Advance(1min);
  ASSERT_EQ(
      Send("POST", "/api/v1/referrals/" + own + "/deal-value", {{"deal_value_minor", 20'000}, {"reason", "x"}}).status,
      200);
  EXPECT_TRUE(LivePerAdvocate(own).empty()) << "still her first win of her own";
  ExpectLedgerVerifies();
}

// Review finding 3: a referral of the won CRM deal itself, won through the account, could be "won
// by its own deal" again: the deal paid twice and its revenue counted twice.
TEST_F(AccountCreditTest, ReviewFindingAReferralOfTheWonCrmDealHasNoOtherDealToWin) {
  Rule({{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 1000}}}});
  Policy({{"split", "none"}, {"account_window_days", 30}, {"account_credit", true}});
  const std::string ana = Refer(0, "alice@acme.example", "D1");
  const std::string ben = Refer(1, "bob@acme.example", "D1");
  ASSERT_EQ(Win(ana, 50'000).status, 200);
  HttpResponse again = Win(ben, 50'000);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json().at("changed"), json::value(false)) << "its deal, D1, was won by Ana's referral";
  EXPECT_TRUE(LivePerAdvocate(ben).empty());
  EXPECT_EQ(Funnel().at("money").at(0).at("revenue_minor"), json::value(50'000));
  ExpectLedgerVerifies();
}

// Review findings 4, 5 and 6: a referral won through its account and then by its own deal is one
// win in the pipeline report; its own win earns the stages the account win skipped; after churn it
// earns nothing.
TEST_F(AccountCreditTest, ReviewFindingTheOwnWinIsOneWinEarnsTheSkippedStagesAndNothingAfterChurn) {
  Rule({{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 1000}}}});
  Rule({{"name", "Qualified"}, {"trigger", {{"stage", "qualified"}}}, {"amount", {{"fixed_minor", 200}}}});
  Policy({{"split", "none"}, {"account_window_days", 30}, {"account_credit", true}});
  const std::string winner = Refer(0, "w@acme.example");
  const std::string fresh = Create(
      "/api/v1/referrals", {{"advocate_id", Ben()}, {"referee", {{"email", "b@acme.example"}, {"first_name", "B"}}}});
  const std::string churned = Create(
      "/api/v1/referrals", {{"advocate_id", Cai()}, {"referee", {{"email", "c@acme.example"}, {"first_name", "C"}}}});
  ASSERT_EQ(Win(winner, 10'000).status, 200);
  EXPECT_TRUE(LivePerAdvocate(fresh).empty());
  ASSERT_EQ(Win(fresh, 30'000).status, 200);
  EXPECT_EQ(LivePerAdvocate(fresh), (std::map<std::string, std::int64_t>{{Ben(), 1200}}))
      << "the qualified stage the account win skipped earns now, with the win";
  server_.clock.Advance(1min);  // the report's range ends before now
  HttpResponse pipeline = Send("GET", "/api/v1/reports/pipeline?program_id=" + program_);
  ASSERT_EQ(pipeline.status, 200) << pipeline.body;
  EXPECT_EQ(pipeline.Json().at("time_to_close").at(0).at("won"), json::value(3))
      << "three referrals won, once each: Ben's own win is not a second one";

  server_.clock.Advance(1min);
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + churned + "/churn", {{"note", "left"}}).status, 200);
  HttpResponse after_churn = Win(churned, 5'000);
  ASSERT_EQ(after_churn.status, 200) << after_churn.body;
  EXPECT_EQ(after_churn.Json().at("changed"), json::value(false)) << "the customer left: nothing new is earned";
  EXPECT_TRUE(LivePerAdvocate(churned).empty());
  ExpectLedgerVerifies();
}

// Review finding 7: a sales rep learnt the ids of other reps' referrals a win moved, and a win of
// the account (mistaken or not) closed them for good. The answer names only the rep's own, and a
// referral won only through its account can be moved on; rejected, it takes back its share.
TEST_F(AccountCreditTest, ReviewFindingARepSeesOnlyTheirOwnAndAnAccountWinCanBeUndone) {
  Rule({{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 1000}}}});
  Policy({{"split", "equal"}, {"account_window_days", 30}, {"account_credit", true}});
  const std::string rep_one = server_.KeyFor("sales_rep");
  const std::string rep_two = server_.KeyFor("sales_rep");
  auto enrol = [&](const std::string& key, const std::string& email) {
    HttpResponse created =
        Send("POST", "/api/v1/programs/" + program_ + "/advocates", {{"email", email}, {"first_name", "Rep's"}}, key);
    EXPECT_EQ(created.status, 201) << created.body;
    return std::string(created.Json().at("id").as_string());
  };
  const std::string pat = enrol(rep_one, "pat@advocates.example");
  const std::string quinn = enrol(rep_two, "quinn@advocates.example");
  auto refer = [&](const std::string& key, const std::string& advocate, const std::string& email) {
    HttpResponse created = Send("POST", "/api/v1/referrals",
                                {{"advocate_id", advocate}, {"referee", {{"email", email}, {"first_name", "R"}}}}, key);
    EXPECT_EQ(created.status, 201) << created.body;
    return std::string(created.Json().at("id").as_string());
  };
  const std::string theirs = refer(rep_two, quinn, "q@victim.example");
  const std::string also_theirs = refer(rep_two, quinn, "r@victim.example");
  server_.clock.Advance(1min);
  const std::string mine = refer(rep_one, pat, "p@victim.example");
  server_.clock.Advance(1min);
  HttpResponse won =
      Send("POST", "/api/v1/referrals/" + mine + "/stage", {{"stage", "won"}, {"deal_value_minor", 1}}, rep_one);
  ASSERT_EQ(won.status, 200) << won.body;
  EXPECT_TRUE(won.Json().at("account_won").as_array().empty()) << won.body;
  EXPECT_EQ(Referral(theirs).at("stage"), json::value("won"));

  server_.clock.Advance(1min);
  HttpResponse reopened = Send("POST", "/api/v1/referrals/" + theirs + "/stage", {{"stage", "qualified"}}, rep_two);
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(Referral(theirs).at("stage"), json::value("qualified"));
  EXPECT_EQ(LivePerAdvocate(mine)[quinn], 500) << "Quinn's share stands while one of her referrals does";
  HttpResponse rejected =
      Send("POST", "/api/v1/referrals/" + also_theirs + "/stage", {{"stage", "rejected"}, {"note", "not a lead"}});
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  HttpResponse rejected_too =
      Send("POST", "/api/v1/referrals/" + theirs + "/stage", {{"stage", "rejected"}, {"note", "not a lead"}});
  ASSERT_EQ(rejected_too.status, 200) << rejected_too.body;
  EXPECT_EQ(LivePerAdvocate(mine), (std::map<std::string, std::int64_t>{{pat, 500}}))
      << "every referral backing Quinn's share is rejected: it is taken back";
  ExpectLedgerVerifies();
}

// Second review, finding 1: a churned referral won through its account was moved back and won
// again, earning its stages anew. Once churned it can only be rejected.
TEST_F(AccountCreditTest, SecondReviewFindingAChurnedAccountWinCanOnlyBeRejected) {
  Rule({{"name", "Qualified"}, {"trigger", {{"stage", "qualified"}}}, {"amount", {{"fixed_minor", 200}}}});
  Policy({{"split", "none"}, {"account_window_days", 30}, {"account_credit", true}});
  const std::string winner = Refer(0, "w@acme.example");
  const std::string churned = Create(
      "/api/v1/referrals", {{"advocate_id", Ben()}, {"referee", {{"email", "b@acme.example"}, {"first_name", "B"}}}});
  ASSERT_EQ(Win(winner, 1000).status, 200);
  server_.clock.Advance(1min);
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + churned + "/churn", {{"note", "left"}}).status, 200);
  HttpResponse back = Send("POST", "/api/v1/referrals/" + churned + "/stage", {{"stage", "qualified"}});
  EXPECT_EQ(back.status, 409) << back.body;
  EXPECT_TRUE(LivePerAdvocate(churned).empty());
  HttpResponse rejected =
      Send("POST", "/api/v1/referrals/" + churned + "/stage", {{"stage", "rejected"}, {"note", "never a lead"}});
  EXPECT_EQ(rejected.status, 200) << rejected.body;
  ExpectLedgerVerifies();
}

// Second review, finding 2: the won deal's other referral, won through the account, was "won by its
// own deal" by a move that cleared or changed its deal id.
TEST_F(AccountCreditTest, SecondReviewFindingChangingTheDealIdDoesNotWinTheWonDealAgain) {
  Rule({{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 1000}}}});
  Policy({{"split", "none"}, {"account_window_days", 30}, {"account_credit", true}});
  const std::string ana = Refer(0, "alice@acme.example", "D1");
  const std::string ben = Refer(1, "bob@acme.example", "D1");
  ASSERT_EQ(Win(ana, 50'000).status, 200);
  for (const char* deal : {"", "D2"}) {
    server_.clock.Advance(1min);
    HttpResponse moved = Send("POST", "/api/v1/referrals/" + ben + "/stage",
                              {{"stage", "won"}, {"deal_value_minor", 50'000}, {"external_id", deal}});
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_EQ(moved.Json().at("changed"), json::value(false)) << "deal id '" << deal << "'";
  }
  EXPECT_TRUE(LivePerAdvocate(ben).empty());
  ExpectLedgerVerifies();
}

// Second review, finding 4: after a win through the account, a referral's own win dates it in the
// reports, as customer value and the as-of replays date it.
TEST_F(AccountCreditTest, SecondReviewFindingReportsDateAWinAtItsOwnDealOnceWon) {
  Policy({{"split", "none"}, {"account_window_days", 30}, {"account_credit", true}});
  const std::string winner = Refer(0, "w@acme.example");
  const std::string later = Refer(1, "b@acme.example");
  ASSERT_EQ(Win(winner, 1000).status, 200);
  server_.clock.Advance(std::chrono::days(10));
  const std::string since = FormatTimestamp(server_.clock.Now());
  ASSERT_EQ(Win(later, 2000).status, 200);
  server_.clock.Advance(1min);  // the report's range ends before now
  HttpResponse pipeline = Send("GET", "/api/v1/reports/pipeline?program_id=" + program_ + "&from=" + since);
  ASSERT_EQ(pipeline.status, 200) << pipeline.body;
  EXPECT_EQ(pipeline.Json().at("time_to_close").at(0).at("won"), json::value(1)) << "won by its own deal since";
}

// Many clients win every referral of one account (six CRM deals) at once, on one server or two
// sharing the database: the first win counts the other five as won through the account, each
// referral's own deal is then won once, and each deal pays once.
class AccountCreditConcurrencyTest : public AccountCreditTest {
 protected:
  void WinEveryDealConcurrently(const std::vector<unsigned short>& ports, ManualClock* second_clock = nullptr) {
    Rule({{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 6000}}}});
    Policy({{"split", "equal"}, {"account_window_days", 90}, {"account_credit", true}});
    std::vector<std::string> referrals;
    for (int i = 0; i < 6; ++i) {
      referrals.push_back(Refer(i % 3, "person" + std::to_string(i) + "@bigco.example", "OPP-" + std::to_string(i)));
    }
    if (second_clock != nullptr) second_clock->Set(server_.clock.Now());
    EXPECT_EQ(WinAllConcurrently(ports, referrals, 100), 0);

    int through_account = 0, splits_of_three = 0;
    std::int64_t paid = 0;
    for (const auto& referral : referrals) {
      std::vector<std::string> wins = WinEntries(referral);
      ASSERT_FALSE(wins.empty()) << referral;
      EXPECT_EQ(wins.back(), "stage_moved") << referral << ": its own deal was won";
      EXPECT_EQ(std::count(wins.begin(), wins.end(), "stage_moved"), 1) << referral << ": won by its own deal once";
      through_account += static_cast<int>(std::count(wins.begin(), wins.end(), "account_won"));
      json::value credit = Credit(referral);
      ASSERT_FALSE(credit.is_null()) << referral;
      if (credit.at("shares").as_array().size() == 3) ++splits_of_three;
      for (const auto& [advocate, amount] : LivePerAdvocate(referral)) paid += amount;
    }
    EXPECT_EQ(through_account, 5) << "the first win counted the other five, once each";
    EXPECT_EQ(splits_of_three, 1) << "the first deal is shared by the account's three advocates";
    EXPECT_EQ(paid, 6 * 6000) << "six deals, each paid once";
    ExpectLedgerVerifies();
  }
};

TEST_F(AccountCreditConcurrencyTest, ConcurrentWinsAcrossOneAccountCountEachReferralOnceOnOneServer) {
  WinEveryDealConcurrently({server_.port()});
}

TEST_F(AccountCreditConcurrencyTest, ConcurrentWinsAcrossOneAccountCountEachReferralOnceOnTwoServers) {
  TestServer second(server_.SharingDatabase());
  WinEveryDealConcurrently({server_.port(), second.port()}, &second.clock);
  second.Stop();
}

TEST_F(AccountCreditTest, ReviewFindingReferralsOnAFreeEmailRelayAreNoOnesAccount) {
  // privaterelay.appleid.com is free email (Apple's "Hide My Email" relay), though its registrable
  // domain, appleid.com, is not listed: its users are no one company.
  Rule({{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 1000}}}});
  Policy({{"split", "equal"}, {"account_window_days", 30}, {"account_credit", true}});
  const std::string relay_a = Refer(0, "ann@privaterelay.appleid.com");
  const std::string relay_b = Refer(1, "bob@privaterelay.appleid.com");
  const std::string company = Refer(2, "cy@appleid.com");
  HttpResponse won = Win(relay_a, 50'000);
  ASSERT_EQ(won.status, 200) << won.body;
  EXPECT_TRUE(won.Json().at("account_won").as_array().empty()) << won.body;
  won = Win(company, 50'000);
  ASSERT_EQ(won.status, 200) << won.body;
  EXPECT_TRUE(won.Json().at("account_won").as_array().empty()) << "a relay user is not of appleid.com's account";
  EXPECT_EQ(Referral(relay_b).at("stage"), json::value("qualified"));
  const json::value credit = Credit(company);
  if (!credit.is_null()) {
    EXPECT_EQ(credit.at("shares").as_array().size(), 1u) << "its own advocate alone: " << credit;
  }

  // Nor is an advocate on the relay of the same company as a referee on it.
  const std::string relay_advocate = Create("/api/v1/programs/" + program_ + "/advocates",
                                            {{"email", "dee@privaterelay.appleid.com"}, {"first_name", "Dee"}});
  HttpResponse referred = Send("POST", "/api/v1/referrals",
                               {{"advocate_id", relay_advocate},
                                {"referee", {{"email", "eve@privaterelay.appleid.com"}, {"first_name", "Eve"}}}});
  ASSERT_EQ(referred.status, 201) << referred.body;
  EXPECT_EQ(referred.Json().at("review_status"), json::value("clear")) << referred.body;
  ExpectLedgerVerifies();
}

}  // namespace
}  // namespace bb::testing
