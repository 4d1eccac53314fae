#include "store/sql/click_summary.h"

#include <algorithm>
#include <limits>

#include "common/checked_math.h"

namespace bb::store::sql {
namespace {

// Midnight starting `day`, in microseconds, kept inside 64 bits (days that far out hold nothing).
std::int64_t DayStartMicros(std::int64_t day) {
  Int128 micros = Int128{day} * domain::kMicrosPerDay;
  return static_cast<std::int64_t>(
      std::clamp<Int128>(micros, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()));
}

// A stored sketch. One that cannot be read (which only a hand edit could cause) reads as empty, so
// that recording clicks never fails over it; `analytics verify` reports such a day, and `analytics
// rebuild` repairs it.
domain::VisitorSketch ParseStoredSketch(std::string_view text) {
  auto sketch = domain::VisitorSketch::Parse(text);
  return sketch ? std::move(*sketch) : domain::VisitorSketch();
}

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

}  // namespace

void ClickSummaryDelta::Add(const domain::Click& click) {
  DayProgram key{domain::UtcDayOf(click.occurred_at), click.program_id};
  auto& figures = counts_[{key, click.channel}];
  if (click.is_bot) {
    ++figures.bot_clicks;
  } else {
    ++figures.clicks;
    visitors_[key].Add(click.visitor_id);
  }
}

void ClickSummaryDelta::Clear() {
  counts_.clear();
  visitors_.clear();
}

Status ClickSummaryDelta::Apply(Connection& db, std::int64_t shard) {
  auto counts = std::exchange(counts_, {});
  auto visitors = std::exchange(visitors_, {});
  for (const auto& [key, figures] : counts) {
    static const std::string sql =
        "INSERT INTO click_days (day, program_id, channel, shard, clicks, bot_clicks) VALUES (?,?,?,?,?,?) "
        "ON CONFLICT (day, program_id, channel, shard) DO UPDATE SET clicks = click_days.clicks + excluded.clicks, "
        "bot_clicks = click_days.bot_clicks + excluded.bot_clicks";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    const auto& [day_program, channel] = key;
    s.Bind(day_program.first).BindStatic(day_program.second).BindStatic(channel).Bind(shard);
    s.Bind(figures.clicks).Bind(figures.bot_clicks);
    BB_RETURN_IF_ERROR(s.Run());
  }
  for (const auto& [key, added] : visitors) {
    domain::VisitorSketch sketch;
    bool stored = false;
    {
      static const std::string sql = "SELECT sketch FROM visitor_days WHERE day = ? AND program_id = ? AND shard = ?";
      BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
      s.Bind(key.first).BindStatic(key.second).Bind(shard);
      BB_ASSIGN_OR_RETURN(stored, s.Step());
      if (stored) sketch = ParseStoredSketch(s.Text(0));
    }
    // Most groups of a busy day raise no register: then nothing is written.
    if (!sketch.Merge(added) && stored) continue;
    static const std::string sql =
        "INSERT INTO visitor_days (day, program_id, shard, sketch) VALUES (?,?,?,?) "
        "ON CONFLICT (day, program_id, shard) DO UPDATE SET sketch = excluded.sketch";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(key.first).BindStatic(key.second).Bind(shard).Bind(sketch.Serialize());
    BB_RETURN_IF_ERROR(s.Run());
  }
  return Ok();
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
      day_at(s.Int(0)).channels[s.Text(1)] = domain::ChannelClicks{s.Int(2), s.Int(3)};
    }
  }
  static const std::string sql = "SELECT day, sketch FROM visitor_days WHERE day >= ? AND day < ? AND program_id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  s.Bind(from_day).Bind(before_day).Bind(program_id);
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    day_at(s.Int(0)).visitors.Merge(ParseStoredSketch(s.Text(1)));
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
      "SELECT occurred_at, channel, is_bot, visitor_id FROM clicks WHERE program_id = ? AND is_bot IN (0, 1) AND "
      "occurred_at >= ? AND occurred_at < ?";
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
      out.visitors.Add(s.Text(3));
    }
  }
  std::vector<domain::ClickDay> out;
  out.reserve(days.size());
  for (auto& [day, summary] : days) out.push_back(std::move(summary));
  return out;
}

Status RebuildClickDays(Connection& db, std::string_view program_id, std::int64_t from_day, std::int64_t before_day) {
  BB_ASSIGN_OR_RETURN(auto computed, ComputeClickDays(db, program_id, from_day, before_day));
  for (std::string_view table : {"click_days", "visitor_days"}) {
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
        "SELECT MIN(occurred_at), MAX(occurred_at) FROM clicks WHERE program_id = ? AND is_bot = ?";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(program_id).Bind(bot);
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row && !s.IsNull(0)) {
      include(domain::UtcDayOf(FromMicros(s.Int(0))), domain::UtcDayOf(FromMicros(s.Int(1))));
    }
  }
  for (std::string_view table : {"click_days", "visitor_days"}) {
    BB_ASSIGN_OR_RETURN(Statement s,
                        db.Prepare("SELECT MIN(day), MAX(day) FROM " + std::string(table) + " WHERE program_id = ?"));
    s.Bind(program_id);
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row && !s.IsNull(0)) include(s.Int(0), s.Int(1));
  }
  return span;
}

Status BuildRequestedClickSummaries(Connection& db) {
  {
    static const std::string sql = "SELECT 1 FROM settings WHERE name = 'click_summaries'";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    BB_ASSIGN_OR_RETURN(bool requested, s.Step());
    if (!requested) return Ok();
  }
  std::vector<std::string> programs;
  {
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare("SELECT id FROM programs ORDER BY id"));
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      programs.push_back(s.Text(0));
    }
  }
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
