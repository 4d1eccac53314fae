#include "domain/customer_comparison.h"

#include <map>

#include "common/checked_math.h"

namespace bb::domain {
namespace {

constexpr std::int64_t kBasisPoints = 10'000;

// Sets the rates of `f` from its customers at the start and churned ones, when both are known.
void SetRates(CustomerFigures& f) {
  if (!f.customers_at_start || !f.churned_customers || *f.customers_at_start == 0) return;
  Int128 start = *f.customers_at_start;
  // Counts are at most 10^12 a month: these products fit in 64 bits with room to spare.
  f.retention_bp = static_cast<std::int64_t>(RoundedQuotient((start - *f.churned_customers) * kBasisPoints, start));
  f.churn_bp = static_cast<std::int64_t>(RoundedQuotient(Int128{*f.churned_customers} * kBasisPoints, start));
}

// Sets the revenue per new customer of `f` over `paying` new customers, when known and not 0.
void SetRevenuePerCustomer(CustomerFigures& f, std::optional<std::int64_t> paying) {
  if (!f.new_revenue_minor || !paying || *paying <= 0) return;
  f.revenue_per_new_customer_minor = static_cast<std::int64_t>(RoundedQuotient(*f.new_revenue_minor, *paying));
}

// The referred customers' figures of [start, end).
Result<CustomerFigures> ReferredFigures(const std::vector<ReferredCustomer>& referred, Timestamp start, Timestamp end) {
  std::int64_t at_start = 0;
  std::int64_t won = 0;
  std::int64_t churned = 0;
  std::int64_t unpriced = 0;
  Sum128 revenue;
  for (const auto& c : referred) {
    if (c.won_at < start && (!c.churned_at || *c.churned_at >= start)) ++at_start;
    if (c.churned_at && *c.churned_at >= start && *c.churned_at < end) ++churned;
    if (c.won_at < start || c.won_at >= end) continue;
    ++won;
    if (c.priced) {
      revenue.Add(c.deal_value_minor);
    } else {
      ++unpriced;
    }
  }
  CustomerFigures f;
  f.customers_at_start = at_start;
  f.new_customers = won;
  f.churned_customers = churned;
  f.unpriced_new_customers = unpriced;
  BB_ASSIGN_OR_RETURN(f.new_revenue_minor, revenue.As("referred.new_revenue_minor"));
  SetRates(f);
  SetRevenuePerCustomer(f, won - unpriced);
  return f;
}

// `total` less `referred`: none when the total is not entered, or (with a note) when it is below.
std::optional<std::int64_t> Rest(std::optional<std::int64_t> total, std::optional<std::int64_t> referred,
                                 std::string_view month, std::string_view what, std::vector<std::string>& notes) {
  if (!total || !referred) return std::nullopt;
  if (*total >= *referred) return *total - *referred;
  notes.push_back("The business's " + std::string(what) + " entered for " + std::string(month) + " (" +
                  std::to_string(*total) + ") is less than the referred customers' (" + std::to_string(*referred) +
                  "): the other customers' figure is not shown.");
  return std::nullopt;
}

CustomerFigures OtherFigures(const ProgramMonth* entered, const CustomerFigures& referred, std::string_view month,
                             std::vector<std::string>& notes) {
  CustomerFigures f;
  if (entered == nullptr) return f;
  f.customers_at_start = Rest(entered->total_customers_at_start, referred.customers_at_start, month,
                              "number of customers at the start", notes);
  f.new_customers = Rest(entered->total_new_customers, referred.new_customers, month, "number of new customers", notes);
  f.churned_customers =
      Rest(entered->total_churned_customers, referred.churned_customers, month, "number of churned customers", notes);
  if (entered->total_revenue_minor && referred.unpriced_new_customers.value_or(0) > 0) {
    // Their deals are in the total but not in the referred revenue: the rest would look richer.
    notes.push_back("In " + std::string(month) + ", " + std::to_string(*referred.unpriced_new_customers) +
                    " referred customers were won without a value in the program's currency: the other customers' "
                    "revenue is not shown.");
  } else {
    f.new_revenue_minor =
        Rest(entered->total_revenue_minor, referred.new_revenue_minor, month, "new revenue (in minor units)", notes);
  }
  SetRates(f);
  SetRevenuePerCustomer(f, f.new_customers);
  return f;
}

// Adds `term` to `sum` when both are known; once a term is unknown the sum is too.
void AddKnown(std::optional<Int128>& sum, std::optional<std::int64_t> term) {
  if (sum && term) {
    *sum += *term;
  } else {
    sum.reset();
  }
}

// The range's figures of one side from its months (`side` picks it out of a month).
template <typename Side>
Result<CustomerFigures> RangeFigures(const std::vector<CustomerMonth>& months, Side side, std::string_view name,
                                     bool referred) {
  CustomerFigures f;
  if (months.empty()) return f;
  f.customers_at_start = side(months.front()).customers_at_start;
  std::optional<Int128> won = 0, churned = 0, revenue = 0;
  Int128 unpriced = 0;  // the referred side's: always known
  for (const auto& month : months) {
    const CustomerFigures& m = side(month);
    AddKnown(won, m.new_customers);
    AddKnown(churned, m.churned_customers);
    AddKnown(revenue, m.new_revenue_minor);
    unpriced += m.unpriced_new_customers.value_or(0);
  }
  std::string prefix = std::string(name) + ".";
  if (won) {
    BB_ASSIGN_OR_RETURN(f.new_customers, Figure(*won, prefix + "new_customers"));
  }
  if (churned) {
    BB_ASSIGN_OR_RETURN(f.churned_customers, Figure(*churned, prefix + "churned_customers"));
  }
  if (revenue) {
    BB_ASSIGN_OR_RETURN(f.new_revenue_minor, Figure(*revenue, prefix + "new_revenue_minor"));
  }
  SetRates(f);
  if (referred) {
    BB_ASSIGN_OR_RETURN(f.unpriced_new_customers, Figure(unpriced, prefix + "unpriced_new_customers"));
    if (f.new_customers) SetRevenuePerCustomer(f, *f.new_customers - *f.unpriced_new_customers);
  } else {
    SetRevenuePerCustomer(f, f.new_customers);
  }
  return f;
}

}  // namespace

Result<CustomerComparison> CompareCustomers(const std::vector<ReferredCustomer>& referred,
                                            const std::vector<ProgramMonth>& months, std::string_view first,
                                            std::string_view last) {
  auto from = ParseMonth(first);
  auto to = ParseMonth(last);
  if (!from || !to || *to < *from) return Error::InvalidField("from", "must be a month no later than to");
  std::map<std::string, const ProgramMonth*, std::less<>> entered;
  for (const auto& m : months) entered[m.month] = &m;
  CustomerComparison out;
  for (Timestamp start = *from; start <= *to; start = NextMonthStart(start)) {
    CustomerMonth month;
    month.month = MonthOf(start);
    BB_ASSIGN_OR_RETURN(month.referred, ReferredFigures(referred, start, NextMonthStart(start)));
    auto it = entered.find(month.month);
    month.other = OtherFigures(it == entered.end() ? nullptr : it->second, month.referred, month.month, month.notes);
    out.months.push_back(std::move(month));
  }
  BB_ASSIGN_OR_RETURN(
      out.referred,
      RangeFigures(
          out.months, [](const CustomerMonth& m) -> const CustomerFigures& { return m.referred; }, "referred", true));
  BB_ASSIGN_OR_RETURN(
      out.other,
      RangeFigures(
          out.months, [](const CustomerMonth& m) -> const CustomerFigures& { return m.other; }, "other", false));
  return out;
}

}  // namespace bb::domain
