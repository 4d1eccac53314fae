#include "domain/reward_amount.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "common/checked_math.h"

namespace bb::domain {
namespace {

std::string Field(std::string_view prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : std::string(prefix) + "." + std::string(name);
}

constexpr std::array<std::string_view, 3> kPeriodNames = {"month", "quarter", "year"};

}  // namespace

std::string CheckMinorAmount(std::int64_t value) {
  if (value < 0 || value > kMaxMinorAmount) return "must be between 0 and 1000000000000000 (10^15 minor units)";
  return {};
}

Status CheckRewardAmount(const RewardAmount& amount, std::string_view prefix) {
  std::vector<FieldError> errors;
  if (amount.fixed_minor.has_value() == amount.percent_bp.has_value()) {
    errors.push_back({std::string(prefix), "give exactly one of fixed_minor and percent_bp"});
  }
  if (amount.fixed_minor) {
    if (auto bad = CheckMinorAmount(*amount.fixed_minor); !bad.empty())
      errors.push_back({Field(prefix, "fixed_minor"), bad});
  }
  if (amount.percent_bp && (*amount.percent_bp < 0 || *amount.percent_bp > kMaxPercentBp)) {
    errors.push_back({Field(prefix, "percent_bp"), "must be between 0 and 1000000 (10,000%)"});
  }
  for (auto [bound, name] : {std::pair{amount.min_minor, "min_minor"}, std::pair{amount.max_minor, "max_minor"}}) {
    if (!bound) continue;
    if (!amount.percent_bp) errors.push_back({Field(prefix, name), "applies only to percent_bp amounts"});
    if (auto bad = CheckMinorAmount(*bound); !bad.empty()) errors.push_back({Field(prefix, name), bad});
  }
  if (amount.min_minor && amount.max_minor && *amount.min_minor > *amount.max_minor) {
    errors.push_back({Field(prefix, "max_minor"), "must not be less than min_minor"});
  }
  if (!errors.empty()) return Error(ErrorCode::kInvalidArgument, "The amount is not valid.", std::move(errors));
  return Ok();
}

Status CheckPromotion(const Promotion& promotion, std::string_view prefix) {
  std::vector<FieldError> errors;
  if (promotion.multiplier_bp < 0 || promotion.multiplier_bp > kMaxMultiplierBp) {
    errors.push_back({Field(prefix, "multiplier_bp"), "must be between 0 and 100000 (10x)"});
  }
  if (!(promotion.starts_at < promotion.ends_at)) {
    errors.push_back({Field(prefix, "ends_at"), "must be after starts_at"});
  }
  if (!errors.empty()) return Error(ErrorCode::kInvalidArgument, "The promotion is not valid.", std::move(errors));
  return Ok();
}

bool PromotionApplies(const Promotion& promotion, Timestamp at) {
  return promotion.starts_at <= at && at < promotion.ends_at;
}

namespace {

Int128 MultiplyRounded128(Int128 value, std::int64_t numerator, std::int64_t denominator) {
  Int128 product = value * numerator;  // |value| <= 2^64, |numerator| < 2^63: no overflow in 128 bits
  Int128 magnitude = product < 0 ? -product : product;
  Int128 rounded = (magnitude + denominator / 2) / denominator;  // halves away from zero
  return product < 0 ? -rounded : rounded;
}

Error TooLarge(Int128 value) {
  return Error(ErrorCode::kOutOfRange,
               "the reward would be " + ToDecimal(value) + ", more than the largest amount Bluebird records (" +
                   std::to_string(kMaxMinorAmount) + " minor units)",
               {{"amount_minor", "is out of range"}});
}

}  // namespace

std::optional<std::int64_t> MultiplyRounded(std::int64_t value, std::int64_t numerator, std::int64_t denominator) {
  return FitInt64(MultiplyRounded128(value, numerator, denominator));
}

Result<std::int64_t> ComputeRewardAmount(const RewardAmount& amount, std::optional<std::int64_t> deal_value_minor,
                                         const std::optional<Promotion>& promotion, Timestamp at) {
  Int128 value = 0;
  if (amount.fixed_minor) {
    value = *amount.fixed_minor;
  } else {
    if (!deal_value_minor || *deal_value_minor < 0) {
      return Error::InvalidField("deal_value_minor", "a percentage reward needs the deal value");
    }
    value = MultiplyRounded128(*deal_value_minor, amount.percent_bp.value_or(0), kBasisPointsPerUnit);
    if (amount.min_minor) value = std::max<Int128>(value, *amount.min_minor);
    if (amount.max_minor) value = std::min<Int128>(value, *amount.max_minor);
  }
  if (promotion && PromotionApplies(*promotion, at)) {
    // Both factors are bounded before multiplying, so the product stays exact in 128 bits whatever
    // a stored rule holds (checked rules stay far below these bounds).
    constexpr std::int64_t kLargestFactor = 1'000'000'000'000'000'000;  // 10^18
    if (value != 0 && (value > kLargestFactor || promotion->multiplier_bp > kLargestFactor)) return TooLarge(value);
    value = MultiplyRounded128(value, promotion->multiplier_bp, kBasisPointsPerUnit);
  }
  if (value < 0 || value > kMaxMinorAmount) return TooLarge(value);
  return static_cast<std::int64_t>(value);
}

std::string_view ToString(CapPeriod period) { return kPeriodNames[static_cast<std::size_t>(period)]; }

std::optional<CapPeriod> ParseCapPeriod(std::string_view text) {
  for (std::size_t i = 0; i < kPeriodNames.size(); ++i) {
    if (kPeriodNames[i] == text) return static_cast<CapPeriod>(i);
  }
  return std::nullopt;
}

PeriodBounds PeriodContaining(CapPeriod period, Timestamp at) {
  using namespace std::chrono;
  year_month_day day{floor<days>(at)};
  year_month first_month = day.year() / day.month();
  months length{1};
  switch (period) {
    case CapPeriod::kMonth: break;
    case CapPeriod::kQuarter: {
      unsigned month = static_cast<unsigned>(day.month());
      first_month = day.year() / std::chrono::month((month - 1) / 3 * 3 + 1);
      length = months{3};
      break;
    }
    case CapPeriod::kYear:
      first_month = day.year() / January;
      length = months{12};
      break;
  }
  year_month after = first_month + length;
  return {Timestamp(sys_days(first_month / 1)), Timestamp(sys_days(after / 1))};
}

}  // namespace bb::domain
