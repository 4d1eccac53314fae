#pragma once
// Object ids: a type prefix, an underscore and 26 Crockford base32 characters (lowercase) that
// encode 48 bits of milliseconds since the epoch and 80 random bits (the ULID layout). Ids sort by
// creation time, are opaque to clients and never collide in practice.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace bb::domain {

inline constexpr std::string_view kProgramPrefix = "prg";
inline constexpr std::string_view kAdvocatePrefix = "adv";
inline constexpr std::string_view kPersonPrefix = "per";
inline constexpr std::string_view kUserPrefix = "usr";
inline constexpr std::string_view kApiKeyPrefix = "key";
inline constexpr std::string_view kReferralPrefix = "ref";
inline constexpr std::string_view kReferralEventPrefix = "rev";
inline constexpr std::string_view kRewardRulePrefix = "rul";
inline constexpr std::string_view kRewardPrefix = "rwd";
inline constexpr std::string_view kRewardEventPrefix = "rwe";
inline constexpr std::string_view kAuditEventPrefix = "aud";
inline constexpr std::string_view kWebhookEndpointPrefix = "whe";
inline constexpr std::string_view kOutboxItemPrefix = "obx";
inline constexpr std::string_view kWebhookMessagePrefix = "msg";
inline constexpr std::string_view kSuppressionPrefix = "sup";
inline constexpr std::string_view kCampaignPrefix = "cmp";
inline constexpr std::string_view kImportPrefix = "imp";
inline constexpr std::string_view kConnectorPrefix = "con";
inline constexpr std::string_view kConnectorLogPrefix = "clg";
inline constexpr std::string_view kNpsResponsePrefix = "nps";
inline constexpr std::string_view kFollowupTaskPrefix = "fup";
inline constexpr std::string_view kPointsEntryPrefix = "pte";
inline constexpr std::string_view kCatalogItemPrefix = "cat";
inline constexpr std::string_view kRedemptionPrefix = "red";
inline constexpr std::string_view kChallengePrefix = "chl";
inline constexpr std::string_view kChallengeCompletionPrefix = "chc";
inline constexpr std::string_view kRatingRequestPrefix = "rrq";
inline constexpr std::string_view kRatingPrefix = "rat";
inline constexpr std::string_view kSegmentPrefix = "seg";
inline constexpr std::string_view kLifecycleMovePrefix = "lcm";
inline constexpr std::string_view kEngagementEventPrefix = "eng";
inline constexpr std::string_view kCustomerInputsPrefix = "cin";
inline constexpr std::string_view kValueEntryPrefix = "val";
inline constexpr std::string_view kIncrementalityAnswerPrefix = "inc";
inline constexpr std::string_view kBuyingCommitteePrefix = "bcm";
inline constexpr std::string_view kReferralCreditPrefix = "crd";

// The 26-character time-ordered part of an id; `random` supplies the 80 random bits.
std::string FormatUlid(Timestamp created, const std::array<std::uint8_t, 10>& random);
// prefix + "_" + FormatUlid(created, random).
std::string FormatId(std::string_view prefix, Timestamp created, const std::array<std::uint8_t, 10>& random);

// True when `text` is 26 valid lower-case base32 characters whose first is at most '7' (the 26
// digits carry 130 bits; a ULID is 128).
bool IsWellFormedUlid(std::string_view text);

// 128 bits as two halves, the more significant first. Stored as two 64-bit integers where a value
// repeats in every row (a click's visitor id and address hash), instead of 26 or 32 characters.
struct Bits128 {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  friend bool operator==(const Bits128&, const Bits128&) = default;
};

// The bits of a well-formed ULID (48 bits of milliseconds, then 80 random bits), or nullopt when
// IsWellFormedUlid(text) is false.
std::optional<Bits128> ParseUlid(std::string_view text);
// The low 128 bits of any 26 lower-case base32 digits (the first may be above '7'), or nullopt for
// anything else: ParseUlid without its first-digit check, for values an older release let through.
std::optional<Bits128> ParseBase32Bits(std::string_view text);
// The 26 characters of `bits`: ParseUlid(FormatUlid(bits)) == bits for every value.
std::string FormatUlid(Bits128 bits);

// True when `text` is `prefix` + "_" + 26 valid lowercase base32 characters.
bool IsWellFormedId(std::string_view prefix, std::string_view text);

}  // namespace bb::domain
