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
  BB_RETURN_IF_ERROR(StatusOf(points_.GrantForStages(tx, referral, reached, at)));
  BB_ASSIGN_OR_RETURN(auto rules, tx.ListRewardRules(referral.program_id));
  if (rules.empty()) return created;
  // Only tier rules need the advocate's number of wins.
  std::int64_t won_count = 0;
  if (std::any_of(rules.begin(), rules.end(), [](const domain::RewardRule& rule) { return rule.trigger.nth_won; })) {
    BB_ASSIGN_OR_RETURN(won_count, tx.CountWonClearReferrals(referral.advocate_id));
  }

  std::optional<domain::ReferralCredit> credit;
  if (std::find(reached.begin(), reached.end(), domain::ReferralStage::kWon) != reached.end()) {
    BB_ASSIGN_OR_RETURN(credit, credits_.ForWin(tx, referral, at));
  }
  domain::EvaluationInput input{&referral, reached, won_count, at, std::string(currency)};
  if (credit) input.credit = &*credit;
  std::optional<domain::BuyingCommittee> committee;
  if (domain::AnyCommitteeCondition(rules)) {
    BB_ASSIGN_OR_RETURN(committee, tx.FindCommittee(referral.id, at));
  }
  if (committee) input.committee = &*committee;
  return EvaluateAndWrite(tx, rules, input, at, 0, true);
}

Result<std::vector<domain::Reward>> RewardEngine::GrantAtCorrectedValue(
    store::Tx& tx, const domain::Referral& referral, const store::WinCount& win,
    const std::vector<domain::ReferralStage>& reached, std::string_view currency, std::int64_t correction,
    Timestamp now) const {
  BB_ASSIGN_OR_RETURN(auto rules, tx.ListRewardRules(referral.program_id));
  std::erase_if(rules, [](const domain::RewardRule& rule) { return !rule.amount.percent_bp; });
  if (rules.empty()) return std::vector<domain::Reward>{};
  BB_ASSIGN_OR_RETURN(auto credit, credits_.Recorded(tx, referral));
  domain::EvaluationInput input{&referral, reached, win.rank, win.at, std::string(currency)};
  if (credit) input.credit = &*credit;
  // Evaluated as of the win: the committee as it was recorded then.
  std::optional<domain::BuyingCommittee> committee;
  if (domain::AnyCommitteeCondition(rules)) {
    BB_ASSIGN_OR_RETURN(committee, tx.FindCommittee(referral.id, win.at));
  }
  if (committee) input.committee = &*committee;
  return EvaluateAndWrite(tx, rules, input, now, correction, false);
}

Result<std::vector<domain::Reward>> RewardEngine::EvaluateAndWrite(store::Tx& tx,
                                                                   const std::vector<domain::RewardRule>& rules,
                                                                   const domain::EvaluationInput& input,
                                                                   Timestamp written_at, std::int64_t correction,
                                                                   bool say_withheld) const {
  const domain::Referral& referral = *input.referral;
  std::vector<domain::Reward> created;
  domain::LedgerLookups ledger{
      [&](const domain::RewardRule& rule, const domain::Reward& candidate) -> Result<bool> {
        BB_ASSIGN_OR_RETURN(auto found, tx.FindRewardByKey(rule.id, candidate.referral_id, candidate.beneficiary,
                                                           candidate.trigger_key));
        return found.has_value();
      },
      [&](const domain::RewardRule& rule, std::string_view advocate_id, const domain::PeriodBounds& period)
          -> Result<domain::CapUsage> { return tx.GetRewardUsage(rule.id, advocate_id, period.start, period.end); }};
  BB_ASSIGN_OR_RETURN(auto outcomes, domain::EvaluateRewards(rules, input, ledger));

  for (auto& outcome : outcomes) {
    if (!outcome.reward) {
      if (!say_withheld) continue;
      domain::ReferralEvent withheld{ids_.New(domain::kReferralEventPrefix),
                                     referral.id,
                                     domain::ReferralEventKind::kRewardWithheld,
                                     std::nullopt,
                                     std::nullopt,
                                     std::string(kSystemActor),
                                     outcome.withheld,
                                     written_at};
      BB_RETURN_IF_ERROR(tx.InsertReferralEvent(withheld));
      continue;
    }
    domain::Reward& reward = *outcome.reward;
    reward.id = ids_.New(domain::kRewardPrefix);
    reward.updated_at = written_at;  // created_at: as of the evaluation
    if (correction > 0) reward.reason += " (granted at the corrected deal value)";
    Status inserted = tx.InsertReward(reward);
    if (!inserted.ok() && inserted.error().code() == ErrorCode::kConflict && !inserted.error().fields().empty() &&
        inserted.error().fields().front().field == "key") {
      continue;
    }
    BB_RETURN_IF_ERROR(inserted);
    domain::RewardEvent first{ids_.New(domain::kRewardEventPrefix),
                              reward.id,
                              reward.status,
                              std::string(kSystemActor),
                              reward.reason,
                              written_at};
    first.correction = correction;
    BB_RETURN_IF_ERROR(tx.InsertRewardEvent(first));
    BB_RETURN_IF_ERROR(events_.RewardCreated(tx, written_at, reward));
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
