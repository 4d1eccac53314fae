#include "common/checked_math.h"

#include <gtest/gtest.h>

#include <limits>

namespace bb {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

TEST(Sum128, AddsPastSixtyFourBitsExactly) {
  Sum128 sum;
  for (int i = 0; i < 4; ++i) sum.Add(kMax);
  EXPECT_EQ(sum.value(), Int128{kMax} * 4);
  for (int i = 0; i < 4; ++i) sum.Add(-kMax);
  ASSERT_TRUE(sum.As("total").ok());
  EXPECT_EQ(*sum.As("total"), 0);
}

TEST(Figure, NamesAFigureThatDoesNotFit) {
  EXPECT_EQ(*Figure(Int128{kMax}, "x"), kMax);
  EXPECT_EQ(*Figure(Int128{kMin}, "x"), kMin);
  auto over = Figure(Int128{kMax} + 1, "money[USD].revenue_minor");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code(), ErrorCode::kOutOfRange);
  ASSERT_EQ(over.error().fields().size(), 1u);
  EXPECT_EQ(over.error().fields()[0].field, "money[USD].revenue_minor");
  EXPECT_FALSE(Figure(Int128{kMin} - 1, "x").ok());
}

TEST(ToDecimal, WritesEveryDigit) {
  EXPECT_EQ(ToDecimal(0), "0");
  EXPECT_EQ(ToDecimal(-42), "-42");
  EXPECT_EQ(ToDecimal(Int128{kMax} * 10 + 7), "92233720368547758077");
  EXPECT_EQ(ToDecimal(Int128{kMin}), "-9223372036854775808");
}

TEST(RoundedQuotient, TakesHalvesAwayFromZero) {
  EXPECT_EQ(RoundedQuotient(5, 2), 3);
  EXPECT_EQ(RoundedQuotient(-5, 2), -3);
  EXPECT_EQ(RoundedQuotient(4, 3), 1);
  EXPECT_EQ(RoundedQuotient(-4, 3), -1);
  EXPECT_EQ(RoundedQuotient(0, 7), 0);
  EXPECT_EQ(RoundedQuotient(Int128{1} << 100, Int128{1} << 99), 2);
}

}  // namespace
}  // namespace bb
