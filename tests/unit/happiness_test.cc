// Happiness ratings (domain/happiness.h): the research file's vectors (§6.3: Hively's points for
// two reps and their team, Help Scout's 41 / 34 / 35), response rates, a rater changing their mind,
// the fields refused by name, and which earlier ratings a new one repeats (a resent email rated
// again; the same person within a day without a comment).

#include "domain/happiness.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace bb::domain {
namespace {

using namespace std::chrono_literals;

const Timestamp kNow = *ParseTimestamp("2027-01-10T12:00:00Z");

TEST(HappinessTest, HivelyPointsForTwoRepsAndTheirTeam) {
  HappinessFigures a = FiguresOf({.happy = 3, .ok = 2, .unhappy = 1});
  EXPECT_EQ(a.points, 2);
  EXPECT_EQ(a.score_bp, 3333) << "(3 - 1) / 6 = 33.33%";
  HappinessFigures b = FiguresOf({.happy = 5, .ok = 2, .unhappy = 2, .wow = 2});
  EXPECT_EQ(b.points, 5);
  HappinessFigures team = FiguresOf({.happy = 8, .ok = 4, .unhappy = 3, .wow = 2});
  EXPECT_EQ(team.points, 7);
  EXPECT_EQ(team.points, a.points + b.points);
}

TEST(HappinessTest, HelpScoutVector) {
  HappinessFigures f = FiguresOf({.happy = 41, .ok = 34, .unhappy = 35, .requests = 220, .rated = 110});
  EXPECT_EQ(f.total, 110);
  EXPECT_EQ(f.pct_happy_bp, 3727);
  EXPECT_EQ(f.pct_ok_bp, 3091);
  EXPECT_EQ(f.pct_unhappy_bp, 3182);
  EXPECT_EQ(f.score_bp, 545) << "from the counts: (41 - 35) / 110 = 5.45%";
  EXPECT_EQ(f.response_rate_bp, 5000);
}

TEST(HappinessTest, NothingToShareWithoutRatingsOrRequests) {
  HappinessFigures none = FiguresOf({});
  EXPECT_EQ(none.pct_happy_bp, std::nullopt);
  EXPECT_EQ(none.score_bp, std::nullopt);
  EXPECT_EQ(none.response_rate_bp, std::nullopt);
  EXPECT_EQ(FiguresOf({.unhappy = 3}).score_bp, -10'000);
  EXPECT_EQ(FiguresOf({.happy = 1, .ok = 1, .unhappy = 1}).pct_happy_bp, 3333);
  EXPECT_EQ(FiguresOf({.happy = 2, .ok = 1}).pct_happy_bp, 6667) << "half away from zero";
  EXPECT_EQ(FiguresOf({.happy = 1, .unhappy = 2}).score_bp, -3333);
}

TEST(HappinessTest, ARaterChangesTheirMindOnOneRating) {
  Rating rating;
  EXPECT_EQ(ApplyRating(rating, {}, true, kNow).error().fields().at(0).field, "value");
  ASSERT_TRUE(ApplyRating(rating, {.value = "unhappy"}, true, kNow).ok());
  EXPECT_EQ(rating.value, RatingValue::kUnhappy);
  EXPECT_EQ(rating.created_at, kNow);
  auto changed =
      ApplyRating(rating, {.value = "happy", .comment = "  Quick and kind ", .wow = true}, false, kNow + 1min);
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(*changed);
  EXPECT_EQ(rating.value, RatingValue::kHappy);
  EXPECT_EQ(rating.comment, "Quick and kind");
  EXPECT_TRUE(rating.wow);
  EXPECT_EQ(rating.created_at, kNow) << "when it was first given";
  EXPECT_EQ(rating.updated_at, kNow + 1min);
  EXPECT_FALSE(*ApplyRating(rating, {.value = "happy"}, false, kNow + 2min)) << "the same again changes nothing";
  ASSERT_TRUE(ApplyRating(rating, {.value = "ok"}, false, kNow + 3min).ok());
  EXPECT_FALSE(rating.wow) << "a wow goes only with happy";

  Rating bad;
  auto refused = ApplyRating(bad, {.value = "meh", .comment = std::string(1001, 'x'), .wow = true}, true, kNow);
  ASSERT_FALSE(refused.ok());
  std::vector<std::string> fields;
  for (const auto& f : refused.error().fields()) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"value", "comment"}));
  EXPECT_EQ(ApplyRating(bad, {.value = "ok", .wow = true}, true, kNow).error().fields().at(0).field, "wow");
}

Rating Given(std::string id, std::string request, std::string interaction_id, std::string recipient, Timestamp at,
             std::string comment = "") {
  Rating r;
  r.id = std::move(id);
  r.request_id = std::move(request);
  r.interaction = Interaction::kEmail;
  r.interaction_id = std::move(interaction_id);
  r.rated_user_id = "usr_rep";
  r.recipient = std::move(recipient);
  r.comment = std::move(comment);
  r.created_at = r.updated_at = at;
  return r;
}

TEST(HappinessTest, ALaterRatingRepeatsAResentEmailsAndTheSamePersonsWithinADay) {
  // Rule (b): the same interaction and rated party, days apart (the email was resent).
  Rating first = Given("rat_1", "rrq_1", "msg_1", "advocate:adv_1", kNow, "Slow");
  Rating resent = Given("rat_2", "rrq_2", "msg_1", "advocate:adv_1", kNow + 72h);
  EXPECT_EQ(RepeatedBy(resent, {first}), std::vector<std::string>{"rat_1"});
  // Rule (c): the same person and rated party within 24 hours, the earlier without a comment.
  Rating quick = Given("rat_3", "rrq_3", "msg_2", "advocate:adv_1", kNow);
  Rating again = Given("rat_4", "rrq_4", "msg_3", "advocate:adv_1", kNow + 23h);
  EXPECT_EQ(RepeatedBy(again, {quick}), std::vector<std::string>{"rat_3"});
  EXPECT_EQ(RepeatedBy(Given("rat_5", "rrq_5", "msg_3", "advocate:adv_1", kNow + 24h), {quick}),
            std::vector<std::string>{})
      << "a day later it is a new opinion";
  EXPECT_EQ(RepeatedBy(again, {first}), std::vector<std::string>{}) << "an earlier rating with a comment stays";
  Rating other_person = Given("rat_6", "rrq_6", "msg_3", "advocate:adv_2", kNow + 1h);
  EXPECT_EQ(RepeatedBy(other_person, {quick}), std::vector<std::string>{});
  Rating other_rep = quick;
  other_rep.rated_user_id = "usr_other";
  EXPECT_EQ(RepeatedBy(again, {other_rep}), std::vector<std::string>{}) << "another rated party";
  Rating gone = quick;
  gone.superseded_by = "rat_x";
  EXPECT_EQ(RepeatedBy(again, {gone}), std::vector<std::string>{}) << "only live ratings";
}

}  // namespace
}  // namespace bb::domain
