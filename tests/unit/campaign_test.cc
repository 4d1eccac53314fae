// Campaigns' pure rules (domain/campaign.h) for NPS surveys: the throttle window's boundary (the
// research file's check: day 89 23:59:59 throttled, day 90 00:00:00 sent) and the survey's
// throttle_days checked by name.

#include "domain/campaign.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace bb::domain {
namespace {

Timestamp At(const char* text) { return *ParseTimestamp(text); }

TEST(CampaignTest, ASurveyWaitsTheWholeThrottleWindowCountedFromTheLastSending) {
  const Timestamp sent = At("2026-01-01T00:00:00Z");
  EXPECT_FALSE(SurveyThrottled(std::nullopt, sent, 90)) << "never surveyed";
  EXPECT_TRUE(SurveyThrottled(sent, sent, 90));
  EXPECT_TRUE(SurveyThrottled(sent, At("2026-03-31T23:59:59Z"), 90)) << "day 89, 23:59:59";
  EXPECT_FALSE(SurveyThrottled(sent, At("2026-04-01T00:00:00Z"), 90)) << "day 90, 00:00:00";
  EXPECT_TRUE(SurveyThrottled(sent, At("2026-01-01T23:59:59Z"), 1));
  EXPECT_FALSE(SurveyThrottled(sent, At("2026-01-02T00:00:00Z"), 1));
}

TEST(CampaignTest, ASurveysThrottleDefaultsToNinetyDaysAndIsCheckedByName) {
  const Timestamp now = At("2026-01-01T00:00:00Z");
  auto build = [&](std::string kind, std::optional<std::int64_t> throttle) {
    CampaignInput input;
    input.name = "Q1 NPS";
    input.kind = std::move(kind);
    input.throttle_days = throttle;
    Campaign campaign;
    std::vector<CampaignRecipient> recipients;
    Status built = BuildCampaign(input, now, campaign, recipients);
    return std::make_pair(built, campaign);
  };
  auto [ok, survey] = build("nps_survey", std::nullopt);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(survey.kind, CampaignKind::kNpsSurvey);
  EXPECT_EQ(survey.throttle_days, 90);
  EXPECT_EQ(build("nps_survey", 365).second.throttle_days, 365);
  for (std::int64_t bad : {0, -1, 366}) {
    Status refused = build("nps_survey", bad).first;
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().fields().at(0).field, "throttle_days");
  }
  Status not_a_survey = build("activation", 30).first;
  ASSERT_FALSE(not_a_survey.ok());
  EXPECT_EQ(not_a_survey.error().fields().at(0).message, "is for NPS surveys only");
  EXPECT_EQ(build("activation", std::nullopt).second.throttle_days, 0);
  EXPECT_EQ(ParseCampaignKind("nps_survey"), CampaignKind::kNpsSurvey);
  for (auto stop : {RecipientStop::kAnswered, RecipientStop::kThrottled, RecipientStop::kDetractor,
                    RecipientStop::kDismissed, RecipientStop::kNotPromoter}) {
    EXPECT_EQ(ParseRecipientStop(ToString(stop)), stop);
  }
}

}  // namespace
}  // namespace bb::domain
