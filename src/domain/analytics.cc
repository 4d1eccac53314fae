#include "domain/analytics.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "common/checked_math.h"
#include "domain/reward_amount.h"

namespace bb::domain {

std::vector<ChannelFigures> MergeChannels(const std::vector<std::pair<std::string, std::int64_t>>& clicks,
                                          const std::vector<ChannelFigures>& referrals) {
  std::map<std::string, ChannelFigures> by_name;
  for (const auto& [channel, count] : clicks) {
    auto& figures = by_name[channel];
    figures.channel = channel;
    figures.clicks += count;
  }
  for (const auto& r : referrals) {
    auto& figures = by_name[r.channel];
    figures.channel = r.channel;
    figures.referrals += r.referrals;
    figures.won += r.won;
  }
  std::vector<ChannelFigures> out;
  for (auto& [name, figures] : by_name) out.push_back(std::move(figures));
  std::stable_sort(out.begin(), out.end(), [](const ChannelFigures& a, const ChannelFigures& b) {
    if (a.referrals != b.referrals) return a.referrals > b.referrals;
    return a.clicks > b.clicks;
  });
  return out;
}

std::string_view ToString(AnalyticsBasis basis) { return basis == AnalyticsBasis::kCohort ? "cohort" : "activity"; }

std::optional<AnalyticsBasis> ParseAnalyticsBasis(std::string_view text) {
  if (text == "cohort") return AnalyticsBasis::kCohort;
  if (text == "activity") return AnalyticsBasis::kActivity;
  return std::nullopt;
}

std::string_view Describe(AnalyticsBasis basis) {
  return basis == AnalyticsBasis::kCohort
             ? "Referrals submitted in the range, with everything that happened to them since: their wins, "
               "revenue and the cost of their rewards."
             : "What happened in the range, each by its own date: clicks, referrals submitted, qualified and won "
               "in the range, revenue of deals won in the range, rewards granted in the range.";
}

Result<std::optional<std::int64_t>> ReturnOnInvestmentBp(std::int64_t revenue_minor, std::int64_t cost_minor,
                                                         std::string_view figure) {
  if (cost_minor <= 0) return std::optional<std::int64_t>();
  Int128 gain = (Int128{revenue_minor} - cost_minor) * kBasisPointsPerUnit;
  BB_ASSIGN_OR_RETURN(std::int64_t roi, Figure(RoundedQuotient(gain, cost_minor), figure));
  return std::optional<std::int64_t>(roi);
}

MoneyFigures MoneyIn(const Analytics& analytics, std::string_view currency) {
  for (const auto& money : analytics.money) {
    if (money.currency == currency) return money;
  }
  MoneyFigures none;
  none.currency = std::string(currency);
  return none;
}

Status CompleteAnalyticsRange(TimeRange& range, Timestamp now) {
  if (!range.before) range.before = now;
  if (!range.from) range.from = *range.before - std::chrono::days(30);
  if (*range.before <= *range.from) return Error::InvalidField("to", "must be after from");
  if (*range.before - *range.from > std::chrono::days(kMaxAnalyticsDays)) {
    return Error::InvalidField("to", "must be at most 1096 days after from");
  }
  return Ok();
}

std::string UtcDate(Timestamp at) {
  auto day = std::chrono::floor<std::chrono::days>(at);
  std::chrono::year_month_day ymd{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return text;
}

std::vector<DayCount> EveryDay(Timestamp from, Timestamp before, const std::vector<DayCount>& counted) {
  std::map<std::string, std::int64_t> counts;
  for (const auto& day : counted) counts[day.date] += day.count;
  std::vector<DayCount> out;
  if (before <= from) return out;
  auto day = std::chrono::floor<std::chrono::days>(from);
  for (; day < before; day += std::chrono::days(1)) {
    std::string date = UtcDate(Timestamp(day));
    auto it = counts.find(date);
    out.push_back({date, it == counts.end() ? 0 : it->second});
  }
  return out;
}

}  // namespace bb::domain
