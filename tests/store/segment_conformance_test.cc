// Segments on every backend (store/segments.h): a segment's every field round-trips; the list is
// the active ones by position, then (when asked) the retired ones, newest first; a segment's own
// email templates are made, replaced and deleted; a referral keeps the segment it was submitted
// in, and a program its landing and portal words; and a range's referrals are read by segment —
// outcomes, distinct advocates, clear wins in the program's currency, rewards not reversed —
// with the range's bounds exact.

#include <algorithm>

#include "common/time_format.h"
#include "conformance.h"
#include "domain/program_segment.h"

namespace bb::store::conformance {
namespace {

using domain::ReferralStage;

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

class SegmentConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped()) return;
    program_ = MakeProgram("segments");
    ada_ = MakeAdvocate(program_, MakePerson("ada"));
    bob_ = MakeAdvocate(program_, MakePerson("bob"));
    ASSERT_OK(InsertProgramWithAdvocates(program_, {ada_, bob_}));
    rule_.id = NewId(domain::kRewardRulePrefix, kT0);
    rule_.program_id = program_.id;
    rule_.name = "Won";
    rule_.trigger.stage = ReferralStage::kWon;
    rule_.amount.fixed_minor = 2'500;
    rule_.created_at = kT0;
    ASSERT_OK(Write([&](Tx& tx) { return tx.InsertRewardRule(rule_); }));
  }

  domain::ProgramSegment Segment(const std::string& name, std::int64_t position, Timestamp created = kT0) {
    domain::ProgramSegment g;
    g.id = NewId(domain::kSegmentPrefix, created);
    g.program_id = program_.id;
    g.name = name;
    g.position = position;
    g.created_at = g.updated_at = created;
    return g;
  }

  // A referral of `advocate` in segment `segment_id` submitted at `submitted`, now at `stage`.
  domain::Referral Refer(const domain::Advocate& advocate, const std::string& segment_id, const char* submitted,
                         ReferralStage stage = ReferralStage::kSubmitted, std::int64_t deal = 0,
                         std::string deal_currency = "", domain::ReviewStatus review = domain::ReviewStatus::kClear) {
    domain::Referral r = MakeReferral(advocate, "r" + std::to_string(++count_) + "@globex.example", At(submitted));
    r.segment_id = segment_id;
    r.stage = stage;
    r.review_status = review;
    if (deal > 0) {
      r.deal_value_minor = deal;
      r.deal_currency = deal_currency;
    }
    std::vector<ReferralStage> reached = {ReferralStage::kSubmitted};
    if (stage == ReferralStage::kQualified || stage == ReferralStage::kWon)
      reached.push_back(ReferralStage::kQualified);
    if (stage != ReferralStage::kSubmitted) reached.push_back(stage);
    domain::ReferralEvent submission{NewId(domain::kReferralEventPrefix, r.created_at),
                                     r.id,
                                     domain::ReferralEventKind::kSubmitted,
                                     std::nullopt,
                                     ReferralStage::kSubmitted,
                                     advocate.id,
                                     "",
                                     r.created_at,
                                     reached,
                                     std::nullopt};
    Status written = Write([&](Tx& tx) -> Status {
      BB_RETURN_IF_ERROR(tx.InsertReferral(r));
      return tx.InsertReferralEvent(submission);
    });
    EXPECT_TRUE(written.ok()) << Describe(written);
    return r;
  }

  void Reward(const domain::Referral& r, std::int64_t amount, domain::RewardStatus status, std::string currency = "") {
    domain::Reward w;
    w.id = NewId(domain::kRewardPrefix, r.created_at);
    w.program_id = r.program_id;
    w.referral_id = r.id;
    w.advocate_id = r.advocate_id;
    w.rule_id = rule_.id;
    w.trigger_key = "stage:won:" + std::to_string(++count_);
    w.amount_minor = amount;
    w.currency = currency.empty() ? program_.currency : currency;
    w.status = status;
    w.reason = "won";
    w.created_at = w.updated_at = r.created_at;
    ASSERT_OK(Write([&](Tx& tx) { return tx.InsertReward(w); }));
  }

  domain::Program program_;
  domain::Advocate ada_;
  domain::Advocate bob_;
  domain::RewardRule rule_;
  int count_ = 0;
};

TEST_P(SegmentConformanceTest, EveryFieldRoundTripsAndTheListIsInPositionOrder) {
  domain::ProgramSegment gold = Segment("Gold", 2);
  gold.description = "Top customers — ünïcode kept";
  gold.filter.attributes = {{"region", {"emea"}}, {"tier", {"gold", "platinum"}}};
  gold.filter.tags = {"partner", "vip"};
  gold.filter.nps_classes = {domain::NpsClass::kPassive, domain::NpsClass::kPromoter};
  gold.filter.min_level = "Advocate";
  gold.words = {"Share {{program.name}}", "Hello {{advocate.first_name}}", "{{advocate.first_name}} says hi",
                "Line one\nLine two"};
  domain::ProgramSegment first = Segment("First", 1, kT0 + std::chrono::seconds(1));
  domain::ProgramSegment old_retired = Segment("Old", 0, kT0 + std::chrono::seconds(2));
  old_retired.active = false;
  domain::ProgramSegment new_retired = Segment("Newer", 0, kT0 + std::chrono::seconds(3));
  new_retired.active = false;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (const auto* g : {&gold, &first, &old_retired, &new_retired}) BB_RETURN_IF_ERROR(tx.InsertSegment(*g));
    return Ok();
  }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindSegment(gold.id); }), gold);
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindSegment("seg_missing"); }).has_value());

  auto names = [&](bool retired) {
    std::vector<std::string> out;
    for (const auto& g : Get([&](Queries& q) { return q.ListSegments(program_.id, retired); })) out.push_back(g.name);
    return out;
  };
  EXPECT_EQ(names(false), (std::vector<std::string>{"First", "Gold"}));
  EXPECT_EQ(names(true), (std::vector<std::string>{"First", "Gold", "Newer", "Old"}));

  gold.position = 1;
  gold.words.share_message = "";
  gold.active = true;
  gold.updated_at = kT0 + std::chrono::hours(1);
  first.position = 2;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.UpdateSegment(gold));
    return tx.UpdateSegment(first);
  }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindSegment(gold.id); }), gold);
  EXPECT_EQ(names(false), (std::vector<std::string>{"Gold", "First"}));
}

TEST_P(SegmentConformanceTest, ASegmentsOwnEmailTemplatesAreMadeReplacedAndDeleted) {
  domain::ProgramSegment g = Segment("Partners", 1);
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertSegment(g); }));
  domain::SegmentEmailTemplate won{g.id, domain::EmailKind::kReferralWon, "You did it", "Body {{link}}", kT0, "usr_1"};
  domain::SegmentEmailTemplate welcome{g.id,   domain::EmailKind::kWelcome, "Welcome, partner", "Hi {{link}}", kT0,
                                       "usr_1"};
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.PutSegmentEmailTemplate(won));
    return tx.PutSegmentEmailTemplate(welcome);
  }));
  auto listed = Get([&](Queries& q) { return q.ListSegmentEmailTemplates(g.id); });
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0], welcome) << "in the order of the kinds";
  EXPECT_EQ(listed[1], won);
  won.subject = "Replaced";
  won.updated_at = kT0 + std::chrono::minutes(5);
  ASSERT_OK(Write([&](Tx& tx) { return tx.PutSegmentEmailTemplate(won); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindSegmentEmailTemplate(g.id, domain::EmailKind::kReferralWon); }), won);
  bool deleted = false;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(deleted, tx.DeleteSegmentEmailTemplate(g.id, domain::EmailKind::kReferralWon));
    return Ok();
  }));
  EXPECT_TRUE(deleted);
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(deleted, tx.DeleteSegmentEmailTemplate(g.id, domain::EmailKind::kReferralWon));
    return Ok();
  }));
  EXPECT_FALSE(deleted) << "nothing left to delete";
  EXPECT_EQ(Get([&](Queries& q) { return q.ListSegmentEmailTemplates(g.id); }).size(), 1u);
}

TEST_P(SegmentConformanceTest, AReferralKeepsItsSegmentAndAProgramItsWords) {
  domain::Referral r = Refer(ada_, "seg_abc", "2026-03-01T10:00:00Z");
  EXPECT_EQ(Get([&](Queries& q) { return q.FindReferral(r.id); })->segment_id, "seg_abc");
  domain::Referral none = Refer(bob_, "", "2026-03-01T11:00:00Z");
  EXPECT_EQ(Get([&](Queries& q) { return q.FindReferral(none.id); })->segment_id, "");

  program_.branding.portal_headline = "Thanks, {{advocate.first_name}}";
  program_.branding.landing_headline = "Meet {{program.name}}";
  program_.branding.landing_intro = "Two\nlines";
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateProgram(program_); }));
  auto found = Get([&](Queries& q) { return q.FindProgram(program_.id); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->branding, program_.branding);
}

TEST_P(SegmentConformanceTest, ARangesReferralsAreReadBySegmentWithExactBounds) {
  using S = ReferralStage;
  const std::string gold = "seg_gold";
  domain::Referral won = Refer(ada_, gold, "2026-03-01T00:00:00Z", S::kWon, 10'000, program_.currency);
  Refer(bob_, gold, "2026-03-02T00:00:00Z", S::kWon, 4'000, "EUR");  // another currency: no revenue
  Refer(bob_, gold, "2026-03-03T00:00:00Z", S::kWon, 9'000, program_.currency, domain::ReviewStatus::kHeld);
  Refer(ada_, gold, "2026-03-04T00:00:00Z", S::kLost);
  Refer(ada_, "", "2026-03-05T00:00:00Z", S::kQualified);
  Refer(ada_, gold, "2026-03-31T23:59:59.999999Z");
  Refer(ada_, gold, "2026-04-01T00:00:00Z", S::kWon, 50'000, program_.currency);         // after the range
  Refer(ada_, gold, "2026-02-28T23:59:59.999999Z", S::kWon, 70'000, program_.currency);  // before it
  Reward(won, 2'500, domain::RewardStatus::kFulfilled);
  Reward(won, 1'000, domain::RewardStatus::kReversed);
  Reward(won, 700, domain::RewardStatus::kPending, "EUR");

  auto rows = Get([&](Queries& q) {
    return q.ReadSegmentCohort(program_.id, At("2026-03-01T00:00:00Z"), At("2026-04-01T00:00:00Z"));
  });
  std::int64_t referrals = 0, qualified = 0;
  for (const auto& o : rows.outcomes) {
    if (o.segment_id == gold) {
      referrals += o.count;
      if (o.reached_qualified) qualified += o.count;
    }
  }
  EXPECT_EQ(referrals, 5) << "the first instant in, the last microsecond in, the end out";
  EXPECT_EQ(qualified, 3) << "the three wins reached qualified";
  std::sort(rows.advocates.begin(), rows.advocates.end(),
            [](const auto& a, const auto& b) { return a.segment_id < b.segment_id; });
  ASSERT_EQ(rows.advocates.size(), 2u);
  EXPECT_EQ(rows.advocates[0].segment_id, "");
  EXPECT_EQ(rows.advocates[0].count, 1);
  EXPECT_EQ(rows.advocates[1].count, 2) << "Ada and Bob";
  ASSERT_EQ(rows.revenue.size(), 1u) << "the clear win in the program's currency only";
  EXPECT_EQ(rows.revenue[0].segment_id, gold);
  EXPECT_EQ(rows.revenue[0].minor, 10'000);
  ASSERT_EQ(rows.reward_cost.size(), 1u) << "not reversed, in the program's currency";
  EXPECT_EQ(rows.reward_cost[0].minor, 2'500);
}

INSTANTIATE_TEST_SUITE_P(Backends, SegmentConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance
