// Webhook endpoints and their deliveries, and the outbox's items (admins).

#include <boost/json.hpp>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/representation.h"
#include "service/email_service.h"

namespace bb::http {

namespace {

namespace json = boost::json;

json::value TextOrNull(const std::string& text) { return text.empty() ? json::value(nullptr) : json::value(text); }

json::object EndpointToJson(const domain::WebhookEndpoint& e, Timestamp now) {
  json::array events;
  for (const auto& type : e.events) events.emplace_back(type);
  bool overlapping = !e.previous_secret.empty() && e.previous_secret_until && *e.previous_secret_until > now;
  return json::object{
      {"id", e.id},
      {"url", e.url},
      {"description", e.description},
      {"events", std::move(events)},
      {"enabled", e.enabled},
      {"disabled_reason", TextOrNull(e.disabled_reason)},
      {"failing_since", TimeOrNull(e.failing_since)},
      {"previous_secret_valid_until", overlapping ? TimeOrNull(e.previous_secret_until) : json::value(nullptr)},
      {"created_at", FormatTimestamp(e.created_at)},
      {"updated_at", FormatTimestamp(e.updated_at)},
  };
}

// The endpoint with its secret ("secret": null in the idempotency record, which never stores it).
json::value WithSecret(const service::WebhookEndpointWithSecret& created, Timestamp now, bool show_secret) {
  json::object out = EndpointToJson(created.endpoint, now);
  out["secret"] = show_secret ? json::value(created.secret) : json::value(nullptr);
  return out;
}

// What the API shows of an item's payload: a webhook's JSON body; an email's envelope and subject,
// never the message (it may hold a one-time sign-in link).
json::value PayloadToJson(const domain::OutboxItem& item) {
  if (item.kind == domain::OutboxKind::kEmail) {
    auto email = service::DecodeQueuedEmail(item.payload);
    if (!email) return nullptr;
    return json::object{{"from", email->envelope_from},
                        {"to", email->to},
                        {"subject", email->subject},
                        {"transactional", email->transactional}};
  }
  boost::system::error_code ec;
  json::value payload = json::parse(item.payload, ec);
  if (ec) return json::value(item.payload);
  return payload;
}

json::object ItemToJson(const domain::OutboxItem& item) {
  json::value payload = PayloadToJson(item);
  bool pending = item.state == domain::OutboxState::kPending;
  return json::object{
      {"id", item.id},
      {"kind", domain::ToString(item.kind)},
      {"target", item.target},
      {"message_id", item.message_id},
      {"event_type", item.event_type},
      {"state", domain::ToString(item.state)},
      {"attempts", item.attempts},
      {"created_at", FormatTimestamp(item.created_at)},
      {"next_attempt_at", pending ? json::value(FormatTimestamp(item.next_attempt_at)) : json::value(nullptr)},
      {"last_attempt_at", TimeOrNull(item.last_attempt_at)},
      {"last_status", item.last_status == 0 ? json::value(nullptr) : json::value(item.last_status)},
      {"last_error", TextOrNull(item.last_error)},
      {"finished_at", TimeOrNull(item.finished_at)},
      {"payload", std::move(payload)},
  };
}

json::value DetailToJson(const service::OutboxItemDetail& detail) {
  json::object out = ItemToJson(detail.item);
  json::array attempts;
  for (const auto& a : detail.attempts) {
    attempts.push_back(json::object{
        {"number", a.number},
        {"at", FormatTimestamp(a.at)},
        {"duration_ms", std::chrono::duration<double, std::milli>(a.took).count()},
        {"status", a.status == 0 ? json::value(nullptr) : json::value(a.status)},
        {"error", TextOrNull(a.error)},
    });
  }
  out["attempts"] = std::move(attempts);
  return out;
}

json::value ItemsPage(const service::PageOf<domain::OutboxItem>& page) {
  json::array data;
  for (const auto& item : page.items) data.push_back(ItemToJson(item));
  return PageToJson(std::move(data), page.next_cursor);
}

// url, events, description, enabled from the body; `require_all` for a creation.
Result<domain::WebhookEndpointInput> ReadEndpointInput(Request& request) {
  BB_ASSIGN_OR_RETURN(json::object body, ParseJsonObject(request));
  ObjectReader reader(body);
  domain::WebhookEndpointInput input{reader.String("url"), reader.StringList("events"), reader.String("description"),
                                     reader.Boolean("enabled")};
  BB_RETURN_IF_ERROR(reader.Finish());
  return input;
}

std::optional<domain::OutboxState> StateFilter(const Request& request, Status& error) {
  auto text = request.Query("state");
  if (!text) return std::nullopt;
  auto state = domain::ParseOutboxState(*text);
  if (!state) error = Error::InvalidField("state", "must be pending, delivered or dead");
  return state;
}

Response CreateEndpoint(HandlerContext& context, Request& request) {
  auto input = ReadEndpointInput(request);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  const Clock& clock = context.services.clock;
  Render<service::WebhookEndpointWithSecret> render = [&clock](const service::WebhookEndpointWithSecret& created) {
    return service::StoredReply{201, json::serialize(WithSecret(created, clock.Now(), true)),
                                "/api/v1/webhook-endpoints/" + created.endpoint.id};
  };
  Render<service::WebhookEndpointWithSecret> record = [&clock](const service::WebhookEndpointWithSecret& created) {
    return service::StoredReply{201, json::serialize(WithSecret(created, clock.Now(), false)),
                                "/api/v1/webhook-endpoints/" + created.endpoint.id};
  };
  return Reply(context, request,
               context.services.webhooks.Create(request.actor, *input, IdempotentFor(request, record)), render);
}

Response ListEndpoints(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {}); !known.ok()) return ErrorResponse(known.error(), request);
  auto endpoints = context.services.webhooks.List(request.actor);
  if (!endpoints.ok()) return ErrorResponse(endpoints.error(), request);
  json::array data;
  Timestamp now = context.services.clock.Now();
  for (const auto& endpoint : *endpoints) data.push_back(EndpointToJson(endpoint, now));
  return JsonReply(200, PageToJson(std::move(data), ""));
}

Response GetEndpoint(HandlerContext& context, Request& request) {
  auto endpoint = context.services.webhooks.Get(request.actor, request.Param("id"));
  if (!endpoint.ok()) return ErrorResponse(endpoint.error(), request);
  return JsonReply(200, EndpointToJson(*endpoint, context.services.clock.Now()));
}

Response UpdateEndpoint(HandlerContext& context, Request& request) {
  auto input = ReadEndpointInput(request);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  auto endpoint = context.services.webhooks.Update(request.actor, request.Param("id"), *input);
  if (!endpoint.ok()) return ErrorResponse(endpoint.error(), request);
  return JsonReply(200, EndpointToJson(*endpoint, context.services.clock.Now()));
}

Response DeleteEndpoint(HandlerContext& context, Request& request) {
  Status deleted = context.services.webhooks.Delete(request.actor, request.Param("id"));
  if (!deleted.ok()) return ErrorResponse(deleted.error(), request);
  Response response;
  response.status = 204;
  return response;
}

Response RotateSecret(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request, true);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  if (Status read = ObjectReader(*body).Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  const Clock& clock = context.services.clock;
  Render<service::WebhookEndpointWithSecret> render = [&clock](const service::WebhookEndpointWithSecret& rotated) {
    return service::StoredReply{200, json::serialize(WithSecret(rotated, clock.Now(), true)), ""};
  };
  Render<service::WebhookEndpointWithSecret> record = [&clock](const service::WebhookEndpointWithSecret& rotated) {
    return service::StoredReply{200, json::serialize(WithSecret(rotated, clock.Now(), false)), ""};
  };
  return Reply(
      context, request,
      context.services.webhooks.RotateSecret(request.actor, request.Param("id"), IdempotentFor(request, record)),
      render);
}

Response ListDeliveries(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"state", "limit", "cursor"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  Status bad_state;
  auto state = StateFilter(request, bad_state);
  if (!bad_state.ok()) return ErrorResponse(bad_state.error(), request);
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto deliveries = context.services.webhooks.Deliveries(request.actor, request.Param("id"), state, *page);
  if (!deliveries.ok()) return ErrorResponse(deliveries.error(), request);
  return JsonReply(200, ItemsPage(*deliveries));
}

Response GetDelivery(HandlerContext& context, Request& request) {
  auto detail = context.services.webhooks.Delivery(request.actor, request.Param("id"), request.Param("delivery_id"));
  if (!detail.ok()) return ErrorResponse(detail.error(), request);
  return JsonReply(200, DetailToJson(*detail));
}

Render<domain::OutboxItem> ItemReply() {
  return [](const domain::OutboxItem& item) {
    return service::StoredReply{200, json::serialize(ItemToJson(item)), ""};
  };
}

Response ReplayDelivery(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request, true);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  if (Status read = ObjectReader(*body).Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  Render<domain::OutboxItem> render = ItemReply();
  return Reply(context, request,
               context.services.webhooks.Replay(request.actor, request.Param("id"), request.Param("delivery_id"),
                                                IdempotentFor(request, render)),
               render);
}

Response ListOutbox(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"kind", "state", "target", "limit", "cursor"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  service::OutboxFilter filter;
  Status bad_state;
  filter.state = StateFilter(request, bad_state);
  if (!bad_state.ok()) return ErrorResponse(bad_state.error(), request);
  if (auto kind = request.Query("kind")) {
    filter.kind = domain::ParseOutboxKind(*kind);
    if (!filter.kind) return ErrorResponse(Error::InvalidField("kind", "must be webhook or email"), request);
  }
  filter.target = std::string(request.Query("target").value_or(""));
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto items = context.services.outbox.List(request.actor, filter, *page);
  if (!items.ok()) return ErrorResponse(items.error(), request);
  return JsonReply(200, ItemsPage(*items));
}

Response GetOutboxItem(HandlerContext& context, Request& request) {
  auto detail = context.services.outbox.Get(request.actor, request.Param("id"));
  if (!detail.ok()) return ErrorResponse(detail.error(), request);
  return JsonReply(200, DetailToJson(*detail));
}

Response ReplayOutboxItem(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request, true);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  if (Status read = ObjectReader(*body).Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  Render<domain::OutboxItem> render = ItemReply();
  return Reply(context, request,
               context.services.outbox.Replay(request.actor, request.Param("id"), IdempotentFor(request, render)),
               render);
}

}  // namespace

void AddWebhookRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/webhook-endpoints", Access::kStaff, false, bind(ListEndpoints)});
  router.Add({"POST", "/api/v1/webhook-endpoints", Access::kStaff, false, bind(CreateEndpoint)});
  router.Add({"GET", "/api/v1/webhook-endpoints/{id}", Access::kStaff, false, bind(GetEndpoint)});
  router.Add({"PATCH", "/api/v1/webhook-endpoints/{id}", Access::kStaff, false, bind(UpdateEndpoint)});
  router.Add({"DELETE", "/api/v1/webhook-endpoints/{id}", Access::kStaff, false, bind(DeleteEndpoint)});
  router.Add({"POST", "/api/v1/webhook-endpoints/{id}/rotate-secret", Access::kStaff, false, bind(RotateSecret)});
  router.Add({"GET", "/api/v1/webhook-endpoints/{id}/deliveries", Access::kStaff, false, bind(ListDeliveries)});
  router.Add(
      {"GET", "/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}", Access::kStaff, false, bind(GetDelivery)});
  router.Add({"POST", "/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/replay", Access::kStaff, false,
              bind(ReplayDelivery)});
  router.Add({"GET", "/api/v1/outbox", Access::kStaff, false, bind(ListOutbox)});
  router.Add({"GET", "/api/v1/outbox/{id}", Access::kStaff, false, bind(GetOutboxItem)});
  router.Add({"POST", "/api/v1/outbox/{id}/replay", Access::kStaff, false, bind(ReplayOutboxItem)});
}

}  // namespace bb::http
