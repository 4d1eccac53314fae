// SqlTx: the dashboard's figures (domain/analytics.h). Each query reads one program (or one
// advocate) through its program_id (advocate_id) term, or every program without it; referrals are
// the cohort submitted in the range.

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "common/time_format.h"
#include "store/sql/click_summary.h"
#include "store/sql/query_helpers.h"
#include "store/sql/referral_summary.h"
#include "store/sql/referral_terms.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

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

// The whole UTC days of [from, before) (unbounded on a side without a value): from the first
// midnight at or after `from` to the last at or before `before`; empty (first >= end) when the
// range holds no whole day.
struct WholeDays {
  std::int64_t first = std::numeric_limits<std::int64_t>::min();
  std::int64_t end = std::numeric_limits<std::int64_t>::max();

  WholeDays(std::optional<std::int64_t> from, std::optional<std::int64_t> before) {
    if (from) first = domain::UtcDayOf(FromMicros(*from)) + (*from % domain::kMicrosPerDay == 0 ? 0 : 1);
    if (before) end = domain::UtcDayOf(FromMicros(*before));
  }
  bool empty() const { return first >= end; }
};

// The programs a tally reads: `program_id`, or every program when it is "" (read one by one, so
// that each raw read is one index range of clicks_program on both backends).
Result<std::vector<std::string>> ProgramsOf(Connection& db, std::string_view program_id) {
  if (!program_id.empty()) return std::vector<std::string>{std::string(program_id)};
  return AllProgramIds(db);
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
        Sql("SELECT channel, is_bot, visitor_high, visitor_low FROM clicks WHERE ", kClickProgramTerm,
            " AND is_bot IN (0, 1) AND occurred_at >= ? AND occurred_at < ?");
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(program_id).Bind(low).Bind(high);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      if (s.Int(1) != 0) {
        ++tally.bot_clicks;
      } else {
        ++tally.clicks[s.Text(0)];
        tally.visitors.Add(VisitorIdAt(s, 2));
      }
    }
  }
  return Ok();
}

// The clicks of `programs` in [from, before) (unbounded on a side
// without a value): the whole UTC days inside from their summaries, the part days at the ends
// from the raw clicks, so that the cost grows with the days of the range, not with its clicks.
Result<ClickTally> TallyClicks(Connection& db, const std::vector<std::string>& programs,
                               std::optional<std::int64_t> from, std::optional<std::int64_t> before) {
  WholeDays days(from, before);
  ClickTally tally;
  if (days.empty()) {
    // No whole day inside: all of it raw (both ends are bounded then).
    BB_RETURN_IF_ERROR(TallyRawClicks(db, programs, *from, *before, tally));
    return tally;
  }
  BB_RETURN_IF_ERROR(TallySummarisedDays(db, programs, days.first, days.end, tally));
  if (from) BB_RETURN_IF_ERROR(TallyRawClicks(db, programs, *from, DayStartMicros(days.first), tally));
  if (before) BB_RETURN_IF_ERROR(TallyRawClicks(db, programs, DayStartMicros(days.end), *before, tally));
  return tally;
}

// One advocate's human clicks in [low, high), from the raw clicks in one pass over their index
// range: all, distinct visitors exactly, per channel (by name), and the last one's time.
Status ReadAdvocateClicks(Connection& db, std::string_view advocate_id, std::int64_t low, std::int64_t high,
                          domain::Funnel& funnel, std::vector<std::pair<std::string, std::int64_t>>& by_channel,
                          std::optional<Timestamp>& last_click_at) {
  static const std::string sql = Sql("SELECT channel, visitor_high, visitor_low, occurred_at FROM clicks WHERE ",
                                     kClickAdvocateTerm, " AND is_bot = 0 AND occurred_at >= ? AND occurred_at < ?");
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  s.Bind(advocate_id).Bind(low).Bind(high);
  struct BitsHash {
    std::size_t operator()(const domain::Bits128& bits) const {
      return std::hash<std::uint64_t>{}(bits.low ^ (bits.high * 0x9e3779b97f4a7c15u));
    }
  };
  std::unordered_set<domain::Bits128, BitsHash> visitors;
  std::map<std::string, std::int64_t, std::less<>> channels;
  std::optional<std::int64_t> last;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    ++funnel.clicks;
    ++channels[s.Text(0)];
    visitors.insert(BitsAt(s, 1));
    last = std::max(last.value_or(s.Int(3)), s.Int(3));
  }
  funnel.unique_visitors = static_cast<std::int64_t>(visitors.size());
  by_channel.assign(channels.begin(), channels.end());
  if (last) last_click_at = FromMicros(*last);
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

// Fills `activity` (funnel, channels, last click) of one advocate for [low, high), its referrals on
// the cohort basis.
Status ReadAdvocateFunnel(Connection& db, std::string_view advocate_id, std::int64_t low, std::int64_t high,
                          domain::AdvocateActivity& activity) {
  std::vector<std::pair<std::string, std::int64_t>> clicks_by_channel;
  BB_RETURN_IF_ERROR(
      ReadAdvocateClicks(db, advocate_id, low, high, activity.funnel, clicks_by_channel, activity.last_click_at));
  Scope scope{"advocate_id", advocate_id};
  std::vector<domain::ChannelFigures> referrals_by_channel;
  BB_RETURN_IF_ERROR(ReadCohortReferrals(db, scope, low, high, activity.funnel, referrals_by_channel));
  activity.channels = domain::MergeChannels(clicks_by_channel, referrals_by_channel);
  return Ok();
}

// The referral side of some programs over a range, on both bases: per (channel, currency);
// per advocate, exactly, what the part days at the ends hold (the whole days' advocate figures are
// read by TopAdvocates as it needs them); advocates enrolled per day; and a sketch of the advocates
// who referred.
struct ReferralTotals {
  std::map<std::pair<std::string, std::string>, domain::ReferralTally> by_channel;
  std::unordered_map<std::string, domain::AdvocateTally> parts;
  std::map<std::int64_t, std::int64_t> enrolled;  // day -> advocates
  domain::VisitorSketch referrers;
  std::vector<std::string> programs;
  std::optional<WholeDays> whole;  // the whole days read from the summaries, if any

  // Adds (sign +1) or takes away (-1) `part`'s figures (not its referrers).
  void Add(const domain::ReferralSummary& part, int sign = +1) {
    for (const auto& [key, tally] : part.days) {
      if (sign > 0) {
        by_channel[{key.channel, key.currency}] += tally;
      } else {
        by_channel[{key.channel, key.currency}] -= tally;
      }
    }
    for (const auto& [key, tally] : part.advocates) {
      if (sign > 0) {
        parts[key.second] += tally;
      } else {
        parts[key.second] -= tally;
      }
    }
    for (const auto& [key, count] : part.enrolments) enrolled[key.first] += sign * count;
  }
};

// Adds `program_id`'s referral figures of [from, before), a part of one UTC day, to `totals`: from
// the raw rows of the part when they are no more than the rest of the day's (counted in index
// ranges first), else as the day's summary less the raw rows of the rest (for today, up to now,
// that rest is empty), so that a busy day (an import's, say) costs its own rows only when the
// range holds fewer of them than it leaves out.
Status TallyPartOfDay(Connection& db, const std::string& program_id, std::int64_t from, std::int64_t before,
                      ReferralTotals& totals) {
  if (from >= before) return Ok();
  std::int64_t day = domain::UtcDayOf(FromMicros(from));
  std::int64_t day_start = DayStartMicros(day);
  std::int64_t day_end = DayStartMicros(day + 1);
  BB_ASSIGN_OR_RETURN(std::int64_t part_rows, CountReferralWindowRows(db, program_id, from, before));
  BB_ASSIGN_OR_RETURN(std::int64_t day_rows, CountReferralWindowRows(db, program_id, day_start, day_end));
  if (part_rows <= day_rows - part_rows) {
    BB_ASSIGN_OR_RETURN(auto part, ComputeReferralSummary(db, program_id, from, before));
    totals.Add(part);
    for (const auto& [unused, sketch] : part.referrers) totals.referrers.Merge(sketch);
    return Ok();
  }
  BB_ASSIGN_OR_RETURN(auto whole, ReadStoredReferralSummary(db, program_id, day, day + 1));
  totals.Add(whole);
  for (auto [rest_from, rest_before] : {std::pair{day_start, from}, std::pair{before, day_end}}) {
    BB_ASSIGN_OR_RETURN(auto rest, ComputeReferralSummary(db, program_id, rest_from, rest_before));
    totals.Add(rest, -1);
  }
  // A sketch cannot be taken from: the part's referrers come from its referrals (an index range).
  return AddReferrers(db, program_id, from, before, totals.referrers);
}

// Adds `programs`' referral summaries of [low, high) to `totals`: the whole days' stored sums, and
// the part days at the ends (TallyPartOfDay), so that the cost grows with the days of the range,
// not with its referrals.
Status TallyReferrals(Connection& db, const std::vector<std::string>& programs, std::int64_t low, std::int64_t high,
                      ReferralTotals& totals) {
  WholeDays days(low, high);
  totals.programs = programs;
  if (!days.empty()) totals.whole = days;
  for (const auto& program_id : programs) {
    if (days.empty()) {
      // Within one day, or across one midnight.
      std::int64_t midnight = DayStartMicros(domain::UtcDayOf(FromMicros(low)) + 1);
      BB_RETURN_IF_ERROR(TallyPartOfDay(db, program_id, low, std::min(high, midnight), totals));
      BB_RETURN_IF_ERROR(TallyPartOfDay(db, program_id, midnight, high, totals));
      continue;
    }
    BB_ASSIGN_OR_RETURN(auto channels, SumReferralDays(db, program_id, days.first, days.end));
    for (const auto& [key, tally] : channels) totals.by_channel[key] += tally;
    BB_ASSIGN_OR_RETURN(auto enrolled, EnrolledPerDay(db, program_id, days.first, days.end));
    for (const auto& [day, count] : enrolled) totals.enrolled[day] += count;
    BB_RETURN_IF_ERROR(MergeReferrerDays(db, program_id, days.first, days.end, totals.referrers));
    BB_RETURN_IF_ERROR(TallyPartOfDay(db, program_id, low, DayStartMicros(days.first), totals));
    BB_RETURN_IF_ERROR(TallyPartOfDay(db, program_id, DayStartMicros(days.end), high, totals));
  }
  return Ok();
}

// An advocate's figures on one basis, as the top advocates rank them.
struct Ranked {
  std::string id;
  std::int64_t won = 0;
  std::int64_t referrals = 0;
  Int128 revenue = 0;
};

bool RanksBefore(const Ranked& a, const Ranked& b) {
  if (a.won != b.won) return a.won > b.won;
  if (a.referrals != b.referrals) return a.referrals > b.referrals;
  return a.id < b.id;
}

// The advocates that can rank in the top kTopAdvocates, with their figures on `basis`; nullopt
// when that is not settled by the advocates with a win (fewer than kTopAdvocates have one, or more
// than kMostTied tie at the last place), and every advocate's figures must be read.
constexpr std::size_t kMostTied = 100;
Result<std::optional<std::vector<Ranked>>> RankedByWins(Connection& db, const ReferralTotals& totals, bool cohort) {
  std::unordered_map<std::string, domain::AdvocateTally> wins;
  if (totals.whole) {
    for (const auto& program_id : totals.programs) {
      BB_RETURN_IF_ERROR(SumAdvocateWins(db, program_id, totals.whole->first, totals.whole->end, cohort, wins));
    }
  }
  for (const auto& [id, tally] : totals.parts) wins[id] += tally;
  std::vector<Ranked> winners;
  for (const auto& [id, t] : wins) {
    std::int64_t won = cohort ? t.cohort_won : t.activity_won;
    if (won > 0) winners.push_back({id, won, t.submitted, cohort ? t.cohort_revenue : t.activity_revenue});
  }
  constexpr auto kTop = static_cast<std::size_t>(domain::kTopAdvocates);
  if (winners.size() < kTop) return std::optional<std::vector<Ranked>>();
  std::nth_element(winners.begin(), winners.begin() + (kTop - 1), winners.end(),
                   [](const Ranked& a, const Ranked& b) { return a.won > b.won; });
  std::int64_t last_place = winners[kTop - 1].won;
  std::erase_if(winners, [&](const Ranked& r) { return r.won < last_place; });
  if (winners.size() > kMostTied) return std::optional<std::vector<Ranked>>();
  // Their referrals: the whole days' (looked up by advocate) and the parts' (already in).
  if (totals.whole) {
    for (auto& r : winners) {
      BB_ASSIGN_OR_RETURN(std::int64_t whole, SubmittedBy(db, r.id, totals.whole->first, totals.whole->end));
      r.referrals += whole;
    }
  }
  return std::optional<std::vector<Ranked>>(std::move(winners));
}

// Every advocate with a referral or a win in the range, with their figures on `basis`.
Result<std::vector<Ranked>> RankedAll(Connection& db, const ReferralTotals& totals, bool cohort) {
  std::unordered_map<std::string, domain::AdvocateTally> all;
  if (totals.whole) {
    for (const auto& program_id : totals.programs) {
      BB_RETURN_IF_ERROR(SumAdvocateDays(db, program_id, totals.whole->first, totals.whole->end, all));
    }
  }
  for (const auto& [id, tally] : totals.parts) all[id] += tally;
  std::vector<Ranked> out;
  for (const auto& [id, t] : all) {
    std::int64_t won = cohort ? t.cohort_won : t.activity_won;
    if (t.submitted != 0 || won != 0) {
      out.push_back({id, won, t.submitted, cohort ? t.cohort_revenue : t.activity_revenue});
    }
  }
  return out;
}

// The top advocates of `totals` on `basis` (most won, then most referrals, then id), with their
// names. Usually settled by the advocates with a win (a few thousand rows a year, not one per
// advocate who referred).
Result<std::vector<domain::AdvocateFigures>> TopAdvocates(Connection& db, const ReferralTotals& totals,
                                                          domain::AnalyticsBasis basis) {
  bool cohort = basis == domain::AnalyticsBasis::kCohort;
  BB_ASSIGN_OR_RETURN(auto by_wins, RankedByWins(db, totals, cohort));
  std::vector<Ranked> ranked;
  if (by_wins) {
    ranked = std::move(*by_wins);
  } else {
    BB_ASSIGN_OR_RETURN(ranked, RankedAll(db, totals, cohort));
  }
  std::size_t shown = std::min(ranked.size(), static_cast<std::size_t>(domain::kTopAdvocates));
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(shown), ranked.end(), RanksBefore);
  std::vector<domain::AdvocateFigures> out;
  for (std::size_t i = 0; i < shown; ++i) {
    const Ranked& r = ranked[i];
    static const std::string sql =
        "SELECT trim(a.first_name || ' ' || a.last_name), a.company, p.currency FROM advocates a JOIN programs p ON "
        "p.id = a.program_id WHERE a.id = ?";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(r.id);
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    domain::AdvocateFigures figures;
    figures.advocate_id = r.id;
    if (row) {
      figures.name = s.Text(0);
      figures.company = s.Text(1);
      figures.currency = s.Text(2);
    }
    figures.referrals = r.referrals;
    figures.won = r.won;
    BB_ASSIGN_OR_RETURN(figures.revenue_minor, Figure(r.revenue, "top_advocates[" + r.id + "].revenue_minor"));
    out.push_back(std::move(figures));
  }
  return out;
}

// The funnel's referrals, the channels' referrals and the money of `totals` on `basis`.
Status ReferralFigures(const ReferralTotals& totals, domain::AnalyticsBasis basis, domain::Analytics& out,
                       std::vector<domain::ChannelFigures>& by_channel) {
  bool cohort = basis == domain::AnalyticsBasis::kCohort;
  std::map<std::string, domain::ChannelFigures> channels;
  std::map<std::string, std::array<Int128, 3>> money;  // currency -> revenue, cost, committed
  for (const auto& [key, t] : totals.by_channel) {
    const auto& [channel, currency] = key;
    std::int64_t won = cohort ? t.cohort_won : t.activity_won;
    out.funnel.referrals += t.submitted;
    out.funnel.qualified += cohort ? t.cohort_qualified : t.activity_qualified;
    out.funnel.won += won;
    if (t.submitted != 0 || won != 0) {
      auto& figures = channels[channel];
      figures.channel = channel;
      figures.referrals += t.submitted;
      figures.won += won;
    }
    Int128 revenue = cohort ? t.cohort_revenue : t.activity_revenue;
    Int128 cost = cohort ? t.cohort_reward_cost : t.activity_reward_cost;
    Int128 committed = cohort ? t.cohort_committed : t.activity_committed;
    if (revenue == 0 && cost == 0 && committed == 0 && won == 0) continue;
    auto& sums = money[currency];
    sums[0] += revenue;
    sums[1] += cost;
    sums[2] += committed;
  }
  for (auto& [name, figures] : channels) by_channel.push_back(std::move(figures));
  for (const auto& [currency, sums] : money) {
    domain::MoneyFigures figures;
    figures.currency = currency;
    std::string figure = "money[" + currency + "].";
    BB_ASSIGN_OR_RETURN(figures.revenue_minor, Figure(sums[0], figure + "revenue_minor"));
    BB_ASSIGN_OR_RETURN(figures.reward_cost_minor, Figure(sums[1], figure + "reward_cost_minor"));
    BB_ASSIGN_OR_RETURN(figures.committed_minor, Figure(sums[2], figure + "committed_minor"));
    out.money.push_back(std::move(figures));
  }
  return Ok();
}

}  // namespace

Result<domain::Analytics> SqlTx::GetAnalytics(std::string_view program_id, Timestamp from, Timestamp before,
                                              domain::AnalyticsBasis basis) {
  domain::Analytics out;
  out.basis = basis;
  std::int64_t low = ToMicros(from);
  std::int64_t high = ToMicros(before);

  BB_ASSIGN_OR_RETURN(auto programs, ProgramsOf(db_, program_id));
  BB_ASSIGN_OR_RETURN(ClickTally clicks, TallyClicks(db_, programs, low, high));
  out.funnel.clicks = clicks.HumanClicks();
  out.funnel.unique_visitors = clicks.visitors.Estimate();
  out.funnel.unique_visitors_estimated = true;
  std::vector<std::pair<std::string, std::int64_t>> clicks_by_channel(clicks.clicks.begin(), clicks.clicks.end());

  ReferralTotals referrals;
  BB_RETURN_IF_ERROR(TallyReferrals(db_, programs, low, high, referrals));
  std::vector<domain::ChannelFigures> referrals_by_channel;
  BB_RETURN_IF_ERROR(ReferralFigures(referrals, basis, out, referrals_by_channel));
  out.channels = domain::MergeChannels(clicks_by_channel, referrals_by_channel);
  BB_ASSIGN_OR_RETURN(out.top_advocates, TopAdvocates(db_, referrals, basis));
  out.referring_advocates = referrals.referrers.Estimate();
  for (const auto& [day, count] : referrals.enrolled) {
    if (count != 0) out.new_advocates.push_back({domain::UtcDate(FromMicros(day * domain::kMicrosPerDay)), count});
  }
  return out;
}

Result<domain::AdvocateActivity> SqlTx::GetAdvocateActivity(std::string_view advocate_id, Timestamp from,
                                                            Timestamp before) {
  domain::AdvocateActivity out;
  std::int64_t low = ToMicros(from);
  std::int64_t high = ToMicros(before);
  BB_RETURN_IF_ERROR(ReadAdvocateFunnel(db_, advocate_id, low, high, out));
  return out;
}

Result<domain::ProgramStats> SqlTx::GetProgramStats(std::string_view program_id, const domain::TimeRange& range) {
  domain::ProgramStats stats;
  BB_ASSIGN_OR_RETURN(auto enrolled, EnrolledByStatus(db_, program_id));
  for (const auto& [status, count] : enrolled) {
    stats.advocates += count;
    if (status == domain::ToString(domain::AdvocateStatus::kActive)) stats.active_advocates += count;
  }
  BB_ASSIGN_OR_RETURN(
      ClickTally clicks,
      TallyClicks(db_, {std::string(program_id)}, range.from ? std::optional(ToMicros(*range.from)) : std::nullopt,
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

Result<domain::ReferralSummary> SqlTx::ListReferralDays(std::string_view program_id, std::int64_t from_day,
                                                        std::int64_t before_day) {
  return ReadStoredReferralSummary(db_, program_id, from_day, before_day);
}

Result<domain::ReferralSummary> SqlTx::ComputeReferralDays(std::string_view program_id, std::int64_t from_day,
                                                           std::int64_t before_day) {
  return ComputeReferralSummary(db_, program_id, DayStartMicros(from_day), DayStartMicros(before_day));
}

Result<std::optional<std::pair<std::int64_t, std::int64_t>>> SqlTx::GetReferralDaySpan(std::string_view program_id) {
  return ReferralDaySpan(db_, program_id);
}

Status SqlTx::RebuildReferralDays(std::string_view program_id, std::int64_t from_day, std::int64_t before_day) {
  return RebuildReferralSummary(db_, program_id, from_day, before_day);
}

}  // namespace bb::store::sql
