// The outbox's statements.

#include <algorithm>

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

namespace {

constexpr std::string_view kColumns =
    "id, kind, target, message_id, event_type, payload, state, attempts, created_at, next_attempt_at, lease_holder, "
    "last_attempt_at, last_status, last_error, finished_at, series_started_at, series_first_attempt";

std::optional<Timestamp> OptionalTime(const Statement& s, int column) {
  if (s.IsNull(column)) return std::nullopt;
  return FromMicros(s.Int(column));
}

domain::OutboxItem ReadItem(const Statement& s) {
  domain::OutboxItem item;
  item.id = s.Text(0);
  item.kind = domain::ParseOutboxKind(s.Text(1)).value_or(domain::OutboxKind::kWebhook);
  item.target = s.Text(2);
  item.message_id = s.Text(3);
  item.event_type = s.Text(4);
  item.payload = s.Text(5);
  item.state = domain::ParseOutboxState(s.Text(6)).value_or(domain::OutboxState::kPending);
  item.attempts = static_cast<int>(s.Int(7));
  item.created_at = FromMicros(s.Int(8));
  item.next_attempt_at = FromMicros(s.Int(9));
  item.lease_holder = s.Text(10);
  item.last_attempt_at = OptionalTime(s, 11);
  item.last_status = static_cast<int>(s.Int(12));
  item.last_error = s.Text(13);
  item.finished_at = OptionalTime(s, 14);
  item.series_started_at = FromMicros(s.Int(15));
  item.series_first_attempt = static_cast<int>(s.Int(16));
  return item;
}

}  // namespace

Result<std::optional<domain::OutboxItem>> SqlTx::FindOutboxItem(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kColumns, " FROM outbox WHERE id = ?");
  return QueryOne<domain::OutboxItem>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadItem);
}

Result<std::vector<domain::OutboxItem>> SqlTx::ListOutboxItems(const OutboxQuery& query) {
  Filters filters;
  filters.When("kind = ?", query.kind ? domain::ToString(*query.kind) : "");
  filters.When("target = ?", query.target);
  filters.When("state = ?", query.state ? domain::ToString(*query.state) : "");
  filters.When("id < ?", query.before_id);
  BB_ASSIGN_OR_RETURN(
      Statement s, db_.Prepare(Sql("SELECT ", kColumns, " FROM outbox", filters.Where(), " ORDER BY id DESC LIMIT ?")));
  filters.Bind(s);
  s.Bind(query.limit);
  std::vector<domain::OutboxItem> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadItem(s));
  }
  return out;
}

Result<std::vector<domain::OutboxAttempt>> SqlTx::ListOutboxAttempts(std::string_view outbox_id) {
  static const std::string sql =
      "SELECT outbox_id, number, at, took_us, status, error FROM outbox_attempts WHERE outbox_id = ? ORDER BY number";
  return QueryAll<domain::OutboxAttempt>(
      db_, sql, [&](Statement& s) { s.Bind(outbox_id); },
      [](const Statement& s) {
        return domain::OutboxAttempt{s.Text(0),          static_cast<int>(s.Int(1)), FromMicros(s.Int(2)),
                                     Duration(s.Int(3)), static_cast<int>(s.Int(4)), s.Text(5)};
      });
}

Result<bool> SqlTx::AnyOutboxItemDue(Timestamp now) {
  static const std::string sql = "SELECT 1 FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? LIMIT 1";
  BB_ASSIGN_OR_RETURN(auto found,
                      QueryOne<int>(
                          db_, sql, [&](Statement& s) { s.Bind(ToMicros(now)); }, [](const Statement&) { return 1; }));
  return found.has_value();
}

Result<std::vector<OutboxKindStats>> SqlTx::GetOutboxStats() {
  std::vector<OutboxKindStats> out;
  for (auto kind : {domain::OutboxKind::kWebhook, domain::OutboxKind::kEmail}) {
    static const std::string pending_sql =
        "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE state = 'pending' AND kind = ?";
    static const std::string dead_sql = "SELECT COUNT(*) FROM outbox WHERE state = 'dead' AND kind = ?";
    OutboxKindStats stats{kind, 0, std::nullopt, 0};
    {
      BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(pending_sql));
      s.Bind(domain::ToString(kind));
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (row) {
        stats.pending = s.Int(0);
        stats.oldest_pending = OptionalTime(s, 1);
      }
    }
    {
      BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(dead_sql));
      s.Bind(domain::ToString(kind));
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (row) stats.dead = s.Int(0);
    }
    if (stats.pending > 0 || stats.dead > 0) out.push_back(stats);
  }
  return out;
}

Status SqlTx::InsertOutboxItem(const domain::OutboxItem& item) {
  static const std::string sql = Sql("INSERT INTO outbox (", kColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(item.id).Bind(domain::ToString(item.kind)).Bind(item.target).Bind(item.message_id).Bind(item.event_type);
  s.Bind(item.payload).Bind(domain::ToString(item.state)).Bind(item.attempts).Bind(ToMicros(item.created_at));
  s.Bind(ToMicros(item.next_attempt_at)).Bind(item.lease_holder);
  if (item.last_attempt_at) {
    s.Bind(ToMicros(*item.last_attempt_at));
  } else {
    s.BindNull();
  }
  s.Bind(item.last_status).Bind(item.last_error);
  if (item.finished_at) {
    s.Bind(ToMicros(*item.finished_at));
  } else {
    s.BindNull();
  }
  s.Bind(ToMicros(item.series_started_at)).Bind(item.series_first_attempt);
  return s.Run();
}

Result<std::vector<domain::OutboxItem>> SqlTx::ClaimOutboxItems(std::string_view holder, Timestamp now,
                                                                Timestamp lease_until, int limit) {
  // SQLite has one writer at a time: its form needs no row locks. PostgreSQL's skips rows another
  // claim has locked, so that claims from several instances neither wait nor overlap.
  static const std::string sqlite_sql =
      Sql("UPDATE outbox SET attempts = attempts + 1, lease_holder = ?, next_attempt_at = ? WHERE id IN (SELECT id "
          "FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?) RETURNING ",
          kColumns);
  static const std::string postgres_sql =
      Sql("UPDATE outbox SET attempts = attempts + 1, lease_holder = ?, next_attempt_at = ? WHERE id IN (SELECT id "
          "FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ? FOR UPDATE "
          "SKIP LOCKED) RETURNING ",
          kColumns);
  BB_ASSIGN_OR_RETURN(
      auto items,
      QueryAll<domain::OutboxItem>(
          db_, db_.dialect() == Dialect::kPostgres ? postgres_sql : sqlite_sql,
          [&](Statement& s) { s.Bind(holder).Bind(ToMicros(lease_until)).Bind(ToMicros(now)).Bind(limit); }, ReadItem));
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return items;
}

Result<bool> SqlTx::RecordOutboxAttempt(const OutboxAttemptReport& report) {
  const domain::OutboxAttempt& a = report.record;
  {
    static const std::string sql =
        "INSERT INTO outbox_attempts (outbox_id, number, at, took_us, status, error) VALUES (?,?,?,?,?,?) "
        "ON CONFLICT (outbox_id, number) DO NOTHING";
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
    s.Bind(report.outbox_id).Bind(report.attempt).Bind(ToMicros(a.at)).Bind(static_cast<std::int64_t>(a.took.count()));
    s.Bind(a.status).Bind(a.error);
    BB_RETURN_IF_ERROR(s.Run());
  }
  switch (report.state) {
    case domain::OutboxState::kDelivered: {
      static const std::string sql =
          "UPDATE outbox SET state = 'delivered', finished_at = ?, last_attempt_at = ?, last_status = ?, "
          "last_error = '' WHERE id = ? AND state = 'pending'";
      BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
      s.Bind(ToMicros(a.at)).Bind(ToMicros(a.at)).Bind(a.status).Bind(report.outbox_id);
      BB_RETURN_IF_ERROR(s.Run());
      break;
    }
    case domain::OutboxState::kPending:
    case domain::OutboxState::kDead: {
      static const std::string sql =
          "UPDATE outbox SET state = ?, next_attempt_at = ?, finished_at = ?, last_attempt_at = ?, last_status = ?, "
          "last_error = ? WHERE id = ? AND state = 'pending' AND lease_holder = ? AND attempts = ?";
      bool dead = report.state == domain::OutboxState::kDead;
      BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
      s.Bind(domain::ToString(report.state)).Bind(ToMicros(dead ? a.at : report.next_attempt_at));
      if (dead) {
        s.Bind(ToMicros(a.at));
      } else {
        s.BindNull();
      }
      s.Bind(ToMicros(a.at)).Bind(a.status).Bind(a.error).Bind(report.outbox_id).Bind(report.holder);
      s.Bind(report.attempt);
      BB_RETURN_IF_ERROR(s.Run());
      break;
    }
  }
  return db_.Changes() == 1;
}

Result<bool> SqlTx::ReplayOutboxItem(std::string_view id, Timestamp now) {
  static const std::string sql =
      "UPDATE outbox SET state = 'pending', next_attempt_at = ?, lease_holder = '', finished_at = NULL, "
      "series_started_at = ?, series_first_attempt = attempts + 1 WHERE id = ? AND state <> 'pending'";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(now)).Bind(ToMicros(now)).Bind(id);
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes() == 1;
}

Result<std::int64_t> SqlTx::KillPendingOutboxItems(domain::OutboxKind kind, std::string_view target,
                                                   std::string_view reason, Timestamp now) {
  static const std::string sql =
      "UPDATE outbox SET state = 'dead', finished_at = ?, last_error = ? WHERE kind = ? AND target = ? AND "
      "state = 'pending'";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(now)).Bind(reason).Bind(domain::ToString(kind)).Bind(target);
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes();
}

Status SqlTx::SetOutboxPayload(std::string_view id, std::string_view payload) {
  static const std::string sql = "UPDATE outbox SET payload = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(payload).Bind(id);
  return s.Run();
}

}  // namespace bb::store::sql
