#pragma once
// The reward ledger's entries: a reward given by a rule for a referral, and what happened to it
// since (approved, fulfilled with a payout reference, or reversed with a reason). Pure rules, no I/O.
//
// A reward is created exactly once per uniqueness key (rule, referral, beneficiary, trigger; for a
// catalogue redemption's entry, the redemption); its
// amount, currency and beneficiary never change. Its status moves pending → approved → fulfilled,
// and any status but reversed may be reversed. Every change is also kept as a RewardEvent, so the
// status is always the last event's.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/reward_rule.h"

namespace bb::domain {

enum class RewardStatus { kPending, kApproved, kFulfilled, kReversed };
// What a ledger entry is: a grant (a rule's reward for a referral, once per uniqueness key), a
// reissue (a grant not yet paid, replaced at a corrected deal value), an adjustment (the
// difference a correction makes to a grant already paid; negative when the advocate was overpaid),
// or a redemption (what a catalogue item bought with points pays, once per redemption: no referral
// and no rule; domain/redemption_reward.h).
enum class RewardEntry { kGrant, kReissue, kAdjustment, kRedemption };

std::string_view ToString(RewardStatus status);
std::optional<RewardStatus> ParseRewardStatus(std::string_view text);
std::string_view ToString(RewardEntry entry);
std::optional<RewardEntry> ParseRewardEntry(std::string_view text);

inline constexpr std::size_t kMaxPayoutReferenceLength = 200;
inline constexpr std::size_t kMaxReversalReasonLength = 1000;

struct Reward {
  std::string id;
  std::string program_id;
  std::string referral_id;    // "" for a redemption's entry
  std::string advocate_id;    // the referral's advocate, also when the referee is the beneficiary
  std::string rule_id;        // "" for a redemption's entry
  std::string redemption_id;  // the catalogue redemption a kRedemption entry pays; "" for any other
  Beneficiary beneficiary = Beneficiary::kAdvocate;
  std::string trigger_key;  // TriggerKey of the rule's trigger
  RewardEntry entry = RewardEntry::kGrant;
  // 0 for a grant; for a reissue or an adjustment, the number of the referral's deal value
  // correction that made it (1, 2, ...). Part of the uniqueness key.
  std::int64_t correction = 0;
  std::string corrects;  // the grant a reissue or adjustment restates; "" for a grant
  // For an entry reversed because a correction replaced it, that correction's number; 0 for any
  // other entry (an entry reversed by staff, churn or a rejection: money taken back).
  std::int64_t superseded_by = 0;
  std::int64_t amount_minor = 0;  // >= 0, except a negative adjustment
  std::string currency;
  RewardKind kind = RewardKind::kCash;
  RewardStatus status = RewardStatus::kPending;
  std::string reason;  // why it was given, in words
  std::string payout_reference;
  std::string reversal_reason;
  Timestamp created_at;
  Timestamp updated_at;
};

// One change of a reward's status, with who made it. Never changed once written.
struct RewardEvent {
  std::string id;
  std::string reward_id;
  RewardStatus status = RewardStatus::kPending;  // the status the reward has after it
  std::string actor;  // a user or API key id, or "system" for rewards created by a stage move
  std::string note;   // the payout reference or the reversal reason
  Timestamp at;
  std::int64_t correction = 0;  // the deal value correction that made this change; 0 for any other
};

// An advocate's rewards in one currency, summed by status: derived from the ledger, never stored.
struct RewardBalance {
  std::string currency;
  std::int64_t pending_minor = 0;  // negative adjustments (owed back) count here too
  std::int64_t approved_minor = 0;
  std::int64_t fulfilled_minor = 0;
  std::int64_t reversed_minor = 0;  // taken back; entries a correction superseded do not count
};

// pending → approved. Approving an approved reward changes nothing and succeeds (retries are
// safe). kConflict for a fulfilled or reversed reward. Returns whether anything changed.
Result<bool> ApproveReward(Reward& reward, Timestamp now);

// approved → fulfilled with the payout `reference` (1-200 characters, checked on field
// "reference"). Fulfilling again with the same reference changes nothing; another reference, a
// pending reward (approve it first) or a reversed one is kConflict. Returns whether anything changed.
Result<bool> FulfillReward(Reward& reward, std::string_view reference, Timestamp now);

// Any status but reversed → reversed with `reason` (1-1000 characters, checked on field
// "reason"). Reversing a reversed reward changes nothing. Returns whether anything changed.
Result<bool> ReverseReward(Reward& reward, std::string_view reason, Timestamp now);

}  // namespace bb::domain
