// Catalogue items that pay a reward (domain/catalog.h) and the reward ledger entry of their
// redemptions (domain/redemption_reward.h): the reward refused field by field, kept by the
// redemption as it was, the entry's status following every decision, and a payout reference
// required to fulfil one.

#include "domain/redemption_reward.h"

#include <gtest/gtest.h>

#include "common/time_format.h"
#include "domain/reward_amount.h"

namespace bb::domain {
namespace {

const Timestamp kNow = *ParseTimestamp("2027-01-10T12:00:00Z");

CatalogItem GiftCard(std::string approval = "manual") {
  CatalogItemInput input;
  input.name = "Gift card";
  input.cost_points = 2'500;
  input.approval = std::move(approval);
  input.set_reward = true;
  input.reward = CatalogRewardInput{"gift_card", 2'500};
  auto item = BuildCatalogItem(input, "cat_1", "prg_1", "EUR", kNow);
  EXPECT_TRUE(item.ok());
  return *item;
}

Redemption Redeemed(CatalogItem& item, bool trusted = true) {
  auto redemption = Redeem(item, "adv_1", {3'000, 0, trusted, 0}, "red_1", kNow, {});
  EXPECT_TRUE(redemption.ok());
  redemption->reward_id = "rwd_1";
  return *redemption;
}

std::vector<std::string> FieldsOf(const Error& error) {
  std::vector<std::string> fields;
  for (const auto& f : error.fields()) fields.push_back(f.field);
  return fields;
}

TEST(RedemptionRewardTest, AnItemsRewardIsRefusedFieldByField) {
  CatalogItemInput input;
  input.name = "Points for points";
  input.cost_points = 100;
  input.set_reward = true;
  input.reward = CatalogRewardInput{"points", 0};
  auto refused = BuildCatalogItem(input, "cat_1", "prg_1", "USD", kNow);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(FieldsOf(refused.error()), (std::vector<std::string>{"reward.kind", "reward.amount_minor"}));

  input.reward = CatalogRewardInput{std::nullopt, std::nullopt};
  refused = BuildCatalogItem(input, "cat_1", "prg_1", "USD", kNow);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(FieldsOf(refused.error()), (std::vector<std::string>{"reward.kind", "reward.amount_minor"}))
      << "a reward is given whole";

  input.reward = CatalogRewardInput{"cash", kMaxMinorAmount + 1};
  refused = BuildCatalogItem(input, "cat_1", "prg_1", "USD", kNow);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(FieldsOf(refused.error()), (std::vector<std::string>{"reward.amount_minor"}));

  input.reward = CatalogRewardInput{"cash", kMaxMinorAmount};
  auto largest = BuildCatalogItem(input, "cat_1", "prg_1", "USD", kNow);
  ASSERT_TRUE(largest.ok());
  EXPECT_EQ(largest->reward, (CatalogReward{RewardKind::kCash, kMaxMinorAmount, "USD"}));
}

TEST(RedemptionRewardTest, TheRewardIsInTheProgramsCurrencyAndKeptByTheRedemptionAsItWas) {
  CatalogItem item = GiftCard();
  ASSERT_TRUE(item.reward);
  EXPECT_EQ(*item.reward, (CatalogReward{RewardKind::kGiftCard, 2'500, "EUR"}));
  Redemption redemption = Redeemed(item);
  EXPECT_EQ(redemption.reward, item.reward);

  CatalogItemInput cheaper;
  cheaper.set_reward = true;
  cheaper.reward = CatalogRewardInput{"credit", 1'000};
  ASSERT_TRUE(*ApplyCatalogItemChanges(item, cheaper, "EUR", kNow + std::chrono::hours(1)));
  EXPECT_EQ(item.reward->amount_minor, 1'000);
  EXPECT_EQ(redemption.reward->amount_minor, 2'500) << "what was redeemed keeps what it paid";

  CatalogItemInput none;
  none.set_reward = true;
  ASSERT_TRUE(*ApplyCatalogItemChanges(item, none, "EUR", kNow + std::chrono::hours(2)));
  EXPECT_FALSE(item.reward) << "a null reward removes it";
}

TEST(RedemptionRewardTest, TheEntryIsTheAdvocatesAndStartsAsTheRedemption) {
  CatalogItem manual = GiftCard("manual");
  Redemption requested = Redeemed(manual);
  Reward entry = RewardOfRedemption(requested);
  EXPECT_EQ(entry.id, "rwd_1");
  EXPECT_EQ(entry.entry, RewardEntry::kRedemption);
  EXPECT_EQ(entry.redemption_id, "red_1");
  EXPECT_EQ(entry.referral_id, "");
  EXPECT_EQ(entry.rule_id, "");
  EXPECT_EQ(entry.advocate_id, "adv_1");
  EXPECT_EQ(entry.beneficiary, Beneficiary::kAdvocate);
  EXPECT_EQ(entry.amount_minor, 2'500);
  EXPECT_EQ(entry.currency, "EUR");
  EXPECT_EQ(entry.kind, RewardKind::kGiftCard);
  EXPECT_EQ(entry.status, RewardStatus::kPending);
  EXPECT_EQ(entry.reason, "2,500 points redeemed for Gift card");
  EXPECT_EQ(entry.created_at, kNow);

  CatalogItem automatic = GiftCard("auto");
  EXPECT_EQ(RewardOfRedemption(Redeemed(automatic)).status, RewardStatus::kApproved) << "approved at once";
  EXPECT_EQ(RewardOfRedemption(Redeemed(automatic, false)).status, RewardStatus::kPending)
      << "one who signed up themselves waits for staff";
}

TEST(RedemptionRewardTest, TheEntryFollowsEveryDecision) {
  CatalogItem item = GiftCard();
  Redemption redemption = Redeemed(item);
  Reward entry = RewardOfRedemption(redemption);
  const Timestamp later = kNow + std::chrono::hours(1);

  ASSERT_TRUE(ApproveRedemption(redemption, item, "usr_1", later).ok());
  EXPECT_TRUE(*FollowRedemption(entry, redemption, later));
  EXPECT_EQ(entry.status, RewardStatus::kApproved);
  EXPECT_FALSE(*FollowRedemption(entry, redemption, later)) << "following again changes nothing";

  Status no_reference = FulfillRedemption(redemption, "", "usr_1", later);
  ASSERT_FALSE(no_reference.ok());
  EXPECT_EQ(FieldsOf(no_reference.error()), (std::vector<std::string>{"reference"}))
      << "a reward is paid with its payout's reference";
  EXPECT_EQ(redemption.status, RedemptionStatus::kApproved) << "nothing changed";
  ASSERT_FALSE(FulfillRedemption(redemption, std::string(201, 'x'), "usr_1", later).ok());
  ASSERT_TRUE(FulfillRedemption(redemption, "GC-77", "usr_1", later).ok());
  EXPECT_TRUE(*FollowRedemption(entry, redemption, later));
  EXPECT_EQ(entry.status, RewardStatus::kFulfilled);
  EXPECT_EQ(entry.payout_reference, "GC-77");
}

TEST(RedemptionRewardTest, ARejectionOrACancelReversesTheEntry) {
  CatalogItem item = GiftCard();
  Redemption rejected = Redeemed(item);
  Reward entry = RewardOfRedemption(rejected);
  ASSERT_TRUE(ApproveRedemption(rejected, item, "usr_1", kNow).ok());
  ASSERT_TRUE(*FollowRedemption(entry, rejected, kNow));
  ASSERT_TRUE(RejectRedemption(rejected, item, "Not a customer any more", "usr_1", kNow).ok());
  EXPECT_TRUE(*FollowRedemption(entry, rejected, kNow));
  EXPECT_EQ(entry.status, RewardStatus::kReversed);
  EXPECT_EQ(entry.reversal_reason, "Redemption rejected: the points were given back")
      << "never staff's note, which the advocate would read";

  Redemption cancelled = Redeemed(item);
  Reward other = RewardOfRedemption(cancelled);
  ASSERT_TRUE(CancelRedemption(cancelled, item, "adv_1", kNow).ok());
  EXPECT_TRUE(*FollowRedemption(other, cancelled, kNow));
  EXPECT_EQ(other.status, RewardStatus::kReversed);
  EXPECT_EQ(other.reversal_reason, "Cancelled by the advocate");
}

TEST(RedemptionRewardTest, AnEntryThatCannotFollowInOneStepIsAConflict) {
  CatalogItem item = GiftCard();
  Redemption redemption = Redeemed(item);
  Reward entry = RewardOfRedemption(redemption);  // pending
  redemption.status = RedemptionStatus::kFulfilled;
  auto skipped = FollowRedemption(entry, redemption, kNow);
  ASSERT_FALSE(skipped.ok());
  EXPECT_EQ(skipped.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(entry.status, RewardStatus::kPending);
}

TEST(RedemptionRewardTest, AnItemWithoutARewardIsFulfilledWithoutAReference) {
  CatalogItemInput input;
  input.name = "Team hoodie";
  input.cost_points = 500;
  auto item = BuildCatalogItem(input, "cat_2", "prg_1", "USD", kNow);
  ASSERT_TRUE(item.ok());
  Redemption redemption = *Redeem(*item, "adv_1", {800, 0, true, 0}, "red_2", kNow, {});
  EXPECT_FALSE(redemption.reward);
  ASSERT_TRUE(ApproveRedemption(redemption, *item, "usr_1", kNow).ok());
  EXPECT_TRUE(FulfillRedemption(redemption, "", "usr_1", kNow).ok());
}

}  // namespace
}  // namespace bb::domain
