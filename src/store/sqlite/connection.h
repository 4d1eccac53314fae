#pragma once
// A thin RAII layer over one sqlite3 connection: prepared statements cached by SQL text, typed
// binding and reading, and SQLite errors turned into bb::Error.
//
// Thread-safety: a Connection and its statements belong to one thread at a time.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "common/result.h"

namespace bb::store::sqlite {

// A prepared statement, either borrowed from a Connection's cache (reset and its bindings cleared
// when the Statement is destroyed) or owned (finalized then). Binding is positional (1-based, in
// call order).
class Statement {
 public:
  Statement(sqlite3_stmt* stmt, bool owned) : stmt_(stmt), owned_(owned) {}
  Statement(Statement&& other) noexcept
      : stmt_(std::exchange(other.stmt_, nullptr)), owned_(other.owned_), next_(other.next_) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& Bind(std::string_view text);
  // Binds without copying: `text` must stay alive and unchanged until the statement has run.
  Statement& BindStatic(std::string_view text);
  Statement& Bind(const std::string& text) { return Bind(std::string_view(text)); }
  Statement& Bind(const char* text) { return Bind(std::string_view(text)); }
  Statement& Bind(std::int64_t value);
  Statement& Bind(int value) { return Bind(static_cast<std::int64_t>(value)); }
  Statement& Bind(bool value) { return Bind(static_cast<std::int64_t>(value ? 1 : 0)); }
  Statement& BindNull();
  template <class T>
  Statement& Bind(const std::optional<T>& value) {
    return value ? Bind(*value) : BindNull();
  }

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> Step();
  // Runs a statement that returns no rows.
  Status Run();

  std::string Text(int column) const;
  std::int64_t Int(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3_stmt* stmt_;
  bool owned_;
  int next_ = 1;
};

class Connection {
 public:
  // Opens (creating if `create`) the database file at `path` with foreign keys on and the given
  // busy timeout.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool create, int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without results.
  Status Exec(std::string_view sql);
  // Runs one statement without results through the statement cache (for statements run often,
  // such as BEGIN, SAVEPOINT and COMMIT).
  Status Run(std::string_view sql);
  // Returns the cached prepared statement for `sql`, preparing it on first use. For fixed SQL
  // texts; a statement must not be borrowed twice at once.
  Result<Statement> Prepare(std::string_view sql);
  // Prepares `sql` without caching it; for texts built at run time.
  Result<Statement> PrepareOnce(std::string_view sql);

  // The error for the connection's last failure, classified (constraint → kConflict, busy →
  // kUnavailable, else kInternal).
  Error LastError(std::string_view context) const;

  sqlite3* handle() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// The column named in a "UNIQUE constraint failed: table.column" message, or "" if none.
std::string UniqueViolationColumn(const Error& error);

}  // namespace bb::store::sqlite
