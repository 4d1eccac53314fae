// The email templates' statements.

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

namespace {

constexpr std::string_view kColumns = "program_id, kind, subject, body, enabled, updated_at, updated_by";

domain::EmailTemplate ReadTemplate(const Statement& s) {
  return {s.Text(0),     domain::ParseEmailKind(s.Text(1)).value_or(domain::EmailKind::kInvitation),
          s.Text(2),     s.Text(3),
          s.Int(4) != 0, FromMicros(s.Int(5)),
          s.Text(6)};
}

}  // namespace

Result<std::optional<domain::EmailTemplate>> SqlTx::FindEmailTemplate(std::string_view program_id,
                                                                      domain::EmailKind kind) {
  static const std::string sql = Sql("SELECT ", kColumns, " FROM email_templates WHERE program_id = ? AND kind = ?");
  return QueryOne<domain::EmailTemplate>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(domain::ToString(kind)); }, ReadTemplate);
}

Result<std::vector<domain::EmailTemplate>> SqlTx::ListEmailTemplates(std::string_view program_id) {
  static const std::string sql = Sql("SELECT ", kColumns, " FROM email_templates WHERE program_id = ?");
  return QueryAll<domain::EmailTemplate>(
      db_, sql, [&](Statement& s) { s.Bind(program_id); }, ReadTemplate);
}

Status SqlTx::PutEmailTemplate(const domain::EmailTemplate& t) {
  static const std::string sql =
      Sql("INSERT INTO email_templates (", kColumns,
          ") VALUES (?,?,?,?,?,?,?) ON CONFLICT (program_id, kind) DO UPDATE SET subject = excluded.subject, "
          "body = excluded.body, enabled = excluded.enabled, updated_at = excluded.updated_at, updated_by = "
          "excluded.updated_by");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(t.program_id).Bind(domain::ToString(t.kind)).Bind(t.subject).Bind(t.body);
  s.Bind(static_cast<std::int64_t>(t.enabled ? 1 : 0)).Bind(ToMicros(t.updated_at));
  s.Bind(t.updated_by);
  return s.Run();
}

Result<bool> SqlTx::DeleteEmailTemplate(std::string_view program_id, domain::EmailKind kind) {
  static const std::string sql = "DELETE FROM email_templates WHERE program_id = ? AND kind = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(program_id).Bind(domain::ToString(kind));
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes() == 1;
}

}  // namespace bb::store::sql
