#pragma once
// Where each referral of a program stood at an instant, replayed from its history entries (the
// append-only referral_events): its stage, when it was first and last won, churned, its deal value
// then, and when a review cleared it. What the figures recomputable as of a date read (customer
// value, outcomes by attribute). Runs inside a read the caller opened; no state.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"
#include "common/result.h"
#include "domain/referral.h"
#include "store/store.h"

namespace bb::service {

struct ReplayedReferral {
  std::optional<domain::ReferralStage> stage;
  std::optional<Timestamp> first_won_at;  // the first entry that reached won
  std::optional<Timestamp> won_at;        // the last entry that reached won
  std::optional<Timestamp> churned_at;
  bool churn_reverses = false;  // the churn's judgement when it was recorded
  std::optional<std::int64_t> deal_value_minor;
  // When a referral held for review was cleared (at any time): it was not clear before.
  std::optional<Timestamp> cleared_at;

  // Whether `referral` (as it is now) was clear at `as_of`: it is clear now and, if a review
  // cleared it, that was by then.
  bool ClearAt(const domain::Referral& referral, Timestamp as_of) const {
    return referral.review_status == domain::ReviewStatus::kClear && (!cleared_at || *cleared_at <= as_of);
  }
};

// Each referral of the program with a history, replayed up to `as_of` (entries after it are not
// seen, bar when a review cleared it). Fails only with the store's error.
Result<std::unordered_map<std::string, ReplayedReferral>> ReplayReferrals(store::Queries& q,
                                                                          std::string_view program_id, Timestamp as_of);

}  // namespace bb::service
