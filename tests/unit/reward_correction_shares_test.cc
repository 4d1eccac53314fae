// Deal value corrections of shared credit (domain/reward_correction.h with a recorded split): each
// credited advocate's chain is restated to their part of the new amount, so that the parts add up
// to exactly what the rule gives: an unpaid share is reissued, a paid one adjusted by the difference.
#include <gtest/gtest.h>

#include <map>

#include "domain/credit_split.h"
#include "domain/reward_correction.h"

namespace bb::domain {
namespace {

Reward Grant(std::string id, std::string advocate, std::string trigger_key, std::int64_t amount, RewardStatus status) {
  Reward r;
  r.id = std::move(id);
  r.program_id = "prg_1";
  r.referral_id = "ref_1";
  r.advocate_id = std::move(advocate);
  r.rule_id = "rul_pct";
  r.trigger_key = std::move(trigger_key);
  r.amount_minor = amount;
  r.currency = "USD";
  r.status = status;
  if (status == RewardStatus::kFulfilled) r.payout_reference = "PAY-1";
  return r;
}

TEST(DealValueCorrectionOfShares, EachShareIsRestatedToItsPartOfTheNewAmount) {
  RewardRule rule;
  rule.id = "rul_pct";
  rule.name = "Percent";
  rule.trigger.stage = ReferralStage::kWon;
  rule.amount.percent_bp = 1000;
  rule.requires_approval = false;
  std::map<std::string, const RewardRule*> rules{{rule.id, &rule}};
  Referral referral;
  referral.id = "ref_1";
  referral.advocate_id = "adv_b";
  referral.deal_value_minor = 100'001;  // 10% = 10,000
  ReferralCredit credit;
  credit.id = "crd_1";
  credit.split = CreditSplit::kEqual;
  credit.shares = {{"adv_a", "", 3334, {}}, {"adv_b", "ref_1", 3333, {}}, {"adv_c", "ref_2", 3333, {}}};
  // At 60,000 the shares were 2,001 / 2,000 / 2,000 (6,001 → largest remainder to the first);
  // adv_a was paid.
  std::vector<Reward> entries{Grant("rwd_1", "adv_a", "stage:won@adv_a", 2'001, RewardStatus::kFulfilled),
                              Grant("rwd_2", "adv_b", "stage:won", 2'000, RewardStatus::kApproved),
                              Grant("rwd_3", "adv_c", "stage:won@adv_c", 2'000, RewardStatus::kApproved)};
  CorrectionPlan plan = PlanDealValueCorrection(rules, referral, entries, 1, {}, {}, "CRM", &credit);
  EXPECT_EQ(plan.reverse, (std::vector<std::string>{"rwd_2", "rwd_3"}));
  ASSERT_EQ(plan.create.size(), 3u);
  std::map<std::string, std::pair<RewardEntry, std::int64_t>> made;
  for (const auto& created : plan.create) made[created.advocate_id] = {created.entry, created.amount_minor};
  EXPECT_EQ(made["adv_a"], std::make_pair(RewardEntry::kAdjustment, std::int64_t{3'334 - 2'001}));
  EXPECT_EQ(made["adv_b"], std::make_pair(RewardEntry::kReissue, std::int64_t{3'333}));
  EXPECT_EQ(made["adv_c"], std::make_pair(RewardEntry::kReissue, std::int64_t{3'333}));
  for (const auto& created : plan.create) {
    EXPECT_NE(created.reason.find("share is"), std::string::npos) << created.reason;
    EXPECT_EQ(created.trigger_key, created.advocate_id == "adv_b" ? "stage:won" : "stage:won@" + created.advocate_id);
  }

  // Without the credit, each chain would be restated to the whole 10,000: three times the reward.
  CorrectionPlan unshared = PlanDealValueCorrection(rules, referral, entries, 1, {}, {}, "CRM");
  std::int64_t total = 0;
  for (const auto& created : unshared.create) total += created.amount_minor;
  EXPECT_GT(total, 10'000) << "the regression the credit prevents";

  // A grant paying an advocate the split does not name is left alone, and says so.
  entries.push_back(Grant("rwd_4", "adv_z", "stage:won@adv_z", 1, RewardStatus::kApproved));
  CorrectionPlan stray = PlanDealValueCorrection(rules, referral, entries, 1, {}, {}, "CRM", &credit);
  ASSERT_EQ(stray.withheld.size(), 1u);
  EXPECT_NE(stray.withheld[0].find("rwd_4"), std::string::npos);
}

}  // namespace
}  // namespace bb::domain
