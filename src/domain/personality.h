#pragma once
// Personality and seniority as reserved, validated attribute keys (research/intelligence.md §7):
// the DISC profile of a person (primary and secondary factor, where it came from, how sure, when),
// their seniority and their buying style. Advocates carry them in their attributes, and the people
// of a referral's buying committee in theirs (domain/buying_committee.h), so that segments, reward
// conditions and reports can rely on the values. Pure rules, no I/O.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/advocate.h"

namespace bb::domain {

// The reserved keys.
inline constexpr std::string_view kDiscPrimaryKey = "disc_primary";
inline constexpr std::string_view kDiscSecondaryKey = "disc_secondary";
inline constexpr std::string_view kDiscConfidenceKey = "disc_confidence";
inline constexpr std::string_view kDiscSourceKey = "disc_source";
inline constexpr std::string_view kDiscAssessedAtKey = "disc_assessed_at";
inline constexpr std::string_view kSeniorityKey = "seniority";
inline constexpr std::string_view kBuyingStyleKey = "buying_style";
inline constexpr std::size_t kMaxBuyingStyleLength = 100;

// Whether `key` is one of the reserved keys above.
bool IsReservedAttributeKey(std::string_view key);

// Checks the reserved keys among `changed` (the keys a client set; a removed key, nullopt, is not
// checked) as they would stand in `merged` (the attributes after the change):
// - disc_primary, disc_secondary: a string "D", "I", "S" or "C"; the secondary differs from the
//   primary;
// - disc_confidence: an integer number 0..100;
// - disc_source: "self_assessment", "predicted:crystal", "predicted:xiq" or "manual";
// - disc_assessed_at: an RFC 3339 date or date-time string;
// - seniority: "c_level", "vp", "director", "manager" or "individual";
// - buying_style: a string of 1..100 characters, without spaces at either end, other than
//   "unknown" (what reports call a missing value).
// A disc_secondary needs a valid disc_primary beside it.
// Appends one error per bad key, on field `prefix` + key ("attributes.disc_primary"). Values set
// before these keys were reserved stay as they are until changed.
void CheckReservedAttributes(const std::map<std::string, std::optional<AttributeValue>>& changed,
                             const Attributes& merged, std::string_view prefix, std::vector<FieldError>& errors);

// The value of reserved `key` in `attributes` as text when it is valid there (a disc_secondary
// equal to the primary is not), else nullopt: what reports group people by.
std::optional<std::string> ReservedValue(const Attributes& attributes, std::string_view key);

// The values a reserved key can take, in the order reports list them (disc_primary and
// disc_secondary: D, I, S, C; disc_source; seniority from c_level down); empty for the others.
std::vector<std::string> ReservedValues(std::string_view key);

// The DISC blend as shown to people: the primary's letter with the secondary's in lower case
// ("Di"), the primary alone, or "" without a valid primary.
std::string DiscBlend(const Attributes& attributes);

}  // namespace bb::domain
