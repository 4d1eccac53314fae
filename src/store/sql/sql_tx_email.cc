// The suppression list's statements.

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

namespace {

constexpr std::string_view kColumns = "id, email, reason, note, actor, created_at";

domain::Suppression ReadSuppression(const Statement& s) {
  return {s.Text(0), s.Text(1), domain::ParseSuppressionReason(s.Text(2)).value_or(domain::SuppressionReason::kStaff),
          s.Text(3), s.Text(4), FromMicros(s.Int(5))};
}

}  // namespace

Result<std::optional<domain::Suppression>> SqlTx::FindSuppression(std::string_view email) {
  static const std::string sql = Sql("SELECT ", kColumns, " FROM suppressions WHERE email = ?");
  return QueryOne<domain::Suppression>(
      db_, sql, [&](Statement& s) { s.Bind(email); }, ReadSuppression);
}

Result<std::vector<domain::Suppression>> SqlTx::ListSuppressions(std::string_view before_id, int limit) {
  Filters filters;
  filters.When("id < ?", before_id);
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(Sql("SELECT ", kColumns, " FROM suppressions", filters.Where(),
                                                   " ORDER BY id DESC LIMIT ?")));
  filters.Bind(s);
  s.Bind(limit);
  std::vector<domain::Suppression> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadSuppression(s));
  }
  return out;
}

Result<std::vector<domain::Suppression>> SqlTx::FindSuppressions(const std::vector<std::string>& emails) {
  std::vector<domain::Suppression> out;
  for (const auto& email : emails) {
    BB_ASSIGN_OR_RETURN(auto found, FindSuppression(email));
    if (found) out.push_back(std::move(*found));
  }
  return out;
}

Status SqlTx::PutSuppression(const domain::Suppression& e) {
  static const std::string sql =
      Sql("INSERT INTO suppressions (", kColumns,
          ") VALUES (?,?,?,?,?,?) ON CONFLICT (email) DO UPDATE SET id = excluded.id, reason = excluded.reason, "
          "note = excluded.note, actor = excluded.actor, created_at = excluded.created_at");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(e.id).Bind(e.email).Bind(domain::ToString(e.reason)).Bind(e.note).Bind(e.actor).Bind(ToMicros(e.created_at));
  return s.Run();
}

Result<bool> SqlTx::DeleteSuppression(std::string_view email) {
  static const std::string sql = "DELETE FROM suppressions WHERE email = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(email);
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes() == 1;
}

}  // namespace bb::store::sql
