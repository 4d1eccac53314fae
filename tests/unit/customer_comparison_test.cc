// Referred and other customers (domain/customer_comparison.h): month by month, a customer counted
// from the instant of its win to the instant its churn was recorded — at midnight UTC, at a month's
// last microsecond, on a leap day — the rates' rounding, the other customers as the entered totals
// less the referred ones, a range's figures, and sums too large for 64 bits.

#include "domain/customer_comparison.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace bb::domain {
namespace {

Timestamp At(const char* text) { return *ParseTimestamp(text); }

ReferredCustomer Won(const char* at, std::int64_t deal, const char* churned = nullptr) {
  ReferredCustomer c;
  c.won_at = At(at);
  if (churned) c.churned_at = At(churned);
  c.deal_value_minor = deal;
  c.priced = deal > 0;
  return c;
}

ProgramMonth Entered(const char* month) {
  ProgramMonth m;
  m.program_id = "prg_1";
  m.month = month;
  m.currency = "USD";
  return m;
}

CustomerFigures Figures(std::optional<std::int64_t> start, std::optional<std::int64_t> won,
                        std::optional<std::int64_t> churned, std::optional<std::int64_t> retention,
                        std::optional<std::int64_t> churn, std::optional<std::int64_t> revenue,
                        std::optional<std::int64_t> per_customer, std::optional<std::int64_t> unpriced) {
  return CustomerFigures{start, won, churned, retention, churn, revenue, per_customer, unpriced};
}

// The leap year 2024: A and B are customers before it starts; B leaves on January's last
// microsecond, C (won at January's first instant) on February's first; D is won without a value;
// E on the leap day's last microsecond; F at March's first instant.
std::vector<ReferredCustomer> LeapYearCustomers() {
  return {Won("2023-12-10T09:00:00Z", 10'000),
          Won("2023-12-20T09:00:00Z", 20'000, "2024-01-31T23:59:59.999999Z"),
          Won("2024-01-01T00:00:00Z", 30'000, "2024-02-01T00:00:00Z"),
          Won("2024-01-15T12:00:00Z", 0),
          Won("2024-02-29T23:59:59.999999Z", 40'000),
          Won("2024-03-01T00:00:00Z", 50'000)};
}

TEST(CustomerComparisonTest, ReferredCustomersMonthByMonthAcrossTheLeapDay) {
  auto report = CompareCustomers(LeapYearCustomers(), {}, "2024-01", "2024-03");
  ASSERT_TRUE(report.ok()) << report.error().message();
  ASSERT_EQ(report->months.size(), 3u);
  EXPECT_EQ(report->months[0].month, "2024-01");
  EXPECT_EQ(report->months[0].referred, Figures(2, 2, 1, 5'000, 5'000, 30'000, 30'000, 1))
      << "A and B at the start; C and D new; B churned; D has no value";
  EXPECT_EQ(report->months[1].referred, Figures(3, 1, 1, 6'667, 3'333, 40'000, 40'000, 0))
      << "C is a customer at February's first instant and leaves in February; 2 ÷ 3 rounds up";
  EXPECT_EQ(report->months[2].referred, Figures(3, 1, 0, 10'000, 0, 50'000, 50'000, 0))
      << "E, won on the leap day's last microsecond, is at March's start; F at its first instant is new";
  EXPECT_EQ(report->referred, Figures(2, 4, 2, 0, 10'000, 120'000, 40'000, 1))
      << "the range: January's start, the months' sums; 120,000 over the 3 customers with a value";
  for (const auto& month : report->months) {
    EXPECT_EQ(month.other, CustomerFigures{}) << month.month << ": nothing entered, nothing known";
    EXPECT_TRUE(month.notes.empty());
  }
  EXPECT_EQ(report->other, CustomerFigures{});
}

TEST(CustomerComparisonTest, TheOtherCustomersAreTheEnteredTotalsLessTheReferred) {
  ProgramMonth january = Entered("2024-01");
  january.total_customers_at_start = 102;
  january.total_new_customers = 12;
  january.total_churned_customers = 6;
  january.total_revenue_minor = 330'000;
  ProgramMonth february = Entered("2024-02");
  february.total_customers_at_start = 110;
  february.total_new_customers = 11;
  february.total_churned_customers = 4;
  ProgramMonth march = Entered("2024-03");
  march.total_new_customers = 0;
  ProgramMonth outside = Entered("2024-04");
  outside.total_new_customers = 1'000;

  auto report = CompareCustomers(LeapYearCustomers(), {outside, march, january, february}, "2024-01", "2024-03");
  ASSERT_TRUE(report.ok()) << report.error().message();
  EXPECT_EQ(report->months[0].other, Figures(100, 10, 5, 9'500, 500, std::nullopt, std::nullopt, std::nullopt))
      << "D, won without a value, keeps its deal inside the entered revenue: the rest's revenue is not shown";
  EXPECT_EQ(report->months[0].notes,
            std::vector<std::string>{"In 2024-01, 1 referred customers were won without a value in the program's "
                                     "currency: the other customers' revenue is not shown."});
  EXPECT_EQ(report->months[1].other, Figures(107, 10, 3, 9'720, 280, std::nullopt, std::nullopt, std::nullopt))
      << "104 ÷ 107 = 0.97196; no revenue entered";
  EXPECT_EQ(report->months[2].other, CustomerFigures{}) << "0 new in all is fewer than the 1 referred";
  ASSERT_EQ(report->months[2].notes.size(), 1u);
  EXPECT_EQ(report->months[2].notes[0],
            "The business's number of new customers entered for 2024-03 (0) is less than the referred customers' "
            "(1): the other customers' figure is not shown.");
  EXPECT_EQ(report->other, Figures(100, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                                   std::nullopt, std::nullopt))
      << "a range's sum is known only when every month's is";

  auto two = CompareCustomers(LeapYearCustomers(), {january, february}, "2024-01", "2024-02");
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->other, Figures(100, 20, 8, 9'200, 800, std::nullopt, std::nullopt, std::nullopt));

  // Without D, January's rest has a revenue: the total less the referred 30,000, over its 10 new.
  std::vector<ReferredCustomer> priced = LeapYearCustomers();
  priced.erase(priced.begin() + 3);
  january.total_new_customers = 11;
  auto revenue = CompareCustomers(priced, {january}, "2024-01", "2024-01");
  ASSERT_TRUE(revenue.ok());
  EXPECT_EQ(revenue->months[0].other, Figures(100, 10, 5, 9'500, 500, 300'000, 30'000, std::nullopt));
  EXPECT_TRUE(revenue->months[0].notes.empty());
}

TEST(CustomerComparisonTest, AMonthWithoutCustomersAtItsStartHasNoRates) {
  auto report = CompareCustomers({Won("2024-05-31T23:59:59.999999Z", 7, "2024-05-31T23:59:59.999999Z")}, {}, "2024-05",
                                 "2024-06");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->months[0].referred, Figures(0, 1, 1, std::nullopt, std::nullopt, 7, 7, 0))
      << "won and gone in the same microsecond: new and churned, and no rate over nobody";
  EXPECT_EQ(report->months[1].referred, Figures(0, 0, 0, std::nullopt, std::nullopt, 0, std::nullopt, 0));
}

TEST(CustomerComparisonTest, MoreLeftThanWereThereGivesARetentionBelowZero) {
  auto report =
      CompareCustomers({Won("2024-04-30T10:00:00Z", 1), Won("2024-05-02T10:00:00Z", 1, "2024-05-03T10:00:00Z"),
                        Won("2024-05-04T10:00:00Z", 1, "2024-05-05T10:00:00Z")},
                       {}, "2024-05", "2024-05");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->months[0].referred.retention_bp, -10'000) << "(1 − 2) ÷ 1";
  EXPECT_EQ(report->months[0].referred.churn_bp, 20'000);
}

TEST(CustomerComparisonTest, RevenueTooLargeFor64BitsNamesItsFigure) {
  std::vector<ReferredCustomer> customers(10'000, Won("2024-05-02T10:00:00Z", 1'000'000'000'000'000));
  auto report = CompareCustomers(customers, {}, "2024-05", "2024-05");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code(), ErrorCode::kOutOfRange);
  ASSERT_EQ(report.error().fields().size(), 1u);
  EXPECT_EQ(report.error().fields()[0].field, "referred.new_revenue_minor");

  // 9,000 such deals fit in one month, but not two months of them in the range's sum.
  std::vector<ReferredCustomer> two_months(9'000, Won("2024-05-02T10:00:00Z", 1'000'000'000'000'000));
  two_months.resize(18'000, Won("2024-06-02T10:00:00Z", 1'000'000'000'000'000));
  auto range = CompareCustomers(two_months, {}, "2024-05", "2024-06");
  ASSERT_FALSE(range.ok());
  EXPECT_EQ(range.error().fields()[0].field, "referred.new_revenue_minor");
}

TEST(CustomerComparisonTest, MonthsOutOfOrderAreRefused) {
  auto report = CompareCustomers({}, {}, "2024-06", "2024-05");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(report.error().fields()[0].field, "from");
}

}  // namespace
}  // namespace bb::domain
