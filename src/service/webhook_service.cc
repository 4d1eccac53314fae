#include "service/webhook_service.h"

#include "common/time_format.h"
#include "domain/audit.h"
#include "domain/ids.h"
#include "service/audit_trail.h"
#include "service/webhook_signature.h"

namespace bb::service {

namespace {
constexpr std::string_view kNotFound = "No such webhook endpoint.";
}  // namespace

Result<domain::WebhookEndpoint> WebhookService::Find(store::Queries& q, std::string_view id) {
  BB_ASSIGN_OR_RETURN(auto endpoint, q.FindWebhookEndpoint(id));
  if (!endpoint) return Error::NotFound(std::string(kNotFound));
  return std::move(*endpoint);
}

Result<WebhookEndpointWithSecret> WebhookService::Create(const domain::Actor& actor,
                                                         const domain::WebhookEndpointInput& input,
                                                         const Idempotent<WebhookEndpointWithSecret>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  std::vector<FieldError> missing;
  if (!input.url) missing.push_back({"url", "is required"});
  if (!input.events) missing.push_back({"events", "is required"});
  if (!missing.empty()) return Error::Invalid(std::move(missing));
  domain::WebhookEndpoint endpoint;
  BB_RETURN_IF_ERROR(domain::ApplyWebhookEndpointInput(endpoint, input, options_.allow_private_targets));
  Timestamp now = clock_.Now();
  endpoint.id = ids_.New(domain::kWebhookEndpointPrefix);
  endpoint.secret = NewWebhookSecret();
  endpoint.enabled = input.enabled.value_or(true);
  if (!endpoint.enabled) endpoint.disabled_reason = "disabled by staff";
  endpoint.created_at = now;
  endpoint.updated_at = now;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertWebhookEndpoint(endpoint));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "webhook_endpoint.created", endpoint.id,
                                   domain::CreatedFields(domain::FieldsOf(endpoint))));
    return idempotency_.Record(tx, idempotent, WebhookEndpointWithSecret{endpoint, endpoint.secret});
  }));
  return WebhookEndpointWithSecret{endpoint, endpoint.secret};
}

Result<std::vector<domain::WebhookEndpoint>> WebhookService::List(const domain::Actor& actor) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  std::vector<domain::WebhookEndpoint> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(out, q.ListWebhookEndpoints());
    return Ok();
  }));
  return out;
}

Result<domain::WebhookEndpoint> WebhookService::Get(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  domain::WebhookEndpoint out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(out, Find(q, id));
    return Ok();
  }));
  return out;
}

Result<domain::WebhookEndpoint> WebhookService::Update(const domain::Actor& actor, std::string_view id,
                                                       const domain::WebhookEndpointInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  domain::WebhookEndpoint out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(domain::WebhookEndpoint endpoint, Find(tx, id));
    domain::AuditFields before = domain::FieldsOf(endpoint);
    bool was_enabled = endpoint.enabled;
    BB_RETURN_IF_ERROR(domain::ApplyWebhookEndpointInput(endpoint, input, options_.allow_private_targets));
    Timestamp now = clock_.Now();
    endpoint.updated_at = now;
    BB_RETURN_IF_ERROR(tx.UpdateWebhookEndpoint(endpoint));
    if (was_enabled && !endpoint.enabled) {
      BB_RETURN_IF_ERROR(StatusOf(tx.KillPendingOutboxItems(domain::OutboxKind::kWebhook, endpoint.id,
                                                            "not sent: the endpoint was disabled by staff", now)));
    }
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "webhook_endpoint.updated", endpoint.id,
                                   domain::DiffFields(before, domain::FieldsOf(endpoint))));
    out = std::move(endpoint);
    return Ok();
  }));
  return out;
}

Result<WebhookEndpointWithSecret> WebhookService::RotateSecret(
    const domain::Actor& actor, std::string_view id, const Idempotent<WebhookEndpointWithSecret>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  WebhookEndpointWithSecret out;
  std::string secret = NewWebhookSecret();
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(domain::WebhookEndpoint endpoint, Find(tx, id));
    Timestamp now = clock_.Now();
    // A second rotation inside the overlap would retire the secret receivers may still use while
    // they have not yet seen the new one (whose answer may have been lost): one at a time.
    if (!endpoint.previous_secret.empty() && endpoint.previous_secret_until && *endpoint.previous_secret_until > now) {
      return Error::Conflict("The secret was rotated less than 24 hours ago; the previous one still signs until " +
                             FormatTimestamp(*endpoint.previous_secret_until) + ". Rotate again after that.");
    }
    endpoint.previous_secret = endpoint.secret;
    endpoint.previous_secret_until = now + domain::kWebhookSecretOverlap;
    endpoint.secret = secret;
    endpoint.updated_at = now;
    BB_RETURN_IF_ERROR(tx.UpdateWebhookEndpoint(endpoint));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "webhook_endpoint.secret_rotated", endpoint.id, {},
                                   "the previous secret signs beside the new one for 24 hours"));
    out = {std::move(endpoint), secret};
    return idempotency_.Record(tx, idempotent, out);
  }));
  return out;
}

Status WebhookService::Delete(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  return store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(domain::WebhookEndpoint endpoint, Find(tx, id));
    Timestamp now = clock_.Now();
    BB_RETURN_IF_ERROR(StatusOf(tx.KillPendingOutboxItems(domain::OutboxKind::kWebhook, endpoint.id,
                                                          "not sent: the endpoint was deleted", now)));
    BB_RETURN_IF_ERROR(tx.DeleteWebhookEndpoint(endpoint.id));
    return RecordAudit(tx, ids_, actor, now, "webhook_endpoint.deleted", endpoint.id,
                       domain::DiffFields(domain::FieldsOf(endpoint), {}));
  });
}

Result<PageOf<domain::OutboxItem>> WebhookService::Deliveries(const domain::Actor& actor, std::string_view id,
                                                              std::optional<domain::OutboxState> state,
                                                              const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  BB_ASSIGN_OR_RETURN(std::string after, CheckPage(page, domain::kOutboxItemPrefix));
  PageOf<domain::OutboxItem> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(StatusOf(Find(q, id)));
    store::OutboxQuery query{domain::OutboxKind::kWebhook, std::string(id), state, after, page.limit + 1};
    BB_ASSIGN_OR_RETURN(out.items, q.ListOutboxItems(query));
    return Ok();
  }));
  FinishPage(out, page);
  return out;
}

Result<OutboxItemDetail> WebhookService::Delivery(const domain::Actor& actor, std::string_view id,
                                                  std::string_view delivery_id) {
  BB_ASSIGN_OR_RETURN(OutboxItemDetail detail, outbox_.Get(actor, delivery_id));
  if (detail.item.kind != domain::OutboxKind::kWebhook || detail.item.target != id) {
    return Error::NotFound("No such delivery of this endpoint.");
  }
  return detail;
}

Result<domain::OutboxItem> WebhookService::Replay(const domain::Actor& actor, std::string_view id,
                                                  std::string_view delivery_id,
                                                  const Idempotent<domain::OutboxItem>& idempotent) {
  BB_RETURN_IF_ERROR(StatusOf(Delivery(actor, id, delivery_id)));
  return outbox_.Replay(actor, delivery_id, idempotent);
}

Result<std::vector<domain::WebhookEndpoint>> WebhookService::ForDelivery() {
  std::vector<domain::WebhookEndpoint> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(out, q.ListWebhookEndpoints());
    return Ok();
  }));
  return out;
}

}  // namespace bb::service
