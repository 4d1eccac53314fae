#include "domain/referral_code.h"

namespace bb::domain {

std::optional<std::string> NormalizeReferralCode(std::string_view input) {
  std::string code;
  for (char c : input) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (kReferralCodeAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    code += c;
    if (code.size() > kReferralCodeLength) return std::nullopt;
  }
  if (code.size() != kReferralCodeLength) return std::nullopt;
  return code;
}

}  // namespace bb::domain
