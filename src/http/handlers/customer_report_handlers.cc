// Referred and other customers of one program, month by month: GET /api/v1/reports/customers.

#include <boost/json.hpp>

#include "http/handlers/handlers.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

constexpr std::string_view kMethod =
    "A referred customer is a referral won and clear now, from its win until its churn is recorded. Customers at "
    "the start are counted at the month's first instant (UTC); new and churned ones during the month. "
    "retention_bp = (customers at start - churned) / customers at start, churn_bp = churned / customers at start, "
    "in basis points rounded half away from zero. Revenue is the won deals' values in the program's currency, per "
    "new customer with such a value. The other customers are the business's totals that staff entered for the "
    "month less the referred ones, figure by figure. A range counts the customers at the start of its first month "
    "and adds up its months. A customer is lost when staff record the churn: one nobody records stays counted.";

json::object FiguresToJson(const domain::CustomerFigures& f, bool referred) {
  json::object out{{"customers_at_start", NumberOrNull(f.customers_at_start)},
                   {"new_customers", NumberOrNull(f.new_customers)},
                   {"churned_customers", NumberOrNull(f.churned_customers)},
                   {"retention_bp", NumberOrNull(f.retention_bp)},
                   {"churn_bp", NumberOrNull(f.churn_bp)},
                   {"new_revenue_minor", NumberOrNull(f.new_revenue_minor)},
                   {"revenue_per_new_customer_minor", NumberOrNull(f.revenue_per_new_customer_minor)}};
  if (referred) out["unpriced_new_customers"] = NumberOrNull(f.unpriced_new_customers);
  return out;
}

json::value ReportToJson(const service::CustomerReport& r) {
  json::array months;
  for (const auto& m : r.comparison.months) {
    json::array notes;
    for (const auto& note : m.notes) notes.push_back(json::value(note));
    months.push_back(json::object{{"month", m.month},
                                  {"referred", FiguresToJson(m.referred, true)},
                                  {"other", FiguresToJson(m.other, false)},
                                  {"notes", std::move(notes)}});
  }
  return json::object{{"program_id", r.program.id},
                      {"currency", r.program.currency},
                      {"from", r.from},
                      {"to", r.to},
                      {"complete", r.complete},
                      {"months", std::move(months)},
                      {"total", json::object{{"referred", FiguresToJson(r.comparison.referred, true)},
                                             {"other", FiguresToJson(r.comparison.other, false)}}},
                      {"method", kMethod}};
}

// GET /api/v1/reports/customers?program_id=&from=YYYY-MM&to=YYYY-MM
Response GetCustomerReport(HandlerContext& context, Request& request) {
  auto program_id = ReportProgramId(request, {"program_id", "from", "to"});
  if (!program_id.ok()) return ErrorResponse(program_id.error(), request);
  auto report = context.services.reports.Customers(request.actor, *program_id, request.Query("from").value_or(""),
                                                   request.Query("to").value_or(""));
  if (!report.ok()) return ErrorResponse(report.error(), request);
  return JsonReply(200, ReportToJson(*report));
}

}  // namespace

void AddCustomerReportRoutes(Router& router, HandlerContext& context) {
  router.Add({"GET", "/api/v1/reports/customers", Access::kStaff, false,
              [&context](Request& request) { return GetCustomerReport(context, request); }});
}

}  // namespace bb::http
