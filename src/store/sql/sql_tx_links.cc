// SqlTx: tracked links, clicks and advocate sightings.

#include <algorithm>
#include <iterator>
#include <utility>

#include "store/sql/click_summary.h"
#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

Result<std::optional<LinkTarget>> SqlTx::FindLinkTarget(std::string_view code) {
  static const std::string sql =
      "SELECT a.id, a.program_id, a.code, a.status, p.status, p.landing_url, p.attribution_window_days "
      "FROM advocates a JOIN programs p ON p.id = a.program_id WHERE a.code = ?";
  return QueryOne<LinkTarget>(
      db_, sql, [&](Statement& s) { s.Bind(code); },
      [](const Statement& s) {
        LinkTarget t;
        t.advocate_id = s.Text(0);
        t.program_id = s.Text(1);
        t.code = s.Text(2);
        t.advocate_status = domain::ParseAdvocateStatus(s.Text(3)).value_or(domain::AdvocateStatus::kActive);
        t.program_status = domain::ParseProgramStatus(s.Text(4)).value_or(domain::ProgramStatus::kActive);
        t.landing_url = s.Text(5);
        t.attribution_window_days = s.Int(6);
        return t;
      });
}

namespace {

// The columns ReadClickRecord reads.
constexpr std::string_view kClickRecordColumns =
    "SELECT id, program_id, advocate_id, code, occurred_at, channel, visitor_id, ip_hash, user_agent, referrer, is_bot "
    "FROM clicks ";

ClickRecord ReadClickRecord(const Statement& s) {
  ClickRecord r;
  r.id = s.Int(0);
  r.click.program_id = s.Text(1);
  r.click.advocate_id = s.Text(2);
  r.click.code = s.Text(3);
  r.click.occurred_at = FromMicros(s.Int(4));
  r.click.channel = s.Text(5);
  r.click.visitor_id = s.Text(6);
  r.click.ip_hash = s.Text(7);
  r.click.user_agent = s.Text(8);
  r.click.referrer = s.Text(9);
  r.click.is_bot = s.Int(10) != 0;
  return r;
}

bool ClickBefore(const ClickRecord& a, const ClickRecord& b) {
  return std::pair(a.click.occurred_at, a.id) < std::pair(b.click.occurred_at, b.id);
}

}  // namespace

Result<std::vector<domain::Click>> SqlTx::ListClicksByVisitor(std::string_view visitor_id, int limit) {
  static const std::string sql =
      std::string(kClickRecordColumns) + "WHERE visitor_id = ? ORDER BY occurred_at, id LIMIT ?";
  return QueryAll<domain::Click>(
      db_, sql, [&](Statement& s) { s.Bind(visitor_id).Bind(limit); },
      [](const Statement& s) { return ReadClickRecord(s).click; });
}

// Each statement reads one index range in order: clicks_program (program, bot flag, time) for one
// bot flag at a time, or clicks_advocate (advocate, time); the id breaks ties within a
// microsecond (SQLite keeps the rowid at the end of every index; PostgreSQL's end with the id,
// schema/0008_click_keysets.sql).
// `occurred_at >= lower` bounds the range; the OR then skips what the cursor already gave.
Result<std::vector<ClickRecord>> SqlTx::ListClicks(const ClickQuery& query, const std::optional<ClickPosition>& after,
                                                   int limit) {
  static const std::string by_program =
      std::string(kClickRecordColumns) +
      "WHERE program_id = ? AND is_bot = ? AND occurred_at >= ? AND occurred_at < ? AND "
      "(occurred_at > ? OR (occurred_at = ? AND id > ?)) ORDER BY occurred_at, id LIMIT ?";
  static const std::string by_advocate =
      std::string(kClickRecordColumns) +
      "WHERE advocate_id = ? AND program_id = ? AND is_bot IN (?, ?) AND occurred_at >= ? AND occurred_at < ? AND "
      "(occurred_at > ? OR (occurred_at = ? AND id > ?)) ORDER BY occurred_at, id LIMIT ?";
  std::int64_t lower = ToMicros(query.from);
  std::int64_t after_at = lower;
  std::int64_t after_id = -1;
  if (after) {
    after_at = ToMicros(after->occurred_at);
    after_id = after->id;
    lower = std::max(lower, after_at);
  }
  std::int64_t before = ToMicros(query.before);
  bool humans = query.bots != BotClicks::kOnly;
  bool bots = query.bots != BotClicks::kExclude;
  if (!query.advocate_id.empty()) {
    return QueryAll<ClickRecord>(
        db_, by_advocate,
        [&](Statement& s) {
          s.Bind(query.advocate_id).Bind(query.program_id).Bind(!humans).Bind(bots).Bind(lower).Bind(before);
          s.Bind(after_at).Bind(after_at).Bind(after_id).Bind(limit);
        },
        ReadClickRecord);
  }
  auto read = [&](bool is_bot) {
    return QueryAll<ClickRecord>(
        db_, by_program,
        [&](Statement& s) {
          s.Bind(query.program_id).Bind(is_bot).Bind(lower).Bind(before);
          s.Bind(after_at).Bind(after_at).Bind(after_id).Bind(limit);
        },
        ReadClickRecord);
  };
  if (humans != bots) return read(bots);
  BB_ASSIGN_OR_RETURN(auto human_clicks, read(false));
  BB_ASSIGN_OR_RETURN(auto bot_clicks, read(true));
  std::vector<ClickRecord> merged;
  merged.reserve(human_clicks.size() + bot_clicks.size());
  std::merge(std::make_move_iterator(human_clicks.begin()), std::make_move_iterator(human_clicks.end()),
             std::make_move_iterator(bot_clicks.begin()), std::make_move_iterator(bot_clicks.end()),
             std::back_inserter(merged), ClickBefore);
  if (merged.size() > static_cast<std::size_t>(limit)) merged.resize(static_cast<std::size_t>(limit));
  return merged;
}

Result<bool> SqlTx::AdvocateSeenAt(std::string_view advocate_id, std::string_view visitor_id, std::string_view ip_hash,
                                   Timestamp since) {
  static const std::string sql =
      "SELECT 1 FROM advocate_sightings WHERE advocate_id = ? AND seen_at >= ? AND ((? <> '' AND visitor_id = ?) OR "
      "(? <> '' AND ip_hash = ?)) LIMIT 1";
  BB_ASSIGN_OR_RETURN(auto found, QueryOne<bool>(
                                      db_, sql,
                                      [&](Statement& s) {
                                        s.Bind(advocate_id).Bind(ToMicros(since)).Bind(visitor_id).Bind(visitor_id);
                                        s.Bind(ip_hash).Bind(ip_hash);
                                      },
                                      [](const Statement&) { return true; }));
  return found.has_value();
}

Status SqlTx::InsertClick(const domain::Click& click) {
  BB_RETURN_IF_ERROR(InsertClickRow(click));
  ClickSummaryDelta delta;
  delta.Add(click);
  return delta.Apply(db_, summary_shard_);
}

Status SqlTx::InsertClickRow(const domain::Click& c) {
  static const std::string sql =
      "INSERT INTO clicks (program_id, advocate_id, code, occurred_at, channel, visitor_id, ip_hash, user_agent, "
      "referrer, is_bot) VALUES (?,?,?,?,?,?,?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  // The hot insert: `c` outlives the statement's run, so its strings are bound without copies.
  s.BindStatic(c.program_id).BindStatic(c.advocate_id).BindStatic(c.code).Bind(ToMicros(c.occurred_at));
  s.BindStatic(c.channel).BindStatic(c.visitor_id).BindStatic(c.ip_hash).BindStatic(c.user_agent);
  s.BindStatic(c.referrer).Bind(c.is_bot);
  return s.Run();
}

Status SqlTx::InsertAdvocateSighting(std::string_view advocate_id, std::string_view visitor_id,
                                     std::string_view ip_hash, Timestamp at) {
  static const std::string sql =
      "INSERT INTO advocate_sightings (advocate_id, visitor_id, ip_hash, seen_at) VALUES (?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(advocate_id).Bind(visitor_id).Bind(ip_hash).Bind(ToMicros(at));
  return s.Run();
}

}  // namespace bb::store::sql
