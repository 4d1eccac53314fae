// The imports' statements. A report's error and warning lists are kept as JSON text
// ([[row, column, message], ...]); text this file did not write reads as an empty list.

#include <boost/json.hpp>

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

namespace {

namespace json = boost::json;

constexpr std::string_view kImportColumns =
    "id, program_id, kind, dry_run, status, created_by, rows_total, rows_done, created, updated, unchanged, refused, "
    "errors, errors_truncated, warnings, created_at, updated_at, finished_at";

std::string IssuesToJson(const std::vector<domain::ImportIssue>& issues) {
  json::array out;
  for (const auto& issue : issues)
    out.push_back(json::array{issue.row, json::string(issue.column), json::string(issue.message)});
  return json::serialize(out);
}

std::vector<domain::ImportIssue> IssuesFromJson(std::string_view text) {
  std::vector<domain::ImportIssue> out;
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_array()) return out;
  for (const auto& entry : parsed.as_array()) {
    const auto* triple = entry.if_array();
    if (triple == nullptr || triple->size() != 3 || !(*triple)[0].is_int64() || !(*triple)[1].is_string() ||
        !(*triple)[2].is_string()) {
      continue;
    }
    out.push_back(
        {(*triple)[0].as_int64(), std::string((*triple)[1].as_string()), std::string((*triple)[2].as_string())});
  }
  return out;
}

domain::Import ReadImport(const Statement& s) {
  domain::Import i;
  i.id = s.Text(0);
  i.program_id = s.Text(1);
  i.kind = domain::ParseImportKind(s.Text(2)).value_or(domain::ImportKind::kAdvocates);
  i.dry_run = s.Int(3) != 0;
  i.status = domain::ParseImportStatus(s.Text(4)).value_or(domain::ImportStatus::kFailed);
  i.created_by = s.Text(5);
  i.rows_total = s.Int(6);
  i.rows_done = s.Int(7);
  i.created = s.Int(8);
  i.updated = s.Int(9);
  i.unchanged = s.Int(10);
  i.refused = s.Int(11);
  i.errors = IssuesFromJson(s.Text(12));
  i.errors_truncated = s.Int(13) != 0;
  i.warnings = IssuesFromJson(s.Text(14));
  i.created_at = FromMicros(s.Int(15));
  i.updated_at = FromMicros(s.Int(16));
  if (!s.IsNull(17)) i.finished_at = FromMicros(s.Int(17));
  return i;
}

// The columns UpdateImport rewrites, from status to finished_at (without created_at).
void BindProgress(Statement& s, const domain::Import& i) {
  s.Bind(domain::ToString(i.status));
  s.Bind(i.rows_total).Bind(i.rows_done).Bind(i.created).Bind(i.updated).Bind(i.unchanged).Bind(i.refused);
  s.Bind(IssuesToJson(i.errors)).Bind(i.errors_truncated ? 1 : 0).Bind(IssuesToJson(i.warnings));
  s.Bind(ToMicros(i.updated_at));
  if (i.finished_at) {
    s.Bind(ToMicros(*i.finished_at));
  } else {
    s.BindNull();
  }
}

}  // namespace

Result<std::optional<domain::Import>> SqlTx::FindImport(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kImportColumns, " FROM imports WHERE id = ?");
  return QueryOne<domain::Import>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadImport);
}

Result<std::vector<domain::Import>> SqlTx::ListImports(std::string_view program_id, std::string_view kind,
                                                       std::string_view before_id, int limit) {
  Filters filters;
  filters.When("program_id = ?", program_id);
  filters.When("kind = ?", kind);
  filters.When("id < ?", before_id);
  return QueryAll<domain::Import>(
      db_, Sql("SELECT ", kImportColumns, " FROM imports", filters.Where(), " ORDER BY id DESC LIMIT ?"),
      [&](Statement& s) {
        filters.Bind(s);
        s.Bind(limit);
      },
      ReadImport);
}

Status SqlTx::InsertImport(const domain::Import& i) {
  static const std::string sql =
      "INSERT INTO imports (id, program_id, kind, dry_run, created_by, created_at, status, rows_total, rows_done, "
      "created, updated, unchanged, refused, errors, errors_truncated, warnings, updated_at, finished_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(i.id).Bind(i.program_id).Bind(domain::ToString(i.kind)).Bind(i.dry_run ? 1 : 0).Bind(i.created_by);
  s.Bind(ToMicros(i.created_at));
  BindProgress(s, i);
  return s.Run();
}

Status SqlTx::UpdateImport(const domain::Import& i) {
  static const std::string sql =
      "UPDATE imports SET status = ?, rows_total = ?, rows_done = ?, created = ?, updated = ?, unchanged = ?, "
      "refused = ?, errors = ?, errors_truncated = ?, warnings = ?, updated_at = ?, finished_at = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  BindProgress(s, i);
  s.Bind(i.id);
  return s.Run();
}

}  // namespace bb::store::sql
