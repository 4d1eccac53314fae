// Challenges (store/challenges.h) on every backend: challenges come back whole (steps, tags, no end
// and no total limit as none), newest first, retired ones only when asked, open ones by their dates
// (start included, end excluded), share challenges across programs; completions come back whole,
// a referral completes a step once (its ref is unique per challenge and step, not across steps),
// the limits count pending and approved ones per advocate and in all, lists filter by program,
// challenge, advocate, status and the enrolling staff member, a referral's rejection marks its
// approved completions reversed; and the share cursor is kept.

#include "common/time_format.h"
#include "conformance.h"
#include "domain/ids.h"

namespace bb::store::conformance {
namespace {

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

class ChallengeConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped()) return;
    program_ = MakeProgram("north");
    ada_ = MakeAdvocate(program_, MakePerson("ada"));
    bob_ = MakeAdvocate(program_, MakePerson("bob"));
    bob_.enrolled_by = "usr_rep";
    ASSERT_OK(InsertProgramWithAdvocates(program_, {ada_, bob_}));
  }

  domain::Challenge Make(const char* name, const char* created, std::optional<Timestamp> ends = std::nullopt,
                         bool share = false) {
    domain::Challenge c;
    c.id = NewId(domain::kChallengePrefix, At(created));
    c.program_id = program_.id;
    c.name = name;
    c.description = "Say \"hello\" — ✓";
    c.steps = {{domain::ChallengeStepType::kWriteReview, 300, "", ""},
               {domain::ChallengeStepType::kSubmitReferral, 100, "Refer a colleague", ""}};
    if (share) c.steps.push_back({domain::ChallengeStepType::kShareLink, 50, "", "linkedin"});
    c.starts_at = At("2027-02-01T00:00:00Z");
    c.ends_at = ends;
    c.tags = {"partners", "vip"};
    c.per_member_limit = 2;
    c.total_limit = share ? std::nullopt : std::optional<std::int64_t>(10);
    c.created_at = c.updated_at = At(created);
    EXPECT_TRUE(Write([&](Tx& tx) { return tx.InsertChallenge(c); }).ok());
    return c;
  }

  domain::ChallengeCompletion Done(const domain::Challenge& c, std::int64_t step, const domain::Advocate& who,
                                   domain::CompletionStatus status, std::string ref, const char* at) {
    domain::ChallengeCompletion d;
    d.id = NewId(domain::kChallengeCompletionPrefix, At(at));
    d.program_id = program_.id;
    d.challenge_id = c.id;
    d.step = step;
    d.advocate_id = who.id;
    d.status = status;
    d.ref = std::move(ref);
    d.url = "https://reviews.example/1";
    d.text = "Line one\nline two";
    d.points = 300;
    d.created_at = At(at);
    if (status != domain::CompletionStatus::kPending) {
      d.decided_at = At(at);
      d.decided_by = "system";
    }
    EXPECT_TRUE(Write([&](Tx& tx) { return tx.InsertCompletion(d); }).ok());
    return d;
  }

  std::int64_t Live(const domain::Challenge& c, std::int64_t step, std::string_view advocate) {
    return Get([&](Queries& q) { return q.CountLiveCompletions(c.id, step, advocate); });
  }

  domain::Program program_;
  domain::Advocate ada_, bob_;
};

TEST_P(ChallengeConformanceTest, ChallengesRoundTripAndOpenByTheirDates) {
  auto spring = Make("Spring", "2027-01-01T00:00:00Z", At("2027-03-01T00:00:00Z"));
  auto always = Make("Always", "2027-01-02T00:00:00Z", std::nullopt, true);
  auto retired = Make("Retired", "2027-01-03T00:00:00Z");
  retired.active = false;
  retired.updated_at = At("2027-01-04T00:00:00Z");
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateChallenge(retired); }));

  EXPECT_EQ(Get([&](Queries& q) { return q.FindChallenge(spring.id); }), spring);
  EXPECT_EQ(Get([&](Queries& q) { return q.FindChallenge(always.id); }), always) << "no end, no total: none";
  EXPECT_EQ(Get([&](Queries& q) { return q.FindChallenge(retired.id); }), retired);
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListChallenges(program_.id, false); })),
            (std::vector<std::string>{always.id, spring.id}));
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListChallenges(program_.id, true); })),
            (std::vector<std::string>{retired.id, always.id, spring.id}));

  auto open_at = [&](const char* at) {
    return Ids(Get([&](Queries& q) { return q.ListOpenChallenges(program_.id, At(at)); }));
  };
  EXPECT_EQ(open_at("2027-01-31T23:59:59Z"), std::vector<std::string>{});
  EXPECT_EQ(open_at("2027-02-01T00:00:00Z"), (std::vector<std::string>{spring.id, always.id}));
  EXPECT_EQ(open_at("2027-03-01T00:00:00Z"), (std::vector<std::string>{always.id})) << "the end is excluded";
  auto share = Make("Share", "2027-01-04T00:00:00Z", At("2027-02-05T00:00:00Z"), true);
  auto to_sweep = [&](const char* at, const char* ended_after) {
    return Ids(Get([&](Queries& q) { return q.ListShareChallengesToSweep(At(at), At(ended_after)); }));
  };
  EXPECT_EQ(to_sweep("2027-01-31T00:00:00Z", "2027-01-24T00:00:00Z"), std::vector<std::string>{}) << "not started";
  EXPECT_EQ(to_sweep("2027-02-10T00:00:00Z", "2027-02-03T00:00:00Z"), (std::vector<std::string>{always.id, share.id}))
      << "ended, but its clicks are still read for a while";
  EXPECT_EQ(to_sweep("2027-02-13T00:00:00Z", "2027-02-06T00:00:00Z"), (std::vector<std::string>{always.id}));

  spring.steps = {{domain::ChallengeStepType::kCustom, 10, "Post a photo", ""}};
  spring.tags = {};
  spring.ends_at = std::nullopt;
  spring.total_limit = std::nullopt;
  spring.updated_at = At("2027-01-05T00:00:00Z");
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateChallenge(spring); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindChallenge(spring.id); }), spring);
}

TEST_P(ChallengeConformanceTest, CompletionsCountOncePerRefAndTowardTheLimits) {
  auto c = Make("Spring", "2027-01-01T00:00:00Z");
  EXPECT_FALSE(Get([&](Queries& q) { return q.ChallengeHasCompletions(c.id); }));
  Done(c, 0, bob_, domain::CompletionStatus::kRejected, "", "2027-02-01T00:00:00Z");
  EXPECT_FALSE(Get([&](Queries& q) { return q.ChallengeHasCompletions(c.id); })) << "a rejected claim counted nothing";
  auto a1 = Done(c, 1, ada_, domain::CompletionStatus::kApproved, "ref_1", "2027-02-02T00:00:00Z");
  EXPECT_EQ(Get([&](Queries& q) { return q.FindCompletion(a1.id); }), a1);
  EXPECT_TRUE(Get([&](Queries& q) { return q.ChallengeHasCompletions(c.id); }));

  domain::ChallengeCompletion again = a1;
  again.id = NewId(domain::kChallengeCompletionPrefix, At("2027-02-03T00:00:00Z"));
  Status refused = Write([&](Tx& tx) { return tx.InsertCompletion(again); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(refused.error().fields().at(0).field, "ref");
  Done(c, 0, ada_, domain::CompletionStatus::kApproved, "ref_1", "2027-02-03T00:00:00Z");  // another step: its own
  auto p1 = Done(c, 0, ada_, domain::CompletionStatus::kPending, "", "2027-02-04T00:00:00Z");
  Done(c, 0, ada_, domain::CompletionStatus::kPending, "", "2027-02-05T00:00:00Z");  // claims have no ref
  Done(c, 0, ada_, domain::CompletionStatus::kRejected, "", "2027-02-06T00:00:00Z");
  Done(c, 0, bob_, domain::CompletionStatus::kReversed, "ref_2", "2027-02-07T00:00:00Z");
  auto b2 = Done(c, 0, bob_, domain::CompletionStatus::kPending, "", "2027-02-08T00:00:00Z");

  EXPECT_EQ(Live(c, 0, ada_.id), 3) << "approved and pending; not rejected";
  EXPECT_EQ(Live(c, 0, bob_.id), 1) << "not reversed";
  EXPECT_EQ(Live(c, 0, ""), 4);
  EXPECT_EQ(Live(c, 1, ""), 1);

  store::CompletionQuery pending{.program_id = program_.id, .status = domain::CompletionStatus::kPending};
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListCompletions(pending); })).size(), 3u);
  store::CompletionQuery reps{.program_id = program_.id, .enrolled_by = "usr_rep"};
  EXPECT_EQ(Get([&](Queries& q) { return q.ListCompletions(reps); }).size(), 3u) << "bob's only";
  store::CompletionQuery page{.challenge_id = c.id, .advocate_id = ada_.id, .before_id = p1.id, .limit = 2};
  auto older = Get([&](Queries& q) { return q.ListCompletions(page); });
  ASSERT_EQ(older.size(), 2u) << "newest first, before the cursor";
  EXPECT_LT(older[1].id, older[0].id);
  EXPECT_LT(older[0].id, p1.id);

  b2.status = domain::CompletionStatus::kRejected;
  b2.note = "No review at that address";
  b2.decided_at = At("2027-02-09T00:00:00Z");
  b2.decided_by = "usr_1";
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateCompletion(b2); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindCompletion(b2.id); }), b2);
}

TEST_P(ChallengeConformanceTest, ARejectedReferralReversesItsApprovedCompletions) {
  auto c = Make("Spring", "2027-01-01T00:00:00Z");
  auto a1 = Done(c, 1, ada_, domain::CompletionStatus::kApproved, "ref_1", "2027-02-02T00:00:00Z");
  auto other = Done(c, 1, ada_, domain::CompletionStatus::kApproved, "ref_2", "2027-02-02T00:00:00Z");
  std::int64_t count = 0;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(count, tx.ReverseCompletionsOfRef(program_.id, "ref_1", At("2027-02-10T00:00:00Z")));
    return Ok();
  }));
  EXPECT_EQ(count, 1);
  auto after = Get([&](Queries& q) { return q.FindCompletion(a1.id); });
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, domain::CompletionStatus::kReversed);
  EXPECT_EQ(after->decided_at, At("2027-02-10T00:00:00Z"));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindCompletion(other.id); })->status, domain::CompletionStatus::kApproved);
  EXPECT_EQ(Live(c, 1, ada_.id), 1);
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(count, tx.ReverseCompletionsOfRef(program_.id, "ref_1", At("2027-02-11T00:00:00Z")));
    return Ok();
  }));
  EXPECT_EQ(count, 0) << "once";
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(count, tx.ReverseCompletionsOfRef(program_.id, "", At("2027-02-11T00:00:00Z")));
    return Ok();
  }));
  EXPECT_EQ(count, 0) << "claims (no ref) are never reversed by a referral";
}

TEST_P(ChallengeConformanceTest, TheShareCursorIsKept) {
  auto c = Make("Share", "2027-01-01T00:00:00Z", std::nullopt, true);
  EXPECT_EQ(Get([&](Queries& q) { return q.FindShareCursor(c.id); }), std::nullopt);
  ClickPosition at{At("2027-02-03T04:05:06.789012Z"), 42};
  ASSERT_OK(Write([&](Tx& tx) { return tx.SetShareCursor(c.id, at); }));
  auto kept = Get([&](Queries& q) { return q.FindShareCursor(c.id); });
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->occurred_at, at.occurred_at);
  EXPECT_EQ(kept->id, 42);
}

INSTANTIATE_TEST_SUITE_P(Backends, ChallengeConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance
