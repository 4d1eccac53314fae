#pragma once
// Moves a Bluebird database from a SQLite file to PostgreSQL: every row of every table, with its
// ids (and the order events were written in), in one PostgreSQL transaction, so that the
// destination has either all of it or none.
//
// Thread-safety: one call at a time per destination; the source may be in use by a running
// server (it is read in one snapshot).

#include <cstdint>
#include <string>
#include <vector>

#include "common/metrics.h"
#include "common/result.h"

namespace bb::store::transfer {

struct TableCopy {
  std::string table;
  std::int64_t source_rows = 0;       // rows in the source's snapshot
  std::int64_t destination_rows = 0;  // rows in the destination after the copy, before commit
};

struct CopyReport {
  std::vector<TableCopy> tables;  // in the order they were copied (referenced tables first)

  // Whether every table arrived whole.
  bool Complete() const;
};

// Copies the SQLite database at `sqlite_path` into the PostgreSQL database at `postgres_url`.
// Both are first brought to the latest schema (as opening them as stores does). On success the
// copy is committed and the report says what arrived; a table whose counts differ makes the whole
// copy roll back (kInternal naming it). Refuses (kConflict naming the table) when the destination
// already holds data, kNotFound when there is no file at `sqlite_path`, and kInternal when the two
// schemas do not have the same columns (a column named by one and not the other). Identity columns
// continue after the largest id copied.
Result<CopyReport> CopySqliteToPostgres(const std::string& sqlite_path, const std::string& postgres_url,
                                        MetricsRegistry& metrics);

}  // namespace bb::store::transfer
