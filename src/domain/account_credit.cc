#include "domain/account_credit.h"

#include <algorithm>

#include "domain/referral_stage.h"

namespace bb::domain {

bool CreditedByAccountWin(const Referral& candidate, const Referral& won, Timestamp at) {
  return candidate.id != won.id && candidate.program_id == won.program_id && candidate.created_at <= at &&
         candidate.review_status == ReviewStatus::kClear && !IsClosed(candidate.stage);
}

bool WonThroughAccountOnly(const std::vector<ReferralEvent>& history) {
  bool through_account = false;
  for (const auto& event : history) {
    const bool reaches_won =
        std::find(event.reached.begin(), event.reached.end(), ReferralStage::kWon) != event.reached.end();
    if (!reaches_won) continue;
    if (event.kind == ReferralEventKind::kAccountWon) {
      through_account = true;
    } else {
      return false;
    }
  }
  return through_account;
}

Result<std::vector<ReferralStage>> PlanMoveAfterAccountWin(const std::vector<ReferralEvent>& history, ReferralStage to,
                                                           bool uses_opportunity, bool deal_won, bool churned) {
  auto account_win = std::find_if(history.rbegin(), history.rend(),
                                  [](const ReferralEvent& e) { return e.kind == ReferralEventKind::kAccountWon; });
  const ReferralStage before =
      account_win != history.rend() && account_win->from_stage ? *account_win->from_stage : ReferralStage::kSubmitted;
  if (to == ReferralStage::kWon) {
    if (deal_won || churned || account_win == history.rend()) return std::vector<ReferralStage>{};
    return account_win->reached;
  }
  if (churned && to != ReferralStage::kRejected) {
    return Error(ErrorCode::kConflict,
                 "The customer's churn was recorded: the referral stays won (it can only be rejected).");
  }
  BB_ASSIGN_OR_RETURN(auto reached, PlanStageMove(before, to, uses_opportunity, false));
  if (reached.empty()) reached.push_back(to);
  return reached;
}

}  // namespace bb::domain
