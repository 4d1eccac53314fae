// Advocates: enroll (staff, sales reps, API), public join, list with filters, read, update,
// deactivate.

#include <boost/json.hpp>

#include "common/time_format.h"
#include "domain/advocate.h"
#include "domain/validation.h"
#include "http/handlers/csv_export.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

// `enrolling`: when the body has type errors, also report what the domain finds wrong with the rest.
// `invitation` non-null: the body may also carry the token of a personal join link.
Result<domain::AdvocateInput> ReadAdvocateInput(const Request& request, bool enrolling,
                                                std::optional<std::string>* invitation = nullptr) {
  BB_ASSIGN_OR_RETURN(json::object body, ParseJsonObject(request));
  ObjectReader reader(body);
  domain::AdvocateInput input;
  if (invitation) *invitation = reader.String("invitation");
  input.email = reader.String("email");
  input.first_name = reader.String("first_name");
  input.last_name = reader.String("last_name");
  input.company = reader.String("company");
  input.attributes = reader.Attributes("attributes");
  input.tags = reader.StringList("tags");
  Status read = reader.Finish();
  if (!read.ok()) {
    if (!enrolling) return std::move(read).error();
    return MergeFieldErrors(std::move(read).error(), StatusOf(domain::BuildEnrollment(input)));
  }
  return input;
}

Render<domain::Advocate> RenderAdvocate(HandlerContext& context, int status) {
  return [&context, status](const domain::Advocate& advocate) {
    return service::StoredReply{status, json::serialize(ToJson(advocate, context.links)),
                                status == 201 ? "/api/v1/advocates/" + advocate.id : ""};
  };
}

Response Enroll(HandlerContext& context, Request& request) {
  auto input = ReadAdvocateInput(request, true);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  auto render = RenderAdvocate(context, 201);
  return Reply(
      context, request,
      context.services.advocates.Enroll(request.actor, request.Param("id"), *input, IdempotentFor(request, render)),
      render);
}

Response Join(HandlerContext& context, Request& request) {
  std::optional<std::string> invitation;
  auto input = ReadAdvocateInput(request, true, &invitation);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  if (input->attributes || input->tags) {
    std::vector<FieldError> errors;
    if (input->attributes) errors.push_back({"attributes", "cannot be set when joining; staff set them"});
    if (input->tags) errors.push_back({"tags", "cannot be set when joining; staff set them"});
    return ErrorResponse(Error::Invalid(std::move(errors)), request);
  }
  auto render = RenderAdvocate(context, 201);
  auto joined =
      context.services.advocates.Join(request.Param("slug"), *input, invitation, IdempotentFor(request, render));
  Response response = Reply(context, request, joined, render);
  if (!joined.ok()) return response;
  // The person who joined goes on to the portal signed in (a replay of this request gets the same
  // body without a new session: the first answer carried it).
  auto grant = context.services.portal.StartSessionAfterJoin(*joined);
  if (grant.ok()) SetPortalSessionCookies(context, response, *grant);
  return response;
}

Result<service::AdvocateFilter> FilterFromQuery(const Request& request) {
  service::AdvocateFilter filter;
  std::vector<FieldError> errors;
  for (const auto& [name, value] : request.query) {
    if (name == "limit" || name == "cursor") continue;
    if (name == "q") {
      if (domain::CodePointCount(value) > domain::kMaxSearchLength)
        errors.push_back({"q", "must be at most 100 characters"});
      filter.search = value;
    } else if (name == "tag") {
      if (domain::NormalizeTag(value).empty()) errors.push_back({"tag", "is not a valid tag"});
      filter.tags.push_back(value);
    } else if (name.rfind("attr.", 0) == 0) {
      std::string key = name.substr(5);
      if (!domain::IsAttributeKey(key)) errors.push_back({name, "names no valid attribute key"});
      filter.attributes.emplace_back(key, value);
    } else if (name == "source") {
      filter.source = domain::ParseAdvocateSource(value);
      if (!filter.source) errors.push_back({"source", "must be one of self_signup, staff, sales_rep, api"});
    } else if (name == "status") {
      filter.status = domain::ParseAdvocateStatus(value);
      if (!filter.status) errors.push_back({"status", "must be active or inactive"});
    } else if (name == "created_from" || name == "created_to") {
      auto parsed = ParseTimestamp(value);
      if (!parsed) {
        errors.push_back({name, "must be an RFC 3339 date or date-time"});
      } else if (name == "created_from") {
        filter.created_from = parsed;
      } else {
        filter.created_before = parsed;
      }
    } else {
      errors.push_back({name, "is not a known query parameter"});
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return filter;
}

Response ListAdvocates(HandlerContext& context, Request& request) {
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto filter = FilterFromQuery(request);
  if (!filter.ok()) return ErrorResponse(filter.error(), request);
  auto advocates = context.services.advocates.List(request.actor, request.Param("id"), *filter, *page);
  if (!advocates.ok()) return ErrorResponse(advocates.error(), request);
  json::array data;
  for (const auto& advocate : advocates->items) data.push_back(ToJson(advocate, context.links));
  return JsonReply(200, PageToJson(std::move(data), advocates->next_cursor));
}

// A program's advocates as CSV, with the filters of its list (program_id required), newest first,
// streamed (see csv_export.h). Attributes are one JSON object per row; tags are joined by ";".
Response ExportAdvocates(HandlerContext& context, Request& request) {
  std::string program_id(request.Query("program_id").value_or(""));
  Request filters = request;
  std::erase_if(filters.query, [](const auto& q) { return q.first == "program_id"; });
  if (program_id.empty()) return ErrorResponse(Error::InvalidField("program_id", "is required"), request);
  if (Status paging = NoPagingParameters(filters); !paging.ok()) return ErrorResponse(paging.error(), request);
  auto filter = FilterFromQuery(filters);
  if (!filter.ok()) return ErrorResponse(filter.error(), request);
  return CsvExport<domain::Advocate>(
      request, "advocates.csv",
      {"id", "program_id", "email", "first_name", "last_name", "company", "code", "status", "source", "enrolled_by",
       "tags", "attributes", "created_at", "updated_at"},
      {}, context.services.cursor_key,
      [&context, actor = request.actor, program_id, filter = *filter](const service::Page& page) {
        return context.services.advocates.List(actor, program_id, filter, page);
      },
      [](const domain::Advocate& a) -> Result<std::vector<std::string>> {
        std::string tags;
        for (const auto& tag : a.tags) tags += (tags.empty() ? "" : ";") + tag;
        return std::vector<std::string>{a.id,
                                        a.program_id,
                                        a.email,
                                        a.first_name,
                                        a.last_name,
                                        a.company,
                                        a.code,
                                        std::string(domain::ToString(a.status)),
                                        std::string(domain::ToString(a.source)),
                                        a.enrolled_by,
                                        tags,
                                        json::serialize(representation::AttributesToJson(a.attributes)),
                                        FormatTimestamp(a.created_at),
                                        FormatTimestamp(a.updated_at)};
      });
}

Response GetAdvocate(HandlerContext& context, Request& request) {
  auto advocate = context.services.advocates.Get(request.actor, request.Param("id"));
  if (!advocate.ok()) return ErrorResponse(advocate.error(), request);
  return JsonReply(200, ToJson(*advocate, context.links));
}

// One advocate's clicks and referrals over ?from&to (30 days up to now by default): staff ask at
// /api/v1/advocates/{id}/activity, the signed-in advocate at /api/v1/portal/activity.
Response GetActivity(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"from", "to"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto range = RangeFromQuery(request);
  if (!range.ok()) return ErrorResponse(range.error(), request);
  std::string id = request.actor.IsAdvocate() ? request.actor.id : std::string(request.Param("id"));
  auto activity = context.services.advocates.Activity(request.actor, id, *range);
  if (!activity.ok()) return ErrorResponse(activity.error(), request);
  return JsonReply(200, ActivityToJson(id, *range->from, *range->before, *activity));
}

Response UpdateAdvocate(HandlerContext& context, Request& request) {
  auto input = ReadAdvocateInput(request, false);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  auto advocate = context.services.advocates.Update(request.actor, request.Param("id"), *input);
  if (!advocate.ok()) return ErrorResponse(advocate.error(), request);
  return JsonReply(200, ToJson(*advocate, context.links));
}

Response DeactivateAdvocate(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request, true);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  Status read = reader.Finish();
  if (!read.ok()) return ErrorResponse(read.error(), request);
  auto render = RenderAdvocate(context, 200);
  return Reply(
      context, request,
      context.services.advocates.Deactivate(request.actor, request.Param("id"), IdempotentFor(request, render)),
      render);
}

}  // namespace

void AddAdvocateRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/programs/{id}/advocates", Access::kStaff, false, bind(ListAdvocates)});
  router.Add({"GET", "/api/v1/exports/advocates.csv", Access::kStaff, false, bind(ExportAdvocates)});
  router.Add({"POST", "/api/v1/programs/{id}/advocates", Access::kStaff, false, bind(Enroll)});
  router.Add({"GET", "/api/v1/advocates/{id}", Access::kStaff, false, bind(GetAdvocate)});
  router.Add({"PATCH", "/api/v1/advocates/{id}", Access::kStaff, false, bind(UpdateAdvocate)});
  router.Add({"GET", "/api/v1/advocates/{id}/activity", Access::kStaff, false, bind(GetActivity)});
  router.Add({"GET", "/api/v1/portal/activity", Access::kAdvocate, false, bind(GetActivity)});
  router.Add({"POST", "/api/v1/advocates/{id}/deactivate", Access::kStaff, false, bind(DeactivateAdvocate)});
  router.Add({"POST", "/api/v1/public/programs/{slug}/join", Access::kPublic, true, bind(Join)});
}

}  // namespace bb::http
