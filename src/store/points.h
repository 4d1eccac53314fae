#pragma once
// Advocacy points (domain/points.h): the append-only points ledger, each program's points settings,
// the leaderboards ranked from the ledger, and who chose not to be shown on them by name.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/leaderboard.h"
#include "domain/points.h"

namespace bb::store {

// Which advocates a board ranks: those of `program_id` with lifetime points earned in `window`
// (domain::LeaderboardWindow: earned_at in [from, before), recorded_at <= as_of) whose sum is
// above 0; with `tag`, only advocates with that tag.
struct LeaderboardQuery {
  std::string program_id;
  domain::LeaderboardWindow window;
  std::string tag;  // "" for everyone
  int limit = 10;
  // Set when the board is wanted as it stands now (as_of is the present) for all time ("") or a
  // calendar month ("YYYY-MM", window.month): read from the running totals, in rank order, instead
  // of summing the ledger. The same rows either way (the conformance suite checks it).
  std::optional<std::string> running_total;
};

struct LeaderboardRow {
  std::int64_t rank = 0;  // 1-based, by points desc, reached_at asc, advocate_id asc
  std::string advocate_id;
  std::int64_t points = 0;
  Timestamp reached_at{};  // the latest earn time among the entries counted
  bool hidden = false;     // the advocate chose not to be shown by name
  friend bool operator==(const LeaderboardRow&, const LeaderboardRow&) = default;
};

// Reads of this area (see store::Queries for the contract common to all reads).
class PointsReads {
 public:
  virtual ~PointsReads() = default;

  // The program's stored settings; none when nobody changed the defaults.
  virtual Result<std::optional<domain::PointsSettings>> FindPointsSettings(std::string_view program_id) = 0;
  // Every entry of the advocate, in recording order (recorded_at, then id).
  virtual Result<std::vector<domain::PointsEntry>> ListPointsEntries(std::string_view advocate_id) = 0;
  // A page of the advocate's entries, newest first (by id), before `before_id` ("" for the first).
  virtual Result<std::vector<domain::PointsEntry>> ListPointsEntriesPage(std::string_view advocate_id,
                                                                         std::string_view before_id, int limit) = 0;
  // The program's entries earned for `ref` (a referral or an NPS answer), in recording order.
  virtual Result<std::vector<domain::PointsEntry>> ListPointsEntriesOfRef(std::string_view program_id,
                                                                          std::string_view ref) = 0;
  // The top `limit` rows of the board (domain/leaderboard.h for the order).
  virtual Result<std::vector<LeaderboardRow>> RankLeaderboard(const LeaderboardQuery& query) = 0;
  // The advocate's row on the board, ranked among everyone on it; none when they have no points
  // there.
  virtual Result<std::optional<LeaderboardRow>> FindLeaderboardRow(const LeaderboardQuery& query,
                                                                   std::string_view advocate_id) = 0;
  virtual Result<bool> IsHiddenFromLeaderboards(std::string_view advocate_id) = 0;
  // The advocate's lifetime points now (domain::PointsBalances::lifetime), from the all-time running
  // total: one row, however long their ledger; 0 without one.
  virtual Result<std::int64_t> LifetimePoints(std::string_view program_id, std::string_view advocate_id) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class PointsWrites {
 public:
  virtual ~PointsWrites() = default;

  // kConflict naming "key" when the program has an entry with the same key: the action was
  // counted already (the caller skips it). Adds a lifetime-moving entry to the running totals of
  // all time and of its earn month.
  virtual Status InsertPointsEntry(const domain::PointsEntry& entry) = 0;
  // Inserts or replaces the program's settings.
  virtual Status PutPointsSettings(const domain::PointsSettings& settings) = 0;
  // Whether the advocate is shown by name on leaderboards (hidden: shown as an anonymous advocate).
  virtual Status SetHiddenFromLeaderboards(std::string_view advocate_id, bool hidden, Timestamp at) = 0;
};

}  // namespace bb::store
