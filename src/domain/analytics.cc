#include "domain/analytics.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

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
