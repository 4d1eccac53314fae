#pragma once
// The PostgreSQL server the tests run against: the one named by BLUEBIRD_TEST_POSTGRES_URL, or else
// the throwaway cluster CTest's `postgres` fixture starts with scripts/pg.sh. Each test gets
// databases of its own, created empty or as a copy of the migrated schema, and dropped once its
// process has run its tests.

#include <optional>
#include <string>

#include "common/result.h"

namespace bb::testing {

// The server's URL, or nullopt when there is none (then the PostgreSQL variants of the suites
// skip, saying so; scripts/test.sh fails on any skipped test).
std::optional<std::string> TestPostgresUrl();

// The URL of a database of its own for `key` (the same key, the same database, within one
// process), created empty on first use. Thread-safe.
Result<std::string> TestDatabaseUrl(const std::string& key);

// The same, created as a copy of a database that every embedded migration was applied to (made
// once per server and migration set): what opening the store on an empty database would give,
// without migrating each test's database. Thread-safe; safe across concurrent test processes.
Result<std::string> MigratedTestDatabaseUrl(const std::string& key);

}  // namespace bb::testing
