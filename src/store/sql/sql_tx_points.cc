// SqlTx: advocacy points (store/points.h, domain/points.h).

#include <boost/json.hpp>

#include <limits>

#include "domain/program_month.h"
#include "store/sql/json_columns.h"
#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

namespace json = boost::json;

constexpr std::string_view kEntryColumns =
    "id, program_id, advocate_id, delta, balance, reason, ref, reverses, note, entry_key, earned_at, recorded_at, "
    "actor_id";
constexpr std::string_view kSettingsColumns =
    "program_id, enabled, referral_submitted, referral_qualified, referral_won, nps_answered, expiry_rules, levels, "
    "badges, updated_at, updated_by, board_groups";

domain::PointsEntry ReadEntry(const Statement& s) {
  domain::PointsEntry e;
  e.id = s.Text(0);
  e.program_id = s.Text(1);
  e.advocate_id = s.Text(2);
  e.delta = s.Int(3);
  e.balance = domain::ParsePointsBalance(s.Text(4)).value_or(domain::PointsBalance::kBoth);
  e.reason = domain::ParsePointsReason(s.Text(5)).value_or(domain::PointsReason::kAdjustment);
  e.ref = s.Text(6);
  e.reverses = s.Text(7);
  e.note = s.Text(8);
  e.key = s.Text(9);
  e.earned_at = FromMicros(s.Int(10));
  e.recorded_at = FromMicros(s.Int(11));
  e.actor_id = s.Text(12);
  return e;
}

std::string EncodeLevels(const std::vector<domain::PointsLevel>& levels) {
  json::array out;
  for (const auto& level : levels) out.push_back(json::object{{"name", level.name}, {"min_points", level.min_points}});
  return json::serialize(out);
}

std::string EncodeBadges(const std::vector<domain::PointsBadge>& badges) {
  json::array out;
  for (const auto& badge : badges) {
    out.push_back(json::object{{"name", badge.name}, {"action", badge.action}, {"count", badge.count}});
  }
  return json::serialize(out);
}

// Text this module did not write reads as an empty list.
json::array ParseList(std::string_view text) {
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_array()) return {};
  return parsed.as_array();
}

std::string StringAt(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

std::int64_t IntAt(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value && value->is_int64() ? value->as_int64() : 0;
}

std::vector<domain::PointsLevel> DecodeLevels(std::string_view text) {
  std::vector<domain::PointsLevel> out;
  for (const auto& item : ParseList(text)) {
    if (!item.is_object()) continue;
    out.push_back({StringAt(item.as_object(), "name"), IntAt(item.as_object(), "min_points")});
  }
  return out;
}

std::vector<domain::PointsBadge> DecodeBadges(std::string_view text) {
  std::vector<domain::PointsBadge> out;
  for (const auto& item : ParseList(text)) {
    if (!item.is_object()) continue;
    const json::object& o = item.as_object();
    out.push_back({StringAt(o, "name"), StringAt(o, "action"), IntAt(o, "count")});
  }
  return out;
}

std::string EncodeExpiryRules(const std::vector<domain::ExpiryRule>& rules) {
  json::array out;
  for (const auto& rule : rules) out.push_back(json::object{{"from", ToMicros(rule.from)}, {"days", rule.days}});
  return json::serialize(out);
}

std::vector<domain::ExpiryRule> DecodeExpiryRules(std::string_view text) {
  std::vector<domain::ExpiryRule> out;
  for (const auto& item : ParseList(text)) {
    if (!item.is_object()) continue;
    out.push_back({FromMicros(IntAt(item.as_object(), "from")), IntAt(item.as_object(), "days")});
  }
  return out;
}

domain::PointsSettings ReadSettings(const Statement& s) {
  domain::PointsSettings p;
  p.program_id = s.Text(0);
  p.enabled = s.Int(1) != 0;
  p.referral_submitted = s.Int(2);
  p.referral_qualified = s.Int(3);
  p.referral_won = s.Int(4);
  p.nps_answered = s.Int(5);
  p.expiry_rules = DecodeExpiryRules(s.Text(6));
  domain::CurrentExpiry(p);
  p.levels = DecodeLevels(s.Text(7));
  p.badges = DecodeBadges(s.Text(8));
  p.updated_at = FromMicros(s.Int(9));
  p.updated_by = s.Text(10);
  p.board_groups = DecodeStringList(s.Text(11));
  return p;
}

// When an advocate reached their total, over entries `e` each joined to its reversal `r` (if any):
// the latest earn time of the positive entries not reversed (a reversed pair and a correction do
// not move it).
constexpr std::string_view kReachedAt =
    "MAX(CASE WHEN e.delta > 0 AND e.reason <> 'reversal' AND r.id IS NULL THEN e.earned_at END)";

// The board's rows as a subquery: each advocate's points earned in the window, above 0 — summed
// from the ledger, or read from the running totals.
std::string BoardSql(const LeaderboardQuery& query) {
  if (query.running_total) {
    return Sql(
        "SELECT e.advocate_id AS advocate_id, e.points AS points, e.reached_at AS reached_at "
        "FROM points_totals e WHERE e.program_id = ? AND e.period = ? AND e.points > 0",
        query.tag.empty()
            ? ""
            : " AND EXISTS (SELECT 1 FROM advocate_tags t WHERE t.advocate_id = e.advocate_id AND t.tag = ?)");
  }
  return Sql("SELECT e.advocate_id AS advocate_id, SUM(e.delta) AS points, ", kReachedAt,
             " AS reached_at "
             "FROM points_entries e LEFT JOIN points_entries r ON r.program_id = e.program_id "
             "AND r.entry_key = 'reversal:' || e.id AND r.recorded_at <= ? "
             "WHERE e.program_id = ? AND e.balance <> 'redeemable' AND e.earned_at >= ? "
             "AND e.earned_at < ? AND e.recorded_at <= ?",
             query.tag.empty()
                 ? ""
                 : " AND EXISTS (SELECT 1 FROM advocate_tags t WHERE t.advocate_id = e.advocate_id AND t.tag = ?)",
             " GROUP BY e.advocate_id HAVING SUM(e.delta) > 0");
}

void BindBoard(Statement& s, const LeaderboardQuery& query) {
  if (query.running_total) {
    s.Bind(query.program_id).Bind(*query.running_total);
    if (!query.tag.empty()) s.Bind(query.tag);
    return;
  }
  s.Bind(ToMicros(query.window.as_of)).Bind(query.program_id).Bind(ToMicros(query.window.from));
  s.Bind(ToMicros(query.window.before)).Bind(ToMicros(query.window.as_of));
  if (!query.tag.empty()) s.Bind(query.tag);
}

// Adds an entry to its two running totals, all time and its month (store/points.h), keeping the
// latest earn time; one text per
// dialect (SQLite's two-argument max is PostgreSQL's GREATEST).
// A positive entry may be the latest that reached the total; others leave reached_at as it was.
const std::string kAddToTotalSqlite =
    "INSERT INTO points_totals (program_id, period, advocate_id, points, reached_at) VALUES (?,?,?,?,?), (?,?,?,?,?) "
    "ON CONFLICT (program_id, period, advocate_id) DO UPDATE SET points = points_totals.points + excluded.points, "
    "reached_at = CASE WHEN excluded.points > 0 THEN max(points_totals.reached_at, excluded.reached_at) "
    "ELSE points_totals.reached_at END";
const std::string kAddToTotalPostgres =
    "INSERT INTO points_totals (program_id, period, advocate_id, points, reached_at) VALUES (?,?,?,?,?), (?,?,?,?,?) "
    "ON CONFLICT (program_id, period, advocate_id) DO UPDATE SET points = points_totals.points + excluded.points, "
    "reached_at = CASE WHEN excluded.points > 0 THEN GREATEST(points_totals.reached_at, excluded.reached_at) "
    "ELSE points_totals.reached_at END";
const std::string kAllTime;  // the period of the all-time total

// After a reversal: the total's reached_at worked out again from its period's entries (kReachedAt).
const std::string kRecomputeReachedAt =
    Sql("UPDATE points_totals SET reached_at = COALESCE((SELECT ", kReachedAt,
        " FROM points_entries e LEFT JOIN points_entries r ON r.program_id = e.program_id "
        "AND r.entry_key = 'reversal:' || e.id WHERE e.program_id = ? AND e.advocate_id = ? "
        "AND e.balance <> 'redeemable' AND e.earned_at >= ? AND e.earned_at < ?), reached_at) "
        "WHERE program_id = ? AND period = ? AND advocate_id = ?");

constexpr std::string_view kHidden =
    "CASE WHEN EXISTS (SELECT 1 FROM leaderboard_hidden h WHERE h.advocate_id = b.advocate_id) THEN 1 ELSE 0 END";

}  // namespace

Result<std::optional<domain::PointsSettings>> SqlTx::FindPointsSettings(std::string_view program_id) {
  static const std::string sql = Sql("SELECT ", kSettingsColumns, " FROM points_settings WHERE program_id = ?");
  return QueryOne<domain::PointsSettings>(
      db_, sql, [&](Statement& s) { s.Bind(program_id); }, ReadSettings);
}

Result<std::int64_t> SqlTx::LifetimePoints(std::string_view program_id, std::string_view advocate_id) {
  static const std::string sql =
      "SELECT points FROM points_totals WHERE program_id = ? AND period = '' AND advocate_id = ?";
  BB_ASSIGN_OR_RETURN(auto points, QueryOne<std::int64_t>(
                                       db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(advocate_id); },
                                       [](const Statement& s) { return s.Int(0); }));
  return points.value_or(0);
}

Result<std::vector<domain::PointsEntry>> SqlTx::ListPointsEntries(std::string_view advocate_id) {
  static const std::string sql =
      Sql("SELECT ", kEntryColumns, " FROM points_entries WHERE advocate_id = ? ORDER BY recorded_at, id");
  return QueryAll<domain::PointsEntry>(
      db_, sql, [&](Statement& s) { s.Bind(advocate_id); }, ReadEntry);
}

Result<std::vector<domain::PointsEntry>> SqlTx::ListPointsEntriesPage(std::string_view advocate_id,
                                                                      std::string_view before_id, int limit) {
  Filters filters;
  filters.When("advocate_id = ?", advocate_id);
  filters.When("id < ?", before_id);
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(Sql("SELECT ", kEntryColumns, " FROM points_entries", filters.Where(),
                                                   " ORDER BY id DESC LIMIT ?")));
  filters.Bind(s);
  s.Bind(limit);
  std::vector<domain::PointsEntry> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadEntry(s));
  }
  return out;
}

Result<std::vector<domain::PointsEntry>> SqlTx::ListPointsEntriesOfRef(std::string_view program_id,
                                                                       std::string_view ref) {
  static const std::string sql = Sql("SELECT ", kEntryColumns,
                                     " FROM points_entries WHERE program_id = ? AND ref = ? AND ref <> '' "
                                     "ORDER BY recorded_at, id");
  return QueryAll<domain::PointsEntry>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(ref); }, ReadEntry);
}

Result<std::vector<LeaderboardRow>> SqlTx::RankLeaderboard(const LeaderboardQuery& query) {
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(Sql("SELECT b.advocate_id, b.points, b.reached_at, ", kHidden, " FROM (",
                                                   BoardSql(query),
                                                   ") b ORDER BY b.points DESC, b.reached_at, b.advocate_id LIMIT ?")));
  BindBoard(s, query);
  s.Bind(query.limit);
  std::vector<LeaderboardRow> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(
        {static_cast<std::int64_t>(out.size()) + 1, s.Text(0), s.Int(1), FromMicros(s.Int(2)), s.Int(3) != 0});
  }
  return out;
}

Result<std::optional<LeaderboardRow>> SqlTx::FindLeaderboardRow(const LeaderboardQuery& query,
                                                                std::string_view advocate_id) {
  if (query.running_total) return FindRunningTotalRow(query, advocate_id);
  std::string board = BoardSql(query);
  BB_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare(
          Sql("WITH board AS (", board, ") SELECT b.advocate_id, b.points, b.reached_at, ", kHidden,
              ", (SELECT COUNT(*) FROM board o WHERE o.points > b.points OR (o.points = b.points AND "
              "(o.reached_at < b.reached_at OR (o.reached_at = b.reached_at AND o.advocate_id < b.advocate_id)))) "
              "FROM board b WHERE b.advocate_id = ?")));
  BindBoard(s, query);
  s.Bind(advocate_id);
  BB_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<LeaderboardRow>();
  return std::optional<LeaderboardRow>(
      LeaderboardRow{s.Int(4) + 1, s.Text(0), s.Int(1), FromMicros(s.Int(2)), s.Int(3) != 0});
}

// As FindLeaderboardRow, from the running totals: the advocate's total, then those ranked above it
// counted in three ranges of the rank index (more points; as many, reached earlier; as many at the
// same instant, a lower id), so that the last of a million advocates is ranked without a scan.
Result<std::optional<LeaderboardRow>> SqlTx::FindRunningTotalRow(const LeaderboardQuery& query,
                                                                 std::string_view advocate_id) {
  auto tagged = [&](std::string_view alias) {
    return query.tag.empty() ? std::string()
                             : Sql(" AND EXISTS (SELECT 1 FROM advocate_tags t WHERE t.advocate_id = ", alias,
                                   ".advocate_id AND t.tag = ?)");
  };
  BB_ASSIGN_OR_RETURN(Statement mine, db_.Prepare(Sql("SELECT b.points, b.reached_at, ", kHidden,
                                                      " FROM points_totals b WHERE b.program_id = ? AND b.period = ? "
                                                      "AND b.advocate_id = ? AND b.points > 0",
                                                      tagged("b"))));
  mine.Bind(query.program_id).Bind(*query.running_total).Bind(advocate_id);
  if (!query.tag.empty()) mine.Bind(query.tag);
  BB_ASSIGN_OR_RETURN(bool found, mine.Step());
  if (!found) return std::optional<LeaderboardRow>();
  LeaderboardRow row{1, std::string(advocate_id), mine.Int(0), FromMicros(mine.Int(1)), mine.Int(2) != 0};
  for (std::string_view above : {"o.points > ?", "o.points = ? AND o.reached_at < ?",
                                 "o.points = ? AND o.reached_at = ? AND o.advocate_id < ?"}) {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(Sql("SELECT COUNT(*) FROM points_totals o WHERE o.program_id = ? "
                                                     "AND o.period = ? AND ",
                                                     above, tagged("o"))));
    s.Bind(query.program_id).Bind(*query.running_total).Bind(row.points);
    if (above.find("reached_at") != std::string_view::npos) s.Bind(ToMicros(row.reached_at));
    if (above.find("advocate_id") != std::string_view::npos) s.Bind(advocate_id);
    if (!query.tag.empty()) s.Bind(query.tag);
    BB_ASSIGN_OR_RETURN(bool counted, s.Step());
    if (counted) row.rank += s.Int(0);
  }
  return std::optional<LeaderboardRow>(std::move(row));
}

Result<bool> SqlTx::IsHiddenFromLeaderboards(std::string_view advocate_id) {
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare("SELECT 1 FROM leaderboard_hidden WHERE advocate_id = ?"));
  s.Bind(advocate_id);
  return s.Step();
}

Status SqlTx::InsertPointsEntry(const domain::PointsEntry& e) {
  static const std::string sql =
      Sql("INSERT INTO points_entries (", kEntryColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(e.id).Bind(e.program_id).Bind(e.advocate_id).Bind(e.delta).Bind(domain::ToString(e.balance));
  s.Bind(domain::ToString(e.reason)).Bind(e.ref).Bind(e.reverses).Bind(e.note).Bind(e.key);
  s.Bind(ToMicros(e.earned_at)).Bind(ToMicros(e.recorded_at)).Bind(e.actor_id);
  // A taken key refuses the entry before its totals are touched.
  BB_RETURN_IF_ERROR(RunUnique(s, "key"));
  if (!domain::MovesLifetime(e.balance)) return Ok();
  const std::string month = domain::MonthOf(e.earned_at);
  BB_ASSIGN_OR_RETURN(Statement total,
                      db_.Prepare(db_.dialect() == Dialect::kPostgres ? kAddToTotalPostgres : kAddToTotalSqlite));
  for (const std::string* period : {&kAllTime, &month}) {
    total.Bind(e.program_id).Bind(*period).Bind(e.advocate_id).Bind(e.delta).Bind(ToMicros(e.earned_at));
  }
  BB_RETURN_IF_ERROR(total.Run());
  if (e.reason != domain::PointsReason::kReversal) return Ok();
  for (const std::string* period : {&kAllTime, &month}) {
    bool all_time = period->empty();
    Timestamp from = all_time ? FromMicros(std::numeric_limits<std::int64_t>::min()) : domain::MonthStart(e.earned_at);
    Timestamp before =
        all_time ? FromMicros(std::numeric_limits<std::int64_t>::max()) : domain::NextMonthStart(e.earned_at);
    BB_ASSIGN_OR_RETURN(Statement reached, db_.Prepare(kRecomputeReachedAt));
    reached.Bind(e.program_id).Bind(e.advocate_id).Bind(ToMicros(from)).Bind(ToMicros(before));
    reached.Bind(e.program_id).Bind(*period).Bind(e.advocate_id);
    BB_RETURN_IF_ERROR(reached.Run());
  }
  return Ok();
}

Status SqlTx::PutPointsSettings(const domain::PointsSettings& p) {
  static const std::string sql =
      Sql("INSERT INTO points_settings (", kSettingsColumns,
          ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (program_id) DO UPDATE SET enabled = excluded.enabled, "
          "referral_submitted = excluded.referral_submitted, referral_qualified = excluded.referral_qualified, "
          "referral_won = excluded.referral_won, nps_answered = excluded.nps_answered, "
          "expiry_rules = excluded.expiry_rules, levels = excluded.levels, badges = excluded.badges, "
          "updated_at = excluded.updated_at, updated_by = excluded.updated_by, board_groups = excluded.board_groups");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(p.program_id).Bind(p.enabled).Bind(p.referral_submitted).Bind(p.referral_qualified).Bind(p.referral_won);
  s.Bind(p.nps_answered).Bind(EncodeExpiryRules(p.expiry_rules)).Bind(EncodeLevels(p.levels));
  s.Bind(EncodeBadges(p.badges)).Bind(ToMicros(p.updated_at)).Bind(p.updated_by).Bind(EncodeStringList(p.board_groups));
  return s.Run();
}

Status SqlTx::SetHiddenFromLeaderboards(std::string_view advocate_id, bool hidden, Timestamp at) {
  if (!hidden) {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare("DELETE FROM leaderboard_hidden WHERE advocate_id = ?"));
    s.Bind(advocate_id);
    return s.Run();
  }
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare("INSERT INTO leaderboard_hidden (advocate_id, hidden_at) VALUES (?, ?) "
                                               "ON CONFLICT (advocate_id) DO NOTHING"));
  s.Bind(advocate_id).Bind(ToMicros(at));
  return s.Run();
}

}  // namespace bb::store::sql
