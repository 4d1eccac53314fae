// SqlTx: follow-up tasks (store/nps.h, domain/followup_task.h).

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

constexpr std::string_view kFollowupColumns =
    "id, program_id, nps_response_id, email, advocate_id, owner_id, score, comment, status, note, answered_at, "
    "due_at, contacted_at, created_at, updated_at, updated_by, closed_at";

domain::FollowupTask ReadFollowup(const Statement& s) {
  domain::FollowupTask t;
  t.id = s.Text(0);
  t.program_id = s.Text(1);
  t.nps_response_id = s.Text(2);
  t.email = s.Text(3);
  if (!s.IsNull(4)) t.advocate_id = s.Text(4);
  t.owner_id = s.Text(5);
  t.score = static_cast<int>(s.Int(6));
  t.comment = s.Text(7);
  t.status = domain::ParseFollowupStatus(s.Text(8)).value_or(domain::FollowupStatus::kOpen);
  t.note = s.Text(9);
  t.answered_at = FromMicros(s.Int(10));
  t.due_at = FromMicros(s.Int(11));
  if (!s.IsNull(12)) t.contacted_at = FromMicros(s.Int(12));
  t.created_at = FromMicros(s.Int(13));
  t.updated_at = FromMicros(s.Int(14));
  t.updated_by = s.Text(15);
  if (!s.IsNull(16)) t.closed_at = FromMicros(s.Int(16));
  return t;
}

}  // namespace

Result<std::optional<domain::FollowupTask>> SqlTx::FindFollowupTask(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kFollowupColumns, " FROM followup_tasks WHERE id = ?");
  return QueryOne<domain::FollowupTask>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadFollowup);
}

Result<std::vector<domain::FollowupTask>> SqlTx::ListFollowupTasks(const FollowupQuery& query) {
  Filters filters;
  filters.When("program_id = ?", query.program_id);
  filters.When("status = ?", query.status ? domain::ToString(*query.status) : std::string_view());
  filters.When("owner_id = ?", query.owner_id);
  filters.When("nps_response_id = ?", query.nps_response_id);
  filters.When("id < ?", query.before_id);
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(Sql("SELECT ", kFollowupColumns, " FROM followup_tasks", filters.Where(),
                                                   " ORDER BY id DESC LIMIT ?")));
  filters.Bind(s);
  s.Bind(query.limit);
  std::vector<domain::FollowupTask> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadFollowup(s));
  }
  return out;
}

Result<domain::FollowupFigures> SqlTx::CountFollowupTasks(std::string_view program_id, Timestamp from, Timestamp before,
                                                          Timestamp now) {
  static const std::string sql =
      "SELECT COUNT(*), "
      "COUNT(*) FILTER (WHERE contacted_at <= due_at), "
      "COUNT(*) FILTER (WHERE contacted_at > due_at), "
      "COUNT(*) FILTER (WHERE contacted_at IS NULL AND status <> 'closed' AND due_at < ?), "
      "COUNT(*) FILTER (WHERE contacted_at IS NULL AND status <> 'closed' AND due_at >= ?), "
      "COUNT(*) FILTER (WHERE status = 'closed') "
      "FROM followup_tasks WHERE program_id = ? AND answered_at >= ? AND answered_at < ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(now)).Bind(ToMicros(now)).Bind(program_id).Bind(ToMicros(from)).Bind(ToMicros(before));
  BB_ASSIGN_OR_RETURN(bool row, s.Step());
  domain::FollowupFigures f;
  if (!row) return f;
  f.opened = s.Int(0);
  f.contacted_on_time = s.Int(1);
  f.contacted_late = s.Int(2);
  f.overdue = s.Int(3);
  f.waiting = s.Int(4);
  f.closed = s.Int(5);
  return f;
}

Status SqlTx::InsertFollowupTask(const domain::FollowupTask& t) {
  static const std::string sql =
      Sql("INSERT INTO followup_tasks (", kFollowupColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(t.id)
      .Bind(t.program_id)
      .Bind(t.nps_response_id)
      .Bind(t.email)
      .Bind(t.advocate_id)
      .Bind(t.owner_id)
      .Bind(t.score)
      .Bind(t.comment)
      .Bind(domain::ToString(t.status))
      .Bind(t.note)
      .Bind(ToMicros(t.answered_at))
      .Bind(ToMicros(t.due_at))
      .Bind(OptionalMicros(t.contacted_at))
      .Bind(ToMicros(t.created_at))
      .Bind(ToMicros(t.updated_at))
      .Bind(t.updated_by)
      .Bind(OptionalMicros(t.closed_at));
  return RunUnique(s, "nps_response_id");
}

Status SqlTx::UpdateFollowupTask(const domain::FollowupTask& t) {
  static const std::string sql =
      "UPDATE followup_tasks SET owner_id = ?, score = ?, comment = ?, status = ?, note = ?, contacted_at = ?, "
      "updated_at = ?, updated_by = ?, closed_at = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(t.owner_id)
      .Bind(t.score)
      .Bind(t.comment)
      .Bind(domain::ToString(t.status))
      .Bind(t.note)
      .Bind(OptionalMicros(t.contacted_at))
      .Bind(ToMicros(t.updated_at))
      .Bind(t.updated_by)
      .Bind(OptionalMicros(t.closed_at))
      .Bind(t.id);
  return s.Run();
}

}  // namespace bb::store::sql
