// Advocacy points (store/points.h) on every backend: an entry's key counts once per program (a
// second insert is a conflict naming "key"; the same key in another program is fine); entries come
// back whole, in recording order, by page and by what earned them; settings round-trip with their
// levels and badges; and the leaderboard ranks by points in the window (the research vector's month
// edges and the rolling 30 days), breaks ties by who reached the total first and then by id, sees
// only what was recorded by as_of, leaves out advocates at 0 and the spending of points, filters by
// tag, marks those hidden, and ranks one advocate among everyone; and the running totals the boards
// of now are read from give the same rows as summing the ledger.

#include "common/time_format.h"
#include "conformance.h"
#include "domain/ids.h"
#include "domain/points_balance.h"

namespace bb::store::conformance {
namespace {

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

class PointsConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped()) return;
    north_ = MakeProgram("north");
    south_ = MakeProgram("south");
    ada_ = MakeAdvocate(north_, MakePerson("ada"));
    ada_.tags = {"emea"};
    bob_ = MakeAdvocate(north_, MakePerson("bob"));
    cy_ = MakeAdvocate(north_, MakePerson("cy"));
    cy_.tags = {"emea"};
    ASSERT_OK(InsertProgramWithAdvocates(north_, {ada_, bob_, cy_}));
    dee_ = MakeAdvocate(south_, MakePerson("dee"));
    ASSERT_OK(InsertProgramWithAdvocates(south_, {dee_}));
  }

  domain::PointsEntry Earn(const domain::Advocate& advocate, std::int64_t delta, std::string_view earned,
                           std::string key = "", domain::PointsBalance balance = domain::PointsBalance::kBoth,
                           std::optional<std::string_view> recorded = std::nullopt) {
    domain::PointsEntry e;
    e.id = NewId(domain::kPointsEntryPrefix, At(recorded.value_or(earned)));
    e.program_id = advocate.program_id;
    e.advocate_id = advocate.id;
    e.delta = delta;
    e.balance = balance;
    e.reason = delta > 0 ? domain::PointsReason::kReferralWon : domain::PointsReason::kAdjustment;
    e.ref = "ref_" + e.id;
    e.key = key.empty() ? "k:" + e.id : key;
    e.earned_at = At(earned);
    e.recorded_at = At(recorded.value_or(earned));
    e.actor_id = "system";
    Status inserted = Write([&](Tx& tx) { return tx.InsertPointsEntry(e); });
    EXPECT_TRUE(inserted.ok()) << Describe(inserted);
    return e;
  }

  std::vector<LeaderboardRow> Board(domain::LeaderboardPeriod period, std::optional<std::string_view> month,
                                    std::string_view as_of, std::string tag = "") {
    auto window = domain::WindowOf(period, month, At(as_of));
    EXPECT_TRUE(window.ok());
    LeaderboardQuery query{north_.id, *window, std::move(tag), 10};
    return Get([&](Queries& q) { return q.RankLeaderboard(query); });
  }

  static std::vector<std::pair<std::string, std::int64_t>> Points(const std::vector<LeaderboardRow>& rows) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const auto& r : rows) out.emplace_back(r.advocate_id, r.points);
    return out;
  }

  domain::Program north_, south_;
  domain::Advocate ada_, bob_, cy_, dee_;
};

TEST_P(PointsConformanceTest, AKeyCountsOncePerProgramAndEntriesComeBackWhole) {
  auto first = Earn(ada_, 1000, "2027-01-05T10:00:00Z", "referral:ref_1:won");
  domain::PointsEntry again = first;
  again.id = NewId(domain::kPointsEntryPrefix, At("2027-01-05T10:00:01Z"));
  ExpectConflictOn(Write([&](Tx& tx) { return tx.InsertPointsEntry(again); }), "key");
  Earn(dee_, 1000, "2027-01-05T10:00:00Z", "referral:ref_1:won");  // another program's own key
  auto note = Earn(ada_, -300, "2027-01-06T00:00:00Z", "", domain::PointsBalance::kRedeemableOnly);

  auto all = Get([&](Queries& q) { return q.ListPointsEntries(ada_.id); });
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], first);
  EXPECT_EQ(all[1], note);
  auto page = Get([&](Queries& q) { return q.ListPointsEntriesPage(ada_.id, "", 1); });
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, note.id) << "newest first";
  auto next = Get([&](Queries& q) { return q.ListPointsEntriesPage(ada_.id, note.id, 5); });
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].id, first.id);
  auto of_ref = Get([&](Queries& q) { return q.ListPointsEntriesOfRef(north_.id, first.ref); });
  ASSERT_EQ(of_ref.size(), 1u);
  EXPECT_EQ(of_ref[0].id, first.id);
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListPointsEntriesOfRef(south_.id, first.ref); }).empty());
}

TEST_P(PointsConformanceTest, SettingsRoundTripWithLevelsBadgesAndBoardGroups) {
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindPointsSettings(north_.id); }));
  auto settings = domain::DefaultPointsSettings(north_.id);
  settings.enabled = false;
  settings.referral_won = 2500;
  settings.expiry_rules = {{At("2027-01-01T00:00:00Z"), 365}, {At("2027-02-01T00:00:00.000001Z"), 30}};
  domain::CurrentExpiry(settings);
  settings.levels.push_back({"Légende ✨", 100'000});
  settings.badges.push_back({"Quote \"me\"", "referral_qualified", 3});
  settings.board_groups = {"partner:gold", "région \"sud\""};
  settings.updated_at = At("2027-01-02T00:00:00Z");
  settings.updated_by = "usr_1";
  ASSERT_OK(Write([&](Tx& tx) { return tx.PutPointsSettings(settings); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindPointsSettings(north_.id); }), settings);
  settings.expiry_rules.push_back({At("2027-03-01T00:00:00Z"), 0});
  domain::CurrentExpiry(settings);
  settings.badges.clear();
  settings.board_groups.clear();
  ASSERT_OK(Write([&](Tx& tx) { return tx.PutPointsSettings(settings); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindPointsSettings(north_.id); }), settings) << "replaced in place";
}

TEST_P(PointsConformanceTest, ResearchVectorMonthAndRollingBoards) {
  Earn(ada_, 100, "2027-01-31T23:59:59Z");
  Earn(ada_, 50, "2027-02-01T00:00:00Z");
  using P = domain::LeaderboardPeriod;
  auto points = [&](P period, std::optional<std::string_view> month, std::string_view as_of) {
    auto rows = Board(period, month, as_of);
    return rows.empty() ? 0 : rows[0].points;
  };
  EXPECT_EQ(points(P::kMonth, "2027-01", "2027-03-15T00:00:00Z"), 100);
  EXPECT_EQ(points(P::kMonth, "2027-02", "2027-03-15T00:00:00Z"), 50);
  EXPECT_EQ(points(P::kAllTime, std::nullopt, "2027-03-15T00:00:00Z"), 150);
  EXPECT_EQ(points(P::kRolling30Days, std::nullopt, "2027-03-02T00:00:00Z"), 150);
  EXPECT_EQ(points(P::kRolling30Days, std::nullopt, "2027-03-02T23:59:59Z"), 50);
  EXPECT_EQ(points(P::kRolling30Days, std::nullopt, "2027-03-03T00:00:00Z"), 0);
}

TEST_P(PointsConformanceTest, TiesGoToWhoReachedTheTotalFirstThenToTheLowerId) {
  Earn(ada_, 300, "2027-01-10T00:00:00Z");
  Earn(bob_, 200, "2027-01-02T00:00:00Z");
  Earn(bob_, 100, "2027-01-05T00:00:00Z");  // bob reached 300 on the 5th, ada on the 10th
  Earn(cy_, 500, "2027-01-03T00:00:00Z");
  Earn(cy_, -200, "2027-01-03T00:00:00Z", "", domain::PointsBalance::kLifetimeOnly);     // a correction
  Earn(cy_, -5000, "2027-01-04T00:00:00Z", "", domain::PointsBalance::kRedeemableOnly);  // spending
  Earn(dee_, 9000, "2027-01-01T00:00:00Z");                                              // another program
  auto rows = Board(domain::LeaderboardPeriod::kAllTime, std::nullopt, "2027-02-01T00:00:00Z");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].advocate_id, cy_.id) << "300 reached on the 3rd; spending does not lower a rank";
  EXPECT_EQ(rows[1].advocate_id, bob_.id);
  EXPECT_EQ(rows[2].advocate_id, ada_.id);
  EXPECT_EQ((std::vector<std::int64_t>{rows[0].rank, rows[1].rank, rows[2].rank}),
            (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(rows[1].reached_at, At("2027-01-05T00:00:00Z"));

  // Same total at the same instant: the lower advocate id first.
  Earn(ada_, 100, "2027-01-20T00:00:00Z");
  Earn(bob_, 100, "2027-01-20T00:00:00Z");
  auto tied = Board(domain::LeaderboardPeriod::kAllTime, std::nullopt, "2027-02-01T00:00:00Z");
  ASSERT_EQ(tied.size(), 3u);
  const auto& lower = ada_.id < bob_.id ? ada_ : bob_;
  EXPECT_EQ(tied[0].advocate_id, lower.id);

  auto window = domain::WindowOf(domain::LeaderboardPeriod::kAllTime, std::nullopt, At("2027-02-01T00:00:00Z"));
  LeaderboardQuery query{north_.id, *window, "", 1};
  auto mine = Get([&](Queries& q) { return q.FindLeaderboardRow(query, cy_.id); });
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->rank, 3) << "ranked among everyone, not only the page";
  EXPECT_EQ(mine->points, 300);
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindLeaderboardRow(query, dee_.id); })) << "not on this board";
}

TEST_P(PointsConformanceTest, AsOfTagsHiddenAndNothingAtZero) {
  Earn(ada_, 100, "2027-01-05T00:00:00Z");
  Earn(bob_, 400, "2027-01-06T00:00:00Z");
  // A reversal recorded on the 20th of an entry earned on the 6th: the board as of the 10th still
  // has it, as of the 20th it does not, and at 0 bob is off the board.
  Earn(bob_, -400, "2027-01-06T00:00:00Z", "", domain::PointsBalance::kBoth, "2027-01-20T00:00:00Z");
  Earn(cy_, 50, "2027-01-07T00:00:00Z");
  using P = domain::LeaderboardPeriod;
  EXPECT_EQ(Points(Board(P::kAllTime, std::nullopt, "2027-01-10T00:00:00Z")),
            (std::vector<std::pair<std::string, std::int64_t>>{{bob_.id, 400}, {ada_.id, 100}, {cy_.id, 50}}));
  EXPECT_EQ(Points(Board(P::kAllTime, std::nullopt, "2027-01-20T00:00:00Z")),
            (std::vector<std::pair<std::string, std::int64_t>>{{ada_.id, 100}, {cy_.id, 50}}));
  EXPECT_EQ(Points(Board(P::kMonth, "2027-01", "2027-02-20T00:00:00Z", "emea")),
            (std::vector<std::pair<std::string, std::int64_t>>{{ada_.id, 100}, {cy_.id, 50}}));

  EXPECT_FALSE(Get([&](Queries& q) { return q.IsHiddenFromLeaderboards(cy_.id); }));
  ASSERT_OK(Write([&](Tx& tx) { return tx.SetHiddenFromLeaderboards(cy_.id, true, At("2027-01-08T00:00:00Z")); }));
  ASSERT_OK(Write([&](Tx& tx) { return tx.SetHiddenFromLeaderboards(cy_.id, true, At("2027-01-09T00:00:00Z")); }));
  EXPECT_TRUE(Get([&](Queries& q) { return q.IsHiddenFromLeaderboards(cy_.id); }));
  auto rows = Board(P::kAllTime, std::nullopt, "2027-01-20T00:00:00Z");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[0].hidden);
  EXPECT_TRUE(rows[1].hidden) << "still ranked, not named";
  ASSERT_OK(Write([&](Tx& tx) { return tx.SetHiddenFromLeaderboards(cy_.id, false, At("2027-01-10T00:00:00Z")); }));
  EXPECT_FALSE(Board(P::kAllTime, std::nullopt, "2027-01-20T00:00:00Z")[1].hidden);
}

TEST_P(PointsConformanceTest, RunningTotalsRankAsTheLedgerSums) {
  Earn(ada_, 300, "2027-01-10T00:00:00Z");
  Earn(bob_, 200, "2027-01-02T00:00:00Z");
  Earn(bob_, 100, "2027-02-05T00:00:00Z");
  Earn(cy_, 500, "2027-01-03T00:00:00Z");
  Earn(cy_, -200, "2027-01-03T00:00:00Z", "", domain::PointsBalance::kLifetimeOnly);
  Earn(cy_, -5000, "2027-01-04T00:00:00Z", "", domain::PointsBalance::kRedeemableOnly);  // spending: no total
  Earn(bob_, -100, "2027-02-05T00:00:00Z", "", domain::PointsBalance::kBoth, "2027-02-20T00:00:00Z");  // reversal
  Earn(ada_, 400, "2027-02-28T23:59:59Z");
  Earn(dee_, 9000, "2027-01-01T00:00:00Z");
  domain::PointsEntry taken = Earn(ada_, 50, "2027-02-10T00:00:00Z", "referral:x:won");
  domain::PointsEntry again = taken;
  again.id = NewId(domain::kPointsEntryPrefix, At("2027-02-11T00:00:00Z"));
  ExpectConflictOn(Write([&](Tx& tx) { return tx.InsertPointsEntry(again); }), "key");  // no total for it either

  const std::string now = "2027-03-01T00:00:00Z";
  for (std::optional<std::string_view> month :
       {std::optional<std::string_view>(), std::optional<std::string_view>("2027-01"),
        std::optional<std::string_view>("2027-02"), std::optional<std::string_view>("2027-03")}) {
    for (const std::string tag : {"", "emea"}) {
      auto period = month ? domain::LeaderboardPeriod::kMonth : domain::LeaderboardPeriod::kAllTime;
      auto window = *domain::WindowOf(period, month, At(now));
      SCOPED_TRACE(std::string(month.value_or("all time")) + " " + tag);
      LeaderboardQuery summed{north_.id, window, tag, 10};
      LeaderboardQuery totals = summed;
      totals.running_total = std::string(month.value_or(""));
      auto expected = Get([&](Queries& q) { return q.RankLeaderboard(summed); });
      EXPECT_EQ(Get([&](Queries& q) { return q.RankLeaderboard(totals); }), expected);
      for (const auto& advocate : {ada_, bob_, cy_, dee_}) {
        EXPECT_EQ(Get([&](Queries& q) { return q.FindLeaderboardRow(totals, advocate.id); }),
                  Get([&](Queries& q) { return q.FindLeaderboardRow(summed, advocate.id); }));
      }
    }
  }
  LeaderboardQuery all{north_.id, *domain::WindowOf(domain::LeaderboardPeriod::kAllTime, std::nullopt, At(now)), "", 10,
                       std::string()};
  EXPECT_EQ(Points(Get([&](Queries& q) { return q.RankLeaderboard(all); })),
            (std::vector<std::pair<std::string, std::int64_t>>{{ada_.id, 750}, {cy_.id, 300}, {bob_.id, 200}}));

  // An advocate's lifetime points from the running total are the ledger's (what segments by level
  // read): spending does not lower them, a reversal does, and none is 0.
  domain::PointsSettings settings = domain::DefaultPointsSettings(north_.id);
  for (const auto& advocate : {ada_, bob_, cy_}) {
    auto entries = Get([&](Queries& q) { return q.ListPointsEntries(advocate.id); });
    auto balances = domain::BalancesAsOf(entries, settings, At(now));
    ASSERT_TRUE(balances.ok());
    EXPECT_EQ(Get([&](Queries& q) { return q.LifetimePoints(north_.id, advocate.id); }), balances->lifetime);
  }
  EXPECT_EQ(Get([&](Queries& q) { return q.LifetimePoints(north_.id, cy_.id); }), 300);
  EXPECT_EQ(Get([&](Queries& q) { return q.LifetimePoints(south_.id, ada_.id); }), 0) << "another program's";
}

// Regression: a referral earned and then reversed (net 0) made its advocate's total look reached
// later, and a tie went to the other advocate.
TEST_P(PointsConformanceTest, AReversedPairDoesNotMoveWhenTheTotalWasReached) {
  Earn(ada_, 100, "2027-01-01T00:00:00Z");
  Earn(bob_, 100, "2027-01-02T00:00:00Z");
  domain::PointsEntry rejected = Earn(ada_, 500, "2027-01-03T00:00:00Z");
  domain::PointsEntry reversal = rejected;
  reversal.id = NewId(domain::kPointsEntryPrefix, At("2027-01-04T00:00:00Z"));
  reversal.delta = -500;
  reversal.reason = domain::PointsReason::kReversal;
  reversal.reverses = rejected.id;
  reversal.key = "reversal:" + rejected.id;
  reversal.recorded_at = At("2027-01-04T00:00:00Z");
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertPointsEntry(reversal); }));
  Earn(bob_, -50, "2027-01-05T00:00:00Z", "", domain::PointsBalance::kLifetimeOnly);  // a correction
  Earn(bob_, 50, "2027-01-02T00:00:00Z", "", domain::PointsBalance::kBoth, "2027-01-05T00:00:00Z");

  for (bool totals : {false, true}) {
    SCOPED_TRACE(totals ? "running totals" : "ledger");
    LeaderboardQuery query{
        north_.id, *domain::WindowOf(domain::LeaderboardPeriod::kMonth, "2027-01", At("2027-02-01T00:00:00Z")), "", 10};
    if (totals) query.running_total = "2027-01";
    auto rows = Get([&](Queries& q) { return q.RankLeaderboard(query); });
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].advocate_id, ada_.id) << "100 since the 1st; bob's 100 since the 2nd";
    EXPECT_EQ(rows[0].reached_at, At("2027-01-01T00:00:00Z"));
    EXPECT_EQ(rows[1].reached_at, At("2027-01-02T00:00:00Z")) << "a correction does not move it either";
  }
  // As of before the reversal was recorded, ada's 600 were reached on the 3rd.
  LeaderboardQuery before{
      north_.id, *domain::WindowOf(domain::LeaderboardPeriod::kAllTime, std::nullopt, At("2027-01-03T12:00:00Z")), "",
      10};
  auto then = Get([&](Queries& q) { return q.RankLeaderboard(before); });
  ASSERT_FALSE(then.empty());
  EXPECT_EQ(then[0].points, 600);
  EXPECT_EQ(then[0].reached_at, At("2027-01-03T00:00:00Z"));
}

INSTANTIATE_TEST_SUITE_P(Backends, PointsConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance
