#pragma once
// Queuing referrals for the CRMs (store/connectors.h), inside the transaction of the change that
// must reach them -- the CRM side of the outbox.

#include "common/clock.h"
#include "common/result.h"
#include "domain/referral.h"
#include "store/store.h"

namespace bb::service {

// Queues `referral` for every enabled connector of its program (or of every program) whose send
// policy takes it. A change made while a send is in flight is sent again after it. Fails only
// when storage does.
Status QueueReferralForCrms(store::Tx& tx, const domain::Referral& referral, Timestamp now);

}  // namespace bb::service
