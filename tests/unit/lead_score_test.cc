// Lead scoring: the research file's acceptance vectors (§1.6: decay exactness, caps and roll-ups,
// calibration and AUC, the MQL instant) and the model's checks, field by field.
#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "domain/lead_score.h"
#include "domain/score_calibration.h"
#include "domain/score_model.h"

namespace bb::domain {
namespace {

Timestamp Day(int day) { return Timestamp{} + std::chrono::days(20'000 + day); }

std::vector<std::string> FieldsOf(const Status& status) {
  std::vector<std::string> out;
  for (const auto& f : status.error().fields()) out.push_back(f.field);
  return out;
}

EngagementEvent Event(std::string type, Timestamp at, std::string product = "") {
  EngagementEvent e;
  e.type = std::move(type);
  e.occurred_at = at;
  e.product = std::move(product);
  return e;
}

// A model of one engagement group with one rule worth `points` for "demo_attended".
ScoreModel OneRuleModel(std::int64_t points, ScoreDecay decay) {
  ScoreModel m;
  m.name = "One rule";
  ScoreGroup g{"Engagement", ScoreDimension::kEngagement, 100, {}, {}};
  g.event_rules.push_back({"demo_attended", "", "", points, true, 20, std::nullopt});
  m.groups = {g};
  m.decay = decay;
  return m;
}

Referral Lead(std::string id, Timestamp at) {
  Referral r;
  r.id = std::move(id);
  r.created_at = at;
  r.referee.email = "rita@buyer.example";
  r.referee.email_domain = "buyer.example";
  return r;
}

TEST(LeadScoreTest, DecayVectorsOfTheResearchFile) {
  ScoreDecay step{DecayMode::kStep, 30, 2500, 30, 30};
  EXPECT_EQ(DecayedHundredths(step, 20, 29), 2000);
  EXPECT_EQ(DecayedHundredths(step, 20, 30), 1500);
  EXPECT_EQ(DecayedHundredths(step, 20, 60), 1000);
  EXPECT_EQ(DecayedHundredths(step, 20, 119), 500);
  EXPECT_EQ(DecayedHundredths(step, 20, 120), 0);
  EXPECT_EQ(DecayedHundredths(step, 20, 5000), 0) << "never below zero";
  ScoreDecay half{DecayMode::kHalfLife, 30, 2500, 30, 30};
  EXPECT_EQ(DecayedHundredths(half, 20, 30), 1000);
  EXPECT_EQ(DecayedHundredths(half, 20, 45), 707);
  EXPECT_EQ(DecayedHundredths(half, 20, 60), 500);
  ScoreDecay window{DecayMode::kWindow, 30, 2500, 30, 30};
  EXPECT_EQ(DecayedHundredths(window, 20, 29), 2000);
  EXPECT_EQ(DecayedHundredths(window, 20, 30), 0);
  ScoreDecay none{DecayMode::kNone, 30, 2500, 30, 30};
  EXPECT_EQ(DecayedHundredths(none, 20, 3000), 2000);
  EXPECT_EQ(DecayedHundredths(step, -20, 30), -1500) << "a negative rule fades the same way";
  ScoreDecay thirds{DecayMode::kStep, 30, 3333, 30, 30};
  EXPECT_EQ(DecayedHundredths(thirds, 1, 30), 67) << "0.6667 of a point, half away from zero";

  // Through the whole score: the event's age counts whole days up to as_of.
  auto model = OneRuleModel(20, step);
  auto lead = Lead("ref_1", Day(0));
  std::vector<EngagementEvent> events{Event("demo_attended", Day(0))};
  EXPECT_EQ(ScoreLead(model, lead, events, Day(29)).engagement, 2000);
  EXPECT_EQ(ScoreLead(model, lead, events, Day(60)).engagement, 1000);
  EXPECT_EQ(ScoreLead(model, lead, events, Day(120)).engagement, 0);
  EXPECT_EQ(ScoreLead(model, lead, events, Day(-1)).engagement, 0) << "an event after as_of does not exist yet";
}

TEST(LeadScoreTest, GroupLimitsTheModelLimitAndTheRulesOwnCaps) {
  // A fit group with limit 60 whose rules sum to 130 gives 60.
  ScoreModel m;
  m.name = "Caps";
  ScoreGroup fit{"Fit", ScoreDimension::kFit, 60, {}, {}};
  fit.fit_rules = {{"referee.company", FitOp::kKnown, {}, 70}, {"referee.business_email", FitOp::kEq, {"true"}, 60}};
  ScoreGroup eng{"Engagement", ScoreDimension::kEngagement, 100, {}, {}};
  eng.event_rules = {{"demo_attended", "", "", 100, true, 20, std::nullopt}};
  m.groups = {fit, eng};
  m.decay.mode = DecayMode::kNone;
  auto lead = Lead("ref_1", Day(0));
  lead.referee.company = "Buyer Inc";
  std::vector<EngagementEvent> events{Event("demo_attended", Day(0))};
  auto score = ScoreLead(m, lead, events, Day(1));
  EXPECT_EQ(score.fit, 6000);
  EXPECT_EQ(score.engagement, 10000);
  EXPECT_EQ(score.total, 10000) << "the total limit 100 clamps 160";
  EXPECT_EQ(score.grade, "A1");
  ASSERT_EQ(score.contributions.size(), 3u) << "the why list keeps each rule before the group's limit";
  EXPECT_EQ(score.contributions[0].hundredths, 7000);

  // max_per_day counts the first events of a UTC day; not repeatable counts one; max_points caps.
  ScoreModel daily = OneRuleModel(5, ScoreDecay{DecayMode::kNone, 30, 2500, 30, 30});
  daily.groups[0].event_rules[0].max_per_day = 2;
  std::vector<EngagementEvent> many;
  for (int i = 0; i < 5; ++i) many.push_back(Event("demo_attended", Day(0) + std::chrono::hours(i)));
  many.push_back(Event("demo_attended", Day(1)));
  EXPECT_EQ(ScoreLead(daily, lead, many, Day(2)).engagement, 1500) << "2 on day 0, 1 on day 1";
  daily.groups[0].event_rules[0].repeatable = false;
  EXPECT_EQ(ScoreLead(daily, lead, many, Day(2)).engagement, 500);
  daily.groups[0].event_rules[0].repeatable = true;
  daily.groups[0].event_rules[0].max_per_day.reset();
  daily.groups[0].event_rules[0].max_points = 12;
  EXPECT_EQ(ScoreLead(daily, lead, many, Day(2)).engagement, 1200);
  // A filter on product.
  daily.groups[0].event_rules[0].max_points.reset();
  daily.groups[0].event_rules[0].product = "Payroll";
  std::vector<EngagementEvent> products{Event("demo_attended", Day(0), "payroll"),
                                        Event("demo_attended", Day(0), "HR")};
  EXPECT_EQ(ScoreLead(daily, lead, products, Day(1)).engagement, 500) << "products compare without case";
}

TEST(LeadScoreTest, RollUpsOfAnAccount) {
  const std::vector<std::int64_t> people{4000, 3500, 2000, 500};
  EXPECT_EQ(RollUp(AccountRollup::kSum, 3, people), 10000);
  EXPECT_EQ(RollUp(AccountRollup::kMax, 3, people), 4000);
  EXPECT_EQ(RollUp(AccountRollup::kTopNSum, 3, people), 9500);
  EXPECT_EQ(RollUp(AccountRollup::kAvg, 3, people), 2500);
  EXPECT_EQ(RollUp(AccountRollup::kSum, 3, {}), 0);
  EXPECT_EQ(RollUp(AccountRollup::kAvg, 3, {1, 2}), 2) << "1.5 hundredths, half away from zero";
  EXPECT_EQ(RollUp(AccountRollup::kAvg, 3, {-1, -2}), -2);
}

// Research §1.6 check 2, per product: the same contacts split by product give sums that add up to
// the account's when every event has a product (and no cap binds).
TEST(LeadScoreTest, ProductInterestsAddUpToTheEngagementWhenEveryEventHasAProduct) {
  ScoreModel model = OneRuleModel(5, ScoreDecay{DecayMode::kNone});
  model.groups[0].event_rules.push_back({"webinar_attended", "", "", 3, true, 20, std::nullopt});
  const Referral lead = Lead("rfl_1", Day(0));
  std::vector<std::vector<EngagementEvent>> people = {
      {Event("demo_attended", Day(1), "Payroll"), Event("webinar_attended", Day(2), "hr"),
       Event("demo_attended", Day(3), "payroll")},
      {Event("webinar_attended", Day(1), "HR"), Event("webinar_attended", Day(4), "analytics")},
      {Event("demo_attended", Day(2), "analytics")}};
  std::int64_t account = 0;
  std::map<std::string, std::int64_t> by_product;
  for (const auto& events : people) {
    account += ScoreLead(model, lead, events, Day(10)).engagement;
    for (const auto& product : EventProducts(events, Day(10))) {
      by_product[product] += ProductEngagement(model, lead, events, product, Day(10));
    }
  }
  EXPECT_EQ(by_product, (std::map<std::string, std::int64_t>{{"analytics", 800}, {"hr", 600}, {"payroll", 1000}}));
  EXPECT_EQ(by_product["analytics"] + by_product["hr"] + by_product["payroll"], account);
  // An event without a product counts for none; one not known by as_of for nothing.
  std::vector<EngagementEvent> mixed = {Event("demo_attended", Day(1)), Event("demo_attended", Day(20), "hr")};
  EXPECT_TRUE(EventProducts(mixed, Day(10)).empty());
  EXPECT_EQ(ProductEngagement(model, lead, mixed, "HR", Day(10)), 0);
  EXPECT_EQ(ProductEngagement(model, lead, mixed, "HR", Day(20)), 500);
  // A cap binds per product, so the products may add up to more than the capped whole.
  model.groups[0].limit = 6;
  EXPECT_EQ(ScoreLead(model, lead, people[0], Day(10)).engagement, 600);
  EXPECT_EQ(ProductEngagement(model, lead, people[0], "payroll", Day(10)) +
                ProductEngagement(model, lead, people[0], "hr", Day(10)),
            900);
}

// The review of 2026-12-06 (product scores) found these; each is held here.
TEST(LeadScoreTest, ReviewFindingsOfProductScoresWithTheirRegressions) {
  // 3. A rule's product with spaces around was published and then matched no event (events'
  //    products are trimmed when recorded): it is refused.
  ScoreModel model = OneRuleModel(10, ScoreDecay{DecayMode::kNone});
  model.groups[0].event_rules[0].product = " Payroll ";
  model.groups[0].event_rules[0].channel = "email ";
  EXPECT_EQ(FieldsOf(CheckScoreModel(model)),
            (std::vector<std::string>{"groups[0].event_rules[0].product", "groups[0].event_rules[0].channel"}));
  model.groups[0].event_rules[0].product = "Payroll";
  model.groups[0].event_rules[0].channel = "";
  EXPECT_TRUE(CheckScoreModel(model).ok());
  // 4. A negative rule's floor binds per product too: the products may add up to less.
  ScoreModel negative = OneRuleModel(-10, ScoreDecay{DecayMode::kNone});
  negative.groups[0].event_rules[0].max_points = 10;
  negative.groups[0].event_rules.push_back({"referral_submitted", "", "", 20, true, 20, std::nullopt});
  const Referral lead = Lead("rfl_1", Day(0));
  std::vector<EngagementEvent> events{Event("referral_submitted", Day(0), "payroll"),
                                      Event("demo_attended", Day(1), "payroll"), Event("demo_attended", Day(2), "hr")};
  EXPECT_EQ(ScoreLead(negative, lead, events, Day(3)).engagement, 1000);
  EXPECT_EQ(ProductEngagement(negative, lead, events, "payroll", Day(3)) +
                ProductEngagement(negative, lead, events, "hr", Day(3)),
            0);
}

TEST(LeadScoreTest, CalibrationVectorsOfTheResearchFile) {
  auto cases = [](std::vector<std::pair<std::int64_t, bool>> scored) {
    std::vector<CalibrationCase> out;
    for (std::size_t i = 0; i < scored.size(); ++i) {
      out.push_back({"ref_" + std::to_string(100 + i), scored[i].first, "C3", scored[i].second});
    }
    return out;
  };
  EXPECT_EQ(AucBasisPoints(cases({{90, true}, {80, true}, {40, true}, {50, false}, {30, false}, {20, false}})), 8889);
  EXPECT_EQ(AucBasisPoints(cases({{5, true}, {5, true}, {5, false}, {1, false}})), 7500);
  EXPECT_EQ(AucBasisPoints(cases({{5, true}, {4, true}})), std::nullopt) << "no case that was not won";

  // 20 referrals, 5 wins, the two top-scored won: decile 1 has 2, all won, lift 4.00, 40% of wins.
  std::vector<std::pair<std::int64_t, bool>> twenty;
  for (int i = 0; i < 20; ++i) twenty.push_back({2000 - 10 * i, i < 2 || i == 7 || i == 12 || i == 19});
  auto calibration = Calibrate(cases(twenty));
  EXPECT_EQ(calibration.count, 20);
  EXPECT_EQ(calibration.won, 5);
  EXPECT_EQ(calibration.win_rate_bp, 2500);
  ASSERT_EQ(calibration.deciles.size(), 10u);
  const auto& top = calibration.deciles[0];
  EXPECT_EQ(top.count, 2);
  EXPECT_EQ(top.won, 2);
  EXPECT_EQ(top.win_rate_bp, 10000);
  EXPECT_EQ(top.lift_bp, 40000);
  EXPECT_EQ(top.cumulative_capture_bp, 4000);
  EXPECT_EQ(top.max_score, 2000);
  EXPECT_EQ(top.min_score, 1990);
  EXPECT_EQ(calibration.deciles[9].cumulative_capture_bp, 10000);
  EXPECT_EQ(calibration.deciles[9].cumulative_lift_bp, 10000);
  EXPECT_EQ(calibration.deciles[1].lift_bp, 0);
  ASSERT_EQ(calibration.grades.size(), 9u);
  EXPECT_EQ(calibration.grades[8].grade, "C3");
  EXPECT_EQ(calibration.grades[8].count, 20);
  EXPECT_EQ(calibration.grades[0].win_rate_bp, std::nullopt) << "no A1 case";

  // Fewer than ten: equal-count bins leave some deciles empty; ties are ordered by referral id.
  auto small = Calibrate(cases({{50, true}, {50, false}, {10, false}}));
  EXPECT_EQ(small.deciles[0].count, 1);
  EXPECT_EQ(small.deciles[0].won, 1) << "ref_100 before ref_101 at the same score";
  EXPECT_EQ(small.deciles[1].count, 0);
  EXPECT_EQ(small.deciles[1].win_rate_bp, std::nullopt);
  EXPECT_EQ(small.deciles[3].count, 1);
}

TEST(LeadScoreTest, TheMqlInstantIsTheEventThatFirstBroughtEngagementToTheThreshold) {
  ScoreModel m = DefaultScoreModel("prg_1");
  m.decay.mode = DecayMode::kNone;
  auto lead = Lead("ref_1", Day(0));
  lead.referee.company = "Buyer Inc";
  lead.referee.title = "Head of Finance";  // fit 20 + 10 + 30 = 60
  std::vector<EngagementEvent> events{Event("email_clicked", Day(1)), Event("email_clicked", Day(2)),
                                      Event("email_clicked", Day(3)), Event("email_clicked", Day(4))};
  auto score = ScoreLead(m, lead, events, Day(10));
  EXPECT_EQ(score.fit, 6000);
  EXPECT_EQ(score.engagement, 2000);
  ASSERT_TRUE(score.mql_at);
  EXPECT_EQ(*score.mql_at, Day(4)) << "the fourth click made 20";
  EXPECT_EQ(score.grade, "A2");
  EXPECT_EQ(score.last_engaged_at, Day(4));
  EXPECT_FALSE(ScoreLead(m, lead, events, Day(3)).mql_at) << "as of day 3 it had 15";

  // A submission worth 20 makes it an MQL at once; decay never takes it back.
  std::vector<EngagementEvent> submitted{Event("referral_submitted", Day(0))};
  m.decay = ScoreDecay{};
  auto later = ScoreLead(m, lead, submitted, Day(400));
  EXPECT_EQ(later.engagement, 0);
  EXPECT_EQ(later.mql_at, Day(0));
  // Fit below the rule: never.
  lead.referee.title.clear();
  lead.referee.company.clear();
  EXPECT_FALSE(ScoreLead(m, lead, submitted, Day(1)).mql_at);
}

TEST(LeadScoreTest, FitRulesReadTheReferralsAttributes) {
  auto lead = Lead("ref_1", Day(0));
  lead.referee.title = "VP Sales";
  lead.advocate_profile.tags = {"partner", "vip"};
  lead.advocate_profile.attributes["employees"] = {AttributeValue::Kind::kNumber, "250"};
  lead.channel = "email";
  auto holds = [&](std::string attribute, FitOp op, std::vector<std::string> values) {
    return FitRuleHolds({std::move(attribute), op, std::move(values), 10}, lead);
  };
  EXPECT_TRUE(holds("referee.title", FitOp::kContains, {"vp", "chief"}));
  EXPECT_FALSE(holds("referee.title", FitOp::kContains, {"intern"}));
  EXPECT_TRUE(holds("advocate.tags", FitOp::kEq, {"VIP"}));
  EXPECT_FALSE(holds("advocate.tags", FitOp::kNeq, {"vip"}));
  EXPECT_TRUE(holds("advocate.attr.employees", FitOp::kGte, {"200"}));
  EXPECT_FALSE(holds("advocate.attr.employees", FitOp::kLte, {"100"}));
  EXPECT_TRUE(holds("advocate.attr.industry", FitOp::kUnknown, {}));
  EXPECT_TRUE(holds("referral.channel", FitOp::kIn, {"sms", "email"}));
  EXPECT_TRUE(holds("referee.business_email", FitOp::kEq, {"true"}));
  lead.referee.email = "pat@gmail.com";
  lead.referee.email_domain = "gmail.com";
  EXPECT_TRUE(holds("referee.business_email", FitOp::kEq, {"false"}));
  // ReviewFinding: free email is judged on the whole host (Apple's relay, below appleid.com).
  lead.referee.email = "pat@privaterelay.appleid.com";
  lead.referee.email_domain = "appleid.com";
  EXPECT_TRUE(holds("referee.business_email", FitOp::kEq, {"false"}));
  EXPECT_TRUE(holds("referral.source", FitOp::kEq, {"api"}));
}

TEST(LeadScoreTest, ModelsAreRefusedFieldByField) {
  EXPECT_TRUE(CheckScoreModel(DefaultScoreModel("prg_1")).ok());
  ScoreModel m = DefaultScoreModel("prg_1");
  m.name = "";
  m.score_limit = 2000;
  m.groups[0].fit_rules[0].attribute = "referee.salary";
  m.groups[0].fit_rules[1].values = {"x"};  // known takes none
  m.groups[0].fit_rules[2].points = 1001;
  m.groups[1].fit_rules[1].op = FitOp::kGte;  // one number
  m.groups[2].event_rules[0].event_type = "Bad Type";
  m.groups[2].event_rules[1].max_per_day = 0;
  m.groups[2].fit_rules.push_back({"referee.company", FitOp::kKnown, {}, 1});
  m.decay.step_bp = 10001;
  m.bands.fit_b = 70;
  m.account_limit = 0;
  auto status = CheckScoreModel(m);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(FieldsOf(status),
            (std::vector<std::string>{"name", "score_limit", "groups[0].fit_rules[0].attribute",
                                      "groups[0].fit_rules[1].values", "groups[0].fit_rules[2].points",
                                      "groups[1].fit_rules[1].values", "groups[2].fit_rules",
                                      "groups[2].event_rules[0].event_type", "groups[2].event_rules[1].max_per_day",
                                      "decay.step_bp", "bands.fit_b", "rollup.account_limit"}));
  ScoreModel empty = DefaultScoreModel("prg_1");
  empty.groups.clear();
  EXPECT_EQ(FieldsOf(CheckScoreModel(empty)), (std::vector<std::string>{"groups"}));
  EXPECT_TRUE(IsEventType("crm.meeting:booked-1"));
  EXPECT_FALSE(IsEventType("1st"));
}

}  // namespace
}  // namespace bb::domain

namespace bb::domain {
namespace {

// The independent review's findings, each with its regression.
TEST(LeadScoreTest, ReviewFindingsOfLeadScoringWithTheirRegressions) {
  auto lead = Lead("ref_1", Day(0));
  // A negative event's points fading out raises engagement: the MQL instant is when it faded.
  ScoreModel fading;
  fading.name = "Fading";
  ScoreGroup g{"Engagement", ScoreDimension::kEngagement, 100, {}, {}};
  g.event_rules = {{"good_x", "", "", 30, true, 20, std::nullopt}, {"bad_x", "", "", -30, true, 20, std::nullopt}};
  fading.groups = {g};
  fading.decay = ScoreDecay{DecayMode::kStep, 30, 10000, 10, 30};
  fading.mql_fit = -100;
  fading.mql_engagement = 20;
  std::vector<EngagementEvent> events{Event("bad_x", Day(1)), Event("good_x", Day(5))};
  auto score = ScoreLead(fading, lead, events, Day(13));
  EXPECT_EQ(score.engagement, 3000);
  ASSERT_TRUE(score.mql_at) << "met when bad_x turned 10 days old";
  EXPECT_EQ(*score.mql_at, Day(11));
  fading.decay.mode = DecayMode::kWindow;
  fading.decay.window_days = 7;
  EXPECT_EQ(ScoreLead(fading, lead, events, Day(13)).mql_at, Day(8)) << "the window's end";
  // Against a search of every hour: under each decay, with events that rise and fade, the MQL
  // instant meets the rule and no hour before it does.
  fading.groups[0].event_rules[1].points = -20;
  fading.mql_engagement = 25;
  std::vector<EngagementEvent> mixed{Event("bad_x", Day(1)), Event("good_x", Day(2)), Event("bad_x", Day(3)),
                                     Event("good_x", Day(3) + std::chrono::hours(5)), Event("bad_x", Day(9))};
  for (ScoreDecay decay :
       {ScoreDecay{DecayMode::kStep, 30, 5000, 2, 30}, ScoreDecay{DecayMode::kWindow, 3, 2500, 30, 30},
        ScoreDecay{DecayMode::kHalfLife, 30, 2500, 30, 1}, ScoreDecay{DecayMode::kNone, 30, 2500, 30, 30}}) {
    fading.decay = decay;
    auto at = ScoreLead(fading, lead, mixed, Day(30)).mql_at;
    const Timestamp end = at.value_or(Day(30));
    for (Timestamp t = Day(0); t < end; t += std::chrono::hours(1)) {
      EXPECT_LT(ScoreLead(fading, lead, mixed, t).engagement, 2500) << ToString(decay.mode) << " met earlier";
    }
    if (at) {
      EXPECT_GE(ScoreLead(fading, lead, mixed, *at).engagement, 2500) << ToString(decay.mode);
    }
  }

  // An event reported late counts from when it was recorded: the past it is dated in does not change.
  ScoreModel none = OneRuleModel(30, ScoreDecay{DecayMode::kNone, 30, 2500, 30, 30});
  auto late = Event("demo_attended", Day(2));
  late.recorded_at = Day(20);
  EXPECT_EQ(ScoreLead(none, lead, {late}, Day(10)).engagement, 0) << "not known on day 10";
  EXPECT_EQ(ScoreLead(none, lead, {late}, Day(20)).engagement, 3000);

  // A threshold the engagement can never reach ends the MQL search at once (it was quadratic).
  ScoreModel capped = OneRuleModel(1, ScoreDecay{DecayMode::kNone, 30, 2500, 30, 30});
  capped.groups[0].event_rules[0].max_per_day.reset();
  capped.groups[0].event_rules[0].max_points = 10;
  capped.mql_fit = -100;
  capped.mql_engagement = 20;
  std::vector<EngagementEvent> many;
  for (int i = 0; i < 20'000; ++i) many.push_back(Event("demo_attended", Day(1) + std::chrono::seconds(i)));
  EXPECT_FALSE(ScoreLead(capped, lead, many, Day(2)).mql_at);

  // The default model: a senior title or a manager's, not both; "Product Owner" is no owner.
  auto model = DefaultScoreModel("prg_1");
  lead.referee.title = "Head of Lead Generation";
  EXPECT_EQ(ScoreLead(model, lead, {}, Day(1)).fit, 2000 + 3000) << "business email and seniority 30, not 45";
  lead.referee.title = "Product Owner";
  EXPECT_EQ(ScoreLead(model, lead, {}, Day(1)).fit, 2000);

  // Fields named as the API names them; thresholds within the score limit; numbers are numbers.
  ScoreModel bad = DefaultScoreModel("prg_1");
  bad.score_limit = 100;
  bad.bands.fit_a = 150;
  bad.mql_fit = 5000;
  bad.mql_engagement = -5000;
  bad.rollup_top_n = 0;
  bad.account_limit = 0;
  bad.groups[0].fit_rules[0] = {"advocate.attr.employees", FitOp::kGte, {"nan"}, 10};
  EXPECT_EQ(FieldsOf(CheckScoreModel(bad)),
            (std::vector<std::string>{"groups[0].fit_rules[0].values[0]", "bands.fit_a", "mql.fit", "mql.engagement",
                                      "rollup.top_n", "rollup.account_limit"}));
}

}  // namespace
}  // namespace bb::domain

namespace bb::domain {
namespace {

CommitteeMember Member(std::string email, std::vector<BuyingRole> roles, Attributes attributes, bool referee = false) {
  CommitteeMember m;
  m.email = m.email_key = std::move(email);
  m.roles = std::move(roles);
  m.attributes = std::move(attributes);
  m.referee = referee;
  return m;
}

AttributeValue Text(std::string text) { return AttributeValue{AttributeValue::Kind::kString, std::move(text)}; }

BuyingCommittee Committee(Timestamp at, std::vector<CommitteeMember> members) {
  BuyingCommittee c;
  c.version = 1;
  c.recorded_at = at;
  c.members = std::move(members);
  return c;
}

std::vector<std::string> Values(const Referral& r, std::string_view attribute, const BuyingCommittee* committee) {
  auto views = LeadAttributeValues(r, attribute, committee);
  return {views.begin(), views.end()};
}

TEST(LeadScoreTest, CommitteeAttributesComeFromTheCommitteeAndTheRefereeAloneHasNone) {
  Referral r = Lead("rfl_1", Day(0));
  BuyingCommittee committee =
      Committee(Day(1), {Member("rita@buyer.example", {BuyingRole::kCoach},
                                {{"seniority", Text("director")},
                                 {"disc_primary", Text("D")},
                                 {"disc_secondary", Text("D")}},  // equal to the primary: not valid
                                true),
                         Member("eve@buyer.example", {BuyingRole::kEconomicBuyer, BuyingRole::kDecisionMaker},
                                {{"seniority", Text("c_level")}}),
                         Member("tom@buyer.example", {BuyingRole::kCoach}, {{"seniority", Text("chief")}})});
  EXPECT_EQ(Values(r, "committee.members", &committee), std::vector<std::string>{"3"});
  EXPECT_EQ(Values(r, "committee.influences", &committee), std::vector<std::string>{"2"}) << "economic buyer, coach";
  EXPECT_EQ(Values(r, "committee.roles", &committee),
            (std::vector<std::string>{"coach", "decision_maker", "economic_buyer"}));
  EXPECT_EQ(Values(r, "committee.seniority", &committee), (std::vector<std::string>{"c_level", "director"}))
      << "an invalid seniority (chief) is no value";
  EXPECT_EQ(Values(r, "referee.seniority", &committee), std::vector<std::string>{"director"});
  EXPECT_EQ(Values(r, "referee.disc_primary", &committee), std::vector<std::string>{"D"});
  EXPECT_TRUE(Values(r, "referee.disc_secondary", &committee).empty());

  BuyingCommittee none;  // version 0: nothing recorded
  for (const BuyingCommittee* alone :
       {static_cast<const BuyingCommittee*>(nullptr), static_cast<const BuyingCommittee*>(&none)}) {
    EXPECT_EQ(Values(r, "committee.members", alone), std::vector<std::string>{"1"});
    EXPECT_EQ(Values(r, "committee.influences", alone), std::vector<std::string>{"0"});
    EXPECT_TRUE(Values(r, "committee.roles", alone).empty());
    EXPECT_TRUE(Values(r, "referee.seniority", alone).empty());
  }
  for (const auto& name : {"committee.roles", "committee.influences", "committee.members", "committee.seniority",
                           "referee.seniority", "referee.disc_primary", "referee.disc_secondary"}) {
    EXPECT_TRUE(IsLeadAttribute(name)) << name;
  }
  EXPECT_FALSE(IsLeadAttribute("committee.size"));
}

TEST(LeadScoreTest, ACommitteeGivesFitButTheMqlRuleLeavesItsRulesOut) {
  ScoreModel m = OneRuleModel(25, {DecayMode::kNone, 30, 2500, 30, 30});
  ScoreGroup fit{"Committee", ScoreDimension::kFit, 100, {}, {}};
  fit.fit_rules = {{"committee.influences", FitOp::kGte, {"2"}, 20},
                   {"committee.roles", FitOp::kEq, {"economic_buyer"}, 15},
                   {"referee.seniority", FitOp::kIn, {"c_level", "vp", "director"}, 10}};
  m.groups.push_back(fit);
  m.mql_fit = 30;
  m.mql_engagement = 20;
  Referral r = Lead("rfl_1", Day(0));
  std::vector<EngagementEvent> events{Event("demo_attended", Day(2))};

  LeadScore alone = ScoreLead(m, r, events, Day(10));
  EXPECT_EQ(alone.fit, 0);
  EXPECT_FALSE(alone.mql_at);

  BuyingCommittee committee =
      Committee(Day(5), {Member("rita@buyer.example", {}, {{"seniority", Text("vp")}}, true),
                         Member("eve@buyer.example", {BuyingRole::kEconomicBuyer, BuyingRole::kCoach}, {})});
  LeadScore with = ScoreLead(m, r, events, Day(10), &committee);
  EXPECT_EQ(with.fit, 4500);
  EXPECT_EQ(with.total, 7000);
  EXPECT_FALSE(with.mql_at) << "a committee's rules give no MQL: a later version could otherwise undo it";

  // The referral's own fit meets the rule: its MQL instant is the same with or without a committee.
  ScoreGroup own{"Own", ScoreDimension::kFit, 100, {}, {}};
  own.fit_rules = {{"referee.email_domain", FitOp::kKnown, {}, 30}};
  m.groups.push_back(own);
  for (const BuyingCommittee* c :
       {static_cast<const BuyingCommittee*>(nullptr), static_cast<const BuyingCommittee*>(&committee)}) {
    LeadScore both = ScoreLead(m, r, events, Day(10), c);
    ASSERT_TRUE(both.mql_at);
    EXPECT_EQ(*both.mql_at, Day(2));
  }
}

TEST(LeadScoreTest, ACommitteeRuleValueThatCanNeverMatchIsRefused) {
  EXPECT_EQ(CommitteeRuleValueProblem("committee.roles", FitOp::kEq, "Economic_Buyer"), "");
  EXPECT_NE(CommitteeRuleValueProblem("committee.roles", FitOp::kEq, "economic buyer"), "");
  EXPECT_NE(CommitteeRuleValueProblem("referee.seniority", FitOp::kIn, "senior vp"), "");
  EXPECT_EQ(CommitteeRuleValueProblem("committee.seniority", FitOp::kNeq, "c_level"), "");
  EXPECT_NE(CommitteeRuleValueProblem("referee.disc_primary", FitOp::kIn, "Dominance"), "");
  EXPECT_EQ(CommitteeRuleValueProblem("referee.disc_secondary", FitOp::kEq, "i"), "");
  EXPECT_NE(CommitteeRuleValueProblem("committee.influences", FitOp::kGte, "7"), "");
  EXPECT_EQ(CommitteeRuleValueProblem("committee.influences", FitOp::kLte, "4"), "");
  EXPECT_NE(CommitteeRuleValueProblem("committee.members", FitOp::kEq, "0"), "");
  EXPECT_EQ(CommitteeRuleValueProblem("committee.members", FitOp::kGte, "25"), "");
  EXPECT_EQ(CommitteeRuleValueProblem("committee.roles", FitOp::kContains, "buyer"), "") << "contains: any part";
  EXPECT_EQ(CommitteeRuleValueProblem("referee.title", FitOp::kEq, "anything"), "");

  ScoreModel m = DefaultScoreModel("prg_1");
  m.groups[0].fit_rules.push_back({"committee.roles", FitOp::kIn, {"coach", "economic buyer"}, 5});
  Status checked = CheckScoreModel(m);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(FieldsOf(checked), std::vector<std::string>{"groups[0].fit_rules[3].values[1]"});
}

}  // namespace
}  // namespace bb::domain
