#pragma once
// Small helpers shared by the files that implement SqlTx.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/checked_math.h"
#include "common/result.h"
#include "domain/advocate.h"
#include "domain/referral_stage.h"
#include "store/sql/connection.h"

namespace bb::store::sql {

// Concatenates the parts of a statement's text (e.g. a column list kept in one constant).
template <typename... Parts>
std::string Sql(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

// The WHERE clause of a list query, from the filters it was given. Only the filters present are
// written, so that SQLite picks the index of each: a "(? = '' OR column = ?)" term hides every
// index from the planner, and each list became a scan of the whole table. Each combination of
// filters is its own statement text, prepared and cached once.
class Filters {
 public:
  // `condition` (with one `?`, bound to `value`) when `value` is not "".
  Filters& When(std::string_view condition, std::string_view value) {
    if (value.empty()) return *this;
    Add(condition);
    values_.emplace_back(value);
    return *this;
  }
  // `condition` (without parameters) when `present`. Named apart from When so that a string
  // literal value can never pick this overload.
  Filters& WhenTrue(std::string_view condition, bool present) {
    if (present) Add(condition);
    return *this;
  }
  // "" or " WHERE a AND b ...".
  const std::string& Where() const { return where_; }
  // Binds the values of the conditions written, in order.
  void Bind(Statement& s) const {
    for (const auto& value : values_) s.Bind(value);
  }

 private:
  void Add(std::string_view condition) {
    where_ += where_.empty() ? " WHERE " : " AND ";
    where_ += condition;
  }
  std::string where_;
  std::vector<std::string> values_;
};

// Runs a cached single-row query built from `sql`, mapping the row with `read`.
template <class T, class Bind, class Read>
Result<std::optional<T>> QueryOne(Connection& db, const std::string& sql, Bind&& bind, Read&& read) {
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  bind(s);
  BB_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<T>();
  return std::optional<T>(read(s));
}

// Runs a cached query built from `sql`, mapping every row with `read`.
template <class T, class Bind, class Read>
Result<std::vector<T>> QueryAll(Connection& db, const std::string& sql, Bind&& bind, Read&& read) {
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  bind(s);
  std::vector<T> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(read(s));
  }
  return out;
}

// Every program's id, in id order.
inline Result<std::vector<std::string>> AllProgramIds(Connection& db) {
  return QueryAll<std::string>(
      db, "SELECT id FROM programs ORDER BY id", [](Statement&) {}, [](const Statement& s) { return s.Text(0); });
}

// Whether a migration has left the request `name` in settings (to build summaries of the rows
// already stored on the first open).
inline Result<bool> Requested(Connection& db, std::string_view name) {
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare("SELECT 1 FROM settings WHERE name = ?"));
  s.Bind(name);
  return s.Step();
}

// An integer column that may be NULL, as read: none for NULL.
inline std::optional<std::int64_t> OptionalInt(const Statement& s, int column) {
  if (s.IsNull(column)) return std::nullopt;
  return s.Int(column);
}

// A time as bound to a column: microseconds, or NULL for none.
inline std::optional<std::int64_t> OptionalMicros(const std::optional<Timestamp>& at) {
  if (!at) return std::nullopt;
  return ToMicros(*at);
}

// The exact sum of an integer SQL expression, as two result columns: the sum of its billions and
// the sum of its remainders, read back with ReadExactSum. SQLite's SUM fails beyond 64 bits; the
// two parts stay far inside 64 bits for any table a database can hold (PostgreSQL's SUM of BIGINT
// is NUMERIC and would not fail, but one text serves both). NULLs are skipped; none is 0.
inline std::string ExactSum(std::string_view expression) {
  std::string e(expression);
  return "COALESCE(SUM((" + e + ") / 1000000000), 0), COALESCE(SUM((" + e + ") % 1000000000), 0)";
}
// The sum ExactSum selected, its two columns starting at `first_column`.
inline Int128 ReadExactSum(const Statement& s, int first_column) {
  return Int128{s.Int(first_column)} * 1'000'000'000 + s.Int(first_column + 1);
}
// Binds `value` as the same two parts (its quotient and remainder by 10^9), for a sum of money
// kept in two columns (the referral summaries) that no number of additions can overflow; read back
// with ReadExactSum. `value` is at most a few 64-bit amounts, so each part fits in 64 bits.
inline void BindExactSum(Statement& s, Int128 value) {
  s.Bind(static_cast<std::int64_t>(value / 1'000'000'000)).Bind(static_cast<std::int64_t>(value % 1'000'000'000));
}

// An optional stage as stored: its name, or NULL.
inline std::optional<std::string> StageName(const std::optional<domain::ReferralStage>& stage) {
  if (!stage) return std::nullopt;
  return std::string(domain::ToString(*stage));
}

// An attribute value's kind as stored: "s", "n" or "b"; anything else reads as a string.
inline std::string_view AttributeKindName(domain::AttributeValue::Kind kind) {
  switch (kind) {
    case domain::AttributeValue::Kind::kString: return "s";
    case domain::AttributeValue::Kind::kNumber: return "n";
    case domain::AttributeValue::Kind::kBool: return "b";
  }
  return "s";
}
inline domain::AttributeValue::Kind ParseAttributeKind(std::string_view name) {
  if (name == "n") return domain::AttributeValue::Kind::kNumber;
  if (name == "b") return domain::AttributeValue::Kind::kBool;
  return domain::AttributeValue::Kind::kString;
}

}  // namespace bb::store::sql
