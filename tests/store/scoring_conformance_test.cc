// Lead scoring (store/scoring.h, and the referral reads scores use) on every backend: published
// model versions round-trip and a version is never written twice; engagement events are recorded
// once per key per program and read by person and time up to an instant; the program's referrals
// created by an instant and their stage changes up to it.

#include "common/time_format.h"
#include "conformance.h"
#include "domain/lead_score.h"

namespace bb::store::conformance {
namespace {

using domain::ReferralStage;

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

class ScoringConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    north_ = MakeProgram("north");
    south_ = MakeProgram("south");
    advocate_ = MakeAdvocate(north_, MakePerson("ada"));
    ASSERT_OK(InsertProgramWithAdvocates(north_, {advocate_}));
    ASSERT_OK(Write([&](Tx& tx) { return tx.InsertProgram(south_); }));
  }

  domain::EngagementEvent Event(const std::string& id, const domain::Program& program, const std::string& person,
                                std::string_view at, std::string key) {
    domain::EngagementEvent e;
    e.id = id;
    e.program_id = program.id;
    e.person = person;
    e.type = "demo_attended";
    e.product = "Payroll \"EU\" ✓";
    e.channel = "webinar";
    e.occurred_at = At(at);
    e.source = "api";
    e.key = std::move(key);
    e.recorded_at = At("2027-02-01T00:00:00Z");
    return e;
  }

  domain::Program north_, south_;
  domain::Advocate advocate_;
};

TEST_P(ScoringConformanceTest, ModelVersionsRoundTripAndAreWrittenOnce) {
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindScoreModel(north_.id, std::nullopt); }));
  ScoreModelRecord first{north_.id, 1, R"({"name":"Fit \"first\" ✓"})", At("2027-01-01T00:00:00Z"), "usr_1"};
  ScoreModelRecord second{north_.id, 2, R"({"name":"second"})", At("2027-01-02T00:00:00Z"), "key_1"};
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertScoreModel(first));
    return tx.InsertScoreModel(second);
  }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindScoreModel(north_.id, std::nullopt); }), second) << "the latest";
  EXPECT_EQ(Get([&](Queries& q) { return q.FindScoreModel(north_.id, 1); }), first);
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindScoreModel(north_.id, 3); }));
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindScoreModel(south_.id, std::nullopt); })) << "each program its own";
  ScoreModelRecord again = first;
  again.rules_json = "{}";
  Status taken = Write([&](Tx& tx) { return tx.InsertScoreModel(again); });
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code(), ErrorCode::kConflict);
  ASSERT_EQ(taken.error().fields().size(), 1u);
  EXPECT_EQ(taken.error().fields()[0].field, "version");
  EXPECT_EQ(Get([&](Queries& q) { return q.FindScoreModel(north_.id, 1); }), first) << "nothing replaced";
}

TEST_P(ScoringConformanceTest, EventsAreRecordedOncePerKeyAndReadByPersonAndTime) {
  auto late = Event("eng_3", north_, "bea@globex.example", "2027-01-05T00:00:00Z", "k3");
  auto early = Event("eng_2", north_, "bea@globex.example", "2027-01-01T00:00:00Z", "k2");
  auto other = Event("eng_1", north_, "al@globex.example", "2027-01-03T00:00:00Z", "k1");
  auto south = Event("eng_4", south_, "bea@globex.example", "2027-01-01T00:00:00Z", "k2");
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (const auto& e : {late, early, other, south}) {
      BB_ASSIGN_OR_RETURN(bool written, tx.InsertEngagementEvent(e));
      if (!written) return Error::Internal("not written: " + e.id);
    }
    return Ok();
  }));
  auto duplicate = early;
  duplicate.id = "eng_5";
  duplicate.type = "something_else";
  bool written = true;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(written, tx.InsertEngagementEvent(duplicate));
    return Ok();
  }));
  EXPECT_FALSE(written) << "a key the program has: nothing written";
  auto all = Get([&](Queries& q) { return q.ListEngagementEvents(north_.id, "", At("2027-12-31T00:00:00Z")); });
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], other) << "by person, then time";
  EXPECT_EQ(all[1], early);
  EXPECT_EQ(all[2], late);
  auto bea = Get(
      [&](Queries& q) { return q.ListEngagementEvents(north_.id, "bea@globex.example", At("2027-01-05T00:00:00Z")); });
  EXPECT_EQ(bea, (std::vector<domain::EngagementEvent>{early, late})) << "up to the instant, inclusive";
  auto before = Get(
      [&](Queries& q) { return q.ListEngagementEvents(north_.id, "bea@globex.example", At("2027-01-04T00:00:00Z")); });
  EXPECT_EQ(before, (std::vector<domain::EngagementEvent>{early}));
}

TEST_P(ScoringConformanceTest, ReferralsCreatedByAnInstantAndTheirStageChanges) {
  auto first = MakeReferral(advocate_, "bea@globex.example", At("2027-01-01T00:00:00Z"));
  auto second = MakeReferral(advocate_, "cy@globex.example", At("2027-02-01T00:00:00Z"));
  auto event = [&](const domain::Referral& r, ReferralStage stage, std::string_view at) {
    return domain::ReferralEvent{NewId(domain::kReferralEventPrefix, At(at)),
                                 r.id,
                                 domain::ReferralEventKind::kStageMoved,
                                 std::nullopt,
                                 stage,
                                 "usr_1",
                                 "",
                                 At(at),
                                 {stage},
                                 std::nullopt};
  };
  auto note = event(first, ReferralStage::kWon, "2027-01-20T00:00:00Z");
  note.kind = domain::ReferralEventKind::kDealValueCorrected;
  note.to_stage.reset();  // an entry that sets no stage is not a change
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertReferral(first));
    BB_RETURN_IF_ERROR(tx.InsertReferral(second));
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(event(first, ReferralStage::kSubmitted, "2027-01-01T00:00:00Z")));
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(event(first, ReferralStage::kWon, "2027-01-10T00:00:00Z")));
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(event(first, ReferralStage::kRejected, "2027-01-10T00:00:00Z")));
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(note));
    return tx.InsertReferralEvent(event(second, ReferralStage::kSubmitted, "2027-02-01T00:00:00Z"));
  }));
  auto created = Get([&](Queries& q) { return q.ListReferralsCreatedBy(north_.id, At("2027-01-31T00:00:00Z")); });
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].id, first.id);
  EXPECT_EQ(Get([&](Queries& q) { return q.ListReferralsCreatedBy(north_.id, At("2027-02-01T00:00:00Z")); }).size(),
            2u);
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListReferralsCreatedBy(south_.id, At("2028-01-01T00:00:00Z")); }).empty());

  auto changes = Get([&](Queries& q) { return q.ListReferralStageChanges(north_.id, At("2027-01-31T00:00:00Z")); });
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].stage, ReferralStage::kSubmitted);
  EXPECT_EQ(changes[1].stage, ReferralStage::kWon);
  EXPECT_EQ(changes[2].stage, ReferralStage::kRejected) << "same instant: in the order written";
  EXPECT_EQ(changes[2].referral_id, first.id);
  auto earlier = Get([&](Queries& q) { return q.ListReferralStageChanges(north_.id, At("2027-01-09T00:00:00Z")); });
  ASSERT_EQ(earlier.size(), 1u);
  EXPECT_EQ(earlier[0].at, At("2027-01-01T00:00:00Z"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ScoringConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance
