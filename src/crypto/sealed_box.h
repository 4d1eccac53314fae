#pragma once
// Secrets kept at rest (a CRM connector's credentials): sealed with XChaCha20-Poly1305 (libsodium)
// under a 32-byte key from the configuration, bound to a context (the owning object's id) so that a
// sealed value copied onto another object does not open. Thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace bb::crypto {

inline constexpr std::size_t kSealKeyBytes = 32;

// "v1." + base64url(random nonce || ciphertext and tag). `key` must be kSealKeyBytes long.
std::string Seal(std::string_view key, std::string_view plaintext, std::string_view context);

// The plaintext Seal sealed under `key` with `context`; nullopt when the key or context differ,
// the text was changed, or it is not a sealed value.
std::optional<std::string> Open(std::string_view key, std::string_view sealed, std::string_view context);

}  // namespace bb::crypto
