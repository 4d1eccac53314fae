// A program's figures per month (domain/program_month.h): months as text, what staff may enter, and
// the program cost of a range — each month spread over its own length, leap February included,
// summed exactly and rounded once.

#include "domain/program_month.h"

#include <gtest/gtest.h>

#include <string>

#include "common/time_format.h"

namespace bb::domain {
namespace {

Timestamp At(const char* text) { return *ParseTimestamp(text); }

ProgramMonth Cost(const char* month, std::int64_t cost) {
  ProgramMonth m;
  m.program_id = "prg_1";
  m.month = month;
  m.currency = "USD";
  m.cost_minor = cost;
  return m;
}

std::int64_t Prorated(const std::vector<ProgramMonth>& months, const char* from, const char* before) {
  auto cost = ProratedCost(months, At(from), At(before), "program_cost_minor");
  EXPECT_TRUE(cost.ok());
  return cost.ok() ? *cost : -1;
}

std::vector<std::string> FieldsOf(const Error& error) {
  std::vector<std::string> fields;
  for (const auto& field : error.fields()) fields.push_back(field.field);
  return fields;
}

TEST(ProgramMonthTest, MonthsReadAndWriteAsText) {
  EXPECT_EQ(ParseMonth("2024-02"), At("2024-02-01T00:00:00Z"));
  EXPECT_EQ(NextMonthStart(At("2024-12-31T23:59:59.999999Z")), At("2025-01-01T00:00:00Z"));
  EXPECT_EQ(MonthStart(At("2024-02-29T23:59:59Z")), At("2024-02-01T00:00:00Z"));
  EXPECT_EQ(MonthStart(At("1999-12-15T00:00:00Z")), At("1999-12-01T00:00:00Z")) << "any instant";
  EXPECT_EQ(MonthBound(At("1999-12-15T00:00:00Z")), "2000-01");
  EXPECT_EQ(MonthBound(At("2026-11-15T00:00:00Z")), "2026-11");
  EXPECT_EQ(MonthBound(NextMonthStart(At("9999-12-15T00:00:00Z"))), "9999-13") << "after every month";
  EXPECT_EQ(MonthOf(At("2024-02-29T23:59:59.999999Z")), "2024-02");
  for (const char* bad : {"2024-13", "2024-00", "24-01", "2024-1", "2024/01", "1999-12", "2024-01-01", "２０２４-01"}) {
    EXPECT_EQ(ParseMonth(bad), std::nullopt) << bad;
  }
}

TEST(ProgramMonthTest, AWholeMonthCountsWhole) {
  EXPECT_EQ(Prorated({Cost("2026-01", 310'000)}, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"), 310'000);
  EXPECT_EQ(Prorated({Cost("2026-01", 310'000)}, "2025-06-01T00:00:00Z", "2027-01-01T00:00:00Z"), 310'000);
  EXPECT_EQ(Prorated({Cost("2026-01", 310'000)}, "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"), 0);
}

TEST(ProgramMonthTest, EachMonthIsSpreadOverItsOwnLength) {
  // January's 31 days and February's 28: the second half of January and the first 14 days of February.
  std::vector<ProgramMonth> months{Cost("2026-01", 3'100), Cost("2026-02", 2'800)};
  EXPECT_EQ(Prorated(months, "2026-01-16T00:00:00Z", "2026-02-15T00:00:00Z"), 1'600 + 1'400);
  // A leap February has 29 days.
  EXPECT_EQ(Prorated({Cost("2024-02", 2'900)}, "2024-02-15T00:00:00Z", "2024-03-01T00:00:00Z"), 1'500);
  // Half a day of a 30-day month.
  EXPECT_EQ(Prorated({Cost("2026-04", 7'200)}, "2026-04-10T00:00:00Z", "2026-04-10T12:00:00Z"), 120);
}

TEST(ProgramMonthTest, TheSumIsRoundedOnceHalvesUp) {
  // 24 × ½ day / 30 days = 0.4 and 25 × ½ day / 31 days = 0.403: 0.803 → 1, where rounding each would give 0.
  std::vector<ProgramMonth> months{Cost("2026-04", 24), Cost("2026-05", 25)};
  EXPECT_EQ(Prorated(months, "2026-04-30T12:00:00Z", "2026-05-01T12:00:00Z"), 1);
  EXPECT_EQ(Prorated({Cost("2026-04", 1)}, "2026-04-01T00:00:00Z", "2026-04-16T00:00:00Z"), 1) << "0.5 rounds up";
  EXPECT_EQ(Prorated({Cost("2026-04", 10)}, "2026-04-01T00:00:00Z", "2026-04-02T00:00:00Z"), 0) << "0.33";
}

TEST(ProgramMonthTest, MonthsWithoutACostCountNothing) {
  ProgramMonth totals_only = Cost("2026-01", 0);
  totals_only.cost_minor.reset();
  totals_only.total_revenue_minor = 1'000'000;
  EXPECT_EQ(Prorated({totals_only}, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"), 0);
}

TEST(ProgramMonthTest, TheLargestCostsOfThreeYearsAddUpExactly) {
  std::vector<ProgramMonth> months;
  for (int year = 2024; year <= 2026; ++year) {
    for (int month = 1; month <= 12; ++month) {
      const std::string text = std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
      months.push_back(Cost(text.c_str(), 1'000'000'000'000'000));
    }
  }
  EXPECT_EQ(Prorated(months, "2024-01-01T00:00:00Z", "2027-01-01T00:00:00Z"), 36'000'000'000'000'000);
}

TEST(ProgramMonthTest, WhatStaffMayEnter) {
  ProgramMonthInput input;
  input.cost_minor = 500'000;
  input.note = "  licence  ";
  auto month = BuildProgramMonth("prg_1", "2026-11", input, "usr_1", At("2026-12-01T00:00:00Z"));
  ASSERT_TRUE(month.ok());
  EXPECT_EQ(month->note, "licence");
  EXPECT_EQ(month->total_revenue_minor, std::nullopt);

  ProgramMonthInput bad;
  bad.cost_minor = -1;
  bad.total_pipeline_minor = 1'000'000'000'000'001;
  bad.note = "two\nlines";
  auto refused = BuildProgramMonth("prg_1", "2026-13", bad, "usr_1", At("2026-12-01T00:00:00Z"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(FieldsOf(refused.error()),
            (std::vector<std::string>{"month", "cost_minor", "total_pipeline_minor", "note"}));

  auto empty = BuildProgramMonth("prg_1", "2026-11", ProgramMonthInput{}, "usr_1", At("2026-12-01T00:00:00Z"));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(FieldsOf(empty.error()), std::vector<std::string>{"cost_minor"});
}

TEST(ProgramMonthTest, CustomerCountsAreWholeAndTheChurnedNoMoreThanThereWere) {
  ProgramMonthInput counts;
  counts.total_customers_at_start = 1'000'000'000'000;
  counts.total_new_customers = 0;
  counts.total_churned_customers = 1'000'000'000'000;
  auto month = BuildProgramMonth("prg_1", "2026-11", counts, "usr_1", At("2026-12-01T00:00:00Z"));
  ASSERT_TRUE(month.ok()) << "counts alone are a month's figures; every customer may leave";
  EXPECT_EQ(month->total_churned_customers, 1'000'000'000'000);
  EXPECT_EQ(month->cost_minor, std::nullopt);

  ProgramMonthInput bad;
  bad.total_customers_at_start = -1;
  bad.total_new_customers = 1'000'000'000'001;
  auto refused = BuildProgramMonth("prg_1", "2026-11", bad, "usr_1", At("2026-12-01T00:00:00Z"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(FieldsOf(refused.error()), (std::vector<std::string>{"total_customers_at_start", "total_new_customers"}));

  ProgramMonthInput too_many;
  too_many.total_customers_at_start = 10;
  too_many.total_new_customers = 2;
  too_many.total_churned_customers = 13;
  auto lost = BuildProgramMonth("prg_1", "2026-11", too_many, "usr_1", At("2026-12-01T00:00:00Z"));
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(FieldsOf(lost.error()), std::vector<std::string>{"total_churned_customers"});
  too_many.total_churned_customers = 12;
  EXPECT_TRUE(BuildProgramMonth("prg_1", "2026-11", too_many, "usr_1", At("2026-12-01T00:00:00Z")).ok());
}

}  // namespace
}  // namespace bb::domain
