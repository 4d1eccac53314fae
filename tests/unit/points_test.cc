// Advocacy points (domain/points.h, points_balance.h, leaderboard.h): the research file's vectors
// (research/intelligence.md §5.3: FIFO expiry over an injected clock; leaderboard periods at their
// edges), reversals that take from their own lot and leave a debt when the points were spent,
// expiry that never reaches back before it was turned on, levels and their progress, badges and
// what a reversal does to them, and settings refused field by field.

#include <gtest/gtest.h>

#include "common/time_format.h"
#include "domain/leaderboard.h"
#include "domain/points.h"
#include "domain/points_balance.h"

namespace bb::domain {
namespace {

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }
const Timestamp kDay0 = At("2027-01-01T00:00:00Z");
Timestamp Day(int n) { return kDay0 + std::chrono::days(n); }

PointsEntry Entry(std::string id, std::int64_t delta, Timestamp at, PointsReason reason = PointsReason::kReferralWon,
                  PointsBalance balance = PointsBalance::kBoth) {
  PointsEntry e;
  e.id = std::move(id);
  e.delta = delta;
  e.earned_at = e.recorded_at = at;
  e.reason = reason;
  e.balance = balance;
  return e;
}

PointsEntry Spend(std::string id, std::int64_t points, Timestamp at) {
  return Entry(std::move(id), -points, at, PointsReason::kAdjustment, PointsBalance::kRedeemableOnly);
}

PointsEntry Reversal(std::string id, const PointsEntry& of, Timestamp at) {
  PointsEntry e = Entry(std::move(id), -of.delta, of.earned_at, PointsReason::kReversal, of.balance);
  e.reverses = of.id;
  e.recorded_at = at;
  return e;
}

PointsSettings Expiring(int days, Timestamp from) {
  PointsSettings s = DefaultPointsSettings("prg_1");
  s.expiry_rules = {{from, days}};
  CurrentExpiry(s);
  return s;
}

PointsBalances Balances(const std::vector<PointsEntry>& entries, const PointsSettings& settings, Timestamp as_of) {
  auto out = BalancesAsOf(entries, settings, as_of);
  EXPECT_TRUE(out.ok());
  return out.ok() ? *out : PointsBalances{};
}

TEST(PointsBalanceTest, ResearchVectorFifoExpiry) {
  // §5.3.1: expiry 365 d; earn 100 at day 0 and 50 at day 200; redeem 120 at day 300.
  const auto settings = Expiring(365, kDay0);
  const std::vector<PointsEntry> ledger = {Entry("pte_1", 100, Day(0)), Entry("pte_2", 50, Day(200)),
                                           Spend("pte_3", 120, Day(300))};
  auto at300 = Balances(ledger, settings, Day(300));
  EXPECT_EQ(at300.redeemable, 30) << "100 from the first lot, 20 from the second";
  EXPECT_EQ(at300.lifetime, 150);
  EXPECT_EQ(at300.next_expiry_at, Day(565));
  EXPECT_EQ(at300.next_expiry_points, 30);
  auto at365 = Balances(ledger, settings, Day(365));
  EXPECT_EQ(at365.redeemable, 30) << "the first lot was spent: nothing expires at day 365";
  EXPECT_EQ(at365.expired, 0);
  auto before565 = Balances(ledger, settings, Day(565) - Duration(1));
  EXPECT_EQ(before565.redeemable, 30);
  auto at565 = Balances(ledger, settings, Day(565));
  EXPECT_EQ(at565.redeemable, 0);
  EXPECT_EQ(at565.expired, 30);
  EXPECT_EQ(at565.lifetime, 150) << "lifetime points never expire";
  EXPECT_FALSE(at565.next_expiry_at);
}

TEST(PointsBalanceTest, TurningExpiryOnExpiresNothingEarnedBeforeAtOnce) {
  // Points earned two years before expiry was turned on last a full period from then.
  const auto settings = Expiring(365, Day(730));
  const std::vector<PointsEntry> ledger = {Entry("pte_1", 100, Day(0))};
  EXPECT_EQ(Balances(ledger, settings, Day(731)).redeemable, 100);
  EXPECT_EQ(Balances(ledger, settings, Day(730 + 365)).redeemable, 0);
  EXPECT_EQ(Balances(ledger, DefaultPointsSettings("prg_1"), Day(5000)).redeemable, 100) << "no expiry by default";
}

// Regression: a lot's expiry was worked out from the settings of the moment it was read, so
// shortening the period expired points at once (and rewrote past views), and turning expiry off
// brought expired points back.
TEST(PointsBalanceTest, NoExpiryChangeReachesBack) {
  PointsSettings settings = Expiring(365, Day(-400));
  const std::vector<PointsEntry> ledger = {Entry("pte_1", 100, Day(-300)), Entry("pte_2", 40, Day(-500))};
  EXPECT_EQ(Balances(ledger, settings, Day(0)).redeemable, 100) << "the older lot expired on day -35";
  EXPECT_EQ(Balances(ledger, settings, Day(0)).expired, 40);
  settings.expiry_rules.push_back({Day(0), 30});
  EXPECT_EQ(Balances(ledger, settings, Day(0)).redeemable, 100) << "a shorter period is for later points";
  EXPECT_EQ(Balances(ledger, settings, Day(64)).redeemable, 100);
  EXPECT_EQ(Balances(ledger, settings, Day(65)).redeemable, 0) << "the lot keeps its 365 days";
  EXPECT_EQ(Balances({Entry("pte_3", 10, Day(1))}, settings, Day(31)).redeemable, 0) << "new points: 30 days";
  settings.expiry_rules.push_back({Day(10), 0});
  auto off = Balances(ledger, settings, Day(100));
  EXPECT_EQ(off.redeemable, 100) << "turned off before the lot expired: it no longer expires";
  EXPECT_EQ(off.expired, 40) << "what expired stays expired";
  EXPECT_EQ(Balances(ledger, settings, Day(-1)).redeemable, 100) << "a past view knows no later change";
  settings.expiry_rules.push_back({Day(200), 7});
  EXPECT_EQ(Balances(ledger, settings, Day(206)).redeemable, 100);
  EXPECT_EQ(Balances(ledger, settings, Day(207)).redeemable, 0) << "on again: its days count from then";
  CurrentExpiry(settings);
  EXPECT_EQ(settings.expire_after_days, 7);
  EXPECT_EQ(settings.expiry_from, Day(200));
}

// Regression: a redemption cancelled gave its points back as a new lot, so redeeming and
// cancelling renewed points about to expire, as often as one liked.
TEST(PointsBalanceTest, ARefundPutsThePointsBackWhereTheyCameFrom) {
  const auto settings = Expiring(30, kDay0);
  PointsEntry old = Entry("pte_1", 1000, Day(0));
  PointsEntry fresh = Entry("pte_2", 200, Day(20));
  PointsEntry spent = Entry("pte_3", -1100, Day(29), PointsReason::kRedemption, PointsBalance::kRedeemableOnly);
  PointsEntry back = Entry("pte_4", 1100, Day(29) + std::chrono::hours(1), PointsReason::kRedemptionRefund,
                           PointsBalance::kRedeemableOnly);
  back.reverses = spent.id;
  const std::vector<PointsEntry> ledger = {old, fresh, spent, back};
  auto before_expiry = Balances(ledger, settings, Day(30) - Duration(1));
  EXPECT_EQ(before_expiry.redeemable, 1200);
  EXPECT_EQ(before_expiry.next_expiry_at, Day(30)) << "the old lot keeps its date";
  EXPECT_EQ(before_expiry.next_expiry_points, 1000);
  auto after = Balances(ledger, settings, Day(30));
  EXPECT_EQ(after.redeemable, 200);
  EXPECT_EQ(after.expired, 1000);

  PointsEntry late_back = back;
  late_back.recorded_at = late_back.earned_at = Day(40);
  auto late = Balances({old, fresh, spent, late_back}, settings, Day(40));
  EXPECT_EQ(late.redeemable, 200) << "given back after the old lot's date: those points are gone";
  EXPECT_EQ(late.expired, 1000);
  EXPECT_EQ(late.lifetime, 1200) << "lifetime never moved";
}

TEST(PointsBalanceTest, AReversalTakesItsOwnLotNotTheOldest) {
  const auto settings = Expiring(365, kDay0);
  PointsEntry first = Entry("pte_1", 100, Day(0));
  PointsEntry second = Entry("pte_2", 500, Day(10));
  auto b = Balances({first, second, Reversal("pte_3", second, Day(20))}, settings, Day(20));
  EXPECT_EQ(b.redeemable, 100);
  EXPECT_EQ(b.lifetime, 100);
  EXPECT_EQ(b.next_expiry_at, Day(365)) << "the first lot is still there, expiring on its own date";
}

TEST(PointsBalanceTest, ReversingSpentPointsLeavesADebtTheNextPointsPay) {
  const auto settings = DefaultPointsSettings("prg_1");
  PointsEntry won = Entry("pte_1", 1000, Day(0));
  std::vector<PointsEntry> ledger = {won, Spend("pte_2", 800, Day(1)), Reversal("pte_3", won, Day(2))};
  auto owed = Balances(ledger, settings, Day(2));
  EXPECT_EQ(owed.redeemable, -800) << "a rejected referral's points are taken back even when spent";
  EXPECT_EQ(owed.lifetime, 0);
  ledger.push_back(Entry("pte_4", 1000, Day(3)));
  EXPECT_EQ(Balances(ledger, settings, Day(3)).redeemable, 200);
}

TEST(PointsBalanceTest, ReversingAnExpiredLotOwesNothing) {
  const auto settings = Expiring(30, kDay0);
  PointsEntry won = Entry("pte_1", 1000, Day(0));
  auto b = Balances({won, Reversal("pte_2", won, Day(40))}, settings, Day(40));
  EXPECT_EQ(b.redeemable, 0) << "the points had expired: there is nothing to take back";
  EXPECT_EQ(b.expired, 0) << "and they no longer count as expired either";
  EXPECT_EQ(b.lifetime, 0);
}

TEST(PointsBalanceTest, AsOfSeesOnlyWhatWasRecordedByThen) {
  const auto settings = DefaultPointsSettings("prg_1");
  PointsEntry won = Entry("pte_1", 1000, Day(0));
  const std::vector<PointsEntry> ledger = {won, Reversal("pte_2", won, Day(50))};
  EXPECT_EQ(Balances(ledger, settings, Day(49)).lifetime, 1000);
  EXPECT_EQ(Balances(ledger, settings, Day(50)).lifetime, 0);
}

TEST(PointsBalanceTest, LifetimeOnlyAndRedeemableOnlyEntriesMoveOneBalance) {
  const auto settings = DefaultPointsSettings("prg_1");
  auto b = Balances({Entry("pte_1", 300, Day(0), PointsReason::kAdjustment, PointsBalance::kLifetimeOnly),
                     Entry("pte_2", 70, Day(0), PointsReason::kAdjustment, PointsBalance::kRedeemableOnly)},
                    settings, Day(0));
  EXPECT_EQ(b.lifetime, 300);
  EXPECT_EQ(b.redeemable, 70);
}

TEST(PointsBalanceTest, ASumPastSixtyFourBitsIsRefusedByName) {
  std::vector<PointsEntry> ledger;
  for (int i = 0; i < 10; ++i) {
    ledger.push_back(Entry("pte_" + std::to_string(10 + i), std::numeric_limits<std::int64_t>::max() / 8, Day(i)));
  }
  auto b = BalancesAsOf(ledger, DefaultPointsSettings("prg_1"), Day(20));
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(b.error().fields().front().field, "lifetime");
}

// §5.3.2: entries of 100 at 2027-01-31T23:59:59Z and 50 at 2027-02-01T00:00:00Z.
std::int64_t BoardPoints(LeaderboardPeriod period, std::optional<std::string_view> month, std::string_view as_of) {
  const std::vector<PointsEntry> ledger = {Entry("pte_1", 100, At("2027-01-31T23:59:59Z")),
                                           Entry("pte_2", 50, At("2027-02-01T00:00:00Z"))};
  auto window = WindowOf(period, month, At(as_of));
  EXPECT_TRUE(window.ok());
  std::int64_t sum = 0;
  for (const auto& e : ledger) {
    if (e.earned_at >= window->from && e.earned_at < window->before && e.recorded_at <= window->as_of) sum += e.delta;
  }
  return sum;
}

TEST(LeaderboardTest, ResearchVectorPeriods) {
  EXPECT_EQ(BoardPoints(LeaderboardPeriod::kMonth, "2027-01", "2027-03-15T00:00:00Z"), 100);
  EXPECT_EQ(BoardPoints(LeaderboardPeriod::kMonth, "2027-02", "2027-03-15T00:00:00Z"), 50);
  EXPECT_EQ(BoardPoints(LeaderboardPeriod::kMonth, std::nullopt, "2027-02-10T00:00:00Z"), 50) << "as_of's month";
  EXPECT_EQ(BoardPoints(LeaderboardPeriod::kAllTime, std::nullopt, "2027-03-15T00:00:00Z"), 150);
  EXPECT_EQ(BoardPoints(LeaderboardPeriod::kRolling30Days, std::nullopt, "2027-03-02T00:00:00Z"), 150);
  EXPECT_EQ(BoardPoints(LeaderboardPeriod::kRolling30Days, std::nullopt, "2027-03-02T23:59:59Z"), 50);
  EXPECT_EQ(BoardPoints(LeaderboardPeriod::kRolling30Days, std::nullopt, "2027-03-03T00:00:00Z"), 0);
  EXPECT_EQ(BoardPoints(LeaderboardPeriod::kAllTime, std::nullopt, "2027-01-31T23:59:58Z"), 0) << "nothing yet";
}

TEST(LeaderboardTest, WindowsAreNamedAndCheckedByField) {
  auto month = WindowOf(LeaderboardPeriod::kMonth, "2027-02", At("2027-02-10T12:00:00Z")).value();
  EXPECT_EQ(month.month, "2027-02");
  EXPECT_EQ(month.from, At("2027-02-01T00:00:00Z"));
  EXPECT_EQ(month.before, At("2027-02-10T12:00:00Z") + Duration(1)) << "a month in progress ends at as_of";
  auto bad = WindowOf(LeaderboardPeriod::kMonth, "2027-13", At("2027-02-10T12:00:00Z"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields().front().field, "month");
  auto misplaced = WindowOf(LeaderboardPeriod::kAllTime, "2027-01", At("2027-02-10T12:00:00Z"));
  ASSERT_FALSE(misplaced.ok());
  EXPECT_EQ(misplaced.error().fields().front().field, "month");
  EXPECT_EQ(ParseLeaderboardPeriod("rolling_30d"), LeaderboardPeriod::kRolling30Days);
  EXPECT_FALSE(ParseLeaderboardPeriod("week"));
}

TEST(PointsLevelTest, DefaultLevelsAndProgress) {
  const auto levels = DefaultPointsSettings("prg_1").levels;
  auto fan = LevelOf(0, levels);
  EXPECT_EQ(fan.name, "Fan");
  EXPECT_EQ(fan.rank, 1);
  EXPECT_EQ(fan.next->name, "Advocate");
  EXPECT_EQ(fan.points_to_next, 1000);
  EXPECT_EQ(fan.progress_bp, 0);
  auto advocate = LevelOf(1300, levels);
  EXPECT_EQ(advocate.name, "Advocate");
  EXPECT_EQ(advocate.points_to_next, 3700);
  EXPECT_EQ(advocate.progress_bp, 750) << "300 of the 4,000 from Advocate to Evangelist";
  EXPECT_EQ(LevelOf(4999, levels).name, "Advocate");
  EXPECT_EQ(LevelOf(5000, levels).name, "Evangelist");
  auto top = LevelOf(1'000'000, levels);
  EXPECT_EQ(top.name, "Rockstar");
  EXPECT_FALSE(top.next);
  EXPECT_EQ(top.progress_bp, 10'000);
  auto below = LevelOf(-200, levels);
  EXPECT_EQ(below.name, "") << "a debt of lifetime points (staff correction) is below every level";
  EXPECT_EQ(below.next->name, "Fan");
}

TEST(PointsBadgeTest, CountedActionsWithoutReversedOnesAndLifetimeMilestones) {
  auto settings = DefaultPointsSettings("prg_1");
  std::vector<PointsEntry> ledger;
  for (int i = 0; i < 5; ++i) {
    ledger.push_back(Entry("pte_" + std::to_string(10 + i), 100, Day(i), PointsReason::kReferralSubmitted));
  }
  ledger.push_back(Reversal("pte_20", ledger[4], Day(6)));
  ledger.push_back(Entry("pte_21", 9'600, Day(7), PointsReason::kReferralWon));
  auto badges = BadgesOf(ledger, settings);
  ASSERT_EQ(badges.size(), 5u);
  EXPECT_EQ(badges[0].name, "First referral");
  EXPECT_EQ(badges[0].earned_at, Day(0));
  EXPECT_EQ(badges[1].name, "First customer");
  EXPECT_EQ(badges[1].earned_at, Day(7));
  EXPECT_EQ(badges[2].name, "Five referrals");
  EXPECT_EQ(badges[2].progress, 4) << "the rejected referral does not count";
  EXPECT_FALSE(badges[2].earned_at);
  EXPECT_EQ(badges[3].progress, 0);
  EXPECT_EQ(badges[4].name, "10,000 points");
  EXPECT_EQ(badges[4].earned_at, Day(7)) << "400 + 9,600, the reversed 100 left out";
  EXPECT_EQ(badges[4].progress, 10'000);
}

TEST(PointsBadgeTest, AReversedEntryNeverEarnedAMilestone) {
  auto settings = DefaultPointsSettings("prg_1");
  PointsEntry fraud = Entry("pte_1", 20'000, Day(1), PointsReason::kReferralWon);
  auto badges = BadgesOf(
      {fraud, Reversal("pte_2", fraud, Day(2)), Entry("pte_3", 300, Day(3), PointsReason::kAdjustment)}, settings);
  EXPECT_FALSE(badges[4].earned_at);
  EXPECT_EQ(badges[4].progress, 300);
  EXPECT_FALSE(badges[1].earned_at) << "nor a first customer";
}

TEST(PointsSettingsTest, BoardGroupsAreTagsListedOnceInTheOrderGiven) {
  auto settings = DefaultPointsSettings("prg_1");
  PointsSettingsInput bad;
  bad.board_groups = std::vector<std::string>{"Partners", "partners ", "", "a/b"};
  auto refused = ApplyPointsSettings(settings, bad, Day(0), "usr_1");
  ASSERT_FALSE(refused.ok());
  std::vector<std::string> fields;
  for (const auto& f : refused.error().fields()) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"board_groups[1]", "board_groups[2]", "board_groups[3]"}));
  EXPECT_TRUE(settings.board_groups.empty());
  PointsSettingsInput too_many;
  too_many.board_groups = std::vector<std::string>(kMaxBoardGroups + 1, "x");
  auto crowded = ApplyPointsSettings(settings, too_many, Day(0), "usr_1");
  ASSERT_FALSE(crowded.ok());
  EXPECT_EQ(crowded.error().fields().at(0).field, "board_groups");

  PointsSettingsInput good;
  good.board_groups = std::vector<std::string>{" EMEA ", "partner:gold", "apac"};
  ASSERT_TRUE(ApplyPointsSettings(settings, good, Day(1), "usr_1").ok());
  EXPECT_EQ(settings.board_groups, (std::vector<std::string>{"emea", "partner:gold", "apac"}));
  PointsSettingsInput untouched;
  ASSERT_TRUE(ApplyPointsSettings(settings, untouched, Day(2), "usr_1").ok());
  EXPECT_EQ(settings.board_groups.size(), 3u) << "left out: kept";
}

TEST(PointsSettingsTest, ChangesAreCheckedByFieldAndExpiryStartsWhenTurnedOn) {
  auto settings = DefaultPointsSettings("prg_1");
  PointsSettingsInput bad;
  bad.referral_won = -1;
  bad.expire_after_days = 4000;
  bad.levels = std::vector<PointsLevel>{{"Fan", 10}, {"Fan", 5}};
  bad.badges = std::vector<PointsBadge>{{"Clicker", "click", 1}, {"", "referral_won", 0}};
  auto refused = ApplyPointsSettings(settings, bad, Day(0), "usr_1");
  ASSERT_FALSE(refused.ok());
  std::vector<std::string> fields;
  for (const auto& f : refused.error().fields()) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"referral_won", "expire_after_days", "levels[0].min_points",
                                              "levels[1].name", "levels[1].min_points", "badges[0].action",
                                              "badges[1].name", "badges[1].count"}));
  EXPECT_EQ(settings, DefaultPointsSettings("prg_1")) << "a refused change changes nothing";

  PointsSettingsInput on;
  on.expire_after_days = 365;
  ASSERT_TRUE(ApplyPointsSettings(settings, on, Day(10), "usr_1").ok());
  EXPECT_EQ(settings.expiry_from, Day(10));
  ASSERT_TRUE(ApplyPointsSettings(settings, on, Day(15), "usr_1").ok());
  EXPECT_EQ(settings.expiry_rules.size(), 1u) << "the same period again is no change";
  on.expire_after_days = 180;
  ASSERT_TRUE(ApplyPointsSettings(settings, on, Day(20), "usr_1").ok());
  EXPECT_EQ(settings.expiry_from, Day(10)) << "a new period keeps the date expiry began";
  EXPECT_EQ(settings.expire_after_days, 180);
  on.expire_after_days = 0;
  ASSERT_TRUE(ApplyPointsSettings(settings, on, Day(30), "usr_1").ok());
  EXPECT_FALSE(settings.expiry_from);
  EXPECT_EQ(settings.expiry_rules, (std::vector<ExpiryRule>{{Day(10), 365}, {Day(20), 180}, {Day(30), 0}}));
  PointsSettingsInput off;
  off.enabled = false;
  ASSERT_TRUE(ApplyPointsSettings(settings, off, Day(30), "usr_1").ok());
  EXPECT_EQ(PointsFor(settings, PointsReason::kReferralWon), 0);
}

TEST(PointsWordsTest, EntriesReadAsWhatHappened) {
  EXPECT_EQ(PointsEntryInWords(Entry("pte_1", 1000, Day(0), PointsReason::kReferralWon), {}),
            "Your referral became a customer");
  PointsEntry gift = Entry("pte_2", 50, Day(0), PointsReason::kAdjustment);
  gift.note = "Thanks for the webinar";
  EXPECT_EQ(PointsEntryInWords(gift, {}), "Added by the team: Thanks for the webinar");
}

}  // namespace
}  // namespace bb::domain
