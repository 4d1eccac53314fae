#pragma once
// What the outbox worker (jobs/outbox_worker.h) hands an item to: one deliverer per kind and per
// delivery thread, so that each keeps its own connections.

#include <map>
#include <string>

#include "common/clock.h"
#include "domain/outbox.h"
#include "domain/suppression.h"
#include "domain/webhook.h"
#include "service/outbox_service.h"

namespace bb::jobs {

// What the worker read once for a claimed batch, shared by the batch's attempts.
struct DeliveryContext {
  Timestamp now{};                                                        // when the batch was claimed
  std::map<std::string, domain::WebhookEndpoint, std::less<>> endpoints;  // every endpoint, by id
  // The suppressions of the batch's email recipients, by normalized address.
  std::map<std::string, domain::Suppression, std::less<>> suppressions;
};

// Thread-safety: one instance per thread.
class Deliverer {
 public:
  virtual ~Deliverer() = default;
  // One attempt at `item`; never throws, never blocks past the deliverer's own timeout.
  virtual service::AttemptResult Deliver(const domain::OutboxItem& item, const DeliveryContext& context) = 0;
};

}  // namespace bb::jobs
