#pragma once
// Challenges and their completions (domain/challenge.h).
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/challenge.h"
#include "store/links.h"

namespace bb::store {

// Which completions to list: every filter given must match; newest first, before `before_id`.
struct CompletionQuery {
  std::string program_id;  // "" for every program
  std::string challenge_id;
  std::string advocate_id;
  std::optional<domain::CompletionStatus> status;
  std::string enrolled_by;  // only completions of advocates this user or key enrolled
  std::string before_id;
  int limit = 50;
};

// Reads of this area (see store::Queries for the contract common to all reads).
class ChallengeReads {
 public:
  virtual ~ChallengeReads() = default;

  virtual Result<std::optional<domain::Challenge>> FindChallenge(std::string_view id) = 0;
  // The program's challenges, newest first; retired ones only with `include_retired`.
  virtual Result<std::vector<domain::Challenge>> ListChallenges(std::string_view program_id, bool include_retired) = 0;
  // The program's challenges open at `at` (domain::OpenAt), oldest first.
  virtual Result<std::vector<domain::Challenge>> ListOpenChallenges(std::string_view program_id, Timestamp at) = 0;
  // Every program's active challenges with a share_link step started by `at` and not ended before
  // `ended_after` (so clicks made before a challenge's end are still read after it), oldest first.
  virtual Result<std::vector<domain::Challenge>> ListShareChallengesToSweep(Timestamp at, Timestamp ended_after) = 0;
  // How many completions of `step` count toward the limits (pending and approved): one advocate's,
  // or everyone's (advocate_id "").
  virtual Result<std::int64_t> CountLiveCompletions(std::string_view challenge_id, std::int64_t step,
                                                    std::string_view advocate_id) = 0;
  // Whether anyone completed a step of the challenge (pending, approved or reversed: a rejected claim
  // counted nothing).
  virtual Result<bool> ChallengeHasCompletions(std::string_view challenge_id) = 0;
  virtual Result<std::optional<domain::ChallengeCompletion>> FindCompletion(std::string_view id) = 0;
  virtual Result<std::vector<domain::ChallengeCompletion>> ListCompletions(const CompletionQuery& query) = 0;
  // Where the share sweep of the challenge got to in its program's clicks (none: from its start).
  virtual Result<std::optional<ClickPosition>> FindShareCursor(std::string_view challenge_id) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class ChallengeWrites {
 public:
  virtual ~ChallengeWrites() = default;

  virtual Status InsertChallenge(const domain::Challenge& challenge) = 0;
  // Every field but id, program_id and created_at.
  virtual Status UpdateChallenge(const domain::Challenge& challenge) = 0;
  // kConflict naming "ref" when a completion of the same challenge and step has the same non-empty
  // ref: what did it counted already (also for a concurrent transaction that committed first).
  virtual Status InsertCompletion(const domain::ChallengeCompletion& completion) = 0;
  // Its status, note, decided_at and decided_by.
  virtual Status UpdateCompletion(const domain::ChallengeCompletion& completion) = 0;
  // Marks every approved completion of the program with `ref` reversed at `at` (its points were
  // taken back); returns how many.
  virtual Result<std::int64_t> ReverseCompletionsOfRef(std::string_view program_id, std::string_view ref,
                                                       Timestamp at) = 0;
  virtual Status SetShareCursor(std::string_view challenge_id, const ClickPosition& position) = 0;
};

}  // namespace bb::store
