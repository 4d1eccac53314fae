#include "domain/reward_evaluation.h"

namespace bb::domain {

namespace {

// "10.00%" for 1000 basis points.
std::string Percent(std::int64_t basis_points) {
  std::string cents = std::to_string(basis_points % 100);
  if (cents.size() < 2) cents.insert(0, "0");
  return std::to_string(basis_points / 100) + "." + cents + "%";
}

std::string Explain(const RewardRule& rule, const EvaluationInput& input, std::int64_t amount) {
  std::string why = "rule \"" + rule.name + "\" (" + TriggerKey(rule.trigger) + "): ";
  if (rule.amount.fixed_minor) {
    why += "fixed " + std::to_string(*rule.amount.fixed_minor);
  } else {
    why += Percent(*rule.amount.percent_bp) + " of deal value " +
           std::to_string(input.referral->deal_value_minor.value_or(0));
    if (rule.amount.min_minor) why += ", floor " + std::to_string(*rule.amount.min_minor);
    if (rule.amount.max_minor) why += ", ceiling " + std::to_string(*rule.amount.max_minor);
  }
  if (rule.promotion && PromotionApplies(*rule.promotion, input.at)) {
    why += ", promotion at " + Percent(rule.promotion->multiplier_bp);
  }
  why += " = " + std::to_string(amount) + " " + input.currency;
  return why;
}

}  // namespace

Result<std::vector<RewardOutcome>> EvaluateRewards(const std::vector<RewardRule>& rules, const EvaluationInput& input,
                                                   const LedgerLookups& ledger) {
  std::vector<RewardOutcome> outcomes;
  const Referral& referral = *input.referral;
  if (referral.review_status != ReviewStatus::kClear) return outcomes;
  for (const auto& rule : rules) {
    if (rule.program_id != referral.program_id || !rule.ActiveAt(input.at)) continue;
    if (!TriggerFires(rule.trigger, input.reached, input.won_count)) continue;
    if (!ConditionsAllow(rule.conditions, referral.advocate_profile, referral.channel, referral.product)) continue;

    Reward reward;
    reward.program_id = referral.program_id;
    reward.referral_id = referral.id;
    reward.advocate_id = referral.advocate_id;
    reward.rule_id = rule.id;
    reward.beneficiary = rule.beneficiary;
    reward.trigger_key = TriggerKey(rule.trigger);
    reward.currency = input.currency;
    reward.kind = rule.kind;
    BB_ASSIGN_OR_RETURN(bool exists, ledger.exists(rule, reward));
    if (exists) continue;

    RewardOutcome outcome{rule.id, std::nullopt, ""};
    auto amount = ComputeRewardAmount(rule.amount, referral.deal_value_minor, rule.promotion, input.at);
    if (!amount.ok()) {
      outcome.withheld = "rule \"" + rule.name + "\": " +
                         (amount.error().code() == ErrorCode::kOutOfRange
                              ? amount.error().message()
                              : std::string("the referral has no deal value to take a percentage of"));
      outcomes.push_back(std::move(outcome));
      continue;
    }
    if (rule.cap) {
      BB_ASSIGN_OR_RETURN(CapUsage used, ledger.usage(rule, PeriodContaining(rule.cap->period, input.at)));
      if (auto refusal = CapRefusal(*rule.cap, used.count, used.total_minor, *amount)) {
        outcome.withheld = "rule \"" + rule.name + "\": " + *refusal;
        outcomes.push_back(std::move(outcome));
        continue;
      }
    }
    reward.amount_minor = *amount;
    reward.status = rule.requires_approval ? RewardStatus::kPending : RewardStatus::kApproved;
    reward.reason = Explain(rule, input, *amount);
    reward.created_at = reward.updated_at = input.at;
    outcome.reward = std::move(reward);
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace bb::domain
