#pragma once
// The few cryptographic primitives Bluebird uses, all from libsodium. Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bb::crypto {

// `count` bytes from the operating system's CSPRNG, encoded as unpadded base64url. For secrets
// (sessions, API keys).
std::string RandomToken(std::size_t count);
// `count` raw bytes from the operating system's CSPRNG, for keys.
std::string RandomBytes(std::size_t count);
// Fills `out` from a per-thread ChaCha20 stream keyed once from the operating system's CSPRNG:
// unpredictable, and without a system call per use. For ids, codes and visitor ids on hot paths.
void FastRandomBytes(unsigned char* out, std::size_t count);
// A uniformly random integer in [0, upper_bound), from FastRandomBytes.
std::uint32_t RandomBelow(std::uint32_t upper_bound);

// SHA-256 of `data`, lowercase hex.
std::string Sha256Hex(std::string_view data);
// HMAC-SHA-256 of `data` under `key`, lowercase hex.
std::string HmacSha256Hex(std::string_view key, std::string_view data);
// HMAC-SHA-256 of `data` under `key`, the 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);
// A 128-bit keyed BLAKE2b hash of `data`, lowercase hex (32 characters). `key` must be 16 to 64
// bytes. Several times cheaper than HMAC-SHA-256 for short inputs; for pseudonymising values such
// as client addresses on hot paths.
std::string KeyedHash128Hex(std::string_view key, std::string_view data);

// Compares two strings in time that depends only on their lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Argon2id password hashing (PHC string format) with t=2 and m=19 MiB, OWASP's minimum.
// Returns nullopt only if the system is out of memory.
std::optional<std::string> HashPassword(std::string_view password);
// True when `password` matches the PHC string `hash` produced by HashPassword.
bool VerifyPassword(std::string_view hash, std::string_view password);
// Spends what one VerifyPassword costs, against a random hash made once: for a sign-in to an
// account that does not exist, so that it answers no faster than a wrong password.
void VerifyPasswordOfNobody(std::string_view password);

// Unpadded base64url of raw bytes, and its inverse (nullopt on invalid input).
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);
// Standard base64 (RFC 4648 section 4, padded) of raw bytes, and its inverse (nullopt on invalid
// input; padding required).
std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace bb::crypto
