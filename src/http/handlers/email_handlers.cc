// The suppression list (admins), and the staff notifications a user chooses for themself.

#include <boost/json.hpp>

#include "common/time_format.h"
#include "http/handlers/handlers.h"

namespace bb::http {

namespace {

namespace json = boost::json;

json::object SuppressionToJson(const domain::Suppression& s) {
  return json::object{{"id", s.id},     {"email", s.email}, {"reason", domain::ToString(s.reason)},
                      {"note", s.note}, {"actor", s.actor}, {"created_at", FormatTimestamp(s.created_at)}};
}

Response AddSuppression(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto email = reader.String("email");
  auto reason = reader.String("reason");
  auto note = reader.String("note");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  std::vector<FieldError> missing;
  if (!email) missing.push_back({"email", "is required"});
  if (!reason) missing.push_back({"reason", "is required: bounce, complaint, staff or unsubscribe"});
  if (!missing.empty()) return ErrorResponse(Error::Invalid(std::move(missing)), request);
  auto added = context.services.email.Suppress(request.actor, *email, *reason, note.value_or(""));
  if (!added.ok()) return ErrorResponse(added.error(), request);
  return JsonReply(201, SuppressionToJson(*added));
}

Response ListSuppressions(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"limit", "cursor"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto list = context.services.email.List(request.actor, *page);
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& s : list->items) data.push_back(SuppressionToJson(s));
  return JsonReply(200, PageToJson(std::move(data), list->next_cursor));
}

Response RemoveSuppression(HandlerContext& context, Request& request) {
  Status removed = context.services.email.Unsuppress(request.actor, request.Param("email"));
  if (!removed.ok()) return ErrorResponse(removed.error(), request);
  Response response;
  response.status = 204;
  return response;
}

json::object ChoicesToJson(const service::StaffNotificationChoices& choices) {
  json::object out;
  for (const auto& [topic, on] : choices) out[topic] = on;
  return out;
}

Response GetMyNotifications(HandlerContext& context, Request& request) {
  auto choices = context.services.staff_notifications.Get(request.actor);
  if (!choices.ok()) return ErrorResponse(choices.error(), request);
  return JsonReply(200, ChoicesToJson(*choices));
}

// {"referral_held"?: bool, "daily_digest"?: bool}: a field not sent stays as it is.
Response SetMyNotifications(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  service::StaffNotificationChoices changes;
  std::vector<FieldError> errors;
  for (const auto& [key, value] : *body) {
    if (value.is_null()) continue;  // null counts as absent, as everywhere in the API
    if (!value.is_bool()) {
      errors.push_back({std::string(key), "must be true or false"});
    } else {
      changes[std::string(key)] = value.as_bool();
    }
  }
  if (!errors.empty()) return ErrorResponse(Error::Invalid(std::move(errors)), request);
  auto choices = context.services.staff_notifications.Set(request.actor, changes);
  if (!choices.ok()) return ErrorResponse(choices.error(), request);
  return JsonReply(200, ChoicesToJson(*choices));
}

}  // namespace

void AddEmailRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/suppressions", Access::kStaff, false, bind(ListSuppressions)});
  router.Add({"POST", "/api/v1/suppressions", Access::kStaff, false, bind(AddSuppression)});
  router.Add({"DELETE", "/api/v1/suppressions/{email}", Access::kStaff, false, bind(RemoveSuppression)});
  router.Add({"GET", "/api/v1/me/notifications", Access::kStaff, false, bind(GetMyNotifications)});
  router.Add({"PUT", "/api/v1/me/notifications", Access::kStaff, false, bind(SetMyNotifications)});
}

}  // namespace bb::http
