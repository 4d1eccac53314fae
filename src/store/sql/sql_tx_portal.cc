// SqlTx: advocates' sign-in links, portal sessions and portal passwords.

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

Result<std::optional<domain::SignInLink>> SqlTx::FindSignInLink(std::string_view token_hash) {
  static const std::string sql =
      "SELECT token_hash, advocate_id, created_by, created_at, expires_at, used_at FROM advocate_sign_in_links "
      "WHERE token_hash = ?";
  return QueryOne<domain::SignInLink>(
      db_, sql, [&](Statement& s) { s.Bind(token_hash); },
      [](const Statement& s) {
        domain::SignInLink link{s.Text(0), s.Text(1), s.Text(2), FromMicros(s.Int(3)), FromMicros(s.Int(4)), {}};
        if (!s.IsNull(5)) link.used_at = FromMicros(s.Int(5));
        return link;
      });
}

Result<std::optional<domain::AdvocateSession>> SqlTx::FindAdvocateSession(std::string_view token_hash) {
  static const std::string sql =
      "SELECT token_hash, advocate_id, created_at, last_seen_at, opened_by FROM advocate_sessions "
      "WHERE token_hash = ?";
  return QueryOne<domain::AdvocateSession>(
      db_, sql, [&](Statement& s) { s.Bind(token_hash); },
      [](const Statement& s) {
        return domain::AdvocateSession{s.Text(0), s.Text(1), FromMicros(s.Int(2)), FromMicros(s.Int(3)),
                                       domain::ParsePortalSignIn(s.Text(4)).value_or(domain::PortalSignIn::kPassword)};
      });
}

Result<std::optional<domain::AdvocatePassword>> SqlTx::FindAdvocatePassword(std::string_view advocate_id) {
  static const std::string sql =
      "SELECT password_hash, email_proven, updated_at FROM advocate_passwords WHERE advocate_id = ?";
  return QueryOne<domain::AdvocatePassword>(
      db_, sql, [&](Statement& s) { s.Bind(advocate_id); },
      [](const Statement& s) {
        return domain::AdvocatePassword{s.Text(0), s.Int(1) != 0, FromMicros(s.Int(2))};
      });
}

Status SqlTx::InsertSignInLink(const domain::SignInLink& link) {
  static const std::string sql =
      "INSERT INTO advocate_sign_in_links (token_hash, advocate_id, created_by, created_at, expires_at, used_at) "
      "VALUES (?,?,?,?,?,NULL)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(link.token_hash).Bind(link.advocate_id).Bind(link.created_by).Bind(ToMicros(link.created_at));
  s.Bind(ToMicros(link.expires_at));
  return RunUnique(s, "token");
}

Result<bool> SqlTx::UseSignInLink(std::string_view token_hash, Timestamp at) {
  static const std::string sql =
      "UPDATE advocate_sign_in_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(at)).Bind(token_hash);
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes() == 1;
}

Status SqlTx::InsertAdvocateSession(const domain::AdvocateSession& session) {
  static const std::string sql =
      "INSERT INTO advocate_sessions (token_hash, advocate_id, created_at, last_seen_at, opened_by) "
      "VALUES (?,?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(session.token_hash).Bind(session.advocate_id).Bind(ToMicros(session.created_at));
  s.Bind(ToMicros(session.last_seen_at)).Bind(domain::ToString(session.opened_by));
  return RunUnique(s, "token");
}

Status SqlTx::TouchAdvocateSession(std::string_view token_hash, Timestamp last_seen_at) {
  static const std::string sql = "UPDATE advocate_sessions SET last_seen_at = ? WHERE token_hash = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(last_seen_at)).Bind(token_hash);
  return s.Run();
}

Status SqlTx::DeleteAdvocateSession(std::string_view token_hash) {
  static const std::string sql = "DELETE FROM advocate_sessions WHERE token_hash = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(token_hash);
  return s.Run();
}

Result<std::int64_t> SqlTx::DeleteOtherAdvocateSessions(std::string_view advocate_id,
                                                        std::string_view keep_token_hash) {
  static const std::string sql = "DELETE FROM advocate_sessions WHERE advocate_id = ? AND token_hash <> ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(advocate_id).Bind(keep_token_hash);
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes();
}

Status SqlTx::PutAdvocatePassword(std::string_view advocate_id, const domain::AdvocatePassword& password) {
  static const std::string sql =
      "INSERT INTO advocate_passwords (advocate_id, password_hash, email_proven, updated_at) VALUES (?,?,?,?) "
      "ON CONFLICT (advocate_id) DO UPDATE SET password_hash = excluded.password_hash, "
      "email_proven = excluded.email_proven, updated_at = excluded.updated_at";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(advocate_id).Bind(password.hash).Bind(password.email_proven).Bind(ToMicros(password.updated_at));
  return s.Run();
}

Status SqlTx::DeleteAdvocatePassword(std::string_view advocate_id) {
  static const std::string sql = "DELETE FROM advocate_passwords WHERE advocate_id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(advocate_id);
  return s.Run();
}

Result<std::int64_t> SqlTx::RetireSignInLinks(std::string_view advocate_id, Timestamp at) {
  static const std::string sql =
      "UPDATE advocate_sign_in_links SET used_at = ? WHERE advocate_id = ? AND used_at IS NULL";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(at)).Bind(advocate_id);
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes();
}

}  // namespace bb::store::sql
