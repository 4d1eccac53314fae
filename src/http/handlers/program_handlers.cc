// Programs: create, list, read, update, pause/resume/archive, stats, the dashboard, the clicks export.

#include <boost/json.hpp>

#include <algorithm>

#include "common/time_format.h"
#include "http/handlers/csv_export.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

// `creating`: when the body has type errors, also report what the domain finds wrong with the rest.
Result<domain::ProgramInput> ReadProgramInput(const Request& request, bool creating) {
  BB_ASSIGN_OR_RETURN(json::object body, ParseJsonObject(request));
  ObjectReader reader(body);
  domain::ProgramInput input;
  input.name = reader.String("name");
  input.kind = reader.String("kind");
  input.slug = reader.String("slug");
  input.description = reader.String("description");
  input.landing_url = reader.String("landing_url");
  input.attribution_window_days = reader.Integer("attribution_window_days");
  input.currency = reader.String("currency");
  reader.Object("referral_policy", [&](ObjectReader& policy) {
    domain::ReferralPolicyInput& out = input.referral_policy.emplace();
    out.uses_opportunity = policy.Boolean("uses_opportunity");
    out.duplicate_window_days = policy.Integer("duplicate_window_days");
    out.velocity_limit = policy.Integer("velocity_limit");
    out.ip_velocity_limit = policy.Integer("ip_velocity_limit");
    out.velocity_window_hours = policy.Integer("velocity_window_hours");
    out.same_domain_is_self_referral = policy.Boolean("same_domain_is_self_referral");
    out.reversal_window_days = policy.Integer("reversal_window_days");
    out.phone_region = policy.String("phone_region");
  });
  reader.Object("branding", [&](ObjectReader& branding) {
    domain::BrandingInput& out = input.branding.emplace();
    out.color = branding.String("color");
    out.logo_url = branding.String("logo_url");
    out.share_message = branding.String("share_message");
    out.portal_headline = branding.String("portal_headline");
    out.landing_headline = branding.String("landing_headline");
    out.landing_intro = branding.String("landing_intro");
  });
  Status read = reader.Finish();
  if (!read.ok()) {
    if (!creating) return std::move(read).error();
    return MergeFieldErrors(std::move(read).error(), StatusOf(domain::BuildProgram(input, "", Timestamp{})));
  }
  return input;
}

Render<domain::Program> RenderProgram(HandlerContext& context, int status) {
  return [&context, status](const domain::Program& program) {
    return service::StoredReply{status, json::serialize(ToJson(program)),
                                status == 201 ? "/api/v1/programs/" + program.id : ""};
  };
}

Response CreateProgram(HandlerContext& context, Request& request) {
  auto input = ReadProgramInput(request, true);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  auto render = RenderProgram(context, 201);
  return Reply(context, request,
               context.services.programs.Create(request.actor, *input, IdempotentFor(request, render)), render);
}

Response ListPrograms(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"limit", "cursor", "status"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  std::optional<domain::ProgramStatus> status;
  if (auto given = request.Query("status")) {
    status = domain::ParseProgramStatus(*given);
    if (!status) {
      return ErrorResponse(Error::InvalidField("status", "must be one of active, paused, archived"), request);
    }
  }
  auto programs = context.services.programs.List(request.actor, status, *page);
  if (!programs.ok()) return ErrorResponse(programs.error(), request);
  json::array data;
  for (const auto& program : programs->items) data.push_back(ToJson(program));
  return JsonReply(200, PageToJson(std::move(data), programs->next_cursor));
}

Response GetProgram(HandlerContext& context, Request& request) {
  auto program = context.services.programs.Get(request.actor, request.Param("id"));
  if (!program.ok()) return ErrorResponse(program.error(), request);
  return JsonReply(200, ToJson(*program));
}

Response UpdateProgram(HandlerContext& context, Request& request) {
  auto input = ReadProgramInput(request, false);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  auto program = context.services.programs.Update(request.actor, request.Param("id"), *input);
  if (!program.ok()) return ErrorResponse(program.error(), request);
  return JsonReply(200, ToJson(*program));
}

Handler StatusChange(HandlerContext& context, domain::ProgramStatus target) {
  return [&context, target](Request& request) {
    auto body = ParseJsonObject(request, true);
    if (!body.ok()) return ErrorResponse(body.error(), request);
    ObjectReader reader(*body);
    Status read = reader.Finish();
    if (!read.ok()) return ErrorResponse(read.error(), request);
    auto render = RenderProgram(context, 200);
    return Reply(
        context, request,
        context.services.programs.SetStatus(request.actor, request.Param("id"), target, IdempotentFor(request, render)),
        render);
  };
}

Response GetProgramStats(HandlerContext& context, Request& request) {
  auto range = RangeFromQuery(request);
  if (!range.ok()) return ErrorResponse(range.error(), request);
  auto stats = context.services.programs.Stats(request.actor, request.Param("id"), *range);
  if (!stats.ok()) return ErrorResponse(stats.error(), request);
  json::value body = StatsToJson(request.Param("id"), *stats);
  body.as_object()["from"] = range->from ? json::value(FormatTimestamp(*range->from)) : json::value(nullptr);
  body.as_object()["to"] = range->before ? json::value(FormatTimestamp(*range->before)) : json::value(nullptr);
  return JsonReply(200, body);
}

// The dashboard: ?program_id= (absent: every program), from, to (exclusive), basis (cohort, the
// default, or activity).
Response GetAnalytics(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"program_id", "from", "to", "basis"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto range = RangeFromQuery(request);
  if (!range.ok()) return ErrorResponse(range.error(), request);
  auto basis = domain::ParseAnalyticsBasis(request.Query("basis").value_or("cohort"));
  if (!basis) return ErrorResponse(Error::InvalidField("basis", "must be cohort or activity"), request);
  std::string program_id(request.Query("program_id").value_or(""));
  auto analytics = context.services.programs.Analytics(request.actor, program_id, *range, *basis);
  if (!analytics.ok()) return ErrorResponse(analytics.error(), request);
  return JsonReply(200, AnalyticsToJson(program_id, *range->from, *range->before, *analytics));
}

// GET /api/v1/exports/clicks.csv?program_id=&advocate_id=&from=&to=&bots=: a program's clicks,
// oldest first. The file ends at the time the request came at the latest (clicks arriving during a
// long export are not chased).
Response ExportClicks(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"program_id", "advocate_id", "from", "to", "bots"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  std::string program_id(request.Query("program_id").value_or(""));
  if (program_id.empty()) return ErrorResponse(Error::InvalidField("program_id", "is required"), request);
  auto range = RangeFromQuery(request);
  if (!range.ok()) return ErrorResponse(range.error(), request);
  service::ClickFilter filter;
  filter.advocate_id = std::string(request.Query("advocate_id").value_or(""));
  filter.from = range->from;
  // A file ends: never after the request came, even for a `to` in the future.
  Timestamp now = context.services.clock.Now();
  filter.before = range->before ? std::min(*range->before, now) : now;
  std::string_view bots = request.Query("bots").value_or("include");
  if (bots == "exclude") {
    filter.bots = store::BotClicks::kExclude;
  } else if (bots == "only") {
    filter.bots = store::BotClicks::kOnly;
  } else if (bots != "include") {
    return ErrorResponse(Error::InvalidField("bots", "must be include, exclude or only"), request);
  }
  return CsvExport<store::ClickRecord>(
      request, "clicks.csv",
      {"id", "occurred_at", "program_id", "advocate_id", "code", "channel", "is_bot", "visitor_id", "address_hash",
       "user_agent", "referrer"},
      {true}, context.services.cursor_key,
      [&context, actor = request.actor, program_id, filter](const service::Page& page) {
        return context.services.programs.Clicks(actor, program_id, filter, page);
      },
      [](const store::ClickRecord& r) -> Result<std::vector<std::string>> {
        const domain::Click& c = r.click;
        return std::vector<std::string>{std::to_string(r.id),
                                        FormatTimestamp(c.occurred_at),
                                        c.program_id,
                                        c.advocate_id,
                                        c.code,
                                        c.channel,
                                        c.is_bot ? "true" : "false",
                                        c.visitor_id,
                                        c.ip_hash,
                                        c.user_agent,
                                        c.referrer};
      });
}

// What the public join and landing pages show of a program: with the landing page's words for
// the visitor referred with `code` (the query's, else the link's cookie).
Response GetPublicProgram(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"code"}); !known.ok()) return ErrorResponse(known.error(), request);
  std::string code(request.Query("code").value_or(request.Cookie(kReferralCookie)));
  if (code.size() > 64) code.clear();  // no code is that long: the program's own words
  auto landing = context.services.programs.GetPublicLanding(request.Param("slug"), code);
  if (!landing.ok()) return ErrorResponse(landing.error(), request);
  json::value out = PublicProgramToJson(landing->program);
  out.as_object()["landing"] = json::object{{"headline", landing->headline}, {"intro", landing->intro}};
  return JsonReply(200, std::move(out));
}

}  // namespace

void AddProgramRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/programs", Access::kStaff, false, bind(ListPrograms)});
  router.Add({"POST", "/api/v1/programs", Access::kStaff, false, bind(CreateProgram)});
  router.Add({"GET", "/api/v1/programs/{id}", Access::kStaff, false, bind(GetProgram)});
  router.Add({"PATCH", "/api/v1/programs/{id}", Access::kStaff, false, bind(UpdateProgram)});
  router.Add({"POST", "/api/v1/programs/{id}/pause", Access::kStaff, false,
              StatusChange(context, domain::ProgramStatus::kPaused)});
  router.Add({"POST", "/api/v1/programs/{id}/resume", Access::kStaff, false,
              StatusChange(context, domain::ProgramStatus::kActive)});
  router.Add({"POST", "/api/v1/programs/{id}/archive", Access::kStaff, false,
              StatusChange(context, domain::ProgramStatus::kArchived)});
  router.Add({"GET", "/api/v1/programs/{id}/stats", Access::kStaff, false, bind(GetProgramStats)});
  router.Add({"GET", "/api/v1/public/programs/{slug}", Access::kPublic, false, bind(GetPublicProgram)});
  router.Add({"GET", "/api/v1/analytics", Access::kStaff, false, bind(GetAnalytics)});
  router.Add({"GET", "/api/v1/exports/clicks.csv", Access::kStaff, false, bind(ExportClicks)});
}

}  // namespace bb::http
