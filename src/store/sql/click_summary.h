#pragma once
// The click summaries (tables click_days and visitor_days; domain/click_summary.h): kept by the
// transactions that insert clicks, read by the dashboards, recomputed from the raw clicks by
// `bluebird analytics rebuild` and `verify`. Each writer folds into rows of its own shard (SQLite:
// 0; PostgreSQL: one drawn per store instance, a rebuild writing 0), so that instances recording
// clicks of one program on one day seldom update the same row; every read adds up (and merges)
// the shards.
// Thread-safety: like the connection each function runs on.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "domain/click.h"
#include "domain/click_summary.h"
#include "store/sql/connection.h"

namespace bb::store::sql {

// A stored sketch. One that cannot be read (which only a hand edit could cause) reads as empty, so
// that recording clicks or referrals never fails over it; `analytics verify` reports such a day, and
// `analytics rebuild` repairs it.
domain::VisitorSketch ParseStoredSketch(std::string_view text);

// Midnight UTC starting `day`, in microseconds, held inside 64 bits (days that far out hold no
// clicks).
std::int64_t DayStartMicros(std::int64_t day);

// What some clicks add to the summaries, gathered in memory until added in one go (the tracked
// link's group commit adds one per group, not one per click): appended to click_day_deltas, one
// row per day and program, so that a group dirties one page of summaries whatever it holds. About
// every kDeltasPerFold-th append folds what every writer appended into click_days and visitor_days.
class ClickSummaryDelta {
 public:
  void Add(const domain::Click& click);
  // Appends the gathered figures for `shard` in the open transaction, then forgets them (whatever
  // the outcome; a failure leaves the transaction to be rolled back).
  Status Apply(Connection& db, std::int64_t shard);
  void Clear() { days_.clear(); }

 private:
  // A group holds few days, programs and channels: short lists searched in place, so that adding
  // a click allocates nothing once its day, program and channel are there.
  struct Day {
    std::int64_t day;
    std::string program_id;
    std::vector<std::pair<std::string, domain::ChannelClicks>> channels;
    domain::VisitorSketch visitors;
  };
  std::vector<Day> days_;
};

// Folds every row of click_day_deltas up to id `through_id` (whichever writer appended it: rows a
// stopped instance left are folded too) into `shard`'s rows of click_days and visitor_days, in the
// open transaction.
Status FoldClickDeltas(Connection& db, std::int64_t shard, std::int64_t through_id);
// How many appends come between folds.
inline constexpr std::int64_t kDeltasPerFold = 64;

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

// Whether a migration has asked for the summaries of the clicks already stored (the setting
// "click_summaries"). A plain read: the store checks it before taking the write lock.
Result<bool> ClickSummariesRequested(Connection& db);
// Builds the summaries of every click already stored when a migration has asked for it, in the
// open transaction, and removes the request. Ok at once when there is none. Run once, by the store
// opening the database, after the migrations.
Status BuildRequestedClickSummaries(Connection& db);

}  // namespace bb::store::sql
