#include "common/time_format.h"

#include <cstdio>

namespace bb {
namespace {

bool ReadDigits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

}  // namespace

std::string FormatTimestamp(Timestamp t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{day};
  auto time_of_day = t - day;
  hh_mm_ss<Duration> hms{time_of_day};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%06dZ", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()), int(hms.seconds().count()),
                int(hms.subseconds().count()));
  return buffer;
}

bool WrittenWithFourDigits(Timestamp t) {
  using namespace std::chrono;
  year_month_day day{floor<days>(t)};
  return day.year() >= year(0) && day.year() <= year(9999);
}

std::optional<Timestamp> ParseTimestamp(std::string_view text) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0;
  if (!ReadDigits(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !ReadDigits(text, 5, 2, mo) ||
      text[7] != '-' || !ReadDigits(text, 8, 2, d)) {
    return std::nullopt;
  }
  year_month_day ymd{year(y), month(unsigned(mo)), day(unsigned(d))};
  if (!ymd.ok()) return std::nullopt;
  Timestamp result = time_point_cast<Duration>(sys_days(ymd));
  if (text.size() == 10) return result;

  int h = 0, mi = 0, s = 0;
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !ReadDigits(text, 11, 2, h) ||
      text[13] != ':' || !ReadDigits(text, 14, 2, mi) || text[16] != ':' || !ReadDigits(text, 17, 2, s) || h > 23 ||
      mi > 59 || s > 59) {
    return std::nullopt;
  }
  result += hours(h) + minutes(mi) + seconds(s);
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::int64_t micros = 0;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) {
        micros = micros * 10 + (text[pos] - '0');
      }
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return std::nullopt;
    for (int i = digits; i < 6; ++i) micros *= 10;
    result += Duration(micros);
  }
  if (pos == text.size()) return std::nullopt;
  char zone = text[pos];
  if ((zone == 'Z' || zone == 'z') && pos + 1 == text.size()) return result;
  if ((zone == '+' || zone == '-') && pos + 6 == text.size() && text[pos + 3] == ':') {
    int oh = 0, om = 0;
    if (!ReadDigits(text, pos + 1, 2, oh) || !ReadDigits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    auto offset = hours(oh) + minutes(om);
    return zone == '+' ? result - offset : result + offset;
  }
  return std::nullopt;
}

}  // namespace bb
