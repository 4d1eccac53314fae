#pragma once
// Referral codes: the human-friendly namespace of links (`/r/{code}`). Seven characters from an
// alphabet without look-alikes (no 0/O, 1/I/L), case-insensitive: 31^7 ≈ 27.5 billion codes, so
// at ten million codes a fresh random code is taken with probability below 0.04%; the store's
// unique key turns that rare case into a retry with another code.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bb::domain {

inline constexpr std::string_view kReferralCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::size_t kReferralCodeLength = 7;

// Builds a code from `kReferralCodeLength` indices into the alphabet, each drawn by `next_index`
// (a callable returning a uniform integer in [0, alphabet size)).
template <class NextIndex>
std::string MakeReferralCode(NextIndex&& next_index) {
  std::string code(kReferralCodeLength, ' ');
  for (auto& c : code) c = kReferralCodeAlphabet[static_cast<std::size_t>(next_index()) % kReferralCodeAlphabet.size()];
  return code;
}

// Canonical form of a code typed or pasted by a person: upper-case, with spaces and hyphens
// removed. nullopt when the result is not a well-formed code.
std::optional<std::string> NormalizeReferralCode(std::string_view input);

}  // namespace bb::domain
