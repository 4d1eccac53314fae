#include "crypto/sealed_box.h"

#include <sodium.h>

#include <cassert>
#include <vector>

#include "crypto/crypto.h"

namespace bb::crypto {

namespace {
constexpr std::string_view kVersion = "v1.";
}

std::string Seal(std::string_view key, std::string_view plaintext, std::string_view context) {
  assert(key.size() == kSealKeyBytes);
  std::string nonce = RandomBytes(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  std::vector<unsigned char> out(nonce.size() + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  std::copy(nonce.begin(), nonce.end(), out.begin());
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data() + nonce.size(), &length, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(context.data()), context.size(), nullptr,
      reinterpret_cast<const unsigned char*>(nonce.data()), reinterpret_cast<const unsigned char*>(key.data()));
  out.resize(nonce.size() + length);
  return std::string(kVersion) +
         Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(out.data()), out.size()));
}

std::optional<std::string> Open(std::string_view key, std::string_view sealed, std::string_view context) {
  if (key.size() != kSealKeyBytes || !sealed.starts_with(kVersion)) return std::nullopt;
  std::optional<std::string> bytes = Base64UrlDecode(sealed.substr(kVersion.size()));
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  if (!bytes || bytes->size() < kNonce + crypto_aead_xchacha20poly1305_ietf_ABYTES) return std::nullopt;
  std::string plaintext(bytes->size() - kNonce - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(bytes->data());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plaintext.data()), &length, nullptr,
                                                 data + kNonce, bytes->size() - kNonce,
                                                 reinterpret_cast<const unsigned char*>(context.data()), context.size(),
                                                 data, reinterpret_cast<const unsigned char*>(key.data())) != 0) {
    return std::nullopt;
  }
  plaintext.resize(length);
  return plaintext;
}

}  // namespace bb::crypto
