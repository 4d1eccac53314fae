#include "domain/referral_summary.h"

#include <gtest/gtest.h>

#include "common/time_format.h"
#include "domain/click_summary.h"

namespace bb::domain {
namespace {

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

ReferralFacts WonReferral() {
  ReferralFacts f;
  f.referral_id = "ref_1";
  f.program_id = "prg_1";
  f.advocate_id = "adv_1";
  f.channel = "email";
  f.program_currency = "USD";
  f.created_at = At("2024-02-28T23:00:00Z");
  f.first_qualified_at = At("2024-02-29T10:00:00Z");
  f.won_at = At("2024-03-01T00:00:00Z");
  f.win = true;
  f.deal_value_minor = 120'000;
  f.deal_currency = "USD";
  f.rewards = {{"rwd_1", "USD", 5'000, RewardStatus::kPending, At("2024-03-01T00:00:00Z")},
               {"rwd_2", "USD", 700, RewardStatus::kReversed, At("2024-03-01T00:00:00Z")}};
  return f;
}

TEST(ReferralSummary, AWonReferralCountsOnItsSubmissionDayAndOnTheDaysThingsHappened) {
  ReferralSummary summary;
  summary.Add(WonReferral(), +1);
  std::int64_t submitted = UtcDayOf(At("2024-02-28T00:00:00Z"));
  std::int64_t leap_day = submitted + 1;
  std::int64_t march = submitted + 2;
  ASSERT_EQ(summary.days.size(), 3u);
  const ReferralTally& cohort = summary.days.at({submitted, "email", "USD"});
  EXPECT_EQ(cohort.submitted, 1);
  EXPECT_EQ(cohort.cohort_qualified, 1);
  EXPECT_EQ(cohort.cohort_won, 1);
  EXPECT_EQ(cohort.cohort_revenue, 120'000);
  EXPECT_EQ(cohort.cohort_reward_cost, 5'000) << "a reversed reward is no cost";
  EXPECT_EQ(cohort.cohort_committed, 5'000);
  EXPECT_EQ(cohort.activity_won, 0);
  EXPECT_EQ(summary.days.at({leap_day, "email", "USD"}).activity_qualified, 1);
  const ReferralTally& won = summary.days.at({march, "email", "USD"});
  EXPECT_EQ(won.activity_won, 1);
  EXPECT_EQ(won.activity_revenue, 120'000);
  EXPECT_EQ(won.activity_reward_cost, 5'000);
  EXPECT_EQ(summary.advocates.at({submitted, "adv_1"}).cohort_revenue, 120'000);
  EXPECT_EQ(summary.advocates.at({march, "adv_1"}).activity_won, 1);
}

TEST(ReferralSummary, AChangeIsTheDifferenceAndUndoingItLeavesNothing) {
  ReferralFacts before = WonReferral();
  ReferralFacts after = before;
  after.win = false;  // held by a review
  ReferralSummary delta;
  delta.Add(before, -1);
  delta.Add(after, +1);
  std::int64_t submitted = UtcDayOf(before.created_at);
  const ReferralTally& cohort = delta.days.at({submitted, "email", "USD"});
  EXPECT_EQ(cohort.submitted, 0);
  EXPECT_EQ(cohort.cohort_won, -1);
  EXPECT_EQ(cohort.cohort_revenue, -120'000);
  EXPECT_EQ(delta.days.count({submitted + 1, "email", "USD"}), 0u) << "qualified did not change";
  delta.Add(after, -1);
  delta.Add(before, +1);
  // The figures cancel out; the day's referrers are only ever added to (adding twice counts once).
  ASSERT_EQ(delta.referrers.size(), 1u);
  EXPECT_EQ(delta.referrers.at(submitted).Estimate(), 1);
  delta.referrers.clear();
  EXPECT_TRUE(delta.empty());
}

TEST(ReferralSummary, OnlyTheEntriesInsideAWindowAreAdded) {
  ReferralSummary part;
  part.Add(WonReferral(), +1, At("2024-02-29T00:00:00Z"), At("2024-03-01T00:00:00Z"));
  ASSERT_EQ(part.days.size(), 1u);
  EXPECT_EQ(part.days.begin()->second.activity_qualified, 1);
  EXPECT_TRUE(part.advocates.empty());
}

TEST(ReferralSummary, AnAdvocatesRevenueCountsOnlyDealsInTheProgramsCurrency) {
  ReferralFacts pounds = WonReferral();
  pounds.deal_currency = "GBP";
  ReferralSummary summary;
  summary.Add(pounds, +1);
  std::int64_t submitted = UtcDayOf(pounds.created_at);
  EXPECT_EQ(summary.days.at({submitted, "email", "GBP"}).cohort_revenue, 120'000);
  EXPECT_EQ(summary.advocates.at({submitted, "adv_1"}).cohort_won, 1);
  EXPECT_EQ(summary.advocates.at({submitted, "adv_1"}).cohort_revenue, 0);
}

TEST(ReferralSummary, ComparingNamesTheDayTheFigureAndBothValues) {
  ReferralSummary stored;
  ReferralSummary computed;
  stored.Add(WonReferral(), +1);
  computed.Add(WonReferral(), +1);
  computed.AddEnrolment(UtcDayOf(At("2024-02-29T00:00:00Z")), "active", 3);
  EXPECT_EQ(CompareReferralSummaries("prg_1", stored, computed),
            std::vector<std::string>{
                "2024-02-29 (program prg_1) advocates enrolled, now active: the summary has 0, the raw rows 3"});
  ReferralFacts lost = WonReferral();
  lost.win = false;
  ReferralSummary other;
  other.Add(lost, +1);
  auto differences = CompareReferralSummaries("prg_1", other, stored);
  ASSERT_FALSE(differences.empty());
  EXPECT_EQ(differences.front(),
            "2024-02-28 (program prg_1) channel email currency USD cohort_won: the summary has 0, "
            "the raw rows 1");
}

}  // namespace
}  // namespace bb::domain
