#include "service/account_credit.h"

#include "domain/account_credit.h"
#include "domain/audit.h"
#include "domain/ids.h"
#include "domain/referral_stage.h"
#include "service/audit_trail.h"
#include "service/credit_recorder.h"
#include "service/reward_engine.h"

namespace bb::service {

Result<std::vector<domain::Referral>> AccountCredit::CreditAccount(store::Tx& tx, const domain::Referral& won,
                                                                   Timestamp at) const {
  std::vector<domain::Referral> credited;
  BB_ASSIGN_OR_RETURN(auto record, tx.FindCreditPolicy(won.program_id));
  if (!record || !record->policy.account_credit) return credited;
  store::DealTouchQuery query = AccountQueryOf(won, record->policy, at);
  query.only = store::DealTouchQuery::Only::kOpen;
  if (query.external_id.empty() && query.email_domain.empty()) return credited;
  BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(won.program_id));
  if (!program) return credited;
  BB_ASSIGN_OR_RETURN(auto account, tx.ListDealTouches(query));
  const domain::Actor system = domain::Actor::System();
  for (auto& referral : account) {
    if (!domain::CreditedByAccountWin(referral, won, at)) continue;
    BB_ASSIGN_OR_RETURN(auto reached, domain::PlanStageMove(referral.stage, domain::ReferralStage::kWon,
                                                            program->referral_policy.uses_opportunity, false));
    domain::AuditFields before = domain::FieldsOf(referral);
    const domain::ReferralStage from = referral.stage;
    referral.stage = domain::ReferralStage::kWon;
    referral.updated_at = at;
    BB_RETURN_IF_ERROR(tx.UpdateReferral(referral));
    const std::string note = "won with referral " + won.id + " of the same account";
    domain::ReferralEvent event{ids_.New(domain::kReferralEventPrefix),
                                referral.id,
                                domain::ReferralEventKind::kAccountWon,
                                from,
                                domain::ReferralStage::kWon,
                                std::string(kSystemActor),
                                note,
                                at,
                                reached};
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(event));
    BB_RETURN_IF_ERROR(lifecycle_.FollowReferral(tx, referral, reached, at));
    BB_RETURN_IF_ERROR(events_.Referral(tx, at, "referral.stage_changed", referral));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, system, at, "referral.account_won", referral.id,
                                   domain::DiffFields(before, domain::FieldsOf(referral)), note));
    credited.push_back(std::move(referral));
  }
  return credited;
}

}  // namespace bb::service
