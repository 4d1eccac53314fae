#include "service/referral_replay.h"

#include <algorithm>

namespace bb::service {
namespace {

bool ReachesWon(const domain::ReferralEvent& e) {
  return std::find(e.reached.begin(), e.reached.end(), domain::ReferralStage::kWon) != e.reached.end();
}

}  // namespace

Result<std::unordered_map<std::string, ReplayedReferral>> ReplayReferrals(store::Queries& q,
                                                                          std::string_view program_id,
                                                                          Timestamp as_of) {
  BB_ASSIGN_OR_RETURN(auto entries, q.ListProgramReferralHistories(program_id));  // by referral, then time
  std::unordered_map<std::string, ReplayedReferral> out;
  ReplayedReferral* r = nullptr;
  const std::string* current = nullptr;
  for (const auto& e : entries) {
    if (current == nullptr || *current != e.referral_id) {
      r = &out[e.referral_id];
      current = &e.referral_id;
    }
    if (e.kind == domain::ReferralEventKind::kReviewCleared) r->cleared_at = e.at;  // whenever it was
    if (e.at > as_of) continue;
    if (e.to_stage) {
      // Only a referral won through its account leaves won for an open stage or lost (staff moved
      // it on, domain/account_credit.h): it is no win from then on.
      if (r->stage == domain::ReferralStage::kWon && *e.to_stage != domain::ReferralStage::kWon &&
          *e.to_stage != domain::ReferralStage::kRejected) {
        r->first_won_at.reset();
        r->won_at.reset();
      }
      r->stage = e.to_stage;
    }
    if (ReachesWon(e)) {
      if (!r->first_won_at) r->first_won_at = e.at;
      r->won_at = e.at;
    }
    if (e.kind == domain::ReferralEventKind::kCustomerChurned) {
      r->churned_at = e.at;
      r->churn_reverses = e.reverses;
    }
    if (e.deal_value_minor) r->deal_value_minor = e.deal_value_minor;
  }
  return out;
}

}  // namespace bb::service
