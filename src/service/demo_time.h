#pragma once
// A random instant for the demo's records (used by `bluebird demo`).

#include <algorithm>
#include <cstdint>
#include <random>

#include "common/clock.h"

namespace bb::service {

// A time drawn from [from, to) with `rng`; `from` when they are the wrong way round or equal.
inline Timestamp DemoTimeBetween(std::mt19937& rng, Timestamp from, Timestamp to) {
  const std::int64_t span = std::max<std::int64_t>(ToMicros(to) - ToMicros(from), 1);
  return FromMicros(ToMicros(from) + std::uniform_int_distribution<std::int64_t>(0, span - 1)(rng));
}

}  // namespace bb::service
