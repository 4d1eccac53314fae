#pragma once
// Backups of a live SQLite database: a consistent copy made while the server runs (SQLite's online
// backup API), and the checks a backup file must pass before anyone relies on it.

#include <string>
#include <vector>

#include "common/result.h"

namespace bb::store::sqlite {

// Copies the database at `from` into a new file `to`: one consistent snapshot, taken when the copy
// starts (every transaction committed before then is in it, none committed after), while other
// connections and processes (a running server) go on reading and writing. The copy is written
// beside `to` and renamed into place once complete and on disk, so `to` is never a partial copy.
// Fails with kConflict when `to` exists, kNotFound when `from` does not, kUnavailable when either
// file cannot be read or written.
Status BackupDatabase(const std::string& from, const std::string& to);

struct BackupFileCheck {
  int schema_version = 0;             // the migrations the file has
  std::vector<std::string> problems;  // one sentence each; empty when the file is sound
};

// Checks a database file without writing to it: SQLite's integrity check, foreign keys, and its
// schema version against `expected_version`. Fails with kNotFound when the file does not exist,
// kUnavailable when it is not a database SQLite can open.
Result<BackupFileCheck> CheckDatabaseFile(const std::string& path, int expected_version);

// The schema version this build's migrations reach.
int LatestSchemaVersion();

}  // namespace bb::store::sqlite
