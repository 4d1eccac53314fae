// Customer value (store/customer_value.h) on every backend: settings versions round-trip (a
// perpetuity and thresholds included) and a version is never written twice; customer inputs, value
// entries and incrementality answers are append-only and read up to an instant in their order; the
// reward costs of a program's referrals are read with whether each was reversed by an instant.

#include <algorithm>

#include "common/time_format.h"
#include "conformance.h"
#include "domain/customer_value.h"
#include "domain/reward.h"

namespace bb::store::conformance {
namespace {

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

class CustomerValueConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    north_ = MakeProgram("north");
    south_ = MakeProgram("south");
    ada_ = MakeAdvocate(north_, MakePerson("ada"));
    bo_ = MakeAdvocate(north_, MakePerson("bo"));
    ASSERT_OK(InsertProgramWithAdvocates(north_, {ada_, bo_}));
    ASSERT_OK(Write([&](Tx& tx) { return tx.InsertProgram(south_); }));
  }

  domain::ValueEntry Entry(const std::string& id, const domain::Advocate& a, std::int64_t amount,
                           std::string_view occurred, std::string_view recorded) {
    return domain::ValueEntry{id,
                              a.program_id,
                              a.id,
                              domain::ValueCategory::kKnowledge,
                              amount,
                              "Beta \"feedback\" ✓",
                              "https://crm.example/1",
                              At(occurred),
                              At(recorded),
                              "key_crm"};
  }

  domain::Program north_, south_;
  domain::Advocate ada_, bo_;
};

TEST_P(CustomerValueConformanceTest, SettingsVersionsRoundTripAndAreWrittenOnce) {
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindValueSettings(north_.id, std::nullopt); }));
  domain::ValueSettings first;
  first.program_id = north_.id;
  first.version = 1;
  first.published_at = At("2027-01-01T00:00:00Z");
  first.published_by = "usr_1";
  domain::ValueSettings second = first;
  second.version = 2;
  second.horizon_years.reset();
  second.discount_rate_bp = 1'200;
  second.retention_rate_bp = 9'000;
  second.derive_retention = true;
  second.gross_margin_bp = 6'000;
  second.recurring = false;
  second.acquisition_cost_minor = 1'000'000'000'000'000;
  second.incremental_share_bp = 0;
  second.revenue_per_year_minor = 12'345;
  second.clv_threshold_minor = -5;
  second.crv_threshold_minor = 0;
  second.published_at = At("2027-01-02T00:00:00Z");
  second.published_by = "key_1";
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertValueSettings(first));
    return tx.InsertValueSettings(second);
  }));
  auto latest = Get([&](Queries& q) { return q.FindValueSettings(north_.id, std::nullopt); });
  ASSERT_TRUE(latest);
  EXPECT_TRUE(latest->SameRules(second));
  EXPECT_EQ(latest->version, 2);
  EXPECT_EQ(latest->published_at, second.published_at);
  EXPECT_EQ(latest->published_by, "key_1");
  auto one = Get([&](Queries& q) { return q.FindValueSettings(north_.id, 1); });
  ASSERT_TRUE(one);
  EXPECT_TRUE(one->SameRules(first));
  EXPECT_EQ(one->horizon_years, 5);
  EXPECT_FALSE(one->clv_threshold_minor);
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindValueSettings(north_.id, 3); }));
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindValueSettings(south_.id, std::nullopt); })) << "each its own";
  Status taken = Write([&](Tx& tx) { return tx.InsertValueSettings(first); });
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code(), ErrorCode::kConflict);
  ASSERT_EQ(taken.error().fields().size(), 1u);
  EXPECT_EQ(taken.error().fields()[0].field, "version");
}

TEST_P(CustomerValueConformanceTest, EnrolmentsAreReadByIdUpToAnInstant) {
  auto late = MakeAdvocate(north_, MakePerson("cy"), At("2027-03-01T00:00:00Z"));
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertPerson(late.person));
    return tx.InsertAdvocate(late);
  }));
  std::vector<Enrolment> early{{ada_.id, ada_.created_at, ada_.email}, {bo_.id, bo_.created_at, bo_.email}};
  std::sort(early.begin(), early.end(), [](const auto& a, const auto& b) { return a.advocate_id < b.advocate_id; });
  EXPECT_EQ(Get([&](Queries& q) { return q.ListEnrolments(north_.id, At("2027-02-28T00:00:00Z")); }), early);
  auto all = Get([&](Queries& q) { return q.ListEnrolments(north_.id, At("2027-03-01T00:00:00Z")); });
  ASSERT_EQ(all.size(), 3u) << "inclusive";
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end(),
                             [](const auto& a, const auto& b) { return a.advocate_id < b.advocate_id; }));
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListEnrolments(south_.id, At("2028-01-01T00:00:00Z")); }).empty());
}

TEST_P(CustomerValueConformanceTest, HistoriesAreReadByReferralThenTimeWithTheChurnsJudgement) {
  auto first = MakeReferral(ada_, "bea@globex.example", At("2027-01-01T00:00:00Z"));
  auto second = MakeReferral(bo_, "cy@globex.example", At("2027-01-02T00:00:00Z"));
  auto entry = [&](const domain::Referral& r, domain::ReferralEventKind kind, std::string_view at) {
    return domain::ReferralEvent{
        NewId(domain::kReferralEventPrefix, At(at)), r.id, kind, std::nullopt, std::nullopt, "usr_1", "", At(at)};
  };
  auto won = entry(first, domain::ReferralEventKind::kStageMoved, "2027-01-10T00:00:00Z");
  won.to_stage = domain::ReferralStage::kWon;
  won.reached = {domain::ReferralStage::kWon};
  won.deal_value_minor = 1'000'000'000'000'000;
  auto churn = entry(first, domain::ReferralEventKind::kCustomerChurned, "2027-01-10T00:00:00Z");  // same instant
  churn.reverses = true;
  auto late = entry(first, domain::ReferralEventKind::kSubmitted, "2027-01-01T00:00:00Z");
  auto other = entry(second, domain::ReferralEventKind::kSubmitted, "2027-01-02T00:00:00Z");
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertReferral(first));
    BB_RETURN_IF_ERROR(tx.InsertReferral(second));
    for (const auto& e : {won, churn, other, late}) BB_RETURN_IF_ERROR(tx.InsertReferralEvent(e));
    return Ok();
  }));
  auto histories = Get([&](Queries& q) { return q.ListProgramReferralHistories(north_.id); });
  ASSERT_EQ(histories.size(), 4u);
  std::vector<std::string> ids;
  for (const auto& e : histories) ids.push_back(e.id);
  std::vector<std::string> expected = first.id < second.id ? std::vector{late.id, won.id, churn.id, other.id}
                                                           : std::vector{other.id, late.id, won.id, churn.id};
  EXPECT_EQ(ids, expected) << "by referral, then time, then the order written";
  for (const auto& e : histories) {
    if (e.id == churn.id) {
      EXPECT_TRUE(e.reverses) << "the churn's judgement round-trips";
    }
    if (e.id == won.id) {
      EXPECT_FALSE(e.reverses);
      EXPECT_EQ(e.deal_value_minor, 1'000'000'000'000'000);
    }
  }
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListProgramReferralHistories(south_.id); }).empty());
}

TEST_P(CustomerValueConformanceTest, CustomerInputsAreReadUpToAnInstantInOrder) {
  domain::CustomerInputs later{"cin_2", north_.id, ada_.id, 200, std::nullopt, 0, At("2027-02-01T00:00:00Z"), "usr_1"};
  domain::CustomerInputs earlier{"cin_1", north_.id, ada_.id, 100, 9'500, 7, At("2027-01-01T00:00:00Z"), "key_1"};
  domain::CustomerInputs bo{"cin_0", north_.id, bo_.id, 1'000'000'000'000'000, 0, 0, At("2027-01-15T00:00:00Z"), "u"};
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertCustomerInputs(later));
    BB_RETURN_IF_ERROR(tx.InsertCustomerInputs(earlier));
    return tx.InsertCustomerInputs(bo);
  }));
  auto all = Get([&](Queries& q) { return q.ListCustomerInputs(north_.id, "", At("2027-12-31T00:00:00Z")); });
  std::vector<domain::CustomerInputs> ada_then_bo =
      ada_.id < bo_.id ? std::vector{earlier, later, bo} : std::vector{bo, earlier, later};
  EXPECT_EQ(all, ada_then_bo) << "by advocate, then recording time";
  EXPECT_EQ(Get([&](Queries& q) { return q.ListCustomerInputs(north_.id, ada_.id, At("2027-01-31T00:00:00Z")); }),
            std::vector{earlier})
      << "one advocate's, up to the instant";
  EXPECT_EQ(Get([&](Queries& q) { return q.ListCustomerInputs(north_.id, ada_.id, At("2027-02-01T00:00:00Z")); }),
            (std::vector{earlier, later}))
      << "inclusive";
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListCustomerInputs(south_.id, "", At("2028-01-01T00:00:00Z")); }).empty());
}

TEST_P(CustomerValueConformanceTest, ValueEntriesCountOnceRecordedAndOccurred) {
  auto a = Entry("val_1", ada_, 500, "2027-01-05T00:00:00Z", "2027-01-06T00:00:00Z");
  auto b = Entry("val_2", ada_, -200, "2027-01-01T00:00:00Z", "2027-03-01T00:00:00Z");  // reported late
  auto c = Entry("val_3", bo_, 1'000'000'000'000'000, "2027-01-02T00:00:00Z", "2027-01-02T00:00:00Z");
  c.category = domain::ValueCategory::kInfluence;
  c.source_ref = "";
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (const auto& e : {a, b, c}) BB_RETURN_IF_ERROR(tx.InsertValueEntry(e));
    return Ok();
  }));
  EXPECT_EQ(Get([&](Queries& q) { return q.ListValueEntries(north_.id, ada_.id, At("2027-12-31T00:00:00Z")); }),
            (std::vector{b, a}))
      << "by occurrence";
  EXPECT_EQ(Get([&](Queries& q) { return q.ListValueEntries(north_.id, ada_.id, At("2027-02-01T00:00:00Z")); }),
            std::vector{a})
      << "the late report does not count before it was recorded";
  EXPECT_EQ(Get([&](Queries& q) { return q.ListValueEntries(north_.id, "", At("2027-01-05T12:00:00Z")); }),
            std::vector{c})
      << "an entry recorded after the instant does not count";
}

TEST_P(CustomerValueConformanceTest, IncrementalityAnswersKeepEveryAnswer) {
  auto referral = MakeReferral(ada_, "cy@globex.example", At("2027-01-01T00:00:00Z"));
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertReferral(referral); }));
  domain::IncrementalityAnswer yes{"inc_1", north_.id, referral.id, true, At("2027-01-02T00:00:00Z"), "usr_1"};
  domain::IncrementalityAnswer unknown{"inc_2", north_.id, referral.id, std::nullopt, At("2027-01-03T00:00:00Z"), "u"};
  domain::IncrementalityAnswer no{"inc_3", north_.id, referral.id, false, At("2027-01-04T00:00:00Z"), "key_1"};
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (const auto& x : {no, yes, unknown}) BB_RETURN_IF_ERROR(tx.InsertIncrementalityAnswer(x));
    return Ok();
  }));
  EXPECT_EQ(Get([&](Queries& q) { return q.ListIncrementalityAnswers(north_.id, At("2027-12-31T00:00:00Z")); }),
            (std::vector{yes, unknown, no}));
  EXPECT_EQ(Get([&](Queries& q) { return q.ListIncrementalityAnswers(north_.id, At("2027-01-03T00:00:00Z")); }),
            (std::vector{yes, unknown}));
  EXPECT_TRUE(
      Get([&](Queries& q) { return q.ListIncrementalityAnswers(south_.id, At("2028-01-01T00:00:00Z")); }).empty());
}

TEST_P(CustomerValueConformanceTest, RewardCostsSayWhetherEachWasReversedByAnInstant) {
  auto referral = MakeReferral(ada_, "cy@globex.example", At("2027-01-01T00:00:00Z"));
  domain::RewardRule rule;
  rule.id = NewId(domain::kRewardRulePrefix, At("2027-01-01T00:00:00Z"));
  rule.program_id = north_.id;
  rule.name = "Won";
  rule.trigger.stage = domain::ReferralStage::kWon;
  rule.amount.fixed_minor = 5'000;
  rule.created_at = At("2027-01-01T00:00:00Z");
  auto reward = [&](std::string_view created, std::int64_t amount, domain::Beneficiary beneficiary) {
    domain::Reward r;
    r.id = NewId(domain::kRewardPrefix, At(created));
    r.program_id = north_.id;
    r.referral_id = referral.id;
    r.advocate_id = ada_.id;
    r.rule_id = rule.id;
    r.beneficiary = beneficiary;
    r.trigger_key = "stage:won";
    r.amount_minor = amount;
    r.currency = "EUR";
    r.created_at = r.updated_at = At(created);
    return r;
  };
  auto kept = reward("2027-01-10T00:00:00Z", 5'000, domain::Beneficiary::kAdvocate);
  auto reversed = reward("2027-01-11T00:00:00Z", 2'500, domain::Beneficiary::kReferee);
  reversed.status = domain::RewardStatus::kReversed;
  auto later = reward("2027-03-01T00:00:00Z", 700, domain::Beneficiary::kAdvocate);
  later.trigger_key = "stage:won:again";
  // A grant a deal value correction made on 2027-03-05, dated back to the win it pays.
  auto granted = reward("2027-01-12T00:00:00Z", 900, domain::Beneficiary::kAdvocate);
  granted.trigger_key = "stage:won:corrected";
  int event = 0;
  auto created = [&](const domain::Reward& r, std::string_view at) {
    return domain::RewardEvent{
        "rwe_" + std::to_string(++event), r.id, domain::RewardStatus::kPending, "system", "", At(at), 0};
  };
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertReferral(referral));
    BB_RETURN_IF_ERROR(tx.InsertRewardRule(rule));
    for (const auto& r : {kept, reversed, later, granted}) BB_RETURN_IF_ERROR(tx.InsertReward(r));
    BB_RETURN_IF_ERROR(tx.InsertRewardEvent(created(kept, "2027-01-10T00:00:00Z")));
    BB_RETURN_IF_ERROR(tx.InsertRewardEvent(created(reversed, "2027-01-11T00:00:00Z")));
    BB_RETURN_IF_ERROR(tx.InsertRewardEvent(created(later, "2027-03-01T00:00:00Z")));
    BB_RETURN_IF_ERROR(tx.InsertRewardEvent(created(granted, "2027-03-05T00:00:00Z")));
    return tx.InsertRewardEvent(
        {"rwe_9", reversed.id, domain::RewardStatus::kReversed, "system", "churned", At("2027-02-01T00:00:00Z"), 0});
  }));
  auto before_reversal = Get([&](Queries& q) { return q.ListRewardCosts(north_.id, At("2027-01-31T00:00:00Z")); });
  ASSERT_EQ(before_reversal.size(), 2u) << "the grant dated back was not written yet";
  EXPECT_EQ(before_reversal[0], (RewardCost{ada_.id, referral.id, 5'000, "EUR", false}));
  EXPECT_EQ(before_reversal[1], (RewardCost{ada_.id, referral.id, 2'500, "EUR", false})) << "not reversed yet";
  auto after = Get([&](Queries& q) { return q.ListRewardCosts(north_.id, At("2027-12-31T00:00:00Z")); });
  ASSERT_EQ(after.size(), 4u);
  EXPECT_TRUE(after[1].reversed);
  EXPECT_EQ(after[2].amount_minor, 900) << "by id: created on 01-12, written on 03-05";
  EXPECT_EQ(after[3].amount_minor, 700);
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListRewardCosts(south_.id, At("2028-01-01T00:00:00Z")); }).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, CustomerValueConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance
