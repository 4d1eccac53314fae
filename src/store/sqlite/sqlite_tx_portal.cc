// SqliteTx: advocates' sign-in links and portal sessions.

#include "store/sqlite/query_helpers.h"
#include "store/sqlite/sqlite_tx.h"

namespace bb::store::sqlite {

Result<std::optional<domain::SignInLink>> SqliteTx::FindSignInLink(std::string_view token_hash) {
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

Result<std::optional<domain::AdvocateSession>> SqliteTx::FindAdvocateSession(std::string_view token_hash) {
  static const std::string sql =
      "SELECT token_hash, advocate_id, created_at, last_seen_at FROM advocate_sessions WHERE token_hash = ?";
  return QueryOne<domain::AdvocateSession>(
      db_, sql, [&](Statement& s) { s.Bind(token_hash); },
      [](const Statement& s) {
        return domain::AdvocateSession{s.Text(0), s.Text(1), FromMicros(s.Int(2)), FromMicros(s.Int(3))};
      });
}

Status SqliteTx::InsertSignInLink(const domain::SignInLink& link) {
  static const std::string sql =
      "INSERT INTO advocate_sign_in_links (token_hash, advocate_id, created_by, created_at, expires_at, used_at) "
      "VALUES (?,?,?,?,?,NULL)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(link.token_hash).Bind(link.advocate_id).Bind(link.created_by).Bind(ToMicros(link.created_at));
  s.Bind(ToMicros(link.expires_at));
  return RunUnique(s, "token");
}

Result<bool> SqliteTx::UseSignInLink(std::string_view token_hash, Timestamp at) {
  static const std::string sql =
      "UPDATE advocate_sign_in_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(at)).Bind(token_hash);
  BB_RETURN_IF_ERROR(s.Run());
  return sqlite3_changes(db_.handle()) == 1;
}

Status SqliteTx::InsertAdvocateSession(const domain::AdvocateSession& session) {
  static const std::string sql =
      "INSERT INTO advocate_sessions (token_hash, advocate_id, created_at, last_seen_at) VALUES (?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(session.token_hash).Bind(session.advocate_id).Bind(ToMicros(session.created_at));
  s.Bind(ToMicros(session.last_seen_at));
  return RunUnique(s, "token");
}

Status SqliteTx::TouchAdvocateSession(std::string_view token_hash, Timestamp last_seen_at) {
  static const std::string sql = "UPDATE advocate_sessions SET last_seen_at = ? WHERE token_hash = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(last_seen_at)).Bind(token_hash);
  return s.Run();
}

Status SqliteTx::DeleteAdvocateSession(std::string_view token_hash) {
  static const std::string sql = "DELETE FROM advocate_sessions WHERE token_hash = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(token_hash);
  return s.Run();
}

}  // namespace bb::store::sqlite
