#include "store/sql/click_summary.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>

#include "common/checked_math.h"
#include "store/sql/click_keys.h"
#include "store/sql/query_helpers.h"

namespace bb::store::sql {

domain::VisitorSketch ParseStoredSketch(std::string_view text) {
  auto sketch = domain::VisitorSketch::Parse(text);
  return sketch ? std::move(*sketch) : domain::VisitorSketch();
}

namespace {

Status InsertDay(Connection& db, const domain::ClickDay& day, std::int64_t shard) {
  for (const auto& [channel, figures] : day.channels) {
    static const std::string sql =
        "INSERT INTO click_days (day, program_id, channel, shard, clicks, bot_clicks) VALUES (?,?,?,?,?,?)";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(day.day).Bind(day.program_id).Bind(channel).Bind(shard).Bind(figures.clicks).Bind(figures.bot_clicks);
    BB_RETURN_IF_ERROR(s.Run());
  }
  if (day.visitors.empty()) return Ok();
  static const std::string sql = "INSERT INTO visitor_days (day, program_id, shard, sketch) VALUES (?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  s.Bind(day.day).Bind(day.program_id).Bind(shard).Bind(day.visitors.Serialize());
  return s.Run();
}

// A delta's counts: "channel clicks bot_clicks" per channel, joined by ";" (channel names are
// 1-32 of [a-z0-9_-], domain::NormalizeChannel).
std::string EncodeChannels(const std::vector<std::pair<std::string, domain::ChannelClicks>>& channels) {
  std::string out;
  for (const auto& [channel, figures] : channels) {
    if (!out.empty()) out += ';';
    out += channel;
    out += ' ';
    out += std::to_string(figures.clicks);
    out += ' ';
    out += std::to_string(figures.bot_clicks);
  }
  return out;
}

// Adds a delta row's counts and visitors to `day`. Entries that cannot be read (which only a hand
// edit could cause) are skipped, as unreadable sketches are; `analytics verify` names the day.
void AddDelta(std::string_view channels, std::string_view sketch, domain::ClickDay& day) {
  while (!channels.empty()) {
    std::size_t end = channels.find(';');
    std::string_view entry = channels.substr(0, end);
    channels = end == std::string_view::npos ? std::string_view() : channels.substr(end + 1);
    std::size_t first = entry.find(' ');
    std::size_t second = first == std::string_view::npos ? first : entry.find(' ', first + 1);
    if (second == std::string_view::npos) continue;
    std::int64_t clicks = 0;
    std::int64_t bots = 0;
    std::string_view clicks_text = entry.substr(first + 1, second - first - 1);
    std::string_view bots_text = entry.substr(second + 1);
    if (std::from_chars(clicks_text.data(), clicks_text.data() + clicks_text.size(), clicks).ec != std::errc() ||
        std::from_chars(bots_text.data(), bots_text.data() + bots_text.size(), bots).ec != std::errc()) {
      continue;
    }
    auto& figures = day.channels[std::string(entry.substr(0, first))];
    figures.clicks += clicks;
    figures.bot_clicks += bots;
  }
  day.visitors.Merge(ParseStoredSketch(sketch));
}

}  // namespace

std::int64_t DayStartMicros(std::int64_t day) {
  Int128 micros = Int128{day} * domain::kMicrosPerDay;
  return static_cast<std::int64_t>(
      std::clamp<Int128>(micros, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()));
}

void ClickSummaryDelta::Add(const domain::Click& click) {
  std::int64_t day = domain::UtcDayOf(click.occurred_at);
  auto found = std::find_if(days_.begin(), days_.end(),
                            [&](const Day& d) { return d.day == day && d.program_id == click.program_id; });
  if (found == days_.end()) found = days_.insert(days_.end(), Day{day, click.program_id, {}, {}});
  auto channel = std::find_if(found->channels.begin(), found->channels.end(),
                              [&](const auto& c) { return c.first == click.channel; });
  if (channel == found->channels.end()) {
    channel = found->channels.insert(found->channels.end(), {click.channel, domain::ChannelClicks{}});
  }
  if (click.is_bot) {
    ++channel->second.bot_clicks;
  } else {
    ++channel->second.clicks;
    found->visitors.Add(click.visitor_id);
  }
}

Status ClickSummaryDelta::Apply(Connection& db, std::int64_t shard) {
  auto days = std::exchange(days_, {});
  std::int64_t fold_through = 0;
  for (const auto& d : days) {
    static const std::string sql =
        "INSERT INTO click_day_deltas (shard, day, program_id, channels, sketch) VALUES (?,?,?,?,?) RETURNING id";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(shard).Bind(d.day).BindStatic(d.program_id).Bind(EncodeChannels(d.channels)).Bind(d.visitors.Serialize());
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return Error::Internal("click_day_deltas: the insert returned no id");
    // Ids count every writer's appends: whoever appends a multiple of kDeltasPerFold folds.
    if (std::int64_t id = s.Int(0); id % kDeltasPerFold == 0) fold_through = id;
  }
  return fold_through > 0 ? FoldClickDeltas(db, shard, fold_through) : Ok();
}

Status FoldClickDeltas(Connection& db, std::int64_t shard, std::int64_t through_id) {
  std::map<std::pair<std::int64_t, std::string>, domain::ClickDay> days;
  {
    static const std::string sql = "SELECT day, program_id, channels, sketch FROM click_day_deltas WHERE id <= ?";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(through_id);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      AddDelta(s.Text(2), s.Text(3), days[{s.Int(0), s.Text(1)}]);
    }
  }
  for (const auto& [key, delta] : days) {
    const auto& [day, program_id] = key;
    for (const auto& [channel, figures] : delta.channels) {
      static const std::string sql =
          "INSERT INTO click_days (day, program_id, channel, shard, clicks, bot_clicks) VALUES (?,?,?,?,?,?) "
          "ON CONFLICT (program_id, day, channel, shard) DO UPDATE SET clicks = click_days.clicks + "
          "excluded.clicks, bot_clicks = click_days.bot_clicks + excluded.bot_clicks";
      BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
      s.Bind(day).Bind(program_id).Bind(channel).Bind(shard).Bind(figures.clicks).Bind(figures.bot_clicks);
      BB_RETURN_IF_ERROR(s.Run());
    }
    if (delta.visitors.empty()) continue;
    domain::VisitorSketch sketch;
    bool stored = false;
    {
      static const std::string sql = "SELECT sketch FROM visitor_days WHERE day = ? AND program_id = ? AND shard = ?";
      BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
      s.Bind(day).Bind(program_id).Bind(shard);
      BB_ASSIGN_OR_RETURN(stored, s.Step());
      if (stored) sketch = ParseStoredSketch(s.Text(0));
    }
    if (!sketch.Merge(delta.visitors) && stored) continue;
    static const std::string sql =
        "INSERT INTO visitor_days (day, program_id, shard, sketch) VALUES (?,?,?,?) "
        "ON CONFLICT (program_id, day, shard) DO UPDATE SET sketch = excluded.sketch";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(day).Bind(program_id).Bind(shard).Bind(sketch.Serialize());
    BB_RETURN_IF_ERROR(s.Run());
  }
  // The rows read above, and no other: on PostgreSQL a row another writer has not committed yet is
  // neither read nor deleted here (it waits for the next fold).
  static const std::string sql = "DELETE FROM click_day_deltas WHERE id <= ?";
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  s.Bind(through_id);
  return s.Run();
}

Result<std::vector<domain::ClickDay>> ReadStoredClickDays(Connection& db, std::string_view program_id,
                                                          std::int64_t from_day, std::int64_t before_day) {
  std::map<std::int64_t, domain::ClickDay> days;
  auto day_at = [&](std::int64_t day) -> domain::ClickDay& {
    auto& out = days[day];
    out.day = day;
    out.program_id = program_id;
    return out;
  };
  {
    static const std::string sql =
        "SELECT day, channel, SUM(clicks), SUM(bot_clicks) FROM click_days WHERE day >= ? AND day < ? AND "
        "program_id = ? GROUP BY day, channel";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(from_day).Bind(before_day).Bind(program_id);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      auto& figures = day_at(s.Int(0)).channels[s.Text(1)];
      figures.clicks += s.Int(2);
      figures.bot_clicks += s.Int(3);
    }
  }
  {
    static const std::string sql = "SELECT day, sketch FROM visitor_days WHERE day >= ? AND day < ? AND program_id = ?";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(from_day).Bind(before_day).Bind(program_id);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      day_at(s.Int(0)).visitors.Merge(ParseStoredSketch(s.Text(1)));
    }
  }
  // What the writers appended since the last fold (about kDeltasPerFold rows in all: a scan).
  static const std::string sql =
      "SELECT day, channels, sketch FROM click_day_deltas WHERE day >= ? AND day < ? AND program_id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  s.Bind(from_day).Bind(before_day).Bind(program_id);
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    AddDelta(s.Text(1), s.Text(2), day_at(s.Int(0)));
  }
  std::vector<domain::ClickDay> out;
  out.reserve(days.size());
  for (auto& [day, summary] : days) out.push_back(std::move(summary));
  return out;
}

Result<std::vector<domain::ClickDay>> ComputeClickDays(Connection& db, std::string_view program_id,
                                                       std::int64_t from_day, std::int64_t before_day) {
  std::map<std::int64_t, domain::ClickDay> days;
  // One index range per bot flag (clicks_program: program, bot flag, time).
  static const std::string sql =
      Sql("SELECT occurred_at, channel, is_bot, visitor_high, visitor_low FROM clicks WHERE ", kClickProgramTerm,
          " AND is_bot IN (0, 1) AND occurred_at >= ? AND occurred_at < ?");
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  s.Bind(program_id).Bind(DayStartMicros(from_day)).Bind(DayStartMicros(before_day));
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    std::int64_t day = domain::UtcDayOf(FromMicros(s.Int(0)));
    auto& out = days[day];
    out.day = day;
    out.program_id = program_id;
    auto& figures = out.channels[s.Text(1)];
    if (s.Int(2) != 0) {
      ++figures.bot_clicks;
    } else {
      ++figures.clicks;
      out.visitors.Add(VisitorIdAt(s, 3));
    }
  }
  std::vector<domain::ClickDay> out;
  out.reserve(days.size());
  for (auto& [day, summary] : days) out.push_back(std::move(summary));
  return out;
}

Status RebuildClickDays(Connection& db, std::string_view program_id, std::int64_t from_day, std::int64_t before_day) {
  BB_ASSIGN_OR_RETURN(auto computed, ComputeClickDays(db, program_id, from_day, before_day));
  for (std::string_view table : {"click_days", "visitor_days", "click_day_deltas"}) {
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare("DELETE FROM " + std::string(table) +
                                                " WHERE day >= ? AND day < ? AND program_id = ?"));
    s.Bind(from_day).Bind(before_day).Bind(program_id);
    BB_RETURN_IF_ERROR(s.Run());
  }
  for (const auto& day : computed) BB_RETURN_IF_ERROR(InsertDay(db, day, 0));
  return Ok();
}

Result<std::optional<std::pair<std::int64_t, std::int64_t>>> ClickDaySpan(Connection& db, std::string_view program_id) {
  std::optional<std::pair<std::int64_t, std::int64_t>> span;
  auto include = [&](std::int64_t first, std::int64_t last) {
    if (!span) {
      span.emplace(first, last);
    } else {
      span->first = std::min(span->first, first);
      span->second = std::max(span->second, last);
    }
  };
  // Each a lookup at one end of an index range.
  for (int bot : {0, 1}) {
    static const std::string sql =
        Sql("SELECT MIN(occurred_at), MAX(occurred_at) FROM clicks WHERE ", kClickProgramTerm, " AND is_bot = ?");
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(program_id).Bind(bot);
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row && !s.IsNull(0)) {
      include(domain::UtcDayOf(FromMicros(s.Int(0))), domain::UtcDayOf(FromMicros(s.Int(1))));
    }
  }
  for (std::string_view table : {"click_days", "visitor_days", "click_day_deltas"}) {
    BB_ASSIGN_OR_RETURN(Statement s,
                        db.Prepare("SELECT MIN(day), MAX(day) FROM " + std::string(table) + " WHERE program_id = ?"));
    s.Bind(program_id);
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row && !s.IsNull(0)) include(s.Int(0), s.Int(1));
  }
  return span;
}

Result<bool> ClickSummariesRequested(Connection& db) { return Requested(db, "click_summaries"); }

Status BuildRequestedClickSummaries(Connection& db) {
  BB_ASSIGN_OR_RETURN(bool requested, ClickSummariesRequested(db));
  if (!requested) return Ok();
  BB_ASSIGN_OR_RETURN(auto programs, AllProgramIds(db));
  constexpr std::int64_t kDaysAtOnce = 31;  // bounds the memory a chunk's sketches take
  for (const auto& program_id : programs) {
    BB_ASSIGN_OR_RETURN(auto span, ClickDaySpan(db, program_id));
    if (!span) continue;
    for (std::int64_t day = span->first; day <= span->second; day += kDaysAtOnce) {
      BB_RETURN_IF_ERROR(RebuildClickDays(db, program_id, day, std::min(day + kDaysAtOnce, span->second + 1)));
    }
  }
  return db.Run("DELETE FROM settings WHERE name = 'click_summaries'");
}

}  // namespace bb::store::sql
