#pragma once
// Reichheld's earned growth rate (research/intelligence.md §4.3; HBR, "Net Promoter 3.0", 2021):
// EGR = NRR + ENC − 100%, where NRR is net revenue retention (this period's revenue from last
// period's customers ÷ last period's revenue) and ENC the revenue of earned new customers — here,
// the deal values of referrals won in the period — as a share of last period's revenue. Bluebird
// knows the referred revenue; the company's revenue and its retention are inputs. Pure; no I/O.

#include <cstdint>
#include <optional>
#include <vector>

#include "common/result.h"
#include "domain/pipeline_report.h"

namespace bb::domain {

inline constexpr std::int64_t kMaxRetentionBp = 100'000;  // 1,000%

// What the company knows and Bluebird does not.
struct EarnedGrowthInput {
  std::optional<std::int64_t> nrr_bp;               // 0..kMaxRetentionBp
  std::optional<std::int64_t> prior_revenue_minor;  // 1..kMaxMinorAmount, the program's currency
};

struct EarnedGrowth {
  std::int64_t earned_revenue_minor = 0;  // deal values of the referrals won in the period, program's currency
  std::int64_t won = 0;                   // referrals won in the period
  std::int64_t won_other_currency = 0;    // of them, deals in another currency (not in the revenue)
  std::int64_t won_without_value = 0;     // of them, won without a deal value
  std::optional<std::int64_t> prior_revenue_minor;
  std::optional<std::int64_t> nrr_bp;
  std::optional<std::int64_t> enc_bp;                 // earned ÷ prior, basis points; none without prior
  std::optional<std::int64_t> earned_growth_rate_bp;  // nrr + enc − 10,000; none without both inputs
  friend bool operator==(const EarnedGrowth&, const EarnedGrowth&) = default;
};

// kInvalidArgument naming "nrr_bp" or "prior_revenue_minor" when out of range; Ok otherwise.
Status CheckEarnedGrowthInput(const EarnedGrowthInput& input);

// The earned growth of a period whose won referrals are `won` (the input checked): ENC and EGR in
// basis points rounded half away from zero. kOutOfRange naming "earned_growth.earned_revenue_minor"
// for a sum too large to show.
Result<EarnedGrowth> EarnedGrowthOf(const std::vector<WonReferral>& won, const EarnedGrowthInput& input);

}  // namespace bb::domain
