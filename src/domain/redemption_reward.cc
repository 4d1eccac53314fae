#include "domain/redemption_reward.h"

#include "domain/money_text.h"

namespace bb::domain {

RewardStatus RewardStatusFor(RedemptionStatus status) {
  switch (status) {
    case RedemptionStatus::kRequested:
    case RedemptionStatus::kBackordered: return RewardStatus::kPending;
    case RedemptionStatus::kApproved: return RewardStatus::kApproved;
    case RedemptionStatus::kFulfilled: return RewardStatus::kFulfilled;
    case RedemptionStatus::kRejected:
    case RedemptionStatus::kCancelled: return RewardStatus::kReversed;
  }
  return RewardStatus::kPending;
}

std::string RedemptionRewardReason(const Redemption& redemption) {
  return FormatCount(redemption.cost_points) + " points redeemed for " + redemption.item_name;
}

Reward RewardOfRedemption(const Redemption& redemption) {
  Reward reward;
  reward.id = redemption.reward_id;
  reward.program_id = redemption.program_id;
  reward.advocate_id = redemption.advocate_id;
  reward.redemption_id = redemption.id;
  reward.beneficiary = Beneficiary::kAdvocate;
  reward.trigger_key = std::string(kRedemptionTrigger);
  reward.entry = RewardEntry::kRedemption;
  if (redemption.reward) {
    reward.amount_minor = redemption.reward->amount_minor;
    reward.currency = redemption.reward->currency;
    reward.kind = redemption.reward->kind;
  }
  reward.status = RewardStatusFor(redemption.status);
  reward.reason = RedemptionRewardReason(redemption);
  reward.created_at = reward.updated_at = redemption.created_at;
  return reward;
}

Result<bool> FollowRedemption(Reward& reward, const Redemption& redemption, Timestamp now) {
  RewardStatus target = RewardStatusFor(redemption.status);
  if (reward.status == target) return false;
  switch (target) {
    case RewardStatus::kApproved:
      if (reward.status == RewardStatus::kPending) return ApproveReward(reward, now);
      break;
    case RewardStatus::kFulfilled:
      if (reward.status == RewardStatus::kApproved) return FulfillReward(reward, redemption.reference, now);
      break;
    case RewardStatus::kReversed:
      // Never staff's note: the advocate reads the entry (their rewards); the redemption keeps it.
      return ReverseReward(reward,
                           redemption.status == RedemptionStatus::kCancelled
                               ? "Cancelled by the advocate"
                               : "Redemption rejected: the points were given back",
                           now);
    case RewardStatus::kPending: break;
  }
  return Error::Conflict("The reward " + reward.id + " is " + std::string(ToString(reward.status)) +
                         " and cannot follow its redemption to " + std::string(ToString(target)) + ".");
}

}  // namespace bb::domain
