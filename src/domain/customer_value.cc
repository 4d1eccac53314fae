#include "domain/customer_value.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "common/checked_math.h"
#include "domain/reward_amount.h"

namespace bb::domain {
namespace {

constexpr long double kBp = 10'000.0L;
constexpr std::int64_t kDayMicros = 86'400'000'000;
constexpr std::int64_t kYearMicros = 365 * kDayMicros;

bool InBp(std::int64_t v) { return v >= 0 && v <= 10'000; }
bool InMoney(std::int64_t v) { return v >= 0 && v <= kMaxMinorAmount; }

// kOutOfRange naming `figure` of the advocate: beyond what 64 bits hold.
Error TooLarge(std::string_view figure, std::string_view advocate_id) {
  return Error(ErrorCode::kOutOfRange,
               "The " + std::string(figure) + " of advocate " + std::string(advocate_id) +
                   " is too large to show: check the program's valuation settings and its deal values.",
               {{std::string(figure), "is more than 9223372036854775807 and cannot be shown"}});
}

// `value` rounded half away from zero; TooLarge when it does not fit in 64 bits.
Result<std::int64_t> Rounded(long double value, std::string_view figure, std::string_view advocate_id) {
  constexpr long double kLimit = 9.2e18L;
  if (!std::isfinite(value) || std::fabs(value) >= kLimit) return TooLarge(figure, advocate_id);
  return static_cast<std::int64_t>(std::llroundl(value));
}

Result<std::int64_t> Fits(Int128 value, std::string_view figure, std::string_view advocate_id) {
  if (auto fits = FitInt64(value)) return *fits;
  return TooLarge(figure, advocate_id);
}

// The incremental share of a referred customer: 1 when they would not have joined otherwise, 0
// when they would have, else the program's.
std::int64_t ShareOf(const ReferredCustomerRecord& r, const ValueSettings& s) {
  if (!r.would_have_joined_anyway) return s.incremental_share_bp;
  return *r.would_have_joined_anyway ? 0 : 10'000;
}

// The median (for an even count, the mean of the two middle values) rounded down: an integer is
// above the median exactly when it is above this.
std::optional<std::int64_t> MedianSplit(std::vector<std::int64_t> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  if (n % 2 == 1) return values[n / 2];
  const Int128 sum = static_cast<Int128>(values[n / 2 - 1]) + values[n / 2];
  Int128 half = sum / 2;
  if (sum % 2 != 0 && sum < 0) --half;  // round toward minus infinity
  return static_cast<std::int64_t>(half);
}

bool Above(std::int64_t value, const std::optional<std::int64_t>& split) { return split && value > *split; }

// Σ_{t=1..T} 1 / (1+i)^t (a perpetuity: 1 / i): the present value of a yearly amount from next year.
long double AnnuityFactor(const ValueSettings& s) {
  const long double d = 1.0L + static_cast<long double>(s.discount_rate_bp) / kBp;
  if (!s.horizon_years) return 1.0L / (d - 1.0L);
  long double sum = 0, factor = 1;
  for (std::int64_t t = 1; t <= *s.horizon_years; ++t) {
    factor /= d;
    sum += factor;
  }
  return sum;
}

}  // namespace

bool ValueSettings::SameRules(const ValueSettings& o) const {
  return horizon_years == o.horizon_years && discount_rate_bp == o.discount_rate_bp &&
         retention_rate_bp == o.retention_rate_bp && derive_retention == o.derive_retention &&
         gross_margin_bp == o.gross_margin_bp && recurring == o.recurring &&
         acquisition_cost_minor == o.acquisition_cost_minor && incremental_share_bp == o.incremental_share_bp &&
         revenue_per_year_minor == o.revenue_per_year_minor && clv_threshold_minor == o.clv_threshold_minor &&
         crv_threshold_minor == o.crv_threshold_minor;
}

Status CheckValueSettings(const ValueSettings& s) {
  std::vector<FieldError> errors;
  const std::string money = "must be a whole number of minor units from 0 to " + std::to_string(kMaxMinorAmount);
  if (s.horizon_years && (*s.horizon_years < 1 || *s.horizon_years > kMaxValueHorizonYears)) {
    errors.push_back({"horizon_years", "must be a whole number of years from 1 to " +
                                           std::to_string(kMaxValueHorizonYears) + ", or \"perpetuity\""});
  }
  if (!InBp(s.discount_rate_bp)) {
    errors.push_back({"discount_rate_bp", "must be basis points from 0 to 10000"});
  } else if (!s.horizon_years && s.discount_rate_bp < kMinPerpetuityDiscountBp) {
    errors.push_back({"discount_rate_bp", "must be at least " + std::to_string(kMinPerpetuityDiscountBp) +
                                              " for a perpetuity (else its value has no bound)"});
  }
  if (!InBp(s.retention_rate_bp)) errors.push_back({"retention_rate_bp", "must be basis points from 0 to 10000"});
  if (!InBp(s.gross_margin_bp)) errors.push_back({"gross_margin_bp", "must be basis points from 0 to 10000"});
  if (!InBp(s.incremental_share_bp)) {
    errors.push_back({"incremental_share_bp", "must be basis points from 0 to 10000"});
  }
  if (!InMoney(s.acquisition_cost_minor)) errors.push_back({"acquisition_cost_minor", money});
  if (!InMoney(s.revenue_per_year_minor)) errors.push_back({"revenue_per_year_minor", money});
  const std::string threshold = "must be null (the median) or a whole number of minor units from -" +
                                std::to_string(kMaxMinorAmount) + " to " + std::to_string(kMaxMinorAmount);
  auto check_threshold = [&](const std::optional<std::int64_t>& t, const char* field) {
    if (t && (*t < -kMaxMinorAmount || *t > kMaxMinorAmount)) errors.push_back({field, threshold});
  };
  check_threshold(s.clv_threshold_minor, "clv_threshold_minor");
  check_threshold(s.crv_threshold_minor, "crv_threshold_minor");
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Ok();
}

std::string_view ToString(ValueCategory category) {
  return category == ValueCategory::kInfluence ? "influence" : "knowledge";
}

std::optional<ValueCategory> ParseValueCategory(std::string_view text) {
  if (text == "influence") return ValueCategory::kInfluence;
  if (text == "knowledge") return ValueCategory::kKnowledge;
  return std::nullopt;
}

std::string_view ToString(ValueView view) { return view == ValueView::kRealized ? "realized" : "projected"; }

std::optional<ValueView> ParseValueView(std::string_view text) {
  if (text == "realized") return ValueView::kRealized;
  if (text == "projected") return ValueView::kProjected;
  return std::nullopt;
}

std::string_view ToString(Quadrant quadrant) {
  switch (quadrant) {
    case Quadrant::kChampion: return "champion";
    case Quadrant::kAffluent: return "affluent";
    case Quadrant::kAdvocate: return "advocate";
    case Quadrant::kMiser: return "miser";
  }
  return "miser";
}

std::optional<Quadrant> ParseQuadrant(std::string_view text) {
  for (auto q : {Quadrant::kChampion, Quadrant::kAffluent, Quadrant::kAdvocate, Quadrant::kMiser}) {
    if (ToString(q) == text) return q;
  }
  return std::nullopt;
}

std::optional<std::int64_t> QuadrantSplit(const std::optional<std::int64_t>& threshold,
                                          std::vector<std::int64_t> basis) {
  return threshold ? threshold : MedianSplit(std::move(basis));
}

Quadrant QuadrantOf(std::int64_t clv_minor, std::int64_t crv_minor, const std::optional<std::int64_t>& clv_split,
                    const std::optional<std::int64_t>& crv_split) {
  const bool high_clv = Above(clv_minor, clv_split);
  const bool high_crv = Above(crv_minor, crv_split);
  if (high_clv) return high_crv ? Quadrant::kChampion : Quadrant::kAffluent;
  return high_crv ? Quadrant::kAdvocate : Quadrant::kMiser;
}

void CountQuadrant(QuadrantCounts& counts, Quadrant quadrant) {
  switch (quadrant) {
    case Quadrant::kChampion: ++counts.champions; break;
    case Quadrant::kAffluent: ++counts.affluents; break;
    case Quadrant::kAdvocate: ++counts.advocates; break;
    case Quadrant::kMiser: ++counts.misers; break;
  }
}

long double LifetimeMultiplier(const ValueSettings& s, std::int64_t retention_bp) {
  const long double r = static_cast<long double>(retention_bp) / kBp;
  const long double d = 1.0L + static_cast<long double>(s.discount_rate_bp) / kBp;
  if (!s.horizon_years) return d / (d - r);
  long double sum = 0, term = 1;
  for (std::int64_t t = 1; t <= *s.horizon_years; ++t) {
    sum += term;
    term *= r / d;
  }
  return sum;
}

std::optional<DerivedRetention> DeriveRetention(const std::vector<ReferredCustomerRecord>& won, Timestamp as_of) {
  const std::int64_t end = ToMicros(as_of);
  const std::int64_t start = end - kYearMicros;
  auto within = [&](Timestamp t) { return ToMicros(t) > start && ToMicros(t) <= end; };
  DerivedRetention out;
  for (const auto& r : won) {
    if (within(r.won_at)) ++out.wins;
    if (r.churned_at && within(*r.churned_at)) ++out.churns;
  }
  if (out.wins == 0) return std::nullopt;
  const std::int64_t lost = std::min(out.churns, out.wins);
  // 10,000 × (wins − lost) / wins, rounded half up.
  out.retention_bp = (20'000 * (out.wins - lost) + out.wins) / (2 * out.wins);
  return out;
}

Result<ValueReport> ValueCustomers(const ValueSettings& s, const std::vector<AdvocateValueInput>& advocates,
                                   const std::vector<ReferredCustomerRecord>& won, Timestamp as_of, ValueView view) {
  ValueReport report;
  report.retention_used_bp = s.retention_rate_bp;
  if (s.derive_retention) {
    if (auto derived = DeriveRetention(won, as_of)) {
      report.retention_used_bp = derived->retention_bp;
      report.retention_derived = true;
      report.retention_wins = derived->wins;
      report.retention_churns = derived->churns;
    }
  }
  const long double margin = static_cast<long double>(s.gross_margin_bp) / kBp;
  const long double customer_multiplier = s.recurring ? LifetimeMultiplier(s, report.retention_used_bp) : 1.0L;
  report.customer_multiplier_millionths = std::llroundl(customer_multiplier * 1'000'000.0L);
  const long double cac = static_cast<long double>(s.acquisition_cost_minor);

  std::unordered_map<std::string_view, std::vector<const ReferredCustomerRecord*>> by_advocate;
  by_advocate.reserve(advocates.size());
  for (const auto& r : won) by_advocate[r.advocate_id].push_back(&r);

  std::vector<std::int64_t> clv_basis, crv_basis;
  report.advocates.reserve(advocates.size());
  for (const auto& a : advocates) {
    CustomerValue v;
    v.advocate_id = a.advocate_id;
    v.tenure_days = std::max<std::int64_t>(0, (ToMicros(as_of) - ToMicros(a.enrolled_at)) / kDayMicros);
    auto rounded = [&](long double value, std::string_view figure) { return Rounded(value, figure, a.advocate_id); };

    const std::int64_t revenue = a.inputs ? a.inputs->revenue_per_year_minor : s.revenue_per_year_minor;
    const std::int64_t retention =
        a.inputs && a.inputs->retention_rate_bp ? *a.inputs->retention_rate_bp : report.retention_used_bp;
    const std::int64_t marketing = a.inputs ? a.inputs->marketing_cost_minor : 0;
    v.own_inputs = a.inputs.has_value();
    BB_ASSIGN_OR_RETURN(v.clv_minor,
                        rounded(static_cast<long double>(revenue) * margin * LifetimeMultiplier(s, retention) -
                                    static_cast<long double>(marketing),
                                "clv_minor"));

    Int128 counted_value = 0;
    std::int64_t counted = 0;
    auto mine = by_advocate.find(a.advocate_id);
    if (mine != by_advocate.end()) {
      auto& list = mine->second;
      v.customers.reserve(list.size());
      std::sort(list.begin(), list.end(), [](const ReferredCustomerRecord* x, const ReferredCustomerRecord* y) {
        return x->won_at != y->won_at ? x->won_at < y->won_at : x->referral_id < y->referral_id;
      });
      for (const ReferredCustomerRecord* r : list) {
        ReferredCustomerValue c;
        c.referral_id = r->referral_id;
        c.incremental_share_bp = ShareOf(*r, s);
        c.would_have_joined_anyway = r->would_have_joined_anyway;
        c.churned_at = r->churned_at;
        c.reversed = r->reversed;
        long double clv = 0;
        if (r->deal_value_minor) {
          // A customer who left after the window brought the margin of the years they stayed.
          long double years = customer_multiplier;
          if (r->churned_at && s.recurring) {
            const long double stayed =
                static_cast<long double>(ToMicros(*r->churned_at) - ToMicros(r->won_at)) / kYearMicros;
            years = s.horizon_years ? std::min(stayed, static_cast<long double>(*s.horizon_years)) : stayed;
          }
          clv = static_cast<long double>(*r->deal_value_minor) * margin * years;
          BB_ASSIGN_OR_RETURN(c.clv_minor, rounded(clv, "customers.clv_minor"));
        }
        if (!r->reversed) {
          const long double share = static_cast<long double>(c.incremental_share_bp) / kBp;
          BB_ASSIGN_OR_RETURN(c.value_minor, rounded(share * clv + (1.0L - share) * cac, "customers.value_minor"));
          counted_value += c.value_minor;
          ++counted;
          ++v.referred_customers;
          v.incremental_customers_bp += c.incremental_share_bp;
          if (!r->deal_value_minor) ++v.unpriced_customers;
          if (ToMicros(r->won_at) > ToMicros(as_of) - kYearMicros) ++v.recent_referrals;
        }
        v.customers.push_back(std::move(c));
      }
    }
    v.rewards_minor = a.rewards_minor;
    if (view == ValueView::kProjected && counted > 0 && v.recent_referrals > 0) {
      const long double mean_net = static_cast<long double>(counted_value - a.rewards_minor) / counted;
      BB_ASSIGN_OR_RETURN(v.projected_referrals_minor,
                          rounded(static_cast<long double>(v.recent_referrals) * mean_net * AnnuityFactor(s),
                                  "projected_referrals_minor"));
    }
    // The customers' values as shown, less the rewards, plus the projection: the parts add up.
    BB_ASSIGN_OR_RETURN(
        v.crv_minor, Fits(counted_value - a.rewards_minor + v.projected_referrals_minor, "crv_minor", a.advocate_id));
    v.civ_minor = a.influence_minor;
    v.ckv_minor = a.knowledge_minor;
    BB_ASSIGN_OR_RETURN(v.cev_minor, Fits(static_cast<Int128>(v.clv_minor) + v.crv_minor + v.civ_minor + v.ckv_minor,
                                          "cev_minor", a.advocate_id));
    if (v.tenure_days >= 1) {
      clv_basis.push_back(v.clv_minor);
      crv_basis.push_back(v.crv_minor);
    }
    report.advocates.push_back(std::move(v));
  }

  report.median_basis = static_cast<std::int64_t>(clv_basis.size());
  report.clv_split_minor = QuadrantSplit(s.clv_threshold_minor, std::move(clv_basis));
  report.crv_split_minor = QuadrantSplit(s.crv_threshold_minor, std::move(crv_basis));
  for (auto& v : report.advocates) {
    v.quadrant = QuadrantOf(v.clv_minor, v.crv_minor, report.clv_split_minor, report.crv_split_minor);
    CountQuadrant(report.quadrants, v.quadrant);
  }
  return report;
}

}  // namespace bb::domain
