#include "domain/leaderboard.h"

#include <algorithm>
#include <chrono>
#include <limits>

#include "domain/program_month.h"

namespace bb::domain {

std::string_view ToString(LeaderboardPeriod period) {
  switch (period) {
    case LeaderboardPeriod::kAllTime: return "all_time";
    case LeaderboardPeriod::kMonth: return "month";
    case LeaderboardPeriod::kRolling30Days: return "rolling_30d";
  }
  return "all_time";
}

std::optional<LeaderboardPeriod> ParseLeaderboardPeriod(std::string_view text) {
  for (auto period : {LeaderboardPeriod::kAllTime, LeaderboardPeriod::kMonth, LeaderboardPeriod::kRolling30Days}) {
    if (ToString(period) == text) return period;
  }
  return std::nullopt;
}

Result<LeaderboardWindow> WindowOf(LeaderboardPeriod period, std::optional<std::string_view> month, Timestamp as_of) {
  LeaderboardWindow window;
  window.period = period;
  window.as_of = as_of;
  window.before = as_of + Duration(1);  // earned by as_of, inclusive
  if (month && period != LeaderboardPeriod::kMonth) {
    return Error::InvalidField("month", "is only for period=month");
  }
  switch (period) {
    case LeaderboardPeriod::kAllTime:
      window.from = Timestamp{Duration(std::numeric_limits<std::int64_t>::min())};
      break;
    case LeaderboardPeriod::kRolling30Days: window.from = as_of - std::chrono::days(30) + Duration(1); break;
    case LeaderboardPeriod::kMonth: {
      Timestamp start = MonthStart(as_of);
      if (month) {
        auto parsed = ParseMonth(*month);
        if (!parsed) return Error::InvalidField("month", "must be a month, YYYY-MM, from 2000-01 to 9999-12");
        start = *parsed;
      }
      window.from = start;
      window.before = std::min(window.before, NextMonthStart(start));
      window.month = MonthOf(start);
      break;
    }
  }
  return window;
}

}  // namespace bb::domain
