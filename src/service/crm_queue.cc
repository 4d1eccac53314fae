#include "service/crm_queue.h"

namespace bb::service {

Status QueueReferralForCrms(store::Tx& tx, const domain::Referral& referral, Timestamp now) {
  BB_ASSIGN_OR_RETURN(auto connectors, tx.ListConnectors());
  for (const auto& connector : connectors) {
    if (!connector.enabled || !connector.Covers(referral.program_id) || !connector.Sends(referral)) continue;
    BB_RETURN_IF_ERROR(tx.EnqueueCrmRecord(connector.id, referral.id, now));
  }
  return Ok();
}

}  // namespace bb::service
