// SqlTx: challenges and their completions (store/challenges.h, domain/challenge.h).

#include "store/sql/json_columns.h"
#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

constexpr std::string_view kChallengeColumns =
    "id, program_id, name, description, steps, starts_at, ends_at, tags, per_member_limit, total_limit, active, "
    "created_at, updated_at";
constexpr std::string_view kCompletionColumns =
    "id, program_id, challenge_id, step, advocate_id, status, ref, url, text, points, note, created_at, decided_at, "
    "decided_by";
// Open at ?: active, started, not ended (the instant bound twice).
constexpr std::string_view kOpenAt = "active = 1 AND starts_at <= ? AND (ends_at IS NULL OR ends_at > ?)";

domain::Challenge ReadChallenge(const Statement& s) {
  domain::Challenge c;
  c.id = s.Text(0);
  c.program_id = s.Text(1);
  c.name = s.Text(2);
  c.description = s.Text(3);
  c.steps = DecodeChallengeSteps(s.Text(4));
  c.starts_at = FromMicros(s.Int(5));
  if (auto ends = OptionalInt(s, 6)) c.ends_at = FromMicros(*ends);
  c.tags = DecodeStringList(s.Text(7));
  c.per_member_limit = s.Int(8);
  c.total_limit = OptionalInt(s, 9);
  c.active = s.Int(10) != 0;
  c.created_at = FromMicros(s.Int(11));
  c.updated_at = FromMicros(s.Int(12));
  return c;
}

domain::ChallengeCompletion ReadCompletion(const Statement& s) {
  domain::ChallengeCompletion c;
  c.id = s.Text(0);
  c.program_id = s.Text(1);
  c.challenge_id = s.Text(2);
  c.step = s.Int(3);
  c.advocate_id = s.Text(4);
  c.status = domain::ParseCompletionStatus(s.Text(5)).value_or(domain::CompletionStatus::kPending);
  c.ref = s.Text(6);
  c.url = s.Text(7);
  c.text = s.Text(8);
  c.points = s.Int(9);
  c.note = s.Text(10);
  c.created_at = FromMicros(s.Int(11));
  if (auto decided = OptionalInt(s, 12)) c.decided_at = FromMicros(*decided);
  c.decided_by = s.Text(13);
  return c;
}

bool HasShareStep(const domain::Challenge& c) {
  for (const auto& step : c.steps) {
    if (step.type == domain::ChallengeStepType::kShareLink) return true;
  }
  return false;
}

// Binds every column of `c` but id, program_id and created_at, in the order UPDATE names them.
void BindChangeable(Statement& s, const domain::Challenge& c) {
  s.Bind(c.name).Bind(c.description).Bind(EncodeChallengeSteps(c.steps)).Bind(ToMicros(c.starts_at));
  s.Bind(OptionalMicros(c.ends_at)).Bind(EncodeStringList(c.tags)).Bind(c.per_member_limit).Bind(c.total_limit);
  s.Bind(c.active).Bind(HasShareStep(c)).Bind(ToMicros(c.updated_at));
}

}  // namespace

Result<std::optional<domain::Challenge>> SqlTx::FindChallenge(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kChallengeColumns, " FROM challenges WHERE id = ?");
  return QueryOne<domain::Challenge>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadChallenge);
}

Result<std::vector<domain::Challenge>> SqlTx::ListChallenges(std::string_view program_id, bool include_retired) {
  static const std::string all =
      Sql("SELECT ", kChallengeColumns, " FROM challenges WHERE program_id = ? ORDER BY id DESC");
  static const std::string active =
      Sql("SELECT ", kChallengeColumns, " FROM challenges WHERE program_id = ? AND active = 1 ORDER BY id DESC");
  return QueryAll<domain::Challenge>(
      db_, include_retired ? all : active, [&](Statement& s) { s.Bind(program_id); }, ReadChallenge);
}

Result<std::vector<domain::Challenge>> SqlTx::ListOpenChallenges(std::string_view program_id, Timestamp at) {
  static const std::string sql =
      Sql("SELECT ", kChallengeColumns, " FROM challenges WHERE program_id = ? AND ", kOpenAt, " ORDER BY id");
  return QueryAll<domain::Challenge>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(ToMicros(at)).Bind(ToMicros(at)); }, ReadChallenge);
}

Result<std::vector<domain::Challenge>> SqlTx::ListShareChallengesToSweep(Timestamp at, Timestamp ended_after) {
  static const std::string sql =
      Sql("SELECT ", kChallengeColumns,
          " FROM challenges WHERE has_share_step = 1 AND active = 1 AND starts_at <= ? AND (ends_at IS NULL OR "
          "ends_at > ?) ORDER BY id");
  return QueryAll<domain::Challenge>(
      db_, sql, [&](Statement& s) { s.Bind(ToMicros(at)).Bind(ToMicros(ended_after)); }, ReadChallenge);
}

Result<std::int64_t> SqlTx::CountLiveCompletions(std::string_view challenge_id, std::int64_t step,
                                                 std::string_view advocate_id) {
  Filters filters;
  filters.When("challenge_id = ?", challenge_id);
  filters.When("advocate_id = ?", advocate_id);
  filters.WhenTrue("status IN ('pending', 'approved')", true);
  BB_ASSIGN_OR_RETURN(Statement s,
                      db_.Prepare(Sql("SELECT COUNT(*) FROM challenge_completions", filters.Where(), " AND step = ?")));
  filters.Bind(s);
  s.Bind(step);
  BB_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

Result<bool> SqlTx::ChallengeHasCompletions(std::string_view challenge_id) {
  BB_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare("SELECT 1 FROM challenge_completions WHERE challenge_id = ? AND status <> 'rejected' LIMIT 1"));
  s.Bind(challenge_id);
  return s.Step();
}

Result<std::optional<domain::ChallengeCompletion>> SqlTx::FindCompletion(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kCompletionColumns, " FROM challenge_completions WHERE id = ?");
  return QueryOne<domain::ChallengeCompletion>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadCompletion);
}

Result<std::vector<domain::ChallengeCompletion>> SqlTx::ListCompletions(const CompletionQuery& query) {
  Filters filters;
  filters.When("program_id = ?", query.program_id);
  filters.When("challenge_id = ?", query.challenge_id);
  filters.When("advocate_id = ?", query.advocate_id);
  filters.When("status = ?", query.status ? domain::ToString(*query.status) : std::string_view());
  filters.When("advocate_id IN (SELECT id FROM advocates WHERE enrolled_by = ?)", query.enrolled_by);
  filters.When("id < ?", query.before_id);
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(Sql("SELECT ", kCompletionColumns, " FROM challenge_completions",
                                                   filters.Where(), " ORDER BY id DESC LIMIT ?")));
  filters.Bind(s);
  s.Bind(query.limit);
  std::vector<domain::ChallengeCompletion> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadCompletion(s));
  }
  return out;
}

Result<std::optional<ClickPosition>> SqlTx::FindShareCursor(std::string_view challenge_id) {
  BB_ASSIGN_OR_RETURN(Statement s,
                      db_.Prepare("SELECT share_cursor_at, share_cursor_id FROM challenges WHERE id = ? AND "
                                  "share_cursor_at IS NOT NULL"));
  s.Bind(challenge_id);
  BB_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<ClickPosition>();
  return std::optional<ClickPosition>(ClickPosition{FromMicros(s.Int(0)), s.Int(1)});
}

Status SqlTx::InsertChallenge(const domain::Challenge& c) {
  static const std::string sql =
      "INSERT INTO challenges (name, description, steps, starts_at, ends_at, tags, per_member_limit, total_limit, "
      "active, has_share_step, updated_at, id, program_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  BindChangeable(s, c);
  s.Bind(c.id).Bind(c.program_id).Bind(ToMicros(c.created_at));
  return RunUnique(s, "id");
}

Status SqlTx::UpdateChallenge(const domain::Challenge& c) {
  static const std::string sql =
      "UPDATE challenges SET name = ?, description = ?, steps = ?, starts_at = ?, ends_at = ?, tags = ?, "
      "per_member_limit = ?, total_limit = ?, active = ?, has_share_step = ?, updated_at = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  BindChangeable(s, c);
  s.Bind(c.id);
  return s.Run();
}

Status SqlTx::InsertCompletion(const domain::ChallengeCompletion& c) {
  static const std::string sql =
      Sql("INSERT INTO challenge_completions (", kCompletionColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(c.id).Bind(c.program_id).Bind(c.challenge_id).Bind(c.step).Bind(c.advocate_id);
  s.Bind(domain::ToString(c.status)).Bind(c.ref).Bind(c.url).Bind(c.text).Bind(c.points).Bind(c.note);
  s.Bind(ToMicros(c.created_at)).Bind(OptionalMicros(c.decided_at)).Bind(c.decided_by);
  return RunUnique(s, "ref");
}

Status SqlTx::UpdateCompletion(const domain::ChallengeCompletion& c) {
  static const std::string sql =
      "UPDATE challenge_completions SET status = ?, note = ?, decided_at = ?, decided_by = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(domain::ToString(c.status)).Bind(c.note).Bind(OptionalMicros(c.decided_at)).Bind(c.decided_by).Bind(c.id);
  return s.Run();
}

Result<std::int64_t> SqlTx::ReverseCompletionsOfRef(std::string_view program_id, std::string_view ref, Timestamp at) {
  if (ref.empty()) return std::int64_t{0};
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare("UPDATE challenge_completions SET status = 'reversed', decided_at = ?, "
                                               "decided_by = 'system' WHERE program_id = ? AND ref = ? AND status = "
                                               "'approved'"));
  s.Bind(ToMicros(at)).Bind(program_id).Bind(ref);
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes();
}

Status SqlTx::SetShareCursor(std::string_view challenge_id, const ClickPosition& position) {
  BB_ASSIGN_OR_RETURN(Statement s,
                      db_.Prepare("UPDATE challenges SET share_cursor_at = ?, share_cursor_id = ? WHERE id = ?"));
  s.Bind(ToMicros(position.occurred_at)).Bind(position.id).Bind(challenge_id);
  return s.Run();
}

}  // namespace bb::store::sql
