// The pipeline report's computations (domain/pipeline_report.h): time to close by the nearest
// rank, win rates by stage, and the forecast's arithmetic and months.

#include "domain/pipeline_report.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace bb::domain {
namespace {

using S = ReferralStage;

Timestamp At(const char* text) { return *ParseTimestamp(text); }
constexpr std::int64_t kDay = 86'400;
// The UTC day number of a date ("2026-03-05").
std::int64_t UtcDay(const char* date) {
  return ToMicros(At((std::string(date) + "T00:00:00Z").c_str())) / (kDay * 1'000'000);
}

WonReferral Won(const char* channel, std::int64_t days, std::int64_t deal = 0) {
  Timestamp submitted = At("2026-01-01T00:00:00Z");
  return WonReferral{channel, submitted, submitted + std::chrono::seconds(days * kDay), deal, true};
}

TEST(PipelineReportTest, TimeToCloseByTheNearestRank) {
  std::vector<WonReferral> won;
  for (int days = 10; days >= 1; --days) won.push_back(Won(days % 2 ? "email" : "qr", days));
  std::vector<CloseTime> times = TimesToClose(won);
  ASSERT_EQ(times.size(), 3u);
  EXPECT_EQ(times[0], (CloseTime{"", 10, 5 * kDay, 9 * kDay})) << "ranks ceil(0.5 × 10) = 5 and ceil(0.9 × 10) = 9";
  EXPECT_EQ(times[1], (CloseTime{"email", 5, 5 * kDay, 9 * kDay})) << "1 3 5 7 9: ranks 3 and 5";
  EXPECT_EQ(times[2], (CloseTime{"qr", 5, 6 * kDay, 10 * kDay}));
  EXPECT_EQ(TimesToClose({Won("email", 3), Won("email", 4)})[0], (CloseTime{"", 2, 3 * kDay, 4 * kDay}))
      << "the lower middle of two";
  EXPECT_EQ(TimesToClose({}), (std::vector<CloseTime>{CloseTime{"", 0, std::nullopt, std::nullopt}}));
}

TEST(PipelineReportTest, WinRatesCountDecidedReferralsOnly) {
  std::vector<StageOutcomeCount> counts{
      {S::kWon, true, true, true, 3},         {S::kWon, false, true, false, 2},  // held wins: still open
      {S::kLost, true, false, false, 4},      {S::kLost, true, true, true, 1},
      {S::kRejected, true, false, false, 5},  {S::kOpportunity, true, true, true, 6},
      {S::kSubmitted, true, false, false, 7},
  };
  std::vector<StageWinRate> rates = WinRatesByStage(counts, true);
  ASSERT_EQ(rates.size(), 3u);
  EXPECT_EQ(rates[0], (StageWinRate{S::kSubmitted, 28, 3, 5, 5, 15, 3'750}));
  EXPECT_EQ(rates[1], (StageWinRate{S::kQualified, 12, 3, 1, 0, 8, 7'500}));
  EXPECT_EQ(rates[2], (StageWinRate{S::kOpportunity, 10, 3, 1, 0, 6, 7'500}));
  EXPECT_EQ(WinRatesByStage(counts, false).size(), 2u) << "without the opportunity stage";
  EXPECT_EQ(WinRatesByStage({{S::kSubmitted, true, false, false, 2}}, false)[0].win_rate_bp, std::nullopt);
}

TEST(PipelineReportTest, TheForecastByExpectedCloseMonth) {
  // The past year: 1 of 4 decided referrals won from submitted, 1 of 2 from qualified; wins of 10
  // and 30 days, 10,000 and 20,000: a median close of 10 days and an average deal of 15,000.
  std::vector<StageWinRate> rates{{S::kSubmitted, 10, 1, 3, 0, 6, 2'500}, {S::kQualified, 4, 1, 1, 0, 2, 5'000}};
  std::vector<WonReferral> past{Won("email", 10, 10'000), Won("email", 30, 20'000)};
  Timestamp now = At("2026-03-25T00:00:00Z");
  std::int64_t march5 = UtcDay("2026-03-05");
  std::int64_t march23 = UtcDay("2026-03-23");
  std::vector<OpenReferralCount> open{{S::kSubmitted, march5, 4}, {S::kQualified, march23, 2}};
  auto forecast = ForecastRevenue(open, rates, past, now - std::chrono::days(365), now);
  ASSERT_TRUE(forecast.ok());
  EXPECT_EQ(forecast->average_deal_minor, 15'000);
  EXPECT_EQ(forecast->median_close_seconds, 10 * kDay);
  EXPECT_EQ(forecast->months,
            (std::vector<ForecastMonth>{{"2026-03", 4, 1'000, 15'000}, {"2026-04", 2, 1'000, 15'000}}))
      << "March 5 + 10 days is past: this month; March 23 + 10 days is April 2";
  EXPECT_EQ(forecast->open_referrals, 6);
  EXPECT_EQ(forecast->expected_won_milli, 2'000);
  EXPECT_EQ(forecast->expected_revenue_minor, 30'000);
}

TEST(PipelineReportTest, AMonthsSharesAreRoundedOnce) {
  // One referral at each stage, each won a third of the time: 0.333… + 0.333… = 0.667, not 0.666.
  std::vector<StageWinRate> rates{{S::kSubmitted, 3, 1, 2, 0, 0, 3'333}, {S::kQualified, 3, 1, 2, 0, 0, 3'333}};
  Timestamp now = At("2026-03-25T00:00:00Z");
  std::int64_t today = UtcDay("2026-03-25");
  auto forecast = ForecastRevenue({{S::kSubmitted, today, 1}, {S::kQualified, today, 1}}, rates,
                                  {Won("email", 0, 3'000)}, now - std::chrono::days(365), now);
  ASSERT_TRUE(forecast.ok());
  ASSERT_EQ(forecast->months.size(), 1u);
  EXPECT_EQ(forecast->months[0].expected_won_milli, 667);
  EXPECT_EQ(forecast->months[0].expected_revenue_minor, 2'000) << "two thirds of 3,000";
}

TEST(PipelineReportTest, WithoutAPastWinNothingIsExpected) {
  std::vector<StageWinRate> rates{{S::kSubmitted, 3, 0, 3, 0, 0, 0}};
  auto forecast = ForecastRevenue({{S::kSubmitted, UtcDay("2026-03-01"), 5}}, rates, {}, At("2025-03-25T00:00:00Z"),
                                  At("2026-03-25T00:00:00Z"));
  ASSERT_TRUE(forecast.ok());
  EXPECT_EQ(forecast->average_deal_minor, std::nullopt);
  EXPECT_EQ(forecast->months, (std::vector<ForecastMonth>{{"2026-03", 5, 0, 0}}));
}

// Regression (review of issue 16): rejections end referrals too, wins without a priced deal still
// count as wins, and referrals left open for over a year are not forecast.
TEST(PipelineReportTest, RejectionsStaleReferralsAndUnpricedWins) {
  // 2 won, 2 lost, 6 rejected: an open referral ends won 2 times in 10, not 2 in 4.
  std::vector<StageWinRate> rates{{S::kSubmitted, 10, 2, 2, 6, 0, 5'000}};
  Timestamp now = At("2026-03-25T00:00:00Z");
  WonReferral unpriced = Won("email", 10);
  unpriced.priced = false;
  WonReferral elsewhere = Won("email", 10, 999'999);
  elsewhere.in_program_currency = false;
  auto forecast =
      ForecastRevenue({{S::kSubmitted, UtcDay("2026-03-01"), 10}, {S::kSubmitted, UtcDay("2024-01-01"), 500}}, rates,
                      {unpriced, elsewhere}, At("2025-03-25T00:00:00Z"), now);
  ASSERT_TRUE(forecast.ok());
  EXPECT_EQ(forecast->stale_open_referrals, 500);
  EXPECT_EQ(forecast->open_referrals, 10);
  EXPECT_EQ(forecast->average_deal_minor, std::nullopt) << "no priced win in the program's currency";
  EXPECT_EQ(forecast->months, (std::vector<ForecastMonth>{{"2026-03", 10, 2'000, 0}}))
      << "2 wins expected, of no known value";
}

}  // namespace
}  // namespace bb::domain
