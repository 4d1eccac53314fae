#pragma once
// Webhook endpoints, for admins: create one (its signing secret shown once), list, change, enable
// and disable, rotate the secret (the old one keeps signing for a day beside the new), delete; and
// each endpoint's delivery log with replay. Every change is in the audit trail (never a secret).
//
// Thread-safety: all methods may be called concurrently.

#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/outbox.h"
#include "domain/webhook.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "service/outbox_service.h"
#include "service/paging.h"
#include "store/store.h"

namespace bb::service {

struct WebhookOptions {
  // Lets endpoints use http:// and reach loopback and private addresses: for development and
  // tests only (webhooks.allow_private_targets).
  bool allow_private_targets = false;
};

// An endpoint with its signing secret: only the answer to a creation or a rotation carries it.
struct WebhookEndpointWithSecret {
  domain::WebhookEndpoint endpoint;
  std::string secret;
};

class WebhookService {
 public:
  WebhookService(store::Store& store, const Clock& clock, const IdGenerator& ids, const Idempotency& idempotency,
                 OutboxService& outbox, WebhookOptions options)
      : store_(store), clock_(clock), ids_(ids), idempotency_(idempotency), outbox_(outbox), options_(options) {}

  const WebhookOptions& options() const { return options_; }

  // kInvalidArgument naming each bad field (url and events are required).
  Result<WebhookEndpointWithSecret> Create(const domain::Actor& actor, const domain::WebhookEndpointInput& input,
                                           const Idempotent<WebhookEndpointWithSecret>& idempotent);
  Result<std::vector<domain::WebhookEndpoint>> List(const domain::Actor& actor);
  Result<domain::WebhookEndpoint> Get(const domain::Actor& actor, std::string_view id);
  // Disabling gives up the endpoint's pending deliveries (they stay in its log, replayable once it
  // is enabled again).
  Result<domain::WebhookEndpoint> Update(const domain::Actor& actor, std::string_view id,
                                         const domain::WebhookEndpointInput& input);
  // A new secret; the previous one keeps signing (a second signature) for 24 hours. kConflict while
  // an earlier rotation's overlap lasts.
  Result<WebhookEndpointWithSecret> RotateSecret(const domain::Actor& actor, std::string_view id,
                                                 const Idempotent<WebhookEndpointWithSecret>& idempotent);
  // Removes the endpoint; its pending deliveries are given up, its log is kept.
  Status Delete(const domain::Actor& actor, std::string_view id);

  // The endpoint's deliveries, newest first, optionally in one state.
  Result<PageOf<domain::OutboxItem>> Deliveries(const domain::Actor& actor, std::string_view id,
                                                std::optional<domain::OutboxState> state, const Page& page);
  // One delivery with its attempts; kNotFound when it is not this endpoint's.
  Result<OutboxItemDetail> Delivery(const domain::Actor& actor, std::string_view id, std::string_view delivery_id);
  Result<domain::OutboxItem> Replay(const domain::Actor& actor, std::string_view id, std::string_view delivery_id,
                                    const Idempotent<domain::OutboxItem>& idempotent);

  // Every endpoint, for the outbox worker (no access check: not for requests).
  Result<std::vector<domain::WebhookEndpoint>> ForDelivery();

 private:
  Result<domain::WebhookEndpoint> Find(store::Queries& q, std::string_view id);

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const Idempotency& idempotency_;
  OutboxService& outbox_;
  const WebhookOptions options_;
};

}  // namespace bb::service
