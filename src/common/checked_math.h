#pragma once
// Arithmetic on money that cannot overflow: sums are accumulated in 128 bits and come back as a
// 64-bit figure only when they fit, otherwise as an error that names the figure (kOutOfRange,
// "is too large to show"). Header only; no state; thread-safe.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace bb {

__extension__ typedef __int128 Int128;  // exact products and sums of 64-bit amounts

// `value` as a 64-bit integer, or nullopt when it does not fit.
inline std::optional<std::int64_t> FitInt64(Int128 value) {
  if (value > std::numeric_limits<std::int64_t>::max() || value < std::numeric_limits<std::int64_t>::min()) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(value);
}

// The kOutOfRange error for a figure too large to show, naming it.
inline Error TooLargeFigure(std::string_view figure) {
  return Error(ErrorCode::kOutOfRange, "A figure is too large to add up; narrow the range or choose one program.",
               {{std::string(figure), "is more than 9223372036854775807 and cannot be shown"}});
}

// The figure `value` as 64 bits; kOutOfRange naming `figure` when it does not fit.
inline Result<std::int64_t> Figure(Int128 value, std::string_view figure) {
  if (auto fits = FitInt64(value)) return *fits;
  return TooLargeFigure(figure);
}

// A sum of 64-bit amounts, exact for any number of terms a database can hold.
class Sum128 {
 public:
  void Add(std::int64_t term) { total_ += term; }
  void Add(Int128 term) { total_ += term; }
  Int128 value() const { return total_; }
  Result<std::int64_t> As(std::string_view figure) const { return Figure(total_, figure); }

 private:
  Int128 total_ = 0;
};

// `numerator / denominator` rounded to the nearest integer, halves away from zero; denominator > 0.
inline Int128 RoundedQuotient(Int128 numerator, Int128 denominator) {
  Int128 magnitude = numerator < 0 ? -numerator : numerator;
  Int128 rounded = (magnitude + denominator / 2) / denominator;
  return numerator < 0 ? -rounded : rounded;
}

// The decimal digits of `value` (for messages).
inline std::string ToDecimal(Int128 value) {
  if (value == 0) return "0";
  bool negative = value < 0;
  std::string digits;
  while (value != 0) {
    int digit = static_cast<int>(value % 10);
    digits.insert(digits.begin(), static_cast<char>('0' + (digit < 0 ? -digit : digit)));
    value /= 10;
  }
  return negative ? "-" + digits : digits;
}

}  // namespace bb
