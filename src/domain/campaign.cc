#include "domain/campaign.h"

#include <array>
#include <map>
#include <utility>

#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr std::array<std::pair<CampaignKind, std::string_view>, 3> kKinds = {
    {{CampaignKind::kInvitation, "invitation"},
     {CampaignKind::kActivation, "activation"},
     {CampaignKind::kNpsSurvey, "nps_survey"}}};
constexpr std::array<std::pair<CampaignTrigger, std::string_view>, 3> kTriggers = {
    {{CampaignTrigger::kNone, ""},
     {CampaignTrigger::kNpsPromoter, "nps_promoter"},
     {CampaignTrigger::kPortal, "portal"}}};
constexpr std::array<std::pair<CampaignState, std::string_view>, 4> kStates = {
    {{CampaignState::kScheduled, "scheduled"},
     {CampaignState::kRunning, "running"},
     {CampaignState::kCompleted, "completed"},
     {CampaignState::kCancelled, "cancelled"}}};
constexpr std::array<std::pair<RecipientStop, std::string_view>, 14> kStops = {
    {{RecipientStop::kNone, ""},
     {RecipientStop::kJoined, "joined"},
     {RecipientStop::kAlreadyAdvocate, "already_advocate"},
     {RecipientStop::kActed, "acted"},
     {RecipientStop::kInactive, "inactive"},
     {RecipientStop::kUnsubscribed, "unsubscribed"},
     {RecipientStop::kBounced, "bounced"},
     {RecipientStop::kScheduleEnded, "schedule_ended"},
     {RecipientStop::kCancelled, "cancelled"},
     {RecipientStop::kAnswered, "answered"},
     {RecipientStop::kThrottled, "throttled"},
     {RecipientStop::kDetractor, "detractor"},
     {RecipientStop::kDismissed, "dismissed"},
     {RecipientStop::kNotPromoter, "not_promoter"}}};

constexpr auto kLongestWait = std::chrono::days(366);

template <class Enum, std::size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return table[0].second;
}

template <class Enum, std::size_t N>
std::optional<Enum> ValueOf(const std::array<std::pair<Enum, std::string_view>, N>& table, std::string_view text) {
  for (const auto& [candidate, name] : table) {
    if (name == text) return candidate;
  }
  return std::nullopt;
}

void CheckRecipients(const CampaignInput& input, std::vector<FieldError>& errors,
                     std::vector<CampaignRecipient>& recipients) {
  const bool invitation = input.kind == "invitation";
  const bool automatic = input.trigger.has_value() && !input.trigger->empty();
  if (automatic) {
    if (input.recipients)
      errors.push_back({"recipients", "is not taken: an automatic campaign adds people as they answer"});
    return;
  }
  if (!input.recipients) {
    if (invitation) errors.push_back({"recipients", "is required: the people to invite"});
    return;
  }
  if (input.recipients->empty() || input.recipients->size() > kMaxCampaignRecipients) {
    errors.push_back({"recipients", "must hold 1 to 10000 people"});
    return;
  }
  std::map<std::string, std::size_t, std::less<>> seen;
  for (std::size_t i = 0; i < input.recipients->size(); ++i) {
    const RecipientInput& given = (*input.recipients)[i];
    const std::string at = "recipients[" + std::to_string(i) + "]";
    CampaignRecipient recipient;
    if (!given.email) {
      errors.push_back({at + ".email", "is required"});
    } else if (std::string problem = CheckEmail(Trim(*given.email)); !problem.empty()) {
      errors.push_back({at + ".email", problem});
    } else {
      recipient.email = NormalizeEmail(*given.email);
      auto [first, inserted] = seen.emplace(recipient.email, i);
      if (!inserted) {
        errors.push_back({at + ".email", "appears twice (also recipients[" + std::to_string(first->second) + "])"});
      }
    }
    auto name = [&](const std::optional<std::string>& value, std::string_view field, std::string& out) {
      if (!value) return;
      if (std::string problem = CheckText(Trim(*value), 100, true); !problem.empty()) {
        errors.push_back({at + "." + std::string(field), problem});
      } else {
        out = std::string(Trim(*value));
      }
    };
    name(given.first_name, "first_name", recipient.first_name);
    name(given.last_name, "last_name", recipient.last_name);
    name(given.company, "company", recipient.company);
    recipients.push_back(std::move(recipient));
  }
}

}  // namespace

std::string_view ToString(CampaignKind kind) { return NameOf(kKinds, kind); }
std::optional<CampaignKind> ParseCampaignKind(std::string_view text) { return ValueOf(kKinds, text); }
std::string_view ToString(CampaignState state) { return NameOf(kStates, state); }
std::optional<CampaignState> ParseCampaignState(std::string_view text) { return ValueOf(kStates, text); }
std::string_view ToString(CampaignTrigger trigger) { return NameOf(kTriggers, trigger); }
std::optional<CampaignTrigger> ParseCampaignTrigger(std::string_view text) { return ValueOf(kTriggers, text); }
std::string_view ToString(RecipientStop stop) { return NameOf(kStops, stop); }
std::optional<RecipientStop> ParseRecipientStop(std::string_view text) { return ValueOf(kStops, text); }

Status BuildCampaign(const CampaignInput& input, Timestamp now, Campaign& campaign,
                     std::vector<CampaignRecipient>& recipients) {
  std::vector<FieldError> errors;
  if (!input.name) {
    errors.push_back({"name", "is required"});
  } else if (std::string problem = CheckText(Trim(*input.name), kMaxCampaignNameLength); !problem.empty()) {
    errors.push_back({"name", problem});
  } else {
    campaign.name = std::string(Trim(*input.name));
  }
  if (!input.kind) {
    errors.push_back({"kind", "is required: invitation, activation or nps_survey"});
  } else if (auto kind = ParseCampaignKind(*input.kind)) {
    campaign.kind = *kind;
  } else {
    errors.push_back({"kind", "must be invitation, activation or nps_survey"});
  }
  if (campaign.kind == CampaignKind::kNpsSurvey) {
    campaign.throttle_days = input.throttle_days.value_or(kDefaultSurveyThrottleDays);
    if (campaign.throttle_days < 1 || campaign.throttle_days > kMaxSurveyThrottleDays) {
      errors.push_back({"throttle_days", "must be a whole number of days from 1 to 365"});
    }
  } else if (input.throttle_days) {
    errors.push_back({"throttle_days", "is for NPS surveys only"});
  }
  if (input.trigger && !input.trigger->empty()) {
    const bool survey = campaign.kind == CampaignKind::kNpsSurvey;
    if (input.trigger == "nps_promoter") {
      if (survey) {
        errors.push_back({"trigger", "nps_promoter is for invitation and activation campaigns (a survey's is portal)"});
      } else {
        campaign.trigger = CampaignTrigger::kNpsPromoter;
      }
    } else if (input.trigger == "portal") {
      if (!survey) {
        errors.push_back({"trigger", "portal is for NPS surveys (invitation and activation take nps_promoter)"});
      } else {
        campaign.trigger = CampaignTrigger::kPortal;
      }
    } else {
      errors.push_back({"trigger", "must be nps_promoter, portal or absent"});
    }
    if (campaign.trigger == CampaignTrigger::kPortal && input.reminders_after_days &&
        !input.reminders_after_days->empty()) {
      errors.push_back({"reminders_after_days", "is not taken: a survey in the portal sends no emails"});
    }
    if (input.send_at) errors.push_back({"send_at", "is not taken: an automatic campaign starts at once"});
  }
  const bool nudge = campaign.trigger == CampaignTrigger::kNpsPromoter && campaign.kind == CampaignKind::kActivation;
  if (nudge) {
    campaign.quiet_days = input.quiet_days.value_or(kDefaultQuietDays);
    if (campaign.quiet_days < 1 || campaign.quiet_days > kMaxQuietDays) {
      errors.push_back({"quiet_days", "must be a whole number of days from 1 to 365"});
    }
  } else if (input.quiet_days) {
    errors.push_back({"quiet_days", "is for automatic activation campaigns (trigger nps_promoter) only"});
  }
  campaign.send_at = now;
  if (input.send_at && campaign.trigger == CampaignTrigger::kNone) {
    if (*input.send_at > now + kLongestWait) {
      errors.push_back({"send_at", "must be within a year"});
    } else if (*input.send_at > now) {
      campaign.send_at = *input.send_at;
    }
  }
  if (input.reminders_after_days) {
    const auto& days = *input.reminders_after_days;
    if (days.size() > kMaxCampaignReminders) errors.push_back({"reminders_after_days", "may hold at most 5 reminders"});
    for (std::size_t i = 0; i < days.size() && i < kMaxCampaignReminders; ++i) {
      const std::string at = "reminders_after_days[" + std::to_string(i) + "]";
      if (days[i] < 1 || days[i] > kMaxReminderDay) {
        errors.push_back({at, "must be a whole number of days from 1 to 365"});
      } else if (i > 0 && days[i] <= days[i - 1]) {
        errors.push_back({at, "must come after the reminder before it (the days count from the first email)"});
      }
    }
    campaign.reminders_after_days = days;
  }
  CheckRecipients(input, errors, recipients);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  campaign.state = campaign.trigger == CampaignTrigger::kNone ? CampaignState::kScheduled : CampaignState::kRunning;
  campaign.created_at = now;
  return Ok();
}

bool SurveyThrottled(std::optional<Timestamp> last_sent, Timestamp now, std::int64_t throttle_days) {
  return last_sent && now - *last_sent < std::chrono::days(throttle_days);
}

void MarkJoined(CampaignRecipient& recipient, std::string_view advocate_id, Timestamp at) {
  recipient.advocate_id = std::string(advocate_id);
  if (!recipient.joined_at) recipient.joined_at = at;
  recipient.next_send_at.reset();
  if (recipient.stop != RecipientStop::kJoined) {
    recipient.stop = RecipientStop::kJoined;
    recipient.stopped_at = at;
  }
}

std::optional<Timestamp> NextReminderAt(Timestamp first_sent_at, std::int64_t reminders_sent,
                                        const std::vector<std::int64_t>& reminders_after_days) {
  if (reminders_sent < 0 || reminders_sent >= static_cast<std::int64_t>(reminders_after_days.size())) {
    return std::nullopt;
  }
  return first_sent_at + std::chrono::days(reminders_after_days[static_cast<std::size_t>(reminders_sent)]);
}

}  // namespace bb::domain
