#include "domain/webhook.h"

#include <algorithm>
#include <cctype>

#include "domain/address_policy.h"
#include "domain/validation.h"

namespace bb::domain {

namespace {

// The host of an absolute http(s) URL that CheckHttpUrl accepted, lower-cased.
std::string HostOf(std::string_view url) {
  std::string_view rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.starts_with('[')) return std::string(rest.substr(0, rest.find(']') + 1));  // an IPv6 literal
  rest = rest.substr(0, rest.rfind(':') == std::string_view::npos ? rest.size() : rest.rfind(':'));
  std::string host(rest);
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  return host;
}

// False for "localhost" and its subdomains and for IP literals (IPv4, or IPv6 in brackets) that are
// not public; host names are judged again, at every connection, by the address they resolve to
// (integrations/http_post.h).
bool IsPublicHost(const std::string& host) {
  if (host == "localhost" || (host.size() > 10 && host.ends_with(".localhost"))) return false;
  if (host.starts_with('[')) return IsPublicAddress(std::string_view(host).substr(1, host.size() - 2));
  bool literal =
      !host.empty() && std::all_of(host.begin(), host.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
  return !literal || IsPublicAddress(host);
}

}  // namespace

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
      } else if (!IsPublicHost(HostOf(*input.url))) {
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
