#pragma once
// Reward rules and the reward ledger: entries, their status changes, cap usage and balances.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/reward.h"
#include "domain/reward_evaluation.h"
#include "domain/reward_rule.h"

namespace bb::store {

// Rewards matching every filter that is set, newest first.
struct RewardQuery {
  std::string program_id;
  std::string advocate_id;
  std::string referral_id;
  std::optional<domain::Beneficiary> beneficiary;
  std::optional<domain::RewardStatus> status;
  std::optional<domain::RewardEntry> entry;
  std::string enrolled_by;  // only rewards of advocates this user or key enrolled
  std::string before_id;
  int limit = 50;
};

// Reads of this area (see store::Queries for the contract common to all reads).
class RewardReads {
 public:
  virtual ~RewardReads() = default;

  virtual Result<std::optional<domain::RewardRule>> FindRewardRule(std::string_view id) = 0;
  // Every rule of the program, retired ones included, oldest first.
  virtual Result<std::vector<domain::RewardRule>> ListRewardRules(std::string_view program_id) = 0;
  virtual Result<std::optional<domain::Reward>> FindReward(std::string_view id) = 0;
  virtual Result<std::optional<domain::Reward>> FindRewardByKey(std::string_view rule_id, std::string_view referral_id,
                                                                domain::Beneficiary beneficiary,
                                                                std::string_view trigger_key) = 0;
  virtual Result<std::vector<domain::Reward>> ListRewards(const RewardQuery& query) = 0;
  // The rewards from `rule_id` of the advocate created in [from, before), reversed ones included.
  virtual Result<domain::CapUsage> GetRewardUsage(std::string_view rule_id, std::string_view advocate_id,
                                                  Timestamp from, Timestamp before) = 0;
  // The rewards the advocate is the beneficiary of, summed by currency and status.
  virtual Result<std::vector<domain::RewardBalance>> GetRewardBalances(std::string_view advocate_id) = 0;
  // The reward's status changes, oldest first.
  virtual Result<std::vector<domain::RewardEvent>> ListRewardEvents(std::string_view reward_id) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class RewardWrites {
 public:
  virtual ~RewardWrites() = default;

  virtual Status InsertRewardRule(const domain::RewardRule& rule) = 0;
  virtual Status RetireRewardRule(std::string_view id, Timestamp at) = 0;
  // kConflict naming "key" when a reward with the same uniqueness key exists.
  virtual Status InsertReward(const domain::Reward& reward) = 0;
  // Rewrites status, payout reference, reversal reason and updated_at.
  virtual Status UpdateReward(const domain::Reward& reward) = 0;
  virtual Status InsertRewardEvent(const domain::RewardEvent& event) = 0;
};

}  // namespace bb::store
