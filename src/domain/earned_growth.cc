#include "domain/earned_growth.h"

#include "common/checked_math.h"
#include "domain/reward_amount.h"

namespace bb::domain {

Status CheckEarnedGrowthInput(const EarnedGrowthInput& input) {
  std::vector<FieldError> errors;
  if (input.nrr_bp && (*input.nrr_bp < 0 || *input.nrr_bp > kMaxRetentionBp)) {
    errors.push_back({"nrr_bp", "must be a whole number of basis points from 0 to 100000 (10,000 is 100%)"});
  }
  if (input.prior_revenue_minor && (*input.prior_revenue_minor < 1 || *input.prior_revenue_minor > kMaxMinorAmount)) {
    errors.push_back({"prior_revenue_minor", "must be a whole number of minor units from 1 to 10^15"});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Ok();
}

Result<EarnedGrowth> EarnedGrowthOf(const std::vector<WonReferral>& won, const EarnedGrowthInput& input) {
  EarnedGrowth out;
  Sum128 earned;
  for (const WonReferral& w : won) {
    ++out.won;
    if (!w.in_program_currency) {
      ++out.won_other_currency;
    } else if (!w.priced) {
      ++out.won_without_value;
    } else {
      earned.Add(w.deal_value_minor);
    }
  }
  BB_ASSIGN_OR_RETURN(out.earned_revenue_minor, earned.As("earned_growth.earned_revenue_minor"));
  out.prior_revenue_minor = input.prior_revenue_minor;
  out.nrr_bp = input.nrr_bp;
  if (input.prior_revenue_minor) {
    // At most 10^19 × 10^4 ÷ 1: exact in 128 bits; shown only when it fits.
    const Int128 enc = RoundedQuotient(earned.value() * 10'000, *input.prior_revenue_minor);
    BB_ASSIGN_OR_RETURN(out.enc_bp, Figure(enc, "earned_growth.enc_bp"));
    if (input.nrr_bp) {
      BB_ASSIGN_OR_RETURN(out.earned_growth_rate_bp,
                          Figure(Int128{*input.nrr_bp} + enc - 10'000, "earned_growth.earned_growth_rate_bp"));
    }
  }
  return out;
}

}  // namespace bb::domain
