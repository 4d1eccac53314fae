#pragma once
// `bluebird backup` and `bluebird backup verify`: a consistent copy of a live database, and the
// checks a copy must pass (integrity, foreign keys, schema version, the reward ledger) before
// anyone restores it. Each prints what it did and returns the process's exit status.

#include <string>

#include "app/config.h"

namespace bb::app {

// Copies the configured database to `to` (which must not exist). 0 on success, 1 on failure.
int RunBackup(const Config& config, const std::string& to);

// Checks the database file `file`: 0 when sound, 1 on any problem, 2 when there is no such file.
int RunBackupVerify(const std::string& file);

}  // namespace bb::app
