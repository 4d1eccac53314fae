// The audit trail (admins): GET /api/v1/audit-events.

#include <boost/json.hpp>

#include "common/time_format.h"
#include "domain/ids.h"
#include "http/handlers/handlers.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

json::value ToJson(const domain::AuditValue& value) {
  if (const auto* flag = std::get_if<bool>(&value)) return *flag;
  if (const auto* number = std::get_if<std::int64_t>(&value)) return *number;
  if (const auto* text = std::get_if<std::string>(&value)) return json::string(*text);
  return nullptr;
}

json::value ToJson(const domain::AuditEvent& event, const service::ActorNames& names) {
  json::object changes;
  for (const auto& change : event.changes) {
    changes[change.field] = json::object{{"from", ToJson(change.before)}, {"to", ToJson(change.after)}};
  }
  auto name = names.find(event.actor);
  return json::object{
      {"id", event.id},
      {"at", FormatTimestamp(event.at)},
      {"actor", event.actor},
      {"actor_name", name == names.end() ? json::value(nullptr) : json::value(name->second)},
      {"address_hash", event.address_hash.empty() ? json::value(nullptr) : json::value(event.address_hash)},
      {"kind", event.kind},
      {"object_id", event.object_id},
      {"changes", std::move(changes)},
      {"note", event.note.empty() ? json::value(nullptr) : json::value(event.note)}};
}

Response ListAuditEvents(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"actor", "object_id", "kind", "from", "to", "limit", "cursor"});
      !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto range = RangeFromQuery(request);
  if (!range.ok()) return ErrorResponse(range.error(), request);
  service::AuditFilter filter;
  filter.actor = std::string(request.Query("actor").value_or(""));
  filter.object_id = std::string(request.Query("object_id").value_or(""));
  filter.kind = std::string(request.Query("kind").value_or(""));
  if (filter.kind.size() > domain::kMaxAuditKindLength) {
    return ErrorResponse(Error::InvalidField("kind", "must be at most 64 characters"), request);
  }
  filter.from = range->from;
  filter.before = range->before;
  auto listed = context.services.audit.List(request.actor, filter, *page);
  if (!listed.ok()) return ErrorResponse(listed.error(), request);
  json::array data;
  for (const auto& event : listed->events.items) data.push_back(ToJson(event, listed->actor_names));
  return JsonReply(200, PageToJson(std::move(data), listed->events.next_cursor));
}

}  // namespace

void AddAuditRoutes(Router& router, HandlerContext& context) {
  router.Add({"GET", "/api/v1/audit-events", Access::kStaff, false,
              [&context](Request& request) { return ListAuditEvents(context, request); }});
}

}  // namespace bb::http
