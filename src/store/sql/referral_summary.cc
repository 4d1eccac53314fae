#include "store/sql/referral_summary.h"

#include <algorithm>
#include <array>
#include <map>

#include "domain/click_summary.h"
#include "store/sql/click_summary.h"
#include "store/sql/query_helpers.h"
#include "store/sql/referral_terms.h"

namespace bb::store::sql {
namespace {

using domain::AdvocateTally;
using domain::ReferralFacts;
using domain::ReferralSummary;
using domain::ReferralTally;

// The figure columns of referral_days and advocate_referral_days, in the order the helpers below
// bind and read them; a sum of money is two columns (BindExactSum, ReadExactSum).
constexpr std::array<std::string_view, 17> kDayColumns = {"submitted",
                                                          "cohort_qualified",
                                                          "cohort_won",
                                                          "cohort_revenue_e9",
                                                          "cohort_revenue_rem",
                                                          "activity_qualified",
                                                          "activity_won",
                                                          "activity_revenue_e9",
                                                          "activity_revenue_rem",
                                                          "cohort_reward_cost_e9",
                                                          "cohort_reward_cost_rem",
                                                          "cohort_committed_e9",
                                                          "cohort_committed_rem",
                                                          "activity_reward_cost_e9",
                                                          "activity_reward_cost_rem",
                                                          "activity_committed_e9",
                                                          "activity_committed_rem"};
constexpr std::array<std::string_view, 7> kAdvocateColumns = {
    "submitted",    "cohort_won",          "cohort_revenue_e9",   "cohort_revenue_rem",
    "activity_won", "activity_revenue_e9", "activity_revenue_rem"};

template <std::size_t N>
std::string Joined(const std::array<std::string_view, N>& columns, std::string_view before, std::string_view after,
                   std::string_view separator = ", ") {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) out += separator;
    out += before;
    out += columns[i];
    out += after;
  }
  return out;
}

// "c1 = table.c1 + excluded.c1, ..." for an upsert that adds.
template <std::size_t N>
std::string Additions(const std::array<std::string_view, N>& columns, std::string_view table) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) out += ", ";
    out += Sql(columns[i], " = ", table, ".", columns[i], " + excluded.", columns[i]);
  }
  return out;
}

// "SUM(c1), SUM(c2), ..." (COALESCE'd, for a query over no row).
template <std::size_t N>
std::string Sums(const std::array<std::string_view, N>& columns) {
  return Joined(columns, "COALESCE(SUM(", "), 0)");
}

template <std::size_t N>
std::string Placeholders() {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

void BindTally(Statement& s, const ReferralTally& t) {
  s.Bind(t.submitted).Bind(t.cohort_qualified).Bind(t.cohort_won);
  BindExactSum(s, t.cohort_revenue);
  s.Bind(t.activity_qualified).Bind(t.activity_won);
  BindExactSum(s, t.activity_revenue);
  BindExactSum(s, t.cohort_reward_cost);
  BindExactSum(s, t.cohort_committed);
  BindExactSum(s, t.activity_reward_cost);
  BindExactSum(s, t.activity_committed);
}

ReferralTally ReadTally(const Statement& s, int c) {
  ReferralTally t;
  t.submitted = s.Int(c);
  t.cohort_qualified = s.Int(c + 1);
  t.cohort_won = s.Int(c + 2);
  t.cohort_revenue = ReadExactSum(s, c + 3);
  t.activity_qualified = s.Int(c + 5);
  t.activity_won = s.Int(c + 6);
  t.activity_revenue = ReadExactSum(s, c + 7);
  t.cohort_reward_cost = ReadExactSum(s, c + 9);
  t.cohort_committed = ReadExactSum(s, c + 11);
  t.activity_reward_cost = ReadExactSum(s, c + 13);
  t.activity_committed = ReadExactSum(s, c + 15);
  return t;
}

void BindAdvocate(Statement& s, const AdvocateTally& t) {
  s.Bind(t.submitted).Bind(t.cohort_won);
  BindExactSum(s, t.cohort_revenue);
  s.Bind(t.activity_won);
  BindExactSum(s, t.activity_revenue);
}

AdvocateTally ReadAdvocate(const Statement& s, int c) {
  AdvocateTally t;
  t.submitted = s.Int(c);
  t.cohort_won = s.Int(c + 1);
  t.cohort_revenue = ReadExactSum(s, c + 2);
  t.activity_won = s.Int(c + 4);
  t.activity_revenue = ReadExactSum(s, c + 5);
  return t;
}

// Which referrals a load reads: one, or those of a program with an entry that may
// fall in a window (submitted, a history entry, or a reward created in it: a reissue's or an
// adjustment's entry falls at its grant, which was created in the window then). The history
// entries are found by time first (the program of each looked up), which the planner would not
// choose by itself from a join: it would read every referral of the program.
enum class Selection { kOne, kWindow };

std::string Selected(Selection selection) {
  switch (selection) {
    case Selection::kOne: return "r.id = ?";
    case Selection::kWindow:
      return "r.id IN (SELECT id FROM referrals WHERE program_id = ? AND created_at >= ? AND created_at < ? "
             "UNION SELECT e.referral_id FROM referral_events e WHERE e.at >= ? AND e.at < ? AND (SELECT "
             "x.program_id FROM referrals x WHERE x.id = e.referral_id) = ? "
             "UNION SELECT referral_id FROM rewards WHERE program_id = ? AND created_at >= ? AND created_at < ? AND "
             "referral_id IS NOT NULL)";
  }
  return "";
}

struct Selector {
  Selection selection;
  std::string_view key;  // the referral's id or the program's
  std::int64_t from = 0;
  std::int64_t before = 0;

  void Bind(Statement& s) const {
    if (selection != Selection::kWindow) {
      s.Bind(key);
      return;
    }
    s.Bind(key).Bind(from).Bind(before).Bind(from).Bind(before).Bind(key).Bind(key).Bind(from).Bind(before);
  }
};

std::optional<Timestamp> OptionalTime(const Statement& s, int column) {
  if (s.IsNull(column)) return std::nullopt;
  return FromMicros(s.Int(column));
}

Result<std::vector<ReferralFacts>> LoadFacts(Connection& db, const Selector& selector) {
  std::string where = Selected(selector.selection);
  BB_ASSIGN_OR_RETURN(
      Statement s,
      db.Prepare(Sql("SELECT r.id, r.program_id, r.advocate_id, r.channel, p.currency, r.created_at, CASE WHEN ", kWin,
                     " THEN 1 ELSE 0 END, r.deal_value_minor, ", kDealCurrency,
                     ", (SELECT MIN(e.at) FROM referral_events e WHERE e.referral_id = r.id AND ",
                     Reached("e", "qualified"),
                     "), (SELECT MIN(e.at) FROM referral_events e WHERE e.referral_id = r.id AND ", Reached("e", "won"),
                     ") FROM referrals r JOIN programs p ON p.id = r.program_id WHERE ", where, " ORDER BY r.id")));
  selector.Bind(s);
  std::vector<ReferralFacts> out;
  std::map<std::string, std::size_t> index;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    ReferralFacts f;
    f.referral_id = s.Text(0);
    f.program_id = s.Text(1);
    f.advocate_id = s.Text(2);
    f.channel = s.Text(3);
    f.program_currency = s.Text(4);
    f.created_at = FromMicros(s.Int(5));
    f.win = s.Int(6) != 0;
    if (!s.IsNull(7)) f.deal_value_minor = s.Int(7);
    f.deal_currency = s.Text(8);
    f.first_qualified_at = OptionalTime(s, 9);
    f.won_at = OptionalTime(s, 10);
    index.emplace(f.referral_id, out.size());
    out.push_back(std::move(f));
  }
  if (out.empty()) return out;
  BB_ASSIGN_OR_RETURN(
      Statement w,
      db.Prepare(Sql("SELECT w.referral_id, w.id, w.currency, w.amount_minor, w.status, COALESCE(g.created_at, "
                     "w.created_at) FROM rewards w LEFT JOIN rewards g ON g.id = NULLIF(w.corrects, '') JOIN "
                     "referrals r ON r.id = w.referral_id WHERE ",
                     where, " ORDER BY w.id")));
  selector.Bind(w);
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, w.Step());
    if (!row) break;
    auto it = index.find(w.Text(0));
    if (it == index.end()) continue;  // written between the two reads (a read outside a snapshot)
    domain::RewardFacts reward;
    reward.id = w.Text(1);
    reward.currency = w.Text(2);
    reward.amount_minor = w.Int(3);
    reward.status = domain::ParseRewardStatus(w.Text(4)).value_or(domain::RewardStatus::kPending);
    reward.granted_at = FromMicros(w.Int(5));
    out[it->second].rewards.push_back(std::move(reward));
  }
  return out;
}

// Adds `delta` (of `program_id`) to the stored summaries, key by key in key order (so that two
// transactions meet their rows in the same order).
Status AddToStored(Connection& db, std::string_view program_id, const ReferralSummary& delta) {
  if (!delta.days.empty()) {
    static const std::string sql = Sql(
        "INSERT INTO referral_days (program_id, day, channel, currency, ", Joined(kDayColumns, "", ""),
        ") VALUES (?, ?, ?, ?, ", Placeholders<kDayColumns.size()>(),
        ") ON CONFLICT (program_id, day, channel, currency) DO UPDATE SET ", Additions(kDayColumns, "referral_days"));
    for (const auto& [key, tally] : delta.days) {
      BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
      s.Bind(program_id).Bind(key.day).Bind(key.channel).Bind(key.currency);
      BindTally(s, tally);
      BB_RETURN_IF_ERROR(s.Run());
    }
  }
  if (!delta.advocates.empty()) {
    static const std::string sql =
        Sql("INSERT INTO advocate_referral_days (program_id, day, advocate_id, ", Joined(kAdvocateColumns, "", ""),
            ") VALUES (?, ?, ?, ", Placeholders<kAdvocateColumns.size()>(),
            ") ON CONFLICT (program_id, day, advocate_id) DO UPDATE SET ",
            Additions(kAdvocateColumns, "advocate_referral_days"));
    for (const auto& [key, tally] : delta.advocates) {
      BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
      s.Bind(program_id).Bind(key.first).Bind(key.second);
      BindAdvocate(s, tally);
      BB_RETURN_IF_ERROR(s.Run());
    }
  }
  for (const auto& [day, sketch] : delta.referrers) {
    static const std::string read = "SELECT sketch FROM referrer_days WHERE program_id = ? AND day = ?";
    static const std::string write =
        "INSERT INTO referrer_days (program_id, day, sketch) VALUES (?, ?, ?) ON CONFLICT (program_id, day) DO UPDATE "
        "SET sketch = excluded.sketch";
    domain::VisitorSketch merged;
    bool stored = false;
    {
      BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(read));
      s.Bind(program_id).Bind(day);
      BB_ASSIGN_OR_RETURN(stored, s.Step());
      if (stored) merged = ParseStoredSketch(s.Text(0));
    }
    if (!merged.Merge(sketch) && stored) continue;
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(write));
    s.Bind(program_id).Bind(day).Bind(merged.Serialize());
    BB_RETURN_IF_ERROR(s.Run());
  }
  for (const auto& [key, count] : delta.enrolments) {
    static const std::string sql =
        "INSERT INTO enrolment_days (program_id, day, status, advocates) VALUES (?, ?, ?, ?) ON CONFLICT "
        "(program_id, day, status) DO UPDATE SET advocates = enrolment_days.advocates + excluded.advocates";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(program_id).Bind(key.first).Bind(key.second).Bind(count);
    BB_RETURN_IF_ERROR(s.Run());
  }
  return Ok();
}

// Adds the advocates of `program_id` enrolled in [from, before) to `summary`.
Status AddEnrolments(Connection& db, std::string_view program_id, std::int64_t from, std::int64_t before,
                     ReferralSummary& summary) {
  // Advocates never enrol before 1970, so the division is the floor.
  static const std::string sql =
      "SELECT created_at / 86400000000, status, COUNT(*) FROM advocates WHERE program_id = ? AND created_at >= ? "
      "AND created_at < ? GROUP BY 1, 2";
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  s.Bind(program_id).Bind(from).Bind(before);
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    summary.AddEnrolment(s.Int(0), s.Text(1), s.Int(2));
  }
  return Ok();
}

void Include(std::optional<std::pair<std::int64_t, std::int64_t>>& span, std::int64_t first, std::int64_t last) {
  if (!span) {
    span.emplace(first, last);
  } else {
    span->first = std::min(span->first, first);
    span->second = std::max(span->second, last);
  }
}

}  // namespace

Result<std::optional<ReferralFacts>> LoadReferralFacts(Connection& db, std::string_view referral_id) {
  BB_ASSIGN_OR_RETURN(auto facts, LoadFacts(db, {Selection::kOne, referral_id}));
  if (facts.empty()) return std::optional<ReferralFacts>();
  return std::optional<ReferralFacts>(std::move(facts.front()));
}

Status ApplyReferralChange(Connection& db, const std::optional<ReferralFacts>& before, const ReferralFacts& after) {
  if (before && *before == after) return Ok();
  ReferralSummary delta;
  if (before) delta.Add(*before, -1);
  delta.Add(after, +1);
  if (before) delta.referrers.clear();  // a referral's submission, and so its advocate, never change
  return AddToStored(db, after.program_id, delta);
}

Status ApplyEnrolment(Connection& db, std::string_view program_id, Timestamp created_at, std::string_view status,
                      std::int64_t sign) {
  ReferralSummary delta;
  delta.AddEnrolment(domain::UtcDayOf(created_at), std::string(status), sign);
  return AddToStored(db, program_id, delta);
}

Result<ReferralSummary> ReadStoredReferralSummary(Connection& db, std::string_view program_id, std::int64_t from_day,
                                                  std::int64_t before_day) {
  ReferralSummary out;
  {
    static const std::string sql = Sql("SELECT day, channel, currency, ", Joined(kDayColumns, "", ""),
                                       " FROM referral_days WHERE program_id = ? AND day >= ? AND day < ?");
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(program_id).Bind(from_day).Bind(before_day);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      ReferralTally tally = ReadTally(s, 3);
      if (!tally.IsZero()) out.days[{s.Int(0), s.Text(1), s.Text(2)}] = tally;
    }
  }
  {
    static const std::string sql = Sql("SELECT day, advocate_id, ", Joined(kAdvocateColumns, "", ""),
                                       " FROM advocate_referral_days WHERE program_id = ? AND day >= ? AND day < ?");
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(program_id).Bind(from_day).Bind(before_day);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      AdvocateTally tally = ReadAdvocate(s, 2);
      if (!tally.IsZero()) out.advocates[{s.Int(0), s.Text(1)}] = tally;
    }
  }
  {
    static const std::string sql =
        "SELECT day, sketch FROM referrer_days WHERE program_id = ? AND day >= ? AND day < ?";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(program_id).Bind(from_day).Bind(before_day);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      domain::VisitorSketch sketch = ParseStoredSketch(s.Text(1));
      if (!sketch.empty()) out.referrers[s.Int(0)] = std::move(sketch);
    }
  }
  {
    static const std::string sql =
        "SELECT day, status, advocates FROM enrolment_days WHERE program_id = ? AND day >= ? AND day < ? AND "
        "advocates <> 0";
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    s.Bind(program_id).Bind(from_day).Bind(before_day);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.enrolments[{s.Int(0), s.Text(1)}] = s.Int(2);
    }
  }
  return out;
}

Result<ReferralSummary> ComputeReferralSummary(Connection& db, std::string_view program_id, std::int64_t from,
                                               std::int64_t before) {
  ReferralSummary out;
  if (from >= before) return out;
  BB_ASSIGN_OR_RETURN(auto facts, LoadFacts(db, {Selection::kWindow, program_id, from, before}));
  for (const auto& referral : facts) out.Add(referral, +1, FromMicros(from), FromMicros(before));
  BB_RETURN_IF_ERROR(AddEnrolments(db, program_id, from, before, out));
  return out;
}

Result<std::int64_t> CountReferralWindowRows(Connection& db, std::string_view program_id, std::int64_t from,
                                             std::int64_t before) {
  if (from >= before) return std::int64_t{0};
  static const std::string sql =
      "SELECT (SELECT COUNT(*) FROM referrals WHERE program_id = ? AND created_at >= ? AND created_at < ?) + "
      "(SELECT COUNT(*) FROM referral_events WHERE at >= ? AND at < ?) + "
      "(SELECT COUNT(*) FROM rewards WHERE program_id = ? AND created_at >= ? AND created_at < ? AND "
      "referral_id IS NOT NULL) + "
      "(SELECT COUNT(*) FROM advocates WHERE program_id = ? AND created_at >= ? AND created_at < ?)";
  BB_ASSIGN_OR_RETURN(auto rows, QueryOne<std::int64_t>(
                                     db, sql,
                                     [&](Statement& s) {
                                       s.Bind(program_id).Bind(from).Bind(before).Bind(from).Bind(before);
                                       s.Bind(program_id).Bind(from).Bind(before);
                                       s.Bind(program_id).Bind(from).Bind(before);
                                     },
                                     [](const Statement& s) { return s.Int(0); }));
  return rows.value_or(0);
}

Status RebuildReferralSummary(Connection& db, std::string_view program_id, std::int64_t from_day,
                              std::int64_t before_day) {
  BB_ASSIGN_OR_RETURN(ReferralSummary computed,
                      ComputeReferralSummary(db, program_id, DayStartMicros(from_day), DayStartMicros(before_day)));
  // Every table, the sketches too: a stored sketch is only ever added to, so one that holds too much
  // is put right only by replacing it.
  for (std::string_view table : {"referral_days", "advocate_referral_days", "enrolment_days", "referrer_days"}) {
    BB_ASSIGN_OR_RETURN(Statement s,
                        db.Prepare(Sql("DELETE FROM ", table, " WHERE program_id = ? AND day >= ? AND day < ?")));
    s.Bind(program_id).Bind(from_day).Bind(before_day);
    BB_RETURN_IF_ERROR(s.Run());
  }
  return AddToStored(db, program_id, computed);
}

Result<std::optional<std::pair<std::int64_t, std::int64_t>>> ReferralDaySpan(Connection& db,
                                                                             std::string_view program_id) {
  std::optional<std::pair<std::int64_t, std::int64_t>> span;
  const std::array<std::string, 8> queries = {
      "SELECT MIN(created_at), MAX(created_at) FROM referrals WHERE program_id = ?",
      "SELECT MIN(e.at), MAX(e.at) FROM referral_events e JOIN referrals r ON r.id = e.referral_id WHERE "
      "r.program_id = ?",
      "SELECT MIN(created_at), MAX(created_at) FROM rewards WHERE program_id = ? AND referral_id IS NOT NULL",
      "SELECT MIN(created_at), MAX(created_at) FROM advocates WHERE program_id = ?",
      "SELECT MIN(day), MAX(day) FROM referral_days WHERE program_id = ?",
      "SELECT MIN(day), MAX(day) FROM advocate_referral_days WHERE program_id = ?",
      "SELECT MIN(day), MAX(day) FROM enrolment_days WHERE program_id = ?",
      "SELECT MIN(day), MAX(day) FROM referrer_days WHERE program_id = ?"};
  for (std::size_t i = 0; i < queries.size(); ++i) {
    BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(queries[i]));
    s.Bind(program_id);
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row || s.IsNull(0)) continue;
    bool days = i >= 4;
    auto day_of = [&](int column) { return days ? s.Int(column) : domain::UtcDayOf(FromMicros(s.Int(column))); };
    Include(span, day_of(0), day_of(1));
  }
  return span;
}

Result<std::vector<std::pair<std::pair<std::string, std::string>, ReferralTally>>> SumReferralDays(
    Connection& db, std::string_view program_id, std::int64_t from_day, std::int64_t before_day) {
  static const std::string sql =
      Sql("SELECT channel, currency, ", Sums(kDayColumns),
          " FROM referral_days WHERE program_id = ? AND day >= ? AND day < ? GROUP BY channel, currency");
  return QueryAll<std::pair<std::pair<std::string, std::string>, ReferralTally>>(
      db, sql, [&](Statement& s) { s.Bind(program_id).Bind(from_day).Bind(before_day); },
      [](const Statement& s) { return std::make_pair(std::make_pair(s.Text(0), s.Text(1)), ReadTally(s, 2)); });
}

Status SumAdvocateDays(Connection& db, std::string_view program_id, std::int64_t from_day, std::int64_t before_day,
                       std::unordered_map<std::string, AdvocateTally>& into) {
  // Added up here rather than by GROUP BY, which would sort the rows first (six times slower on
  // SQLite for a year of a large program).
  static const std::string sql = Sql("SELECT advocate_id, ", Joined(kAdvocateColumns, "", ""),
                                     " FROM advocate_referral_days WHERE program_id = ? AND day >= ? AND day < ?");
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  s.Bind(program_id).Bind(from_day).Bind(before_day);
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    into[s.Text(0)] += ReadAdvocate(s, 1);
  }
  return Ok();
}

Result<std::vector<std::pair<std::int64_t, std::int64_t>>> EnrolledPerDay(Connection& db, std::string_view program_id,
                                                                          std::int64_t from_day,
                                                                          std::int64_t before_day) {
  static const std::string sql =
      "SELECT day, SUM(advocates) FROM enrolment_days WHERE program_id = ? AND day >= ? AND day < ? GROUP BY day "
      "ORDER BY day";
  return QueryAll<std::pair<std::int64_t, std::int64_t>>(
      db, sql, [&](Statement& s) { s.Bind(program_id).Bind(from_day).Bind(before_day); },
      [](const Statement& s) { return std::make_pair(s.Int(0), s.Int(1)); });
}

Result<std::vector<std::pair<std::string, std::int64_t>>> EnrolledByStatus(Connection& db,
                                                                           std::string_view program_id) {
  static const std::string sql =
      "SELECT status, SUM(advocates) FROM enrolment_days WHERE program_id = ? GROUP BY status ORDER BY status";
  return QueryAll<std::pair<std::string, std::int64_t>>(
      db, sql, [&](Statement& s) { s.Bind(program_id); },
      [](const Statement& s) { return std::make_pair(s.Text(0), s.Int(1)); });
}

Status MergeReferrerDays(Connection& db, std::string_view program_id, std::int64_t from_day, std::int64_t before_day,
                         domain::VisitorSketch& into) {
  static const std::string sql = "SELECT sketch FROM referrer_days WHERE program_id = ? AND day >= ? AND day < ?";
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  s.Bind(program_id).Bind(from_day).Bind(before_day);
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    into.Merge(ParseStoredSketch(s.Text(0)));
  }
  return Ok();
}

Status AddReferrers(Connection& db, std::string_view program_id, std::int64_t from, std::int64_t before,
                    domain::VisitorSketch& into) {
  static const std::string sql =
      "SELECT advocate_id FROM referrals WHERE program_id = ? AND created_at >= ? AND created_at < ?";
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  s.Bind(program_id).Bind(from).Bind(before);
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    into.Add(s.Text(0));
  }
  return Ok();
}

Status SumAdvocateWins(Connection& db, std::string_view program_id, std::int64_t from_day, std::int64_t before_day,
                       bool cohort, std::unordered_map<std::string, AdvocateTally>& into) {
  static const std::string cohort_sql =
      "SELECT advocate_id, cohort_won, cohort_revenue_e9, cohort_revenue_rem FROM advocate_referral_days WHERE "
      "program_id = ? AND day >= ? AND day < ? AND cohort_won > 0";
  static const std::string activity_sql =
      "SELECT advocate_id, activity_won, activity_revenue_e9, activity_revenue_rem FROM advocate_referral_days WHERE "
      "program_id = ? AND day >= ? AND day < ? AND activity_won > 0";
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(cohort ? cohort_sql : activity_sql));
  s.Bind(program_id).Bind(from_day).Bind(before_day);
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    AdvocateTally& tally = into[s.Text(0)];
    (cohort ? tally.cohort_won : tally.activity_won) += s.Int(1);
    (cohort ? tally.cohort_revenue : tally.activity_revenue) += ReadExactSum(s, 2);
  }
  return Ok();
}

Result<std::int64_t> SubmittedBy(Connection& db, std::string_view advocate_id, std::int64_t from_day,
                                 std::int64_t before_day) {
  static const std::string sql =
      "SELECT COALESCE(SUM(submitted), 0) FROM advocate_referral_days WHERE advocate_id = ? AND day >= ? AND day < ?";
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  s.Bind(advocate_id).Bind(from_day).Bind(before_day);
  BB_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

Result<bool> ReferralSummariesRequested(Connection& db) { return Requested(db, "referral_summaries"); }

Status RebuildAllReferralDays(Connection& db, std::string_view program_id) {
  constexpr std::int64_t kDaysAtOnce = 31;  // bounds the memory a chunk's referrals take
  BB_ASSIGN_OR_RETURN(auto span, ReferralDaySpan(db, program_id));
  if (!span) return Ok();
  for (std::int64_t day = span->first; day <= span->second; day += kDaysAtOnce) {
    BB_RETURN_IF_ERROR(RebuildReferralSummary(db, program_id, day, std::min(day + kDaysAtOnce, span->second + 1)));
  }
  return Ok();
}

Status BuildRequestedReferralSummaries(Connection& db) {
  BB_ASSIGN_OR_RETURN(bool requested, ReferralSummariesRequested(db));
  if (!requested) return Ok();
  BB_ASSIGN_OR_RETURN(auto programs, AllProgramIds(db));
  for (const auto& program_id : programs) BB_RETURN_IF_ERROR(RebuildAllReferralDays(db, program_id));
  return db.Run("DELETE FROM settings WHERE name = 'referral_summaries'");
}

}  // namespace bb::store::sql
