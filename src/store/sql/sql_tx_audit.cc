// The audit trail's statements.

#include "store/sql/json_columns.h"
#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

Status SqlTx::InsertAuditEvent(const domain::AuditEvent& e) {
  static const std::string sql =
      "INSERT INTO audit_events (id, at, actor, address_hash, kind, object_id, changes, note) VALUES (?,?,?,?,?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(e.id).Bind(ToMicros(e.at)).Bind(e.actor).Bind(e.address_hash).Bind(e.kind).Bind(e.object_id);
  s.Bind(EncodeAuditChanges(e.changes)).Bind(e.note);
  return s.Run();
}

Result<std::vector<domain::AuditEvent>> SqlTx::ListAuditEvents(const AuditQuery& query) {
  Filters filters;
  filters.When("actor = ?", query.actor).When("object_id = ?", query.object_id).When("kind = ?", query.kind);
  filters.When("id < ?", query.before_id);
  std::string from = query.from ? std::to_string(ToMicros(*query.from)) : "";
  std::string before = query.before ? std::to_string(ToMicros(*query.before)) : "";
  filters.When("at >= CAST(? AS BIGINT)", from).When("at < CAST(? AS BIGINT)", before);
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(Sql("SELECT id, at, actor, address_hash, kind, object_id, changes, "
                                                   "note FROM audit_events",
                                                   filters.Where(), " ORDER BY id DESC LIMIT ?")));
  filters.Bind(s);
  s.Bind(query.limit);
  std::vector<domain::AuditEvent> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Text(0), FromMicros(s.Int(1)), s.Text(2), s.Text(3), s.Text(4), s.Text(5),
                   DecodeAuditChanges(s.Text(6)), s.Text(7)});
  }
  return out;
}

}  // namespace bb::store::sql
