#pragma once
// Advocacy points as staff and advocates see them (domain/points.h): an advocate's balances, level
// and badges; their ledger; staff adjustments; the leaderboards; each program's points settings;
// and the portal's view of all of it. Points are earned by the events of other use cases
// (service/points_ledger.h). Thread-safe (no state of its own).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/leaderboard.h"
#include "domain/points.h"
#include "domain/points_balance.h"
#include "service/actor_names.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "service/paging.h"
#include "service/points_ledger.h"
#include "store/store.h"

namespace bb::service {

// An advocate's points as of an instant.
struct PointsSummary {
  std::string advocate_id;
  std::string program_id;
  Timestamp as_of{};
  bool enabled = true;  // the program's points are on
  domain::PointsBalances balances;
  domain::LevelStanding level;
  std::vector<domain::BadgeProgress> badges;
};

struct PointsAdjustmentInput {
  std::optional<std::int64_t> delta;
  std::optional<std::string> balance;  // "both" (default), "redeemable", "lifetime"
  std::optional<std::string> note;     // required: why
};

struct LeaderboardRequest {
  std::string program_id;
  std::optional<std::string> period;  // default all_time
  std::optional<std::string> month;
  std::string tag;
  std::optional<Timestamp> as_of;  // default now
  int limit = 10;                  // 1..100
};

struct LeaderboardEntry {
  store::LeaderboardRow row;
  std::string name;  // staff: the advocate's name (or email); advocates: a first name and initial, or
                     // "An advocate" for one hidden
};

struct Leaderboard {
  domain::LeaderboardWindow window;
  std::string program_id;
  std::string tag;
  std::vector<LeaderboardEntry> entries;
  std::optional<LeaderboardEntry> you;  // the portal's board: the advocate's own row, if on it
  bool you_hidden = false;              // the portal's board: the advocate chose not to be named
  std::vector<std::string> groups;      // the portal's board: the advocate's groups that have a board
};

// A page of an advocate's ledger with the names of the staff who wrote its entries (staff only:
// empty for the advocate, who is never shown who did what).
struct PointsEntryPage {
  PageOf<domain::PointsEntry> entries;
  ActorNames names;
  domain::ProgramLanguage words;  // the program's, for what each entry is in the advocate's words
};

// A staff adjustment as written, with the program's words (to say what it is as the advocate reads it).
struct AdjustedPoints {
  domain::PointsEntry entry;
  domain::ProgramLanguage words;
};

inline constexpr int kMaxLeaderboardLimit = 100;

class PointsService {
 public:
  PointsService(store::Store& store, const Clock& clock, const IdGenerator& ids, const Idempotency& idempotency)
      : store_(store), clock_(clock), ids_(ids), idempotency_(idempotency), ledger_(ids) {}

  // The points of advocate `advocate_id` as of `as_of` (default now). Staff who may read rewards
  // (sales reps: their own advocates); an advocate only their own. kNotFound for an advocate the
  // actor may not see.
  Result<PointsSummary> Summary(const domain::Actor& actor, std::string_view advocate_id,
                                std::optional<Timestamp> as_of = std::nullopt);
  // A page of the advocate's ledger, newest first. As Summary for who may.
  Result<PointsEntryPage> Entries(const domain::Actor& actor, std::string_view advocate_id, const Page& page);
  // A staff correction or gift (admins and managers; kNotFound for an advocate they may not see).
  // kInvalidArgument naming "delta" (missing, 0, beyond ±1,000,000,000, or taking redeemable
  // points below 0 or a total past 64 bits), "balance" or "note" (required, up to 500 characters).
  // Audited as points.adjusted.
  Result<AdjustedPoints> Adjust(const domain::Actor& actor, std::string_view advocate_id,
                                const PointsAdjustmentInput& input, const Idempotent<AdjustedPoints>& idempotent);

  // A program's board (staff who may read analytics). kInvalidArgument naming "period", "month",
  // "limit"; kNotFound for a program that does not exist.
  Result<Leaderboard> Board(const domain::Actor& actor, const LeaderboardRequest& request);
  // The signed-in advocate's program's board, with their own row: others by first name and
  // initial, those hidden as "An advocate". With `group`, the board of that group (a tag of the
  // program's board_groups that the advocate has): its members only, and the advocate's rank among
  // them. kInvalidArgument naming "period", or "group" when it is not one of the advocate's groups
  // (the message lists theirs, never another group's); kConflict when the program's points are off.
  Result<Leaderboard> PortalBoard(const domain::Actor& actor, std::optional<std::string> period,
                                  std::optional<std::string> group = std::nullopt);
  // Whether the signed-in advocate is named on their program's boards. kConflict (nothing saved)
  // when the program's points are off.
  Status SetNamedOnBoards(const domain::Actor& actor, bool named);

  // The program's settings (staff who may read programs); the defaults until someone changes them.
  Result<domain::PointsSettings> Settings(const domain::Actor& actor, std::string_view program_id);
  // Changes them (admins and managers; see domain::ApplyPointsSettings for the checks). Audited as
  // points.settings_changed; a change that changes nothing writes nothing. Changes count from now:
  // nothing earned before is recounted, no lot's expiry moves.
  Result<domain::PointsSettings> UpdateSettings(const domain::Actor& actor, std::string_view program_id,
                                                const domain::PointsSettingsInput& input);

 private:
  // The advocate `advocate_id` if `actor` may read their points; kNotFound otherwise.
  Result<domain::Advocate> ReadableAdvocate(store::Queries& q, const domain::Actor& actor,
                                            std::string_view advocate_id) const;

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const Idempotency& idempotency_;
  PointsLedger ledger_;
};

}  // namespace bb::service
