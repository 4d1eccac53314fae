// Lifecycle stages and their figures: the research file's acceptance vectors (§2.5) and the rules
// around them.
#include <gtest/gtest.h>

#include <chrono>

#include "domain/lifecycle.h"
#include "domain/lifecycle_metrics.h"

namespace bb::domain {
namespace {

using namespace std::chrono_literals;

Timestamp Day(int day) { return Timestamp{} + std::chrono::days(20'000 + day); }

std::vector<std::string> FieldsOf(const Error& error) {
  std::vector<std::string> out;
  for (const auto& f : error.fields()) out.push_back(f.field);
  return out;
}
std::vector<std::string> FieldsOf(const Status& status) { return FieldsOf(status.error()); }

TEST(LifecycleTest, MovesGoForwardPassingEveryStageBetweenAndBackOnlyWhenAllowed) {
  auto settings = DefaultLifecycleSettings("prg_1");
  auto jump = PlanLifecycleMove(settings, "awareness", "conversion", false);
  ASSERT_TRUE(jump.ok());
  EXPECT_TRUE(jump->changed);
  EXPECT_EQ(jump->reached, (std::vector<std::string>{"consideration", "conversion"}));
  auto back = PlanLifecycleMove(settings, "conversion", "consideration", false);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().code(), ErrorCode::kConflict);
  auto allowed = PlanLifecycleMove(settings, "conversion", "consideration", true);
  ASSERT_TRUE(allowed.ok());
  EXPECT_EQ(allowed->reached, (std::vector<std::string>{"consideration"}));
  auto same = PlanLifecycleMove(settings, "conversion", "conversion", false);
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same->changed);
  EXPECT_TRUE(same->reached.empty());

  auto first = PlanLifecycleMove(settings, "", "consideration", false);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->reached, (std::vector<std::string>{"awareness", "consideration"}))
      << "a first move passes all below";
  auto lost = PlanLifecycleMove(settings, "value", "lost", false);
  ASSERT_TRUE(lost.ok());
  EXPECT_EQ(lost->reached, (std::vector<std::string>{"lost"}));
  auto back_again = PlanLifecycleMove(settings, "lost", "awareness", false);
  ASSERT_TRUE(back_again.ok()) << "a lost person comes back where they are put";
  EXPECT_EQ(back_again->reached, (std::vector<std::string>{"awareness"}));
  auto unknown = PlanLifecycleMove(settings, "awareness", "churned", false);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(FieldsOf(unknown.error()), std::vector<std::string>{"to"});

  // Equal weights: a move between them is allowed either way and passes nothing.
  settings.stages.insert(settings.stages.begin() + 2, {"evaluation", "Evaluation", 20});
  auto sideways = PlanLifecycleMove(settings, "evaluation", "consideration", false);
  ASSERT_TRUE(sideways.ok());
  EXPECT_EQ(sideways->reached, (std::vector<std::string>{"consideration"}));
  auto from_start = PlanLifecycleMove(settings, "awareness", "conversion", false);
  ASSERT_TRUE(from_start.ok());
  EXPECT_EQ(from_start->reached, (std::vector<std::string>{"consideration", "evaluation", "conversion"}));
}

TEST(LifecycleTest, SettingsAreCheckedFieldByFieldAndLeftAloneWhenRefused) {
  auto settings = DefaultLifecycleSettings("prg_1");
  LifecycleSettingsInput bad;
  bad.stages =
      std::vector<LifecycleStage>{{"lead", "Lead", 10}, {"lost", "Lost", 20}, {"Lead", "", 5}, {"lead", "Again", 30}};
  bad.on_referral_won = "conversion";  // not among the new stages
  auto refused = ApplyLifecycleSettings(settings, bad, Day(0), "usr_1");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(FieldsOf(refused),
            (std::vector<std::string>{"stages[1].key", "stages[2].key", "stages[2].name", "stages[2].weight",
                                      "stages[3].key", "on_referral_submitted", "on_referral_won", "on_enrolled"}));
  EXPECT_EQ(settings, DefaultLifecycleSettings("prg_1"));
  LifecycleSettingsInput none;
  none.stages = std::vector<LifecycleStage>{};
  EXPECT_EQ(FieldsOf(ApplyLifecycleSettings(settings, none, Day(0), "usr_1")), std::vector<std::string>{"stages"});

  LifecycleSettingsInput good;
  good.stages = std::vector<LifecycleStage>{{"lead", "Lead", 10}, {"customer", "Customer", 30}};
  good.on_referral_submitted = "lead";
  good.on_referral_won = "customer";
  good.on_enrolled = "";
  good.lose_on_referral_closed = false;
  ASSERT_TRUE(ApplyLifecycleSettings(settings, good, Day(1), "usr_1").ok());
  EXPECT_EQ(settings.stages.size(), 2u);
  EXPECT_EQ(settings.on_enrolled, "");
  EXPECT_FALSE(settings.lose_on_referral_closed);
  EXPECT_EQ(settings.updated_by, "usr_1");
}

TEST(LifecycleMetricsTest, ResearchVectorKaplanMeierMedianAgainstTheNaiveOne) {
  // Stays of 3,5,6,7,8,10,12,12 days, the 5, 8 and second 12 still open: S(3) = 7/8, S(6) = 35/48,
  // S(7) = 7/12, S(10) = 7/18 -> median 10 days; the finished stays alone (3,6,7,10,12) say 7.
  constexpr std::int64_t kDay = 86'400;
  std::vector<StageStay> stays = {{3 * kDay, true},  {5 * kDay, false}, {6 * kDay, true},  {7 * kDay, true},
                                  {8 * kDay, false}, {10 * kDay, true}, {12 * kDay, true}, {12 * kDay, false}};
  EXPECT_EQ(KaplanMeierMedian(stays), 10 * kDay);
  EXPECT_EQ(MedianOfEndedStays(stays), 7 * kDay);
  EXPECT_EQ(KaplanMeierMedian({{kDay, true}, {2 * kDay, false}, {3 * kDay, false}, {4 * kDay, false}}), std::nullopt)
      << "S falls to 3/4 and no further: too many still in the stage to say";
  EXPECT_EQ(KaplanMeierMedian({{kDay, false}, {2 * kDay, true}, {3 * kDay, false}}), 2 * kDay)
      << "the one censored first has left the risk set: 1 of 2 ends at day 2";
  EXPECT_EQ(KaplanMeierMedian({{kDay, true}, {2 * kDay, true}}), kDay) << "exactly one half is reached";
  EXPECT_EQ(KaplanMeierMedian({}), std::nullopt);
  EXPECT_EQ(MedianOfEndedStays({{4, true}, {7, true}}), 5) << "the middle two's mean, rounded down";
}

LifecycleMove Move(const std::string& id, const std::string& contact, std::string from, std::string to,
                   std::vector<std::string> reached, Timestamp at) {
  LifecycleMove m;
  m.id = id;
  m.program_id = "prg_1";
  m.contact = contact;
  m.from = std::move(from);
  m.to = std::move(to);
  m.reached = std::move(reached);
  m.at = at;
  return m;
}

TEST(LifecycleMetricsTest, ResearchVectorCohortConversionAgainstPeriodThroughput) {
  // Ten people first enter consideration in March: four reach conversion in March, two in April,
  // three are lost, one stays. Three others, in consideration since February, convert in March.
  auto settings = DefaultLifecycleSettings("prg_1");
  const Timestamp march = Day(0);
  const Timestamp april = march + std::chrono::days(31);
  const Timestamp may = april + std::chrono::days(30);
  std::vector<LifecycleMove> moves;
  int id = 0;
  auto add = [&](const std::string& who, std::string from, std::string to, std::vector<std::string> reached,
                 Timestamp at) {
    char name[16];
    std::snprintf(name, sizeof name, "lcm_%04d", ++id);
    moves.push_back(Move(name, who, std::move(from), std::move(to), std::move(reached), at));
  };
  for (int i = 0; i < 10; ++i) {
    std::string who = "p" + std::to_string(i);
    add(who, "", "consideration", {"awareness", "consideration"}, march + std::chrono::days(i));
    if (i < 4) add(who, "consideration", "conversion", {"conversion"}, march + std::chrono::days(20));
    if (i >= 4 && i < 6) add(who, "consideration", "conversion", {"conversion"}, april + std::chrono::days(5));
    if (i >= 6 && i < 9) add(who, "consideration", "lost", {"lost"}, april + std::chrono::days(1));
  }
  for (int i = 0; i < 3; ++i) {
    std::string who = "old" + std::to_string(i);
    add(who, "", "consideration", {"awareness", "consideration"}, march - std::chrono::days(10));
    add(who, "consideration", "conversion", {"conversion"}, march + std::chrono::days(25));
  }
  auto figures = ComputeLifecycleFigures(settings, moves, {march, april, may});
  const auto& consideration = figures.stages[1];
  ASSERT_EQ(consideration.stage, "consideration");
  EXPECT_EQ(consideration.next, "conversion");
  EXPECT_EQ(consideration.cohort, 10);
  EXPECT_EQ(consideration.converted, 6);
  EXPECT_EQ(consideration.lost, 3);
  EXPECT_EQ(consideration.in_progress, 1);
  EXPECT_EQ(consideration.conversion_bp, 6'000);
  EXPECT_EQ(consideration.loss_bp, 3'000);
  EXPECT_EQ(consideration.in_progress_bp, 1'000);
  EXPECT_EQ(consideration.entries, 10);
  EXPECT_EQ(figures.stages[2].entries, 7) << "4 of the cohort and 3 older people entered conversion in March";
  EXPECT_EQ(consideration.throughput_bp, 7'000) << "a period ratio, not the cohort's 60%";
  EXPECT_EQ(figures.people, 13);
  EXPECT_EQ(consideration.count, 1) << "stock on 1 May: the one still considering";
  EXPECT_EQ(figures.stages[2].count, 9);
  EXPECT_EQ(figures.stages.back().stage, "lost");
  EXPECT_EQ(figures.stages.back().count, 3);
  EXPECT_EQ(figures.stages[0].cohort, 10) << "awareness was passed on the way: reached, no time spent";
  EXPECT_EQ(figures.stages[0].median_seconds_in_stage, 0);

  // As of 15 March nothing after it exists: four of the cohort had arrived, none had moved on.
  auto earlier = ComputeLifecycleFigures(settings, moves, {march, april, march + std::chrono::days(15)});
  EXPECT_EQ(earlier.stages[1].cohort, 10) << "all ten had their first entry by 10 March";
  EXPECT_EQ(earlier.stages[1].converted, 0);
  EXPECT_EQ(earlier.stages[1].in_progress, 10);
  EXPECT_EQ(earlier.stages[1].count, 13) << "the ten, and the three older ones who had not converted yet";
}

TEST(LifecycleMetricsTest, ConversionAndLossRoundedHalfUpNeverPassTheWhole) {
  // 1 converted and 31 lost of 32: 312.5 and 9687.5 basis points would both round up.
  auto settings = DefaultLifecycleSettings("prg_1");
  std::vector<LifecycleMove> moves;
  for (int i = 0; i < 32; ++i) {
    std::string who = "p" + std::to_string(100 + i);
    moves.push_back(Move("lcm_a" + who, who, "", "conversion", {"awareness", "consideration", "conversion"}, Day(1)));
    if (i == 0) {
      moves.push_back(Move("lcm_b" + who, who, "conversion", "adoption", {"adoption"}, Day(2)));
    } else {
      moves.push_back(Move("lcm_b" + who, who, "conversion", "lost", {"lost"}, Day(2)));
    }
  }
  auto figures = ComputeLifecycleFigures(settings, moves, {Day(0), Day(10), Day(10)});
  const auto& conversion = figures.stages[2];
  EXPECT_EQ(conversion.conversion_bp, 313);
  EXPECT_EQ(conversion.loss_bp, 9'687);
  EXPECT_EQ(conversion.in_progress_bp, 0);
  EXPECT_EQ(figures.stages[5].conversion_bp, std::nullopt) << "advocate is the last stage: nothing after it";
}

}  // namespace
}  // namespace bb::domain
