#include "domain/program_month.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "common/checked_math.h"
#include "domain/reward_amount.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr int kFirstYear = 2000;
constexpr int kLastYear = 9999;
// 28, 29, 30 and 31 all divide it: every month's share of a cost becomes a whole number of
// 1/(kCommonDays × microseconds a day) units, so months of different lengths add up exactly.
constexpr std::int64_t kCommonDays = 4 * 7 * 29 * 3 * 5 * 31;
constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

Timestamp FirstInstant(std::chrono::year_month ym) {
  return Timestamp(std::chrono::sys_days(ym / std::chrono::day(1)));
}

std::chrono::year_month YearMonthOf(Timestamp at) {
  std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(at)};
  return {day.year(), day.month()};
}

}  // namespace

std::optional<Timestamp> ParseMonth(std::string_view month) {
  if (month.size() != 7 || month[4] != '-') return std::nullopt;
  int year = 0;
  int number = 0;
  for (int i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (month[i] < '0' || month[i] > '9') return std::nullopt;
    int& target = i < 4 ? year : number;
    target = target * 10 + (month[i] - '0');
  }
  if (year < kFirstYear || year > kLastYear || number < 1 || number > 12) return std::nullopt;
  return FirstInstant(std::chrono::year(year) / std::chrono::month(static_cast<unsigned>(number)));
}

std::string MonthOf(Timestamp at) {
  std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(at)};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(day.year()), static_cast<unsigned>(day.month()));
  return text;
}

Timestamp MonthStart(Timestamp at) { return FirstInstant(YearMonthOf(at)); }

Timestamp NextMonthStart(Timestamp at) { return FirstInstant(YearMonthOf(at) + std::chrono::months(1)); }

std::string MonthBound(Timestamp at) {
  int year = static_cast<int>(YearMonthOf(at).year());
  if (year < kFirstYear) return "2000-01";
  if (year > kLastYear) return "9999-13";
  return MonthOf(at);
}

Result<ProgramMonth> BuildProgramMonth(std::string program_id, std::string_view month, const ProgramMonthInput& input,
                                       std::string updated_by, Timestamp now) {
  std::vector<FieldError> errors;
  if (!ParseMonth(month)) errors.push_back({"month", "must be a month, YYYY-MM, from 2000-01 to 9999-12"});
  auto check_amount = [&](std::string_view name, const std::optional<std::int64_t>& amount) {
    if (!amount) return;
    if (std::string problem = CheckMinorAmount(*amount); !problem.empty())
      errors.push_back({std::string(name), problem});
  };
  check_amount("cost_minor", input.cost_minor);
  check_amount("total_pipeline_minor", input.total_pipeline_minor);
  check_amount("total_revenue_minor", input.total_revenue_minor);
  auto check_count = [&](std::string_view name, const std::optional<std::int64_t>& count) {
    if (count && (*count < 0 || *count > kMaxCustomerCount)) {
      errors.push_back({std::string(name), "must be a whole number from 0 to " + std::to_string(kMaxCustomerCount)});
    }
  };
  check_count("total_customers_at_start", input.total_customers_at_start);
  check_count("total_new_customers", input.total_new_customers);
  check_count("total_churned_customers", input.total_churned_customers);
  if (errors.empty() && input.total_customers_at_start && input.total_new_customers && input.total_churned_customers &&
      *input.total_churned_customers > *input.total_customers_at_start + *input.total_new_customers) {
    errors.push_back({"total_churned_customers", "cannot be more than the customers at the start and the new ones"});
  }
  if (input.note) {
    if (std::string problem = CheckText(*input.note, kMaxProgramMonthNote, true); !problem.empty()) {
      errors.push_back({"note", problem});
    }
  }
  if (!input.cost_minor && !input.total_pipeline_minor && !input.total_revenue_minor &&
      !input.total_customers_at_start && !input.total_new_customers && !input.total_churned_customers) {
    errors.push_back({"cost_minor", "or another figure is required"});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  ProgramMonth out;
  out.program_id = std::move(program_id);
  out.month = std::string(month);
  out.cost_minor = input.cost_minor;
  out.total_pipeline_minor = input.total_pipeline_minor;
  out.total_revenue_minor = input.total_revenue_minor;
  out.total_customers_at_start = input.total_customers_at_start;
  out.total_new_customers = input.total_new_customers;
  out.total_churned_customers = input.total_churned_customers;
  out.note = std::string(Trim(input.note.value_or("")));
  out.updated_by = std::move(updated_by);
  out.updated_at = now;
  return out;
}

Result<std::int64_t> ProratedCost(const std::vector<ProgramMonth>& months, Timestamp from, Timestamp before,
                                  std::string_view figure) {
  // Each month contributes cost × overlap / length; in units of 1/(kCommonDays × a day's
  // microseconds) that is cost × overlap × (kCommonDays / days in the month), an integer.
  Int128 total = 0;
  for (const auto& month : months) {
    if (!month.cost_minor) continue;
    auto start = ParseMonth(month.month);
    if (!start) continue;
    Timestamp end = NextMonthStart(*start);
    Timestamp low = std::max(from, *start);
    Timestamp high = std::min(before, end);
    if (high <= low) continue;
    std::int64_t days = std::chrono::duration_cast<std::chrono::days>(end - *start).count();
    std::int64_t overlap = ToMicros(high) - ToMicros(low);
    total += Int128{*month.cost_minor} * overlap * (kCommonDays / days);
  }
  constexpr Int128 kUnit = Int128{kCommonDays} * kMicrosPerDay;
  Int128 rounded = (total + kUnit / 2) / kUnit;  // costs are never negative
  return Figure(rounded, figure);
}

Status CompleteMoney(const std::vector<ProgramMonth>& months, Timestamp from, Timestamp before,
                     std::vector<MoneyFigures>& money) {
  std::map<std::string, std::vector<ProgramMonth>> by_currency;
  for (const auto& month : months) by_currency[month.currency].push_back(month);
  for (const auto& [name, of_currency] : by_currency) {
    const std::string& currency = name;  // a lambda below captures it (not a structured binding)
    BB_ASSIGN_OR_RETURN(std::int64_t cost,
                        ProratedCost(of_currency, from, before, "money[" + currency + "].program_cost_minor"));
    if (cost == 0) continue;
    auto it = std::find_if(money.begin(), money.end(), [&](const auto& m) { return m.currency == currency; });
    if (it == money.end()) {
      MoneyFigures added;
      added.currency = currency;
      it = money.insert(std::upper_bound(money.begin(), money.end(), added,
                                         [](const auto& a, const auto& b) { return a.currency < b.currency; }),
                        added);
    }
    it->program_cost_minor = cost;
  }
  for (auto& m : money) {
    std::string prefix = "money[" + m.currency + "].";
    BB_ASSIGN_OR_RETURN(std::int64_t cost,
                        Figure(Int128{m.reward_cost_minor} + m.program_cost_minor, prefix + "cost_minor"));
    BB_ASSIGN_OR_RETURN(m.roi_bp, ReturnOnInvestmentBp(m.revenue_minor, cost, prefix + "roi_bp"));
  }
  return Ok();
}

}  // namespace bb::domain
