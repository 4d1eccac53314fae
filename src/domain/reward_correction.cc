#include "domain/reward_correction.h"

#include <algorithm>

#include "common/checked_math.h"
#include "domain/reward_evaluation.h"

namespace bb::domain {

bool TakenBack(const Reward& entry) {
  if (entry.status != RewardStatus::kReversed || entry.superseded_by != 0) return false;
  // An adjustment reversed before it was paid was only declined (a raise refused, a debt forgiven):
  // the chain goes on. The reward itself, or money paid, reversed: a clawback.
  return entry.entry != RewardEntry::kAdjustment || !entry.payout_reference.empty();
}

CorrectionPlan PlanDealValueCorrection(const std::map<std::string, const RewardRule*>& rules, const Referral& referral,
                                       const std::vector<Reward>& entries, std::int64_t correction, Timestamp at,
                                       Timestamp won_at, const std::string& reason, const ReferralCredit* credit) {
  CorrectionPlan plan;
  // Chains by grant id, in the order of their grants.
  std::vector<const Reward*> grants;
  std::map<std::string, std::vector<const Reward*>> chains;
  for (const auto& entry : entries) {
    if (entry.entry == RewardEntry::kGrant) grants.push_back(&entry);
    chains[entry.entry == RewardEntry::kGrant ? entry.id : entry.corrects].push_back(&entry);
  }
  std::sort(grants.begin(), grants.end(), [](const Reward* a, const Reward* b) { return a->id < b->id; });

  for (const Reward* grant : grants) {
    auto rule = rules.find(grant->rule_id);
    if (rule == rules.end() || !rule->second->amount.percent_bp) continue;
    const std::vector<const Reward*>& chain = chains[grant->id];
    auto taken_back = std::find_if(chain.begin(), chain.end(), [](const Reward* entry) { return TakenBack(*entry); });
    if (taken_back != chain.end()) {
      plan.withheld.push_back("rule \"" + rule->second->name + "\": left as it is, reward " + (*taken_back)->id +
                              " of it was taken back (reversed by staff, churn or a rejection)");
      continue;
    }
    auto target = ComputeRewardAmount(rule->second->amount, referral.deal_value_minor, rule->second->promotion, won_at);
    if (!target.ok()) {
      plan.withheld.push_back("rule \"" + rule->second->name + "\": " + target.error().message());
      continue;
    }
    std::string share_words;
    if (credit != nullptr && credit->joined.empty() && SharesCredit(*rule->second)) {
      const auto parts = SplitAmount(*target, credit->shares);
      std::size_t index = 0;
      while (index < credit->shares.size() && credit->shares[index].advocate_id != grant->advocate_id) ++index;
      if (index == credit->shares.size()) {
        plan.withheld.push_back("rule \"" + rule->second->name + "\": left as it is, reward " + grant->id +
                                " pays an advocate the recorded split does not name");
        continue;
      }
      if (credit->shares[index].taken_back) {
        plan.withheld.push_back("rule \"" + rule->second->name + "\": left as it is, reward " + grant->id +
                                " is the share of a touch that was rejected");
        continue;
      }
      share_words = " of which advocate " + grant->advocate_id + "'s share is " + std::to_string(parts[index]);
      *target = parts[index];
    }
    Int128 live = 0;
    Int128 paid = 0;
    bool any_paid = false;
    std::vector<std::string> unpaid;
    for (const Reward* entry : chain) {
      if (entry->status == RewardStatus::kReversed) continue;
      live += entry->amount_minor;
      if (entry->status == RewardStatus::kFulfilled) {
        paid += entry->amount_minor;
        any_paid = true;
      } else {
        unpaid.push_back(entry->id);
      }
    }
    if (live == *target) continue;
    plan.reverse.insert(plan.reverse.end(), unpaid.begin(), unpaid.end());
    Int128 amount = any_paid ? Int128{*target} - paid : Int128{*target};
    if (any_paid && amount == 0) continue;
    auto fits = FitInt64(amount);
    if (!fits) continue;  // paid and target are both within kMaxMinorAmount: cannot happen
    Reward created = *grant;
    created.id.clear();
    created.entry = any_paid ? RewardEntry::kAdjustment : RewardEntry::kReissue;
    created.correction = correction;
    created.corrects = grant->id;
    created.superseded_by = 0;
    created.amount_minor = *fits;
    // Money owed back needs a decision; otherwise as the rule says for its grants.
    created.status = *fits < 0 || rule->second->requires_approval ? RewardStatus::kPending : RewardStatus::kApproved;
    created.reason = reason + "; rule \"" + rule->second->name + "\" gives " +
                     (share_words.empty() ? std::to_string(*target) + " " + grant->currency
                                          : "a total" + share_words + " " + grant->currency) +
                     (any_paid ? ", " + ToDecimal(paid) + " of it paid already" : "");
    created.payout_reference.clear();
    created.reversal_reason.clear();
    created.created_at = created.updated_at = at;
    plan.create.push_back(std::move(created));
  }
  return plan;
}

std::vector<std::string> UnpaidRestOfChain(const std::vector<Reward>& entries, const Reward& member) {
  const std::string& chain = member.entry == RewardEntry::kGrant ? member.id : member.corrects;
  std::vector<std::string> rest;
  for (const auto& entry : entries) {
    const std::string& of = entry.entry == RewardEntry::kGrant ? entry.id : entry.corrects;
    if (of != chain || entry.id == member.id) continue;
    if (entry.status == RewardStatus::kPending || entry.status == RewardStatus::kApproved) rest.push_back(entry.id);
  }
  return rest;
}

}  // namespace bb::domain
