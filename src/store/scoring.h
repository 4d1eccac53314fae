#pragma once
// Lead scoring (domain/score_model.h, domain/lead_score.h): the published versions of each
// program's score model, and the engagement events reported for its people.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/lead_score.h"

namespace bb::store {

// One published version of a program's model. Its rules are kept as the JSON the service wrote
// (representation/score_model_json.h), read back as they were.
struct ScoreModelRecord {
  std::string program_id;
  std::int64_t version = 0;  // 1, 2, ...
  std::string rules_json;
  Timestamp published_at{};
  std::string published_by;
  friend bool operator==(const ScoreModelRecord&, const ScoreModelRecord&) = default;
};

// Reads of this area (see store::Queries for the contract common to all reads).
class ScoringReads {
 public:
  virtual ~ScoringReads() = default;

  // The program's model of `version`, or its latest one when `version` is nullopt; nullopt when
  // there is no such version (none published: the default model applies).
  virtual Result<std::optional<ScoreModelRecord>> FindScoreModel(std::string_view program_id,
                                                                 std::optional<std::int64_t> version) = 0;
  // The program's engagement events that occurred by `as_of`, by person, then time, then id; or
  // one person's (EmailMatchKey) when `person` is not "".
  virtual Result<std::vector<domain::EngagementEvent>> ListEngagementEvents(std::string_view program_id,
                                                                            std::string_view person,
                                                                            Timestamp as_of) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class ScoringWrites {
 public:
  virtual ~ScoringWrites() = default;

  // kConflict naming "version" when the program has the version already (nothing written).
  virtual Status InsertScoreModel(const ScoreModelRecord& record) = 0;
  // Records the event; false (nothing written) when the program has an event with its key.
  virtual Result<bool> InsertEngagementEvent(const domain::EngagementEvent& event) = 0;
};

}  // namespace bb::store
