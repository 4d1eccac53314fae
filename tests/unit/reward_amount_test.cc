#include "domain/reward_amount.h"

#include <gtest/gtest.h>

#include <limits>

#include "common/time_format.h"

namespace bb::domain {
namespace {

Timestamp At(const char* iso) {
  auto parsed = ParseTimestamp(iso);
  EXPECT_TRUE(parsed.has_value()) << iso;
  return parsed.value_or(Timestamp{});
}

RewardAmount Fixed(std::int64_t minor) { return {minor, std::nullopt, std::nullopt, std::nullopt}; }
RewardAmount Percent(std::int64_t bp, std::optional<std::int64_t> min = {}, std::optional<std::int64_t> max = {}) {
  return {std::nullopt, bp, min, max};
}

std::int64_t Compute(const RewardAmount& amount, std::optional<std::int64_t> deal,
                     const std::optional<Promotion>& promotion = {}, Timestamp at = Timestamp{}) {
  auto value = ComputeRewardAmount(amount, deal, promotion, at);
  EXPECT_TRUE(value.ok()) << value.error().message();
  return value.ok() ? *value : -1;
}

std::vector<std::string> FieldsOf(const Status& status) {
  std::vector<std::string> names;
  if (!status.ok()) {
    for (const auto& f : status.error().fields()) names.push_back(f.field);
  }
  return names;
}

TEST(MultiplyRounded, RoundsHalvesAwayFromZero) {
  EXPECT_EQ(MultiplyRounded(125, 1, 10), 13);    // 12.5 -> 13
  EXPECT_EQ(MultiplyRounded(124, 1, 10), 12);    // 12.4 -> 12
  EXPECT_EQ(MultiplyRounded(-125, 1, 10), -13);  // -12.5 -> -13
  EXPECT_EQ(MultiplyRounded(5, 1, 10), 1);       // 0.5 -> 1
  EXPECT_EQ(MultiplyRounded(4, 1, 10), 0);
}

TEST(MultiplyRounded, IsExactForLargeAmounts) {
  // 9.2e16 minor units at 100% needs more than 64 bits in the intermediate product.
  EXPECT_EQ(MultiplyRounded(92'233'720'368'547'758, 10'000, 10'000), 92'233'720'368'547'758);
}

TEST(ComputeRewardAmount, FixedAmountsIgnoreTheDeal) {
  EXPECT_EQ(Compute(Fixed(5'000), std::nullopt), 5'000);
  EXPECT_EQ(Compute(Fixed(5'000), 1'000'000), 5'000);
}

TEST(ComputeRewardAmount, PercentOfTheDealIsRoundedToTheNearestMinorUnit) {
  EXPECT_EQ(Compute(Percent(1'000), 1'234'567), 123'457);  // 10% of 12,345.67 = 1,234.567 -> 1,234.57
  EXPECT_EQ(Compute(Percent(250), 1'000), 25);             // 2.5% of 10.00 = 0.25
  EXPECT_EQ(Compute(Percent(333), 150), 5);                // 3.33% of 1.50 = 0.04995 -> 0.05
  EXPECT_EQ(Compute(Percent(1), 4'999), 0);                // 0.01% of 49.99 = 0.004999 -> 0.00
  EXPECT_EQ(Compute(Percent(1), 5'000), 1);                // exactly half a cent -> 1 cent
}

TEST(ComputeRewardAmount, FloorAndCeilingHoldThePercentage) {
  EXPECT_EQ(Compute(Percent(1'000, 10'000, 50'000), 20'000), 10'000);     // 2,000 under the floor
  EXPECT_EQ(Compute(Percent(1'000, 10'000, 50'000), 300'000), 30'000);    // in between
  EXPECT_EQ(Compute(Percent(1'000, 10'000, 50'000), 9'000'000), 50'000);  // 900,000 over the ceiling
  EXPECT_EQ(Compute(Percent(1'000, 10'000, 50'000), 100'000), 10'000);    // exactly the floor
  EXPECT_EQ(Compute(Percent(1'000, 10'000, 50'000), 500'000), 50'000);    // exactly the ceiling
}

TEST(ComputeRewardAmount, APercentageNeedsADealValue) {
  for (std::optional<std::int64_t> deal : {std::optional<std::int64_t>{}, std::optional<std::int64_t>{-1}}) {
    auto value = ComputeRewardAmount(Percent(1'000), deal, std::nullopt, Timestamp{});
    ASSERT_FALSE(value.ok());
    EXPECT_EQ(FieldsOf(value.error()), std::vector<std::string>{"deal_value_minor"});
  }
}

TEST(ComputeRewardAmount, APromotionMultipliesFromItsStartUntilJustBeforeItsEnd) {
  Promotion march{20'000, At("2026-03-01T00:00:00Z"), At("2026-04-01T00:00:00Z")};
  EXPECT_EQ(Compute(Fixed(5'000), {}, march, At("2026-02-28T23:59:59.999999Z")), 5'000);
  EXPECT_EQ(Compute(Fixed(5'000), {}, march, At("2026-03-01T00:00:00Z")), 10'000);
  EXPECT_EQ(Compute(Fixed(5'000), {}, march, At("2026-03-31T23:59:59.999999Z")), 10'000);
  EXPECT_EQ(Compute(Fixed(5'000), {}, march, At("2026-04-01T00:00:00Z")), 5'000);
}

TEST(ComputeRewardAmount, APromotionAppliesAfterTheCeilingAndRounds) {
  Promotion boost{15'000, At("2026-01-01T00:00:00Z"), At("2027-01-01T00:00:00Z")};
  Timestamp during = At("2026-06-01T00:00:00Z");
  EXPECT_EQ(Compute(Percent(1'000, {}, 50'000), 9'000'000, boost, during), 75'000);  // the capped 500.00, x1.5
  EXPECT_EQ(Compute(Fixed(333), {}, boost, during), 500);                            // 4.995 -> 5.00
}

TEST(CheckRewardAmount, NeedsExactlyOneKind) {
  EXPECT_EQ(FieldsOf(CheckRewardAmount({})), std::vector<std::string>{"amount"});
  EXPECT_EQ(FieldsOf(CheckRewardAmount({100, 100, {}, {}})), std::vector<std::string>{"amount"});
  EXPECT_TRUE(CheckRewardAmount(Fixed(0)).ok());
  EXPECT_TRUE(CheckRewardAmount(Percent(10'000, 0, 0)).ok());
}

TEST(CheckRewardAmount, NamesEachBadField) {
  EXPECT_EQ(FieldsOf(CheckRewardAmount(Fixed(-1))), std::vector<std::string>{"amount.fixed_minor"});
  EXPECT_EQ(FieldsOf(CheckRewardAmount(Percent(1'000'001))), std::vector<std::string>{"amount.percent_bp"});
  EXPECT_EQ(FieldsOf(CheckRewardAmount(Percent(-1))), std::vector<std::string>{"amount.percent_bp"});
  EXPECT_EQ(FieldsOf(CheckRewardAmount(Percent(100, 500, 100))), std::vector<std::string>{"amount.max_minor"});
  EXPECT_EQ(FieldsOf(CheckRewardAmount(Percent(100, -1, {}))), std::vector<std::string>{"amount.min_minor"});
  EXPECT_EQ(FieldsOf(CheckRewardAmount({100, {}, 5, {}})), std::vector<std::string>{"amount.min_minor"});
}

TEST(CheckPromotion, NeedsAnEndAfterItsStartAndASaneMultiplier) {
  Timestamp start = At("2026-03-01T00:00:00Z");
  EXPECT_TRUE(CheckPromotion({20'000, start, start + std::chrono::hours(1)}).ok());
  EXPECT_EQ(FieldsOf(CheckPromotion({20'000, start, start})), std::vector<std::string>{"promotion.ends_at"});
  EXPECT_TRUE(CheckPromotion({100'000, start, start + std::chrono::hours(1)}).ok());
  EXPECT_EQ(FieldsOf(CheckPromotion({100'001, start, start + std::chrono::hours(1)})),
            std::vector<std::string>{"promotion.multiplier_bp"});
  EXPECT_EQ(FieldsOf(CheckPromotion({-1, start, start + std::chrono::hours(1)})),
            std::vector<std::string>{"promotion.multiplier_bp"});
}

// Regression (issue 12): amounts had no upper bound and a percentage of a large deal times a
// promotion wrapped around 64 bits into a nonsense (even negative) reward.
TEST(CheckRewardAmount, AcceptsUpToAQuadrillionMinorUnitsAndTenThousandPercent) {
  constexpr std::int64_t kQuadrillion = 1'000'000'000'000'000;
  EXPECT_TRUE(CheckRewardAmount(Fixed(kQuadrillion)).ok());
  EXPECT_EQ(FieldsOf(CheckRewardAmount(Fixed(kQuadrillion + 1))), std::vector<std::string>{"amount.fixed_minor"});
  EXPECT_TRUE(CheckRewardAmount(Percent(1'000'000, 0, kQuadrillion)).ok());
  EXPECT_EQ(FieldsOf(CheckRewardAmount(Percent(100, kQuadrillion + 1, {}))),
            std::vector<std::string>{"amount.min_minor"});
  EXPECT_EQ(FieldsOf(CheckRewardAmount(Percent(100, {}, kQuadrillion + 1))),
            std::vector<std::string>{"amount.max_minor"});
  EXPECT_EQ(FieldsOf(CheckRewardAmount(Fixed(std::numeric_limits<std::int64_t>::max()))),
            std::vector<std::string>{"amount.fixed_minor"});
}

TEST(ComputeRewardAmount, AResultAboveAQuadrillionIsRefusedNeverWrapped) {
  constexpr std::int64_t kQuadrillion = 1'000'000'000'000'000;
  EXPECT_EQ(Compute(Percent(10'000), kQuadrillion), kQuadrillion);  // 100% of the largest deal
  auto over = ComputeRewardAmount(Percent(20'000), kQuadrillion, std::nullopt, Timestamp{});
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code(), ErrorCode::kOutOfRange);
  EXPECT_NE(over.error().message().find("2000000000000000"), std::string::npos) << over.error().message();
  // A promotion that pushes a legal amount over the bound, and rows a corrupt database might hold.
  Promotion tenfold{100'000, Timestamp{}, Timestamp{} + std::chrono::hours(1)};
  EXPECT_FALSE(ComputeRewardAmount(Fixed(kQuadrillion / 5), std::nullopt, tenfold, Timestamp{}).ok());
  Promotion absurd{std::numeric_limits<std::int64_t>::max(), Timestamp{}, Timestamp{} + std::chrono::hours(1)};
  EXPECT_FALSE(ComputeRewardAmount(Fixed(kQuadrillion), std::nullopt, absurd, Timestamp{}).ok());
  EXPECT_EQ(Compute(Fixed(0), std::nullopt, absurd), 0);
  auto huge_deal = ComputeRewardAmount(Percent(std::numeric_limits<std::int64_t>::max()),
                                       std::numeric_limits<std::int64_t>::max(), std::nullopt, Timestamp{});
  ASSERT_FALSE(huge_deal.ok());
  EXPECT_EQ(huge_deal.error().code(), ErrorCode::kOutOfRange);
  auto negative = ComputeRewardAmount(Fixed(-5), std::nullopt, std::nullopt, Timestamp{});
  EXPECT_FALSE(negative.ok()) << "a corrupt negative amount is never written";
}

TEST(MultiplyRounded, SaysWhenTheResultDoesNotFit) {
  EXPECT_EQ(MultiplyRounded(std::numeric_limits<std::int64_t>::max(), 2, 1), std::nullopt);
  EXPECT_EQ(MultiplyRounded(std::numeric_limits<std::int64_t>::max(), 3, 3), std::numeric_limits<std::int64_t>::max());
}

TEST(CapPeriod, NamesRoundTrip) {
  for (CapPeriod p : {CapPeriod::kMonth, CapPeriod::kQuarter, CapPeriod::kYear}) {
    EXPECT_EQ(ParseCapPeriod(ToString(p)), p);
  }
  EXPECT_EQ(ParseCapPeriod("week"), std::nullopt);
}

TEST(PeriodContaining, MonthsQuartersAndYearsAreUtcCalendarPeriods) {
  auto month = PeriodContaining(CapPeriod::kMonth, At("2026-02-14T10:00:00Z"));
  EXPECT_EQ(month.start, At("2026-02-01T00:00:00Z"));
  EXPECT_EQ(month.end, At("2026-03-01T00:00:00Z"));
  auto quarter = PeriodContaining(CapPeriod::kQuarter, At("2026-05-31T23:59:59Z"));
  EXPECT_EQ(quarter.start, At("2026-04-01T00:00:00Z"));
  EXPECT_EQ(quarter.end, At("2026-07-01T00:00:00Z"));
  auto year = PeriodContaining(CapPeriod::kYear, At("2026-12-31T23:59:59.999999Z"));
  EXPECT_EQ(year.start, At("2026-01-01T00:00:00Z"));
  EXPECT_EQ(year.end, At("2027-01-01T00:00:00Z"));
}

TEST(PeriodContaining, TheFirstInstantOfAPeriodBelongsToItAndTheLastToThePreviousOne) {
  EXPECT_EQ(PeriodContaining(CapPeriod::kMonth, At("2026-03-01T00:00:00Z")).start, At("2026-03-01T00:00:00Z"));
  EXPECT_EQ(PeriodContaining(CapPeriod::kMonth, At("2026-02-28T23:59:59.999999Z")).start, At("2026-02-01T00:00:00Z"));
  EXPECT_EQ(PeriodContaining(CapPeriod::kQuarter, At("2026-10-01T00:00:00Z")).start, At("2026-10-01T00:00:00Z"));
  EXPECT_EQ(PeriodContaining(CapPeriod::kQuarter, At("2026-12-31T23:59:59Z")).end, At("2027-01-01T00:00:00Z"));
  EXPECT_EQ(PeriodContaining(CapPeriod::kMonth, At("2028-02-29T12:00:00Z")).end, At("2028-03-01T00:00:00Z"));
}

}  // namespace
}  // namespace bb::domain
