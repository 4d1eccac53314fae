#include "service/staff_notification_settings.h"

#include <algorithm>

#include "service/email_notifier.h"

namespace bb::service {
namespace {

// The staff user whose choices these are: the user signed in, or the user who made the API key.
Result<std::string> UserOf(store::Queries& q, const domain::Actor& actor) {
  std::string user_id = actor.kind == domain::Actor::Kind::kUser ? actor.id : "";
  if (actor.kind == domain::Actor::Kind::kApiKey) {
    BB_ASSIGN_OR_RETURN(auto key, q.FindApiKey(actor.id));
    if (key) user_id = key->created_by;
  }
  if (!user_id.empty()) {
    BB_ASSIGN_OR_RETURN(auto user, q.FindUser(user_id));
    if (user) return user_id;
  }
  if (!actor.IsStaff()) return Error(ErrorCode::kUnauthenticated, "Sign in to choose notifications.");
  return Error::Conflict(
      "Notification settings belong to a staff user, and this API key was made at the command line: sign in to the "
      "console, or use a key a user made.");
}

Result<StaffNotificationChoices> ChoicesOf(store::Queries& q, std::string_view user_id) {
  BB_ASSIGN_OR_RETURN(auto chosen, q.ListStaffNotifications(user_id));
  StaffNotificationChoices out;
  for (std::string_view topic : StaffNotificationTopics()) {
    out[std::string(topic)] = std::find(chosen.begin(), chosen.end(), topic) != chosen.end();
  }
  return out;
}

}  // namespace

Result<StaffNotificationChoices> StaffNotificationSettings::Get(const domain::Actor& actor) {
  StaffNotificationChoices out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(std::string user_id, UserOf(q, actor));
    BB_ASSIGN_OR_RETURN(out, ChoicesOf(q, user_id));
    return Ok();
  }));
  return out;
}

Result<StaffNotificationChoices> StaffNotificationSettings::Set(const domain::Actor& actor,
                                                                const StaffNotificationChoices& changes) {
  std::vector<FieldError> errors;
  const auto topics = StaffNotificationTopics();
  for (const auto& [topic, on] : changes) {
    if (std::find(topics.begin(), topics.end(), topic) == topics.end()) {
      errors.push_back({topic, "is not a notification; they are referral_held, daily_digest and monthly_report"});
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  const bool turns_one_on = std::any_of(changes.begin(), changes.end(), [](const auto& c) { return c.second; });
  if (turns_one_on && actor.role != domain::Role::kAdmin && actor.role != domain::Role::kManager) {
    return Error(ErrorCode::kPermissionDenied, "Only admins and managers may receive these notifications.");
  }
  StaffNotificationChoices out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(std::string user_id, UserOf(tx, actor));
    for (const auto& [topic, on] : changes) BB_RETURN_IF_ERROR(tx.SetStaffNotification(user_id, topic, on));
    BB_ASSIGN_OR_RETURN(out, ChoicesOf(tx, user_id));
    return Ok();
  }));
  return out;
}

}  // namespace bb::service
