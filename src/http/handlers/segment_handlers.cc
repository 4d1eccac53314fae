// Segments: a program's segments (GET/POST /api/v1/programs/{id}/segments, GET/PATCH
// /api/v1/segments/{id}), the segment an advocate is in and their words (GET
// /api/v1/advocates/{id}/segment), and the referrals by segment (GET /api/v1/reports/segments).
// The segments' own email templates are served with the programs' (email_template_handlers.cc).

#include <boost/json.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

constexpr auto kDefaultReportDays = std::chrono::days(30);

json::array Texts(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& value : values) out.emplace_back(value);
  return out;
}

json::object SegmentToJson(const service::SegmentEntry& e) {
  const domain::ProgramSegment& g = e.segment;
  json::object attributes;
  for (const auto& [key, values] : g.filter.attributes) attributes[key] = Texts(values);
  json::array classes;
  for (auto c : g.filter.nps_classes) classes.emplace_back(domain::ToString(c));
  json::array own_emails;
  for (auto kind : e.own_emails) own_emails.emplace_back(domain::ToString(kind));
  return json::object{{"id", g.id},
                      {"program_id", g.program_id},
                      {"name", g.name},
                      {"description", g.description},
                      {"position", g.active ? json::value(g.position) : json::value(nullptr)},
                      {"attributes", std::move(attributes)},
                      {"tags", Texts(g.filter.tags)},
                      {"nps_classes", std::move(classes)},
                      {"min_level", g.filter.min_level},
                      {"share_message", g.words.share_message},
                      {"portal_headline", g.words.portal_headline},
                      {"landing_headline", g.words.landing_headline},
                      {"landing_intro", g.words.landing_intro},
                      {"own_emails", std::move(own_emails)},
                      {"active", g.active},
                      {"warnings", Texts(e.warnings)},
                      {"created_at", FormatTimestamp(g.created_at)},
                      {"updated_at", FormatTimestamp(g.updated_at)}};
}

// The segment fields of the request's body (creation and change alike); kInvalidArgument naming
// each field of the wrong type or unknown (kMalformed for a body that is no JSON).
Result<domain::SegmentInput> SegmentInputOf(const Request& request) {
  BB_ASSIGN_OR_RETURN(json::object body, ParseJsonObject(request));
  ObjectReader reader(body);
  domain::SegmentInput input;
  input.name = reader.String("name");
  input.description = reader.String("description");
  input.position = reader.Integer("position");
  input.attributes = reader.TextLists("attributes");
  input.tags = reader.StringList("tags");
  input.nps_classes = reader.StringList("nps_classes");
  input.min_level = reader.String("min_level");
  input.share_message = reader.String("share_message");
  input.portal_headline = reader.String("portal_headline");
  input.landing_headline = reader.String("landing_headline");
  input.landing_intro = reader.String("landing_intro");
  input.active = reader.Boolean("active");
  BB_RETURN_IF_ERROR(reader.Finish());
  return input;
}

// GET /api/v1/programs/{id}/segments?include_retired=true
Response ListSegments(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"include_retired"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto retired = request.Query("include_retired");
  if (retired && *retired != "true" && *retired != "false") {
    return ErrorResponse(Error::InvalidField("include_retired", "must be true or false"), request);
  }
  auto list = context.services.segments.List(request.actor, request.Param("id"), retired == "true");
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& e : *list) data.push_back(SegmentToJson(e));
  return JsonReply(200, json::object{{"data", std::move(data)}});
}

// POST /api/v1/programs/{id}/segments
Response CreateSegment(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManagePrograms); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto input = SegmentInputOf(request);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  Render<service::SegmentEntry> render = [](const service::SegmentEntry& e) {
    return service::StoredReply{201, json::serialize(SegmentToJson(e)), "/api/v1/segments/" + e.segment.id};
  };
  return Reply(
      context, request,
      context.services.segments.Create(request.actor, request.Param("id"), *input, IdempotentFor(request, render)),
      render);
}

// GET /api/v1/segments/{id}
Response GetSegment(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {}); !known.ok()) return ErrorResponse(known.error(), request);
  auto entry = context.services.segments.Get(request.actor, request.Param("id"));
  if (!entry.ok()) return ErrorResponse(entry.error(), request);
  return JsonReply(200, SegmentToJson(*entry));
}

// PATCH /api/v1/segments/{id}
Response UpdateSegment(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManagePrograms); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto input = SegmentInputOf(request);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  auto updated = context.services.segments.Update(request.actor, request.Param("id"), *input);
  if (!updated.ok()) return ErrorResponse(updated.error(), request);
  return JsonReply(200, SegmentToJson(*updated));
}

// GET /api/v1/advocates/{id}/segment
Response AdvocateSegment(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {}); !known.ok()) return ErrorResponse(known.error(), request);
  auto found = context.services.segments.OfAdvocate(request.actor, request.Param("id"));
  if (!found.ok()) return ErrorResponse(found.error(), request);
  json::value segment = nullptr;
  if (found->segment) {
    segment = json::object{
        {"id", found->segment->id}, {"name", found->segment->name}, {"position", found->segment->position}};
  }
  const domain::AdvocateWords& w = found->words;
  const domain::Advocate& a = found->advocate;
  const std::string& program = found->program_name;
  return JsonReply(
      200,
      json::object{{"advocate_id", a.id},
                   {"segment", std::move(segment)},
                   {"words", json::object{{"share_message", w.share_message},
                                          {"portal_headline", w.portal_headline},
                                          {"landing_headline", w.landing_headline},
                                          {"landing_intro", w.landing_intro}}},
                   {"rendered",
                    json::object{{"share_message", domain::RenderShareMessage(
                                                       w.share_message, {a.first_name, a.last_name, a.company, a.code,
                                                                         context.links.ReferralLink(a.code), program})},
                                 {"portal_headline", domain::RenderWords(w.portal_headline, program, a.first_name)},
                                 {"landing_headline", domain::RenderWords(w.landing_headline, program, a.first_name)},
                                 {"landing_intro", domain::RenderWords(w.landing_intro, program, a.first_name)}}}});
}

// GET /api/v1/reports/segments?program_id=&from=&to=
Response SegmentReport(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kReadAnalytics); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  if (Status known = OnlyQueryParameters(request, {"program_id", "from", "to"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto program_id = request.Query("program_id");
  if (!program_id || program_id->empty()) {
    return ErrorResponse(Error::InvalidField("program_id", "is required"), request);
  }
  auto range = RangeFromQuery(request);
  if (!range.ok()) return ErrorResponse(range.error(), request);
  Timestamp before = range->before.value_or(context.services.clock.Now());
  Timestamp from = range->from.value_or(before - kDefaultReportDays);
  auto report = context.services.segments.Report(request.actor, *program_id, from, before);
  if (!report.ok()) return ErrorResponse(report.error(), request);
  json::array segments;
  for (const auto& f : report->segments) {
    segments.push_back(
        json::object{{"segment_id", f.segment_id.empty() ? json::value(nullptr) : json::value(f.segment_id)},
                     {"name", f.segment_id.empty() ? json::value(nullptr) : json::value(f.name)},
                     {"active", f.active},
                     {"referrals", f.referrals},
                     {"referring_advocates", f.referring_advocates},
                     {"qualified", f.qualified},
                     {"won", f.won},
                     {"lost", f.lost},
                     {"rejected", f.rejected},
                     {"open", f.open},
                     {"win_rate_bp", NumberOrNull(f.win_rate_bp)},
                     {"revenue_minor", f.revenue_minor},
                     {"reward_cost_minor", f.reward_cost_minor}});
  }
  return JsonReply(200, json::object{{"program_id", report->program_id},
                                     {"currency", report->currency},
                                     {"from", FormatTimestamp(report->from)},
                                     {"to", FormatTimestamp(report->before)},
                                     {"basis", "cohort"},
                                     {"basis_description",
                                      "the referrals submitted in [from, to), each in the segment its advocate was "
                                      "in when it was submitted, with everything that happened to them since"},
                                     {"segments", std::move(segments)}});
}

}  // namespace

void AddSegmentRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/programs/{id}/segments", Access::kStaff, false, bind(ListSegments)});
  router.Add({"POST", "/api/v1/programs/{id}/segments", Access::kStaff, false, bind(CreateSegment)});
  router.Add({"GET", "/api/v1/segments/{id}", Access::kStaff, false, bind(GetSegment)});
  router.Add({"PATCH", "/api/v1/segments/{id}", Access::kStaff, false, bind(UpdateSegment)});
  router.Add({"GET", "/api/v1/advocates/{id}/segment", Access::kStaff, false, bind(AdvocateSegment)});
  router.Add({"GET", "/api/v1/reports/segments", Access::kStaff, false, bind(SegmentReport)});
}

}  // namespace bb::http
