#pragma once
// Delivers webhook outbox items as Standard Webhooks v1 says: a POST of the stored JSON body with
// `webhook-id` (the item's message id, the same on every attempt), `webhook-timestamp` (now, in
// Unix seconds) and `webhook-signature` (service/webhook_signature.h; two signatures while a
// rotated-out secret overlaps). A 2xx is delivered; 410 Gone gives up and disables the endpoint;
// anything else (3xx, 4xx, 5xx, no answer) is tried again on the backoff, honouring Retry-After.
// A deleted or disabled endpoint's item is given up without sending. Receivers are untrusted:
// integrations::HttpPoster refuses private addresses, follows no redirect, reads little.
//
// Thread-safety: one instance per thread (it keeps connections open).

#include "common/clock.h"
#include "integrations/http_post.h"
#include "jobs/deliverer.h"

namespace bb::jobs {

class WebhookDelivery : public Deliverer {
 public:
  WebhookDelivery(const Clock& clock, integrations::HttpPostOptions options)
      : clock_(clock), poster_(std::move(options)) {}

  service::AttemptResult Deliver(const domain::OutboxItem& item, const DeliveryContext& context) override;

 private:
  const Clock& clock_;
  integrations::HttpPoster poster_;
};

}  // namespace bb::jobs
