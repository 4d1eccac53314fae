#include "crypto/crypto.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace bb::crypto {
namespace {

constexpr unsigned long long kPasswordOpsLimit = 2;
constexpr std::size_t kPasswordMemLimit = 19u * 1024u * 1024u;

void EnsureInitialized() {
  static const bool initialized = [] {
    if (sodium_init() < 0) std::abort();  // no usable randomness: nothing is safe to do
    return true;
  }();
  (void)initialized;
}

std::string ToHex(const unsigned char* data, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

std::string ToBase64(const unsigned char* data, std::size_t size, int variant) {
  std::string out(sodium_base64_encoded_len(size, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

std::string RandomToken(std::size_t count) {
  EnsureInitialized();
  std::vector<unsigned char> bytes(count);
  randombytes_buf(bytes.data(), bytes.size());
  return ToBase64(bytes.data(), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string RandomBytes(std::size_t count) {
  EnsureInitialized();
  std::string bytes(count, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  return bytes;
}

namespace {

// A ChaCha20 keystream per thread: 4 KiB generated at a time, rekeyed from the OS every 1 MiB.
class ThreadRandom {
 public:
  void Fill(unsigned char* out, std::size_t count) {
    while (count > 0) {
      if (position_ == sizeof buffer_) Refill();
      std::size_t take = std::min(count, sizeof buffer_ - position_);
      std::memcpy(out, buffer_ + position_, take);
      sodium_memzero(buffer_ + position_, take);
      position_ += take;
      out += take;
      count -= take;
    }
  }

 private:
  void Refill() {
    if (blocks_ == 0 || blocks_ >= 256) {
      EnsureInitialized();
      randombytes_buf(key_, sizeof key_);
      blocks_ = 0;
    }
    unsigned char nonce[crypto_stream_chacha20_NONCEBYTES] = {};
    std::memcpy(nonce, &blocks_, sizeof blocks_);
    crypto_stream_chacha20(buffer_, sizeof buffer_, nonce, key_);
    ++blocks_;
    position_ = 0;
  }

  unsigned char key_[crypto_stream_chacha20_KEYBYTES];
  unsigned char buffer_[4096];
  std::size_t position_ = sizeof buffer_;
  std::uint64_t blocks_ = 0;
};

ThreadRandom& LocalRandom() {
  thread_local ThreadRandom random;
  return random;
}

}  // namespace

void FastRandomBytes(unsigned char* out, std::size_t count) { LocalRandom().Fill(out, count); }

std::uint32_t RandomBelow(std::uint32_t upper_bound) {
  if (upper_bound < 2) return 0;
  // Rejection sampling: discard values in the incomplete top range to stay uniform.
  std::uint32_t limit = UINT32_MAX - (UINT32_MAX % upper_bound);
  while (true) {
    std::uint32_t value = 0;
    FastRandomBytes(reinterpret_cast<unsigned char*>(&value), sizeof value);
    if (value < limit) return value % upper_bound;
  }
}

std::string Sha256Hex(std::string_view data) {
  EnsureInitialized();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, Bytes(data), data.size());
  return ToHex(digest, sizeof digest);
}

namespace {
void Hmac(std::string_view key, std::string_view data, unsigned char* out) {
  EnsureInitialized();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, Bytes(key), key.size());
  crypto_auth_hmacsha256_update(&state, Bytes(data), data.size());
  crypto_auth_hmacsha256_final(&state, out);
}
}  // namespace

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  Hmac(key, data, mac);
  return ToHex(mac, sizeof mac);
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  std::string mac(crypto_auth_hmacsha256_BYTES, '\0');
  Hmac(key, data, reinterpret_cast<unsigned char*>(mac.data()));
  return mac;
}

std::string KeyedHash128Hex(std::string_view key, std::string_view data) {
  EnsureInitialized();
  unsigned char out[16];
  crypto_generichash(out, sizeof out, Bytes(data), data.size(), Bytes(key), key.size());
  return ToHex(out, sizeof out);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  EnsureInitialized();
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<std::string> HashPassword(std::string_view password) {
  EnsureInitialized();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kPasswordOpsLimit, kPasswordMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return std::nullopt;
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  EnsureInitialized();
  std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void VerifyPasswordOfNobody(std::string_view password) {
  static const std::optional<std::string> hash = HashPassword(RandomToken(16));
  if (hash) {
    (void)VerifyPassword(*hash, password);
  } else {
    (void)HashPassword(password);  // the same argon2id work, should the fixed hash have failed
  }
}

std::string Base64UrlEncode(std::string_view bytes) {
  EnsureInitialized();
  return ToBase64(Bytes(bytes), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

namespace {
std::optional<std::string> FromBase64(std::string_view text, int variant) {
  EnsureInitialized();
  std::string out(text.size(), '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &length, &end, variant) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}
}  // namespace

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  return FromBase64(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string Base64Encode(std::string_view bytes) {
  EnsureInitialized();
  return ToBase64(Bytes(bytes), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
}

std::optional<std::string> Base64Decode(std::string_view text) {
  return FromBase64(text, sodium_base64_VARIANT_ORIGINAL);
}

}  // namespace bb::crypto
