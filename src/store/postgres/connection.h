#pragma once
// The PostgreSQL driver: one libpq connection as a sql::Connection. Statements are prepared on the
// server once per connection (named, cached by SQL text), parameters travel as text, separately
// from the SQL (never spliced into it), and results come back as text. SQLite-style `?`/`?N`
// parameters are numbered `$N` (NumberParameters); a parameter's type is the one its place in the
// statement gives it, so a parameter whose place gives none (`SELECT ?`, `? IS NULL`) needs a CAST.
// Errors are classified by SQLSTATE: unique
// violation → kConflict "UNIQUE constraint failed: table.column[, ...]" (columns only, never the
// values, which may be personal data), other integrity violations → kConflict, serialization
// failures and deadlocks → kUnavailable with `MustRetry()` true, a lost connection or a server
// shutting down → kUnavailable with `Broken()` true, anything else kInternal.
//
// Thread-safety: a Connection and its statements belong to one thread at a time.

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"
#include "store/sql/connection.h"

namespace bb::store::postgres {

using sql::Statement;

// `sql` with each SQLite-style parameter written the PostgreSQL way: `?N` as `$N`, and a bare `?`
// as `$K` where K is one more than the largest number given so far (SQLite's rule). Text inside
// quotes and comments is kept as it is.
std::string NumberParameters(std::string_view sql);

// Whether `url` names a PostgreSQL database (postgres:// or postgresql://).
bool IsPostgresUrl(std::string_view url);

// `url` with its password (if any) replaced by "***", for messages and logs.
std::string RedactUrl(std::string_view url);

class Connection final : public sql::Connection {
 public:
  // Connects to `url` (postgres:// or postgresql://, any libpq parameters in its query, such as
  // sslmode) within `connect_timeout_s`. On failure: kUnavailable with libpq's reason, never the
  // password.
  static Result<std::unique_ptr<Connection>> Open(const std::string& url, int connect_timeout_s = 10);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  Status Run(std::string_view sql) override;
  Result<Statement> Prepare(std::string_view sql) override;
  Result<Statement> PrepareOnce(std::string_view sql) override;
  std::int64_t Changes() const override { return changes_; }

  // Runs one or more statements without parameters or results (a migration's script).
  Status Exec(std::string_view sql);

  // Loads rows with `COPY <target> FROM STDIN` (text format; `target` is a table and its column
  // list, fixed by the caller, never user input). `next` appends one row (fields written with
  // AppendCopyField, separated by '\t', no line end) and returns true, or returns false when there
  // are no more rows, or an error, which aborts the COPY. Returns how many rows the server took.
  Result<std::int64_t> CopyFrom(std::string_view target, const std::function<Result<bool>(std::string& row)>& next);
  // Appends `value` as a field of COPY's text format: NULL as \N; backslash, tab, newline and
  // carriage return escaped.
  static void AppendCopyField(std::string& row, std::optional<std::string_view> value);
  // Commits the open transaction. PostgreSQL answers COMMIT in a transaction that failed earlier
  // by rolling it back and reporting success; this reports it as the failure it is (kInternal, or
  // kUnavailable with MustRetry() when the commit itself hit a serialization failure).
  Status Commit();
  // Whether a transaction is open (or failed and not yet rolled back).
  bool InTransaction() const;
  // Whether an error since the last ClearRetry asked for the transaction to be run again
  // (serialization failure, deadlock), even if the caller went on after it.
  bool MustRetry() const { return must_retry_; }
  void ClearRetry() { must_retry_ = false; }
  // Whether the connection is lost (it must be dropped, not reused).
  bool Broken() const;

 private:
  class Cursor;
  explicit Connection(PGconn* conn) : conn_(conn) {}
  // Turns a failed result (or a connection failure when `result` is null) into an Error and
  // records whether it asks for a retry; `context` names the statement.
  Error Failure(const PGresult* result, std::string_view context);
  // Records what a successful command changed.
  void Succeeded(const PGresult* result);

  PGconn* conn_;
  std::unordered_map<std::string, std::unique_ptr<sql::Cursor>> statements_;
  std::int64_t changes_ = 0;
  bool must_retry_ = false;
  int next_statement_ = 0;
};

}  // namespace bb::store::postgres
