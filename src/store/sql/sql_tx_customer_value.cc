// SqlTx: customer value — valuation settings' versions, customer inputs, value entries, answers on
// incrementality, and the reward costs the valuation reads from the ledger.

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

constexpr std::string_view kSettingsColumns =
    "program_id, version, horizon_years, discount_rate_bp, retention_rate_bp, derive_retention, gross_margin_bp, "
    "recurring, acquisition_cost_minor, incremental_share_bp, revenue_per_year_minor, clv_threshold_minor, "
    "crv_threshold_minor, published_at, published_by";
constexpr std::string_view kInputColumns =
    "id, program_id, advocate_id, revenue_per_year_minor, retention_rate_bp, marketing_cost_minor, recorded_at, "
    "recorded_by";
constexpr std::string_view kEntryColumns =
    "id, program_id, advocate_id, category, amount_minor, note, source_ref, occurred_at, recorded_at, recorded_by";
constexpr std::string_view kAnswerColumns =
    "id, program_id, referral_id, would_have_joined_anyway, recorded_at, recorded_by";

domain::ValueSettings ReadSettings(const Statement& s) {
  domain::ValueSettings v;
  v.program_id = s.Text(0);
  v.version = s.Int(1);
  v.horizon_years = OptionalInt(s, 2);
  v.discount_rate_bp = s.Int(3);
  v.retention_rate_bp = s.Int(4);
  v.derive_retention = s.Int(5) != 0;
  v.gross_margin_bp = s.Int(6);
  v.recurring = s.Int(7) != 0;
  v.acquisition_cost_minor = s.Int(8);
  v.incremental_share_bp = s.Int(9);
  v.revenue_per_year_minor = s.Int(10);
  v.clv_threshold_minor = OptionalInt(s, 11);
  v.crv_threshold_minor = OptionalInt(s, 12);
  v.published_at = FromMicros(s.Int(13));
  v.published_by = s.Text(14);
  return v;
}

domain::CustomerInputs ReadInputs(const Statement& s) {
  return domain::CustomerInputs{
      s.Text(0), s.Text(1), s.Text(2), s.Int(3), OptionalInt(s, 4), s.Int(5), FromMicros(s.Int(6)), s.Text(7)};
}

Result<domain::ValueEntry> ReadEntry(const Statement& s) {
  auto category = domain::ParseValueCategory(s.Text(3));
  if (!category) return Error::Internal("A stored value entry has an unknown category.");
  return domain::ValueEntry{s.Text(0),
                            s.Text(1),
                            s.Text(2),
                            *category,
                            s.Int(4),
                            s.Text(5),
                            s.Text(6),
                            FromMicros(s.Int(7)),
                            FromMicros(s.Int(8)),
                            s.Text(9)};
}

domain::IncrementalityAnswer ReadAnswer(const Statement& s) {
  std::optional<bool> answer;
  if (auto v = OptionalInt(s, 3)) answer = *v != 0;
  return domain::IncrementalityAnswer{s.Text(0), s.Text(1), s.Text(2), answer, FromMicros(s.Int(4)), s.Text(5)};
}

}  // namespace

Result<std::optional<domain::ValueSettings>> SqlTx::FindValueSettings(std::string_view program_id,
                                                                      std::optional<std::int64_t> version) {
  static const std::string latest =
      Sql("SELECT ", kSettingsColumns, " FROM value_settings WHERE program_id = ? ORDER BY version DESC LIMIT 1");
  static const std::string exact =
      Sql("SELECT ", kSettingsColumns, " FROM value_settings WHERE program_id = ? AND version = ?");
  return QueryOne<domain::ValueSettings>(
      db_, version ? exact : latest,
      [&](Statement& s) {
        s.Bind(program_id);
        if (version) s.Bind(*version);
      },
      ReadSettings);
}

Result<std::vector<Enrolment>> SqlTx::ListEnrolments(std::string_view program_id, Timestamp as_of) {
  static const std::string sql =
      "SELECT id, created_at, email FROM advocates WHERE program_id = ? AND created_at <= ? ORDER BY id";
  return QueryAll<Enrolment>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(ToMicros(as_of)); },
      [](const Statement& s) {
        return Enrolment{s.Text(0), FromMicros(s.Int(1)), s.Text(2)};
      });
}

Result<std::vector<domain::CustomerInputs>> SqlTx::ListCustomerInputs(std::string_view program_id,
                                                                      std::string_view advocate_id, Timestamp as_of) {
  static const std::string all = Sql("SELECT ", kInputColumns,
                                     " FROM customer_inputs WHERE program_id = ? AND recorded_at <= ? "
                                     "ORDER BY advocate_id, recorded_at, id");
  static const std::string one = Sql("SELECT ", kInputColumns,
                                     " FROM customer_inputs WHERE program_id = ? AND recorded_at <= ? AND "
                                     "advocate_id = ? ORDER BY advocate_id, recorded_at, id");
  return QueryAll<domain::CustomerInputs>(
      db_, advocate_id.empty() ? all : one,
      [&](Statement& s) {
        s.Bind(program_id).Bind(ToMicros(as_of));
        if (!advocate_id.empty()) s.Bind(advocate_id);
      },
      ReadInputs);
}

Result<std::vector<domain::ValueEntry>> SqlTx::ListValueEntries(std::string_view program_id,
                                                                std::string_view advocate_id, Timestamp as_of) {
  static const std::string all = Sql("SELECT ", kEntryColumns,
                                     " FROM value_entries WHERE program_id = ? AND recorded_at <= ? AND "
                                     "occurred_at <= ? ORDER BY advocate_id, occurred_at, id");
  static const std::string one = Sql("SELECT ", kEntryColumns,
                                     " FROM value_entries WHERE program_id = ? AND recorded_at <= ? AND "
                                     "occurred_at <= ? AND advocate_id = ? ORDER BY advocate_id, occurred_at, id");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(advocate_id.empty() ? all : one));
  s.Bind(program_id).Bind(ToMicros(as_of)).Bind(ToMicros(as_of));
  if (!advocate_id.empty()) s.Bind(advocate_id);
  std::vector<domain::ValueEntry> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    BB_ASSIGN_OR_RETURN(auto entry, ReadEntry(s));
    out.push_back(std::move(entry));
  }
  return out;
}

Result<std::vector<RewardCost>> SqlTx::ListRewardCosts(std::string_view program_id, Timestamp as_of) {
  static const std::string sql =
      "SELECT r.advocate_id, r.referral_id, r.amount_minor, r.currency, CASE WHEN EXISTS (SELECT 1 FROM "
      "reward_events e WHERE e.reward_id = r.id AND e.status = 'reversed' AND e.at <= ?) THEN 1 ELSE 0 END "
      "FROM rewards r WHERE r.program_id = ? AND r.referral_id IS NOT NULL AND COALESCE((SELECT MIN(f.at) FROM "
      "reward_events f WHERE f.reward_id = r.id), r.created_at) <= ? ORDER BY r.id";
  return QueryAll<RewardCost>(
      db_, sql, [&](Statement& s) { s.Bind(ToMicros(as_of)).Bind(program_id).Bind(ToMicros(as_of)); },
      [](const Statement& s) {
        return RewardCost{s.Text(0), s.Text(1), s.Int(2), s.Text(3), s.Int(4) != 0};
      });
}

Result<std::vector<domain::IncrementalityAnswer>> SqlTx::ListIncrementalityAnswers(std::string_view program_id,
                                                                                   Timestamp as_of) {
  static const std::string sql = Sql("SELECT ", kAnswerColumns,
                                     " FROM incrementality_answers WHERE program_id = ? AND recorded_at <= ? "
                                     "ORDER BY referral_id, recorded_at, id");
  return QueryAll<domain::IncrementalityAnswer>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(ToMicros(as_of)); }, ReadAnswer);
}

Status SqlTx::InsertValueSettings(const domain::ValueSettings& v) {
  static const std::string sql =
      Sql("INSERT INTO value_settings (", kSettingsColumns, ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(v.program_id).Bind(v.version).Bind(v.horizon_years).Bind(v.discount_rate_bp).Bind(v.retention_rate_bp);
  s.Bind(v.derive_retention).Bind(v.gross_margin_bp).Bind(v.recurring).Bind(v.acquisition_cost_minor);
  s.Bind(v.incremental_share_bp).Bind(v.revenue_per_year_minor).Bind(v.clv_threshold_minor);
  s.Bind(v.crv_threshold_minor).Bind(ToMicros(v.published_at)).Bind(v.published_by);
  return RunUnique(s, "version");
}

Status SqlTx::InsertCustomerInputs(const domain::CustomerInputs& v) {
  static const std::string sql =
      Sql("INSERT INTO customer_inputs (", kInputColumns, ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(v.id).Bind(v.program_id).Bind(v.advocate_id).Bind(v.revenue_per_year_minor).Bind(v.retention_rate_bp);
  s.Bind(v.marketing_cost_minor).Bind(ToMicros(v.recorded_at)).Bind(v.recorded_by);
  return s.Run();
}

Status SqlTx::InsertValueEntry(const domain::ValueEntry& v) {
  static const std::string sql =
      Sql("INSERT INTO value_entries (", kEntryColumns, ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(v.id).Bind(v.program_id).Bind(v.advocate_id).Bind(domain::ToString(v.category)).Bind(v.amount_minor);
  s.Bind(v.note).Bind(v.source_ref).Bind(ToMicros(v.occurred_at)).Bind(ToMicros(v.recorded_at)).Bind(v.recorded_by);
  return s.Run();
}

Status SqlTx::InsertIncrementalityAnswer(const domain::IncrementalityAnswer& v) {
  static const std::string sql =
      Sql("INSERT INTO incrementality_answers (", kAnswerColumns, ") VALUES (?, ?, ?, ?, ?, ?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(v.id).Bind(v.program_id).Bind(v.referral_id).Bind(v.would_have_joined_anyway).Bind(ToMicros(v.recorded_at));
  s.Bind(v.recorded_by);
  return s.Run();
}

}  // namespace bb::store::sql
