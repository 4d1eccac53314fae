// SqliteTx: the dashboard's figures (domain/analytics.h). Each query reads one program (or one
// advocate) through its program_id (advocate_id) term, or every program without it; referrals are
// the cohort submitted in the range.

#include <map>
#include <tuple>

#include "store/sqlite/query_helpers.h"
#include "store/sqlite/sqlite_tx.h"

namespace bb::store::sqlite {
namespace {

// A referral reached qualified when one of its history entries says so (moves record every stage
// they pass, so a referral moved straight to won counts too).
constexpr std::string_view kReachedQualified =
    "EXISTS (SELECT 1 FROM referral_events e WHERE e.referral_id = r.id AND "
    "instr(',' || e.reached || ',', ',qualified,') > 0)";

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

// Fills the funnel and the channels of `scope` for [low, high) (microseconds).
Status ReadFunnel(Connection& db, const Scope& scope, std::int64_t low, std::int64_t high, domain::Funnel& funnel,
                  std::vector<domain::ChannelFigures>& channels) {
  auto bind_range = [&](Statement& s) { scope.Bind(s, low, high); };
  BB_ASSIGN_OR_RETURN(
      auto clicks,
      QueryOne<CountPair>(db,
                          Sql("SELECT COUNT(*), COUNT(DISTINCT visitor_id) FROM clicks WHERE is_bot = 0 "
                              "AND occurred_at >= ? AND occurred_at < ?",
                              scope.Term()),
                          bind_range, [](const Statement& s) { return std::make_pair(s.Int(0), s.Int(1)); }));
  if (clicks) std::tie(funnel.clicks, funnel.unique_visitors) = *clicks;

  BB_ASSIGN_OR_RETURN(auto clicks_by_channel,
                      (QueryAll<std::pair<std::string, std::int64_t>>(
                          db,
                          Sql("SELECT channel, COUNT(*) FROM clicks WHERE is_bot = 0 AND occurred_at >= ? AND "
                              "occurred_at < ?",
                              scope.Term(), " GROUP BY channel"),
                          bind_range, [](const Statement& s) { return std::make_pair(s.Text(0), s.Int(1)); })));

  std::vector<domain::ChannelFigures> referrals_by_channel;
  BB_ASSIGN_OR_RETURN(auto rows,
                      (QueryAll<std::pair<domain::ChannelFigures, std::int64_t>>(
                          db,
                          Sql("SELECT r.channel, COUNT(*), COALESCE(SUM(r.stage = 'won'), 0), COALESCE(SUM(",
                              kReachedQualified, "), 0) FROM referrals r WHERE r.created_at >= ? AND r.created_at < ?",
                              scope.Term("r."), " GROUP BY r.channel"),
                          bind_range, [](const Statement& s) {
                            return std::make_pair(domain::ChannelFigures{s.Text(0), 0, s.Int(1), s.Int(2)}, s.Int(3));
                          })));
  for (auto& [figures, qualified] : rows) {
    funnel.referrals += figures.referrals;
    funnel.won += figures.won;
    funnel.qualified += qualified;
    referrals_by_channel.push_back(std::move(figures));
  }
  channels = domain::MergeChannels(clicks_by_channel, referrals_by_channel);
  return Ok();
}

}  // namespace

Result<domain::Analytics> SqliteTx::GetAnalytics(std::string_view program_id, Timestamp from, Timestamp before) {
  domain::Analytics out;
  std::int64_t low = ToMicros(from);
  std::int64_t high = ToMicros(before);
  Scope program{program_id.empty() ? "" : "program_id", program_id};
  auto bind_range = [&](Statement& s) { program.Bind(s, low, high); };

  BB_RETURN_IF_ERROR(ReadFunnel(db_, program, low, high, out.funnel, out.channels));

  BB_ASSIGN_OR_RETURN(auto revenue, (QueryAll<domain::MoneyFigures>(
                                        db_,
                                        Sql("SELECT p.currency, COALESCE(SUM(r.deal_value_minor), 0) FROM referrals r "
                                            "JOIN programs p ON p.id = r.program_id WHERE r.stage = 'won' AND "
                                            "r.created_at >= ? AND r.created_at < ?",
                                            program.Term("r."), " GROUP BY p.currency"),
                                        bind_range, [](const Statement& s) {
                                          return domain::MoneyFigures{s.Text(0), s.Int(1), 0};
                                        })));
  BB_ASSIGN_OR_RETURN(auto cost, (QueryAll<domain::MoneyFigures>(
                                     db_,
                                     Sql("SELECT currency, COALESCE(SUM(amount_minor), 0) FROM rewards WHERE status <> "
                                         "'reversed' AND created_at >= ? AND created_at < ?",
                                         program.Term(), " GROUP BY currency"),
                                     bind_range, [](const Statement& s) {
                                       return domain::MoneyFigures{s.Text(0), 0, s.Int(1)};
                                     })));
  std::map<std::string, domain::MoneyFigures> money;
  for (const auto& m : revenue) money[m.currency] = m;
  for (const auto& m : cost) {
    auto& figures = money[m.currency];
    figures.currency = m.currency;
    figures.reward_cost_minor = m.reward_cost_minor;
  }
  for (auto& [currency, figures] : money) out.money.push_back(std::move(figures));

  BB_ASSIGN_OR_RETURN(out.top_advocates,
                      QueryAll<domain::AdvocateFigures>(
                          db_,
                          Sql("SELECT a.id, trim(a.first_name || ' ' || a.last_name), a.company, COUNT(*), "
                              "COALESCE(SUM(r.stage = 'won'), 0), pr.currency, "
                              "COALESCE(SUM(CASE WHEN r.stage = 'won' THEN r.deal_value_minor END), 0) "
                              "FROM referrals r JOIN advocates a ON a.id = r.advocate_id "
                              "JOIN programs pr ON pr.id = r.program_id WHERE r.created_at >= ? AND r.created_at < ?",
                              program.Term("r."), " GROUP BY a.id ORDER BY 5 DESC, 4 DESC, a.id LIMIT ",
                              std::to_string(domain::kTopAdvocates)),
                          bind_range, [](const Statement& s) {
                            return domain::AdvocateFigures{s.Text(0), s.Text(1), s.Text(2), s.Int(3),
                                                           s.Int(4),  s.Text(5), s.Int(6)};
                          }));

  BB_ASSIGN_OR_RETURN(out.new_advocates,
                      QueryAll<domain::DayCount>(
                          db_,
                          Sql("SELECT strftime('%Y-%m-%d', created_at / 1000000, 'unixepoch') AS day, COUNT(*) FROM "
                              "advocates WHERE created_at >= ? AND created_at < ?",
                              program.Term(), " GROUP BY day ORDER BY day"),
                          bind_range, [](const Statement& s) {
                            return domain::DayCount{s.Text(0), s.Int(1)};
                          }));
  return out;
}

Result<domain::AdvocateActivity> SqliteTx::GetAdvocateActivity(std::string_view advocate_id, Timestamp from,
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

}  // namespace bb::store::sqlite
