#pragma once
// Lifecycle stages (domain/lifecycle.h): each program's settings, the append-only log of moves,
// and where each person stands now (kept beside the log, in the move's transaction).
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/lifecycle.h"

namespace bb::store {

// Reads of this area (see store::Queries for the contract common to all reads).
class LifecycleReads {
 public:
  virtual ~LifecycleReads() = default;

  // nullopt while the program keeps the defaults.
  virtual Result<std::optional<domain::LifecycleSettings>> FindLifecycleSettings(std::string_view program_id) = 0;
  virtual Result<std::optional<domain::LifecycleContact>> FindLifecycleContact(std::string_view program_id,
                                                                               std::string_view contact) = 0;
  // One person's moves, oldest first (by time, then id).
  virtual Result<std::vector<domain::LifecycleMove>> ListLifecycleMovesOf(std::string_view program_id,
                                                                          std::string_view contact) = 0;
  // The program's moves made by `as_of`, by person, then time, then id.
  virtual Result<std::vector<domain::LifecycleMove>> ListLifecycleMoves(std::string_view program_id,
                                                                        Timestamp as_of) = 0;
  // Whether any move of the program ever reached the stage `key`.
  virtual Result<bool> LifecycleStageReached(std::string_view program_id, std::string_view key) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class LifecycleWrites {
 public:
  virtual ~LifecycleWrites() = default;

  virtual Status PutLifecycleSettings(const domain::LifecycleSettings& settings) = 0;
  // Logs `move` and makes its `to` the person's stage (entered at the move's time; first seen then
  // on their first move). kConflict naming "key" when the program has a move with its key already
  // (nothing written).
  virtual Status InsertLifecycleMove(const domain::LifecycleMove& move) = 0;
};

}  // namespace bb::store
