#pragma once
// What the SQL implementation of the storage port (SqlTx) needs from a database driver: prepared
// statements with positional parameters, rows read by column, and errors as bb::Error. Each
// backend (store/sqlite, store/postgres) provides one; the SQL texts are shared, written in the
// subset both databases understand (see docs/architecture.md, "One SQL, two databases"), with the
// few differences chosen by `dialect()`.
//
// Parameters are written `?` (numbered in order) or `?N` (the N-th bound value); a driver whose
// database spells them otherwise translates. Errors: a uniqueness violation is kConflict with
// the message "UNIQUE constraint failed: table.column[, table.column]" (see
// UniqueViolationColumn); a lost connection, a busy database or a transaction the database asks to
// run again (a serialization failure) kUnavailable; anything else kInternal.
//
// Thread-safety: a Connection and its statements belong to one thread at a time.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/result.h"
#include "store/sql/click_key_cache.h"

namespace bb::store::sql {

enum class Dialect { kSqlite, kPostgres };

// One prepared statement's bindings and rows, as the driver keeps them.
class Cursor {
 public:
  virtual ~Cursor() = default;
  // Binds the next parameter. With `copy` false the text is not copied: it must stay alive and
  // unchanged until the statement has run.
  virtual void BindText(std::string_view text, bool copy) = 0;
  virtual void BindInt(std::int64_t value) = 0;
  virtual void BindNull() = 0;
  // Runs the statement on the first call; then advances to the next row: true when a row is
  // available, false when done.
  virtual Result<bool> Step() = 0;
  virtual std::string Text(int column) const = 0;
  // The column as an integer (a boolean reads as 0 or 1).
  virtual std::int64_t Int(int column) const = 0;
  virtual bool IsNull(int column) const = 0;
  // Forgets the bindings and rows, ready to run again.
  virtual void Reset() = 0;
};

// A statement being run: borrowed from its connection's cache (reset when this is destroyed) or
// owned (deleted then). Binding is positional, in call order.
class Statement {
 public:
  Statement(Cursor* cursor, bool owned) : cursor_(cursor), owned_(owned) {}
  Statement(Statement&& other) noexcept : cursor_(std::exchange(other.cursor_, nullptr)), owned_(other.owned_) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement() {
    if (cursor_ == nullptr) return;
    if (owned_) {
      delete cursor_;
    } else {
      cursor_->Reset();
    }
  }

  Statement& Bind(std::string_view text) {
    cursor_->BindText(text, true);
    return *this;
  }
  // Binds without copying: `text` must stay alive and unchanged until the statement has run.
  Statement& BindStatic(std::string_view text) {
    cursor_->BindText(text, false);
    return *this;
  }
  Statement& Bind(const std::string& text) { return Bind(std::string_view(text)); }
  Statement& Bind(const char* text) { return Bind(std::string_view(text)); }
  Statement& Bind(std::int64_t value) {
    cursor_->BindInt(value);
    return *this;
  }
  Statement& Bind(int value) { return Bind(static_cast<std::int64_t>(value)); }
  Statement& Bind(bool value) { return Bind(static_cast<std::int64_t>(value ? 1 : 0)); }
  Statement& BindNull() {
    cursor_->BindNull();
    return *this;
  }
  template <class T>
  Statement& Bind(const std::optional<T>& value) {
    return value ? Bind(*value) : BindNull();
  }

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> Step() { return cursor_->Step(); }
  // Runs a statement whose rows (if any) are not read.
  Status Run() {
    BB_ASSIGN_OR_RETURN(bool row, cursor_->Step());
    (void)row;
    return Ok();
  }

  std::string Text(int column) const { return cursor_->Text(column); }
  std::int64_t Int(int column) const { return cursor_->Int(column); }
  bool IsNull(int column) const { return cursor_->IsNull(column); }

 private:
  Cursor* cursor_;
  bool owned_;
};

class Connection {
 public:
  virtual ~Connection() = default;

  virtual Dialect dialect() const = 0;
  // Runs one statement without parameters or results through the statement cache (for statements
  // run often, such as SAVEPOINT and RELEASE).
  virtual Status Run(std::string_view sql) = 0;
  // Returns the cached prepared statement for `sql`, preparing it on first use. For fixed SQL
  // texts; a statement must not be borrowed twice at once.
  virtual Result<Statement> Prepare(std::string_view sql) = 0;
  // Prepares `sql` without caching it; for texts built at run time.
  virtual Result<Statement> PrepareOnce(std::string_view sql) = 0;
  // How many rows the last INSERT, UPDATE or DELETE run on this connection changed.
  virtual std::int64_t Changes() const = 0;

  // The committed click keys this connection has seen (store/sql/click_keys.h).
  ClickKeyCache& click_key_cache() { return click_key_cache_; }

 private:
  ClickKeyCache click_key_cache_;
};

// The column named in a "UNIQUE constraint failed: table.column" message (the first, when the key
// has several columns), or "" if none.
std::string UniqueViolationColumn(const Error& error);

}  // namespace bb::store::sql
