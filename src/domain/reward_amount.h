#pragma once
// What a reward is worth: a rule's amount (fixed, or a percentage of the deal with a floor and a
// ceiling), a time-boxed promotion's multiplier, and the calendar periods caps are counted in.
// Pure rules, no I/O; money is integer minor units throughout.
//
// Rounding, everywhere a fraction of a minor unit arises: to the nearest minor unit, halves away
// from zero ("commercial" rounding: 12.5 cents is 13 cents), computed exactly in 128-bit integers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"

namespace bb::domain {

inline constexpr std::int64_t kBasisPointsPerUnit = 10'000;  // 100% = 10,000 bp

// The largest amount Bluebird records, in minor units (a quadrillion: 10^13 dollars): deal values,
// fixed amounts, floors, ceilings and caps are 0 ..= this, and a computed reward above it is
// withheld rather than written. Any sum of such amounts is computed in 128 bits.
inline constexpr std::int64_t kMaxMinorAmount = 1'000'000'000'000'000;
inline constexpr std::int64_t kMaxPercentBp = 1'000'000;   // 10,000% of the deal
inline constexpr std::int64_t kMaxMultiplierBp = 100'000;  // a promotion multiplies by at most 10
std::string CheckMinorAmount(std::int64_t value);          // "" or what is wrong: 0 ..= kMaxMinorAmount

struct RewardAmount {
  // Exactly one of fixed_minor and percent_bp is set.
  std::optional<std::int64_t> fixed_minor;
  std::optional<std::int64_t> percent_bp;  // of the deal value
  std::optional<std::int64_t> min_minor;   // with percent_bp: the floor
  std::optional<std::int64_t> max_minor;   // with percent_bp: the ceiling
};

// Checks an amount as a client sent it. Fails with kInvalidArgument naming each bad field under
// `prefix` ("amount.percent_bp", ...): exactly one of fixed_minor and percent_bp; fixed_minor,
// min_minor and max_minor 0 ..= kMaxMinorAmount; 0 <= percent_bp <= kMaxPercentBp; min and max
// only with percent_bp, min <= max.
Status CheckRewardAmount(const RewardAmount& amount, std::string_view prefix = "amount");

// A multiplier (in basis points: 20,000 doubles) for rewards created from `starts_at`
// (inclusive) until `ends_at` (exclusive).
struct Promotion {
  std::int64_t multiplier_bp = kBasisPointsPerUnit;
  Timestamp starts_at;
  Timestamp ends_at;
};

// Checks a promotion: 0 <= multiplier_bp <= kMaxMultiplierBp (10x) and starts_at < ends_at; field
// names under `prefix`.
Status CheckPromotion(const Promotion& promotion, std::string_view prefix = "promotion");

// True when a reward created at `at` falls in the promotion.
bool PromotionApplies(const Promotion& promotion, Timestamp at);

// The value of a reward: the fixed amount, or percent_bp of `deal_value_minor` rounded and then
// held between min_minor and max_minor; then, when `promotion` applies at `at`, multiplied by
// it and rounded. Every step is exact (128 bits), whatever the stored rule holds. Fails with
// kInvalidArgument on field "deal_value_minor" when a percentage needs a deal value and none (or a
// negative one) is given, and with kOutOfRange when the value is above kMaxMinorAmount (then no
// reward may be written). Precondition: denominator-free; any stored rule is accepted.
Result<std::int64_t> ComputeRewardAmount(const RewardAmount& amount, std::optional<std::int64_t> deal_value_minor,
                                         const std::optional<Promotion>& promotion, Timestamp at);

// `value` * `numerator` / `denominator`, rounded to the nearest integer, halves away from zero,
// or nullopt when the result does not fit in 64 bits. Precondition: denominator > 0.
std::optional<std::int64_t> MultiplyRounded(std::int64_t value, std::int64_t numerator, std::int64_t denominator);

// Calendar periods (UTC) over which caps are counted.
enum class CapPeriod { kMonth, kQuarter, kYear };

std::string_view ToString(CapPeriod period);
std::optional<CapPeriod> ParseCapPeriod(std::string_view text);

// The UTC calendar period containing `at`: [start, end).
struct PeriodBounds {
  Timestamp start;
  Timestamp end;
};
PeriodBounds PeriodContaining(CapPeriod period, Timestamp at);

}  // namespace bb::domain
