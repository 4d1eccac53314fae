// `bluebird ledger verify` (service::LedgerVerifier): it agrees with a ledger the server wrote, and
// it finds each kind of damage — an amount changed, a reward deleted, a reward added, a status
// changed without its history — made directly in the database file.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "service/ledger_verifier.h"
#include "test_server.h"

namespace bb::testing {
namespace {

class LedgerVerifyTest : public ::testing::Test {
 protected:
  // A program with a reward on submission and a percentage on won; `count` referrals, every
  // third one won.
  void Fill(int count) {
    domain::ProgramInput program_input;
    program_input.name = "Verify";
    program_input.kind = "customer";
    program_input.landing_url = "https://verify.example/";
    program_input.referral_policy = domain::ReferralPolicyInput{};
    program_input.referral_policy->velocity_limit = 1'000'000;
    auto program = server_.services->programs.Create(actor_, program_input);
    ASSERT_TRUE(program.ok()) << program.error().message();
    for (auto [name, stage, fixed] : {std::tuple{"Thanks", domain::ReferralStage::kSubmitted, true},
                                      std::tuple{"Won", domain::ReferralStage::kWon, false}}) {
      domain::RewardRule rule;
      rule.name = name;
      rule.trigger.stage = stage;
      if (fixed) {
        rule.amount.fixed_minor = 500;
      } else {
        rule.amount.percent_bp = 1000;
      }
      ASSERT_TRUE(server_.services->rewards.CreateRule(actor_, program->id, rule).ok());
    }
    domain::AdvocateInput advocate_input;
    advocate_input.email = "ada@advocates.example";
    advocate_input.first_name = "Ada";
    auto advocate = server_.services->advocates.Enroll(actor_, program->id, advocate_input);
    ASSERT_TRUE(advocate.ok()) << advocate.error().message();
    for (int i = 0; i < count; ++i) {
      service::ReferralInput input;
      input.referee_present = true;
      input.referee.email = "friend" + std::to_string(i) + "@prospects.example";
      input.referee.first_name = "Friend";
      input.advocate_id = advocate->id;
      auto referral = server_.services->referrals.Submit(actor_, input, {});
      ASSERT_TRUE(referral.ok()) << referral.error().message();
      if (i % 3 == 0) {
        service::StageMoveInput move;
        move.stage = "won";
        move.deal_value_minor = 10'000 + i;
        ASSERT_TRUE(server_.services->referrals.MoveStage(actor_, referral->id, move).ok());
      }
    }
  }

  service::LedgerReport Verify() {
    auto report = service::LedgerVerifier(*server_.store).Verify();
    EXPECT_TRUE(report.ok()) << report.error().message();
    return report.ok() ? *report : service::LedgerReport{};
  }

  // Runs `sql` on the database through a connection of its own.
  void Tamper(const std::string& sql) {
    Status done = server_.RunSql(sql);
    ASSERT_TRUE(done.ok()) << done.error().message();
  }

  TestServer server_;
  domain::Actor actor_ = domain::Actor::System();
};

TEST_F(LedgerVerifyTest, AgreesWithTheLedgerTheServerWrote) {
  Fill(12);
  service::LedgerReport report = Verify();
  EXPECT_TRUE(report.ok());
  for (const auto& difference : report.differences) ADD_FAILURE() << difference;
  EXPECT_EQ(report.referrals, 12);
  EXPECT_EQ(report.rewards_found, 12 + 4);
  EXPECT_EQ(report.rewards_expected, 12 + 4);
}

// Regression: the referral pages were read by the id of an element already moved from, so a
// program with more than one page (1,000) of referrals made `ledger verify` loop for ever.
TEST_F(LedgerVerifyTest, LedgerVerifyPagesPastAThousandReferrals) {
  Fill(1005);
  service::LedgerReport report = Verify();
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.referrals, 1005);
  EXPECT_EQ(report.rewards_expected, 1005 + 335);
  EXPECT_EQ(report.rewards_found, report.rewards_expected);
}

TEST_F(LedgerVerifyTest, FindsAChangedAmount) {
  Fill(6);
  Tamper(
      "UPDATE rewards SET amount_minor = amount_minor + 1 WHERE id = "
      "(SELECT MIN(id) FROM rewards WHERE trigger_key = 'stage:won')");
  service::LedgerReport report = Verify();
  ASSERT_EQ(report.differences.size(), 1u);
  EXPECT_NE(report.differences[0].find("the rules give 1000"), std::string::npos) << report.differences[0];
}

TEST_F(LedgerVerifyTest, FindsAMissingReward) {
  Fill(6);
  Tamper(
      "DELETE FROM reward_events WHERE reward_id = (SELECT MIN(id) FROM rewards); "
      "DELETE FROM rewards WHERE id = (SELECT MIN(id) FROM rewards)");
  service::LedgerReport report = Verify();
  ASSERT_EQ(report.differences.size(), 1u);
  EXPECT_NE(report.differences[0].find("is missing"), std::string::npos) << report.differences[0];
}

TEST_F(LedgerVerifyTest, FindsARewardNoHistoryEarns) {
  Fill(6);
  Tamper(
      "INSERT INTO rewards (id, program_id, referral_id, advocate_id, rule_id, beneficiary, trigger_key, "
      "amount_minor, currency, kind, status, reason, payout_reference, reversal_reason, created_at, updated_at) "
      "SELECT 'rwd_forged', program_id, referral_id, advocate_id, rule_id, beneficiary, "
      "'stage:qualified', amount_minor, currency, kind, status, reason, payout_reference, reversal_reason, "
      "created_at, updated_at FROM rewards LIMIT 1; "
      "INSERT INTO reward_events (id, reward_id, status, actor, note, at) SELECT 'rwe_forged', 'rwd_forged', "
      "'pending', 'system', '', created_at FROM rewards WHERE id = 'rwd_forged'");
  service::LedgerReport report = Verify();
  ASSERT_EQ(report.differences.size(), 1u);
  EXPECT_NE(report.differences[0].find("rwd_forged is not earned"), std::string::npos) << report.differences[0];
}

TEST_F(LedgerVerifyTest, FindsAStatusWithoutItsHistory) {
  Fill(3);
  Tamper("UPDATE rewards SET status = 'fulfilled' WHERE id = (SELECT MIN(id) FROM rewards)");
  service::LedgerReport report = Verify();
  ASSERT_EQ(report.differences.size(), 1u);
  EXPECT_NE(report.differences[0].find("its status history ends pending"), std::string::npos) << report.differences[0];
}

TEST_F(LedgerVerifyTest, FindsAStatusHistoryThatSkipsApproval) {
  Fill(3);
  Tamper(
      "INSERT INTO reward_events (id, reward_id, status, actor, note, at) SELECT 'rwe_skip', id, 'fulfilled', "
      "'usr_x', 'PAY-1', created_at FROM rewards WHERE id = (SELECT MIN(id) FROM rewards); "
      "UPDATE rewards SET status = 'fulfilled' WHERE id = (SELECT MIN(id) FROM rewards)");
  service::LedgerReport report = Verify();
  ASSERT_EQ(report.differences.size(), 1u);
  EXPECT_NE(report.differences[0].find("went from pending to fulfilled"), std::string::npos) << report.differences[0];
}

// The differences a report must contain, each found by a piece of its text.
void ExpectDifferences(const service::LedgerReport& report, const std::vector<std::string>& wanted) {
  std::string all;
  for (const auto& difference : report.differences) all += "\n  " + difference;
  for (const auto& text : wanted) {
    bool found = std::any_of(report.differences.begin(), report.differences.end(),
                             [&](const std::string& difference) { return difference.find(text) != std::string::npos; });
    EXPECT_TRUE(found) << "no difference mentions '" << text << "'; the report says:" << all;
  }
}

TEST_F(LedgerVerifyTest, FindsANegativeAmount) {
  Fill(3);
  Tamper("UPDATE rewards SET amount_minor = -500 WHERE id = (SELECT MIN(id) FROM rewards)");
  ExpectDifferences(Verify(), {"has a negative amount, -500"});
}

TEST_F(LedgerVerifyTest, FindsARewardInAnotherCurrencyThanItsReferralsDeal) {
  Fill(3);
  Tamper("UPDATE rewards SET currency = 'EUR' WHERE trigger_key = 'stage:won'");
  ExpectDifferences(Verify(), {"is in EUR, its referral's deal in USD"});
}

TEST_F(LedgerVerifyTest, FindsARewardStillPayableOnARejectedReferral) {
  Fill(3);
  Tamper(
      "UPDATE referrals SET stage = 'rejected' WHERE id = (SELECT referral_id FROM rewards WHERE status = 'pending' "
      "ORDER BY id LIMIT 1)");
  ExpectDifferences(Verify(), {"is still pending though its referral was rejected"});
}

// Deal value corrections: reissues of unpaid rewards, adjustments of paid ones (up and down), and a
// correction back: the verifier replays them all, and finds an entry a correction did not make.
TEST_F(LedgerVerifyTest, UnderstandsDealValueCorrections) {
  Fill(7);  // referrals 0, 3 and 6 won at 10,000 + i: 10% rewards, pending
  store::RewardQuery query;
  query.limit = 100;
  std::vector<domain::Reward> won_rewards;
  ASSERT_TRUE(server_.store
                  ->Read([&](store::Queries& q) -> Status {
                    BB_ASSIGN_OR_RETURN(auto all, q.ListRewards(query));
                    for (auto& reward : all) {
                      if (reward.trigger_key == "stage:won") won_rewards.push_back(reward);
                    }
                    return Ok();
                  })
                  .ok());
  ASSERT_EQ(won_rewards.size(), 3u);
  // Ids made in the same millisecond sort at random: order by amount (1000, 1000, 1001).
  std::sort(won_rewards.begin(), won_rewards.end(),
            [](const auto& a, const auto& b) { return a.amount_minor < b.amount_minor; });
  // One paid, then corrected up and down; one corrected while unpaid; one left alone.
  const domain::Reward& paid = won_rewards[0];
  ASSERT_TRUE(server_.services->rewards.Approve(actor_, paid.id).ok());
  ASSERT_TRUE(server_.services->rewards.Fulfill(actor_, paid.id, "PAY-1").ok());
  server_.clock.Advance(std::chrono::hours(1));
  auto correct = [&](const std::string& referral, std::int64_t value) {
    service::DealValueCorrection correction{value, std::string("the CRM says so")};
    auto done = server_.services->referrals.CorrectDealValue(actor_, referral, correction);
    EXPECT_TRUE(done.ok()) << done.error().message();
    server_.clock.Advance(std::chrono::minutes(5));
  };
  correct(paid.referral_id, 50'000);
  correct(paid.referral_id, 5'000);
  correct(won_rewards[1].referral_id, 20'000);
  correct(won_rewards[1].referral_id, 20'000);  // the same value again: nothing
  service::LedgerReport report = Verify();
  for (const auto& difference : report.differences) ADD_FAILURE() << difference;
  EXPECT_EQ(report.rewards_found, report.rewards_expected);
  EXPECT_EQ(report.rewards_found, 7 + 3 + 2 + 1);  // grants; two adjustments; one reissue

  Tamper("UPDATE rewards SET amount_minor = amount_minor - 1 WHERE entry = 'adjustment' AND amount_minor < 0");
  ExpectDifferences(Verify(), {"the rules give -500"});
  Tamper("UPDATE rewards SET superseded_by = 0 WHERE superseded_by > 0");
  ExpectDifferences(Verify(), {"its status history says 2"});
}

// Regression: a referral's stored deal value (what the dashboard's revenue reads) could differ from
// the one its history ends with, and neither `ledger verify` nor `backup verify` said so.
TEST_F(LedgerVerifyTest, FindsADealValueItsHistoryDoesNotSay) {
  Fill(3);
  Tamper("UPDATE referrals SET deal_value_minor = deal_value_minor * 10 WHERE deal_value_minor IS NOT NULL");
  ExpectDifferences(Verify(), {"has a deal value of 100000, its history says 10000"});
}

}  // namespace
}  // namespace bb::testing
