#pragma once
// The reward ledger's entry of a catalogue redemption whose item pays a reward (domain/catalog.h):
// written with the redemption, once (the redemption is its uniqueness key), and moved with it. The
// redemption is where staff decide; the entry follows each decision in the same transaction, so the
// two never disagree. Pure; no I/O.

#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "domain/catalog.h"
#include "domain/reward.h"

namespace bb::domain {

// The trigger key of every redemption's entry.
inline constexpr std::string_view kRedemptionTrigger = "redemption";

// The status the entry of a redemption in `status` has: requested and backordered → pending,
// approved → approved, fulfilled → fulfilled, rejected and cancelled → reversed.
RewardStatus RewardStatusFor(RedemptionStatus status);

// What the entry was given for, in the advocate's words ("2,500 points redeemed for Amazon gift
// card").
std::string RedemptionRewardReason(const Redemption& redemption);

// The entry paying `redemption` (which has a reward and its reward_id) as it stands when the
// redemption is made: the advocate's, of kind kRedemption, status RewardStatusFor(its status).
Reward RewardOfRedemption(const Redemption& redemption);

// Moves `reward` to RewardStatusFor(redemption.status) at `now`: the redemption's reference becomes
// the payout reference; the reversal reason says it was rejected or cancelled, never staff's note
// (the advocate reads their entries; the note stays on the redemption).
// Returns whether anything changed; kConflict for a move the ledger does not allow in one step
// (which no redemption decision asks for).
Result<bool> FollowRedemption(Reward& reward, const Redemption& redemption, Timestamp now);

}  // namespace bb::domain
