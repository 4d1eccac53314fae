// SqlTx: what the statements of every area share (uniqueness errors, savepoints).

#include <functional>

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

Status SqlTx::RunUnique(Statement& statement, std::string_view field) {
  // A failed statement leaves a SQLite transaction as it was, but aborts a PostgreSQL one: there
  // the statement runs in a savepoint, so that the caller may go on after a taken key.
  Status status = db_.dialect() == Dialect::kPostgres ? Atomically([&] { return statement.Run(); }) : statement.Run();
  if (!status.ok() && status.error().code() == ErrorCode::kConflict) {
    return Error(ErrorCode::kConflict, "A uniqueness key is taken.", {{std::string(field), "is already taken"}});
  }
  return status;
}

Status SqlTx::Atomically(const std::function<Status()>& steps) {
  BB_RETURN_IF_ERROR(db_.Run("SAVEPOINT tx_step"));
  Status outcome = steps();
  if (!outcome.ok()) BB_RETURN_IF_ERROR(db_.Run("ROLLBACK TO tx_step"));
  BB_RETURN_IF_ERROR(db_.Run("RELEASE tx_step"));
  return outcome;
}

}  // namespace bb::store::sql
