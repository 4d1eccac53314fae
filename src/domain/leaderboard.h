#pragma once
// Leaderboards (research/intelligence.md §5.2): advocates ranked by the lifetime points they earned
// in a period — all time, a calendar month (UTC), or the rolling 30 days before an instant.
// Spending points does not lower a rank; a reversal lowers the period its entry counted in. Ties go
// to whoever reached the total first (the latest earn time among the entries counted), then to the
// lower advocate id. Pure; no I/O.

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"

namespace bb::domain {

enum class LeaderboardPeriod { kAllTime, kMonth, kRolling30Days };
std::string_view ToString(LeaderboardPeriod period);  // "all_time", "month", "rolling_30d"
std::optional<LeaderboardPeriod> ParseLeaderboardPeriod(std::string_view text);

// Which entries a board counts: earned_at in [from, before) and recorded_at <= as_of.
struct LeaderboardWindow {
  LeaderboardPeriod period = LeaderboardPeriod::kAllTime;
  Timestamp from{};
  Timestamp before{};
  Timestamp as_of{};
  std::string month;  // "YYYY-MM" for kMonth, else ""
};

// The window of `period` as of `as_of`: all time, everything earned by as_of; a month, the calendar
// month `month` ("YYYY-MM", default as_of's) up to as_of; rolling 30 days, earned in
// (as_of − 30 days, as_of]. kInvalidArgument naming "month" for a malformed month or one given
// with another period.
Result<LeaderboardWindow> WindowOf(LeaderboardPeriod period, std::optional<std::string_view> month, Timestamp as_of);

}  // namespace bb::domain
