#pragma once
// ISO 8601 / RFC 3339 timestamps on the wire: always UTC, written as 2026-03-01T12:00:00.123456Z.

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace bb {

// Formats `t` as RFC 3339 UTC with microseconds ("2026-03-01T12:00:00.000000Z").
std::string FormatTimestamp(Timestamp t);

// Parses an RFC 3339 timestamp: a date ("2026-03-01", midnight UTC), or a date-time with
// optional fraction and a "Z" or ±hh:mm offset. Returns nullopt for anything else. An offset may
// carry the instant past the year 9999 in UTC (see WrittenWithFourDigits).
std::optional<Timestamp> ParseTimestamp(std::string_view text);

// Whether FormatTimestamp writes `t` with a four-digit year (0000–9999 in UTC), so that what is
// stored reads back.
bool WrittenWithFourDigits(Timestamp t);

}  // namespace bb
