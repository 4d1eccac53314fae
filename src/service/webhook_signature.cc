#include "service/webhook_signature.h"

#include "crypto/crypto.h"

namespace bb::service {

namespace {
constexpr std::string_view kSecretPrefix = "whsec_";
}  // namespace

std::string NewWebhookSecret() { return std::string(kSecretPrefix) + crypto::Base64Encode(crypto::RandomBytes(32)); }

std::optional<std::string> SignWebhook(std::string_view secret, std::string_view message_id, std::int64_t unix_seconds,
                                       std::string_view body) {
  if (secret.substr(0, kSecretPrefix.size()) != kSecretPrefix) return std::nullopt;
  auto key = crypto::Base64Decode(secret.substr(kSecretPrefix.size()));
  if (!key || key->empty()) return std::nullopt;
  std::string content;
  content.reserve(message_id.size() + body.size() + 24);
  content.append(message_id).append(".").append(std::to_string(unix_seconds)).append(".").append(body);
  return "v1," + crypto::Base64Encode(crypto::HmacSha256(*key, content));
}

std::string WebhookSignatureHeader(const std::vector<std::string>& secrets, std::string_view message_id,
                                   std::int64_t unix_seconds, std::string_view body) {
  std::string header;
  for (const auto& secret : secrets) {
    auto signature = SignWebhook(secret, message_id, unix_seconds, body);
    if (!signature) continue;
    if (!header.empty()) header += ' ';
    header += *signature;
  }
  return header;
}

}  // namespace bb::service
