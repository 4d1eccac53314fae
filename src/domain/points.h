#pragma once
// Advocacy points (research/intelligence.md §5): a unit of their own (`pts`, never money), kept in
// an append-only ledger beside the reward ledger with the same exactly-once discipline — each
// entry carries a uniqueness key per action, so an event seen twice earns once. Two balances:
// lifetime points (levels and leaderboards; only reversals and staff corrections lower them) and
// redeemable points (spent on the catalogue; they may expire by earn date, oldest first, see
// domain/points_balance.h). Per program: what each action earns, the levels and the badges.
// Pure; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/program_language.h"

namespace bb::domain {

// Which balances an entry moves.
enum class PointsBalance { kBoth, kRedeemableOnly, kLifetimeOnly };
std::string_view ToString(PointsBalance balance);  // "both", "redeemable", "lifetime"
std::optional<PointsBalance> ParsePointsBalance(std::string_view text);

// Why an entry exists. The first four are earned by events that already happen (clicks earn
// nothing: they can be farmed); a challenge's step done (domain/challenge.h) earns what the step
// says, its note naming the challenge and step; a reversal undoes one entry (its referral was rejected); an
// adjustment is a staff member's correction or gift; a redemption spends redeemable points on a
// catalogue item (domain/catalog.h), and its refund gives them back when it is rejected or cancelled.
enum class PointsReason {
  kReferralSubmitted,
  kReferralQualified,
  kReferralWon,
  kNpsAnswered,
  kChallenge,
  kReversal,
  kAdjustment,
  kRedemption,
  kRedemptionRefund
};
std::string_view ToString(PointsReason reason);  // "referral_submitted", ... "redemption_refund"
std::optional<PointsReason> ParsePointsReason(std::string_view text);

inline constexpr std::int64_t kMaxPointsDelta = 1'000'000'000;  // one entry, either sign
inline constexpr std::int64_t kMaxActionPoints = 1'000'000;     // what one action may earn
inline constexpr std::int64_t kMaxPointsExpiryDays = 3650;
inline constexpr std::size_t kMaxPointsNote = 500;
inline constexpr std::size_t kMaxLevels = 20;
inline constexpr std::size_t kMaxBadges = 50;
inline constexpr std::size_t kMaxPointsNameLength = 60;
inline constexpr std::size_t kMaxBoardGroups = 20;

struct PointsEntry {
  std::string id;  // kPointsEntryPrefix; ids sort by recording time
  std::string program_id;
  std::string advocate_id;
  std::int64_t delta = 0;  // non-zero, |delta| <= kMaxPointsDelta
  PointsBalance balance = PointsBalance::kBoth;
  PointsReason reason = PointsReason::kAdjustment;
  std::string ref;          // the referral or NPS answer that earned it; "" for adjustments
  std::string reverses;     // a reversal: the id of the entry it undoes
  std::string note;         // staff's words (adjustments, reversals)
  std::string key;          // unique within the program: "referral:<id>:won", "reversal:<entry id>", ...
  Timestamp earned_at{};    // when it counts (periods, expiry); a reversal counts when its entry did
  Timestamp recorded_at{};  // when it was written: what an as-of view may see
  std::string actor_id;     // "system" for points events earned
  friend bool operator==(const PointsEntry&, const PointsEntry&) = default;
};

// Moves `balance` includes lifetime / redeemable points.
bool MovesLifetime(PointsBalance balance);
bool MovesRedeemable(PointsBalance balance);

struct PointsLevel {
  std::string name;
  std::int64_t min_points = 0;  // lifetime points from which it is reached; the first level's is 0
  friend bool operator==(const PointsLevel&, const PointsLevel&) = default;
};

// A badge is earned on the `count`-th action of its kind (not counting reversed ones; "challenge"
// counts challenge steps done), or, with
// action "lifetime_points", when lifetime points reach `count`.
struct PointsBadge {
  std::string name;
  std::string action;  // a PointsReason of the five earned ones, or "lifetime_points"
  std::int64_t count = 1;
  friend bool operator==(const PointsBadge&, const PointsBadge&) = default;
};

// From `from` on, redeemable points earned expire `days` after they were earned (0: they do not).
struct ExpiryRule {
  Timestamp from{};
  std::int64_t days = 0;
  friend bool operator==(const ExpiryRule&, const ExpiryRule&) = default;
};

struct PointsSettings {
  std::string program_id;
  bool enabled = true;  // off: nothing more is earned, and the portal hides points
  std::int64_t referral_submitted = 100;
  std::int64_t referral_qualified = 200;
  std::int64_t referral_won = 1000;
  std::int64_t nps_answered = 100;
  // Every change of the expiry period, oldest first: a lot keeps the expiry it was given (see
  // ExpiryOf), so no change reaches back.
  std::vector<ExpiryRule> expiry_rules;
  // The period now (0: never) and since when expiry has been on (none while off); kept equal to
  // what expiry_rules say (CurrentExpiry).
  std::int64_t expire_after_days = 0;
  std::optional<Timestamp> expiry_from;
  std::vector<PointsLevel> levels;  // ascending min_points, the first at 0
  std::vector<PointsBadge> badges;
  // Tags whose members also see a board of their own group in the portal (normalised tags, in the
  // order staff listed them, unique): private boards, each shown only to advocates with the tag.
  std::vector<std::string> board_groups;
  Timestamp updated_at{};
  std::string updated_by;
  friend bool operator==(const PointsSettings&, const PointsSettings&) = default;
};

// A program's settings before anyone changed them: the actions' points above; levels Fan (0),
// Advocate (1,000), Evangelist (5,000), Rockstar (15,000) (research §5.2, a proposal); badges
// First referral, First customer, Five referrals, Survey answered, 10,000 points.
PointsSettings DefaultPointsSettings(std::string program_id);

// What a program's settings may be changed with; absent fields keep their value.
struct PointsSettingsInput {
  std::optional<bool> enabled;
  std::optional<std::int64_t> referral_submitted;
  std::optional<std::int64_t> referral_qualified;
  std::optional<std::int64_t> referral_won;
  std::optional<std::int64_t> nps_answered;
  std::optional<std::int64_t> expire_after_days;
  std::optional<std::vector<PointsLevel>> levels;
  std::optional<std::vector<PointsBadge>> badges;
  std::optional<std::vector<std::string>> board_groups;  // replaces the whole list
};

// Sets `settings`' expire_after_days and expiry_from from its expiry_rules: the last rule's days,
// and the start of the run of non-zero rules it ends (none when the last is 0).
void CurrentExpiry(PointsSettings& settings);

// When a lot earned at `earned_at` expires under `rules` (oldest first); none when it does not. The
// rule in force when it was earned gives it earned_at + days; a lot earned while expiry was off gets
// its days from the moment expiry is turned on; a later change of the period leaves a lot's expiry
// as it was, and turning expiry off before it came means it never comes. Pure.
std::optional<Timestamp> ExpiryOf(Timestamp earned_at, const std::vector<ExpiryRule>& rules);

// Applies `input` to `settings` at `now` by `actor_id`. A new expiry period is appended to
// expiry_rules (from `now`). kInvalidArgument naming each bad field ("referral_won",
// "levels[1].min_points", "badges[0].action", ...): points outside 0..kMaxActionPoints, expiry
// outside 0..kMaxPointsExpiryDays, levels empty, not starting at 0, not strictly ascending or with
// blank or repeated names, badges with an unknown action, a count outside 1..kMaxPointsDelta, or a
// blank or repeated name; board groups that are not tags, repeated (as tags compare) or more than
// kMaxBoardGroups ("board_groups[2]").
Status ApplyPointsSettings(PointsSettings& settings, const PointsSettingsInput& input, Timestamp now,
                           std::string actor_id);

// The points an action earns under `settings` (0 when off or not an earned action).
std::int64_t PointsFor(const PointsSettings& settings, PointsReason reason);

// Where `lifetime` points stand among `levels` (ascending, the first at 0).
struct LevelStanding {
  std::string name;       // "" when below the first level (negative lifetime)
  std::int64_t rank = 0;  // 1-based; 0 below the first
  std::optional<PointsLevel> next;
  std::int64_t points_to_next = 0;
  std::int64_t progress_bp = 10'000;  // from this level's threshold to the next, floored; 10,000 at the top
};
LevelStanding LevelOf(std::int64_t lifetime, const std::vector<PointsLevel>& levels);

struct BadgeProgress {
  std::string name;
  std::string action;
  std::int64_t target = 0;
  std::int64_t progress = 0;  // up to target
  std::optional<Timestamp> earned_at;
};

// Each badge of `settings` against `entries` (one advocate's, in recording order): the count of
// its action's entries not reversed, and when the count-th was earned; lifetime badges by the
// running lifetime total in earn order.
std::vector<BadgeProgress> BadgesOf(const std::vector<PointsEntry>& entries, const PointsSettings& settings);

// What `entry` is, in an advocate's words (the program's `words`): "You referred someone", "Your
// referral became a customer", "Taken back: the referral was rejected", "Added by the team: <note>".
std::string PointsEntryInWords(const PointsEntry& entry, const ProgramLanguage& words);

}  // namespace bb::domain
