#include "domain/ids.h"

namespace bb::domain {
namespace {
constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
}

std::string FormatUlid(Bits128 bits) {
  // 26 base32 digits = 130 bits; the first digit carries only the top 3 bits.
  std::string out(26, '0');
  for (int digit = 25; digit >= 0; --digit) {
    out[static_cast<std::size_t>(digit)] = kAlphabet[bits.low & 31u];
    bits.low = bits.low >> 5 | bits.high << 59;
    bits.high >>= 5;
  }
  return out;
}

std::string FormatUlid(Timestamp created, const std::array<std::uint8_t, 10>& random) {
  auto millis = static_cast<std::uint64_t>(ToMicros(created) / 1000) & 0xFFFFFFFFFFFFull;
  // 48 time bits and 16 random bits, then 64 random bits.
  Bits128 bits;
  bits.high = millis << 16 | std::uint64_t{random[0]} << 8 | random[1];
  for (std::size_t i = 2; i < 10; ++i) bits.low = bits.low << 8 | random[i];
  return FormatUlid(bits);
}

std::optional<Bits128> ParseBase32Bits(std::string_view text) {
  if (text.size() != 26) return std::nullopt;
  Bits128 bits;
  for (char c : text) {
    auto digit = kAlphabet.find(c);
    if (digit == std::string_view::npos) return std::nullopt;
    // The top two of the 130 bits are shifted out.
    bits.high = bits.high << 5 | bits.low >> 59;
    bits.low = bits.low << 5 | static_cast<std::uint64_t>(digit);
  }
  return bits;
}

std::optional<Bits128> ParseUlid(std::string_view text) {
  if (!IsWellFormedUlid(text)) return std::nullopt;
  return ParseBase32Bits(text);
}

std::string FormatId(std::string_view prefix, Timestamp created, const std::array<std::uint8_t, 10>& random) {
  std::string out(prefix);
  out += '_';
  out += FormatUlid(created, random);
  return out;
}

bool IsWellFormedUlid(std::string_view text) {
  if (text.size() != 26 || text[0] > '7') return false;
  for (char c : text) {
    if (kAlphabet.find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool IsWellFormedId(std::string_view prefix, std::string_view text) {
  return text.size() == prefix.size() + 27 && text.substr(0, prefix.size()) == prefix && text[prefix.size()] == '_' &&
         IsWellFormedUlid(text.substr(prefix.size() + 1));
}

}  // namespace bb::domain
