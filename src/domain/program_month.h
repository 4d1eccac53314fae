#pragma once
// What staff enter for a program and a calendar month (UTC): what running the program cost
// (software, staff, services: its rewards are counted apart, from the ledger), and the business's
// totals that the program's referral figures are a share of or compared with (new pipeline and new
// revenue from every source; customers at the month's start, won and lost in it, from every
// source). Each figure is optional: a month may have a cost and no totals. Pure; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/analytics.h"

namespace bb::domain {

struct ProgramMonth {
  std::string program_id;
  std::string month;     // YYYY-MM
  std::string currency;  // the program's (read with the row; every figure is in it)
  std::optional<std::int64_t> cost_minor;
  std::optional<std::int64_t> total_pipeline_minor;
  std::optional<std::int64_t> total_revenue_minor;
  std::optional<std::int64_t> total_customers_at_start;  // the business's customers at the month's first instant
  std::optional<std::int64_t> total_new_customers;       // won during the month, from every source
  std::optional<std::int64_t> total_churned_customers;   // lost during the month
  std::string note;
  std::string updated_by;  // the actor's id
  Timestamp updated_at{};
  friend bool operator==(const ProgramMonth&, const ProgramMonth&) = default;
};

struct ProgramMonthInput {
  std::optional<std::int64_t> cost_minor;
  std::optional<std::int64_t> total_pipeline_minor;
  std::optional<std::int64_t> total_revenue_minor;
  std::optional<std::int64_t> total_customers_at_start;
  std::optional<std::int64_t> total_new_customers;
  std::optional<std::int64_t> total_churned_customers;
  std::optional<std::string> note;
};

inline constexpr std::size_t kMaxProgramMonthNote = 500;
inline constexpr std::int64_t kMaxCustomerCount = 1'000'000'000'000;

// The month "YYYY-MM" (2000-01 to 9999-12) as its first instant, UTC; nullopt for anything else.
std::optional<Timestamp> ParseMonth(std::string_view month);
// The month of `at`, "YYYY-MM" (UTC).
std::string MonthOf(Timestamp at);
// The first instant of the month of `at`, and of the month after it (UTC); any instant.
Timestamp MonthStart(Timestamp at);
Timestamp NextMonthStart(Timestamp at);
// The month of `at` as a bound of the months that can be stored: "2000-01" before 2000, "9999-13"
// (after every month) past 9999, else MonthOf(at). For ListProgramMonths's [from, before).
std::string MonthBound(Timestamp at);

// A month's entry from `input`: Ok, or kInvalidArgument naming "month" (not YYYY-MM from 2000-01
// to 9999-12), an amount (negative or above kMaxMinorAmount), a customer count (negative or above
// kMaxCustomerCount), "total_churned_customers" (more than the customers at the start and the new
// ones together, when all three are given), "note" (longer than kMaxProgramMonthNote characters,
// or not one line of text), or "cost_minor" when no figure is given at all.
Result<ProgramMonth> BuildProgramMonth(std::string program_id, std::string_view month, const ProgramMonthInput& input,
                                       std::string updated_by, Timestamp now);

// The program cost of [from, before): each month's cost spread evenly over the month's
// microseconds, the part inside the range counted, summed exactly and rounded once (halves away
// from zero). Months without a cost count 0. kOutOfRange naming `figure` when the sum does not fit.
Result<std::int64_t> ProratedCost(const std::vector<ProgramMonth>& months, Timestamp from, Timestamp before,
                                  std::string_view figure);

// Completes the dashboard's `money` (per currency, ordered by currency) for [from, before): adds
// each currency's program cost from `months` (a currency with a cost and no other money gains an
// entry) and sets every ROI over reward and program cost. kOutOfRange naming a figure too large.
Status CompleteMoney(const std::vector<ProgramMonth>& months, Timestamp from, Timestamp before,
                     std::vector<MoneyFigures>& money);

}  // namespace bb::domain
