#pragma once
// Read models for reporting: counts over a time range.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"

namespace bb::domain {

struct TimeRange {
  std::optional<Timestamp> from;    // inclusive
  std::optional<Timestamp> before;  // exclusive
};

struct ProgramStats {
  std::int64_t advocates = 0;         // ever enrolled
  std::int64_t active_advocates = 0;  // not deactivated
  std::int64_t clicks = 0;            // human clicks in the range
  std::int64_t bot_clicks = 0;        // clicks by bots and previewers in the range
  std::int64_t unique_visitors = 0;   // distinct visitor ids among human clicks in the range, estimated
                                      // (domain/visitor_sketch.h)
  std::vector<std::pair<std::string, std::int64_t>> clicks_by_channel;  // human clicks, most first
};

}  // namespace bb::domain
