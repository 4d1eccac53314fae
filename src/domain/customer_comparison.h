#pragma once
// Referred customers against the rest (GET /api/v1/reports/customers): per calendar month (UTC) of
// one program, how many customers there were at its start, how many were won and lost in it, the
// retention and churn rates that follow, and the new revenue per new customer — for the customers
// the program's referrals brought, and for every other customer of the business where staff
// entered the business's totals for the month (domain/program_month.h). Pure; no I/O.
//
// Definitions (docs/api.md "Referred and other customers"):
// - a referred customer is a referral won and clear now, a customer from the history entry that
//   reached won until its churn was recorded (a `customer_churned` entry);
// - retention_bp = (customers at start − churned) ÷ customers at start, the usual customer
//   retention rate ((at end − new) ÷ at start); churn_bp = churned ÷ customers at start; both
//   rounded half away from zero, none without customers at the start; retention falls below 0
//   when more customers left than there were at the start;
// - the other customers are the business's totals less the referred ones, figure by figure; a
//   figure whose total is not entered, or is below the referred one, is none (with a note), and so
//   is their revenue in a month when referred customers were won without a value in the program's
//   currency (their deals are in the total, not in the referred revenue);
// - a range's figures: customers at the start of its first month, and the sums of its months.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/program_month.h"

namespace bb::domain {

// A referral won and clear now: when it was won, when its customer's churn was recorded, its deal.
struct ReferredCustomer {
  Timestamp won_at{};
  std::optional<Timestamp> churned_at;
  std::int64_t deal_value_minor = 0;  // 0 without a value
  bool priced = true;                 // false: won without a value, or with one in another currency
  friend bool operator==(const ReferredCustomer&, const ReferredCustomer&) = default;
};

// One side's figures for a month or a range; a figure that cannot be known is none.
struct CustomerFigures {
  std::optional<std::int64_t> customers_at_start;
  std::optional<std::int64_t> new_customers;
  std::optional<std::int64_t> churned_customers;
  std::optional<std::int64_t> retention_bp;
  std::optional<std::int64_t> churn_bp;
  std::optional<std::int64_t> new_revenue_minor;               // the won deals' values, in the program's currency
  std::optional<std::int64_t> revenue_per_new_customer_minor;  // ÷ the new customers with a value
  std::optional<std::int64_t> unpriced_new_customers;          // referred: won without a value in the currency
  friend bool operator==(const CustomerFigures&, const CustomerFigures&) = default;
};

struct CustomerMonth {
  std::string month;  // YYYY-MM
  CustomerFigures referred;
  CustomerFigures other;
  std::vector<std::string> notes;  // why an "other" figure is none although its total was entered
  friend bool operator==(const CustomerMonth&, const CustomerMonth&) = default;
};

struct CustomerComparison {
  std::vector<CustomerMonth> months;  // oldest first
  CustomerFigures referred;           // the whole range
  CustomerFigures other;
};

// The figures of the months from `first` to `last` (YYYY-MM, inclusive, first <= last) from the
// program's `referred` customers (those won before the end of `last` at least) and its entered
// `months` (any; those outside the range are ignored). kOutOfRange naming a figure too large for
// 64 bits; kInvalidArgument naming "from" for months that do not parse or are out of order.
Result<CustomerComparison> CompareCustomers(const std::vector<ReferredCustomer>& referred,
                                            const std::vector<ProgramMonth>& months, std::string_view first,
                                            std::string_view last);

}  // namespace bb::domain
