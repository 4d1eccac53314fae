#pragma once
// Phone numbers in one form, E.164 ("+14155550134"), so that a person is recognised again however
// the number was written. Pure functions over libphonenumber's metadata; thread-safe.

#include <string>
#include <string_view>

#include "common/result.h"

namespace bb::domain {

inline constexpr std::size_t kMaxPhoneLength = 32;

// True when `region` is an ISO 3166-1 alpha-2 code ("US", "GB") that has a country calling code.
bool IsPhoneRegion(std::string_view region);

// "" when `text` could be a phone number of some country (at most 32 characters, digits enough
// and not too many); otherwise what is wrong, for the client. For a national number before its
// country is known; PhoneToE164 checks the rest.
std::string CheckPhoneShape(std::string_view text);

// `text` in E.164. A number written with its country code ("+44 20 7946 0958") needs no region; a
// national number ("(415) 555-0134") is read as a number of `default_region` (an IsPhoneRegion
// code, or "" for none). Punctuation and spaces are ignored; an extension ("x12", "ext. 12") is
// not part of E.164 and is dropped. The number must have a possible length for its country
// (libphonenumber's IsPossibleNumber: a fictional "+1 555 555 0100" passes, "+1 555" does not).
// On failure, kInvalidArgument with a sentence for the client (no field name: the caller names it).
Result<std::string> PhoneToE164(std::string_view text, std::string_view default_region);

}  // namespace bb::domain
