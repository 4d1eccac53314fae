#pragma once
// The SQLite driver: one sqlite3 connection as a sql::Connection (prepared statements cached by
// SQL text, typed binding and reading, SQLite errors turned into bb::Error), plus what only the
// SQLite backend uses (multi-statement scripts, the raw handle for the backup API and the
// transaction state).
//
// Thread-safety: a Connection and its statements belong to one thread at a time.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"
#include "store/sql/connection.h"

namespace bb::store::sqlite {

using sql::Statement;

class Connection final : public sql::Connection {
 public:
  // Opens (creating if `create`) the database file at `path` with foreign keys on and the given
  // busy timeout.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool create, int busy_timeout_ms);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  Status Run(std::string_view sql) override;
  Result<Statement> Prepare(std::string_view sql) override;
  Result<Statement> PrepareOnce(std::string_view sql) override;
  std::int64_t Changes() const override { return sqlite3_changes64(db_); }

  // Runs one or more statements without parameters or results.
  Status Exec(std::string_view sql);
  // The error for the connection's last failure, classified (constraint → kConflict, busy →
  // kUnavailable, else kInternal).
  Error LastError(std::string_view context) const;
  // Whether a transaction is open (SQLite may roll one back by itself after some errors).
  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

  sqlite3* handle() { return db_; }

 private:
  class Cursor;
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<sql::Cursor>> statements_;
};

}  // namespace bb::store::sqlite
