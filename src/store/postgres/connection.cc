#include "store/postgres/connection.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace bb::store::postgres {
namespace {

// SQLSTATE classes and codes (PostgreSQL manual, appendix A).
// Serialization failure, deadlock, and a lock not granted within lock_timeout.
bool IsRetry(std::string_view state) { return state == "40001" || state == "40P01" || state == "55P03"; }
bool IsConnectionLoss(std::string_view state) {
  return state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03";
}

// The columns of a violated key from a detail such as "Key (a, b)=(x, y) already exists.": the
// text between "Key (" and ")=", so that the values never leave this function.
std::string KeyColumns(std::string_view detail) {
  constexpr std::string_view kStart = "Key (";
  auto start = detail.find(kStart);
  if (start == std::string_view::npos) return {};
  start += kStart.size();
  auto end = detail.find(")=", start);
  if (end == std::string_view::npos) return {};
  return std::string(detail.substr(start, end - start));
}

// libpq's multi-line message as one line, its runs of white space as one space.
std::string OneLine(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool space = c == '\n' || c == '\t' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void IgnoreNotice(void*, const char*) {}

}  // namespace

std::string NumberParameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int largest = 0;
  char quote = 0;  // the quote we are inside of, or 0
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote != 0) {
      out += c;
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      auto end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size();
      out.append(sql.substr(i, end - i));
      i = end - 1;
      continue;
    }
    if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      auto end = sql.find("*/", i + 2);
      end = end == std::string_view::npos ? sql.size() : end + 2;
      out.append(sql.substr(i, end - i));
      i = end - 1;
      continue;
    }
    if (c != '?') {
      out += c;
      continue;
    }
    std::size_t digits = i + 1;
    while (digits < sql.size() && sql[digits] >= '0' && sql[digits] <= '9') ++digits;
    int number = 0;
    if (digits > i + 1) {
      number = std::atoi(std::string(sql.substr(i + 1, digits - i - 1)).c_str());
      i = digits - 1;
    } else {
      number = largest + 1;
    }
    largest = std::max(largest, number);
    out += '$';
    out += std::to_string(number);
  }
  return out;
}

bool IsPostgresUrl(std::string_view url) { return url.starts_with("postgres://") || url.starts_with("postgresql://"); }

std::string RedactUrl(std::string_view url) {
  std::string out(url);
  auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    // libpq takes the user part up to the last '@' before the path, so a password may hold '?',
    // '#' or '@' unencoded: everything between the first ':' and that '@' is hidden.
    auto authority_start = scheme + 3;
    auto authority_end = out.find('/', authority_start);
    if (authority_end == std::string::npos) authority_end = out.size();
    auto at = out.rfind('@', authority_end - 1);
    if (at != std::string::npos && at >= authority_start) {
      auto colon = out.find(':', authority_start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // A password given as a query parameter.
  for (auto pos = out.find("password="); pos != std::string::npos; pos = out.find("password=", pos + 1)) {
    auto value = pos + 9;
    auto end = out.find('&', value);
    if (end == std::string::npos) end = out.size();
    out.replace(value, end - value, "***");
  }
  return out;
}

// One statement: prepared on the server under `name_` on first use (or, with no name, sent with
// its parameters each time), its parameters kept as text, its result held until Reset.
class Connection::Cursor final : public sql::Cursor {
 public:
  Cursor(Connection& owner, std::string name, std::string sql)
      : owner_(owner), name_(std::move(name)), sql_(std::move(sql)) {}
  ~Cursor() override { Reset(); }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  void BindText(std::string_view text, bool) override {
    values_.emplace_back(text);
    nulls_.push_back(false);
  }
  void BindInt(std::int64_t value) override {
    values_.push_back(std::to_string(value));
    nulls_.push_back(false);
  }
  void BindNull() override {
    values_.emplace_back();
    nulls_.push_back(true);
  }

  Result<bool> Step() override {
    if (result_ == nullptr) {
      BB_RETURN_IF_ERROR(Execute());
      row_ = -1;
    }
    if (++row_ < PQntuples(result_)) return true;
    return false;
  }

  std::string Text(int column) const override {
    if (PQgetisnull(result_, row_, column)) return {};
    return std::string(PQgetvalue(result_, row_, column), static_cast<std::size_t>(PQgetlength(result_, row_, column)));
  }
  std::int64_t Int(int column) const override {
    if (PQgetisnull(result_, row_, column)) return 0;
    const char* text = PQgetvalue(result_, row_, column);
    if (text[0] == 't' && text[1] == '\0') return 1;
    if (text[0] == 'f' && text[1] == '\0') return 0;
    return std::strtoll(text, nullptr, 10);
  }
  bool IsNull(int column) const override { return PQgetisnull(result_, row_, column) != 0; }

  void Reset() override {
    if (result_ != nullptr) PQclear(result_);
    result_ = nullptr;
    values_.clear();
    nulls_.clear();
    row_ = -1;
  }

 private:
  Status Execute() {
    // Parameters travel as C strings: a NUL would cut the value short (and match another row), so
    // a value holding one is refused. (The HTTP layer refuses them first; this is the last guard.)
    for (const auto& value : values_) {
      if (value.find('\0') != std::string::npos) {
        return Error(ErrorCode::kInvalidArgument, "A text value holds a NUL character.");
      }
    }
    std::vector<const char*> params(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) params[i] = nulls_[i] ? nullptr : values_[i].c_str();
    int count = static_cast<int>(params.size());
    PGresult* result = nullptr;
    if (name_.empty()) {
      result = PQexecParams(owner_.conn_, sql_.c_str(), count, nullptr, params.data(), nullptr, nullptr, 0);
    } else {
      if (!prepared_) {
        PGresult* prepared = PQprepare(owner_.conn_, name_.c_str(), sql_.c_str(), 0, nullptr);
        bool ok = prepared != nullptr && PQresultStatus(prepared) == PGRES_COMMAND_OK;
        if (!ok) {
          Error error = owner_.Failure(prepared, "prepare " + sql_.substr(0, 60));
          if (prepared != nullptr) PQclear(prepared);
          return error;
        }
        PQclear(prepared);
        prepared_ = true;
      }
      result = PQexecPrepared(owner_.conn_, name_.c_str(), count, params.data(), nullptr, nullptr, 0);
    }
    auto status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      Error error = owner_.Failure(result, sql_.substr(0, 60));
      if (result != nullptr) PQclear(result);
      return error;
    }
    owner_.Succeeded(result);
    result_ = result;
    return Ok();
  }

  Connection& owner_;
  const std::string name_;
  const std::string sql_;
  bool prepared_ = false;
  std::vector<std::string> values_;
  std::vector<bool> nulls_;
  PGresult* result_ = nullptr;
  int row_ = -1;
};

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url, int connect_timeout_s) {
  // Settings before "dbname" are defaults that the URL's own parameters override:
  // - TCP keepalives and a user timeout, so that a server that vanished without closing the
  //   connection (a host down, a network cut) is found out in about 30 s instead of hanging;
  // - synchronous_commit on, whatever the role's or database's default: a commit is acknowledged
  //   only once it is durable on the server (PostgreSQL's own default, pinned);
  // - a transaction left idle by a stuck client is ended by the server after a minute.
  std::string timeout = std::to_string(connect_timeout_s);
  const char* keys[] = {"connect_timeout",  "application_name", "keepalives", "keepalives_idle", "keepalives_interval",
                        "keepalives_count", "tcp_user_timeout", "options",    "dbname",          nullptr};
  const char* values[] = {timeout.c_str(),
                          "bluebird",
                          "1",
                          "10",
                          "5",
                          "3",
                          "30000",
                          "-c synchronous_commit=on -c idle_in_transaction_session_timeout=60000",
                          url.c_str(),
                          nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (conn == nullptr) return Error(ErrorCode::kUnavailable, "cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string reason = OneLine(PQerrorMessage(conn));
    PQfinish(conn);
    // libpq's messages name the host, port, user and database, not the password; a password that
    // appears anyway (say, as a database name typed by mistake) is cut out. A URL libpq cannot
    // read is not quoted at all: its parse errors quote the offending text, password included.
    char* parse_error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error);
    if (parse_error != nullptr) PQfreemem(parse_error);
    if (options == nullptr) {
      return Error(ErrorCode::kUnavailable,
                   "cannot connect to PostgreSQL: the database URL cannot be read (check its form and that "
                   "reserved characters in the user name and password are percent-encoded)");
    }
    {
      for (auto* option = options; option->keyword != nullptr; ++option) {
        if (std::string_view(option->keyword) != "password" || option->val == nullptr || option->val[0] == '\0')
          continue;
        for (auto pos = reason.find(option->val); pos != std::string::npos; pos = reason.find(option->val)) {
          reason.replace(pos, std::strlen(option->val), "***");
        }
      }
      PQconninfoFree(options);
    }
    return Error(ErrorCode::kUnavailable, "cannot connect to PostgreSQL: " + reason);
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  if (PQsetClientEncoding(conn, "UTF8") != 0) {
    PQfinish(conn);
    return Error(ErrorCode::kUnavailable, "cannot connect to PostgreSQL: the server does not speak UTF-8");
  }
  return std::unique_ptr<Connection>(new Connection(conn));
}

Connection::~Connection() {
  statements_.clear();
  PQfinish(conn_);
}

Error Connection::Failure(const PGresult* result, std::string_view context) {
  const char* state_field = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view state = state_field != nullptr ? state_field : "";
  if (IsRetry(state)) must_retry_ = true;
  if (state == "23505") {
    const char* table = PQresultErrorField(result, PG_DIAG_TABLE_NAME);
    const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
    std::string columns = KeyColumns(detail != nullptr ? detail : "");
    std::string named;
    for (std::size_t start = 0; start < columns.size();) {
      auto comma = columns.find(", ", start);
      if (comma == std::string::npos) comma = columns.size();
      if (!named.empty()) named += ", ";
      named += std::string(table != nullptr ? table : "") + "." + columns.substr(start, comma - start);
      start = comma + 2;
    }
    return Error(ErrorCode::kConflict, std::string(context) + ": UNIQUE constraint failed: " + named);
  }
  std::string message;
  if (const char* primary = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr) {
    message = primary;
  } else {
    message = OneLine(PQerrorMessage(conn_));
  }
  message = std::string(context) + ": " + message + (state.empty() ? "" : " (SQLSTATE " + std::string(state) + ")");
  if (state.starts_with("23")) return Error(ErrorCode::kConflict, message);
  if (IsRetry(state) || IsConnectionLoss(state) || state.starts_with("53") || Broken()) {
    return Error(ErrorCode::kUnavailable, message);
  }
  return Error(ErrorCode::kInternal, message);
}

void Connection::Succeeded(const PGresult* result) {
  const char* tuples = PQcmdTuples(const_cast<PGresult*>(result));
  changes_ = tuples != nullptr && tuples[0] != '\0' ? std::strtoll(tuples, nullptr, 10) : 0;
}

Status Connection::Run(std::string_view sql) {
  BB_ASSIGN_OR_RETURN(Statement statement, Prepare(sql));
  return statement.Run();
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it != statements_.end()) return Statement(it->second.get(), false);
  auto cursor = std::make_unique<Cursor>(*this, "bb" + std::to_string(++next_statement_), NumberParameters(sql));
  auto inserted = statements_.emplace(std::string(sql), std::move(cursor)).first;
  return Statement(inserted->second.get(), false);
}

Result<Statement> Connection::PrepareOnce(std::string_view sql) {
  return Statement(new Cursor(*this, "", NumberParameters(sql)), true);
}

Status Connection::Exec(std::string_view sql) {
  PGresult* result = PQexec(conn_, std::string(sql).c_str());
  auto status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Error error = Failure(result, sql.substr(0, 60));
    if (result != nullptr) PQclear(result);
    return error;
  }
  Succeeded(result);
  PQclear(result);
  return Ok();
}

Result<std::int64_t> Connection::CopyFrom(std::string_view target,
                                          const std::function<Result<bool>(std::string& row)>& next) {
  std::string command = "COPY " + std::string(target) + " FROM STDIN";
  PGresult* started = PQexec(conn_, command.c_str());
  if (started == nullptr || PQresultStatus(started) != PGRES_COPY_IN) {
    Error error = Failure(started, "copy");
    if (started != nullptr) PQclear(started);
    return error;
  }
  PQclear(started);
  // Rows go to the server in chunks of about this size.
  constexpr std::size_t kChunk = 256 * 1024;
  std::string buffer;
  std::string row;
  std::optional<Error> aborted;
  bool send_failed = false;
  auto flush = [&]() -> bool {
    if (!buffer.empty() && PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) != 1) {
      send_failed = true;
    }
    buffer.clear();
    return !send_failed;
  };
  while (true) {
    row.clear();
    Result<bool> more = next(row);
    if (!more.ok()) {
      aborted = std::move(more).error();
      break;
    }
    if (!*more) break;
    buffer += row;
    buffer += '\n';
    if (buffer.size() >= kChunk && !flush()) break;
  }
  bool sent = !aborted && flush() && !send_failed;
  if (PQputCopyEnd(conn_, sent ? nullptr : "aborted by the client") != 1) {
    return aborted ? *aborted : Failure(nullptr, "copy");  // the connection is gone: no result will come
  }
  std::optional<Error> failure;
  std::int64_t rows = 0;
  while (PGresult* result = PQgetResult(conn_)) {
    if (PQresultStatus(result) == PGRES_COMMAND_OK) {
      rows = std::strtoll(PQcmdTuples(result), nullptr, 10);
    } else if (!failure) {
      failure = Failure(result, "copy");
    }
    PQclear(result);
  }
  if (aborted) return *aborted;
  if (failure) return *failure;
  if (!sent) return Failure(nullptr, "copy");
  return rows;
}

void Connection::AppendCopyField(std::string& row, std::optional<std::string_view> value) {
  if (!value) {
    row += "\\N";
    return;
  }
  for (char c : *value) {
    switch (c) {
      case '\\': row += "\\\\"; break;
      case '\t': row += "\\t"; break;
      case '\n': row += "\\n"; break;
      case '\r': row += "\\r"; break;
      default: row += c;
    }
  }
}

Status Connection::Commit() {
  if (PQtransactionStatus(conn_) == PQTRANS_INERROR) {
    return Error(ErrorCode::kInternal, "commit: a statement of the transaction failed; nothing was committed");
  }
  PGresult* result = PQexec(conn_, "COMMIT");
  auto status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status != PGRES_COMMAND_OK) {
    Error error = Failure(result, "commit");
    if (result != nullptr) PQclear(result);
    return error;
  }
  bool committed = std::string_view(PQcmdStatus(result)) == "COMMIT";
  PQclear(result);
  if (!committed) return Error(ErrorCode::kInternal, "commit: the transaction was rolled back");
  return Ok();
}

bool Connection::InTransaction() const {
  auto status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

bool Connection::Broken() const { return PQstatus(conn_) != CONNECTION_OK; }

}  // namespace bb::store::postgres
