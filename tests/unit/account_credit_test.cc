// Account-level credit: which referrals of an account count as won when one of them is won, and
// when a referral won through its account has no win of its own.
#include "domain/account_credit.h"

#include <gtest/gtest.h>

#include <chrono>

namespace bb::domain {
namespace {

Timestamp Day(int day) { return Timestamp{} + std::chrono::days(20'000 + day); }

Referral Open(std::string id, int day) {
  Referral r;
  r.id = std::move(id);
  r.program_id = "prg_1";
  r.created_at = Day(day);
  r.stage = ReferralStage::kQualified;
  return r;
}

ReferralEvent Event(ReferralEventKind kind, std::vector<ReferralStage> reached) {
  ReferralEvent e;
  e.kind = kind;
  e.reached = std::move(reached);
  return e;
}

TEST(AccountCreditTest, OnlyOpenClearReferralsOfTheProgramSubmittedByTheWinCount) {
  Referral won = Open("ref_won", 1);
  won.stage = ReferralStage::kWon;
  EXPECT_TRUE(CreditedByAccountWin(Open("ref_b", 2), won, Day(10)));
  EXPECT_TRUE(CreditedByAccountWin(Open("ref_b", 10), won, Day(10))) << "submitted at the instant of the win";
  EXPECT_FALSE(CreditedByAccountWin(Open("ref_b", 11), won, Day(10))) << "submitted after the win";
  EXPECT_FALSE(CreditedByAccountWin(won, won, Day(10))) << "the won referral itself";

  Referral other_program = Open("ref_b", 2);
  other_program.program_id = "prg_2";
  EXPECT_FALSE(CreditedByAccountWin(other_program, won, Day(10)));

  for (auto status : {ReviewStatus::kHeld, ReviewStatus::kDuplicate}) {
    Referral held = Open("ref_b", 2);
    held.review_status = status;
    EXPECT_FALSE(CreditedByAccountWin(held, won, Day(10))) << "under review: " << ToString(status);
  }
  for (auto stage : {ReferralStage::kWon, ReferralStage::kLost, ReferralStage::kRejected}) {
    Referral closed = Open("ref_b", 2);
    closed.stage = stage;
    EXPECT_FALSE(CreditedByAccountWin(closed, won, Day(10))) << "closed: " << ToString(stage);
  }
  for (auto stage : {ReferralStage::kSubmitted, ReferralStage::kOpportunity}) {
    Referral open = Open("ref_b", 2);
    open.stage = stage;
    EXPECT_TRUE(CreditedByAccountWin(open, won, Day(10))) << "open: " << ToString(stage);
  }
}

TEST(AccountCreditTest, WonThroughAccountOnlyUntilItsOwnDealIsWon) {
  using K = ReferralEventKind;
  using S = ReferralStage;
  std::vector<ReferralEvent> history{Event(K::kSubmitted, {S::kSubmitted}), Event(K::kStageMoved, {S::kQualified})};
  EXPECT_FALSE(WonThroughAccountOnly(history)) << "not won at all";

  history.push_back(Event(K::kAccountWon, {S::kOpportunity, S::kWon}));
  history.push_back(Event(K::kRewardWithheld, {}));
  history.push_back(Event(K::kDealValueCorrected, {}));
  EXPECT_TRUE(WonThroughAccountOnly(history));

  history.push_back(Event(K::kStageMoved, {S::kWon}));
  EXPECT_FALSE(WonThroughAccountOnly(history)) << "its own deal was won since";

  EXPECT_FALSE(WonThroughAccountOnly({Event(K::kStageMoved, {S::kOpportunity, S::kWon})})) << "an own win";
  EXPECT_FALSE(WonThroughAccountOnly({Event(K::kImported, {S::kSubmitted, S::kWon})})) << "imported as won";
}

// A referral won only through its account: its own win earns what the account win reached; staff
// may move it on as if the account win had not happened.
TEST(AccountCreditTest, AMoveAfterAnAccountWinStartsFromWhereTheAccountWinFoundIt) {
  using K = ReferralEventKind;
  using S = ReferralStage;
  ReferralEvent account = Event(K::kAccountWon, {S::kQualified, S::kOpportunity, S::kWon});
  account.from_stage = S::kSubmitted;
  const std::vector<ReferralEvent> history{Event(K::kSubmitted, {S::kSubmitted}), account};
  auto plan = [&](S to, bool deal_won = false, bool churned = false, bool uses_opportunity = true) {
    auto reached = PlanMoveAfterAccountWin(history, to, uses_opportunity, deal_won, churned);
    EXPECT_TRUE(reached.ok());
    return reached.ok() ? *reached : std::vector<S>{};
  };
  EXPECT_EQ(plan(S::kWon), (std::vector<S>{S::kQualified, S::kOpportunity, S::kWon}))
      << "its own win earns the stages the account win skipped";
  EXPECT_TRUE(plan(S::kWon, true).empty()) << "its CRM deal was won already: the account win was that deal's";
  EXPECT_TRUE(plan(S::kWon, false, true).empty()) << "the customer churned: nothing new is earned";
  EXPECT_EQ(plan(S::kSubmitted), (std::vector<S>{S::kSubmitted})) << "back to where it was";
  EXPECT_EQ(plan(S::kQualified), (std::vector<S>{S::kQualified}));
  EXPECT_EQ(plan(S::kLost), (std::vector<S>{S::kLost}));
  EXPECT_EQ(plan(S::kRejected), (std::vector<S>{S::kRejected}));
  auto skipped = PlanMoveAfterAccountWin(history, S::kOpportunity, false, false, false);
  ASSERT_FALSE(skipped.ok());
  EXPECT_EQ(skipped.error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace bb::domain
