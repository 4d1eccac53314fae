#include "domain/reward.h"

#include "domain/validation.h"

namespace bb::domain {

std::string_view ToString(RewardStatus status) {
  switch (status) {
    case RewardStatus::kPending: return "pending";
    case RewardStatus::kApproved: return "approved";
    case RewardStatus::kFulfilled: return "fulfilled";
    case RewardStatus::kReversed: return "reversed";
  }
  return "pending";
}

std::string_view ToString(RewardEntry entry) {
  switch (entry) {
    case RewardEntry::kGrant: return "grant";
    case RewardEntry::kReissue: return "reissue";
    case RewardEntry::kAdjustment: return "adjustment";
    case RewardEntry::kRedemption: return "redemption";
  }
  return "grant";
}

std::optional<RewardEntry> ParseRewardEntry(std::string_view text) {
  if (text == "grant") return RewardEntry::kGrant;
  if (text == "reissue") return RewardEntry::kReissue;
  if (text == "adjustment") return RewardEntry::kAdjustment;
  if (text == "redemption") return RewardEntry::kRedemption;
  return std::nullopt;
}

std::optional<RewardStatus> ParseRewardStatus(std::string_view text) {
  if (text == "pending") return RewardStatus::kPending;
  if (text == "approved") return RewardStatus::kApproved;
  if (text == "fulfilled") return RewardStatus::kFulfilled;
  if (text == "reversed") return RewardStatus::kReversed;
  return std::nullopt;
}

Result<bool> ApproveReward(Reward& reward, Timestamp now) {
  switch (reward.status) {
    case RewardStatus::kApproved: return false;
    case RewardStatus::kFulfilled: return Error::Conflict("The reward is already fulfilled.");
    case RewardStatus::kReversed: return Error::Conflict("The reward was reversed: " + reward.reversal_reason);
    case RewardStatus::kPending: break;
  }
  reward.status = RewardStatus::kApproved;
  reward.updated_at = now;
  return true;
}

Result<bool> FulfillReward(Reward& reward, std::string_view reference, Timestamp now) {
  if (auto bad = CheckText(reference, kMaxPayoutReferenceLength); !bad.empty()) {
    return Error::InvalidField("reference", bad);
  }
  std::string trimmed(Trim(reference));
  switch (reward.status) {
    case RewardStatus::kFulfilled:
      if (reward.payout_reference == trimmed) return false;
      return Error::Conflict("The reward was already fulfilled with payout reference " + reward.payout_reference + ".");
    case RewardStatus::kPending: return Error::Conflict("The reward is pending; approve it before paying it.");
    case RewardStatus::kReversed: return Error::Conflict("The reward was reversed: " + reward.reversal_reason);
    case RewardStatus::kApproved: break;
  }
  reward.status = RewardStatus::kFulfilled;
  reward.payout_reference = std::move(trimmed);
  reward.updated_at = now;
  return true;
}

Result<bool> ReverseReward(Reward& reward, std::string_view reason, Timestamp now) {
  if (auto bad = CheckText(reason, kMaxReversalReasonLength, false, TextShape::kMultiLine); !bad.empty()) {
    return Error::InvalidField("reason", bad);
  }
  if (reward.status == RewardStatus::kReversed) return false;
  reward.status = RewardStatus::kReversed;
  reward.reversal_reason = std::string(Trim(reason));
  reward.updated_at = now;
  return true;
}

}  // namespace bb::domain
