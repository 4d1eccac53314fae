// The ROI calculator's model (domain/roi_estimate.h): the published figures' arithmetic, the
// research file's worked example, history preferred over published figures, and its refusals.

#include "domain/roi_estimate.h"

#include <gtest/gtest.h>

#include <limits>

namespace bb::domain {
namespace {

RoiAssumptions Choose(const RoiRequest& request, const std::optional<RoiHistory>& history = std::nullopt) {
  auto chosen = ChooseRoiAssumptions(request, history);
  EXPECT_TRUE(chosen.ok()) << (chosen.ok() ? "" : chosen.error().message());
  return chosen.ok() ? *chosen : RoiAssumptions{};
}

RoiEstimate Estimate(const RoiAssumptions& assumptions) {
  auto estimate = EstimateRoi(assumptions);
  EXPECT_TRUE(estimate.ok()) << (estimate.ok() ? "" : estimate.error().message());
  return estimate.ok() ? *estimate : RoiEstimate{};
}

const RoiAssumption* Listed(const RoiAssumptions& assumptions, std::string_view name) {
  for (const auto& listed : assumptions.listed) {
    if (listed.name == name) return &listed;
  }
  return nullptr;
}

std::vector<std::string> FieldsOf(const Error& error) {
  std::vector<std::string> fields;
  for (const auto& field : error.fields()) fields.push_back(field.field);
  return fields;
}

// The articles' bank: 48% of 10,000 customers engaged, 1.7 referrals each, 80% won, 5,000.00 a deal,
// a tenth of it as the reward, no program cost given.
TEST(RoiEstimateTest, TheBankCaseFromTheArticles) {
  RoiRequest request;
  request.customers = 10'000;
  request.deal_value_minor = 500'000;
  RoiAssumptions assumptions = Choose(request);
  EXPECT_EQ(assumptions.engaged_bp, 4'800);
  EXPECT_EQ(assumptions.referrals_per_engaged_milli, 1'700);
  EXPECT_EQ(assumptions.won_bp, 8'000);
  EXPECT_EQ(assumptions.reward_per_won_minor, 50'000);
  EXPECT_EQ(assumptions.months, 12);
  EXPECT_EQ(assumptions.sales_cycle_days, 90);
  EXPECT_EQ(assumptions.marketing_lead_won_bp, 100);
  ASSERT_NE(Listed(assumptions, "won_bp"), nullptr);
  EXPECT_NE(Listed(assumptions, "won_bp")->source.find("80%"), std::string::npos);
  EXPECT_EQ(Listed(assumptions, "customers")->source, "given");

  RoiEstimate estimate = Estimate(assumptions);
  EXPECT_EQ(estimate.engaged_milli, 4'800'000);
  EXPECT_EQ(estimate.referrals_milli, 8'160'000);
  EXPECT_EQ(estimate.won_milli, 6'528'000);
  EXPECT_EQ(estimate.revenue_minor, 3'264'000'000);
  EXPECT_EQ(estimate.reward_cost_minor, 326'400'000);
  EXPECT_EQ(estimate.program_cost_minor, 0);
  EXPECT_EQ(estimate.cost_minor, 326'400'000);
  EXPECT_EQ(estimate.net_minor, 2'937'600'000);
  EXPECT_EQ(estimate.roi_bp, 90'000);  // nine times the cost back
  EXPECT_EQ(estimate.roi_on_margin_bp, std::nullopt);
  EXPECT_EQ(estimate.cost_per_won_minor, 50'000);
  EXPECT_EQ(estimate.payback_days, 90);  // nothing to pay back before the first win
  // TSYS: referral leads won at 80% where marketing leads won at 1%.
  EXPECT_EQ(estimate.marketing_leads_for_same_wins_milli, 652'800'000);
}

// The research file's example (intelligence.md §8.3, 1): the 2016 benchmark's figures, a 70% margin,
// 30,000 of software and 30% of a 100,000 FTE a year.
TEST(RoiEstimateTest, TheBenchmarkWorkedExample) {
  RoiRequest request;
  request.preset = RoiPreset::kBenchmark;
  request.customers = 1'000;
  request.deal_value_minor = 2'000'000;
  request.gross_margin_bp = 7'000;
  request.program_cost_per_month_minor = 500'000;
  RoiEstimate estimate = Estimate(Choose(request));
  EXPECT_EQ(estimate.engaged_milli, 360'000);
  EXPECT_EQ(estimate.referrals_milli, 313'200);
  EXPECT_EQ(estimate.won_milli, 40'716);
  EXPECT_EQ(estimate.revenue_minor, 81'432'000);
  EXPECT_EQ(estimate.margin_minor, 57'002'400);
  EXPECT_EQ(estimate.reward_cost_minor, 8'143'200);
  EXPECT_EQ(estimate.program_cost_minor, 6'000'000);
  EXPECT_EQ(estimate.cost_minor, 14'143'200);
  EXPECT_EQ(estimate.net_minor, 42'859'200);
  EXPECT_EQ(estimate.roi_on_margin_bp, 30'304);  // 3.0304
  EXPECT_EQ(estimate.roi_bp, 47'577);            // on revenue, as the dashboard counts it
  EXPECT_EQ(estimate.cost_per_won_minor, 347'362);
  // 90 × 48,859,200 / 42,859,200 = 102.6: the 103rd day.
  EXPECT_EQ(estimate.payback_days, 103);
  EXPECT_EQ(estimate.marketing_leads_for_same_wins_milli, 4'071'600);
}

TEST(RoiEstimateTest, TheB2bPresetWinsThirtyFivePercent) {
  RoiRequest request;
  request.preset = RoiPreset::kB2bPurchase;
  request.customers = 1'000;
  request.deal_value_minor = 100;
  RoiAssumptions assumptions = Choose(request);
  EXPECT_EQ(assumptions.won_bp, 3'500);
  EXPECT_EQ(Estimate(assumptions).won_milli, 109'620);  // 1,000 × 36% × 0.87 × 35%
}

TEST(RoiEstimateTest, ProgramHistoryIsPreferredToPublishedFigures) {
  RoiRequest request;
  request.customers = 5'000;
  RoiHistory history{"2025-12-01 to 2026-11-30", 50, 200, 40, 160, 1'000'001, 40, 123'457};
  RoiAssumptions assumptions = Choose(request, history);
  EXPECT_EQ(assumptions.engaged_bp, 4'800);  // history cannot know the customer base
  EXPECT_EQ(assumptions.referrals_per_engaged_milli, 4'000);
  EXPECT_EQ(assumptions.won_bp, 2'000) << "won of those won or lost: 40 of 200";
  EXPECT_EQ(assumptions.deal_value_minor, 123'457);
  EXPECT_EQ(assumptions.reward_per_won_minor, 25'000);
  EXPECT_EQ(assumptions.reward_per_referral_minor, 0);
  EXPECT_NE(Listed(assumptions, "won_bp")->source.find("2025-12-01 to 2026-11-30"), std::string::npos);
  EXPECT_EQ(Listed(assumptions, "engaged_bp")->source.rfind("published:", 0), 0u);

  EXPECT_EQ(assumptions.program_cost_per_month_minor, 0) << "no month entered";
  history.program_cost_per_month_minor = 150'001;
  history.program_cost_months = "2 months entered, 2025-12 to 2026-01";
  RoiAssumptions with_cost = Choose(request, history);
  EXPECT_EQ(with_cost.program_cost_per_month_minor, 150'001);
  EXPECT_EQ(Listed(with_cost, "program_cost_per_month_minor")->source,
            "history: the average program cost of 2 months entered, 2025-12 to 2026-01");

  // A given figure wins over history; a reward design given in part replaces the history's whole.
  request.won_bp = 1'000;
  EXPECT_EQ(Choose(request, history).won_bp, 1'000);
  request.reward_per_referral_minor = 500;
  RoiAssumptions own_rewards = Choose(request, history);
  EXPECT_EQ(own_rewards.reward_per_won_minor, 12'346) << "10% of the deal, not the history's every-reward figure";
  EXPECT_EQ(own_rewards.reward_per_referral_minor, 500);
}

TEST(RoiEstimateTest, RatesAreAYearsSoALongerHorizonScalesEverything) {
  RoiRequest request;
  request.preset = RoiPreset::kBenchmark;
  request.customers = 1'000;
  request.deal_value_minor = 2'000'000;
  request.gross_margin_bp = 7'000;
  request.program_cost_per_month_minor = 500'000;
  request.months = 24;
  RoiEstimate estimate = Estimate(Choose(request));
  EXPECT_EQ(estimate.referrals_milli, 626'400);
  EXPECT_EQ(estimate.revenue_minor, 162'864'000);
  EXPECT_EQ(estimate.cost_minor, 28'286'400);
  EXPECT_EQ(estimate.roi_on_margin_bp, 30'304) << "the same return, twice the size";
  request.months = 1;
  EXPECT_EQ(Estimate(Choose(request)).referrals_milli, 26'100) << "a twelfth of a year's 313.2";
}

// Regression (review of issue 16): the payback assumed the costs never stopped; past the horizon
// only the gains still arriving count.
TEST(RoiEstimateTest, PaybackPastTheHorizonCountsOnlyTheGainsStillToCome) {
  RoiRequest request;
  request.preset = RoiPreset::kBenchmark;
  request.customers = 1'000;
  request.deal_value_minor = 2'000'000;
  request.months = 1;
  // Gains less won rewards: 3.393 wins × 1,800,000 = 6,107,400; half of it as the month's cost.
  request.program_cost_per_month_minor = 3'053'700;
  RoiEstimate estimate = Estimate(Choose(request));
  EXPECT_EQ(estimate.revenue_minor, 6'786'000);
  // The costs stop after 30.4 days; the gains arrive over days 90 to 120.4: half of them by day
  // 90 + 30.4 / 2 = 105.2, so the 106th day (the old formula said 180).
  EXPECT_EQ(estimate.payback_days, 106);
}

TEST(RoiEstimateTest, TooLittleHistoryFallsBackToPublishedFigures) {
  RoiRequest request;
  request.customers = 5'000;
  request.deal_value_minor = 10'000;
  RoiHistory history{"2025-12-01 to 2026-11-30", 9, 29, 9, 10, 900, 9, 10'000};
  RoiAssumptions assumptions = Choose(request, history);
  EXPECT_EQ(assumptions.won_bp, 8'000);
  EXPECT_EQ(assumptions.referrals_per_engaged_milli, 1'700);
  EXPECT_EQ(assumptions.reward_per_won_minor, 1'000);
}

TEST(RoiEstimateTest, EveryBadFieldIsNamedAtOnce) {
  RoiRequest request;
  request.engaged_bp = 10'001;
  request.won_bp = -1;
  request.months = 0;
  request.marketing_lead_won_bp = 0;
  auto chosen = ChooseRoiAssumptions(request, std::nullopt);
  ASSERT_FALSE(chosen.ok());
  EXPECT_EQ(chosen.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldsOf(chosen.error()), (std::vector<std::string>{"customers", "engaged_bp", "won_bp", "deal_value_minor",
                                                                "months", "marketing_lead_won_bp"}));
}

TEST(RoiEstimateTest, NoCostNoRoiAndNoWinNoCostPerWin) {
  RoiRequest request;
  request.customers = 100;
  request.deal_value_minor = 0;
  request.won_bp = 0;
  RoiEstimate estimate = Estimate(Choose(request));
  EXPECT_EQ(estimate.cost_minor, 0);
  EXPECT_EQ(estimate.roi_bp, std::nullopt);
  EXPECT_EQ(estimate.cost_per_won_minor, std::nullopt);
  EXPECT_EQ(estimate.payback_days, std::nullopt);
}

TEST(RoiEstimateTest, CostsThatOutrunTheGainsNeverPayBack) {
  RoiRequest request;
  request.customers = 100;
  request.deal_value_minor = 100'000;
  request.program_cost_per_month_minor = 100'000'000;
  RoiEstimate estimate = Estimate(Choose(request));
  EXPECT_LT(*estimate.roi_bp, 0);
  EXPECT_LT(estimate.net_minor, 0);
  EXPECT_EQ(estimate.payback_days, std::nullopt);
}

TEST(RoiEstimateTest, FiguresTooLargeForSixtyFourBitsAreRefusedByName) {
  RoiRequest request;
  request.customers = 100'000'000;
  request.engaged_bp = 10'000;
  request.referrals_per_engaged_milli = 100'000;
  request.won_bp = 10'000;
  request.deal_value_minor = 1'000'000'000'000;
  request.gross_margin_bp = 10'000;
  auto estimate = EstimateRoi(Choose(request));
  ASSERT_FALSE(estimate.ok());
  EXPECT_EQ(estimate.error().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(FieldsOf(estimate.error()), std::vector<std::string>{"revenue_minor"});
}

TEST(RoiEstimateTest, PresetsReadAndWriteByName) {
  for (RoiPreset preset : {RoiPreset::kBankCase, RoiPreset::kB2bPurchase, RoiPreset::kBenchmark}) {
    EXPECT_EQ(ParseRoiPreset(ToString(preset)), preset);
  }
  EXPECT_EQ(ParseRoiPreset("optimistic"), std::nullopt);
}

}  // namespace
}  // namespace bb::domain
