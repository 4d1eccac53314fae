#pragma once
// Lifecycle stages (research/intelligence.md §2, after Mautic, HubSpot and Pardot): every person a
// program knows — the people its advocates refer and the advocates themselves, each recognised by
// the email match key (domain/contact.h) — stands at one stage of the program's lifecycle, and
// every move is kept in an append-only log. Stages are ordered by weight; moves go forward only
// (equal weight allowed) unless staff say otherwise with a reason; a forward jump passes every
// stage between, which count as reached with no time spent in them. `lost` is the one terminal
// stage: reachable from any stage, and left again when the person comes back (a new referral).
// Pure; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace bb::domain {

inline constexpr std::string_view kLostStage = "lost";
inline constexpr std::size_t kMaxLifecycleStages = 20;
inline constexpr std::size_t kMaxLifecycleStageName = 60;
inline constexpr std::int64_t kMaxLifecycleWeight = 1'000'000;
inline constexpr std::size_t kMaxLifecycleReason = 500;

struct LifecycleStage {
  std::string key;  // 1-32 of [a-z0-9_], starting with a letter; never "lost"; permanent once reached
  std::string name;
  std::int64_t weight = 0;  // 0..kMaxLifecycleWeight; the list ascends (equal weights allowed)
  friend bool operator==(const LifecycleStage&, const LifecycleStage&) = default;
};

// A program's lifecycle: its stages and which of Bluebird's own events move people (each a stage
// key, or "" for no move).
struct LifecycleSettings {
  std::string program_id;
  std::vector<LifecycleStage> stages;
  std::string on_referral_submitted;  // the person referred
  std::string on_referral_won;        // the person referred
  std::string on_enrolled;            // the advocate
  // A referral rejected or lost moves its person to `lost` when none of their referrals is still
  // open and they have not reached the stage of on_referral_won.
  bool lose_on_referral_closed = true;
  Timestamp updated_at{};
  std::string updated_by;  // "" while the defaults apply
  friend bool operator==(const LifecycleSettings&, const LifecycleSettings&) = default;
};

// Awareness 10, consideration 20, conversion 30, adoption 40, value 50, advocate 60 (seed 002's
// stages, weights spaced for insertions); submitted → consideration, won → conversion, enrolled →
// advocate; a closed referral loses its person.
LifecycleSettings DefaultLifecycleSettings(std::string program_id);

struct LifecycleSettingsInput {
  std::optional<std::vector<LifecycleStage>> stages;  // replaces the whole list
  std::optional<std::string> on_referral_submitted;
  std::optional<std::string> on_referral_won;
  std::optional<std::string> on_enrolled;
  std::optional<bool> lose_on_referral_closed;
};

// Applies `input` at `now` by `actor_id`. kInvalidArgument naming each bad field ("stages",
// "stages[2].key", "stages[1].weight", "on_referral_won", ...): 1 to kMaxLifecycleStages stages,
// keys well formed, unique and not "lost", names 1-60 characters, weights in range and ascending,
// each on_* a key of the (new) stages or "". `settings` is unchanged on failure. Whether a removed
// stage was ever reached is the caller's to check (keys in the log are permanent).
Status ApplyLifecycleSettings(LifecycleSettings& settings, const LifecycleSettingsInput& input, Timestamp now,
                              std::string actor_id);

// The stage with `key` in `settings` (lost included, weight unused), or nullptr.
const LifecycleStage* FindLifecycleStage(const LifecycleSettings& settings, std::string_view key);

enum class LifecycleSource { kAuto, kStaff };
std::string_view ToString(LifecycleSource source);  // "auto", "staff"
std::optional<LifecycleSource> ParseLifecycleSource(std::string_view text);

// One move of one person, as logged.
struct LifecycleMove {
  std::string id;  // kLifecycleMovePrefix; ids sort by recording time
  std::string program_id;
  std::string contact;  // the email match key
  std::string email;    // as last written
  std::string from;     // "" for the person's first move
  std::string to;
  std::vector<std::string> reached;  // every stage entered, in order, ending with `to`
  Timestamp at{};
  LifecycleSource source = LifecycleSource::kAuto;
  std::string actor_id;  // staff moves: who; automatic ones: ""
  std::string reason;    // staff: why (required going back); automatic: the event, e.g. "referral ref_1 won"
  std::string key;       // unique per program: "referral:<id>:won", "enrolled:<advocate>", "move:<id>"
  friend bool operator==(const LifecycleMove&, const LifecycleMove&) = default;
};

// Where a person stands now (the log's last move, kept beside it).
struct LifecycleContact {
  std::string program_id;
  std::string contact;
  std::string email;
  std::string stage;
  Timestamp entered_at{};  // of the current stage
  Timestamp first_seen_at{};
  friend bool operator==(const LifecycleContact&, const LifecycleContact&) = default;
};

// What a move from `from` ("" for none yet) to `to` does under `settings`.
struct LifecyclePlan {
  bool changed = false;              // false: `to` is where the person stands
  std::vector<std::string> reached;  // when changed
};

// Plans a move. Forward (to a weight at least from's): the stages strictly between the two weights
// in list order, then `to` (a person's first move passes every stage below `to`). Into `lost`:
// just lost; out of `lost`: just `to` (the person comes back where they are put). Backward:
// kConflict unless `allow_backward`, then just `to`. kInvalidArgument naming "to" for a stage the
// program does not have.
Result<LifecyclePlan> PlanLifecycleMove(const LifecycleSettings& settings, std::string_view from, std::string_view to,
                                        bool allow_backward);

}  // namespace bb::domain
