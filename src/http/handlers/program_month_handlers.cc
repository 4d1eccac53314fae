// A program's figures per month, entered by staff: GET /api/v1/programs/{id}/months, and PUT and
// DELETE /api/v1/programs/{id}/months/{month}.

#include <boost/json.hpp>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

json::object MonthToJson(const domain::ProgramMonth& m) {
  return json::object{{"program_id", m.program_id},
                      {"month", m.month},
                      {"currency", m.currency},
                      {"cost_minor", NumberOrNull(m.cost_minor)},
                      {"total_pipeline_minor", NumberOrNull(m.total_pipeline_minor)},
                      {"total_revenue_minor", NumberOrNull(m.total_revenue_minor)},
                      {"total_customers_at_start", NumberOrNull(m.total_customers_at_start)},
                      {"total_new_customers", NumberOrNull(m.total_new_customers)},
                      {"total_churned_customers", NumberOrNull(m.total_churned_customers)},
                      {"note", m.note},
                      {"updated_by", m.updated_by},
                      {"updated_at", FormatTimestamp(m.updated_at)}};
}

Response ListMonths(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {}); !known.ok()) return ErrorResponse(known.error(), request);
  auto months = context.services.programs.Months(request.actor, request.Param("id"));
  if (!months.ok()) return ErrorResponse(months.error(), request);
  json::array data;
  for (const auto& month : *months) data.push_back(MonthToJson(month));
  return JsonReply(200, json::object{{"data", std::move(data)}});
}

// PUT replaces the month's figures with the body's: a figure left out is none.
Response PutMonth(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  domain::ProgramMonthInput input;
  input.cost_minor = reader.Integer("cost_minor");
  input.total_pipeline_minor = reader.Integer("total_pipeline_minor");
  input.total_revenue_minor = reader.Integer("total_revenue_minor");
  input.total_customers_at_start = reader.Integer("total_customers_at_start");
  input.total_new_customers = reader.Integer("total_new_customers");
  input.total_churned_customers = reader.Integer("total_churned_customers");
  input.note = reader.String("note");
  Status read = reader.Finish();
  if (!read.ok()) return ErrorResponse(read.error(), request);
  auto month = context.services.programs.PutMonth(request.actor, request.Param("id"), request.Param("month"), input);
  if (!month.ok()) return ErrorResponse(month.error(), request);
  return JsonReply(200, MonthToJson(*month));
}

Response DeleteMonth(HandlerContext& context, Request& request) {
  Status deleted = context.services.programs.DeleteMonth(request.actor, request.Param("id"), request.Param("month"));
  if (!deleted.ok()) return ErrorResponse(deleted.error(), request);
  Response response;
  response.status = 204;
  return response;
}

}  // namespace

void AddProgramMonthRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/programs/{id}/months", Access::kStaff, false, bind(ListMonths)});
  router.Add({"PUT", "/api/v1/programs/{id}/months/{month}", Access::kStaff, false, bind(PutMonth)});
  router.Add({"DELETE", "/api/v1/programs/{id}/months/{month}", Access::kStaff, false, bind(DeleteMonth)});
}

}  // namespace bb::http
