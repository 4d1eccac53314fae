#include "domain/money_text.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "domain/reward_amount.h"

namespace bb::domain {

int MinorUnitDigits(std::string_view currency) {
  static constexpr std::array<std::string_view, 17> kNone = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY",
                                                             "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
                                                             "VND", "VUV", "XAF", "XOF", "XPF"};
  static constexpr std::array<std::string_view, 7> kThree = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
  static constexpr std::array<std::string_view, 2> kFour = {"CLF", "UYW"};
  auto in = [&](const auto& list) { return std::find(list.begin(), list.end(), currency) != list.end(); };
  if (in(kNone)) return 0;
  if (in(kThree)) return 3;
  if (in(kFour)) return 4;
  return 2;
}

namespace {

// The magnitude of `value` as unsigned, so that INT64_MIN has one.
std::uint64_t Magnitude(std::int64_t value) {
  return value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
}

// Decimal digits with a comma between each group of three ("1234567" → "1,234,567").
std::string Grouped(std::string_view whole) {
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return grouped;
}

}  // namespace

std::string FormatCount(std::int64_t count) {
  return (count < 0 ? "-" : "") + Grouped(std::to_string(Magnitude(count)));
}

std::string FormatPercentBp(std::optional<std::int64_t> bp) {
  if (!bp) return "—";
  // Tenths of a percent: bp / 10, halves away from zero, computed on the magnitude.
  std::uint64_t tenths = (Magnitude(*bp) + 5) / 10;
  std::string digits = std::to_string(tenths);
  if (digits.size() < 2) digits.insert(0, 2 - digits.size(), '0');
  return (*bp < 0 && tenths > 0 ? "-" : "") + Grouped(digits.substr(0, digits.size() - 1)) + "." + digits.back() + "%";
}

std::string FormatMoney(std::int64_t amount_minor, std::string_view currency) {
  const bool negative = amount_minor < 0;
  std::string digits = std::to_string(Magnitude(amount_minor));
  const int decimals = MinorUnitDigits(currency);
  if (static_cast<int>(digits.size()) <= decimals) digits.insert(0, decimals + 1 - digits.size(), '0');
  std::string grouped = Grouped(digits.substr(0, digits.size() - decimals));
  std::string out = std::string(currency) + " " + (negative ? "-" : "") + grouped;
  if (decimals > 0) out += "." + digits.substr(digits.size() - decimals);
  return out;
}

std::optional<std::int64_t> DecimalTextToMinor(std::string_view text, int digits) {
  if (text.empty() || digits < 0 || digits > 4) return std::nullopt;
  std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  auto all_digits = [](std::string_view part) {
    for (char c : part) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (whole.empty() || !all_digits(whole) || !all_digits(fraction) ||
      (dot != std::string_view::npos && fraction.empty()))
    return std::nullopt;
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  if (whole.size() > 16) return std::nullopt;
  std::int64_t minor = 0;
  for (char c : whole) minor = minor * 10 + (c - '0');
  for (int i = 0; i < digits; ++i) {
    minor = minor * 10 + (static_cast<std::size_t>(i) < fraction.size() ? fraction[i] - '0' : 0);
    if (minor > kMaxMinorAmount) return std::nullopt;  // before the next digit could overflow
  }
  if (fraction.size() > static_cast<std::size_t>(digits) && fraction[digits] >= '5') ++minor;
  if (minor > kMaxMinorAmount) return std::nullopt;
  return minor;
}

std::optional<std::int64_t> DecimalToMinor(double amount, int digits) {
  if (!std::isfinite(amount) || amount < 0 || digits < 0 || digits > 4) return std::nullopt;
  double scaled = std::round(amount * std::pow(10.0, digits));
  if (scaled > static_cast<double>(kMaxMinorAmount)) return std::nullopt;
  return static_cast<std::int64_t>(scaled);
}

}  // namespace bb::domain
