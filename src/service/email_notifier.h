#pragma once
// The emails people are owed when something happens, queued in the transaction of the change that
// causes them (so that no email tells of a change that did not happen, and none is lost for one
// that did). The event publisher (service/event_publisher.h) calls it beside the webhooks:
//   - a self sign-up: the welcome email to the new advocate;
//   - a referral moved to qualified, won or lost: the advocate hears of it (of a held one, when a
//     manager clears it);
//   - a reward approved or paid: the advocate (or, for a referee's reward, the referee when it is
//     approved);
//   - a referral submitted and held for review: the staff users who chose "referral_held";
//   - a webhook endpoint disabled by Bluebird (410, or five days of failures): every active admin;
//   - a detractor's answer opened a follow-up task: its owner (the user, or the user who made the
//     API key, who enrolled the advocate), always, as work assigned to them; and the admins and
//     managers who chose "followup_opened".
// And once a day, from kDigestHourUtc, the daily digest to the staff users who chose
// "daily_digest": yesterday's (UTC) referrals submitted and won per program, and what waits for
// them now (held referrals, rewards to approve).
// Each advocate and referee email is written from the program's template of its kind and is not
// sent when the program turned the kind off (service/email_template_service.h); it carries the
// one-click rating of the email at its foot (rated: the program). Staff emails are
// account mail, in Bluebird's own words.
//
// Thread-safety: immutable after construction; all methods may be called from any thread.

#include <span>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/advocate.h"
#include "domain/followup_task.h"
#include "domain/referral.h"
#include "domain/reward.h"
#include "domain/webhook.h"
#include "service/email_service.h"
#include "service/email_template_service.h"
#include "store/store.h"

namespace bb::service {

// The staff notifications a user may choose (StaffNotificationSettings).
inline constexpr std::string_view kReferralHeldTopic = "referral_held";      // a referral needs a review
inline constexpr std::string_view kDailyDigestTopic = "daily_digest";        // yesterday's figures, each morning
inline constexpr std::string_view kMonthlyReportTopic = "monthly_report";    // last month's reports, on the 1st
inline constexpr std::string_view kFollowupOpenedTopic = "followup_opened";  // a detractor needs a follow-up
std::span<const std::string_view> StaffNotificationTopics();

inline constexpr int kDigestHourUtc = 7;  // the daily digest goes from this hour (UTC) on

class EmailNotifier {
 public:
  EmailNotifier(const EmailService& email, const EmailTemplateService& templates, std::string public_base_url)
      : email_(email), templates_(templates), public_base_url_(std::move(public_base_url)) {}

  // Inside a write transaction, at `at`. Each fails only when storage does (which fails the change).
  Status AdvocateEnrolled(store::Tx& tx, Timestamp at, const domain::Advocate& advocate) const;
  // `type` is the webhook event type ("referral.created", "referral.stage_changed" ...).
  Status ReferralChanged(store::Tx& tx, Timestamp at, std::string_view type, const domain::Referral& referral) const;
  // A reward created, or whose status changed.
  Status RewardChanged(store::Tx& tx, Timestamp at, const domain::Reward& reward) const;
  // The daily digest, once per UTC day (a setting records the day sent, in the same transaction, so
  // that instances and restarts send it once), when `now` is past kDigestHourUtc; nothing when
  // nobody chose it or there is nothing to tell. Returns the emails queued.
  Result<int> SendDailyDigest(store::Store& store, Timestamp now) const;
  // A detractor's answer to `program`'s survey opened `task`.
  Status FollowupOpened(store::Tx& tx, Timestamp at, const domain::FollowupTask& task,
                        const domain::Program& program) const;
  // The endpoint was disabled by Bluebird for `reason` ("the receiver answered 410 Gone" ...).
  Status WebhookEndpointDisabled(store::Tx& tx, Timestamp at, const domain::WebhookEndpoint& endpoint,
                                 std::string_view reason) const;

 private:
  Status SendToAdvocate(store::Tx& tx, Timestamp at, const domain::Program& program, const domain::Advocate& advocate,
                        domain::EmailKind kind, domain::EmailValues values) const;
  Status TellReviewers(store::Tx& tx, Timestamp at, const domain::Referral& referral) const;
  // The user who owns `owner_id` (a user id, or an API key's maker); none when it names nobody
  // active.
  Result<std::optional<domain::User>> OwnerOf(store::Tx& tx, std::string_view owner_id) const;

  const EmailService& email_;
  const EmailTemplateService& templates_;
  const std::string public_base_url_;
};

}  // namespace bb::service
