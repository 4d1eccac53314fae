// Reichheld's earned growth rate (domain/earned_growth.h): EGR = NRR + ENC − 100%, with ENC the
// referred revenue won in the period over the prior period's revenue. A worked example (NRR 105%,
// 1,250,000 earned on 10,000,000: ENC 12.5%, EGR 17.5%); deals in another currency and without a
// value counted apart; rounding half away from zero; a company shrinking (NRR 80%, ENC 5%: −15%);
// inputs out of range refused by name; no input, no rate.

#include "domain/earned_growth.h"

#include <gtest/gtest.h>

namespace bb::domain {
namespace {

WonReferral Won(std::int64_t value, bool in_currency = true, bool priced = true) {
  WonReferral w;
  w.deal_value_minor = value;
  w.in_program_currency = in_currency;
  w.priced = priced;
  return w;
}

TEST(EarnedGrowthTest, TheWorkedExample) {
  const std::vector<WonReferral> won = {Won(1'000'000), Won(250'000), Won(777, false), Won(0, true, false)};
  auto growth = EarnedGrowthOf(won, {.nrr_bp = 10'500, .prior_revenue_minor = 10'000'000}).value();
  EXPECT_EQ(growth.won, 4);
  EXPECT_EQ(growth.won_other_currency, 1);
  EXPECT_EQ(growth.won_without_value, 1);
  EXPECT_EQ(growth.earned_revenue_minor, 1'250'000) << "the other currency's deal is never added";
  EXPECT_EQ(growth.enc_bp, 1'250) << "12.5%";
  EXPECT_EQ(growth.earned_growth_rate_bp, 1'750) << "105% + 12.5% − 100% = 17.5%";
}

TEST(EarnedGrowthTest, RatesRoundHalfAwayFromZeroAndMayBeNegative) {
  auto shrinking = EarnedGrowthOf({Won(500'000)}, {.nrr_bp = 8'000, .prior_revenue_minor = 10'000'000}).value();
  EXPECT_EQ(shrinking.enc_bp, 500);
  EXPECT_EQ(shrinking.earned_growth_rate_bp, -1'500);
  EXPECT_EQ(EarnedGrowthOf({Won(1)}, {.prior_revenue_minor = 20'000}).value().enc_bp, 1) << "0.5 bp rounds up";
  EXPECT_EQ(EarnedGrowthOf({Won(1)}, {.prior_revenue_minor = 20'001}).value().enc_bp, 0);
}

TEST(EarnedGrowthTest, WithoutTheInputsOnlyTheEarnedRevenueIsShown) {
  auto bare = EarnedGrowthOf({Won(300)}, {}).value();
  EXPECT_EQ(bare.earned_revenue_minor, 300);
  EXPECT_FALSE(bare.enc_bp);
  EXPECT_FALSE(bare.earned_growth_rate_bp);
  auto no_nrr = EarnedGrowthOf({Won(300)}, {.prior_revenue_minor = 3'000}).value();
  EXPECT_EQ(no_nrr.enc_bp, 1'000);
  EXPECT_FALSE(no_nrr.earned_growth_rate_bp) << "EGR needs the retention too";
}

TEST(EarnedGrowthTest, InputsOutOfRangeAreRefusedByName) {
  EXPECT_TRUE(CheckEarnedGrowthInput({.nrr_bp = 0, .prior_revenue_minor = 1}).ok());
  EXPECT_TRUE(CheckEarnedGrowthInput({.nrr_bp = 100'000, .prior_revenue_minor = 1'000'000'000'000'000}).ok());
  Status bad = CheckEarnedGrowthInput({.nrr_bp = 100'001, .prior_revenue_minor = 0});
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields().size(), 2u);
  EXPECT_EQ(bad.error().fields()[0].field, "nrr_bp");
  EXPECT_EQ(bad.error().fields()[1].field, "prior_revenue_minor");
  EXPECT_FALSE(CheckEarnedGrowthInput({.nrr_bp = -1}).ok());
  EXPECT_FALSE(CheckEarnedGrowthInput({.prior_revenue_minor = 1'000'000'000'000'001}).ok());
}

}  // namespace
}  // namespace bb::domain
