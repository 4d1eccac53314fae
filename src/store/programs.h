#pragma once
// Programs: their settings, branding and whether their currency may still change.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/program.h"

namespace bb::store {

struct ProgramQuery {
  std::optional<domain::ProgramStatus> status;
  std::string before_id;
  int limit = 50;
};

// Reads of this area (see store::Queries for the contract common to all reads).
class ProgramReads {
 public:
  virtual ~ProgramReads() = default;

  virtual Result<std::optional<domain::Program>> FindProgram(std::string_view id) = 0;
  virtual Result<std::optional<domain::Program>> FindProgramBySlug(std::string_view slug) = 0;
  virtual Result<std::vector<domain::Program>> ListPrograms(const ProgramQuery& query) = 0;
  // Whether the program has a reward or a won referral (so its currency may no longer change).
  virtual Result<bool> ProgramHasMoney(std::string_view program_id) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class ProgramWrites {
 public:
  virtual ~ProgramWrites() = default;

  virtual Status InsertProgram(const domain::Program& program) = 0;
  virtual Status UpdateProgram(const domain::Program& program) = 0;
};

}  // namespace bb::store
