// CRM connectors (admins): create, list, read, change, delete, test the connection, sync now, and
// the sync log. Credentials go in and never come out.

#include <boost/json.hpp>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/representation.h"

namespace bb::http {

namespace {

namespace json = boost::json;

json::value TextOrNull(const std::string& text) { return text.empty() ? json::value(nullptr) : json::value(text); }

json::object ConnectorToJson(const service::ConnectorView& view) {
  const domain::Connector& c = view.connector;
  json::object stage_map;
  for (const auto& [crm_stage, stage] : c.stage_map) stage_map[crm_stage] = domain::ToString(stage);
  json::object auth{{"flow", c.auth.flow}};
  if (!c.auth.client_id.empty()) auth["client_id"] = c.auth.client_id;
  if (!c.auth.username.empty()) auth["username"] = c.auth.username;
  return json::object{
      {"id", c.id},
      {"kind", domain::ToString(c.kind)},
      {"program_id", TextOrNull(c.program_id)},
      {"base_url", c.EffectiveBaseUrl()},
      {"auth", std::move(auth)},
      {"stage_map", std::move(stage_map)},
      {"lead_source", c.lead_source},
      {"lead_status", TextOrNull(c.lead_status)},
      {"send", domain::ToString(c.send)},
      {"poll_seconds", c.poll_seconds},
      {"enabled", c.enabled},
      {"sync_advocates", c.sync_advocates},
      {"sync_scores", c.sync_scores},
      {"scores_scanned_at", TimeOrNull(c.scores_scanned_at)},
      {"health", domain::ToString(c.health)},
      {"health_message", TextOrNull(c.health_message)},
      {"resume_at", TimeOrNull(c.resume_at)},
      {"last_poll_at", TimeOrNull(c.last_poll_at)},
      {"next_poll_at", TimeOrNull(c.next_poll_at)},
      {"referrals",
       json::object{
           {"pending", view.records.pending}, {"synced", view.records.synced}, {"failed", view.records.failed}}},
      {"created_at", FormatTimestamp(c.created_at)},
      {"updated_at", FormatTimestamp(c.updated_at)},
  };
}

Result<domain::ConnectorInput> ReadConnectorInput(Request& request) {
  BB_ASSIGN_OR_RETURN(json::object body, ParseJsonObject(request));
  ObjectReader reader(body);
  domain::ConnectorInput input;
  input.kind = reader.String("kind");
  input.program_id = reader.String("program_id");
  input.base_url = reader.String("base_url");
  reader.Object("auth", [&](ObjectReader& auth) {
    input.auth = domain::ConnectorAuthInput{
        auth.String("flow"),          auth.String("client_id"),       auth.String("username"),
        auth.String("client_secret"), auth.String("private_key_pem"), auth.String("token")};
  });
  std::vector<FieldError> map_errors;
  if (auto map = reader.Attributes("stage_map")) {
    std::map<std::string, std::string> stage_map;
    for (const auto& [crm_stage, value] : *map) {
      if (!value || value->kind != domain::AttributeValue::Kind::kString) {
        map_errors.push_back({"stage_map." + crm_stage, "must be qualified, opportunity, won or lost"});
      } else {
        stage_map[crm_stage] = value->text;
      }
    }
    input.stage_map = std::move(stage_map);
  }
  input.lead_source = reader.String("lead_source");
  input.lead_status = reader.String("lead_status");
  input.send = reader.String("send");
  input.poll_seconds = reader.Integer("poll_seconds");
  input.enabled = reader.Boolean("enabled");
  input.sync_advocates = reader.Boolean("sync_advocates");
  input.sync_scores = reader.Boolean("sync_scores");
  BB_RETURN_IF_ERROR(reader.Finish());
  if (!map_errors.empty()) return Error::Invalid(std::move(map_errors));
  return input;
}

Response CreateConnector(HandlerContext& context, Request& request) {
  auto input = ReadConnectorInput(request);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  auto created = context.services.connectors.Create(request.actor, *input);
  if (!created.ok()) return ErrorResponse(created.error(), request);
  Response response = JsonReply(201, ConnectorToJson(*created));
  response.headers.emplace_back("Location", "/api/v1/connectors/" + created->connector.id);
  return response;
}

Response ListConnectors(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {}); !known.ok()) return ErrorResponse(known.error(), request);
  auto connectors = context.services.connectors.List(request.actor);
  if (!connectors.ok()) return ErrorResponse(connectors.error(), request);
  json::array data;
  for (const auto& view : *connectors) data.push_back(ConnectorToJson(view));
  return JsonReply(200, PageToJson(std::move(data), ""));
}

Response GetConnector(HandlerContext& context, Request& request) {
  auto view = context.services.connectors.Get(request.actor, request.Param("id"));
  if (!view.ok()) return ErrorResponse(view.error(), request);
  return JsonReply(200, ConnectorToJson(*view));
}

Response UpdateConnector(HandlerContext& context, Request& request) {
  auto input = ReadConnectorInput(request);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  auto view = context.services.connectors.Update(request.actor, request.Param("id"), *input);
  if (!view.ok()) return ErrorResponse(view.error(), request);
  return JsonReply(200, ConnectorToJson(*view));
}

Response DeleteConnector(HandlerContext& context, Request& request) {
  Status deleted = context.services.connectors.Delete(request.actor, request.Param("id"));
  if (!deleted.ok()) return ErrorResponse(deleted.error(), request);
  Response response;
  response.status = 204;
  return response;
}

Response TestConnector(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request, true);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  if (Status read = ObjectReader(*body).Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  auto check = context.services.connectors.Test(request.actor, request.Param("id"));
  if (!check.ok()) return ErrorResponse(check.error(), request);
  json::array problems;
  for (const auto& problem : check->problems) problems.emplace_back(problem);
  json::array stages;
  for (const auto& stage : check->stages) {
    stages.push_back(json::object{{"object", stage.object},
                                  {"id", stage.id},
                                  {"label", stage.label},
                                  {"closed", stage.closed},
                                  {"won", stage.won}});
  }
  return JsonReply(200, json::object{{"ok", check->ok},
                                     {"problems", std::move(problems)},
                                     {"stages", std::move(stages)},
                                     {"api_usage", TextOrNull(check->api_usage)}});
}

Response SyncConnector(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request, true);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  if (Status read = ObjectReader(*body).Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  auto view = context.services.connectors.SyncNow(request.actor, request.Param("id"));
  if (!view.ok()) return ErrorResponse(view.error(), request);
  return JsonReply(202, ConnectorToJson(*view));
}

Response ConnectorLog(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"limit", "cursor"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto log = context.services.connectors.Log(request.actor, request.Param("id"), *page);
  if (!log.ok()) return ErrorResponse(log.error(), request);
  json::array data;
  for (const auto& entry : log->items) {
    data.push_back(json::object{{"id", entry.id},
                                {"at", FormatTimestamp(entry.at)},
                                {"direction", entry.direction},
                                {"outcome", entry.outcome},
                                {"referral_id", TextOrNull(entry.referral_id)},
                                {"crm_id", TextOrNull(entry.crm_id)},
                                {"message", entry.message}});
  }
  return JsonReply(200, PageToJson(std::move(data), log->next_cursor));
}

}  // namespace

void AddConnectorRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/connectors", Access::kStaff, false, bind(ListConnectors)});
  router.Add({"POST", "/api/v1/connectors", Access::kStaff, false, bind(CreateConnector)});
  router.Add({"GET", "/api/v1/connectors/{id}", Access::kStaff, false, bind(GetConnector)});
  router.Add({"PATCH", "/api/v1/connectors/{id}", Access::kStaff, false, bind(UpdateConnector)});
  router.Add({"DELETE", "/api/v1/connectors/{id}", Access::kStaff, false, bind(DeleteConnector)});
  router.Add({"POST", "/api/v1/connectors/{id}/test", Access::kStaff, false, bind(TestConnector)});
  router.Add({"POST", "/api/v1/connectors/{id}/sync", Access::kStaff, false, bind(SyncConnector)});
  router.Add({"GET", "/api/v1/connectors/{id}/log", Access::kStaff, false, bind(ConnectorLog)});
}

}  // namespace bb::http
