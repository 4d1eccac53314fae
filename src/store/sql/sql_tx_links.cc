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

// The columns ReadClickRecord reads: a click row with what its keys refer to (store/sql/click_keys.h).
constexpr std::string_view kClickRecordColumns =
    "SELECT c.id, a.program_id, a.advocate_id, a.code, c.occurred_at, c.channel, c.visitor_high, c.visitor_low, "
    "c.address_high, c.address_low, u.value, f.value, c.is_bot FROM clicks c "
    "JOIN click_advocates a ON a.id = c.advocate_ref JOIN click_names u ON u.id = c.user_agent_ref "
    "JOIN click_names f ON f.id = c.referrer_ref ";

ClickRecord ReadClickRecord(const Statement& s) {
  ClickRecord r;
  r.id = s.Int(0);
  r.click.program_id = s.Text(1);
  r.click.advocate_id = s.Text(2);
  r.click.code = s.Text(3);
  r.click.occurred_at = FromMicros(s.Int(4));
  r.click.channel = s.Text(5);
  r.click.visitor_id = VisitorIdAt(s, 6);
  r.click.ip_hash = domain::FormatAddressHash(BitsAt(s, 8));
  r.click.user_agent = s.Text(10);
  r.click.referrer = s.Text(11);
  r.click.is_bot = s.Int(12) != 0;
  return r;
}

bool ClickBefore(const ClickRecord& a, const ClickRecord& b) {
  return std::pair(a.click.occurred_at, a.id) < std::pair(b.click.occurred_at, b.id);
}

}  // namespace

Result<std::vector<domain::Click>> SqlTx::ListClicksByVisitor(std::string_view visitor_id, int limit) {
  auto bits = domain::ParseUlid(visitor_id);
  if (!bits) return std::vector<domain::Click>();  // never stored
  // clicks_visitor holds the less significant half, in id order (a replayed cookie's clicks are
  // read up to the limit, not all sorted); the row has the other half.
  static const std::string sql =
      std::string(kClickRecordColumns) + "WHERE c.visitor_low = ? AND c.visitor_high = ? ORDER BY c.id LIMIT ?";
  BB_ASSIGN_OR_RETURN(
      auto records,
      QueryAll<ClickRecord>(
          db_, sql,
          [&](Statement& s) {
            s.Bind(static_cast<std::int64_t>(bits->low)).Bind(static_cast<std::int64_t>(bits->high)).Bind(limit);
          },
          ReadClickRecord));
  std::stable_sort(records.begin(), records.end(), ClickBefore);
  std::vector<domain::Click> clicks;
  clicks.reserve(records.size());
  for (auto& record : records) clicks.push_back(std::move(record.click));
  return clicks;
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
      "WHERE c.program_ref = (SELECT id FROM click_names WHERE kind = 'program' AND value = ?) AND c.is_bot = ? AND "
      "c.occurred_at >= ? AND c.occurred_at < ? AND (c.occurred_at > ? OR (c.occurred_at = ? AND c.id > ?)) "
      "ORDER BY c.occurred_at, c.id LIMIT ?";
  static const std::string by_advocate =
      std::string(kClickRecordColumns) +
      "WHERE c.advocate_ref = (SELECT id FROM click_advocates WHERE advocate_id = ? AND program_id = ?) AND "
      "c.is_bot IN (?, ?) AND c.occurred_at >= ? AND c.occurred_at < ? AND "
      "(c.occurred_at > ? OR (c.occurred_at = ? AND c.id > ?)) ORDER BY c.occurred_at, c.id LIMIT ?";
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

Result<SqlTx::ClickRow> SqlTx::PrepareClickRow(const domain::Click& click) {
  ClickRow row;
  auto visitor = domain::ParseUlid(click.visitor_id);
  if (!visitor) return Error::InvalidField("visitor_id", "A click's visitor id must be one Bluebird issued.");
  auto address = domain::ParseAddressHash(click.ip_hash);
  if (!address) return Error::InvalidField("ip_hash", "A click's address hash must be 32 hexadecimal digits.");
  // Kept once each, in a unique index: bounded here too, whoever the caller.
  if (click.user_agent.size() > domain::kMaxUserAgentLength) {
    return Error::InvalidField("user_agent", "A click's user agent is truncated to " +
                                                 std::to_string(domain::kMaxUserAgentLength) + " bytes first.");
  }
  if (click.referrer.size() > domain::kMaxReferrerLength) {
    return Error::InvalidField("referrer", "A click's referrer is truncated to " +
                                               std::to_string(domain::kMaxReferrerLength) + " bytes first.");
  }
  row.visitor = *visitor;
  row.address = *address;
  BB_ASSIGN_OR_RETURN(row.keys, click_keys_.Resolve(click));
  return row;
}

Status SqlTx::InsertClickRow(const domain::Click& c) {
  BB_ASSIGN_OR_RETURN(ClickRow row, PrepareClickRow(c));
  static const std::string sql =
      "INSERT INTO clicks (program_ref, advocate_ref, occurred_at, channel, visitor_high, visitor_low, address_high, "
      "address_low, user_agent_ref, referrer_ref, is_bot) VALUES (?,?,?,?,?,?,?,?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  // The hot insert: `c` outlives the statement's run, so its channel is bound without a copy.
  s.Bind(row.keys.program).Bind(row.keys.advocate).Bind(ToMicros(c.occurred_at)).BindStatic(c.channel);
  s.Bind(static_cast<std::int64_t>(row.visitor.high)).Bind(static_cast<std::int64_t>(row.visitor.low));
  s.Bind(static_cast<std::int64_t>(row.address.high)).Bind(static_cast<std::int64_t>(row.address.low));
  s.Bind(row.keys.user_agent).Bind(row.keys.referrer).Bind(c.is_bot);
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
