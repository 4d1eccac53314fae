// SqlTx: the dashboard's figures (domain/analytics.h). Each query reads one program (or one
// advocate) through its program_id (advocate_id) term, or every program without it; referrals are
// the cohort submitted in the range.

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <tuple>

#include "common/time_format.h"
#include "store/sql/click_summary.h"
#include "store/sql/query_helpers.h"
#include "store/sql/referral_terms.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

using CountPair = std::pair<std::int64_t, std::int64_t>;

// What a query reads: the rows whose `column` (program_id or advocate_id, in clicks and in
// referrals alike) is `value`, or every row when `column` is empty.
struct Scope {
  std::string_view column;
  std::string_view value;

  // " AND <prefix><column> = ?", or "" for every row.
  std::string Term(std::string_view prefix = "") const {
    return column.empty() ? std::string() : Sql(" AND ", prefix, column, " = ?");
  }
  // Binds a query "... >= ? AND ... < ?" followed by Term(): the range, then the value if any.
  void Bind(Statement& s, std::int64_t low, std::int64_t high) const {
    s.Bind(low).Bind(high);
    if (!column.empty()) s.Bind(value);
  }
};

// How many rows meet `condition` (0 for none). A condition is a boolean, which SQLite would sum as
// 0 and 1 but PostgreSQL will not.
std::string CountWhere(std::string_view condition) {
  return Sql("COALESCE(SUM(CASE WHEN ", condition, " THEN 1 ELSE 0 END), 0)");
}

using Money = std::map<std::string, std::array<Int128, 3>>;  // currency -> revenue, cost, committed

// Clicks of one program (or every program) over a range: by channel, by bots, and the visitors.
struct ClickTally {
  std::map<std::string, std::int64_t> clicks;  // human clicks by channel
  std::int64_t bot_clicks = 0;
  domain::VisitorSketch visitors;  // of the human clicks

  std::int64_t HumanClicks() const {
    std::int64_t total = 0;
    for (const auto& [channel, count] : clicks) total += count;
    return total;
  }
};

// The programs a tally reads: `program_id`, or every program when it is "" (read one by one, so
// that each raw read is one index range of clicks_program on both backends).
Result<std::vector<std::string>> ProgramsOf(Connection& db, std::string_view program_id) {
  if (!program_id.empty()) return std::vector<std::string>{std::string(program_id)};
  return QueryAll<std::string>(
      db, "SELECT id FROM programs ORDER BY id", [](Statement&) {}, [](const Statement& s) { return s.Text(0); });
}

// Adds the summaries of `programs`' whole UTC days [from_day, before_day) to `tally`.
Status TallySummarisedDays(Connection& db, const std::vector<std::string>& programs, std::int64_t from_day,
                           std::int64_t before_day, ClickTally& tally) {
  for (const auto& program_id : programs) {
    BB_ASSIGN_OR_RETURN(auto days, ReadStoredClickDays(db, program_id, from_day, before_day));
    for (const auto& day : days) {
      for (const auto& [channel, figures] : day.channels) {
        if (figures.clicks > 0) tally.clicks[channel] += figures.clicks;
        tally.bot_clicks += figures.bot_clicks;
      }
      tally.visitors.Merge(day.visitors);
    }
  }
  return Ok();
}

// Adds the raw clicks of [low, high) (part of a day) to `tally`.
Status TallyRawClicks(Connection& db, const std::vector<std::string>& programs, std::int64_t low, std::int64_t high,
                      ClickTally& tally) {
  if (low >= high) return Ok();
  for (const auto& program_id : programs) {
    static const std::string sql =
        "SELECT channel, is_bot, visitor_id FROM clicks WHERE program_id = ? AND is_bot IN (0, 1) AND "
        "occurred_at >= ? AND occurred_at < ?";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(program_id).Bind(low).Bind(high);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      if (s.Int(1) != 0) {
        ++tally.bot_clicks;
      } else {
        ++tally.clicks[s.Text(0)];
        tally.visitors.Add(s.Text(2));
      }
    }
  }
  return Ok();
}

// The clicks of `program_id` (every program's when "") in [from, before) (unbounded on a side
// without a value): the whole UTC days inside from their summaries, the part days at the ends
// from the raw clicks, so that the cost grows with the days of the range, not with its clicks.
Result<ClickTally> TallyClicks(Connection& db, std::string_view program_id, std::optional<std::int64_t> from,
                               std::optional<std::int64_t> before) {
  constexpr std::int64_t kDay = domain::kMicrosPerDay;
  auto floor_day = [](std::int64_t micros) { return domain::UtcDayOf(FromMicros(micros)); };
  // The whole days: from the first midnight at or after `from` to the last midnight at or before
  // `before`.
  std::int64_t first_day = std::numeric_limits<std::int64_t>::min();
  if (from) first_day = floor_day(*from) + (*from % kDay == 0 ? 0 : 1);
  std::int64_t end_day = before ? floor_day(*before) : std::numeric_limits<std::int64_t>::max();
  BB_ASSIGN_OR_RETURN(auto programs, ProgramsOf(db, program_id));
  ClickTally tally;
  if (first_day >= end_day) {
    // No whole day inside: all of it raw (both ends are bounded then).
    BB_RETURN_IF_ERROR(TallyRawClicks(db, programs, *from, *before, tally));
    return tally;
  }
  BB_RETURN_IF_ERROR(TallySummarisedDays(db, programs, first_day, end_day, tally));
  if (from) BB_RETURN_IF_ERROR(TallyRawClicks(db, programs, *from, DayStartMicros(first_day), tally));
  if (before) BB_RETURN_IF_ERROR(TallyRawClicks(db, programs, DayStartMicros(end_day), *before, tally));
  return tally;
}

// Human clicks (all, distinct visitors exactly, per channel) of `scope` in [low, high), from the
// raw clicks: for one advocate's (few) clicks.
Status ReadClicks(Connection& db, const Scope& scope, std::int64_t low, std::int64_t high, domain::Funnel& funnel,
                  std::vector<std::pair<std::string, std::int64_t>>& by_channel) {
  auto bind_range = [&](Statement& s) { scope.Bind(s, low, high); };
  BB_ASSIGN_OR_RETURN(
      auto clicks,
      QueryOne<CountPair>(db,
                          Sql("SELECT COUNT(*), COUNT(DISTINCT visitor_id) FROM clicks WHERE is_bot = 0 "
                              "AND occurred_at >= ? AND occurred_at < ?",
                              scope.Term()),
                          bind_range, [](const Statement& s) { return std::make_pair(s.Int(0), s.Int(1)); }));
  if (clicks) std::tie(funnel.clicks, funnel.unique_visitors) = *clicks;
  BB_ASSIGN_OR_RETURN(by_channel,
                      (QueryAll<std::pair<std::string, std::int64_t>>(
                          db,
                          Sql("SELECT channel, COUNT(*) FROM clicks WHERE is_bot = 0 AND occurred_at >= ? "
                              "AND occurred_at < ?",
                              scope.Term(), " GROUP BY channel"),
                          bind_range, [](const Statement& s) { return std::make_pair(s.Text(0), s.Int(1)); })));
  return Ok();
}

// The cohort of `scope`'s referrals submitted in [low, high): per channel how many, how many won,
// how many reached qualified.
Status ReadCohortReferrals(Connection& db, const Scope& scope, std::int64_t low, std::int64_t high,
                           domain::Funnel& funnel, std::vector<domain::ChannelFigures>& by_channel) {
  auto bind_range = [&](Statement& s) { scope.Bind(s, low, high); };
  BB_ASSIGN_OR_RETURN(
      auto rows, (QueryAll<std::pair<domain::ChannelFigures, std::int64_t>>(
                     db,
                     Sql("SELECT r.channel, COUNT(*), ", CountWhere(kWin), ", ", CountWhere(EverReached("qualified")),
                         " FROM referrals r WHERE r.created_at >= ? AND r.created_at < ?", scope.Term("r."),
                         " GROUP BY r.channel"),
                     bind_range, [](const Statement& s) {
                       return std::make_pair(domain::ChannelFigures{s.Text(0), 0, s.Int(1), s.Int(2)}, s.Int(3));
                     })));
  for (auto& [figures, qualified] : rows) {
    funnel.referrals += figures.referrals;
    funnel.won += figures.won;
    funnel.qualified += qualified;
    by_channel.push_back(std::move(figures));
  }
  return Ok();
}

// Fills the funnel and the channels of `scope` for [low, high) on the cohort basis.
Status ReadFunnel(Connection& db, const Scope& scope, std::int64_t low, std::int64_t high, domain::Funnel& funnel,
                  std::vector<domain::ChannelFigures>& channels) {
  std::vector<std::pair<std::string, std::int64_t>> clicks_by_channel;
  BB_RETURN_IF_ERROR(ReadClicks(db, scope, low, high, funnel, clicks_by_channel));
  std::vector<domain::ChannelFigures> referrals_by_channel;
  BB_RETURN_IF_ERROR(ReadCohortReferrals(db, scope, low, high, funnel, referrals_by_channel));
  channels = domain::MergeChannels(clicks_by_channel, referrals_by_channel);
  return Ok();
}

// What happened in [low, high): referrals submitted, first qualified and won (by channel, with the
// revenue of the deals won), each counted by its own date.
Status ReadActivityReferrals(Connection& db, const Scope& program, std::int64_t low, std::int64_t high,
                             domain::Funnel& funnel, std::vector<domain::ChannelFigures>& by_channel, Money& money) {
  auto bind_range = [&](Statement& s) { program.Bind(s, low, high); };
  std::map<std::string, domain::ChannelFigures> channels;
  BB_ASSIGN_OR_RETURN(auto submitted,
                      (QueryAll<std::pair<std::string, std::int64_t>>(
                          db,
                          Sql("SELECT r.channel, COUNT(*) FROM referrals r WHERE r.created_at >= ? AND "
                              "r.created_at < ?",
                              program.Term("r."), " GROUP BY r.channel"),
                          bind_range, [](const Statement& s) { return std::make_pair(s.Text(0), s.Int(1)); })));
  for (const auto& [channel, count] : submitted) {
    channels[channel].channel = channel;
    channels[channel].referrals += count;
    funnel.referrals += count;
  }
  // First qualified in the range: an entry in the range reached qualified, and none before it did.
  BB_ASSIGN_OR_RETURN(
      auto qualified,
      QueryOne<std::int64_t>(
          db,
          Sql("SELECT COUNT(DISTINCT e.referral_id) FROM referral_events e JOIN referrals r ON "
              "r.id = e.referral_id WHERE e.at >= ? AND e.at < ? AND ",
              Reached("e", "qualified"),
              " AND NOT EXISTS (SELECT 1 FROM referral_events f WHERE f.referral_id = e.referral_id AND "
              "f.at < e.at AND ",
              Reached("f", "qualified"), ")", program.Term("r.")),
          bind_range, [](const Statement& s) { return s.Int(0); }));
  funnel.qualified = qualified.value_or(0);
  // Won in the range (a referral reaches won once: closed is final), and still a win.
  BB_ASSIGN_OR_RETURN(
      Statement s, db.Prepare(Sql("SELECT r.channel, ", kDealCurrency, ", COUNT(*), ", ExactSum("r.deal_value_minor"),
                                  " FROM referral_events e JOIN referrals r ON r.id = e.referral_id "
                                  "JOIN programs p ON p.id = r.program_id WHERE e.at >= ? AND e.at < ? "
                                  "AND ",
                                  Reached("e", "won"), " AND ", kWin, program.Term("r."), " GROUP BY r.channel, 2")));
  bind_range(s);
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    std::string channel = s.Text(0);
    channels[channel].channel = channel;
    channels[channel].won += s.Int(2);
    funnel.won += s.Int(2);
    money[s.Text(1)][0] += ReadExactSum(s, 3);
  }
  for (auto& [name, figures] : channels) by_channel.push_back(std::move(figures));
  return Ok();
}

Result<std::vector<domain::MoneyFigures>> ToMoneyFigures(const Money& money) {
  std::vector<domain::MoneyFigures> out;
  for (const auto& [currency, sums] : money) {
    domain::MoneyFigures figures;
    figures.currency = currency;
    std::string figure = "money[" + currency + "].";
    BB_ASSIGN_OR_RETURN(figures.revenue_minor, Figure(sums[0], figure + "revenue_minor"));
    BB_ASSIGN_OR_RETURN(figures.reward_cost_minor, Figure(sums[1], figure + "reward_cost_minor"));
    BB_ASSIGN_OR_RETURN(figures.committed_minor, Figure(sums[2], figure + "committed_minor"));
    out.push_back(std::move(figures));
  }
  return out;
}

// The reward cost of the rewards selected by `from_where` (a FROM and WHERE over rewards `w`, with
// the range's two parameters then the program's), per currency: not reversed, and pending.
Status ReadRewardCost(Connection& db, const std::string& from_where, const Scope& program, std::int64_t low,
                      std::int64_t high, Money& money) {
  BB_ASSIGN_OR_RETURN(
      Statement s,
      db.Prepare(Sql("SELECT w.currency, ", ExactSum("CASE WHEN w.status <> 'reversed' THEN w.amount_minor END"), ", ",
                     ExactSum("CASE WHEN w.status = 'pending' THEN w.amount_minor END"), from_where,
                     " GROUP BY w.currency")));
  program.Bind(s, low, high);
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    auto& sums = money[s.Text(0)];
    sums[1] += ReadExactSum(s, 1);
    sums[2] += ReadExactSum(s, 3);
  }
  return Ok();
}

// Top advocates: per advocate, the referrals submitted in the range and the wins (with revenue) on
// the basis; ranked by wins, then referrals. Also counts the advocates with a referral submitted in
// the range into `referring`.
Result<std::vector<domain::AdvocateFigures>> ReadTopAdvocates(Connection& db, const Scope& program,
                                                              domain::AnalyticsBasis basis, std::int64_t low,
                                                              std::int64_t high, std::int64_t& referring) {
  struct Figures {
    domain::AdvocateFigures shown;
    Sum128 revenue;
  };
  std::map<std::string, Figures> by_advocate;
  auto read = [&](const std::string& sql, bool wins) -> Status {
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    program.Bind(s, low, high);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      Figures& f = by_advocate[s.Text(0)];
      f.shown.advocate_id = s.Text(0);
      f.shown.name = s.Text(1);
      f.shown.company = s.Text(2);
      f.shown.currency = s.Text(3);
      if (wins) {
        f.shown.won += s.Int(4);
        f.revenue.Add(ReadExactSum(s, 5));
      } else {
        f.shown.referrals += s.Int(4);
      }
    }
    return Ok();
  };
  // Grouped by a.id and p.currency (one program per advocate: the same groups), which PostgreSQL
  // needs to select the currency.
  constexpr std::string_view kAdvocate = "a.id, trim(a.first_name || ' ' || a.last_name), a.company, p.currency";
  BB_RETURN_IF_ERROR(read(Sql("SELECT ", kAdvocate,
                              ", COUNT(*) FROM referrals r JOIN advocates a ON a.id = "
                              "r.advocate_id JOIN programs p ON p.id = r.program_id WHERE r.created_at >= ? AND "
                              "r.created_at < ?",
                              program.Term("r."), " GROUP BY a.id, p.currency"),
                          false));
  if (basis == domain::AnalyticsBasis::kCohort) {
    BB_RETURN_IF_ERROR(read(Sql("SELECT ", kAdvocate, ", COUNT(*), ", ExactSum("r.deal_value_minor"),
                                " FROM referrals r JOIN advocates a ON a.id = r.advocate_id JOIN programs p ON p.id = "
                                "r.program_id WHERE r.created_at >= ? AND r.created_at < ? AND ",
                                kWin, program.Term("r."), " GROUP BY a.id, p.currency"),
                            true));
  } else {
    BB_RETURN_IF_ERROR(read(Sql("SELECT ", kAdvocate, ", COUNT(*), ", ExactSum("r.deal_value_minor"),
                                " FROM referral_events e JOIN referrals r ON r.id = e.referral_id JOIN advocates a ON "
                                "a.id = r.advocate_id JOIN programs p ON p.id = r.program_id WHERE e.at >= ? AND "
                                "e.at < ? AND ",
                                Reached("e", "won"), " AND ", kWin, program.Term("r."), " GROUP BY a.id, p.currency"),
                            true));
  }
  std::vector<domain::AdvocateFigures> out;
  referring = 0;
  for (auto& [id, f] : by_advocate) {
    if (f.shown.referrals > 0) ++referring;
    BB_ASSIGN_OR_RETURN(f.shown.revenue_minor, f.revenue.As("top_advocates[" + id + "].revenue_minor"));
    out.push_back(std::move(f.shown));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    if (a.won != b.won) return a.won > b.won;
    if (a.referrals != b.referrals) return a.referrals > b.referrals;
    return a.advocate_id < b.advocate_id;
  });
  if (out.size() > static_cast<std::size_t>(domain::kTopAdvocates)) out.resize(domain::kTopAdvocates);
  return out;
}

}  // namespace

Result<domain::Analytics> SqlTx::GetAnalytics(std::string_view program_id, Timestamp from, Timestamp before,
                                              domain::AnalyticsBasis basis) {
  domain::Analytics out;
  out.basis = basis;
  std::int64_t low = ToMicros(from);
  std::int64_t high = ToMicros(before);
  Scope program{program_id.empty() ? "" : "program_id", program_id};
  auto bind_range = [&](Statement& s) { program.Bind(s, low, high); };

  BB_ASSIGN_OR_RETURN(ClickTally clicks, TallyClicks(db_, program_id, low, high));
  out.funnel.clicks = clicks.HumanClicks();
  out.funnel.unique_visitors = clicks.visitors.Estimate();
  out.funnel.unique_visitors_estimated = true;
  std::vector<std::pair<std::string, std::int64_t>> clicks_by_channel(clicks.clicks.begin(), clicks.clicks.end());
  std::vector<domain::ChannelFigures> referrals_by_channel;
  Money money;
  if (basis == domain::AnalyticsBasis::kCohort) {
    BB_RETURN_IF_ERROR(ReadCohortReferrals(db_, program, low, high, out.funnel, referrals_by_channel));
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(Sql("SELECT ", kDealCurrency, ", ", ExactSum("r.deal_value_minor"),
                                                     " FROM referrals r JOIN programs p ON p.id = r.program_id WHERE ",
                                                     "r.created_at >= ? AND r.created_at < ? AND ", kWin,
                                                     program.Term("r."), " GROUP BY 1")));
    bind_range(s);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      money[s.Text(0)][0] += ReadExactSum(s, 1);
    }
    // The cost of the cohort's own rewards, whenever they were created.
    BB_RETURN_IF_ERROR(ReadRewardCost(db_,
                                      Sql(" FROM rewards w JOIN referrals r ON r.id = w.referral_id WHERE "
                                          "r.created_at >= ? AND r.created_at < ?",
                                          program.Term("r.")),
                                      program, low, high, money));
  } else {
    BB_RETURN_IF_ERROR(ReadActivityReferrals(db_, program, low, high, out.funnel, referrals_by_channel, money));
    // Rewards by the date they were granted: a correction's reissue or adjustment at its grant's
    // date, as the deal's revenue counts at its win date, both as corrected.
    BB_RETURN_IF_ERROR(ReadRewardCost(db_,
                                      Sql(" FROM rewards w LEFT JOIN rewards g ON g.id = NULLIF(w.corrects, '') WHERE "
                                          "COALESCE(g.created_at, w.created_at) >= ? AND "
                                          "COALESCE(g.created_at, w.created_at) < ?",
                                          program.Term("w.")),
                                      program, low, high, money));
  }
  out.channels = domain::MergeChannels(clicks_by_channel, referrals_by_channel);
  BB_ASSIGN_OR_RETURN(out.money, ToMoneyFigures(money));
  BB_ASSIGN_OR_RETURN(out.top_advocates, ReadTopAdvocates(db_, program, basis, low, high, out.referring_advocates));

  BB_ASSIGN_OR_RETURN(out.new_advocates, QueryAll<domain::DayCount>(
                                             db_,
                                             Sql("SELECT created_at / 86400000000 AS day, COUNT(*) FROM "
                                                 "advocates WHERE created_at >= ? AND created_at < ?",
                                                 program.Term(), " GROUP BY day ORDER BY day"),
                                             bind_range, [](const Statement& s) {
                                               // The day's number since 1970-01-01 (UTC), as YYYY-MM-DD.
                                               Timestamp day = FromMicros(s.Int(0) * 86'400'000'000);
                                               return domain::DayCount{FormatTimestamp(day).substr(0, 10), s.Int(1)};
                                             }));
  return out;
}

Result<domain::AdvocateActivity> SqlTx::GetAdvocateActivity(std::string_view advocate_id, Timestamp from,
                                                            Timestamp before) {
  domain::AdvocateActivity out;
  std::int64_t low = ToMicros(from);
  std::int64_t high = ToMicros(before);
  BB_RETURN_IF_ERROR(ReadFunnel(db_, {"advocate_id", advocate_id}, low, high, out.funnel, out.channels));
  BB_ASSIGN_OR_RETURN(auto last, QueryOne<std::int64_t>(
                                     db_,
                                     "SELECT MAX(occurred_at) FROM clicks WHERE advocate_id = ? AND is_bot = 0 AND "
                                     "occurred_at >= ? AND occurred_at < ? HAVING COUNT(*) > 0",
                                     [&](Statement& s) { s.Bind(advocate_id).Bind(low).Bind(high); },
                                     [](const Statement& s) { return s.Int(0); }));
  if (last) out.last_click_at = FromMicros(*last);
  return out;
}

Result<domain::ProgramStats> SqlTx::GetProgramStats(std::string_view program_id, const domain::TimeRange& range) {
  domain::ProgramStats stats;
  {
    static const std::string sql =
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END), 0) FROM advocates "
        "WHERE program_id = ?";
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
    s.Bind(program_id);
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) {
      stats.advocates = s.Int(0);
      stats.active_advocates = s.Int(1);
    }
  }
  BB_ASSIGN_OR_RETURN(ClickTally clicks,
                      TallyClicks(db_, program_id, range.from ? std::optional(ToMicros(*range.from)) : std::nullopt,
                                  range.before ? std::optional(ToMicros(*range.before)) : std::nullopt));
  stats.clicks = clicks.HumanClicks();
  stats.bot_clicks = clicks.bot_clicks;
  stats.unique_visitors = clicks.visitors.Estimate();
  stats.clicks_by_channel.assign(clicks.clicks.begin(), clicks.clicks.end());
  std::stable_sort(stats.clicks_by_channel.begin(), stats.clicks_by_channel.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return stats;
}

Result<std::vector<domain::ClickDay>> SqlTx::ListClickDays(std::string_view program_id, std::int64_t from_day,
                                                           std::int64_t before_day) {
  return ReadStoredClickDays(db_, program_id, from_day, before_day);
}

Result<std::vector<domain::ClickDay>> SqlTx::ComputeClickDays(std::string_view program_id, std::int64_t from_day,
                                                              std::int64_t before_day) {
  return sql::ComputeClickDays(db_, program_id, from_day, before_day);
}

Result<std::optional<std::pair<std::int64_t, std::int64_t>>> SqlTx::GetClickDaySpan(std::string_view program_id) {
  return ClickDaySpan(db_, program_id);
}

Status SqlTx::RebuildClickDays(std::string_view program_id, std::int64_t from_day, std::int64_t before_day) {
  return sql::RebuildClickDays(db_, program_id, from_day, before_day);
}

}  // namespace bb::store::sql
