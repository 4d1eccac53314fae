#pragma once
// Imports (domain/import.h): each CSV import and its report, kept so that a long import's
// progress can be read from any instance while it runs, and its report afterwards.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/import.h"

namespace bb::store {

// Reads of this area (see store::Queries for the contract common to all reads).
class ImportReads {
 public:
  virtual ~ImportReads() = default;

  virtual Result<std::optional<domain::Import>> FindImport(std::string_view id) = 0;
  // Newest first; "" program_id for every program, "" kind for every kind.
  virtual Result<std::vector<domain::Import>> ListImports(std::string_view program_id, std::string_view kind,
                                                          std::string_view before_id, int limit) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class ImportWrites {
 public:
  virtual ~ImportWrites() = default;

  virtual Status InsertImport(const domain::Import& import) = 0;
  // Rewrites everything but the id, program, kind, dry_run, created_by and created_at.
  virtual Status UpdateImport(const domain::Import& import) = 0;
};

}  // namespace bb::store
