#include "domain/reward.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace bb::domain {
namespace {

using namespace std::chrono_literals;

const Timestamp kCreated = FromMicros(1'767'225'600'000'000);  // 2026-01-01T00:00:00Z
const Timestamp kLater = kCreated + 24h;
const Timestamp kMuchLater = kCreated + 48h;

constexpr RewardStatus kStatuses[] = {RewardStatus::kPending, RewardStatus::kApproved, RewardStatus::kFulfilled,
                                      RewardStatus::kReversed};

Reward RewardIn(RewardStatus status) {
  Reward reward;
  reward.id = "rwd_1";
  reward.program_id = "prg_1";
  reward.referral_id = "ref_1";
  reward.advocate_id = "adv_1";
  reward.rule_id = "rul_1";
  reward.beneficiary = Beneficiary::kReferee;
  reward.trigger_key = "stage:won";
  reward.amount_minor = 5'000;
  reward.currency = "EUR";
  reward.kind = RewardKind::kCredit;
  reward.status = status;
  reward.reason = "rule \"Won\" (stage:won): fixed 5000 = 5000 EUR";
  if (status == RewardStatus::kFulfilled) reward.payout_reference = "PAY-1";
  if (status == RewardStatus::kReversed) reward.reversal_reason = "customer churned";
  reward.created_at = kCreated;
  reward.updated_at = kCreated;
  return reward;
}

// Everything about two rewards, field by field.
void ExpectSameRewards(const Reward& a, const Reward& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.program_id, b.program_id);
  EXPECT_EQ(a.referral_id, b.referral_id);
  EXPECT_EQ(a.advocate_id, b.advocate_id);
  EXPECT_EQ(a.rule_id, b.rule_id);
  EXPECT_EQ(a.beneficiary, b.beneficiary);
  EXPECT_EQ(a.trigger_key, b.trigger_key);
  EXPECT_EQ(a.amount_minor, b.amount_minor);
  EXPECT_EQ(a.currency, b.currency);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.reason, b.reason);
  EXPECT_EQ(a.payout_reference, b.payout_reference);
  EXPECT_EQ(a.reversal_reason, b.reversal_reason);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
}

// A reward's identity and value, which no transition changes.
void ExpectSameValue(const Reward& a, const Reward& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.referral_id, b.referral_id);
  EXPECT_EQ(a.rule_id, b.rule_id);
  EXPECT_EQ(a.beneficiary, b.beneficiary);
  EXPECT_EQ(a.trigger_key, b.trigger_key);
  EXPECT_EQ(a.amount_minor, b.amount_minor);
  EXPECT_EQ(a.currency, b.currency);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.created_at, b.created_at);
}

std::vector<std::string> FieldsOf(const Error& error) {
  std::vector<std::string> names;
  for (const auto& f : error.fields()) names.push_back(f.field);
  return names;
}

TEST(RewardStatusNames, RoundTrip) {
  for (RewardStatus status : kStatuses) EXPECT_EQ(ParseRewardStatus(ToString(status)), status);
  EXPECT_EQ(ToString(RewardStatus::kPending), "pending");
  EXPECT_EQ(ToString(RewardStatus::kApproved), "approved");
  EXPECT_EQ(ToString(RewardStatus::kFulfilled), "fulfilled");
  EXPECT_EQ(ToString(RewardStatus::kReversed), "reversed");
  EXPECT_EQ(ParseRewardStatus("Pending"), std::nullopt);
  EXPECT_EQ(ParseRewardStatus("paid"), std::nullopt);
  EXPECT_EQ(ParseRewardStatus(""), std::nullopt);
}

// --- Approve ----------------------------------------------------------------------------------

TEST(ApproveReward, ApprovesAPendingReward) {
  Reward reward = RewardIn(RewardStatus::kPending);
  const Reward before = reward;
  auto changed = ApproveReward(reward, kLater);
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(*changed);
  EXPECT_EQ(reward.status, RewardStatus::kApproved);
  EXPECT_EQ(reward.updated_at, kLater);
  ExpectSameValue(reward, before);
}

TEST(ApproveReward, ApprovingAgainChangesNothing) {
  Reward reward = RewardIn(RewardStatus::kPending);
  ASSERT_TRUE(ApproveReward(reward, kLater).ok());
  const Reward approved = reward;
  auto again = ApproveReward(reward, kMuchLater);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  ExpectSameRewards(reward, approved);
  EXPECT_EQ(reward.updated_at, kLater);
}

TEST(ApproveReward, RefusesAFulfilledOrReversedReward) {
  for (RewardStatus status : {RewardStatus::kFulfilled, RewardStatus::kReversed}) {
    Reward reward = RewardIn(status);
    const Reward before = reward;
    auto result = ApproveReward(reward, kLater);
    ASSERT_FALSE(result.ok()) << ToString(status);
    EXPECT_EQ(result.error().code(), ErrorCode::kConflict) << ToString(status);
    ExpectSameRewards(reward, before);
  }
  Reward reversed = RewardIn(RewardStatus::kReversed);
  auto result = ApproveReward(reversed, kLater);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message().find("customer churned"), std::string::npos) << result.error().message();
}

// --- Fulfill ----------------------------------------------------------------------------------

TEST(FulfillReward, FulfillsAnApprovedRewardWithTheTrimmedReference) {
  Reward reward = RewardIn(RewardStatus::kApproved);
  const Reward before = reward;
  auto changed = FulfillReward(reward, "  PAY-42  ", kLater);
  ASSERT_TRUE(changed.ok()) << changed.error().message();
  EXPECT_TRUE(*changed);
  EXPECT_EQ(reward.status, RewardStatus::kFulfilled);
  EXPECT_EQ(reward.payout_reference, "PAY-42");
  EXPECT_EQ(reward.updated_at, kLater);
  ExpectSameValue(reward, before);
}

TEST(FulfillReward, FulfillingAgainWithTheSameReferenceChangesNothing) {
  Reward reward = RewardIn(RewardStatus::kApproved);
  ASSERT_TRUE(FulfillReward(reward, "PAY-42", kLater).ok());
  const Reward fulfilled = reward;
  for (const char* same : {"PAY-42", " PAY-42 "}) {
    auto again = FulfillReward(reward, same, kMuchLater);
    ASSERT_TRUE(again.ok()) << same;
    EXPECT_FALSE(*again) << same;
    ExpectSameRewards(reward, fulfilled);
  }
}

TEST(FulfillReward, RefusesAnotherReferenceForAFulfilledReward) {
  Reward reward = RewardIn(RewardStatus::kApproved);
  ASSERT_TRUE(FulfillReward(reward, "PAY-42", kLater).ok());
  const Reward fulfilled = reward;
  for (const char* other : {"PAY-43", "pay-42"}) {
    auto result = FulfillReward(reward, other, kMuchLater);
    ASSERT_FALSE(result.ok()) << other;
    EXPECT_EQ(result.error().code(), ErrorCode::kConflict) << other;
    ExpectSameRewards(reward, fulfilled);
  }
}

TEST(FulfillReward, NeedsAnApprovedReward) {
  for (RewardStatus status : {RewardStatus::kPending, RewardStatus::kReversed}) {
    Reward reward = RewardIn(status);
    const Reward before = reward;
    auto result = FulfillReward(reward, "PAY-42", kLater);
    ASSERT_FALSE(result.ok()) << ToString(status);
    EXPECT_EQ(result.error().code(), ErrorCode::kConflict) << ToString(status);
    ExpectSameRewards(reward, before);
  }
}

TEST(FulfillReward, ChecksTheReferenceOnFieldReference) {
  const std::string bad[] = {"", "   ", std::string(201, 'r'), "line\nbreak", std::string("nul\0", 4)};
  for (const auto& reference : bad) {
    Reward reward = RewardIn(RewardStatus::kApproved);
    const Reward before = reward;
    auto result = FulfillReward(reward, reference, kLater);
    ASSERT_FALSE(result.ok()) << "'" << reference << "'";
    EXPECT_EQ(result.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(FieldsOf(result.error()), std::vector<std::string>{"reference"});
    ExpectSameRewards(reward, before);
  }
}

TEST(FulfillReward, AcceptsReferencesOfOneTo200Characters) {
  for (const std::string& reference : {std::string("R"), std::string(200, 'r')}) {
    Reward reward = RewardIn(RewardStatus::kApproved);
    auto result = FulfillReward(reward, reference, kLater);
    ASSERT_TRUE(result.ok()) << reference.size();
    EXPECT_TRUE(*result);
    EXPECT_EQ(reward.payout_reference, reference);
  }
}

// --- Reverse ----------------------------------------------------------------------------------

TEST(ReverseReward, ReversesAnyStatusButReversed) {
  for (RewardStatus status : {RewardStatus::kPending, RewardStatus::kApproved, RewardStatus::kFulfilled}) {
    Reward reward = RewardIn(status);
    const Reward before = reward;
    auto changed = ReverseReward(reward, "  customer churned\nwithin 30 days  ", kLater);
    ASSERT_TRUE(changed.ok()) << ToString(status);
    EXPECT_TRUE(*changed) << ToString(status);
    EXPECT_EQ(reward.status, RewardStatus::kReversed);
    EXPECT_EQ(reward.reversal_reason, "customer churned\nwithin 30 days");
    EXPECT_EQ(reward.updated_at, kLater);
    EXPECT_EQ(reward.payout_reference, before.payout_reference);  // kept for the record
    ExpectSameValue(reward, before);
  }
}

TEST(ReverseReward, ReversingAgainChangesNothing) {
  Reward reward = RewardIn(RewardStatus::kApproved);
  ASSERT_TRUE(ReverseReward(reward, "fraud", kLater).ok());
  const Reward reversed = reward;
  auto again = ReverseReward(reward, "another reason", kMuchLater);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  ExpectSameRewards(reward, reversed);
  EXPECT_EQ(reward.reversal_reason, "fraud");
}

TEST(ReverseReward, ChecksTheReasonOnFieldReason) {
  const std::string bad[] = {"", " \n ", std::string(1001, 'r'), std::string("nul\0", 4)};
  for (RewardStatus status : kStatuses) {
    for (const auto& reason : bad) {
      Reward reward = RewardIn(status);
      const Reward before = reward;
      auto result = ReverseReward(reward, reason, kLater);
      ASSERT_FALSE(result.ok()) << ToString(status) << " '" << reason << "'";
      EXPECT_EQ(result.error().code(), ErrorCode::kInvalidArgument);
      EXPECT_EQ(FieldsOf(result.error()), std::vector<std::string>{"reason"});
      ExpectSameRewards(reward, before);
    }
  }
}

TEST(ReverseReward, AcceptsAReasonOf1000Characters) {
  Reward reward = RewardIn(RewardStatus::kPending);
  auto result = ReverseReward(reward, std::string(1000, 'r'), kLater);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(*result);
  EXPECT_EQ(reward.reversal_reason.size(), 1000u);
}

TEST(RewardLifecycle, PendingApprovedFulfilledReversed) {
  Reward reward = RewardIn(RewardStatus::kPending);
  const Reward created = reward;
  ASSERT_TRUE(ApproveReward(reward, kCreated + 1h).ok());
  ASSERT_TRUE(FulfillReward(reward, "PAY-1", kCreated + 2h).ok());
  ASSERT_TRUE(ReverseReward(reward, "refund", kCreated + 3h).ok());
  EXPECT_EQ(reward.status, RewardStatus::kReversed);
  EXPECT_EQ(reward.payout_reference, "PAY-1");
  EXPECT_EQ(reward.reversal_reason, "refund");
  EXPECT_EQ(reward.updated_at, kCreated + 3h);
  ExpectSameValue(reward, created);
  // Nothing moves a reversed reward again.
  EXPECT_FALSE(ApproveReward(reward, kCreated + 4h).ok());
  EXPECT_FALSE(FulfillReward(reward, "PAY-1", kCreated + 4h).ok());
  EXPECT_EQ(reward.updated_at, kCreated + 3h);
}

}  // namespace
}  // namespace bb::domain
