// Reports of one program: GET /api/v1/reports/pipeline (time to close, win rate by stage,
// forecast) and GET /api/v1/reports/monthly (the monthly program report as JSON, HTML or PDF).

#include <boost/json.hpp>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/representation.h"
#include "render/monthly_report.h"

namespace bb::http {
namespace {

namespace json = boost::json;

json::array StagesToJson(const std::vector<domain::StageWinRate>& stages) {
  json::array out;
  for (const auto& s : stages) {
    out.push_back(json::object{{"stage", domain::ToString(s.stage)},
                               {"reached", s.reached},
                               {"won", s.won},
                               {"lost", s.lost},
                               {"rejected", s.rejected},
                               {"open", s.open},
                               {"win_rate_bp", NumberOrNull(s.win_rate_bp)}});
  }
  return out;
}

// The forecast made at `as_of` from the year before it.
json::object ForecastToJson(const domain::Forecast& f, Timestamp as_of) {
  json::array months;
  for (const auto& m : f.months) {
    months.push_back(json::object{{"month", m.month},
                                  {"open_referrals", m.open_referrals},
                                  {"expected_won_milli", m.expected_won_milli},
                                  {"expected_revenue_minor", m.expected_revenue_minor}});
  }
  return json::object{
      {"as_of", FormatTimestamp(as_of)},
      {"history_from", FormatTimestamp(as_of - std::chrono::days(365))},
      {"average_deal_minor", NumberOrNull(f.average_deal_minor)},
      {"median_close_seconds", NumberOrNull(f.median_close_seconds)},
      {"rates", StagesToJson(f.rates)},
      {"open_referrals", f.open_referrals},
      {"stale_open_referrals", f.stale_open_referrals},
      {"expected_won_milli", f.expected_won_milli},
      {"expected_revenue_minor", f.expected_revenue_minor},
      {"months", std::move(months)},
      {"method",
       "Each open, clear referral submitted since history_from is expected to end won as often as the referrals "
       "submitted since then that reached its stage did (won ÷ (won + lost + rejected)), for the past year's "
       "average won deal with a value in the program's currency, a median time to close (of the past year's wins) "
       "after its submission, in the current month when that is past. Older open referrals are stale: counted, "
       "not forecast. Each stage's share is kept in millionths and each month rounded once; the totals add up the "
       "months."}};
}

json::value PipelineToJson(const service::PipelineReport& r) {
  json::array closes;
  for (const auto& c : r.time_to_close) {
    closes.push_back(json::object{{"channel", c.channel.empty() ? json::value(nullptr) : json::value(c.channel)},
                                  {"won", c.won},
                                  {"median_seconds", NumberOrNull(c.median_seconds)},
                                  {"p90_seconds", NumberOrNull(c.p90_seconds)}});
  }
  return json::object{
      {"program_id", r.program.id},
      {"currency", r.program.currency},
      {"from", FormatTimestamp(r.from)},
      {"to", FormatTimestamp(r.before)},
      {"time_to_close", std::move(closes)},
      {"stages", StagesToJson(r.stages)},
      {"forecast", ForecastToJson(r.forecast, r.now)},
  };
}

// GET /api/v1/reports/pipeline?program_id=&from=&to=
Response GetPipelineReport(HandlerContext& context, Request& request) {
  auto program_id = ReportProgramId(request, {"program_id", "from", "to"});
  if (!program_id.ok()) return ErrorResponse(program_id.error(), request);
  auto range = RangeFromQuery(request);
  if (!range.ok()) return ErrorResponse(range.error(), request);
  auto report = context.services.reports.Pipeline(request.actor, *program_id, *range);
  if (!report.ok()) return ErrorResponse(report.error(), request);
  return JsonReply(200, PipelineToJson(*report));
}

json::object ShareToJson(const domain::ShareOfTotal& share) {
  return json::object{{"referral_minor", share.referral_minor},
                      {"total_minor", NumberOrNull(share.total_minor)},
                      {"share_bp", NumberOrNull(share.share_bp)}};
}

// The month's figures as the dashboard gives them, without the advocates' names (the report's
// own top_advocates respect their consent) or the days.
json::value FiguresToJson(const domain::MonthlyReport& r, const domain::Analytics& figures, Timestamp from,
                          Timestamp before) {
  json::value out = AnalyticsToJson(r.program_id, from, before, figures);
  out.as_object().erase("top_advocates");
  out.as_object().erase("new_advocates");
  return out;
}

json::value MonthlyToJson(const domain::MonthlyReport& r) {
  json::array top;
  for (const auto& a : r.top_advocates) {
    top.push_back(json::object{{"named", a.named},
                               {"name", a.name},
                               {"company", a.company},
                               {"referrals", a.referrals},
                               {"won", a.won},
                               {"revenue_minor", a.revenue_minor},
                               {"currency", a.currency}});
  }
  return json::object{
      {"program_id", r.program_id},
      {"program_name", r.program_name},
      {"currency", r.currency},
      {"month", r.month},
      {"complete", r.complete},
      {"generated_at", FormatTimestamp(r.generated_at)},
      {"figures", FiguresToJson(r, r.figures, r.from, r.before)},
      {"previous", FiguresToJson(r, r.previous, r.previous_from, r.from)},
      {"top_advocates", std::move(top)},
      {"revenue_share", ShareToJson(r.revenue_share)},
      {"pipeline_share", ShareToJson(r.pipeline_share)},
      {"forecast", ForecastToJson(r.forecast, r.generated_at)},
  };
}

// GET /api/v1/reports/monthly?program_id=&month=&format=json|html|pdf
Response GetMonthlyReport(HandlerContext& context, Request& request) {
  // Who may read reports is told before what is wrong with the request (sales reps: 403).
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kReadAnalytics); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  if (Status known = OnlyQueryParameters(request, {"program_id", "month", "format"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  std::string program_id(request.Query("program_id").value_or(""));
  std::string month(request.Query("month").value_or(""));
  std::string format(request.Query("format").value_or("json"));
  std::vector<FieldError> missing;
  if (program_id.empty()) missing.push_back({"program_id", "is required"});
  if (month.empty()) missing.push_back({"month", "is required"});
  if (format != "json" && format != "html" && format != "pdf")
    missing.push_back({"format", "must be json, html or pdf"});
  if (!missing.empty()) return ErrorResponse(Error::Invalid(std::move(missing)), request);
  auto report = context.services.reports.Monthly(request.actor, program_id, month);
  if (!report.ok()) return ErrorResponse(report.error(), request);
  if (format == "json") return JsonReply(200, MonthlyToJson(*report));
  Response response;
  if (format == "html") {
    response = Response::Text(200, render::MonthlyReportHtml(*report), "text/html; charset=utf-8");
    // The page is the server's own: inline style only, nothing from elsewhere, never framed.
    response
        .With("Content-Security-Policy",
              "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
              "frame-ancestors 'none'")
        .With("X-Frame-Options", "DENY");
  } else {
    auto pdf = render::MonthlyReportPdf(*report);
    if (!pdf.ok()) return ErrorResponse(pdf.error(), request);
    response = Response::Text(200, std::move(*pdf), "application/pdf");
    response.With("Content-Disposition",
                  "inline; filename=\"report-" + report->program_id + "-" + report->month + ".pdf\"");
  }
  // Revenue and the names of advocates who agreed to be named: kept in no cache.
  response.With("Cache-Control", "no-store");
  return response;
}

}  // namespace

void AddReportRoutes(Router& router, HandlerContext& context) {
  router.Add({"GET", "/api/v1/reports/pipeline", Access::kStaff, false,
              [&context](Request& request) { return GetPipelineReport(context, request); }});
  router.Add({"GET", "/api/v1/reports/monthly", Access::kStaff, false,
              [&context](Request& request) { return GetMonthlyReport(context, request); }});
}

}  // namespace bb::http
