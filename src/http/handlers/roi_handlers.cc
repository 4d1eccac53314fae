// The ROI calculator: POST /api/v1/roi/estimate.

#include <boost/json.hpp>

#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

json::value AnswerToJson(const service::RoiAnswer& answer) {
  const domain::RoiEstimate& e = answer.estimate;
  json::array assumptions;
  for (const auto& a : answer.assumptions.listed) {
    assumptions.push_back(json::object{{"name", a.name}, {"value", a.value}, {"source", a.source}});
  }
  json::value history = nullptr;
  if (answer.history) {
    const domain::RoiHistory& h = *answer.history;
    history = json::object{{"period", h.period},
                           {"referring_advocates", h.referring_advocates},
                           {"referrals", h.referrals},
                           {"won", h.won},
                           {"lost", h.lost},
                           {"reward_cost_minor", h.reward_cost_minor},
                           {"priced_wins", h.priced_wins},
                           {"average_deal_minor", NumberOrNull(h.average_deal_minor)},
                           {"program_cost_per_month_minor", NumberOrNull(h.program_cost_per_month_minor)}};
  }
  return json::object{
      {"program_id", answer.program_id.empty() ? json::value(nullptr) : json::value(answer.program_id)},
      {"currency", answer.currency},
      {"months", answer.assumptions.months},
      {"engaged_milli", e.engaged_milli},
      {"referrals_milli", e.referrals_milli},
      {"won_milli", e.won_milli},
      {"revenue_minor", e.revenue_minor},
      {"margin_minor", NumberOrNull(e.margin_minor)},
      {"reward_cost_minor", e.reward_cost_minor},
      {"program_cost_minor", e.program_cost_minor},
      {"cost_minor", e.cost_minor},
      {"net_minor", e.net_minor},
      {"roi_bp", NumberOrNull(e.roi_bp)},
      {"roi_on_margin_bp", NumberOrNull(e.roi_on_margin_bp)},
      {"cost_per_won_minor", NumberOrNull(e.cost_per_won_minor)},
      {"payback_days", NumberOrNull(e.payback_days)},
      {"marketing_leads_for_same_wins_milli", e.marketing_leads_for_same_wins_milli},
      {"assumptions", std::move(assumptions)},
      {"history", std::move(history)},
      {"method",
       "engaged = customers × engaged rate; referrals = engaged × referrals per engaged customer; won = referrals × "
       "won rate; revenue = won × deal value; margin = revenue × gross margin; reward cost = won × reward per win + "
       "referrals × reward per referral; cost = reward cost + program cost per month × months; ROI = (revenue − "
       "cost) / cost (and (margin − cost) / cost); payback: gains (margin, or revenue, less the rewards of wins) "
       "arrive a sales cycle after each referral, costs from the start, both at a steady pace. Counts in "
       "thousandths and money in minor units, each rounded once, halves away from zero."},
  };
}

// POST /api/v1/roi/estimate: the body's assumptions (every one optional bar customers, and the
// deal value without a program's history), answered with the estimate and every assumption used.
Response EstimateRoi(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  std::string program_id = reader.String("program_id").value_or("");
  std::string currency = reader.String("currency").value_or("");
  domain::RoiRequest input;
  std::optional<std::string> preset = reader.String("preset");
  input.customers = reader.Integer("customers");
  input.engaged_bp = reader.Integer("engaged_bp");
  input.referrals_per_engaged_milli = reader.Integer("referrals_per_engaged_milli");
  input.won_bp = reader.Integer("won_bp");
  input.deal_value_minor = reader.Integer("deal_value_minor");
  input.gross_margin_bp = reader.Integer("gross_margin_bp");
  input.reward_per_won_minor = reader.Integer("reward_per_won_minor");
  input.reward_per_referral_minor = reader.Integer("reward_per_referral_minor");
  input.program_cost_per_month_minor = reader.Integer("program_cost_per_month_minor");
  input.months = reader.Integer("months");
  input.sales_cycle_days = reader.Integer("sales_cycle_days");
  input.marketing_lead_won_bp = reader.Integer("marketing_lead_won_bp");
  Status read = reader.Finish();
  if (!read.ok()) return ErrorResponse(read.error(), request);
  if (preset) {
    auto parsed = domain::ParseRoiPreset(*preset);
    if (!parsed) {
      return ErrorResponse(Error::InvalidField("preset", "must be one of bank_case, b2b_purchase, benchmark"), request);
    }
    input.preset = *parsed;
  }
  auto answer = context.services.roi.Estimate(request.actor, program_id, currency, input);
  if (!answer.ok()) return ErrorResponse(answer.error(), request);
  return JsonReply(200, AnswerToJson(*answer));
}

}  // namespace

void AddRoiRoutes(Router& router, HandlerContext& context) {
  router.Add({"POST", "/api/v1/roi/estimate", Access::kStaff, false,
              [&context](Request& request) { return EstimateRoi(context, request); }});
}

}  // namespace bb::http
