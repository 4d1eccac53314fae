// SqlTx: lifecycle settings, the log of moves, and where each person stands now.

#include <boost/json.hpp>

#include "store/sql/json_columns.h"
#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

namespace json = boost::json;

constexpr std::string_view kSettingsColumns =
    "program_id, stages, on_referral_submitted, on_referral_won, on_enrolled, lose_on_referral_closed, updated_at, "
    "updated_by";
constexpr std::string_view kMoveColumns =
    "id, program_id, contact, email, from_stage, to_stage, reached, at, source, actor_id, reason, move_key";

std::string EncodeStages(const std::vector<domain::LifecycleStage>& stages) {
  json::array out;
  for (const auto& stage : stages) {
    out.push_back(json::object{{"key", stage.key}, {"name", stage.name}, {"weight", stage.weight}});
  }
  return json::serialize(out);
}

// Text this module did not write reads as no stages.
std::vector<domain::LifecycleStage> DecodeStages(std::string_view text) {
  std::vector<domain::LifecycleStage> out;
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_array()) return out;
  for (const auto& item : parsed.as_array()) {
    const json::object* o = item.if_object();
    if (o == nullptr) continue;
    const json::value* key = o->if_contains("key");
    const json::value* name = o->if_contains("name");
    const json::value* weight = o->if_contains("weight");
    if (key && key->is_string() && name && name->is_string() && weight && weight->is_int64()) {
      out.push_back({std::string(key->as_string()), std::string(name->as_string()), weight->as_int64()});
    }
  }
  return out;
}

domain::LifecycleSettings ReadSettings(const Statement& s) {
  domain::LifecycleSettings l;
  l.program_id = s.Text(0);
  l.stages = DecodeStages(s.Text(1));
  l.on_referral_submitted = s.Text(2);
  l.on_referral_won = s.Text(3);
  l.on_enrolled = s.Text(4);
  l.lose_on_referral_closed = s.Int(5) != 0;
  l.updated_at = FromMicros(s.Int(6));
  l.updated_by = s.Text(7);
  return l;
}

domain::LifecycleMove ReadMove(const Statement& s) {
  domain::LifecycleMove m;
  m.id = s.Text(0);
  m.program_id = s.Text(1);
  m.contact = s.Text(2);
  m.email = s.Text(3);
  m.from = s.Text(4);
  m.to = s.Text(5);
  m.reached = DecodeStringList(s.Text(6));
  m.at = FromMicros(s.Int(7));
  m.source = domain::ParseLifecycleSource(s.Text(8)).value_or(domain::LifecycleSource::kAuto);
  m.actor_id = s.Text(9);
  m.reason = s.Text(10);
  m.key = s.Text(11);
  return m;
}

domain::LifecycleContact ReadContact(const Statement& s) {
  domain::LifecycleContact c;
  c.program_id = s.Text(0);
  c.contact = s.Text(1);
  c.email = s.Text(2);
  c.stage = s.Text(3);
  c.entered_at = FromMicros(s.Int(4));
  c.first_seen_at = FromMicros(s.Int(5));
  return c;
}

}  // namespace

Result<std::optional<domain::LifecycleSettings>> SqlTx::FindLifecycleSettings(std::string_view program_id) {
  static const std::string sql = Sql("SELECT ", kSettingsColumns, " FROM lifecycle_settings WHERE program_id = ?");
  return QueryOne<domain::LifecycleSettings>(
      db_, sql, [&](Statement& s) { s.Bind(program_id); }, ReadSettings);
}

Result<std::optional<domain::LifecycleContact>> SqlTx::FindLifecycleContact(std::string_view program_id,
                                                                            std::string_view contact) {
  static const std::string sql =
      "SELECT program_id, contact, email, stage, entered_at, first_seen_at FROM lifecycle_contacts "
      "WHERE program_id = ? AND contact = ?";
  return QueryOne<domain::LifecycleContact>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(contact); }, ReadContact);
}

Result<std::vector<domain::LifecycleMove>> SqlTx::ListLifecycleMovesOf(std::string_view program_id,
                                                                       std::string_view contact) {
  static const std::string sql =
      Sql("SELECT ", kMoveColumns, " FROM lifecycle_moves WHERE program_id = ? AND contact = ? ORDER BY at, id");
  return QueryAll<domain::LifecycleMove>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(contact); }, ReadMove);
}

Result<std::vector<domain::LifecycleMove>> SqlTx::ListLifecycleMoves(std::string_view program_id, Timestamp as_of) {
  static const std::string sql =
      Sql("SELECT ", kMoveColumns, " FROM lifecycle_moves WHERE program_id = ? AND at <= ? ORDER BY contact, at, id");
  return QueryAll<domain::LifecycleMove>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(ToMicros(as_of)); }, ReadMove);
}

Result<bool> SqlTx::LifecycleStageReached(std::string_view program_id, std::string_view key) {
  // `reached` is a JSON list of keys (a-z, 0-9, _): the quoted key is found in it exactly, its `_`
  // escaped (in LIKE it would match any character).
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare("SELECT 1 FROM lifecycle_moves WHERE program_id = ? AND "
                                               "(to_stage = ? OR reached LIKE ? ESCAPE '!') LIMIT 1"));
  std::string pattern = "%\"";
  for (char c : key) {
    if (c == '_' || c == '%' || c == '!') pattern += '!';
    pattern += c;
  }
  pattern += "\"%";
  s.Bind(program_id).Bind(key).Bind(pattern);
  return s.Step();
}

Status SqlTx::PutLifecycleSettings(const domain::LifecycleSettings& l) {
  static const std::string sql =
      Sql("INSERT INTO lifecycle_settings (", kSettingsColumns,
          ") VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (program_id) DO UPDATE SET stages = excluded.stages, "
          "on_referral_submitted = excluded.on_referral_submitted, on_referral_won = excluded.on_referral_won, "
          "on_enrolled = excluded.on_enrolled, lose_on_referral_closed = excluded.lose_on_referral_closed, "
          "updated_at = excluded.updated_at, updated_by = excluded.updated_by");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(l.program_id).Bind(EncodeStages(l.stages)).Bind(l.on_referral_submitted).Bind(l.on_referral_won);
  s.Bind(l.on_enrolled).Bind(l.lose_on_referral_closed).Bind(ToMicros(l.updated_at)).Bind(l.updated_by);
  return s.Run();
}

Status SqlTx::InsertLifecycleMove(const domain::LifecycleMove& m) {
  static const std::string sql =
      Sql("INSERT INTO lifecycle_moves (", kMoveColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(m.id).Bind(m.program_id).Bind(m.contact).Bind(m.email).Bind(m.from).Bind(m.to);
  s.Bind(EncodeStringList(m.reached)).Bind(ToMicros(m.at)).Bind(domain::ToString(m.source)).Bind(m.actor_id);
  s.Bind(m.reason).Bind(m.key);
  BB_RETURN_IF_ERROR(RunUnique(s, "key"));
  static const std::string contact =
      "INSERT INTO lifecycle_contacts (program_id, contact, email, stage, entered_at, first_seen_at) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (program_id, contact) DO UPDATE SET email = excluded.email, "
      "stage = excluded.stage, entered_at = excluded.entered_at";
  BB_ASSIGN_OR_RETURN(Statement c, db_.Prepare(contact));
  c.Bind(m.program_id).Bind(m.contact).Bind(m.email).Bind(m.to).Bind(ToMicros(m.at)).Bind(ToMicros(m.at));
  return c.Run();
}

}  // namespace bb::store::sql
