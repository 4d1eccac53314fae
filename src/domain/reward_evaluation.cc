#include "domain/reward_evaluation.h"

namespace bb::domain {

namespace {

// How a withheld share names its advocate: `rule "<name>" for the share of advocate <id>: <why>`.
constexpr std::string_view kShareOfAdvocate = " for the share of advocate ";

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

bool SharesCredit(const RewardRule& rule) {
  return rule.beneficiary == Beneficiary::kAdvocate && rule.trigger.stage == ReferralStage::kWon;
}

Result<std::vector<RewardOutcome>> EvaluateRewards(const std::vector<RewardRule>& rules, const EvaluationInput& input,
                                                   const LedgerLookups& ledger) {
  std::vector<RewardOutcome> outcomes;
  const Referral& referral = *input.referral;
  if (referral.review_status != ReviewStatus::kClear) return outcomes;
  // The committee that committee conditions read: the one recorded, else the referee alone.
  static const std::vector<CommitteeMember> kNoMembers;
  std::optional<BuyingCommittee> referee_alone;
  const std::vector<CommitteeMember>* members = &kNoMembers;
  if (input.committee != nullptr) {
    members = &input.committee->members;
  } else if (AnyCommitteeCondition(rules)) {
    referee_alone = DefaultCommittee(referral);
    members = &referee_alone->members;
  }
  for (const auto& rule : rules) {
    if (rule.program_id != referral.program_id || !rule.ActiveAt(input.at)) continue;
    if (!TriggerFires(rule.trigger, input.reached, input.won_count)) continue;
    if (!ConditionsAllow(rule.conditions, referral.advocate_profile, referral.channel, referral.product, *members)) {
      continue;
    }

    Reward base;
    base.program_id = referral.program_id;
    base.referral_id = referral.id;
    base.advocate_id = referral.advocate_id;
    base.rule_id = rule.id;
    base.beneficiary = rule.beneficiary;
    base.trigger_key = TriggerKey(rule.trigger);
    base.currency = input.currency;
    base.kind = rule.kind;

    // Who the rule pays and how many basis points of its amount each: the referral's advocate
    // whole, or the shares of the recorded split.
    std::vector<CreditShare> payees{{referral.advocate_id, referral.id, kFullShareBp, referral.created_at}};
    const bool shared = input.credit != nullptr && SharesCredit(rule);
    if (shared) {
      if (!input.credit->joined.empty()) {
        outcomes.push_back({rule.id, std::nullopt,
                            "rule \"" + rule.name +
                                "\": the referral's CRM deal was credited at an earlier win (credit " +
                                input.credit->joined + "): a deal pays once"});
        continue;
      }
      payees = input.credit->shares;
    }
    std::vector<Reward> candidates;
    for (const auto& payee : payees) {
      if (payee.taken_back) continue;
      Reward candidate = base;
      candidate.advocate_id = payee.advocate_id;
      if (shared) candidate.trigger_key = SharedTriggerKey(base.trigger_key, payee.advocate_id, referral.advocate_id);
      BB_ASSIGN_OR_RETURN(bool exists, ledger.exists(rule, candidate));
      if (!exists) candidates.push_back(std::move(candidate));
    }
    if (candidates.empty()) continue;

    auto amount = ComputeRewardAmount(rule.amount, referral.deal_value_minor, rule.promotion, input.at);
    if (!amount.ok()) {
      outcomes.push_back({rule.id, std::nullopt,
                          "rule \"" + rule.name + "\": " +
                              (amount.error().code() == ErrorCode::kOutOfRange
                                   ? amount.error().message()
                                   : std::string("the referral has no deal value to take a percentage of"))});
      continue;
    }
    const std::vector<std::int64_t> parts = shared ? SplitAmount(*amount, payees) : std::vector<std::int64_t>{*amount};
    for (auto& candidate : candidates) {
      std::size_t index = 0;
      while (payees[index].advocate_id != candidate.advocate_id) ++index;
      const std::int64_t part = parts[index];
      if (shared && part == 0) continue;
      RewardOutcome outcome{rule.id, std::nullopt, ""};
      std::string whose = shared ? std::string(kShareOfAdvocate) + candidate.advocate_id : std::string();
      if (rule.cap) {
        BB_ASSIGN_OR_RETURN(CapUsage used,
                            ledger.usage(rule, candidate.advocate_id, PeriodContaining(rule.cap->period, input.at)));
        if (auto refusal = CapRefusal(*rule.cap, used.count, used.total_minor, part)) {
          outcome.withheld = "rule \"" + rule.name + "\"" + whose + ": " + *refusal;
          outcomes.push_back(std::move(outcome));
          continue;
        }
      }
      candidate.amount_minor = part;
      candidate.status = rule.requires_approval ? RewardStatus::kPending : RewardStatus::kApproved;
      candidate.reason = Explain(rule, input, *amount);
      if (shared) {
        candidate.reason += "; shared credit (" + std::string(ToString(input.credit->split)) +
                            "): " + Percent(payees[index].share_bp) + " to advocate " + candidate.advocate_id + " = " +
                            std::to_string(part) + " " + input.currency;
      }
      candidate.created_at = candidate.updated_at = input.at;
      outcome.reward = std::move(candidate);
      outcomes.push_back(std::move(outcome));
    }
  }
  return outcomes;
}

std::string WithheldShareAdvocate(std::string_view withheld) {
  // The last mention: a rule's name, before it, may hold the words too; the reason after the id is
  // the engine's own and does not.
  const std::size_t at = withheld.rfind(kShareOfAdvocate);
  if (at == std::string_view::npos) return "";
  std::string_view rest = withheld.substr(at + kShareOfAdvocate.size());
  return std::string(rest.substr(0, rest.find(':')));
}

}  // namespace bb::domain
