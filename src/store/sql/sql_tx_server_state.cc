// SqlTx: idempotency records, settings, rate buckets and job leases.

#include <cmath>
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

Result<std::optional<StoredRateBucket>> SqlTx::FindRateBucket(std::string_view key_hash) {
  static const std::string sql =
      "SELECT key_hash, tokens_milli, updated_at, full_at FROM rate_limit_buckets WHERE key_hash = ?";
  return QueryOne<StoredRateBucket>(
      db_, sql, [&](Statement& s) { s.Bind(key_hash); },
      [](const Statement& s) {
        return StoredRateBucket{s.Text(0),
                                domain::TokenBucket{static_cast<double>(s.Int(1)) / 1000.0, FromMicros(s.Int(2))},
                                FromMicros(s.Int(3))};
      });
}

Status SqlTx::PutRateBucket(const StoredRateBucket& b) {
  static const std::string sql =
      "INSERT INTO rate_limit_buckets (key_hash, tokens_milli, updated_at, full_at) VALUES (?,?,?,?) "
      "ON CONFLICT (key_hash) DO UPDATE SET tokens_milli = excluded.tokens_milli, updated_at = excluded.updated_at, "
      "full_at = excluded.full_at";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  // Floored, so that rounding never grants a token that was not regained.
  auto milli = static_cast<std::int64_t>(std::floor(std::max(0.0, b.bucket.tokens) * 1000.0));
  s.Bind(b.key_hash).Bind(milli).Bind(ToMicros(b.bucket.updated)).Bind(ToMicros(b.full_at));
  return s.Run();
}

Result<std::int64_t> SqlTx::DeleteFullRateBuckets(Timestamp now) {
  static const std::string sql = "DELETE FROM rate_limit_buckets WHERE full_at <= ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(now));
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes();
}

Result<bool> SqlTx::ClaimJobLease(std::string_view job, std::string_view holder, Timestamp now, Timestamp until) {
  static const std::string insert_sql =
      "INSERT INTO job_leases (name, holder, expires_at) VALUES (?,?,?) ON CONFLICT (name) DO NOTHING";
  {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(insert_sql));
    s.Bind(job).Bind(holder).Bind(ToMicros(until));
    BB_RETURN_IF_ERROR(s.Run());
    if (db_.Changes() == 1) return true;
  }
  // SQLite has one writer at a time and no row locks: its form reads the row plainly.
  static const std::string select_sqlite = "SELECT holder, expires_at FROM job_leases WHERE name = ?";
  static const std::string select_postgres =
      "SELECT holder, expires_at FROM job_leases WHERE name = ? FOR UPDATE SKIP LOCKED";
  struct Lease {
    std::string holder;
    Timestamp expires_at;
  };
  BB_ASSIGN_OR_RETURN(auto lease, QueryOne<Lease>(
                                      db_, db_.dialect() == Dialect::kPostgres ? select_postgres : select_sqlite,
                                      [&](Statement& s) { s.Bind(job); },
                                      [](const Statement& s) {
                                        return Lease{s.Text(0), FromMicros(s.Int(1))};
                                      }));
  if (!lease) return false;  // locked by a claim under way elsewhere
  if (lease->holder != holder && lease->expires_at > now) return false;
  static const std::string update_sql = "UPDATE job_leases SET holder = ?, expires_at = ? WHERE name = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(update_sql));
  s.Bind(holder).Bind(ToMicros(until)).Bind(job);
  BB_RETURN_IF_ERROR(s.Run());
  return true;
}

Status SqlTx::ReleaseJobLease(std::string_view job, std::string_view holder, Timestamp now) {
  static const std::string sql =
      "UPDATE job_leases SET expires_at = ? WHERE name = ? AND holder = ? AND expires_at > ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(now)).Bind(job).Bind(holder).Bind(ToMicros(now));
  return s.Run();
}

}  // namespace bb::store::sql
