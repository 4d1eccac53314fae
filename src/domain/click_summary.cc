#include "domain/click_summary.h"

#include <chrono>
#include <cstdio>

namespace bb::domain {
namespace {

std::string DateOf(std::int64_t day) {
  std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{day}}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return text;
}

void CompareDay(const ClickDay* stored, const ClickDay* computed, std::vector<std::string>& out) {
  static const ClickDay kNone;
  const ClickDay& s = stored ? *stored : kNone;
  const ClickDay& c = computed ? *computed : kNone;
  std::string where = DateOf(stored ? stored->day : computed->day) + " (program " +
                      (stored ? stored->program_id : computed->program_id) + ")";
  std::map<std::string, std::pair<ChannelClicks, ChannelClicks>> channels;
  for (const auto& [name, figures] : s.channels) channels[name].first = figures;
  for (const auto& [name, figures] : c.channels) channels[name].second = figures;
  for (const auto& [name, pair] : channels) {
    const auto& [kept, raw] = pair;
    if (kept.clicks != raw.clicks) {
      out.push_back(where + " channel " + name + ": the summary counts " + std::to_string(kept.clicks) +
                    " clicks by people, the raw clicks " + std::to_string(raw.clicks));
    }
    if (kept.bot_clicks != raw.bot_clicks) {
      out.push_back(where + " channel " + name + ": the summary counts " + std::to_string(kept.bot_clicks) +
                    " bot clicks, the raw clicks " + std::to_string(raw.bot_clicks));
    }
  }
  if (!(s.visitors == c.visitors)) {
    out.push_back(where + ": the visitor sketch differs from the raw clicks' (it estimates " +
                  std::to_string(s.visitors.Estimate()) + " visitors, the raw clicks " +
                  std::to_string(c.visitors.Estimate()) + ")");
  }
}

}  // namespace

std::int64_t UtcDayOf(Timestamp at) { return std::chrono::floor<std::chrono::days>(at).time_since_epoch().count(); }

std::vector<std::string> CompareClickDays(const std::vector<ClickDay>& stored, const std::vector<ClickDay>& computed) {
  std::vector<std::string> out;
  auto s = stored.begin();
  auto c = computed.begin();
  while (s != stored.end() || c != computed.end()) {
    if (c == computed.end() || (s != stored.end() && s->day < c->day)) {
      CompareDay(&*s++, nullptr, out);
    } else if (s == stored.end() || c->day < s->day) {
      CompareDay(nullptr, &*c++, out);
    } else {
      CompareDay(&*s++, &*c++, out);
    }
  }
  return out;
}

}  // namespace bb::domain
