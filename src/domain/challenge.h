#pragma once
// Challenges (research/intelligence.md §5.2): what a program asks its advocates to do for points,
// in typed steps, each worth its own points, open from a start to an optional end, offered to
// everyone or to advocates with one of its tags, with a limit per person (per step) and an
// optional limit in all. Steps of five types are done by events Bluebird already sees (a person
// following the advocate's link, a referral submitted, qualified or won, a survey answered); the
// other three (a review with its URL, an event attended, a custom task) are claimed by the advocate
// and approved by staff, or recorded by staff at once. Each completion earns its step's points
// once (see service::PointsLedger). Pure; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace bb::domain {

enum class ChallengeStepType {
  kShareLink,          // done when a person (not a bot, not the advocate) follows their link
  kSubmitReferral,     // done when one of their referrals is submitted (clear of review)
  kReferralQualified,  // ... reaches qualified
  kReferralWon,        // ... is won
  kAnswerSurvey,       // done when they answer the program's NPS question
  kWriteReview,        // claimed with the review's URL; staff approve
  kAttendEvent,        // claimed, or recorded by staff; staff approve
  kCustom              // claimed with what they did; staff approve
};
std::string_view ToString(ChallengeStepType type);  // "share_link", ..., "custom"
std::optional<ChallengeStepType> ParseChallengeStepType(std::string_view text);
// Whether a step of `type` is claimed by the advocate and approved by staff (the last three).
bool ClaimedStep(ChallengeStepType type);

enum class CompletionStatus { kPending, kApproved, kRejected, kReversed };
std::string_view ToString(CompletionStatus status);  // "pending", "approved", "rejected", "reversed"
std::optional<CompletionStatus> ParseCompletionStatus(std::string_view text);
// Whether a completion in `status` counts against the limits: pending and approved ones.
bool CountsTowardLimits(CompletionStatus status);

inline constexpr std::size_t kMaxChallengeNameLength = 80;
inline constexpr std::size_t kMaxChallengeDescriptionLength = 1000;
inline constexpr std::size_t kMaxChallengeSteps = 10;
inline constexpr std::size_t kMaxStepTitleLength = 120;
inline constexpr std::int64_t kMaxChallengePerMember = 1000;
inline constexpr std::int64_t kMaxChallengeTotal = 1'000'000;
inline constexpr std::size_t kMaxCompletionText = 1000;
inline constexpr std::size_t kMaxCompletionNote = 500;

struct ChallengeStep {
  ChallengeStepType type = ChallengeStepType::kCustom;
  std::int64_t points = 0;  // 0..kMaxActionPoints
  std::string title;        // in the advocate's words; "" shows StepInWords
  std::string channel;      // share_link only: the channel the link must come through ("" any)
  friend bool operator==(const ChallengeStep&, const ChallengeStep&) = default;
};

struct Challenge {
  std::string id;  // kChallengePrefix
  std::string program_id;
  std::string name;
  std::string description;
  std::vector<ChallengeStep> steps;  // 1..kMaxChallengeSteps
  Timestamp starts_at{};
  std::optional<Timestamp> ends_at;         // none: open until retired
  std::vector<std::string> tags;            // offered to advocates with one of these (lower-case); none: to all
  std::int64_t per_member_limit = 1;        // completions of each step per advocate
  std::optional<std::int64_t> total_limit;  // completions of each step in all; none: no limit
  bool active = true;                       // false: retired, offered no more
  Timestamp created_at{};
  Timestamp updated_at{};
  friend bool operator==(const Challenge&, const Challenge&) = default;
};

struct ChallengeStepInput {
  std::string type;
  std::optional<std::int64_t> points;
  std::string title;
  std::string channel;
};

// Fields as a client sent them; absent ones keep their value (on creation: the defaults, and
// starts_at the moment it is created).
struct ChallengeInput {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::vector<ChallengeStepInput>> steps;
  std::optional<Timestamp> starts_at;
  bool set_ends_at = false;
  std::optional<Timestamp> ends_at;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::int64_t> per_member_limit;
  bool set_total_limit = false;
  std::optional<std::int64_t> total_limit;
  std::optional<bool> active;
};

// A new challenge of `program_id` from `input` (name and steps required). kInvalidArgument naming
// each bad field ("steps[1].points", "ends_at", ...).
Result<Challenge> BuildChallenge(const ChallengeInput& input, std::string id, std::string program_id, Timestamp now);
// `input` applied to `challenge` at `now`; returns whether anything changed. kInvalidArgument naming
// each bad field; kConflict when the steps would change — be added, removed, or change their type,
// points or channel — once someone completed one (`has_completions`): what they did was counted for
// the steps as they were (their titles, the words, may change). Nothing changes on error.
Result<bool> ApplyChallengeChanges(Challenge& challenge, const ChallengeInput& input, bool has_completions,
                                   Timestamp now);

// The step in an advocate's words: its title, or "Share your link" ("… on LinkedIn"), "Refer
// someone", "Get a referral qualified", "Bring in a customer", "Answer our survey", "Write a
// review", "Attend an event".
std::string StepInWords(const ChallengeStep& step);

// Whether `challenge` is open at `at`: active, started, not ended ([starts_at, ends_at)).
bool OpenAt(const Challenge& challenge, Timestamp at);
// Whether `challenge` is offered to an advocate with `tags` (lower-case): it names no tags, or one
// of theirs.
bool OfferedTo(const Challenge& challenge, const std::vector<std::string>& tags);

struct ChallengeCompletion {
  std::string id;  // kChallengeCompletionPrefix
  std::string program_id;
  std::string challenge_id;
  std::int64_t step = 0;  // index into the challenge's steps
  std::string advocate_id;
  CompletionStatus status = CompletionStatus::kPending;
  // What did it, once per step: the referral, the survey answer, "share:<advocate id>"; "" for a
  // claim or a staff record.
  std::string ref;
  std::string url;          // a review's address
  std::string text;         // what the advocate (or staff) said they did
  std::int64_t points = 0;  // the step's points when it was done
  std::string note;         // staff's reason for a rejection
  Timestamp created_at{};
  std::optional<Timestamp> decided_at;  // approved, rejected or reversed
  std::string decided_by;               // "system" for events
  friend bool operator==(const ChallengeCompletion&, const ChallengeCompletion&) = default;
};

// What a new completion of one step may meet, read in its transaction.
struct CompletionFacts {
  std::int64_t mine = 0;          // the advocate's completions of the step counting toward limits
  std::int64_t total = 0;         // everyone's
  std::int64_t mine_pending = 0;  // of `mine`, their claims waiting for staff
};

// Who reads why a step cannot be done: the advocate ("you"), or staff acting for them.
enum class Reader { kAdvocate, kStaff };

// Why an advocate with `advocate_tags` may not complete step `step` of `challenge` now, in
// `reader`'s words, or "" when they may: not open, not offered, their limit reached (or taken by a
// claim still waiting), all taken.
std::string WhyNotCompletable(const Challenge& challenge, const std::vector<std::string>& advocate_tags,
                              const CompletionFacts& facts, Timestamp now, Reader reader = Reader::kAdvocate);

// What an advocate (or staff recording for them) says they did for a claimed step.
struct ClaimInput {
  std::string url;
  std::string text;
};

// A claim of `step` of `challenge` by `advocate_id` at `now`: pending (staff approve it), or with
// `approved` (staff recording it) approved at once by `actor_id`. kInvalidArgument naming "step"
// for a step that does not exist or is done by events, "url" (required, http(s), for a review) or
// "text" (required for a custom step; at most kMaxCompletionText characters). The caller checks
// WhyNotCompletable first.
Result<ChallengeCompletion> Claim(const Challenge& challenge, std::int64_t step, const ClaimInput& input,
                                  std::string advocate_id, std::string id, Timestamp now, bool approved,
                                  std::string_view actor_id);

// Staff decide a pending completion: approved (the caller writes its points) or rejected with
// `note` (required). kConflict when it is not pending.
Status ApproveCompletion(ChallengeCompletion& completion, std::string actor_id, Timestamp now);
Status RejectCompletion(ChallengeCompletion& completion, std::string note, std::string actor_id, Timestamp now);

}  // namespace bb::domain
