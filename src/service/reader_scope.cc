#include "service/reader_scope.h"

namespace bb::service {

Status ScopeToReader(const domain::Actor& actor, std::string& advocate_id, std::string& enrolled_by) {
  if (actor.IsAdvocate()) {
    advocate_id = actor.id;
    return Ok();
  }
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kReadRewards));
  if (actor.role == domain::Role::kSalesRep) enrolled_by = actor.id;
  return Ok();
}

Result<domain::Referral> ReferralFor(store::Queries& q, const domain::Actor& actor, domain::Action action,
                                     std::string_view referral_id) {
  constexpr std::string_view kNoReferral = "No referral with this id.";
  BB_ASSIGN_OR_RETURN(auto referral, q.FindReferral(referral_id));
  if (!referral) return Error::NotFound(std::string(kNoReferral));
  BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(referral->advocate_id));
  if (!advocate) return Error::NotFound(std::string(kNoReferral));
  BB_RETURN_IF_ERROR(domain::AuthorizeAdvocateObject(actor, action, *advocate, kNoReferral));
  return std::move(*referral);
}

}  // namespace bb::service
