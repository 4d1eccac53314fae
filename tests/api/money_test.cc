// Money that cannot be corrupted (issue 12): every amount bounded and named when out of range,
// rewards that cannot be represented withheld with a reason, sums that cannot overflow (a named
// error, never a 500), a program's currency locked once it has money, and deal value corrections
// that keep what the advocate is owed equal to what the rules give.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <string>

#include "common/time_format.h"
#include "service/ledger_verifier.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr std::int64_t kQuadrillion = 1'000'000'000'000'000;

std::vector<std::string> ErrorFields(const HttpResponse& response) {
  std::vector<std::string> fields;
  json::value body = response.Json();
  if (const auto* errors = body.is_object() ? body.as_object().if_contains("errors") : nullptr) {
    for (const auto& error : errors->as_array()) fields.emplace_back(error.at("field").as_string());
  }
  return fields;
}

class MoneyTest : public ::testing::Test {
 protected:
  MoneyTest() : client_(server_.Client()) {
    program_ =
        Id(Post("/api/v1/programs",
                {{"name", "Money"}, {"kind", "customer"}, {"landing_url", "https://m.example/"}, {"currency", "USD"}}));
    advocate_ =
        Id(Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "ada@adv.example"}, {"first_name", "Ada"}}));
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::object& body = {}) {
    return client_.Send(method, target, Bearer(server_.admin_key), body.empty() ? "" : json::serialize(body));
  }
  HttpResponse Post(const std::string& target, const json::object& body = {}) {
    HttpResponse response = Send("POST", target, body);
    EXPECT_LT(response.status, 300) << target << "\n" << response.body;
    return response;
  }
  static std::string Id(const HttpResponse& response) { return std::string(response.Json().at("id").as_string()); }

  std::string Rule(const json::object& amount, const std::string& stage = "won") {
    return Id(
        Post("/api/v1/programs/" + program_ + "/reward-rules",
             {{"name", "Rule " + std::to_string(++rules_)}, {"trigger", {{"stage", stage}}}, {"amount", amount}}));
  }

  std::string Referral(const std::string& email) {
    return Id(Post("/api/v1/referrals",
                   {{"advocate_id", advocate_}, {"referee", {{"email", email}, {"first_name", "Rita"}}}}));
  }

  HttpResponse Win(const std::string& referral, std::int64_t deal) {
    return Send("POST", "/api/v1/referrals/" + referral + "/stage", {{"stage", "won"}, {"deal_value_minor", deal}});
  }

  HttpResponse Correct(const std::string& referral, std::int64_t deal, const std::string& reason = "the CRM says so") {
    server_.clock.Advance(1min);
    return Send("POST", "/api/v1/referrals/" + referral + "/deal-value",
                {{"deal_value_minor", deal}, {"reason", reason}});
  }

  // Wins `referral` at `deal` and pays its one reward; returns the reward's id.
  std::string WinAndPay(const std::string& referral, std::int64_t deal) {
    EXPECT_EQ(Win(referral, deal).status, 200);
    std::string reward(Rewards(referral).at(0).at("id").as_string());
    Post("/api/v1/rewards/" + reward + "/approve");
    Post("/api/v1/rewards/" + reward + "/fulfill", {{"reference", "PAY-1"}});
    return reward;
  }

  json::array Rewards(const std::string& referral) {
    HttpResponse listed = Send("GET", "/api/v1/rewards?referral_id=" + referral);
    EXPECT_EQ(listed.status, 200);
    json::array data = listed.Json().at("data").as_array();
    std::reverse(data.begin(), data.end());  // oldest first
    return data;
  }

  json::object Balance() {
    HttpResponse balances = Send("GET", "/api/v1/advocates/" + advocate_ + "/balances");
    EXPECT_EQ(balances.status, 200) << balances.body;
    return balances.Json().at("balances").at(0).as_object();
  }

  void ExpectLedgerVerified() {
    auto report = service::LedgerVerifier(*server_.store).Verify();
    ASSERT_TRUE(report.ok());
    for (const auto& difference : report->differences) ADD_FAILURE() << difference;
  }

  // Runs `sql` on the database through a connection of its own.
  void Tamper(const std::string& sql) {
    Status done = server_.RunSql(sql);
    ASSERT_TRUE(done.ok()) << done.error().message();
  }

  TestServer server_;
  HttpClient client_;
  std::string program_;
  std::string advocate_;
  int rules_ = 0;
};

TEST_F(MoneyTest, EveryAmountIsBoundedAtAQuadrillionAndTheFieldNamedBeyond) {
  std::string referral = Referral("bound@p.example");
  HttpResponse too_big = Win(referral, kQuadrillion + 1);
  EXPECT_EQ(too_big.status, 422);
  EXPECT_EQ(ErrorFields(too_big), std::vector<std::string>{"deal_value_minor"});
  EXPECT_EQ(Win(referral, kQuadrillion).status, 200);

  struct Case {
    json::object body;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"amount", {{"fixed_minor", kQuadrillion + 1}}}}, "amount.fixed_minor"},
      {{{"amount", {{"percent_bp", 1'000'001}}}}, "amount.percent_bp"},
      {{{"amount", {{"percent_bp", 100}, {"max_minor", kQuadrillion + 1}}}}, "amount.max_minor"},
      {{{"amount", {{"percent_bp", 100}, {"min_minor", kQuadrillion + 1}}}}, "amount.min_minor"},
      {{{"amount", {{"fixed_minor", 1}}},
        {"promotion", {{"multiplier_bp", 100'001}, {"starts_at", "2026-03-01"}, {"ends_at", "2026-04-01"}}}},
       "promotion.multiplier_bp"},
      {{{"amount", {{"fixed_minor", 1}}}, {"cap", {{"period", "month"}, {"max_minor", kQuadrillion + 1}}}},
       "cap.max_minor"},
      {{{"amount", {{"fixed_minor", std::numeric_limits<std::int64_t>::max()}}}}, "amount.fixed_minor"},
  };
  for (auto& c : cases) {
    c.body["name"] = "Too much";
    c.body["trigger"] = {{"stage", "won"}};
    HttpResponse refused = Send("POST", "/api/v1/programs/" + program_ + "/reward-rules", c.body);
    EXPECT_EQ(refused.status, 422) << c.field << ": " << refused.body;
    EXPECT_EQ(ErrorFields(refused), std::vector<std::string>{c.field}) << refused.body;
  }
  HttpResponse preview = Send("POST", "/api/v1/programs/" + program_ + "/reward-preview",
                              {{"referral", {{"stage", "won"}, {"deal_value_minor", kQuadrillion + 1}}}});
  EXPECT_EQ(preview.status, 422);
  EXPECT_EQ(ErrorFields(preview), std::vector<std::string>{"referral.deal_value_minor"});
  HttpResponse correction = Correct(referral, kQuadrillion + 1);
  EXPECT_EQ(correction.status, 422);
  EXPECT_EQ(ErrorFields(correction), std::vector<std::string>{"deal_value_minor"});

  // Numbers past 64 bits are refused as too large, not as "not an integer" (nor converted with
  // undefined behaviour); an integral number written with a fraction or exponent is an integer.
  for (const char* number : {"9223372036854775808", "18446744073709551616", "1e300", "-1e19"}) {
    HttpResponse huge = client_.Send("POST", "/api/v1/referrals/" + referral + "/deal-value", Bearer(server_.admin_key),
                                     std::string(R"({"reason": "x", "deal_value_minor": )") + number + "}");
    EXPECT_EQ(huge.status, 422) << number;
    EXPECT_NE(huge.body.find("too large"), std::string::npos) << number << ": " << huge.body;
  }
  HttpResponse fraction = client_.Send("POST", "/api/v1/referrals/" + referral + "/deal-value",
                                       Bearer(server_.admin_key), R"({"reason": "x", "deal_value_minor": 1.5})");
  EXPECT_NE(fraction.body.find("must be an integer"), std::string::npos) << fraction.body;
  HttpResponse exponent = client_.Send("POST", "/api/v1/referrals/" + referral + "/deal-value",
                                       Bearer(server_.admin_key), R"({"reason": "x", "deal_value_minor": 1e3})");
  EXPECT_EQ(exponent.status, 200) << exponent.body;
  EXPECT_EQ(exponent.Json().at("deal_value_minor"), 1000);
}

// Regression: 10,000% of a quadrillion was computed in 64 bits and written as whatever it wrapped to.
TEST_F(MoneyTest, ARewardTooLargeToRecordIsWithheldWithAVisibleReason) {
  Rule({{"percent_bp", 1'000'000}});
  std::string referral = Referral("huge@p.example");
  HttpResponse won = Win(referral, kQuadrillion);
  ASSERT_EQ(won.status, 200) << won.body;
  EXPECT_TRUE(won.Json().at("rewards").as_array().empty());
  HttpResponse detail = Send("GET", "/api/v1/referrals/" + referral);
  std::string withheld;
  json::value body = detail.Json();
  for (const auto& event : body.at("history").as_array()) {
    if (event.at("kind") == "reward_withheld") withheld = std::string(event.at("note").as_string());
  }
  EXPECT_NE(withheld.find("the reward would be 100000000000000000, more than the largest amount"), std::string::npos)
      << detail.body;
  ExpectLedgerVerified();
}

// Regression: balances and the dashboard summed in SQLite's 64-bit SUM, which fails with an
// overflow error: a 500. Now a sum that does not fit is a named 422, and one that fits is exact.
TEST_F(MoneyTest, SumsPastSixtyFourBitsAreANamedErrorNeverA500) {
  Rule({{"fixed_minor", 1000}}, "submitted");
  Referral("one@p.example");
  Referral("two@p.example");
  Tamper("UPDATE rewards SET amount_minor = 9000000000000000000");  // two rows: 1.8e19 in all
  // The dashboard reads the referral summaries: 9e18 per reward there too (each row holds as many
  // rewards as referrals submitted, one each).
  Tamper(
      "UPDATE referral_days SET cohort_reward_cost_e9 = submitted * 9000000000, cohort_reward_cost_rem = 0, "
      "cohort_committed_e9 = submitted * 9000000000, cohort_committed_rem = 0, "
      "activity_reward_cost_e9 = submitted * 9000000000, activity_reward_cost_rem = 0, "
      "activity_committed_e9 = submitted * 9000000000, activity_committed_rem = 0");
  HttpResponse balances = Send("GET", "/api/v1/advocates/" + advocate_ + "/balances");
  EXPECT_EQ(balances.status, 422) << balances.body;
  EXPECT_EQ(balances.Json().at("type"), "/problems/figure-out-of-range");
  EXPECT_EQ(ErrorFields(balances), std::vector<std::string>{"balances[USD].pending_minor"});
  HttpResponse dashboard = Send("GET", "/api/v1/analytics?program_id=" + program_ + "&to=2026-03-02");
  EXPECT_EQ(dashboard.status, 422) << dashboard.body;
  EXPECT_EQ(dashboard.Json().at("type"), "/problems/figure-out-of-range");

  Tamper("UPDATE rewards SET amount_minor = 4000000000000000000");  // 8e18: fits, exactly
  EXPECT_EQ(Balance().at("pending_minor"), 8'000'000'000'000'000'000);
}

TEST_F(MoneyTest, AProgramsCurrencyIsLockedOnceItHasMoney) {
  HttpResponse euros = Send("PATCH", "/api/v1/programs/" + program_, {{"currency", "EUR"}});
  ASSERT_EQ(euros.status, 200) << euros.body;
  std::string referral = Referral("cur@p.example");
  ASSERT_EQ(Win(referral, 50'000).status, 200);
  HttpResponse detail = Send("GET", "/api/v1/referrals/" + referral);
  EXPECT_EQ(detail.Json().at("deal_currency"), "EUR");
  HttpResponse pounds = Send("PATCH", "/api/v1/programs/" + program_, {{"currency", "GBP"}});
  EXPECT_EQ(pounds.status, 409) << pounds.body;
  EXPECT_EQ(ErrorFields(pounds), std::vector<std::string>{"currency"});
  EXPECT_EQ(Send("GET", "/api/v1/programs/" + program_).Json().at("currency"), "EUR");
  EXPECT_EQ(Send("PATCH", "/api/v1/programs/" + program_, {{"currency", "EUR"}, {"name", "Money €"}}).status, 200)
      << "the same currency again is not a change";
}

TEST_F(MoneyTest, ACorrectionReissuesARewardNotYetPaid) {
  Rule({{"percent_bp", 1000}});
  std::string fixed_rule = Rule({{"fixed_minor", 2500}});
  std::string referral = Referral("reissue@p.example");
  ASSERT_EQ(Win(referral, 100'000).status, 200);
  json::array before = Rewards(referral);
  ASSERT_EQ(before.size(), 2u);

  HttpResponse corrected = Correct(referral, 150'000, "The CRM's amount was missing a seat.");
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  json::object answer = corrected.Json().as_object();
  EXPECT_EQ(answer.at("deal_value_minor"), 150'000);
  ASSERT_EQ(answer.at("rewards_reversed").as_array().size(), 1u);
  ASSERT_EQ(answer.at("rewards_created").as_array().size(), 1u);
  const json::value& reissue = answer.at("rewards_created").at(0);
  EXPECT_EQ(reissue.at("entry"), "reissue");
  EXPECT_EQ(reissue.at("amount_minor"), 15'000);
  EXPECT_EQ(reissue.at("status"), "pending");
  EXPECT_EQ(reissue.at("correction"), 1);
  const json::value& replaced = answer.at("rewards_reversed").at(0);
  EXPECT_EQ(reissue.at("corrects"), replaced.at("id"));
  EXPECT_EQ(replaced.at("amount_minor"), 10'000);
  EXPECT_NE(std::string(replaced.at("reversal_reason").as_string()).find("from 100000 to 150000 USD"),
            std::string::npos);
  const json::value& last = answer.at("history").as_array().back();
  EXPECT_EQ(last.at("kind"), "deal_value_corrected");
  EXPECT_EQ(last.at("deal_value_minor"), 150'000);
  EXPECT_EQ(last.at("actor_name"), "test admin (API key)");
  EXPECT_NE(std::string(last.at("note").as_string()).find("missing a seat"), std::string::npos);

  // The fixed reward did not move; the advocate is owed 2,500 + 15,000.
  for (const auto& reward : Rewards(referral)) {
    if (reward.at("rule_id") == json::value(fixed_rule)) {
      EXPECT_EQ(reward.at("status"), "pending");
    }
  }
  EXPECT_EQ(Balance().at("pending_minor"), 17'500);
  EXPECT_EQ(Balance().at("reversed_minor"), 0) << "a superseded entry is not money taken back";
  EXPECT_EQ(answer.at("rewards_reversed").at(0).at("superseded_by"), 1);
  EXPECT_EQ(reissue.at("superseded_by"), 0);
  HttpResponse audit = Send("GET", "/api/v1/audit-events?object_id=" + referral);
  EXPECT_EQ(audit.Json().at("data").at(0).at("kind"), "referral.deal_value_corrected");
  EXPECT_EQ(audit.Json().at("data").at(0).at("changes").at("deal_value_minor"),
            (json::object{{"from", 100'000}, {"to", 150'000}}));
  ExpectLedgerVerified();
}

TEST_F(MoneyTest, ACorrectionAdjustsAPaidRewardUpAndDown) {
  Rule({{"percent_bp", 1000}});
  std::string referral = Referral("paid@p.example");
  std::string reward = WinAndPay(referral, 100'000);

  HttpResponse up = Correct(referral, 200'000);
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_TRUE(up.Json().at("rewards_reversed").as_array().empty()) << "a paid reward is never reversed by a correction";
  json::value raise = up.Json().at("rewards_created").at(0);
  EXPECT_EQ(raise.at("entry"), "adjustment");
  EXPECT_EQ(raise.at("amount_minor"), 10'000);
  EXPECT_EQ(raise.at("corrects"), json::value(reward));

  HttpResponse down = Correct(referral, 50'000);
  ASSERT_EQ(down.status, 200) << down.body;
  ASSERT_EQ(down.Json().at("rewards_reversed").as_array().size(), 1u) << "the unpaid raise is withdrawn";
  json::value give_back = down.Json().at("rewards_created").at(0);
  EXPECT_EQ(give_back.at("entry"), "adjustment");
  EXPECT_EQ(give_back.at("amount_minor"), -5'000);
  EXPECT_EQ(give_back.at("status"), "pending") << "money owed back needs a decision";
  json::object balance = Balance();
  EXPECT_EQ(balance.at("paid_minor"), 10'000);
  EXPECT_EQ(balance.at("pending_minor"), -5'000);
  // Owed in all: 10,000 paid − 5,000 back = 5,000 = 10% of the corrected 50,000.

  HttpResponse back = Correct(referral, 100'000);
  ASSERT_EQ(back.status, 200);
  EXPECT_TRUE(back.Json().at("rewards_created").as_array().empty()) << "back to what was paid: nothing owed either way";
  EXPECT_EQ(Balance().at("pending_minor"), 0);
  ExpectLedgerVerified();
}

TEST_F(MoneyTest, OnlyAWonReferralsValueIsCorrectedAndWithAReason) {
  Rule({{"percent_bp", 1000}});
  std::string referral = Referral("open@p.example");
  HttpResponse open = Correct(referral, 10'000);
  EXPECT_EQ(open.status, 409) << open.body;
  EXPECT_EQ(ErrorFields(open), std::vector<std::string>{"deal_value_minor"});
  ASSERT_EQ(Win(referral, 10'000).status, 200);
  HttpResponse no_reason = Send("POST", "/api/v1/referrals/" + referral + "/deal-value", {{"deal_value_minor", 5}});
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_EQ(ErrorFields(no_reason), std::vector<std::string>{"reason"});
  HttpResponse negative = Correct(referral, -1);
  EXPECT_EQ(ErrorFields(negative), std::vector<std::string>{"deal_value_minor"});
  HttpResponse same = Correct(referral, 10'000);
  EXPECT_EQ(same.status, 200);
  EXPECT_TRUE(same.Json().at("rewards_created").as_array().empty());
  EXPECT_EQ(same.Json().at("history").as_array().back().at("kind"), "stage_moved") << "nothing recorded";
  HttpResponse manager =
      client_.Send("POST", "/api/v1/referrals/" + referral + "/deal-value", Bearer(server_.KeyFor("sales_rep")),
                   json::serialize(json::object{{"deal_value_minor", 1}, {"reason", "x"}}));
  EXPECT_EQ(manager.status, 403);
}

TEST_F(MoneyTest, AReversedRewardStaysReversedThroughACorrection) {
  Rule({{"percent_bp", 1000}});
  std::string referral = Referral("reversed@p.example");
  ASSERT_EQ(Win(referral, 100'000).status, 200);
  std::string reward(Rewards(referral).at(0).at("id").as_string());
  Post("/api/v1/rewards/" + reward + "/reverse", {{"reason", "paid outside Bluebird"}});
  HttpResponse corrected = Correct(referral, 300'000);
  ASSERT_EQ(corrected.status, 200);
  EXPECT_TRUE(corrected.Json().at("rewards_created").as_array().empty());
  ExpectLedgerVerified();
}

// Regression: a correction after staff took a paid reward back reissued it in full (the clawback
// undone), and the raise a first correction added stayed owed on the grant that was taken back.
TEST_F(MoneyTest, ACorrectionNeverUndoesAClawback) {
  Rule({{"percent_bp", 1000}});
  std::string referral = Referral("clawback@p.example");
  std::string grant = WinAndPay(referral, 1'000'000);
  HttpResponse raised = Correct(referral, 1'500'000);
  ASSERT_EQ(raised.status, 200) << raised.body;
  json::value raise = raised.Json().at("rewards_created").at(0);
  ASSERT_EQ(raise.at("amount_minor"), 50'000);

  // Staff take the whole reward back: the pending raise goes with the grant.
  server_.clock.Advance(1min);
  Post("/api/v1/rewards/" + grant + "/reverse", {{"reason", "money recovered"}});
  json::object balance = Balance();
  EXPECT_EQ(balance.at("pending_minor"), 0) << "no raise owed on a reward taken back";
  EXPECT_EQ(balance.at("paid_minor"), 0);
  EXPECT_EQ(balance.at("reversed_minor"), 150'000);

  HttpResponse again = Correct(referral, 1'600'000);
  ASSERT_EQ(again.status, 200) << again.body;
  json::value answer = again.Json();
  EXPECT_TRUE(answer.at("rewards_created").as_array().empty()) << answer;
  EXPECT_TRUE(answer.at("rewards_reversed").as_array().empty());
  const json::array& history = answer.at("history").as_array();
  EXPECT_EQ(history.back().at("kind"), "reward_withheld");
  EXPECT_NE(std::string(history.back().at("note").as_string()).find("taken back"), std::string::npos);
  EXPECT_EQ(Balance().at("pending_minor"), 0);
  ExpectLedgerVerified();
}

// Regression: a percentage reward withheld at the win (no deal value yet, or one too large) was
// never granted: correcting the value answered 200 with no reward.
TEST_F(MoneyTest, ACorrectionGrantsAPercentageTheWinCouldNotGive) {
  Rule({{"percent_bp", 1000}});
  std::string referral = Referral("novalue@p.example");
  HttpResponse won = Send("POST", "/api/v1/referrals/" + referral + "/stage", {{"stage", "won"}});
  ASSERT_EQ(won.status, 200) << won.body;
  EXPECT_TRUE(won.Json().at("rewards").as_array().empty());

  HttpResponse corrected = Correct(referral, 100'000, "The CRM sent the amount a day late.");
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  json::value answer = corrected.Json();
  ASSERT_EQ(answer.at("rewards_created").as_array().size(), 1u) << answer;
  json::value granted = answer.at("rewards_created").at(0);
  EXPECT_EQ(granted.at("entry"), "grant");
  EXPECT_EQ(granted.at("amount_minor"), 10'000);
  EXPECT_EQ(granted.at("correction"), 0) << "a grant, once per key like any other";
  EXPECT_EQ(Balance().at("pending_minor"), 10'000);
  // A second correction restates it like any grant.
  HttpResponse twice = Correct(referral, 200'000);
  ASSERT_EQ(twice.Json().at("rewards_created").at(0).at("entry"), "reissue");
  EXPECT_EQ(twice.Json().at("rewards_created").at(0).at("amount_minor"), 20'000);
  EXPECT_EQ(Balance().at("pending_minor"), 20'000);

  // Withheld as too large to record at the win, then corrected down.
  std::string huge = Referral("huge@p.example");
  Rule({{"percent_bp", 1'000'000}});  // 10,000%: 10^14 × 100 is past 10^15
  ASSERT_EQ(Win(huge, 100'000'000'000'000).status, 200);
  json::array at_win = Rewards(huge);
  ASSERT_EQ(at_win.size(), 1u) << "the 10% rule gave; the 10,000% one was withheld";
  HttpResponse down = Correct(huge, 1'000);
  ASSERT_EQ(down.status, 200) << down.body;
  std::int64_t late_grants = 0;
  json::value down_body = down.Json();
  for (const auto& created : down_body.at("rewards_created").as_array()) {
    if (created.at("entry") == "grant") {
      ++late_grants;
      EXPECT_EQ(created.at("amount_minor"), 100'000);
    }
  }
  EXPECT_EQ(late_grants, 1);
  ExpectLedgerVerified();
}

// The late grant of a tier rule is the one the win would have given: the advocate's second win
// stays the second, however many wins came after it.
TEST_F(MoneyTest, ALateTierGrantKeepsTheWinsRank) {
  Id(Post("/api/v1/programs/" + program_ + "/reward-rules",
          {{"name", "Second win"}, {"trigger", {{"nth_won", 2}}}, {"amount", {{"percent_bp", 500}}}}));
  std::string first = Referral("first@p.example");
  ASSERT_EQ(Win(first, 10'000).status, 200);
  server_.clock.Advance(1min);
  std::string second = Referral("second@p.example");
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + second + "/stage", {{"stage", "won"}}).status, 200);
  server_.clock.Advance(1min);
  std::string third = Referral("third@p.example");
  ASSERT_EQ(Win(third, 30'000).status, 200);
  EXPECT_TRUE(Rewards(third).empty());

  HttpResponse corrected = Correct(second, 40'000);
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  ASSERT_EQ(corrected.Json().at("rewards_created").as_array().size(), 1u) << corrected.body;
  EXPECT_EQ(corrected.Json().at("rewards_created").at(0).at("trigger"), "nth_won:2");
  EXPECT_EQ(corrected.Json().at("rewards_created").at(0).at("amount_minor"), 2'000);
  EXPECT_TRUE(Correct(first, 20'000).Json().at("rewards_created").as_array().empty()) << "the first win is not second";
  ExpectLedgerVerified();
}

// Regression: a grant a correction made was checked against the cap of the win's month but dated
// at the correction, so two late grants fitted a cap of one, and a later real win paid for them.
TEST_F(MoneyTest, ALateGrantCountsAgainstTheCapOfTheWinsPeriod) {
  server_.clock.Set(*ParseTimestamp("2026-01-02T09:00:00Z"));
  Id(Post("/api/v1/programs/" + program_ + "/reward-rules", {{"name", "One a month"},
                                                             {"trigger", {{"stage", "won"}}},
                                                             {"amount", {{"percent_bp", 1000}}},
                                                             {"cap", {{"period", "month"}, {"max_count", 1}}}}));
  server_.clock.Set(*ParseTimestamp("2026-01-10T09:00:00Z"));
  std::string a = Referral("a@p.example");
  std::string b = Referral("b@p.example");
  for (const std::string& referral : {a, b}) {
    ASSERT_EQ(Send("POST", "/api/v1/referrals/" + referral + "/stage", {{"stage", "won"}}).status, 200);
  }
  server_.clock.Set(*ParseTimestamp("2026-03-10T09:00:00Z"));
  HttpResponse first = Correct(a, 10'000);
  ASSERT_EQ(first.Json().at("rewards_created").as_array().size(), 1u) << first.body;
  EXPECT_EQ(first.Json().at("rewards_created").at(0).at("created_at"), "2026-01-10T09:00:00.000000Z")
      << "granted as of the win";
  HttpResponse second = Correct(b, 10'000);
  EXPECT_TRUE(second.Json().at("rewards_created").as_array().empty()) << "January's one is taken: " << second.body;
  std::string march = Referral("c@p.example");
  HttpResponse won = Win(march, 10'000);
  EXPECT_EQ(won.Json().at("rewards").as_array().size(), 1u) << "March's allowance is untouched: " << won.body;
  ExpectLedgerVerified();
}

// Regression: a correction after the customer churned granted a new percentage reward.
TEST_F(MoneyTest, NothingIsGrantedAfterTheCustomerChurned) {
  Rule({{"percent_bp", 1000}});
  std::string referral = Referral("churn@p.example");
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + referral + "/stage", {{"stage", "won"}}).status, 200);
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + referral + "/churn").status, 200);
  HttpResponse corrected = Correct(referral, 100'000);
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  EXPECT_TRUE(corrected.Json().at("rewards_created").as_array().empty()) << corrected.body;

  // Held, won, churned, then cleared: nothing either.
  std::string held = Referral("ada@adv.example");  // Ada refers herself: held
  ASSERT_EQ(Win(held, 100'000).status, 200);
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + held + "/churn").status, 200);
  HttpResponse cleared = Send("POST", "/api/v1/referrals/" + held + "/clear", {{"note", "She is a customer too."}});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(cleared.Json().at("rewards_created").as_array().empty()) << cleared.body;
  ExpectLedgerVerified();
}

// Regression: reversing a grant a correction had replaced answered 200 and changed nothing; the
// reissue that replaced it stayed payable.
TEST_F(MoneyTest, ReversingAReplacedGrantTakesBackWhatReplacedIt) {
  Rule({{"percent_bp", 1000}});
  std::string referral = Referral("replaced@p.example");
  ASSERT_EQ(Win(referral, 100'000).status, 200);
  std::string grant(Rewards(referral).at(0).at("id").as_string());
  HttpResponse corrected = Correct(referral, 150'000);
  std::string reissue(corrected.Json().at("rewards_created").at(0).at("id").as_string());
  server_.clock.Advance(1min);
  HttpResponse reversed = Send("POST", "/api/v1/rewards/" + grant + "/reverse", {{"reason", "fraud"}});
  ASSERT_EQ(reversed.status, 200) << reversed.body;
  json::value after = Send("GET", "/api/v1/rewards/" + reissue).Json();
  EXPECT_EQ(after.at("status"), "reversed") << after;
  EXPECT_EQ(Balance().at("pending_minor"), 0);
  EXPECT_TRUE(Correct(referral, 300'000).Json().at("rewards_created").as_array().empty()) << "taken back";
  ExpectLedgerVerified();
}

// Regression: declining an adjustment (reversing it before it was paid) froze the whole chain, so a
// later correction down never recorded the money owed back.
TEST_F(MoneyTest, ADeclinedAdjustmentLeavesLaterCorrectionsWorking) {
  Rule({{"percent_bp", 1000}});
  std::string referral = Referral("declined@p.example");
  WinAndPay(referral, 100'000);  // 10,000 paid
  HttpResponse raised = Correct(referral, 200'000);
  std::string raise(raised.Json().at("rewards_created").at(0).at("id").as_string());
  server_.clock.Advance(1min);
  Post("/api/v1/rewards/" + raise + "/reverse", {{"reason", "the amendment is disputed"}});
  HttpResponse down = Correct(referral, 50'000);
  ASSERT_EQ(down.status, 200) << down.body;
  json::value answer = down.Json();
  ASSERT_EQ(answer.at("rewards_created").as_array().size(), 1u) << answer;
  EXPECT_EQ(answer.at("rewards_created").at(0).at("amount_minor"), -5'000) << "owed back: paid 10,000, due 5,000";
  ExpectLedgerVerified();
}

// A percentage rule on a stage the winning move passed (qualified, skipped on the way to won) that
// gave nothing for want of a deal value is granted by the correction too.
TEST_F(MoneyTest, ALateGrantCoversEveryStageTheWinReached) {
  Rule({{"percent_bp", 200}}, "qualified");
  std::string referral = Referral("skip@p.example");
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + referral + "/stage", {{"stage", "won"}}).status, 200);
  HttpResponse corrected = Correct(referral, 100'000);
  ASSERT_EQ(corrected.Json().at("rewards_created").as_array().size(), 1u) << corrected.body;
  EXPECT_EQ(corrected.Json().at("rewards_created").at(0).at("trigger"), "stage:qualified");
  EXPECT_EQ(corrected.Json().at("rewards_created").at(0).at("amount_minor"), 2'000);
  ExpectLedgerVerified();
}

// Regression: corrections did nothing (200, no change) once a referral had 10,000 entries, the
// cap of the read of a referral's ledger; the ledger is now read a page at a time, so this goes past
// a page (1,000 entries), with the grants the oldest, on the last page.
TEST_F(MoneyTest, CorrectionsKeepWorkingHoweverManyEntriesAReferralHas) {
  constexpr int kRules = 25;
  constexpr int kCorrections = 42;  // 25 grants + 42 × 25 entries = 1,075
  for (int i = 0; i < kRules; ++i) Rule({{"percent_bp", 10'000}});
  std::string referral = Referral("many@p.example");
  ASSERT_EQ(Win(referral, 1'000).status, 200);
  std::int64_t value = 1'000;
  for (int i = 0; i < kCorrections; ++i) {
    value = value == 1'000 ? 2'000 : 1'000;
    HttpResponse corrected = Correct(referral, value);
    ASSERT_EQ(corrected.status, 200) << corrected.body;
    json::value answer = corrected.Json();
    ASSERT_EQ(answer.at("rewards_created").as_array().size(), static_cast<std::size_t>(kRules)) << "correction " << i;
    ASSERT_EQ(answer.at("rewards_reversed").as_array().size(), static_cast<std::size_t>(kRules));
  }
  EXPECT_EQ(Balance().at("pending_minor"), kRules * value);
  ExpectLedgerVerified();
}

}  // namespace
}  // namespace bb::testing
