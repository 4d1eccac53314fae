#pragma once
// `bluebird copy --from PATH --to URL`: moves a SQLite database to PostgreSQL (every row, ids kept,
// in one transaction), then checks the reward ledger on both sides. Prints what it did, one line
// per table, and returns the process's exit status.

#include <string>

namespace bb::app {

// 0 only when every row arrived and the ledger verifies on both sides with the same figures; 1 on
// any failure (nothing is committed when a table is short); 2 when the arguments are wrong or
// there is no file at `from`.
int RunCopy(const std::string& from, const std::string& to);

}  // namespace bb::app
