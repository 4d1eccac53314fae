#pragma once
// Signing webhook deliveries as Standard Webhooks v1 says (github.com/standard-webhooks, spec
// v1.0.0): the signed content is `<webhook-id>.<webhook-timestamp>.<body>`, the key is the
// base64-decoded part of the secret after "whsec_", and the `webhook-signature` header lists one
// "v1,<base64 HMAC-SHA256>" per secret, space-separated (two during a rotation). Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bb::service {

// A new signing secret: "whsec_" + base64 of 32 bytes from the operating system's CSPRNG.
std::string NewWebhookSecret();

// "v1,<signature>" of `body` sent as message `message_id` at `unix_seconds`, under `secret`
// ("whsec_…"). nullopt when the secret is not "whsec_" followed by valid base64.
std::optional<std::string> SignWebhook(std::string_view secret, std::string_view message_id, std::int64_t unix_seconds,
                                       std::string_view body);

// The `webhook-signature` header: one signature per secret, in order, space-separated. Secrets that
// do not decode are skipped (they cannot have been made by NewWebhookSecret).
std::string WebhookSignatureHeader(const std::vector<std::string>& secrets, std::string_view message_id,
                                   std::int64_t unix_seconds, std::string_view body);

}  // namespace bb::service
