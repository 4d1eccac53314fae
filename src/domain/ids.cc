#include "domain/ids.h"

namespace bb::domain {
namespace {
constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
}

std::string FormatUlid(Timestamp created, const std::array<std::uint8_t, 10>& random) {
  auto millis = static_cast<std::uint64_t>(ToMicros(created) / 1000) & 0xFFFFFFFFFFFFull;
  // 128 bits: 48 time + 80 random, written as 26 base32 digits (the first holds 3 bits).
  std::uint8_t bytes[16];
  for (int i = 0; i < 6; ++i) bytes[i] = static_cast<std::uint8_t>(millis >> (40 - 8 * i));
  for (int i = 0; i < 10; ++i) bytes[6 + i] = random[static_cast<std::size_t>(i)];
  std::string out(26, '0');
  // Walk 130 bits (2 leading zero bits + 128) five at a time.
  for (int digit = 0; digit < 26; ++digit) {
    int bit = digit * 5 - 2;  // position of the digit's first bit within the 128
    unsigned value = 0;
    for (int k = 0; k < 5; ++k, ++bit) {
      value <<= 1;
      if (bit >= 0) value |= (bytes[bit / 8] >> (7 - bit % 8)) & 1u;
    }
    out[static_cast<std::size_t>(digit)] = kAlphabet[value];
  }
  return out;
}

std::string FormatId(std::string_view prefix, Timestamp created, const std::array<std::uint8_t, 10>& random) {
  std::string out(prefix);
  out += '_';
  out += FormatUlid(created, random);
  return out;
}

bool IsWellFormedUlid(std::string_view text) {
  if (text.size() != 26) return false;
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
