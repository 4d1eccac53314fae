#include "jobs/webhook_delivery.h"

#include "service/webhook_signature.h"

namespace bb::jobs {

namespace {

using Failure = integrations::HttpPostResult::Failure;

std::string DescribeFailure(const integrations::HttpPostResult& result) {
  switch (result.failure) {
    case Failure::kNone: break;
    case Failure::kInvalidUrl: return "the endpoint's URL cannot be used: " + result.error;
    case Failure::kRefusedAddress: return "not sent: " + result.error;
    case Failure::kResolve: return "the receiver's host name did not resolve: " + result.error;
    case Failure::kConnect: return "could not connect to the receiver: " + result.error;
    case Failure::kTimeout: return "the receiver did not answer in time: " + result.error;
    case Failure::kTls: return "TLS with the receiver failed: " + result.error;
    case Failure::kOther: return "the delivery failed: " + result.error;
  }
  return "the receiver answered " + std::to_string(result.status);
}

}  // namespace

service::AttemptResult WebhookDelivery::Deliver(const domain::OutboxItem& item, const DeliveryContext& context) {
  service::AttemptResult out;
  auto found = context.endpoints.find(item.target);
  if (found == context.endpoints.end()) {
    out.outcome = domain::AttemptOutcome::kGiveUp;
    out.error = "not sent: the endpoint was deleted";
    return out;
  }
  const domain::WebhookEndpoint& endpoint = found->second;
  if (!endpoint.enabled) {
    out.outcome = domain::AttemptOutcome::kGiveUp;
    out.error = "not sent: the endpoint is disabled (" + endpoint.disabled_reason + ")";
    return out;
  }
  Timestamp now = clock_.Now();
  std::int64_t unix_seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Type", "application/json"},
      {"webhook-id", item.message_id},
      {"webhook-timestamp", std::to_string(unix_seconds)},
      {"webhook-signature",
       service::WebhookSignatureHeader(endpoint.SigningSecrets(now), item.message_id, unix_seconds, item.payload)},
  };
  integrations::HttpPostResult result = poster_.Post(endpoint.url, headers, item.payload);
  out.status = result.status;
  out.took = result.elapsed;
  if (result.retry_after) out.retry_after = std::chrono::duration_cast<Duration>(*result.retry_after);
  if (result.failure == Failure::kNone && result.status >= 200 && result.status < 300) {
    out.outcome = domain::AttemptOutcome::kDelivered;
    return out;
  }
  out.error = DescribeFailure(result);
  if (result.failure == Failure::kNone && result.status == 410) {
    out.outcome = domain::AttemptOutcome::kGiveUp;
    out.disable_target = true;
    return out;
  }
  out.outcome = domain::AttemptOutcome::kRetry;
  return out;
}

}  // namespace bb::jobs
