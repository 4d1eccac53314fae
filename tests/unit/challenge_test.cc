// Challenges (domain/challenge.h): challenges refused field by field (steps by their index), the
// dates and the audience that open a challenge to an advocate, the limits per person and in all,
// claims of the steps staff approve (a review needs its URL, a custom step its text, a step done by
// events cannot be claimed), staff decisions and the moves they refuse, and steps that cannot
// change once someone completed one.

#include "domain/challenge.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace bb::domain {
namespace {

using namespace std::chrono_literals;

const Timestamp kNow = *ParseTimestamp("2027-01-10T12:00:00Z");

ChallengeInput Input() {
  ChallengeInput input;
  input.name = "  Spring push ";
  input.steps = std::vector<ChallengeStepInput>{{"write_review", 300, "", ""}, {"submit_referral", 100, "", ""}};
  return input;
}

Challenge Build(const ChallengeInput& input = Input()) {
  auto challenge = BuildChallenge(input, "chl_1", "prg_1", kNow);
  EXPECT_TRUE(challenge.ok()) << (challenge.ok() ? "" : challenge.error().message());
  return challenge.ok() ? *challenge : Challenge{};
}

std::vector<std::string> Fields(const Error& error) {
  std::vector<std::string> fields;
  for (const auto& f : error.fields()) fields.push_back(f.field);
  return fields;
}

TEST(ChallengeTest, BuiltWithDefaults) {
  Challenge c = Build();
  EXPECT_EQ(c.name, "Spring push");
  EXPECT_EQ(c.starts_at, kNow) << "open from its creation";
  EXPECT_EQ(c.ends_at, std::nullopt);
  EXPECT_EQ(c.per_member_limit, 1);
  EXPECT_EQ(c.total_limit, std::nullopt);
  ASSERT_EQ(c.steps.size(), 2u);
  EXPECT_EQ(c.steps[0].type, ChallengeStepType::kWriteReview);
  EXPECT_EQ(c.steps[0].points, 300);
  EXPECT_EQ(StepInWords(c.steps[0]), "Write a review");
  EXPECT_EQ(StepInWords(c.steps[1]), "Refer someone");
  EXPECT_EQ(StepInWords({ChallengeStepType::kShareLink, 50, "", "linkedin"}), "Share your link by LinkedIn");
  EXPECT_EQ(StepInWords({ChallengeStepType::kCustom, 50, "Post a photo of your team", ""}),
            "Post a photo of your team");
}

TEST(ChallengeTest, RefusedFieldByField) {
  ChallengeInput bad;
  bad.name = "";
  bad.steps = std::vector<ChallengeStepInput>{{"tweet", 10, "", ""},
                                              {"custom", std::nullopt, "", ""},
                                              {"submit_referral", 2'000'000, "", "linkedin"},
                                              {"share_link", -1, "", "myspace"}};
  bad.tags = std::vector<std::string>{"ok", "!!"};
  bad.per_member_limit = 0;
  bad.set_total_limit = true;
  bad.total_limit = 0;
  auto refused = BuildChallenge(bad, "chl_1", "prg_1", kNow);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(Fields(refused.error()),
            (std::vector<std::string>{"name", "steps[0].type", "steps[1].points", "steps[1].title", "steps[2].points",
                                      "steps[2].channel", "steps[3].points", "steps[3].channel", "tags[1]",
                                      "per_member_limit", "total_limit"}));
  EXPECT_EQ(Fields(BuildChallenge({}, "chl_1", "prg_1", kNow).error()), (std::vector<std::string>{"name", "steps"}));
  ChallengeInput no_steps = Input();
  no_steps.steps = std::vector<ChallengeStepInput>{};
  EXPECT_EQ(Fields(BuildChallenge(no_steps, "chl_1", "prg_1", kNow).error()), (std::vector<std::string>{"steps"}));

  ChallengeInput backwards = Input();
  backwards.starts_at = kNow + 24h;
  backwards.set_ends_at = true;
  backwards.ends_at = kNow + 1h;
  EXPECT_EQ(Fields(BuildChallenge(backwards, "chl_1", "prg_1", kNow).error()), (std::vector<std::string>{"ends_at"}));
}

TEST(ChallengeTest, OpenFromStartUntilEndToItsAudience) {
  ChallengeInput input = Input();
  input.starts_at = kNow;
  input.set_ends_at = true;
  input.ends_at = kNow + 24h;
  input.tags = std::vector<std::string>{"Partners", "vip", "vip"};
  Challenge c = Build(input);
  EXPECT_EQ(c.tags, (std::vector<std::string>{"partners", "vip"})) << "lower-case, once each";
  EXPECT_FALSE(OpenAt(c, kNow - 1us));
  EXPECT_TRUE(OpenAt(c, kNow));
  EXPECT_TRUE(OpenAt(c, kNow + 24h - 1us));
  EXPECT_FALSE(OpenAt(c, kNow + 24h)) << "[starts_at, ends_at)";
  EXPECT_TRUE(OfferedTo(c, {"customer", "vip"}));
  EXPECT_FALSE(OfferedTo(c, {"customer"}));
  EXPECT_FALSE(OfferedTo(c, {}));
  c.tags.clear();
  EXPECT_TRUE(OfferedTo(c, {})) << "no tags: everyone";

  EXPECT_EQ(WhyNotCompletable(c, {}, {}, kNow - 1s), "This challenge has not started yet.");
  EXPECT_EQ(WhyNotCompletable(c, {}, {}, kNow + 24h), "This challenge is over.");
  c.active = false;
  EXPECT_EQ(WhyNotCompletable(c, {}, {}, kNow), "This challenge is over.");
  EXPECT_FALSE(OpenAt(c, kNow)) << "retired";
}

TEST(ChallengeTest, LimitsPerPersonAndInAll) {
  ChallengeInput input = Input();
  input.per_member_limit = 2;
  input.set_total_limit = true;
  input.total_limit = 3;
  Challenge c = Build(input);
  EXPECT_EQ(WhyNotCompletable(c, {}, {1, 1}, kNow), "");
  EXPECT_EQ(WhyNotCompletable(c, {}, {2, 2}, kNow), "You have done this step as often as it counts.");
  EXPECT_EQ(WhyNotCompletable(c, {}, {0, 3}, kNow), "Everyone's places for this step are taken.");
  c.per_member_limit = 1;
  EXPECT_EQ(WhyNotCompletable(c, {}, {1, 1}, kNow), "You have done this step.");
  EXPECT_EQ(WhyNotCompletable(c, {}, {1, 1, 1}, kNow), "Your claim is waiting for the team.")
      << "the place is taken by a claim not yet decided";
}

TEST(ChallengeTest, ClaimsNeedWhatTheirStepAsksFor) {
  ChallengeInput input = Input();
  input.steps->push_back({"custom", 50, "Post a team photo", ""});
  input.steps->push_back({"attend_event", 200, "", ""});
  Challenge c = Build(input);
  EXPECT_EQ(Fields(Claim(c, 0, {}, "adv_1", "chc_1", kNow, false, "adv_1").error()), (std::vector<std::string>{"url"}));
  EXPECT_EQ(Fields(Claim(c, 0, {"ftp://x.example/r", ""}, "adv_1", "chc_1", kNow, false, "adv_1").error()),
            (std::vector<std::string>{"url"}));
  EXPECT_EQ(Fields(Claim(c, 1, {}, "adv_1", "chc_1", kNow, false, "adv_1").error()), (std::vector<std::string>{"step"}))
      << "a referral step is done by the referral, not claimed";
  EXPECT_EQ(Fields(Claim(c, 4, {}, "adv_1", "chc_1", kNow, false, "adv_1").error()),
            (std::vector<std::string>{"step"}));
  EXPECT_EQ(Fields(Claim(c, -1, {}, "adv_1", "chc_1", kNow, false, "adv_1").error()),
            (std::vector<std::string>{"step"}));
  EXPECT_EQ(Fields(Claim(c, 2, {"", "  "}, "adv_1", "chc_1", kNow, false, "adv_1").error()),
            (std::vector<std::string>{"text"}));
  EXPECT_EQ(Fields(Claim(c, 2, {"", std::string(1001, 'x')}, "adv_1", "chc_1", kNow, false, "adv_1").error()),
            (std::vector<std::string>{"text"}));

  auto review = Claim(c, 0, {" https://reviews.example/acme/42 ", "Loved it"}, "adv_1", "chc_1", kNow, false, "adv_1");
  ASSERT_TRUE(review.ok());
  EXPECT_EQ(review->status, CompletionStatus::kPending);
  EXPECT_EQ(review->url, "https://reviews.example/acme/42");
  EXPECT_EQ(review->points, 300) << "the step's points when it was claimed";
  EXPECT_EQ(review->decided_at, std::nullopt);

  auto recorded = Claim(c, 3, {}, "adv_1", "chc_2", kNow, true, "usr_staff");
  ASSERT_TRUE(recorded.ok()) << "an event needs no text";
  EXPECT_EQ(recorded->status, CompletionStatus::kApproved);
  EXPECT_EQ(recorded->decided_by, "usr_staff");
  EXPECT_EQ(recorded->decided_at, kNow);
}

TEST(ChallengeTest, StaffDecideOnlyPendingClaims) {
  Challenge c = Build();
  auto claim = Claim(c, 0, {"https://reviews.example/1", ""}, "adv_1", "chc_1", kNow, false, "adv_1");
  ASSERT_TRUE(claim.ok());
  ChallengeCompletion rejected = *claim;
  EXPECT_EQ(RejectCompletion(rejected, "  ", "usr_1", kNow).error().fields().at(0).field, "note");
  EXPECT_EQ(rejected.status, CompletionStatus::kPending) << "nothing changes on error";
  ASSERT_TRUE(RejectCompletion(rejected, " The link shows no review ", "usr_1", kNow).ok());
  EXPECT_EQ(rejected.note, "The link shows no review");
  EXPECT_EQ(ApproveCompletion(rejected, "usr_1", kNow).error().code(), ErrorCode::kConflict);

  ChallengeCompletion approved = *claim;
  ASSERT_TRUE(ApproveCompletion(approved, "usr_1", kNow + 1h).ok());
  EXPECT_EQ(approved.decided_at, kNow + 1h);
  EXPECT_EQ(ApproveCompletion(approved, "usr_1", kNow).error().code(), ErrorCode::kConflict) << "not twice";
  EXPECT_EQ(RejectCompletion(approved, "late", "usr_1", kNow).error().code(), ErrorCode::kConflict);

  EXPECT_TRUE(CountsTowardLimits(CompletionStatus::kPending));
  EXPECT_TRUE(CountsTowardLimits(CompletionStatus::kApproved));
  EXPECT_FALSE(CountsTowardLimits(CompletionStatus::kRejected));
  EXPECT_FALSE(CountsTowardLimits(CompletionStatus::kReversed));
}

TEST(ChallengeTest, StepsStayOnceSomeoneCompletedOne) {
  Challenge c = Build();
  ChallengeInput more_points;
  more_points.steps = std::vector<ChallengeStepInput>{{"write_review", 500, "", ""}};
  Challenge before = c;
  auto refused = ApplyChallengeChanges(c, more_points, true, kNow + 1h);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(c, before);

  ChallengeInput same_steps;
  same_steps.steps = std::vector<ChallengeStepInput>{{"write_review", 300, "", ""}, {"submit_referral", 100, "", ""}};
  same_steps.name = "Spring push 2027";
  auto renamed = ApplyChallengeChanges(c, same_steps, true, kNow + 1h);
  ASSERT_TRUE(renamed.ok()) << "the same steps sent again change nothing that was counted";
  EXPECT_TRUE(*renamed);
  EXPECT_EQ(c.updated_at, kNow + 1h);
  EXPECT_FALSE(*ApplyChallengeChanges(c, same_steps, true, kNow + 2h)) << "a change that changes nothing";

  ChallengeInput retitled;
  retitled.steps =
      std::vector<ChallengeStepInput>{{"write_review", 300, "Review us on G2", ""}, {"submit_referral", 100, "", ""}};
  auto words = ApplyChallengeChanges(c, retitled, true, kNow + 2h);
  ASSERT_TRUE(words.ok()) << "the words may change: they count nothing";
  EXPECT_EQ(StepInWords(c.steps[0]), "Review us on G2");
  ChallengeInput dropped;
  dropped.steps = std::vector<ChallengeStepInput>{{"write_review", 300, "Review us on G2", ""}};
  EXPECT_EQ(ApplyChallengeChanges(c, dropped, true, kNow + 2h).error().code(), ErrorCode::kConflict)
      << "a step removed";
  ChallengeInput rechanneled;
  rechanneled.steps = std::vector<ChallengeStepInput>{{"write_review", 300, "", ""}, {"share_link", 100, "", ""}};
  EXPECT_EQ(ApplyChallengeChanges(c, rechanneled, true, kNow + 2h).error().code(), ErrorCode::kConflict)
      << "a step's type changed";

  ASSERT_TRUE(ApplyChallengeChanges(c, more_points, false, kNow + 3h).ok()) << "before anyone did a step: free";
  EXPECT_EQ(c.steps.size(), 1u);

  ChallengeInput ends_before_start;
  ends_before_start.set_ends_at = true;
  ends_before_start.ends_at = c.starts_at;
  EXPECT_EQ(Fields(ApplyChallengeChanges(c, ends_before_start, false, kNow).error()),
            (std::vector<std::string>{"ends_at"}));
}

}  // namespace
}  // namespace bb::domain
