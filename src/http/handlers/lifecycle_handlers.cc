// Lifecycle stages (domain/lifecycle.h): a program's settings (GET/PATCH
// /api/v1/programs/{id}/lifecycle-settings), staff moves (POST /api/v1/programs/{id}/lifecycle-moves),
// a person's history (GET /api/v1/programs/{id}/lifecycle-contact?email=) and the program's
// figures (GET /api/v1/lifecycle?program_id=&from=&to=&as_of=).

#include <boost/json.hpp>

#include <cmath>
#include <string>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

constexpr std::string_view kBasis =
    "count: people at the stage at as_of (stock). entries: moves into the stage in [from, to) (flow; a person "
    "entering twice counts twice). cohort: people whose first entry into the stage is in [from, to); of them, "
    "converted reached the next stage by as_of, lost moved to lost first, in_progress neither (conversion_bp, "
    "loss_bp and in_progress_bp make 10000). median_days_in_stage: Kaplan-Meier median of the cohort's first "
    "stays, those still in the stage counted as staying (censored at as_of); median_days_of_ended_stays leaves "
    "them out. throughput_bp: entries into the next stage over entries into this one in the period (different "
    "people: not a conversion rate). All instants UTC; [from, to) with to exclusive.";

json::object SettingsToJson(const domain::LifecycleSettings& s) {
  json::array stages;
  for (const auto& stage : s.stages) {
    stages.push_back(json::object{{"key", stage.key}, {"name", stage.name}, {"weight", stage.weight}});
  }
  return json::object{
      {"program_id", s.program_id},
      {"stages", std::move(stages)},
      {"on_referral_submitted", s.on_referral_submitted},
      {"on_referral_won", s.on_referral_won},
      {"on_enrolled", s.on_enrolled},
      {"lose_on_referral_closed", s.lose_on_referral_closed},
      {"updated_at", s.updated_by.empty() ? json::value(nullptr) : json::value(FormatTimestamp(s.updated_at))},
      {"updated_by", s.updated_by.empty() ? json::value(nullptr) : json::value(s.updated_by)}};
}

json::object MoveToJson(const domain::LifecycleMove& m) {
  json::array reached;
  for (const auto& stage : m.reached) reached.emplace_back(stage);
  return json::object{{"id", m.id},
                      {"email", m.email},
                      {"from", m.from.empty() ? json::value(nullptr) : json::value(m.from)},
                      {"to", m.to},
                      {"reached", std::move(reached)},
                      {"at", FormatTimestamp(m.at)},
                      {"source", domain::ToString(m.source)},
                      {"actor_id", m.actor_id.empty() ? json::value(nullptr) : json::value(m.actor_id)},
                      {"reason", m.reason}};
}

json::object ContactToJson(const domain::LifecycleContact& c) {
  return json::object{{"email", c.email},
                      {"stage", c.stage},
                      {"entered_at", FormatTimestamp(c.entered_at)},
                      {"first_seen_at", FormatTimestamp(c.first_seen_at)}};
}

// Seconds as days with two decimals (half away from zero), or null.
json::value Days(const std::optional<std::int64_t>& seconds) {
  if (!seconds) return nullptr;
  return std::round(static_cast<double>(*seconds) / 864.0) / 100.0;
}

// GET /api/v1/programs/{id}/lifecycle-settings
Response GetSettings(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {}); !known.ok()) return ErrorResponse(known.error(), request);
  auto settings = context.services.lifecycle.Settings(request.actor, request.Param("id"));
  if (!settings.ok()) return ErrorResponse(settings.error(), request);
  return JsonReply(200, SettingsToJson(*settings));
}

// PATCH /api/v1/programs/{id}/lifecycle-settings {fields of domain::LifecycleSettingsInput}
Response PatchSettings(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManagePrograms); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  domain::LifecycleSettingsInput input;
  std::vector<domain::LifecycleStage> stages;
  if (reader.ObjectList("stages", [&](ObjectReader& item, std::size_t) {
        domain::LifecycleStage stage;
        stage.key = item.String("key").value_or("");
        stage.name = item.String("name").value_or("");
        stage.weight = item.Integer("weight").value_or(-1);
        stages.push_back(std::move(stage));
      })) {
    input.stages = std::move(stages);
  }
  input.on_referral_submitted = reader.String("on_referral_submitted");
  input.on_referral_won = reader.String("on_referral_won");
  input.on_enrolled = reader.String("on_enrolled");
  input.lose_on_referral_closed = reader.Boolean("lose_on_referral_closed");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  auto settings = context.services.lifecycle.UpdateSettings(request.actor, request.Param("id"), input);
  if (!settings.ok()) return ErrorResponse(settings.error(), request);
  return JsonReply(200, SettingsToJson(*settings));
}

// POST /api/v1/programs/{id}/lifecycle-moves {"email", "to", "allow_backward"?, "reason"?}
Response PostMove(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManagePrograms); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  service::LifecycleMoveInput input;
  input.email = reader.String("email");
  input.to = reader.String("to");
  input.allow_backward = reader.Boolean("allow_backward").value_or(false);
  input.reason = reader.String("reason");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  auto moved = context.services.lifecycle.Move(request.actor, request.Param("id"), input);
  if (!moved.ok()) return ErrorResponse(moved.error(), request);
  json::object out{{"changed", moved->move.has_value()},
                   {"move", moved->move ? json::value(MoveToJson(*moved->move)) : json::value(nullptr)},
                   {"contact", ContactToJson(moved->contact)}};
  return JsonReply(moved->move ? 201 : 200, std::move(out));
}

// GET /api/v1/programs/{id}/lifecycle-contact?email=
Response GetContact(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"email"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto email = request.Query("email");
  if (!email) return ErrorResponse(Error::InvalidField("email", "is required"), request);
  auto history = context.services.lifecycle.History(request.actor, request.Param("id"), *email);
  if (!history.ok()) return ErrorResponse(history.error(), request);
  json::object out = ContactToJson(history->contact);
  json::array moves;
  for (const auto& move : history->moves) moves.push_back(MoveToJson(move));
  out["moves"] = std::move(moves);
  return JsonReply(200, std::move(out));
}

// GET /api/v1/lifecycle?program_id=&from=&to=&as_of=
Response GetFigures(HandlerContext& context, Request& request) {
  auto program_id = ReportProgramId(request, {"program_id", "from", "to", "as_of"});
  if (!program_id.ok()) return ErrorResponse(program_id.error(), request);
  auto range = RangeFromQuery(request);
  if (!range.ok()) return ErrorResponse(range.error(), request);
  service::LifecycleFiguresRequest figures_request;
  figures_request.program_id = *program_id;
  figures_request.from = range->from;
  figures_request.to = range->before;
  auto as_of = AsOfFromQuery(request);
  if (!as_of.ok()) return ErrorResponse(as_of.error(), request);
  figures_request.as_of = *as_of;
  auto report = context.services.lifecycle.Figures(request.actor, figures_request);
  if (!report.ok()) return ErrorResponse(report.error(), request);
  json::array stages;
  for (const auto& f : report->figures.stages) {
    stages.push_back(json::object{{"stage", f.stage},
                                  {"name", f.name},
                                  {"next", f.next.empty() ? json::value(nullptr) : json::value(f.next)},
                                  {"count", f.count},
                                  {"entries", f.entries},
                                  {"cohort", f.cohort},
                                  {"converted", f.converted},
                                  {"lost", f.lost},
                                  {"in_progress", f.in_progress},
                                  {"conversion_bp", NumberOrNull(f.conversion_bp)},
                                  {"loss_bp", NumberOrNull(f.loss_bp)},
                                  {"in_progress_bp", NumberOrNull(f.in_progress_bp)},
                                  {"median_days_in_stage", Days(f.median_seconds_in_stage)},
                                  {"median_days_of_ended_stays", Days(f.median_seconds_of_ended_stays)},
                                  {"throughput_bp", NumberOrNull(f.throughput_bp)}});
  }
  return JsonReply(200, json::object{{"program_id", *program_id},
                                     {"from", FormatTimestamp(report->window.from)},
                                     {"to", FormatTimestamp(report->window.to)},
                                     {"as_of", FormatTimestamp(report->window.as_of)},
                                     {"people", report->figures.people},
                                     {"stages", std::move(stages)},
                                     {"basis", kBasis}});
}

}  // namespace

void AddLifecycleRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/programs/{id}/lifecycle-settings", Access::kStaff, false, bind(GetSettings)});
  router.Add({"PATCH", "/api/v1/programs/{id}/lifecycle-settings", Access::kStaff, false, bind(PatchSettings)});
  router.Add({"POST", "/api/v1/programs/{id}/lifecycle-moves", Access::kStaff, false, bind(PostMove)});
  router.Add({"GET", "/api/v1/programs/{id}/lifecycle-contact", Access::kStaff, false, bind(GetContact)});
  router.Add({"GET", "/api/v1/lifecycle", Access::kStaff, false, bind(GetFigures)});
}

}  // namespace bb::http
