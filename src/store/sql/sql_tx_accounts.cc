// SqlTx: staff users, their sessions and password resets, and API keys.

#include <cstdint>
#include <map>

#include "store/sql/query_helpers.h"
#include "store/sql/referral_terms.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

namespace {

constexpr std::string_view kUserColumns = "id, email, name, role, password_hash, disabled, created_at";

domain::User ReadUser(const Statement& s) {
  domain::User u;
  u.id = s.Text(0);
  u.email = s.Text(1);
  u.name = s.Text(2);
  u.role = domain::ParseRole(s.Text(3)).value_or(domain::Role::kViewer);
  u.password_hash = s.Text(4);
  u.disabled = s.Int(5) != 0;
  u.created_at = FromMicros(s.Int(6));
  return u;
}

constexpr std::string_view kApiKeyColumns = "id, name, role, secret_hash, created_by, created_at, revoked_at";

domain::ApiKey ReadApiKey(const Statement& s) {
  domain::ApiKey k;
  k.id = s.Text(0);
  k.name = s.Text(1);
  k.role = domain::ParseRole(s.Text(2)).value_or(domain::Role::kViewer);
  k.secret_hash = s.Text(3);
  k.created_by = s.Text(4);
  k.created_at = FromMicros(s.Int(5));
  if (!s.IsNull(6)) k.revoked_at = FromMicros(s.Int(6));
  return k;
}

}  // namespace

Result<std::optional<domain::User>> SqlTx::FindUser(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kUserColumns, " FROM users WHERE id = ?");
  return QueryOne<domain::User>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadUser);
}

Result<std::optional<domain::User>> SqlTx::FindUserByEmail(std::string_view email) {
  static const std::string sql = Sql("SELECT ", kUserColumns, " FROM users WHERE email = ?");
  return QueryOne<domain::User>(
      db_, sql, [&](Statement& s) { s.Bind(email); }, ReadUser);
}

Result<std::vector<domain::User>> SqlTx::ListUsers() {
  static const std::string sql = Sql("SELECT ", kUserColumns, " FROM users ORDER BY id");
  return QueryAll<domain::User>(
      db_, sql, [](Statement&) {}, ReadUser);
}

Result<std::int64_t> SqlTx::CountActiveAdmins() {
  static const std::string sql = "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  BB_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

Result<std::optional<domain::PasswordReset>> SqlTx::FindPasswordReset(std::string_view token_hash) {
  static const std::string sql =
      "SELECT token_hash, user_id, created_by, created_at, expires_at, used_at FROM user_password_resets "
      "WHERE token_hash = ?";
  return QueryOne<domain::PasswordReset>(
      db_, sql, [&](Statement& s) { s.Bind(token_hash); },
      [](const Statement& s) {
        domain::PasswordReset reset{s.Text(0), s.Text(1), s.Text(2), FromMicros(s.Int(3)), FromMicros(s.Int(4)), {}};
        if (!s.IsNull(5)) reset.used_at = FromMicros(s.Int(5));
        return reset;
      });
}

Result<std::optional<domain::SessionRecord>> SqlTx::FindSession(std::string_view token_hash) {
  static const std::string sql =
      "SELECT token_hash, user_id, created_at, last_seen_at FROM sessions WHERE token_hash = ?";
  return QueryOne<domain::SessionRecord>(
      db_, sql, [&](Statement& s) { s.Bind(token_hash); },
      [](const Statement& s) {
        return domain::SessionRecord{s.Text(0), s.Text(1), FromMicros(s.Int(2)), FromMicros(s.Int(3))};
      });
}

Result<std::optional<domain::ApiKey>> SqlTx::FindApiKey(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kApiKeyColumns, " FROM api_keys WHERE id = ?");
  return QueryOne<domain::ApiKey>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadApiKey);
}

Result<std::vector<domain::ApiKey>> SqlTx::ListApiKeys() {
  static const std::string sql = Sql("SELECT ", kApiKeyColumns, " FROM api_keys ORDER BY id");
  return QueryAll<domain::ApiKey>(
      db_, sql, [](Statement&) {}, ReadApiKey);
}

Status SqlTx::InsertUser(const domain::User& u) {
  static const std::string sql = Sql("INSERT INTO users (", kUserColumns, ") VALUES (?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(u.id).Bind(u.email).Bind(u.name).Bind(domain::ToString(u.role)).Bind(u.password_hash).Bind(u.disabled);
  s.Bind(ToMicros(u.created_at));
  return RunUnique(s, "email");
}

Status SqlTx::UpdateUser(const domain::User& u) {
  static const std::string sql = "UPDATE users SET name = ?, role = ?, disabled = ?, password_hash = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(u.name).Bind(domain::ToString(u.role)).Bind(u.disabled).Bind(u.password_hash).Bind(u.id);
  return s.Run();
}

Result<std::int64_t> SqlTx::DeleteUserSessions(std::string_view user_id) {
  static const std::string sql = "DELETE FROM sessions WHERE user_id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(user_id);
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes();
}

Status SqlTx::InsertPasswordReset(const domain::PasswordReset& r) {
  static const std::string sql =
      "INSERT INTO user_password_resets (token_hash, user_id, created_by, created_at, expires_at, used_at) "
      "VALUES (?,?,?,?,?,NULL)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.token_hash).Bind(r.user_id).Bind(r.created_by).Bind(ToMicros(r.created_at)).Bind(ToMicros(r.expires_at));
  return RunUnique(s, "token");
}

Result<bool> SqlTx::UsePasswordReset(std::string_view token_hash, Timestamp at) {
  static const std::string sql = "UPDATE user_password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(at)).Bind(token_hash);
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes() == 1;
}

Result<std::int64_t> SqlTx::RetirePasswordResets(std::string_view user_id, Timestamp at) {
  static const std::string sql = "UPDATE user_password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(at)).Bind(user_id);
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes();
}

Status SqlTx::InsertSession(const domain::SessionRecord& r) {
  static const std::string sql =
      "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.token_hash).Bind(r.user_id).Bind(ToMicros(r.created_at)).Bind(ToMicros(r.last_seen_at));
  return s.Run();
}

Status SqlTx::TouchSession(std::string_view token_hash, Timestamp last_seen_at) {
  static const std::string sql = "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(last_seen_at)).Bind(token_hash);
  return s.Run();
}

Status SqlTx::DeleteSession(std::string_view token_hash) {
  static const std::string sql = "DELETE FROM sessions WHERE token_hash = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(token_hash);
  return s.Run();
}

Result<std::int64_t> SqlTx::DeleteStaleSessions(Timestamp idle_before, Timestamp created_before) {
  static const std::string staff = "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?";
  static const std::string advocates = "DELETE FROM advocate_sessions WHERE last_seen_at < ? OR created_at < ?";
  std::int64_t deleted = 0;
  for (const std::string* sql : {&staff, &advocates}) {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(*sql));
    s.Bind(ToMicros(idle_before)).Bind(ToMicros(created_before));
    BB_RETURN_IF_ERROR(s.Run());
    deleted += db_.Changes();
  }
  return deleted;
}

Status SqlTx::InsertApiKey(const domain::ApiKey& k) {
  static const std::string sql = Sql("INSERT INTO api_keys (", kApiKeyColumns, ") VALUES (?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(k.id).Bind(k.name).Bind(domain::ToString(k.role)).Bind(k.secret_hash).Bind(k.created_by);
  s.Bind(ToMicros(k.created_at));
  if (k.revoked_at) {
    s.Bind(ToMicros(*k.revoked_at));
  } else {
    s.BindNull();
  }
  return s.Run();
}

Status SqlTx::RevokeApiKey(std::string_view id, Timestamp when) {
  static const std::string sql = "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(when)).Bind(id);
  return s.Run();
}

Result<std::vector<std::string>> SqlTx::ListStaffNotifications(std::string_view user_id) {
  static const std::string sql = "SELECT topic FROM staff_notifications WHERE user_id = ? ORDER BY topic";
  return QueryAll<std::string>(
      db_, sql, [&](Statement& s) { s.Bind(user_id); }, [](const Statement& s) { return s.Text(0); });
}

Result<std::vector<domain::User>> SqlTx::ListUsersNotifiedOf(std::string_view topic) {
  static const std::string sql =
      Sql("SELECT ", kUserColumns,
          " FROM users WHERE disabled = 0 AND id IN (SELECT user_id FROM staff_notifications WHERE topic = ?) "
          "ORDER BY id");
  return QueryAll<domain::User>(
      db_, sql, [&](Statement& s) { s.Bind(topic); }, ReadUser);
}

Status SqlTx::SetStaffNotification(std::string_view user_id, std::string_view topic, bool on) {
  static const std::string add =
      "INSERT INTO staff_notifications (user_id, topic) VALUES (?, ?) ON CONFLICT (user_id, topic) DO NOTHING";
  static const std::string remove = "DELETE FROM staff_notifications WHERE user_id = ? AND topic = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(on ? add : remove));
  s.Bind(user_id).Bind(topic);
  return s.Run();
}

Result<std::vector<DigestFigures>> SqlTx::ListDigestFigures(Timestamp from, Timestamp until) {
  static const std::string submitted =
      "SELECT r.program_id, COUNT(*) FROM referral_events e JOIN referrals r ON r.id = e.referral_id WHERE e.at >= ? "
      "AND e.at < ? AND e.kind = 'submitted' GROUP BY r.program_id";
  static const std::string won = Sql(
      "SELECT r.program_id, COUNT(*) FROM referral_events e JOIN referrals r ON r.id = e.referral_id WHERE e.at >= ? "
      "AND e.at < ? AND ",
      Reached("e", "won"), " AND ", kLatestToReachWon, " AND r.stage = 'won' GROUP BY r.program_id");
  static const std::string held =
      "SELECT program_id, COUNT(*) FROM referrals WHERE review_status <> 'clear' AND stage <> 'rejected' GROUP BY "
      "program_id";
  static const std::string pending =
      "SELECT program_id, COUNT(*) FROM rewards WHERE status = 'pending' GROUP BY program_id";
  std::map<std::string, DigestFigures, std::less<>> figures;
  auto add = [&](const std::string& sql, bool in_period, std::int64_t DigestFigures::*field) -> Status {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
    if (in_period) s.Bind(ToMicros(from)).Bind(ToMicros(until));
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return Ok();
      DigestFigures& f = figures[s.Text(0)];
      f.program_id = s.Text(0);
      f.*field = s.Int(1);
    }
  };
  BB_RETURN_IF_ERROR(add(submitted, true, &DigestFigures::submitted));
  BB_RETURN_IF_ERROR(add(won, true, &DigestFigures::won));
  BB_RETURN_IF_ERROR(add(held, false, &DigestFigures::held));
  BB_RETURN_IF_ERROR(add(pending, false, &DigestFigures::pending_rewards));
  std::vector<DigestFigures> out;
  for (auto& [id, f] : figures) out.push_back(std::move(f));
  return out;
}

}  // namespace bb::store::sql
