// NPS (domain/nps.h) on the research file's acceptance vectors (intelligence.md §4.5): the score of
// known answer sets and the referral rate by class within 90 days of answering; and an answer as it
// is recorded.

#include "domain/nps.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace bb::domain {
namespace {

Timestamp At(const char* text) { return *ParseTimestamp(text); }

std::vector<int> Answers(int promoters, int passives, int detractors) {
  std::vector<int> scores;
  scores.insert(scores.end(), promoters, 10);
  scores.insert(scores.end(), passives, 7);
  scores.insert(scores.end(), detractors, 0);
  return scores;
}

TEST(NpsTest, AnAnswerAsRecorded) {
  NpsResponseInput input;
  input.email = "  Grace.Hopper@Navy.example ";
  input.score = 9;
  input.comment = " Fast support.\nWould recommend. ";
  auto r = BuildNpsResponse("nps_1", "prg_1", input, "usr_1", At("2026-03-01T00:00:00Z"));
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->email, "Grace.Hopper@Navy.example");
  EXPECT_EQ(r->person_key, "grace.hopper@navy.example");
  EXPECT_EQ(r->comment, "Fast support.\nWould recommend.");
  EXPECT_EQ(r->answered_at, At("2026-03-01T00:00:00Z")) << "now, unless it says when";
  EXPECT_EQ(r->source, "api");

  auto fields = [](const Result<NpsResponse>& refused) {
    std::vector<std::string> names;
    for (const auto& f : refused.error().fields()) names.push_back(f.field);
    return names;
  };
  NpsResponseInput bad;
  bad.email = "not an address";
  bad.score = 11;
  bad.comment = std::string(2001, 'x');
  bad.answered_at = At("2026-03-01T00:05:00.000001Z");
  auto refused = BuildNpsResponse("nps_1", "prg_1", bad, "usr_1", At("2026-03-01T00:00:00Z"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(fields(refused), (std::vector<std::string>{"email", "score", "comment", "answered_at"}));
  auto missing = BuildNpsResponse("nps_1", "prg_1", NpsResponseInput{}, "usr_1", At("2026-03-01T00:00:00Z"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(fields(missing), (std::vector<std::string>{"email", "score"}));
  input.answered_at = At("2026-03-01T00:05:00Z");
  auto ahead = BuildNpsResponse("nps_1", "prg_1", input, "usr_1", At("2026-03-01T00:00:00Z"));
  ASSERT_TRUE(ahead.ok()) << "a survey tool's clock five minutes ahead";
  EXPECT_EQ(ahead->answered_at, At("2026-03-01T00:00:00Z")) << "taken as answered now";
  input.score = -1;
  input.answered_at = At("2016-02-28T00:00:00Z");
  EXPECT_EQ(fields(BuildNpsResponse("nps_1", "prg_1", input, "usr_1", At("2026-03-01T00:00:00Z"))),
            (std::vector<std::string>{"score", "answered_at"}))
      << "more than ten years before";
}

TEST(NpsTest, ClassesAtTheirEdges) {
  EXPECT_EQ(ClassOfScore(0), NpsClass::kDetractor);
  EXPECT_EQ(ClassOfScore(6), NpsClass::kDetractor);
  EXPECT_EQ(ClassOfScore(7), NpsClass::kPassive);
  EXPECT_EQ(ClassOfScore(8), NpsClass::kPassive);
  EXPECT_EQ(ClassOfScore(9), NpsClass::kPromoter);
  EXPECT_EQ(ClassOfScore(10), NpsClass::kPromoter);
  EXPECT_EQ(CheckNpsScore(0), "");
  EXPECT_EQ(CheckNpsScore(10), "");
  EXPECT_NE(CheckNpsScore(11), "");
  EXPECT_NE(CheckNpsScore(-1), "");
}

TEST(NpsTest, TheScoreOfKnownAnswerSets) {
  EXPECT_EQ(ScoreOf(Answers(10, 6, 4)), (NpsFigures{20, 10, 6, 4, 30})) << "§4.5.1: 50% − 20%";
  EXPECT_EQ(ScoreOf(Answers(30, 50, 20)).nps, 10) << "§4.5.1: 30% − 20%";
  EXPECT_EQ(ScoreOf(Answers(0, 0, 3)).nps, -100);
  EXPECT_EQ(ScoreOf(Answers(3, 0, 0)).nps, 100);
  EXPECT_EQ(ScoreOf(Answers(1, 1, 0)).nps, 50);
  EXPECT_EQ(ScoreOf(Answers(1, 5, 0)).nps, 17) << "16.67 rounds up";
  EXPECT_EQ(ScoreOf(Answers(0, 7, 1)).nps, -13) << "−12.5 rounds away from zero";
  EXPECT_EQ(ScoreOf(std::vector<int>{}), NpsFigures{}) << "no answers, no score";
}

TEST(NpsTest, ReferralRateByClassWithinNinetyDays) {
  // §4.5.3: 10 promoters, 4 of whom refer within 90 days (one twice) and 1 more only on day 91;
  // 6 passives, 1 of whom refers; 4 detractors, none.
  Timestamp answered = At("2026-01-10T12:00:00Z");
  std::vector<Respondent> respondents;
  for (int i = 0; i < 10; ++i) {
    Respondent r{10, answered, {}};
    if (i < 4) r.referrals.push_back({answered + std::chrono::days(90)});  // the window's last instant
    if (i == 0) r.referrals.push_back({answered + std::chrono::hours(1)});
    if (i == 4) r.referrals.push_back({answered + std::chrono::days(90) + std::chrono::microseconds(1)});
    if (i == 5) r.referrals.push_back({answered});  // before answering, at the same instant: not after it
    respondents.push_back(r);
  }
  for (int i = 0; i < 6; ++i) {
    respondents.push_back({7, answered,
                           i == 0 ? std::vector<RespondentReferral>{{answered + std::chrono::days(3)}}
                                  : std::vector<RespondentReferral>{}});
  }
  for (int i = 0; i < 4; ++i) respondents.push_back({0, answered, {}});

  EXPECT_EQ(ScoreOf(respondents), (NpsFigures{20, 10, 6, 4, 30}));
  auto classes = ReferralsByClass(respondents, 90).value();
  ASSERT_EQ(classes.size(), 3u);
  EXPECT_EQ(classes[0], (ClassReferrals{NpsClass::kPromoter, 10, 4, 5, 4'000, 500, 0, 0, 0, 0}))
      << "40%, 0.5 a promoter";
  EXPECT_EQ(classes[1], (ClassReferrals{NpsClass::kPassive, 6, 1, 1, 1'667, 167, 0, 0, 0, 0})) << "16.67%";
  EXPECT_EQ(classes[2], (ClassReferrals{NpsClass::kDetractor, 4, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(ReferralsByClass({}, 90).value()[0],
            (ClassReferrals{NpsClass::kPromoter, 0, 0, 0, std::nullopt, std::nullopt, 0, 0, 0, std::nullopt}))
      << "no respondents, no rate";
}

TEST(NpsTest, ReferredRevenueByClassCountsTheWonDealsOfTheWindowInTheProgramsCurrency) {
  const Timestamp answered = At("2026-01-10T12:00:00Z");
  const auto in = [&](int days) { return answered + std::chrono::days(days); };
  std::vector<Respondent> respondents = {
      {10, answered, {{in(1), true, 250'000}, {in(2), true, 100'000, false}, {in(3)}}},  // a euro deal, an open one
      {9, answered, {{in(91), true, 999'999}}},                                          // won, but past the window
      {9, answered, {}},
      {8, answered, {{in(5), true, 0}}},  // won without a value
      {2, answered, {{in(5), true, 40'000}}},
  };
  auto classes = ReferralsByClass(respondents, 90).value();
  EXPECT_EQ(classes[0].won, 2);
  EXPECT_EQ(classes[0].won_other_currency, 1);
  EXPECT_EQ(classes[0].revenue_minor, 250'000) << "the euro deal is counted apart, never added";
  EXPECT_EQ(classes[0].revenue_per_respondent_minor, 83'333) << "250,000 ÷ 3, rounded";
  EXPECT_EQ(classes[1].won, 1);
  EXPECT_EQ(classes[1].revenue_minor, 0);
  EXPECT_EQ(classes[2].revenue_minor, 40'000);
  EXPECT_EQ(classes[2].revenue_per_respondent_minor, 40'000);

  // More than a 64-bit figure holds is refused by name, not wrapped.
  std::vector<Respondent> huge(1, Respondent{10, answered, {}});
  for (int i = 0; i < 10'000; ++i) huge[0].referrals.push_back({in(1), true, 1'000'000'000'000'000});
  auto refused = ReferralsByClass(huge, 90);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(refused.error().fields().at(0).field, "classes.promoter.revenue_minor");
}

}  // namespace
}  // namespace bb::domain
