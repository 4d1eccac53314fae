#include "service/reward_engine.h"

#include <algorithm>

#include "domain/ids.h"
#include "domain/reward_evaluation.h"

namespace bb::service {

Result<std::vector<domain::Reward>> RewardEngine::Apply(store::Tx& tx, const domain::Referral& referral,
                                                        const std::vector<domain::ReferralStage>& reached, Timestamp at,
                                                        std::string_view currency) const {
  std::vector<domain::Reward> created;
  if (referral.review_status != domain::ReviewStatus::kClear || reached.empty()) return created;
  BB_ASSIGN_OR_RETURN(auto rules, tx.ListRewardRules(referral.program_id));
  if (rules.empty()) return created;
  // Only tier rules need the advocate's number of wins.
  std::int64_t won_count = 0;
  if (std::any_of(rules.begin(), rules.end(), [](const domain::RewardRule& rule) { return rule.trigger.nth_won; })) {
    BB_ASSIGN_OR_RETURN(won_count, tx.CountWonClearReferrals(referral.advocate_id));
  }

  domain::EvaluationInput input{&referral, reached, won_count, at, std::string(currency)};
  domain::LedgerLookups ledger{
      [&](const domain::RewardRule& rule, const domain::Reward& candidate) -> Result<bool> {
        BB_ASSIGN_OR_RETURN(auto found, tx.FindRewardByKey(rule.id, candidate.referral_id, candidate.beneficiary,
                                                           candidate.trigger_key));
        return found.has_value();
      },
      [&](const domain::RewardRule& rule, const domain::PeriodBounds& period) -> Result<domain::CapUsage> {
        return tx.GetRewardUsage(rule.id, referral.advocate_id, period.start, period.end);
      }};
  BB_ASSIGN_OR_RETURN(auto outcomes, domain::EvaluateRewards(rules, input, ledger));

  for (auto& outcome : outcomes) {
    if (!outcome.reward) {
      domain::ReferralEvent withheld{ids_.New(domain::kReferralEventPrefix),
                                     referral.id,
                                     domain::ReferralEventKind::kRewardWithheld,
                                     std::nullopt,
                                     std::nullopt,
                                     std::string(kSystemActor),
                                     outcome.withheld,
                                     at};
      BB_RETURN_IF_ERROR(tx.InsertReferralEvent(withheld));
      continue;
    }
    domain::Reward& reward = *outcome.reward;
    reward.id = ids_.New(domain::kRewardPrefix);
    Status inserted = tx.InsertReward(reward);
    if (!inserted.ok() && inserted.error().code() == ErrorCode::kConflict && !inserted.error().fields().empty() &&
        inserted.error().fields().front().field == "key") {
      continue;
    }
    BB_RETURN_IF_ERROR(inserted);
    BB_RETURN_IF_ERROR(tx.InsertRewardEvent({ids_.New(domain::kRewardEventPrefix), reward.id, reward.status,
                                             std::string(kSystemActor), reward.reason, at}));
    created.push_back(std::move(reward));
  }
  return created;
}

std::vector<domain::ReferralStage> StagesReached(const std::vector<domain::ReferralEvent>& history) {
  std::vector<domain::ReferralStage> stages;
  for (const auto& event : history) {
    for (auto stage : event.reached) {
      if (std::find(stages.begin(), stages.end(), stage) == stages.end()) stages.push_back(stage);
    }
  }
  std::sort(stages.begin(), stages.end());
  return stages;
}

}  // namespace bb::service
