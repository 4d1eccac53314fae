#include <boost/json.hpp>

#include <algorithm>
#include <chrono>

#include "common/time_format.h"
#include "http/handlers/handlers.h"

namespace bb::http {

std::string SessionCookie(std::string_view name, std::string_view value, long max_age, bool http_only, bool secure) {
  std::string cookie(name);
  cookie += '=';
  cookie += value;
  cookie += "; Path=/; Max-Age=" + std::to_string(max_age) + "; SameSite=Lax";
  if (http_only) cookie += "; HttpOnly";
  if (secure) cookie += "; Secure";
  return cookie;
}

void SetPortalSessionCookies(const HandlerContext& context, Response& response, const service::PortalGrant& grant) {
  long max_age = static_cast<long>(
      std::chrono::duration_cast<std::chrono::seconds>(context.services.auth.policy().absolute).count());
  response.With("Set-Cookie", SessionCookie(kPortalCookie, grant.token, max_age, true, context.secure_cookies));
  response.With("Set-Cookie",
                SessionCookie(kPortalCsrfCookie, grant.csrf_token, max_age, false, context.secure_cookies));
  response.With("Cache-Control", "no-store");
}

Status OnlyQueryParameters(const Request& request, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : request.query) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return Error::InvalidField(name, "is not a known query parameter");
    }
  }
  return Ok();
}

Result<std::string> ReportProgramId(const Request& request, std::initializer_list<std::string_view> known) {
  BB_RETURN_IF_ERROR(domain::Authorize(request.actor, domain::Action::kReadAnalytics));
  BB_RETURN_IF_ERROR(OnlyQueryParameters(request, known));
  std::string program_id(request.Query("program_id").value_or(""));
  if (program_id.empty()) return Error::InvalidField("program_id", "is required");
  return program_id;
}

Response JsonReply(int status, const boost::json::value& value) {
  return Response::Json(status, boost::json::serialize(value));
}

Response FromStoredReply(const service::StoredReply& reply) {
  Response response = Response::Json(reply.status, reply.body);
  if (!reply.location.empty()) response.With("Location", reply.location);
  return response;
}

Response ReplyForWrite(HandlerContext& context, const Request& request, const Error& error) {
  bool key_race = error.code() == ErrorCode::kConflict && request.idempotency && !error.fields().empty() &&
                  error.fields().front().field == service::Idempotency::kField;
  if (key_race) {
    auto recorded = context.services.idempotency.Lookup(*request.idempotency);
    if (recorded.ok() && *recorded) return FromStoredReply(**recorded).With("Idempotent-Replayed", "true");
  }
  return ErrorResponse(error, request);
}

namespace {

// True when `inner` is `outer` or a field inside it ("trigger.stage" and "tags[2]" are inside
// "trigger" and "tags").
bool Within(std::string_view inner, std::string_view outer) {
  if (inner.substr(0, outer.size()) != outer) return false;
  return inner.size() == outer.size() || inner[outer.size()] == '.' || inner[outer.size()] == '[';
}

}  // namespace

Error MergeFieldErrors(Error read, const Status& check) {
  std::vector<FieldError> fields = read.fields();
  if (!check.ok()) {
    for (const auto& field : check.error().fields()) {
      // A field already named, or a part or whole of one, is not named again: the domain saw the
      // badly typed value as absent, so what it says about it would be wrong.
      bool named = std::any_of(fields.begin(), fields.end(), [&](const FieldError& f) {
        return Within(f.field, field.field) || Within(field.field, f.field);
      });
      if (!named) fields.push_back(field);
    }
  }
  return Error(read.code(), read.message(), std::move(fields));
}

std::optional<int> ParseSmallWholeNumber(std::string_view text) {
  if (text.empty() || text.size() > 4) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<std::int64_t> ParseWholeNumber(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

Result<service::Page> PageFromQuery(const HandlerContext& context, const Request& request) {
  service::Page page;
  page.key = context.services.cursor_key;
  if (auto limit = request.Query("limit")) {
    auto value = ParseSmallWholeNumber(*limit);
    if (!value) return Error::InvalidField("limit", "must be a whole number between 1 and 200");
    page.limit = *value;
  }
  if (auto cursor = request.Query("cursor")) page.cursor = std::string(*cursor);
  // The list a cursor belongs to: this path with these filters, in any order.
  std::vector<std::pair<std::string, std::string>> filters;
  for (const auto& parameter : request.query) {
    if (parameter.first != "limit" && parameter.first != "cursor") filters.push_back(parameter);
  }
  std::sort(filters.begin(), filters.end());
  page.list = request.path;
  for (const auto& [name, value] : filters) page.list += '\x1f' + name + '=' + value;
  return page;
}

Result<std::optional<Timestamp>> AsOfFromQuery(const Request& request) {
  auto text = request.Query("as_of");
  if (!text) return std::optional<Timestamp>();
  auto at = ParseTimestamp(*text);
  if (!at) return Error::InvalidField("as_of", "must be an RFC 3339 date or date-time");
  return std::optional<Timestamp>(*at);
}

Result<std::optional<std::int64_t>> VersionFromQuery(const Request& request, std::string_view zero_is) {
  auto text = request.Query("version");
  if (!text) return std::optional<std::int64_t>();
  auto version = ParseWholeNumber(*text);
  if (!version) {
    return Error::InvalidField("version",
                               "must be a whole number: a published version, or 0 for " + std::string(zero_is));
  }
  return std::optional<std::int64_t>(*version);
}

Result<domain::TimeRange> RangeFromQuery(const Request& request) {
  domain::TimeRange range;
  std::vector<FieldError> errors;
  for (const char* name : {"from", "to"}) {
    auto given = request.Query(name);
    if (!given) continue;
    auto parsed = ParseTimestamp(*given);
    if (!parsed) {
      errors.push_back({name, "must be an RFC 3339 date or date-time, e.g. 2026-03-01 or 2026-03-01T00:00:00Z"});
    } else if (std::string_view(name) == "from") {
      range.from = parsed;
    } else {
      range.before = parsed;
    }
  }
  if (range.from && range.before && *range.before < *range.from) errors.push_back({"to", "must not be before from"});
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return range;
}

}  // namespace bb::http
