#pragma once
// The click summaries (tables click_days and visitor_days; domain/click_summary.h): kept by the
// transactions that insert clicks, read by the dashboards, recomputed from the raw clicks by
// `bluebird analytics rebuild` and `verify`. Each writer adds to rows of its own shard (SQLite: 0;
// PostgreSQL: one per store instance), so that instances recording clicks of one program on one
// day never update the same row; every read adds up (and merges) the shards.
// Thread-safety: like the connection each function runs on.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "domain/click.h"
#include "domain/click_summary.h"
#include "store/sql/connection.h"

namespace bb::store::sql {

// What some clicks add to the summaries, gathered in memory until added in one go (the tracked
// link's group commit adds one per group, not one per click).
class ClickSummaryDelta {
 public:
  void Add(const domain::Click& click);
  bool empty() const { return counts_.empty(); }
  // Adds the gathered figures to `shard`'s rows in the open transaction, then forgets them
  // (whatever the outcome; a failure leaves the transaction to be rolled back).
  Status Apply(Connection& db, std::int64_t shard);
  void Clear();

 private:
  using DayProgram = std::pair<std::int64_t, std::string>;
  std::map<std::pair<DayProgram, std::string>, domain::ChannelClicks> counts_;  // by day, program, channel
  std::map<DayProgram, domain::VisitorSketch> visitors_;
};

// The summaries of `program_id`'s days in [from_day, before_day) as stored (shards added up), or
// as computed from the raw clicks: the days that have any, oldest first.
Result<std::vector<domain::ClickDay>> ReadStoredClickDays(Connection& db, std::string_view program_id,
                                                          std::int64_t from_day, std::int64_t before_day);
Result<std::vector<domain::ClickDay>> ComputeClickDays(Connection& db, std::string_view program_id,
                                                       std::int64_t from_day, std::int64_t before_day);
// Replaces the summaries of `program_id`'s days in [from_day, before_day) (every shard's) with
// those computed from its raw clicks, in the open transaction.
Status RebuildClickDays(Connection& db, std::string_view program_id, std::int64_t from_day, std::int64_t before_day);
// The first and last day of `program_id` with raw clicks or summaries; nullopt when it has none.
Result<std::optional<std::pair<std::int64_t, std::int64_t>>> ClickDaySpan(Connection& db, std::string_view program_id);

// Builds the summaries of every click already stored when a migration has asked for it (the
// setting "click_summaries"), in the open transaction, and removes the request. Ok at once when
// there is none. Run once, by the store opening the database, after the migrations.
Status BuildRequestedClickSummaries(Connection& db);

}  // namespace bb::store::sql
