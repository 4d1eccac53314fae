// Buying committees (store/committees.h) on every backend: versions round-trip with every member
// field (roles, primary, response mode, attributes with their kinds, text beyond ASCII), a version
// is never written twice, and the latest version by an instant is read for one referral and for
// each referral of a program.

#include "common/time_format.h"
#include "conformance.h"
#include "domain/buying_committee.h"

namespace bb::store::conformance {
namespace {

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

class CommitteeConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    north_ = MakeProgram("north");
    south_ = MakeProgram("south");
    ada_ = MakeAdvocate(north_, MakePerson("ada"));
    cy_ = MakeAdvocate(south_, MakePerson("cy"));
    ASSERT_OK(InsertProgramWithAdvocates(north_, {ada_}));
    ASSERT_OK(InsertProgramWithAdvocates(south_, {cy_}));
    first_ = MakeReferral(ada_, "rita@buyer.example", At("2027-01-01T00:00:00Z"));
    second_ = MakeReferral(ada_, "sam@other.example", At("2027-01-02T00:00:00Z"));
    elsewhere_ = MakeReferral(cy_, "una@south.example", At("2027-01-03T00:00:00Z"));
    ASSERT_OK(Write([&](Tx& tx) -> Status {
      BB_RETURN_IF_ERROR(tx.InsertReferral(first_));
      BB_RETURN_IF_ERROR(tx.InsertReferral(second_));
      return tx.InsertReferral(elsewhere_);
    }));
  }

  domain::BuyingCommittee Committee(const domain::Referral& r, std::int64_t version, std::string_view recorded) {
    domain::BuyingCommittee c;
    c.id = "bcm_" + r.id + "_" + std::to_string(version);
    c.program_id = r.program_id;
    c.referral_id = r.id;
    c.version = version;
    c.recorded_at = At(recorded);
    c.recorded_by = "usr_1";
    domain::CommitteeMember referee;
    referee.email = "Rita@Buyer.example";
    referee.email_key = "rita@buyer.example";
    referee.first_name = "Rita";
    referee.last_name = "Ölçer \"the\" buyer";
    referee.title = "VP, Finance";
    referee.roles = {domain::BuyingRole::kEconomicBuyer, domain::BuyingRole::kCoach};
    referee.primary = version == 1;
    referee.referee = true;
    referee.response_mode = domain::ResponseMode::kEvenKeel;
    referee.attributes["disc_primary"] = {domain::AttributeValue::Kind::kString, "D"};
    referee.attributes["disc_confidence"] = {domain::AttributeValue::Kind::kNumber, "72"};
    referee.attributes["champion"] = {domain::AttributeValue::Kind::kBool, "true"};
    domain::CommitteeMember tom;
    tom.email = "tom@buyer.example";
    tom.email_key = "tom@buyer.example";
    tom.first_name = "Tom";
    tom.roles = {domain::BuyingRole::kTechnicalBuyer};
    tom.primary = version != 1;
    c.members = {referee, tom};
    return c;
  }

  domain::Program north_, south_;
  domain::Advocate ada_, cy_;
  domain::Referral first_, second_, elsewhere_;
};

TEST_P(CommitteeConformanceTest, VersionsRoundTripWithEveryFieldAndAreWrittenOnce) {
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindCommittee(first_.id, At("2030-01-01T00:00:00Z")); }));
  auto one = Committee(first_, 1, "2027-02-01T00:00:00Z");
  auto two = Committee(first_, 2, "2027-03-01T00:00:00Z");
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertCommittee(one));
    return tx.InsertCommittee(two);
  }));
  auto read = Get([&](Queries& q) { return q.FindCommittee(first_.id, At("2027-02-15T00:00:00Z")); });
  ASSERT_TRUE(read);
  EXPECT_EQ(read->id, one.id);
  EXPECT_EQ(read->program_id, north_.id);
  EXPECT_EQ(read->version, 1);
  EXPECT_EQ(read->recorded_at, one.recorded_at);
  EXPECT_EQ(read->recorded_by, "usr_1");
  EXPECT_EQ(read->members, one.members);
  auto latest = Get([&](Queries& q) { return q.FindCommittee(first_.id, At("2027-03-01T00:00:00Z")); });
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->version, 2) << "inclusive";
  EXPECT_EQ(latest->members, two.members);
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindCommittee(first_.id, At("2027-01-31T23:59:59Z")); }));

  auto again = Committee(first_, 2, "2027-04-01T00:00:00Z");
  again.id = "bcm_other";
  Status taken = Write([&](Tx& tx) { return tx.InsertCommittee(again); });
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code(), ErrorCode::kConflict);
  ASSERT_EQ(taken.error().fields().size(), 1u);
  EXPECT_EQ(taken.error().fields()[0].field, "version");
  auto still = Get([&](Queries& q) { return q.FindCommittee(first_.id, At("2030-01-01T00:00:00Z")); });
  ASSERT_TRUE(still);
  EXPECT_EQ(still->id, two.id) << "nothing written";
}

TEST_P(CommitteeConformanceTest, EachReferralsLatestVersionByAnInstantIsListedByReferral) {
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertCommittee(Committee(second_, 1, "2027-02-01T00:00:00Z")));
    BB_RETURN_IF_ERROR(tx.InsertCommittee(Committee(first_, 1, "2027-02-01T00:00:00Z")));
    BB_RETURN_IF_ERROR(tx.InsertCommittee(Committee(first_, 2, "2027-03-01T00:00:00Z")));
    BB_RETURN_IF_ERROR(tx.InsertCommittee(Committee(second_, 2, "2027-05-01T00:00:00Z")));
    return tx.InsertCommittee(Committee(elsewhere_, 1, "2027-02-01T00:00:00Z"));
  }));
  auto listed = [&](std::string_view as_of) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const auto& c : Get([&](Queries& q) { return q.ListCommittees(north_.id, At(as_of)); })) {
      out.emplace_back(c.referral_id, c.version);
    }
    return out;
  };
  std::vector<std::pair<std::string, std::int64_t>> expected = {{first_.id, 2}, {second_.id, 1}};
  if (second_.id < first_.id) std::swap(expected[0], expected[1]);
  EXPECT_EQ(listed("2027-04-01T00:00:00Z"), expected);
  EXPECT_TRUE(listed("2027-01-15T00:00:00Z").empty());
  auto at_may = listed("2027-05-01T00:00:00Z");
  ASSERT_EQ(at_may.size(), 2u);
  for (const auto& [referral, version] : at_may) EXPECT_EQ(version, 2) << referral;
  for (const auto& c : Get([&](Queries& q) { return q.ListCommittees(north_.id, At("2027-04-01T00:00:00Z")); })) {
    const auto& referral = c.referral_id == first_.id ? first_ : second_;
    EXPECT_EQ(c.members, Committee(referral, c.version, "2027-01-01T00:00:00Z").members) << c.referral_id;
    EXPECT_EQ(c.program_id, north_.id);
  }
}

TEST_P(CommitteeConformanceTest, ErasingAPersonsPersonalityChangesOnlyTheirReservedKeysInEveryVersion) {
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertCommittee(Committee(first_, 1, "2027-02-01T00:00:00Z")));
    BB_RETURN_IF_ERROR(tx.InsertCommittee(Committee(first_, 2, "2027-03-01T00:00:00Z")));
    return tx.InsertCommittee(Committee(second_, 1, "2027-02-01T00:00:00Z"));
  }));
  std::int64_t changed = 0;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(changed, tx.ErasePersonality(first_.id, "rita@buyer.example"));
    return Ok();
  }));
  EXPECT_EQ(changed, 2);
  for (std::string_view at : {"2027-02-15T00:00:00Z", "2027-03-15T00:00:00Z"}) {
    auto read = Get([&](Queries& q) { return q.FindCommittee(first_.id, At(at)); });
    ASSERT_TRUE(read);
    auto expected = Committee(first_, read->version, "2027-01-01T00:00:00Z").members;
    expected[0].attributes.erase("disc_primary");
    expected[0].attributes.erase("disc_confidence");  // "champion" is not a reserved key: it stays
    EXPECT_EQ(read->members, expected) << at;
  }
  auto untouched = Get([&](Queries& q) { return q.FindCommittee(second_.id, At("2030-01-01T00:00:00Z")); });
  ASSERT_TRUE(untouched);
  EXPECT_EQ(untouched->members, Committee(second_, 1, "2027-01-01T00:00:00Z").members) << "another referral's";
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(changed, tx.ErasePersonality(first_.id, "rita@buyer.example"));
    return Ok();
  }));
  EXPECT_EQ(changed, 0) << "nothing left to erase";
}

INSTANTIATE_TEST_SUITE_P(Backends, CommitteeConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance
