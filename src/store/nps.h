#pragma once
// NPS answers (domain/nps.h): recorded per program and person, and read back as the respondents of
// a range with the referrals each went on to submit; and the follow-up tasks detractors' answers
// ask for (domain/followup_task.h).
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/followup_task.h"
#include "domain/nps.h"

namespace bb::store {

// Which follow-up tasks to list: every filter given must match; newest first, before `before_id`.
struct FollowupQuery {
  std::string program_id;  // "" for every program
  std::optional<domain::FollowupStatus> status;
  std::string owner_id;         // "" for every owner
  std::string nps_response_id;  // "" for every answer's
  std::string before_id;
  int limit = 50;
};

// Reads of this area (see store::Queries for the contract common to all reads).
class NpsReads {
 public:
  virtual ~NpsReads() = default;

  // The respondents of `program_id` in [from, before): each person's latest answer in the range
  // (by answered_at, then id), with the referrals they submitted as an advocate of the program
  // (matched by normalized email; rejected ones left out) in (answered_at, answered_at + window];
  // in no particular order.
  virtual Result<std::vector<domain::Respondent>> ListNpsRespondents(std::string_view program_id, Timestamp from,
                                                                     Timestamp before, Duration window) = 0;
  // The id of the person's latest answer for `program_id` (by answered_at, then id); none without one.
  virtual Result<std::optional<std::string>> FindLatestNpsResponseId(std::string_view program_id,
                                                                     std::string_view person_key) = 0;

  virtual Result<std::optional<domain::NpsResponse>> FindNpsResponse(std::string_view id) = 0;

  virtual Result<std::optional<domain::FollowupTask>> FindFollowupTask(std::string_view id) = 0;
  virtual Result<std::vector<domain::FollowupTask>> ListFollowupTasks(const FollowupQuery& query) = 0;
  // The follow-ups of `program_id`'s answers given in [from, before), counted as of `now`
  // (on_time_bp is left for domain::WithOnTimeShare).
  virtual Result<domain::FollowupFigures> CountFollowupTasks(std::string_view program_id, Timestamp from,
                                                             Timestamp before, Timestamp now) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class NpsWrites {
 public:
  virtual ~NpsWrites() = default;

  virtual Status InsertNpsResponse(const domain::NpsResponse& response) = 0;
  // Only an answer's score and comment change (the person changed it through the survey's link).
  virtual Status UpdateNpsAnswer(const domain::NpsResponse& response) = 0;
  // kConflict naming nps_response_id when the answer has a task already.
  virtual Status InsertFollowupTask(const domain::FollowupTask& task) = 0;
  // Its owner, score, comment, status, note, contacted_at, updated_at/by and closed_at.
  virtual Status UpdateFollowupTask(const domain::FollowupTask& task) = 0;
};

}  // namespace bb::store
