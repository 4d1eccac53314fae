#include "domain/money_text.h"

#include <algorithm>
#include <array>

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

std::string FormatMoney(std::int64_t amount_minor, std::string_view currency) {
  const bool negative = amount_minor < 0;
  // The magnitude as unsigned, so that INT64_MIN has one.
  std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(amount_minor) : static_cast<std::uint64_t>(amount_minor);
  std::string digits = std::to_string(magnitude);
  const int decimals = MinorUnitDigits(currency);
  if (static_cast<int>(digits.size()) <= decimals) digits.insert(0, decimals + 1 - digits.size(), '0');
  std::string whole = digits.substr(0, digits.size() - decimals);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  std::string out = std::string(currency) + " " + (negative ? "-" : "") + grouped;
  if (decimals > 0) out += "." + digits.substr(digits.size() - decimals);
  return out;
}

}  // namespace bb::domain
