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

}  // namespace bb::service
