#include "service/crm_scorer.h"

#include "service/program_scores.h"

namespace bb::service {

Result<domain::CrmScore> CrmScorer::Of(const domain::Referral& referral) {
  auto model = models_.find(referral.program_id);
  if (model == models_.end()) {
    BB_ASSIGN_OR_RETURN(auto latest, ScoreModelOf(q_, referral.program_id, std::nullopt));
    model = models_.emplace(referral.program_id, std::move(latest)).first;
  }
  BB_ASSIGN_OR_RETURN(auto events, EventsOfPerson(q_, referral.program_id, referral.referee.email_key, as_of_));
  BB_ASSIGN_OR_RETURN(auto committee, q_.FindCommittee(referral.id, as_of_));
  return domain::CrmScoreOf(
      domain::ScoreLead(model->second, referral, events, as_of_, committee ? &*committee : nullptr));
}

}  // namespace bb::service
