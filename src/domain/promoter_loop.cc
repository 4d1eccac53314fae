#include "domain/promoter_loop.h"

namespace bb::domain {

bool AnswerAsksPromoterLoop(const NpsResponse& answer) {
  return ClassOfScore(answer.score) == NpsClass::kPromoter &&
         answer.recorded_at - answer.answered_at <= kPromoterLoopMaxAnswerAge;
}

Campaign DefaultPromoterCampaign(CampaignKind kind, Timestamp now) {
  Campaign c;
  c.kind = kind;
  c.trigger = CampaignTrigger::kNpsPromoter;
  c.state = CampaignState::kRunning;
  c.send_at = now;
  c.created_at = now;
  if (kind == CampaignKind::kInvitation) {
    c.name = "Promoters: an invitation to join";
    c.reminders_after_days = {4};
  } else {
    c.name = "Promoters: a nudge to refer";
    c.quiet_days = kDefaultQuietDays;
  }
  return c;
}

bool MayNudgeAgain(const CampaignRecipient& r, Timestamp now, std::int64_t quiet_days) {
  if (r.stop == RecipientStop::kNone || r.stop == RecipientStop::kUnsubscribed || r.stop == RecipientStop::kBounced) {
    return false;
  }
  return !r.first_sent_at || now - *r.first_sent_at >= std::chrono::days(quiet_days);
}

void Rearm(CampaignRecipient& r, Timestamp now) {
  r.added_at = now;
  r.first_sent_at.reset();
  r.reminders_sent = 0;
  r.next_send_at = now;
  r.delivered_at.reset();
  r.bounced_at.reset();
  r.opened_at.reset();
  r.joined_at.reset();
  r.stop = RecipientStop::kNone;
  r.stopped_at.reset();
}

}  // namespace bb::domain
