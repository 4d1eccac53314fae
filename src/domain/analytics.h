#pragma once
// The dashboard's read model: one program's referral business (or every program's, or one
// advocate's) over a time range, on one of two bases, never mixed in one answer:
// - cohort: the referrals submitted in the range, with everything that happened to them since (how
//   many reached qualified, how many are won and for how much, and what their rewards cost);
// - activity: what happened in the range, each thing by its own date (clicks, referrals submitted,
//   referrals first qualified and won in the range, the revenue of deals won in the range, the
//   rewards granted in the range; a correction's entries at the date of the grant they restate).
// A win is a won referral that is clear: a held or rejected referral is never revenue or a win.
// Reversed rewards are not cost; pending ones are, and are also shown apart as committed.
// Pure types and helpers, no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/stats.h"

namespace bb::domain {

struct ChannelFigures {
  std::string channel;
  std::int64_t clicks = 0;     // human clicks on links tagged with the channel (?c=)
  std::int64_t referrals = 0;  // referrals submitted with the channel
  std::int64_t won = 0;        // of those, won
  friend bool operator==(const ChannelFigures&, const ChannelFigures&) = default;
};

enum class AnalyticsBasis { kCohort, kActivity };
std::string_view ToString(AnalyticsBasis basis);
std::optional<AnalyticsBasis> ParseAnalyticsBasis(std::string_view text);
// What the basis means, in one line for a person.
std::string_view Describe(AnalyticsBasis basis);

struct MoneyFigures {
  std::string currency;
  std::int64_t revenue_minor = 0;      // deal values of the wins (on the basis)
  std::int64_t reward_cost_minor = 0;  // rewards not reversed (on the basis), pending ones included
  std::int64_t committed_minor = 0;    // the pending part of reward_cost_minor
  // What running the program cost in the range (domain/program_month.h: the months staff entered,
  // prorated), the same on both bases.
  std::int64_t program_cost_minor = 0;
  // (revenue - cost) / cost in basis points, cost being reward and program cost; none without a cost.
  std::optional<std::int64_t> roi_bp;
  friend bool operator==(const MoneyFigures&, const MoneyFigures&) = default;
};

// (revenue - cost) / cost in basis points, rounded to the nearest, halves away from zero; nullopt
// when the cost is not positive. kOutOfRange naming `figure` when it does not fit in 64 bits.
Result<std::optional<std::int64_t>> ReturnOnInvestmentBp(std::int64_t revenue_minor, std::int64_t cost_minor,
                                                         std::string_view figure);

struct AdvocateFigures {
  std::string advocate_id;
  std::string name;
  std::string company;
  std::int64_t referrals = 0;
  std::int64_t won = 0;
  std::string currency;  // of the advocate's program
  std::int64_t revenue_minor = 0;
  friend bool operator==(const AdvocateFigures&, const AdvocateFigures&) = default;
};

struct DayCount {
  std::string date;  // YYYY-MM-DD, UTC
  std::int64_t count = 0;
  friend bool operator==(const DayCount&, const DayCount&) = default;
};

// Clicks in the range and the referrals: on the cohort basis those submitted in the range and how
// far they got since; on the activity basis, those submitted, first qualified and won in the range.
struct Funnel {
  std::int64_t clicks = 0;           // human clicks
  std::int64_t unique_visitors = 0;  // distinct visitors among them
  // Whether unique_visitors is a sketch's estimate (a program's or every program's: see
  // domain/visitor_sketch.h for its error) rather than an exact count (one advocate's).
  bool unique_visitors_estimated = false;
  std::int64_t referrals = 0;
  std::int64_t qualified = 0;  // reached qualified (won ones included)
  std::int64_t won = 0;        // won and clear
};

struct Analytics {
  AnalyticsBasis basis = AnalyticsBasis::kCohort;
  Funnel funnel;
  std::vector<ChannelFigures> channels;        // most referrals first, then most clicks, then name
  std::vector<MoneyFigures> money;             // one per currency, by currency
  std::vector<AdvocateFigures> top_advocates;  // most won, then most referrals; at most kTopAdvocates
  // Advocates with a referral submitted in the range: estimated, from a sketch per day of the
  // advocates who referred (domain/referral_summary.h), with the error of domain/visitor_sketch.h.
  std::int64_t referring_advocates = 0;
  std::vector<DayCount> new_advocates;  // every UTC day of the range, oldest first
};

// One advocate's link and referrals over a range: the staff's advocate page and the advocate's
// own portal show it.
struct AdvocateActivity {
  Funnel funnel;
  std::optional<Timestamp> last_click_at;  // the last human click in the range
  std::vector<ChannelFigures> channels;    // ordered as Analytics::channels
};

inline constexpr int kTopAdvocates = 10;
inline constexpr int kMaxAnalyticsDays = 1096;  // three years of days

// The money of `currency` in `analytics`, or zeros for a currency it has none of.
MoneyFigures MoneyIn(const Analytics& analytics, std::string_view currency);

// Completes `range` with the defaults (to: `now`; from: 30 days before to) and checks it: Ok, or
// kInvalidArgument naming "to" when it is empty or longer than kMaxAnalyticsDays.
Status CompleteAnalyticsRange(TimeRange& range, Timestamp now);

// Clicks per channel and referrals (with wins) per channel, as one list ordered as
// Analytics::channels says.
std::vector<ChannelFigures> MergeChannels(const std::vector<std::pair<std::string, std::int64_t>>& clicks,
                                          const std::vector<ChannelFigures>& referrals);

// Every UTC day from the day of `from` to the day before `before` (or of `before` when it is not
// midnight), each with its count from `counted` (others 0).
std::vector<DayCount> EveryDay(Timestamp from, Timestamp before, const std::vector<DayCount>& counted);

// The UTC date of `at`, YYYY-MM-DD.
std::string UtcDate(Timestamp at);

}  // namespace bb::domain
