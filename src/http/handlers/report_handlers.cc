// Reports of one program: GET /api/v1/reports/pipeline (time to close, win rate by stage, forecast).

#include <boost/json.hpp>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/representation.h"

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

json::value PipelineToJson(const service::PipelineReport& r) {
  json::array closes;
  for (const auto& c : r.time_to_close) {
    closes.push_back(json::object{{"channel", c.channel.empty() ? json::value(nullptr) : json::value(c.channel)},
                                  {"won", c.won},
                                  {"median_seconds", NumberOrNull(c.median_seconds)},
                                  {"p90_seconds", NumberOrNull(c.p90_seconds)}});
  }
  const domain::Forecast& f = r.forecast;
  json::array months;
  for (const auto& m : f.months) {
    months.push_back(json::object{{"month", m.month},
                                  {"open_referrals", m.open_referrals},
                                  {"expected_won_milli", m.expected_won_milli},
                                  {"expected_revenue_minor", m.expected_revenue_minor}});
  }
  return json::object{
      {"program_id", r.program.id},
      {"currency", r.program.currency},
      {"from", FormatTimestamp(r.from)},
      {"to", FormatTimestamp(r.before)},
      {"time_to_close", std::move(closes)},
      {"stages", StagesToJson(r.stages)},
      {"forecast",
       json::object{
           {"as_of", FormatTimestamp(r.now)},
           {"history_from", FormatTimestamp(r.history_from)},
           {"average_deal_minor", NumberOrNull(f.average_deal_minor)},
           {"median_close_seconds", NumberOrNull(f.median_close_seconds)},
           {"rates", StagesToJson(f.rates)},
           {"open_referrals", f.open_referrals},
           {"expected_won_milli", f.expected_won_milli},
           {"expected_revenue_minor", f.expected_revenue_minor},
           {"months", std::move(months)},
           {"method",
            "Each open, clear referral is expected to be won at its stage's win rate over the past year (won ÷ "
            "(won + lost) of the referrals submitted since history_from that reached the stage), for the past "
            "year's average won deal, a median time to close (of the past year's wins) after its submission, in "
            "the current month when that is past. Each stage's share is kept in millionths and each month rounded "
            "once; the totals add up the months."}}},
  };
}

// GET /api/v1/reports/pipeline?program_id=&from=&to=
Response GetPipelineReport(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"program_id", "from", "to"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  std::string program_id(request.Query("program_id").value_or(""));
  if (program_id.empty()) return ErrorResponse(Error::InvalidField("program_id", "is required"), request);
  auto range = RangeFromQuery(request);
  if (!range.ok()) return ErrorResponse(range.error(), request);
  auto report = context.services.reports.Pipeline(request.actor, program_id, *range);
  if (!report.ok()) return ErrorResponse(report.error(), request);
  return JsonReply(200, PipelineToJson(*report));
}

}  // namespace

void AddReportRoutes(Router& router, HandlerContext& context) {
  router.Add({"GET", "/api/v1/reports/pipeline", Access::kStaff, false,
              [&context](Request& request) { return GetPipelineReport(context, request); }});
}

}  // namespace bb::http
