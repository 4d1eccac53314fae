// Lifecycle stages (store/lifecycle.h) on every backend: settings round-trip and are replaced; a
// move is logged once per key, and the person's stage follows the last move; the program's moves
// are read by person and time up to an instant; a stage counts as reached when a move passed it.

#include "common/time_format.h"
#include "conformance.h"
#include "domain/lifecycle.h"

namespace bb::store::conformance {
namespace {

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

class LifecycleConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    north_ = MakeProgram("north");
    south_ = MakeProgram("south");
    ASSERT_OK(Write([&](Tx& tx) -> Status {
      BB_RETURN_IF_ERROR(tx.InsertProgram(north_));
      return tx.InsertProgram(south_);
    }));
  }

  domain::LifecycleMove Move(const std::string& id, const domain::Program& program, const std::string& contact,
                             std::string from, std::string to, std::vector<std::string> reached, std::string_view at) {
    domain::LifecycleMove m;
    m.id = id;
    m.program_id = program.id;
    m.contact = contact;
    m.email = contact;
    m.from = std::move(from);
    m.to = std::move(to);
    m.reached = std::move(reached);
    m.at = At(at);
    m.key = "move:" + id;
    return m;
  }

  domain::Program north_, south_;
};

TEST_P(LifecycleConformanceTest, SettingsRoundTripAndAreReplaced) {
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindLifecycleSettings(north_.id); }));
  auto settings = domain::DefaultLifecycleSettings(north_.id);
  settings.stages.push_back({"renewal", "Renouvellement \"annuel\" ✓", 70});
  settings.on_enrolled = "";
  settings.lose_on_referral_closed = false;
  settings.updated_at = At("2027-01-02T00:00:00Z");
  settings.updated_by = "usr_1";
  ASSERT_OK(Write([&](Tx& tx) { return tx.PutLifecycleSettings(settings); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindLifecycleSettings(north_.id); }), settings);
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindLifecycleSettings(south_.id); })) << "each program its own";
  settings.stages.resize(2);
  settings.lose_on_referral_closed = true;
  ASSERT_OK(Write([&](Tx& tx) { return tx.PutLifecycleSettings(settings); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindLifecycleSettings(north_.id); }), settings) << "replaced in place";
}

TEST_P(LifecycleConformanceTest, MovesAreLoggedOncePerKeyAndThePersonFollowsTheLast) {
  auto first = Move("lcm_1", north_, "ada@x.example", "", "consideration", {"awareness", "consideration"},
                    "2027-03-01T00:00:00Z");
  first.reason = "referral ref_1 submitted";
  first.key = "referral:ref_1:submitted";
  auto won =
      Move("lcm_2", north_, "ada@x.example", "consideration", "conversion", {"conversion"}, "2027-03-05T00:00:00Z");
  won.source = domain::LifecycleSource::kStaff;
  won.actor_id = "usr_1";
  won.email = "Ada@X.example";
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertLifecycleMove(first));
    return tx.InsertLifecycleMove(won);
  }));
  auto again = first;
  again.id = "lcm_3";
  Status twice = Write([&](Tx& tx) { return tx.InsertLifecycleMove(again); });
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(twice.error().fields().at(0).field, "key");
  auto elsewhere = again;
  elsewhere.program_id = south_.id;
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertLifecycleMove(elsewhere); }));  // a key is per program

  EXPECT_EQ(Get([&](Queries& q) { return q.ListLifecycleMovesOf(north_.id, "ada@x.example"); }),
            (std::vector<domain::LifecycleMove>{first, won}));
  auto ada = Get([&](Queries& q) { return q.FindLifecycleContact(north_.id, "ada@x.example"); });
  ASSERT_TRUE(ada);
  EXPECT_EQ(ada->stage, "conversion");
  EXPECT_EQ(ada->email, "Ada@X.example") << "as last written";
  EXPECT_EQ(ada->entered_at, At("2027-03-05T00:00:00Z"));
  EXPECT_EQ(ada->first_seen_at, At("2027-03-01T00:00:00Z"));
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindLifecycleContact(north_.id, "bob@x.example"); }));
}

TEST_P(LifecycleConformanceTest, TheProgramsMovesAreReadByPersonAndTimeUpToAnInstant) {
  auto bob = Move("lcm_1", north_, "bob@x.example", "", "awareness", {"awareness"}, "2027-03-02T00:00:00Z");
  auto ada1 = Move("lcm_2", north_, "ada@x.example", "", "consideration", {"awareness", "consideration"},
                   "2027-03-03T00:00:00Z");
  auto ada0 = Move("lcm_3", north_, "ada@x.example", "", "awareness", {"awareness"}, "2027-03-01T00:00:00Z");
  auto late = Move("lcm_4", north_, "ada@x.example", "consideration", "lost", {"lost"}, "2027-04-01T00:00:00Z");
  auto other = Move("lcm_5", south_, "ada@x.example", "", "value", {"awareness", "value"}, "2027-03-01T00:00:00Z");
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (const auto* m : {&bob, &ada1, &ada0, &late, &other}) BB_RETURN_IF_ERROR(tx.InsertLifecycleMove(*m));
    return Ok();
  }));
  EXPECT_EQ(Get([&](Queries& q) { return q.ListLifecycleMoves(north_.id, At("2027-03-31T00:00:00Z")); }),
            (std::vector<domain::LifecycleMove>{ada0, ada1, bob}));
  EXPECT_EQ(Get([&](Queries& q) { return q.ListLifecycleMoves(north_.id, At("2027-04-01T00:00:00Z")); }).size(), 4u)
      << "a move at the instant is in";
  EXPECT_TRUE(Get([&](Queries& q) { return q.LifecycleStageReached(north_.id, "consideration"); }));
  EXPECT_TRUE(Get([&](Queries& q) { return q.LifecycleStageReached(north_.id, "lost"); }));
  EXPECT_FALSE(Get([&](Queries& q) { return q.LifecycleStageReached(north_.id, "value"); })) << "south's only";
  EXPECT_FALSE(Get([&](Queries& q) { return q.LifecycleStageReached(north_.id, "aware"); })) << "whole keys only";
  EXPECT_TRUE(Get([&](Queries& q) { return q.LifecycleStageReached(south_.id, "awareness"); })) << "passed on the way";
}

INSTANTIATE_TEST_SUITE_P(Backends, LifecycleConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance
