#pragma once
// Clicks summarised per UTC day and program: how many per channel (human and bot), and a sketch of
// the distinct visitors among the human ones. The store keeps one per day that had clicks, added
// to in the transaction that inserts the clicks, so that the dashboards read days, not clicks;
// `bluebird analytics verify` compares them with the same summaries computed from the raw clicks.
// Pure types and helpers, no I/O.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/clock.h"
#include "domain/visitor_sketch.h"

namespace bb::domain {

inline constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

struct ChannelClicks {
  std::int64_t clicks = 0;      // by people
  std::int64_t bot_clicks = 0;  // by bots and link previewers
  friend bool operator==(const ChannelClicks&, const ChannelClicks&) = default;
};

struct ClickDay {
  std::int64_t day = 0;  // UTC days since 1970-01-01 (see UtcDayOf)
  std::string program_id;
  std::map<std::string, ChannelClicks> channels;  // by channel name
  VisitorSketch visitors;                         // the visitor ids of the human clicks
  friend bool operator==(const ClickDay&, const ClickDay&) = default;
};

// The UTC day `at` falls in, as days since 1970-01-01 (negative before it).
std::int64_t UtcDayOf(Timestamp at);

// How the summaries `stored` differ from `computed` (both of one program, each ordered by day, a
// day present in either only when it had clicks): one sentence per day that differs, naming the
// day, the channel and both figures; empty when they are equal.
std::vector<std::string> CompareClickDays(const std::vector<ClickDay>& stored, const std::vector<ClickDay>& computed);

}  // namespace bb::domain
