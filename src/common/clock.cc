#include "common/clock.h"

namespace bb {

Timestamp SystemClock::Now() const { return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now()); }

}  // namespace bb
