#pragma once
// A referral's ledger entries, all of them: the grants its rules gave and every reissue and
// adjustment its deal value corrections made, however many. For use cases that act on a
// referral's whole ledger (rejection, churn, corrections, taking a reward back).

#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/reward.h"
#include "store/store.h"

namespace bb::service {

// Every entry of the referral, newest first, read a page at a time within `q`'s transaction or
// snapshot. Fails only with the store's error.
Result<std::vector<domain::Reward>> AllRewardsOfReferral(store::Queries& q, std::string_view referral_id);

}  // namespace bb::service
