// Split credit: the shares each policy gives the advocates who touched one won deal (always
// exactly 10,000 basis points), and amounts divided by them to the minor unit, exactly, either sign.
#include "domain/credit_split.h"

#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <numeric>
#include <set>

#include "common/checked_math.h"

namespace bb::domain {
namespace {

Timestamp Day(int day) { return Timestamp{} + std::chrono::days(20'000 + day); }

CreditPolicy Policy(CreditSplit split) {
  CreditPolicy policy;
  policy.split = split;
  policy.role_weights = DefaultRoleWeights();
  return policy;
}

std::vector<std::int64_t> Bps(const std::vector<CreditShare>& shares) {
  std::vector<std::int64_t> out;
  for (const auto& share : shares) out.push_back(share.share_bp);
  return out;
}

std::vector<std::string> Advocates(const std::vector<CreditShare>& shares) {
  std::vector<std::string> out;
  for (const auto& share : shares) out.push_back(share.advocate_id);
  return out;
}

const std::vector<CreditTouch> kThreeTouches = {
    {"adv_c", "ref_3", Day(9), 1}, {"adv_a", "", Day(1), 1}, {"adv_b", "ref_2", Day(5), 4}};

TEST(CreditSplitTest, EqualSplitsTenThousandByLargestRemainderEarliestFirst) {
  auto shares = SplitCredit(Policy(CreditSplit::kEqual), kThreeTouches, "adv_c");
  EXPECT_EQ(Advocates(shares), (std::vector<std::string>{"adv_a", "adv_b", "adv_c"}));
  EXPECT_EQ(Bps(shares), (std::vector<std::int64_t>{3334, 3333, 3333}));
  EXPECT_EQ(shares[1].referral_id, "ref_2");
  EXPECT_EQ(shares[0].touched_at, Day(1));
}

TEST(CreditSplitTest, FirstAndLastWeightedGiveTheLeadItsShareAndDivideTheRest) {
  auto policy = Policy(CreditSplit::kFirstWeighted);
  policy.lead_share_bp = 6000;
  EXPECT_EQ(Bps(SplitCredit(policy, kThreeTouches, "adv_c")), (std::vector<std::int64_t>{6000, 2000, 2000}));
  policy.split = CreditSplit::kLastWeighted;
  policy.lead_share_bp = 5001;
  EXPECT_EQ(Bps(SplitCredit(policy, kThreeTouches, "adv_c")), (std::vector<std::int64_t>{2500, 2499, 5001}));
  // One toucher: everything, whatever the lead share.
  EXPECT_EQ(Bps(SplitCredit(policy, {{"adv_c", "ref_3", Day(9), 1}}, "adv_c")), (std::vector<std::int64_t>{10000}));
}

TEST(CreditSplitTest, ByRoleFollowsTheWeightsAndFallsBackToEqualWhenAllWeighNothing) {
  // Weights 1, 4, 1: 1,666.67 / 6,666.67 / 1,666.67; the two points left go to the earliest of
  // the equal remainders.
  auto shares = SplitCredit(Policy(CreditSplit::kByRole), kThreeTouches, "adv_c");
  EXPECT_EQ(Bps(shares), (std::vector<std::int64_t>{1667, 6667, 1666}));
  std::vector<CreditTouch> nothing = {{"adv_a", "", Day(1), 0}, {"adv_c", "ref_3", Day(2), 0}};
  EXPECT_EQ(Bps(SplitCredit(Policy(CreditSplit::kByRole), nothing, "adv_c")), (std::vector<std::int64_t>{5000, 5000}));
  // A toucher weighing nothing beside one who weighs something gets no share; the won referral's
  // own advocate keeps theirs at 0 so that the split names them.
  std::vector<CreditTouch> lopsided = {
      {"adv_a", "", Day(1), 0}, {"adv_b", "ref_2", Day(2), 3}, {"adv_c", "ref_3", Day(3), 0}};
  auto kept = SplitCredit(Policy(CreditSplit::kByRole), lopsided, "adv_c");
  EXPECT_EQ(Advocates(kept), (std::vector<std::string>{"adv_b", "adv_c"}));
  EXPECT_EQ(Bps(kept), (std::vector<std::int64_t>{10000, 0}));
}

TEST(CreditSplitTest, OneSharePerAdvocateAtTheirEarliestTouchWithTheirHighestWeight) {
  std::vector<CreditTouch> repeated = {
      {"adv_b", "ref_9", Day(7), 2}, {"adv_b", "ref_2", Day(2), 1}, {"adv_c", "ref_3", Day(3), 1}};
  auto shares = SplitCredit(Policy(CreditSplit::kByRole), repeated, "adv_c");
  ASSERT_EQ(shares.size(), 2u);
  EXPECT_EQ(shares[0].referral_id, "ref_2");
  EXPECT_EQ(shares[0].touched_at, Day(2));
  EXPECT_EQ(Bps(shares), (std::vector<std::int64_t>{6667, 3333}));
  // Policy none: the won referral's own advocate alone, even with other touches.
  auto alone = SplitCredit(Policy(CreditSplit::kNone), kThreeTouches, "adv_c");
  EXPECT_EQ(Advocates(alone), (std::vector<std::string>{"adv_c"}));
  EXPECT_EQ(Bps(alone), (std::vector<std::int64_t>{10000}));
}

TEST(CreditSplitTest, AtMostTwentySharesAndTheOwnAdvocateIsAlwaysAmongThem) {
  std::vector<CreditTouch> crowd;
  for (int i = 0; i < 30; ++i) crowd.push_back({"adv_" + std::to_string(100 + i), "r", Day(i), 1});
  auto shares = SplitCredit(Policy(CreditSplit::kEqual), crowd, "adv_129");
  ASSERT_EQ(shares.size(), kMaxCreditShares);
  EXPECT_EQ(shares.back().advocate_id, "adv_129");
  const auto bps = Bps(shares);
  EXPECT_EQ(std::accumulate(bps.begin(), bps.end(), std::int64_t{0}), kFullShareBp);
  // An own advocate without a touch of their own is added.
  auto added = SplitCredit(Policy(CreditSplit::kEqual), {{"adv_a", "", Day(1), 1}}, "adv_z");
  EXPECT_EQ(Advocates(added), (std::vector<std::string>{"adv_a", "adv_z"}));
}

TEST(CreditSplitTest, AmountsSplitExactlyForEitherSignAndHugeValues) {
  std::vector<CreditShare> shares = {{"a", "", 3334, {}}, {"b", "", 3333, {}}, {"c", "", 3333, {}}};
  EXPECT_EQ(SplitAmount(10'000, shares), (std::vector<std::int64_t>{3334, 3333, 3333}));
  EXPECT_EQ(SplitAmount(100, shares), (std::vector<std::int64_t>{34, 33, 33}));
  EXPECT_EQ(SplitAmount(-100, shares), (std::vector<std::int64_t>{-34, -33, -33}));
  EXPECT_EQ(SplitAmount(1, shares), (std::vector<std::int64_t>{1, 0, 0}));
  EXPECT_EQ(SplitAmount(0, shares), (std::vector<std::int64_t>{0, 0, 0}));
  const std::int64_t huge = std::numeric_limits<std::int64_t>::max();
  auto parts = SplitAmount(huge, shares);
  Int128 sum = 0;
  for (auto part : parts) sum += part;
  EXPECT_TRUE(sum == huge);
  // Remainders: 6,000 bp of 7 is 4.2, 4,000 bp 2.8 → 4 + 1 goes to the larger remainder (2.8).
  std::vector<CreditShare> uneven = {{"a", "", 6000, {}}, {"b", "", 4000, {}}};
  EXPECT_EQ(SplitAmount(7, uneven), (std::vector<std::int64_t>{4, 3}));
}

TEST(CreditSplitTest, AShareIsTakenBackOnlyWhenEveryReferralBackingItIsRejected) {
  ReferralCredit credit;
  credit.referral_id = "ref_won";
  credit.shares = {{"adv_own", "ref_won", 4000, {}}, {"adv_b", "ref_b1", 3000, {}}, {"adv_link", "", 3000, {}}};
  credit.touches = {{"ref_b1", "adv_b", true}, {"ref_b2", "adv_b", false}, {"ref_own2", "adv_own", true}};
  auto mark = [&](std::set<std::string> rejected) {
    ReferralCredit copy = credit;
    MarkTakenBack(copy, "adv_own", [&](const std::string& id) { return rejected.contains(id); });
    std::vector<bool> out;
    for (const auto& share : copy.shares) out.push_back(share.taken_back);
    return out;
  };
  EXPECT_EQ(mark({}), (std::vector<bool>{false, false, false}));
  EXPECT_EQ(mark({"ref_b1"}), (std::vector<bool>{false, false, false})) << "ref_b2 still backs adv_b";
  EXPECT_EQ(mark({"ref_b1", "ref_b2", "ref_own2"}), (std::vector<bool>{false, true, false}))
      << "the won referral's own advocate and a first-touch link are never taken back this way";
}

TEST(CreditSplitTest, PolicyChecksNameEachBadField) {
  CreditPolicy policy = Policy(CreditSplit::kFirstWeighted);
  policy.lead_share_bp = 4999;
  policy.role_weights[BuyingRole::kCoach] = 101;
  policy.unroled_weight = -1;
  policy.account_window_days = 731;
  auto status = CheckCreditPolicy(policy);
  ASSERT_FALSE(status.ok());
  std::vector<std::string> fields;
  for (const auto& f : status.error().fields()) fields.push_back(f.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"lead_share_bp", "role_weights.coach", "unroled_weight", "account_window_days"}));
  EXPECT_TRUE(CheckCreditPolicy(Policy(CreditSplit::kByRole)).ok());
  // Account-level credit needs an account window (of any split, none included).
  CreditPolicy account = Policy(CreditSplit::kNone);
  account.account_credit = true;
  auto no_window = CheckCreditPolicy(account);
  ASSERT_FALSE(no_window.ok());
  ASSERT_EQ(no_window.error().fields().size(), 1u);
  EXPECT_EQ(no_window.error().fields().front().field, "account_credit");
  account.account_window_days = 1;
  EXPECT_TRUE(CheckCreditPolicy(account).ok());
  EXPECT_EQ(ParseCreditSplit("last_weighted"), CreditSplit::kLastWeighted);
  EXPECT_FALSE(ParseCreditSplit("Equal"));
  EXPECT_EQ(SharedTriggerKey("stage:won", "adv_b", "adv_a"), "stage:won@adv_b");
  EXPECT_EQ(SharedTriggerKey("stage:won", "adv_a", "adv_a"), "stage:won");
  EXPECT_EQ(RoleWeight(Policy(CreditSplit::kByRole), {BuyingRole::kCoach, BuyingRole::kEconomicBuyer}), 4);
  EXPECT_EQ(RoleWeight(Policy(CreditSplit::kByRole), {}), 1);
}

}  // namespace
}  // namespace bb::domain
