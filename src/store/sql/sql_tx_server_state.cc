// SqlTx: idempotency records and settings.

#include <cstdint>

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

Result<std::optional<domain::IdempotencyRecord>> SqlTx::FindIdempotencyRecord(std::string_view scope,
                                                                              std::string_view key) {
  static const std::string sql =
      "SELECT scope, key, fingerprint, status, body, location, created_at, expires_at FROM idempotency_records "
      "WHERE scope = ? AND key = ?";
  return QueryOne<domain::IdempotencyRecord>(
      db_, sql, [&](Statement& s) { s.Bind(scope).Bind(key); },
      [](const Statement& s) {
        return domain::IdempotencyRecord{s.Text(0),
                                         s.Text(1),
                                         s.Text(2),
                                         static_cast<int>(s.Int(3)),
                                         s.Text(4),
                                         s.Text(5),
                                         FromMicros(s.Int(6)),
                                         FromMicros(s.Int(7))};
      });
}

Result<std::optional<std::string>> SqlTx::GetSetting(std::string_view name) {
  static const std::string sql = "SELECT value FROM settings WHERE name = ?";
  return QueryOne<std::string>(
      db_, sql, [&](Statement& s) { s.Bind(name); }, [](const Statement& s) { return s.Text(0); });
}

Status SqlTx::InsertIdempotencyRecord(const domain::IdempotencyRecord& r) {
  static const std::string sql =
      "INSERT INTO idempotency_records (scope, key, fingerprint, status, body, location, created_at, expires_at) "
      "VALUES (?,?,?,?,?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.scope).Bind(r.key).Bind(r.fingerprint).Bind(r.status).Bind(r.body).Bind(r.location);
  s.Bind(ToMicros(r.created_at)).Bind(ToMicros(r.expires_at));
  return RunUnique(s, "key");
}

Result<std::int64_t> SqlTx::DeleteExpiredIdempotencyRecords(Timestamp now) {
  static const std::string sql = "DELETE FROM idempotency_records WHERE expires_at <= ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(now));
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes();
}

Status SqlTx::PutSetting(std::string_view name, std::string_view value) {
  static const std::string sql =
      "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(name).Bind(value);
  return s.Run();
}

}  // namespace bb::store::sql
