#pragma once
// Campaigns: waves of emails that ask people to take part, and ask again. An invitation campaign
// invites people to join a program, each with a personal join link; an activation campaign asks
// advocates who joined but never shared their link or referred anyone to start; an NPS survey asks
// "How likely is it that you would recommend …?", answered with one click from the email. Each
// recipient gets the first email at the campaign's send time and then reminders on its schedule
// (days after the first email), until they do what they were asked (joined; shared or referred;
// answered), unsubscribe, bounce, or the schedule ends. A survey skips anyone sent a survey in its
// last throttle_days days; invitations and activation emails skip anyone whose latest answer to the
// program's survey is a detractor's (they are not asked to refer).
//
// An automatic campaign has no list and no end; it runs until cancelled, which turns it off. With
// trigger nps_promoter it is the NPS loop's rule (domain/promoter_loop.h): people are added as
// they answer — an invitation campaign invites promoters who are not advocates, an activation
// campaign nudges promoter advocates who went quiet (no share and no referral in its quiet_days).
// With trigger portal (NPS surveys only) it asks the question in the advocate portal instead of by
// email: an advocate is added when the portal shows it to them (first_sent_at, counted by the
// throttle like an email), and sent nothing. Pure rules, no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace bb::domain {

enum class CampaignKind { kInvitation, kActivation, kNpsSurvey };
// What adds people to a campaign: its list, or (automatic campaigns) each new promoter's answer.
enum class CampaignTrigger { kNone, kNpsPromoter, kPortal };
enum class CampaignState {
  kScheduled,  // its send time has not come
  kRunning,    // emails sent, reminders may follow
  kCompleted,  // nobody is owed another email
  kCancelled,  // stopped by staff: nothing more is sent
};
// Why a recipient gets no more emails.
enum class RecipientStop {
  kNone,             // more may come
  kJoined,           // invitation: joined the program
  kAlreadyAdvocate,  // invitation: an advocate of the program before the campaign (never sent)
  kActed,            // activation: shared their link or referred someone
  kInactive,         // activation: the advocate was deactivated
  kUnsubscribed,     // the address unsubscribed (or staff suppressed it)
  kBounced,          // the address bounced or complained
  kScheduleEnded,    // every email of the schedule went
  kCancelled,        // the campaign was cancelled
  kAnswered,         // NPS survey: answered it
  kThrottled,        // NPS survey: sent a survey within the throttle window (never sent)
  kDetractor,        // invitation, activation: their latest NPS answer is a detractor's (not asked to refer)
  kDismissed,        // NPS survey in the portal: the advocate chose "Not now"
  kNotPromoter,      // automatic promoter campaigns: their latest answer is no longer a promoter's
};

std::string_view ToString(CampaignKind kind);
std::optional<CampaignKind> ParseCampaignKind(std::string_view text);
std::string_view ToString(CampaignTrigger trigger);  // "" (none), "nps_promoter", "portal"
std::optional<CampaignTrigger> ParseCampaignTrigger(std::string_view text);
std::string_view ToString(CampaignState state);
std::optional<CampaignState> ParseCampaignState(std::string_view text);
std::string_view ToString(RecipientStop stop);
std::optional<RecipientStop> ParseRecipientStop(std::string_view text);

inline constexpr std::size_t kMaxCampaignRecipients = 10000;
inline constexpr std::size_t kMaxCampaignReminders = 5;
inline constexpr std::int64_t kMaxReminderDay = 365;
inline constexpr std::size_t kMaxCampaignNameLength = 200;
inline constexpr std::int64_t kDefaultSurveyThrottleDays = 90;
inline constexpr std::int64_t kMaxSurveyThrottleDays = 365;
inline constexpr std::int64_t kDefaultQuietDays = 30;
inline constexpr std::int64_t kMaxQuietDays = 365;

struct Campaign {
  std::string id;  // "cmp_…"
  std::string program_id;
  std::string name;
  CampaignKind kind = CampaignKind::kInvitation;
  CampaignState state = CampaignState::kScheduled;
  Timestamp send_at{};
  std::vector<std::int64_t> reminders_after_days;  // ascending, each in 1..kMaxReminderDay
  std::string created_by;                          // the actor's id
  Timestamp created_at{};
  std::optional<Timestamp> completed_at;  // when completed or cancelled
  // NPS survey: nobody sent a survey (of any program) in the last throttle_days days is sent this
  // one; 0 for the other kinds.
  std::int64_t throttle_days = 0;
  CampaignTrigger trigger = CampaignTrigger::kNone;
  // Automatic activation (nudge): a promoter advocate is nudged when they neither shared their link
  // nor referred anyone in the quiet_days before their answer; 0 for the other campaigns.
  std::int64_t quiet_days = 0;
};

struct CampaignRecipient {
  std::string campaign_id;
  std::string email;  // normalized
  std::string first_name;
  std::string last_name;
  std::string company;
  // Activation: the advocate asked. Invitation: "" until they join, then the advocate they became.
  std::string advocate_id;
  std::string token_hash;                  // invitation: SHA-256 of the personal join link's token; activation: ""
  std::optional<Timestamp> first_sent_at;  // the first email (the invitation itself)
  std::int64_t reminders_sent = 0;
  std::optional<Timestamp> next_send_at;  // the next email due; nullopt: none
  std::string last_message_id;            // of the last email queued, to learn its fate
  std::optional<Timestamp> delivered_at;  // the first email the server took
  std::optional<Timestamp> bounced_at;
  std::optional<Timestamp> opened_at;  // the personal join link's first use
  std::optional<Timestamp> joined_at;
  RecipientStop stop = RecipientStop::kNone;
  std::optional<Timestamp> stopped_at;
  std::string nps_response_id;  // NPS survey: their latest answer through the survey's link; "" none
  // When they were added (automatic campaigns add people over time, and may add one again); what
  // they did is counted from then. None: with the campaign (recipients stored before this existed).
  std::optional<Timestamp> added_at;
};

// A campaign's figures, each counting recipients (reminders_sent: emails).
struct CampaignCounts {
  std::int64_t recipients = 0;
  std::int64_t sent = 0;       // got the first email
  std::int64_t delivered = 0;  // at least one email the server took
  std::int64_t bounced = 0;
  std::int64_t opened = 0;  // used their personal join link
  std::int64_t joined = 0;
  std::int64_t shared = 0;    // their advocate's link was clicked (by a person) since the campaign began
  std::int64_t referred = 0;  // their advocate referred someone since the campaign began
  std::int64_t unsubscribed = 0;
  std::int64_t reminders_sent = 0;
  std::int64_t answered = 0;   // NPS survey: answered through their link
  std::int64_t throttled = 0;  // NPS survey: skipped, sent a survey within the throttle window
};

// One recipient as given.
struct RecipientInput {
  std::optional<std::string> email;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> company;
};

struct CampaignInput {
  std::optional<std::string> name;
  std::optional<std::string> kind;
  std::optional<std::vector<RecipientInput>> recipients;  // activation, survey: absent means the segment
  std::optional<Timestamp> send_at;
  std::optional<std::vector<std::int64_t>> reminders_after_days;
  std::optional<std::int64_t> throttle_days;  // NPS survey only
  std::optional<std::string> trigger;         // automatic: "nps_promoter" (invitation, activation), "portal" (survey)
  std::optional<std::int64_t> quiet_days;     // automatic activation only
};

// Checks `input` and fills `campaign` (name, kind, send_at — not before `now` —, reminders,
// throttle_days, trigger, quiet_days) and `recipients` (normalized, trimmed). Errors name "name",
// "kind", "send_at", "reminders_after_days[i]", "throttle_days" (1..kMaxSurveyThrottleDays, default
// kDefaultSurveyThrottleDays, surveys only), "trigger" (nps_promoter, for invitations and
// activation; portal, for surveys, which then take no reminders_after_days), "quiet_days" (1..kMaxQuietDays, default
// kDefaultQuietDays, automatic activation only), "recipients" and "recipients[i].email" (a repeated address names its
// second appearance). Invitations need 1..kMaxCampaignRecipients recipients; activation and survey recipients, when
// given, are checked the same way (without them: the program's advocates). An automatic campaign
// takes neither recipients nor send_at: it starts at once and runs until cancelled.
Status BuildCampaign(const CampaignInput& input, Timestamp now, Campaign& campaign,
                     std::vector<CampaignRecipient>& recipients);

// Whether a survey to a person last sent one at `last_sent` may not go at `now`: less than
// `throttle_days` days since (at exactly throttle_days days it may).
bool SurveyThrottled(std::optional<Timestamp> last_sent, Timestamp now, std::int64_t throttle_days);

// The recipient joined as `advocate_id` at `at`: counted as joined (once), and sent nothing more.
void MarkJoined(CampaignRecipient& recipient, std::string_view advocate_id, Timestamp at);

// When the email after `reminders_sent` reminders is due, for a first email sent at `first_sent_at`:
// first_sent_at + reminders_after_days[reminders_sent] days; nullopt when the schedule has ended.
std::optional<Timestamp> NextReminderAt(Timestamp first_sent_at, std::int64_t reminders_sent,
                                        const std::vector<std::int64_t>& reminders_after_days);

}  // namespace bb::domain
