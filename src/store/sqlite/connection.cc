#include "store/sqlite/connection.h"

#include "store/sqlite/sql_functions.h"

namespace bb::store::sqlite {
namespace {

Error Classify(sqlite3* db, int code, std::string_view context) {
  std::string message = std::string(context) + ": " + sqlite3_errmsg(db);
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT: return Error(ErrorCode::kConflict, message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR: return Error(ErrorCode::kUnavailable, message);
    default: return Error(ErrorCode::kInternal, message);
  }
}

}  // namespace

// One sqlite3_stmt, finalized with the cursor.
class Connection::Cursor final : public sql::Cursor {
 public:
  explicit Cursor(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Cursor() override { sqlite3_finalize(stmt_); }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  void BindText(std::string_view text, bool copy) override {
    sqlite3_bind_text(stmt_, next_++, text.data(), static_cast<int>(text.size()),
                      copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
  }
  void BindInt(std::int64_t value) override { sqlite3_bind_int64(stmt_, next_++, value); }
  void BindNull() override { sqlite3_bind_null(stmt_, next_++); }

  Result<bool> Step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3* db = sqlite3_db_handle(stmt_);
    return Classify(db, sqlite3_extended_errcode(db),
                    sqlite3_sql(stmt_) != nullptr ? std::string_view(sqlite3_sql(stmt_)).substr(0, 60) : "step");
  }

  std::string Text(int column) const override {
    const auto* text = sqlite3_column_text(stmt_, column);
    if (text == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  std::int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  bool IsNull(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    next_ = 1;
  }

 private:
  sqlite3_stmt* stmt_;
  int next_ = 1;
};

namespace {

// Before SQLite's first use in the process: no memory statistics, whose global mutex every
// allocation took (measured: 8% of an import's CPU time in pthread_mutex_lock/unlock). Nothing
// here reads them. Too late (SQLite already in use) is harmless: the setting stays as it was.
void ConfigureSqliteOnce() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool create, int busy_timeout_ms) {
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open database '" + path + "': " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return Error(ErrorCode::kUnavailable, message);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  auto connection = std::unique_ptr<Connection>(new Connection(db));
  BB_RETURN_IF_ERROR(RegisterSqlFunctions(db));
  BB_RETURN_IF_ERROR(connection->Exec("PRAGMA foreign_keys = ON"));
  return connection;
}

Connection::~Connection() {
  statements_.clear();
  sqlite3_close(db_);
}

Status Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    sqlite3_free(message);
    return Classify(db_, sqlite3_extended_errcode(db_), text.substr(0, 60));
  }
  return Ok();
}

Status Connection::Run(std::string_view sql) {
  BB_ASSIGN_OR_RETURN(Statement statement, Prepare(sql));
  return statement.Run();
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it != statements_.end()) return Statement(it->second.get(), false);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Classify(db_, rc, std::string("prepare ") + std::string(sql.substr(0, 60)));
  auto inserted = statements_.emplace(std::string(sql), std::make_unique<Cursor>(stmt)).first;
  return Statement(inserted->second.get(), false);
}

Result<Statement> Connection::PrepareOnce(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return Classify(db_, rc, std::string("prepare ") + std::string(sql.substr(0, 60)));
  return Statement(new Cursor(stmt), true);
}

Error Connection::LastError(std::string_view context) const {
  return Classify(db_, sqlite3_extended_errcode(db_), context);
}

}  // namespace bb::store::sqlite
