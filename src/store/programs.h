#pragma once
// Programs: their settings, branding, whether their currency may still change, and the figures
// staff enter per month (domain/program_month.h).
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/program.h"
#include "domain/program_month.h"

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
  // Whether the program has a reward, a won referral or a month's figures (so its currency may no
  // longer change).
  virtual Result<bool> ProgramHasMoney(std::string_view program_id) = 0;
  // The months entered for `program_id` (for every program when it is "") from `from_month` up to
  // and without `before_month` (both "YYYY-MM"), by program, then month; each with its program's
  // currency.
  virtual Result<std::vector<domain::ProgramMonth>> ListProgramMonths(std::string_view program_id,
                                                                      std::string_view from_month,
                                                                      std::string_view before_month) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class ProgramWrites {
 public:
  virtual ~ProgramWrites() = default;

  virtual Status InsertProgram(const domain::Program& program) = 0;
  virtual Status UpdateProgram(const domain::Program& program) = 0;
  // Inserts the month's figures, or replaces those of the same program and month.
  virtual Status PutProgramMonth(const domain::ProgramMonth& month) = 0;
  // Whether there were figures for the month to delete.
  virtual Result<bool> DeleteProgramMonth(std::string_view program_id, std::string_view month) = 0;
};

}  // namespace bb::store
