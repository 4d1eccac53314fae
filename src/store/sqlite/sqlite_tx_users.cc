// SqliteTx: changing staff users and their access (role, disabled, password, sessions, resets).

#include "store/sqlite/query_helpers.h"
#include "store/sqlite/sqlite_tx.h"

namespace bb::store::sqlite {

Result<std::int64_t> SqliteTx::CountActiveAdmins() {
  static const std::string sql = "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  BB_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

Status SqliteTx::UpdateUser(const domain::User& u) {
  static const std::string sql = "UPDATE users SET name = ?, role = ?, disabled = ?, password_hash = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(u.name).Bind(domain::ToString(u.role)).Bind(u.disabled).Bind(u.password_hash).Bind(u.id);
  return s.Run();
}

Result<std::int64_t> SqliteTx::DeleteUserSessions(std::string_view user_id) {
  static const std::string sql = "DELETE FROM sessions WHERE user_id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(user_id);
  BB_RETURN_IF_ERROR(s.Run());
  return static_cast<std::int64_t>(sqlite3_changes(db_.handle()));
}

Result<std::optional<domain::PasswordReset>> SqliteTx::FindPasswordReset(std::string_view token_hash) {
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

Status SqliteTx::InsertPasswordReset(const domain::PasswordReset& r) {
  static const std::string sql =
      "INSERT INTO user_password_resets (token_hash, user_id, created_by, created_at, expires_at, used_at) "
      "VALUES (?,?,?,?,?,NULL)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.token_hash).Bind(r.user_id).Bind(r.created_by).Bind(ToMicros(r.created_at)).Bind(ToMicros(r.expires_at));
  return RunUnique(s, "token");
}

Result<bool> SqliteTx::UsePasswordReset(std::string_view token_hash, Timestamp at) {
  static const std::string sql = "UPDATE user_password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(at)).Bind(token_hash);
  BB_RETURN_IF_ERROR(s.Run());
  return sqlite3_changes(db_.handle()) == 1;
}

Result<std::int64_t> SqliteTx::RetirePasswordResets(std::string_view user_id, Timestamp at) {
  static const std::string sql = "UPDATE user_password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(at)).Bind(user_id);
  BB_RETURN_IF_ERROR(s.Run());
  return static_cast<std::int64_t>(sqlite3_changes(db_.handle()));
}

}  // namespace bb::store::sqlite
