#pragma once
// Webhook endpoints: where Bluebird tells other systems what happened, signed as Standard Webhooks
// v1 says (service/webhook_signature.h). An endpoint subscribes to event types, holds its signing
// secret (and, for a day after a rotation, the previous one), and is disabled by staff, by its
// receiver answering 410 Gone, or after failing for five days. Pure rules, no I/O.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace bb::domain {

// Every event type an endpoint may subscribe to, in documentation order.
const std::vector<std::string_view>& WebhookEventTypes();
bool IsWebhookEventType(std::string_view type);

// How long a rotated-out secret still signs deliveries (both signatures are sent meanwhile).
inline constexpr Duration kWebhookSecretOverlap = std::chrono::hours(24);
// How long an endpoint may fail every delivery before it is disabled.
inline constexpr Duration kWebhookFailureLimit = std::chrono::hours(24 * 5);
inline constexpr std::size_t kMaxWebhookDescriptionLength = 200;

struct WebhookEndpoint {
  std::string id;  // "whe_…"
  std::string url;
  std::string description;
  std::vector<std::string> events;  // subscribed event types, sorted, no duplicates
  std::string secret;               // "whsec_" + base64 of 32 random bytes
  std::string previous_secret;      // "" when none
  std::optional<Timestamp> previous_secret_until;
  bool enabled = true;
  std::string disabled_reason;             // "" while enabled
  std::optional<Timestamp> failing_since;  // the first failure since the last success
  Timestamp created_at{};
  Timestamp updated_at{};

  bool Subscribes(std::string_view type) const;
  // The secrets deliveries are signed with at `now`: the current one, then the previous one while
  // it overlaps.
  std::vector<std::string> SigningSecrets(Timestamp now) const;
};

// What a person may set on an endpoint; absent fields are left as they are.
struct WebhookEndpointInput {
  std::optional<std::string> url;
  std::optional<std::vector<std::string>> events;
  std::optional<std::string> description;
  std::optional<bool> enabled;
};

// Applies `input` to `endpoint` after checking every field: the URL (https, and neither localhost
// nor an IP literal that is not public; http and any address only when `allow_insecure_http`, for
// development against a local receiver), at least one known event
// type (duplicates dropped), the description's length. kInvalidArgument naming each bad field.
// Re-enabling clears the reason and the failure streak.
Status ApplyWebhookEndpointInput(WebhookEndpoint& endpoint, const WebhookEndpointInput& input,
                                 bool allow_insecure_http);

}  // namespace bb::domain
