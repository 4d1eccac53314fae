#pragma once
// Programs: their settings, branding, language settings (domain/program_language.h), whether their
// currency may still change, and the figures staff enter per month (domain/program_month.h).
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/program.h"
#include "domain/program_language.h"
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
  // Whether the program has a reward, a won referral, a month's figures or a catalogue item that
  // pays a reward (so its currency may no longer change).
  virtual Result<bool> ProgramHasMoney(std::string_view program_id) = 0;
  // The months entered for `program_id` (for every program when it is "") from `from_month` up to
  // and without `before_month` (both "YYYY-MM"), by program, then month; each with its program's
  // currency.
  virtual Result<std::vector<domain::ProgramMonth>> ListProgramMonths(std::string_view program_id,
                                                                      std::string_view from_month,
                                                                      std::string_view before_month) = 0;
  // The program's language settings; the defaults (English, no wording of its own) until someone
  // sets them (also for a program that does not exist).
  virtual Result<domain::ProgramLanguage> ReadProgramLanguage(std::string_view program_id) = 0;
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
  // Replaces the program's language settings with `settings` (its language and all its wordings).
  virtual Status PutProgramLanguage(std::string_view program_id, const domain::ProgramLanguage& settings) = 0;
};

}  // namespace bb::store
