#pragma once
// Webhook endpoints (domain/webhook.h).
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/webhook.h"

namespace bb::store {

// Reads of this area (see store::Queries for the contract common to all reads).
class WebhookReads {
 public:
  virtual ~WebhookReads() = default;

  virtual Result<std::optional<domain::WebhookEndpoint>> FindWebhookEndpoint(std::string_view id) = 0;
  // Every endpoint, newest first (an instance has a handful).
  virtual Result<std::vector<domain::WebhookEndpoint>> ListWebhookEndpoints() = 0;
  // The enabled endpoints subscribed to `event_type`, oldest first.
  virtual Result<std::vector<domain::WebhookEndpoint>> ListSubscribedWebhookEndpoints(std::string_view event_type) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class WebhookWrites {
 public:
  virtual ~WebhookWrites() = default;

  virtual Status InsertWebhookEndpoint(const domain::WebhookEndpoint& endpoint) = 0;
  virtual Status UpdateWebhookEndpoint(const domain::WebhookEndpoint& endpoint) = 0;
  virtual Status DeleteWebhookEndpoint(std::string_view id) = 0;
};

}  // namespace bb::store
