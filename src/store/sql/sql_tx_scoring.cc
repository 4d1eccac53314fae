// SqlTx: the published versions of score models and the engagement events reported through the API.

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

constexpr std::string_view kModelColumns = "program_id, version, model, published_at, published_by";
constexpr std::string_view kEventColumns =
    "id, program_id, person, type, product, channel, occurred_at, source, event_key, recorded_at";

ScoreModelRecord ReadModel(const Statement& s) {
  return ScoreModelRecord{s.Text(0), s.Int(1), s.Text(2), FromMicros(s.Int(3)), s.Text(4)};
}

domain::EngagementEvent ReadEvent(const Statement& s) {
  domain::EngagementEvent e;
  e.id = s.Text(0);
  e.program_id = s.Text(1);
  e.person = s.Text(2);
  e.type = s.Text(3);
  e.product = s.Text(4);
  e.channel = s.Text(5);
  e.occurred_at = FromMicros(s.Int(6));
  e.source = s.Text(7);
  e.key = s.Text(8);
  e.recorded_at = FromMicros(s.Int(9));
  return e;
}

}  // namespace

Result<std::optional<ScoreModelRecord>> SqlTx::FindScoreModel(std::string_view program_id,
                                                              std::optional<std::int64_t> version) {
  static const std::string latest =
      Sql("SELECT ", kModelColumns, " FROM score_models WHERE program_id = ? ORDER BY version DESC LIMIT 1");
  static const std::string exact =
      Sql("SELECT ", kModelColumns, " FROM score_models WHERE program_id = ? AND version = ?");
  return QueryOne<ScoreModelRecord>(
      db_, version ? exact : latest,
      [&](Statement& s) {
        s.Bind(program_id);
        if (version) s.Bind(*version);
      },
      ReadModel);
}

Result<std::vector<domain::EngagementEvent>> SqlTx::ListEngagementEvents(std::string_view program_id,
                                                                         std::string_view person, Timestamp as_of) {
  static const std::string all = Sql("SELECT ", kEventColumns,
                                     " FROM engagement_events WHERE program_id = ? AND occurred_at <= ? "
                                     "ORDER BY person, occurred_at, id");
  static const std::string one = Sql("SELECT ", kEventColumns,
                                     " FROM engagement_events WHERE program_id = ? AND occurred_at <= ? AND "
                                     "person = ? ORDER BY person, occurred_at, id");
  return QueryAll<domain::EngagementEvent>(
      db_, person.empty() ? all : one,
      [&](Statement& s) {
        s.Bind(program_id).Bind(ToMicros(as_of));
        if (!person.empty()) s.Bind(person);
      },
      ReadEvent);
}

Status SqlTx::InsertScoreModel(const ScoreModelRecord& r) {
  static const std::string sql = Sql("INSERT INTO score_models (", kModelColumns, ") VALUES (?, ?, ?, ?, ?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.program_id).Bind(r.version).Bind(r.rules_json).Bind(ToMicros(r.published_at)).Bind(r.published_by);
  return RunUnique(s, "version");
}

Result<bool> SqlTx::InsertEngagementEvent(const domain::EngagementEvent& e) {
  static const std::string sql = Sql("INSERT INTO engagement_events (", kEventColumns,
                                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (program_id, event_key) "
                                     "DO NOTHING");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(e.id).Bind(e.program_id).Bind(e.person).Bind(e.type).Bind(e.product).Bind(e.channel);
  s.Bind(ToMicros(e.occurred_at)).Bind(e.source).Bind(e.key).Bind(ToMicros(e.recorded_at));
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes() > 0;
}

}  // namespace bb::store::sql
