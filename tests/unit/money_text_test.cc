// Amounts as emails show them, by the currency's ISO 4217 minor unit, exact at the int64 limits.

#include "domain/money_text.h"

#include <gtest/gtest.h>

#include <limits>

namespace bb::domain {
namespace {

TEST(MoneyText, FormatsByTheCurrencysMinorUnit) {
  EXPECT_EQ(FormatMoney(5000, "USD"), "USD 50.00");
  EXPECT_EQ(FormatMoney(123456789, "EUR"), "EUR 1,234,567.89");
  EXPECT_EQ(FormatMoney(5, "USD"), "USD 0.05");
  EXPECT_EQ(FormatMoney(0, "GBP"), "GBP 0.00");
  EXPECT_EQ(FormatMoney(5000, "JPY"), "JPY 5,000");
  EXPECT_EQ(FormatMoney(1250, "BHD"), "BHD 1.250");
  EXPECT_EQ(FormatMoney(12345, "CLF"), "CLF 1.2345");
  EXPECT_EQ(FormatMoney(-1200, "USD"), "USD -12.00");
  EXPECT_EQ(FormatMoney(100, "ZZZ"), "ZZZ 1.00") << "unknown codes: two decimals";
}

TEST(MoneyText, IsExactAtTheLimits) {
  EXPECT_EQ(FormatMoney(std::numeric_limits<std::int64_t>::max(), "USD"), "USD 92,233,720,368,547,758.07");
  EXPECT_EQ(FormatMoney(std::numeric_limits<std::int64_t>::min(), "USD"), "USD -92,233,720,368,547,758.08");
  EXPECT_EQ(FormatMoney(1'000'000'000'000'000, "JPY"), "JPY 1,000,000,000,000,000");
}

TEST(MoneyText, CountsAndPercentagesAsReportsShowThem) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(1'234'567), "1,234,567");
  EXPECT_EQ(FormatCount(-7'000), "-7,000");
  EXPECT_EQ(FormatCount(std::numeric_limits<std::int64_t>::min()), "-9,223,372,036,854,775,808");
  EXPECT_EQ(FormatPercentBp(std::nullopt), "—");
  EXPECT_EQ(FormatPercentBp(0), "0.0%");
  EXPECT_EQ(FormatPercentBp(56'667), "566.7%");
  EXPECT_EQ(FormatPercentBp(5), "0.1%") << "halves away from zero";
  EXPECT_EQ(FormatPercentBp(-5), "-0.1%");
  EXPECT_EQ(FormatPercentBp(-4), "0.0%") << "no minus on a zero";
  EXPECT_EQ(FormatPercentBp(-10'000), "-100.0%");
  EXPECT_EQ(FormatPercentBp(12'345'678), "123,456.8%");
}

}  // namespace
}  // namespace bb::domain
