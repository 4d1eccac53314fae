#include "domain/followup_task.h"

#include "common/checked_math.h"
#include "domain/validation.h"

namespace bb::domain {

std::string_view ToString(FollowupStatus status) {
  switch (status) {
    case FollowupStatus::kOpen: return "open";
    case FollowupStatus::kContacted: return "contacted";
    case FollowupStatus::kClosed: return "closed";
  }
  return "open";
}

std::optional<FollowupStatus> ParseFollowupStatus(std::string_view text) {
  for (auto status : {FollowupStatus::kOpen, FollowupStatus::kContacted, FollowupStatus::kClosed}) {
    if (text == ToString(status)) return status;
  }
  return std::nullopt;
}

std::optional<FollowupTask> FollowupFor(const NpsResponse& answer, std::string id,
                                        std::optional<std::string> advocate_id, std::string owner_id) {
  if (ClassOfScore(answer.score) != NpsClass::kDetractor) return std::nullopt;
  if (answer.recorded_at - answer.answered_at > kFollowupMaxAnswerAge) return std::nullopt;
  FollowupTask task;
  task.id = std::move(id);
  task.program_id = answer.program_id;
  task.nps_response_id = answer.id;
  task.email = answer.email;
  task.advocate_id = std::move(advocate_id);
  task.owner_id = std::move(owner_id);
  task.score = answer.score;
  task.comment = answer.comment;
  task.answered_at = answer.answered_at;
  task.due_at = answer.answered_at + kFollowupServiceLevel;
  task.created_at = task.updated_at = answer.recorded_at;
  task.updated_by = answer.recorded_by;
  return task;
}

FollowupFigures WithOnTimeShare(FollowupFigures figures) {
  const std::int64_t due = figures.contacted_on_time + figures.contacted_late + figures.overdue;
  figures.on_time_bp.reset();
  if (due > 0) {
    figures.on_time_bp = static_cast<std::int64_t>(RoundedQuotient(Int128{figures.contacted_on_time} * 10'000, due));
  }
  return figures;
}

bool FollowAnswerChange(FollowupTask& task, int score, std::string comment, std::string actor_id, Timestamp now) {
  const FollowupTask before = task;
  task.score = score;
  task.comment = std::move(comment);
  const bool no_longer_needed = task.status == FollowupStatus::kClosed && !task.contacted_at;
  if (ClassOfScore(score) == NpsClass::kDetractor) {
    if (no_longer_needed) {
      task.status = FollowupStatus::kOpen;
      task.closed_at.reset();
      task.note.clear();
    }
  } else if (!task.contacted_at && task.status != FollowupStatus::kClosed) {
    task.status = FollowupStatus::kClosed;
    task.closed_at = now;
    task.note = "The answer was changed to " + std::to_string(score) + " out of 10: no follow-up needed.";
  }
  if (task == before) return false;
  task.updated_at = now;
  task.updated_by = std::move(actor_id);
  return true;
}

Status ApplyFollowupChange(FollowupTask& task, const FollowupChange& change, std::string actor_id, Timestamp now) {
  std::vector<FieldError> errors;
  std::optional<FollowupStatus> status;
  if (change.status) {
    status = ParseFollowupStatus(*change.status);
    if (!status) errors.push_back({"status", "must be open, contacted or closed"});
  }
  std::string note;
  if (change.note) {
    note = std::string(Trim(*change.note));
    if (std::string problem = CheckText(note, kMaxFollowupNote, true, TextShape::kMultiLine); !problem.empty()) {
      errors.push_back({"note", problem});
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  if (task.status == FollowupStatus::kClosed) {
    return Error::Conflict("The follow-up is closed; a new answer asks for a new one.");
  }
  if (status) task.status = *status;
  if (change.note) task.note = std::move(note);
  if (task.status == FollowupStatus::kClosed) task.closed_at = now;
  if (task.status != FollowupStatus::kOpen && !task.contacted_at) task.contacted_at = now;
  task.updated_at = now;
  task.updated_by = std::move(actor_id);
  return Ok();
}

}  // namespace bb::domain
