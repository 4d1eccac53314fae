#include "domain/webhook.h"

#include <algorithm>

#include "domain/address_policy.h"
#include "domain/validation.h"

namespace bb::domain {

const std::vector<std::string_view>& WebhookEventTypes() {
  static const std::vector<std::string_view> types = {
      "advocate.enrolled", "advocate.updated", "referral.created", "referral.review_changed", "referral.stage_changed",
      "reward.created",    "reward.approved",  "reward.fulfilled", "reward.reversed",         "campaign.completed"};
  return types;
}

bool IsWebhookEventType(std::string_view type) {
  const auto& types = WebhookEventTypes();
  return std::find(types.begin(), types.end(), type) != types.end();
}

bool WebhookEndpoint::Subscribes(std::string_view type) const {
  return std::binary_search(events.begin(), events.end(), type);
}

std::vector<std::string> WebhookEndpoint::SigningSecrets(Timestamp now) const {
  std::vector<std::string> out{secret};
  if (!previous_secret.empty() && previous_secret_until && *previous_secret_until > now) {
    out.push_back(previous_secret);
  }
  return out;
}

Status ApplyWebhookEndpointInput(WebhookEndpoint& endpoint, const WebhookEndpointInput& input,
                                 bool allow_insecure_http) {
  std::vector<FieldError> errors;
  if (input.url) {
    std::string problem = CheckHttpUrl(*input.url);
    if (problem.empty() && !allow_insecure_http) {
      if (input.url->rfind("https://", 0) != 0) {
        problem = "must be an https:// URL (http:// only when webhooks.allow_private_targets is set, for development)";
      } else if (!IsPublicUrlHost(*input.url)) {
        problem = "must not point to a loopback, private, link-local or reserved address";
      }
    }
    if (problem.empty()) {
      endpoint.url = *input.url;
    } else {
      errors.push_back({"url", problem});
    }
  }
  if (input.events) {
    std::vector<std::string> events;
    for (std::size_t i = 0; i < input.events->size(); ++i) {
      const std::string& type = (*input.events)[i];
      if (!IsWebhookEventType(type)) {
        errors.push_back({"events[" + std::to_string(i) + "]", "is not an event type (see the API reference)"});
      } else {
        events.push_back(type);
      }
    }
    std::sort(events.begin(), events.end());
    events.erase(std::unique(events.begin(), events.end()), events.end());
    if (input.events->empty()) errors.push_back({"events", "must name at least one event type"});
    endpoint.events = std::move(events);
  }
  if (input.description) {
    std::string problem = CheckText(*input.description, kMaxWebhookDescriptionLength, /*allow_empty=*/true);
    if (problem.empty()) {
      endpoint.description = *input.description;
    } else {
      errors.push_back({"description", problem});
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  if (input.enabled) {
    if (*input.enabled && !endpoint.enabled) {
      endpoint.disabled_reason.clear();
      endpoint.failing_since.reset();
    } else if (!*input.enabled && endpoint.enabled) {
      endpoint.disabled_reason = "disabled by staff";
    }
    endpoint.enabled = *input.enabled;
  }
  return Status();
}

}  // namespace bb::domain
