#pragma once
// A follow-up task: the NPS inner loop. A detractor's answer (0–6) asks someone to contact the
// person within the program's service level (48 hours by default) and find out what went wrong;
// the task moves from open to contacted to closed, with a note of what was done. Pure; no I/O.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/nps.h"

namespace bb::domain {

enum class FollowupStatus { kOpen, kContacted, kClosed };

std::string_view ToString(FollowupStatus status);  // "open", "contacted", "closed"
std::optional<FollowupStatus> ParseFollowupStatus(std::string_view text);

// How long after the answer a detractor should have been contacted (research §4.2; Bain gives no
// number: a proposal, to be made a program setting).
inline constexpr auto kFollowupServiceLevel = std::chrono::hours(48);
// An answer recorded longer than this after it was given (an import of another tool's history)
// opens no task: the moment to close the loop has passed, and a backlog of overdue tasks would
// bury the new ones.
inline constexpr auto kFollowupMaxAnswerAge = std::chrono::days(30);
inline constexpr std::size_t kMaxFollowupNote = 2000;

struct FollowupTask {
  std::string id;  // kFollowupTaskPrefix
  std::string program_id;
  std::string nps_response_id;  // the answer that asked for it: one task per answer
  std::string email;            // the respondent's, as they gave it
  std::optional<std::string> advocate_id;
  std::string owner_id;  // the staff member (user or API key) who enrolled the advocate, or "" (nobody)
  int score = 0;
  std::string comment;  // the answer's "why"
  FollowupStatus status = FollowupStatus::kOpen;
  std::string note;  // what was done
  Timestamp answered_at{};
  Timestamp due_at{};                     // answered_at + kFollowupServiceLevel
  std::optional<Timestamp> contacted_at;  // when it first left "open" (contacted or closed)
  Timestamp created_at{};
  Timestamp updated_at{};
  std::string updated_by;
  std::optional<Timestamp> closed_at;
  friend bool operator==(const FollowupTask&, const FollowupTask&) = default;
};

// The task a detractor's `answer` asks for, due kFollowupServiceLevel after it was answered; none
// for a passive or a promoter, nor for an answer recorded more than kFollowupMaxAnswerAge after it
// was given. `owner_id` as FollowupTask's.
std::optional<FollowupTask> FollowupFor(const NpsResponse& answer, std::string id,
                                        std::optional<std::string> advocate_id, std::string owner_id);

// How the follow-ups of a range's answers went, as of an instant (`now`).
struct FollowupFigures {
  std::int64_t opened = 0;             // tasks of detractors' answers given in the range
  std::int64_t contacted_on_time = 0;  // first contacted (or closed) by due_at
  std::int64_t contacted_late = 0;     // first contacted after due_at
  std::int64_t overdue = 0;            // not contacted nor closed, past due_at
  std::int64_t waiting = 0;            // not contacted nor closed, not yet due
  std::int64_t closed = 0;             // closed now: contacted, or no longer needed (FollowAnswerChange)
  // contacted_on_time ÷ (contacted_on_time + contacted_late + overdue): the share of tasks whose
  // deadline has come that met it, in basis points rounded half away from zero; none before any
  // deadline came.
  std::optional<std::int64_t> on_time_bp;
  friend bool operator==(const FollowupFigures&, const FollowupFigures&) = default;
};

// `figures` with on_time_bp computed from its counts.
FollowupFigures WithOnTimeShare(FollowupFigures figures);

// The answer behind `task` changed (through its survey link) to `score` with `comment`, by
// `actor_id` at `now`. A detractor's score keeps the task, with the new score; if it had been
// closed as no longer needed it is open again. Another score closes it as no longer needed (a note
// says so; contacted_at stays empty) when nobody contacted the person yet, and otherwise leaves
// it to whoever is on it. Returns whether `task` changed.
bool FollowAnswerChange(FollowupTask& task, int score, std::string comment, std::string actor_id, Timestamp now);

struct FollowupChange {
  std::optional<std::string> status;
  std::optional<std::string> note;
};

// Applies `change` by `actor_id` at `now`: Ok, or kInvalidArgument naming "status" (not open,
// contacted or closed) or "note" (longer than kMaxFollowupNote characters, or with control
// characters other than line breaks and tabs), or kConflict when the task is closed (a
// closed task stays closed: a new answer asks for a new one). Closing sets closed_at; the first move
// out of "open" sets contacted_at (kept if the task is opened again); `task` is unchanged on
// failure.
Status ApplyFollowupChange(FollowupTask& task, const FollowupChange& change, std::string actor_id, Timestamp now);

}  // namespace bb::domain
