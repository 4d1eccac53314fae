// The NPS loop's promoter rules (domain/promoter_loop.h): which answers start it (a promoter's, at
// most 30 days old when recorded: 30 days exactly still does, a second more does not), the default
// automatic campaigns, and when someone nudged may be nudged again (after quiet_days, never after
// an unsubscribe or a bounce, never while their last nudge is still running); an automatic
// campaign's fields checked by name (domain::BuildCampaign).

#include "domain/promoter_loop.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace bb::domain {
namespace {

using namespace std::chrono_literals;

Timestamp At(const char* text) { return *ParseTimestamp(text); }

NpsResponse AnswerOf(int score, Timestamp answered, Timestamp recorded) {
  NpsResponse a;
  a.score = score;
  a.answered_at = answered;
  a.recorded_at = recorded;
  return a;
}

TEST(PromoterLoopTest, APromotersAnswerStartsTheLoopWhileItIsAtMostThirtyDaysOld) {
  const Timestamp now = At("2026-06-01T00:00:00Z");
  EXPECT_TRUE(AnswerAsksPromoterLoop(AnswerOf(9, now, now)));
  EXPECT_TRUE(AnswerAsksPromoterLoop(AnswerOf(10, now - std::chrono::days(30), now)));
  EXPECT_FALSE(AnswerAsksPromoterLoop(AnswerOf(10, now - std::chrono::days(30) - 1s, now)));
  EXPECT_FALSE(AnswerAsksPromoterLoop(AnswerOf(8, now, now))) << "a passive";
  EXPECT_FALSE(AnswerAsksPromoterLoop(AnswerOf(0, now, now))) << "a detractor";
}

TEST(PromoterLoopTest, TheDefaultCampaignsRunAtOnceWithTheirOwnSchedules) {
  const Timestamp now = At("2026-06-01T00:00:00Z");
  Campaign invite = DefaultPromoterCampaign(CampaignKind::kInvitation, now);
  EXPECT_EQ(invite.trigger, CampaignTrigger::kNpsPromoter);
  EXPECT_EQ(invite.state, CampaignState::kRunning);
  EXPECT_EQ(invite.reminders_after_days, (std::vector<std::int64_t>{4}));
  EXPECT_EQ(invite.quiet_days, 0);
  Campaign nudge = DefaultPromoterCampaign(CampaignKind::kActivation, now);
  EXPECT_TRUE(nudge.reminders_after_days.empty());
  EXPECT_EQ(nudge.quiet_days, kDefaultQuietDays);
  EXPECT_EQ(nudge.send_at, now);
}

TEST(PromoterLoopTest, SomeoneNudgedMayBeNudgedAgainOnlyAfterQuietDaysAndNeverAfterAnUnsubscribe) {
  const Timestamp sent = At("2026-06-01T00:00:00Z");
  CampaignRecipient r;
  r.first_sent_at = sent;
  r.stop = RecipientStop::kNone;
  EXPECT_FALSE(MayNudgeAgain(r, sent + std::chrono::days(400), 30)) << "still owed something";
  r.stop = RecipientStop::kScheduleEnded;
  EXPECT_FALSE(MayNudgeAgain(r, sent + std::chrono::days(30) - 1s, 30));
  EXPECT_TRUE(MayNudgeAgain(r, sent + std::chrono::days(30), 30));
  r.stop = RecipientStop::kActed;
  EXPECT_TRUE(MayNudgeAgain(r, sent + std::chrono::days(30), 30));
  for (auto stop : {RecipientStop::kUnsubscribed, RecipientStop::kBounced}) {
    r.stop = stop;
    EXPECT_FALSE(MayNudgeAgain(r, sent + std::chrono::days(400), 30));
  }
  r.stop = RecipientStop::kDetractor;
  r.first_sent_at.reset();
  EXPECT_TRUE(MayNudgeAgain(r, sent, 30)) << "stopped before anything was sent";

  r.reminders_sent = 2;
  r.delivered_at = sent;
  r.last_message_id = "msg_1";
  Rearm(r, sent + 1h);
  EXPECT_EQ(r.stop, RecipientStop::kNone);
  EXPECT_EQ(r.next_send_at, sent + 1h);
  EXPECT_EQ(r.added_at, sent + 1h);
  EXPECT_EQ(r.reminders_sent, 0);
  EXPECT_FALSE(r.delivered_at);
  EXPECT_FALSE(r.stopped_at);
  EXPECT_EQ(r.last_message_id, "msg_1") << "the next email still waits for the last one to leave the outbox";
}

TEST(PromoterLoopTest, AnAutomaticCampaignsFieldsAreCheckedByName) {
  const Timestamp now = At("2026-06-01T00:00:00Z");
  auto build = [&](CampaignInput input) {
    input.name = "Promoters";
    Campaign campaign;
    std::vector<CampaignRecipient> recipients;
    Status built = BuildCampaign(input, now, campaign, recipients);
    return std::make_pair(built, campaign);
  };
  auto field = [&](CampaignInput input) {
    Status s = build(std::move(input)).first;
    return s.ok() ? std::string("(accepted)") : s.error().fields().at(0).field;
  };
  auto [ok, nudge] = build({.kind = "activation", .trigger = "nps_promoter"});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(nudge.quiet_days, 30);
  EXPECT_EQ(nudge.state, CampaignState::kRunning);
  EXPECT_EQ(build({.kind = "activation", .trigger = "nps_promoter", .quiet_days = 365}).second.quiet_days, 365);
  EXPECT_EQ(build({.kind = "invitation", .trigger = "nps_promoter"}).second.quiet_days, 0);
  EXPECT_EQ(field({.kind = "invitation", .trigger = "nps_promoter"}), "(accepted)") << "no recipients needed";
  EXPECT_EQ(field({.kind = "activation", .trigger = "nps_promoter", .quiet_days = 366}), "quiet_days");
  EXPECT_EQ(field({.kind = "activation", .quiet_days = 10}), "quiet_days");
  EXPECT_EQ(field({.kind = "activation", .trigger = "always"}), "trigger");
  EXPECT_EQ(field({.kind = "nps_survey", .trigger = "nps_promoter"}), "trigger");
  EXPECT_EQ(field({.kind = "activation",
                   .recipients = std::vector<RecipientInput>{{.email = "a@b.example"}},
                   .trigger = "nps_promoter"}),
            "recipients");
  EXPECT_EQ(field({.kind = "activation", .send_at = now + 1h, .trigger = "nps_promoter"}), "send_at");
  // A survey asked in the portal: trigger portal, no emails.
  EXPECT_EQ(build({.kind = "nps_survey", .trigger = "portal"}).second.trigger, CampaignTrigger::kPortal);
  EXPECT_EQ(build({.kind = "nps_survey", .trigger = "portal"}).second.throttle_days, 90);
  EXPECT_EQ(field({.kind = "invitation", .trigger = "portal"}), "trigger");
  EXPECT_EQ(field({.kind = "nps_survey", .reminders_after_days = std::vector<std::int64_t>{3}, .trigger = "portal"}),
            "reminders_after_days");
  EXPECT_EQ(ParseCampaignTrigger(""), CampaignTrigger::kNone);
  EXPECT_EQ(ToString(CampaignTrigger::kNpsPromoter), "nps_promoter");
}

}  // namespace
}  // namespace bb::domain
