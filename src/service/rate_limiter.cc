#include "service/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace bb::service {
namespace {
constexpr std::size_t kPruneAbove = 100000;
}

RateLimiter::RateLimiter(const Clock& clock, double per_minute, double burst)
    : clock_(clock), per_second_(per_minute / 60.0), burst_(std::max(burst, 1.0)) {}

int RateLimiter::Acquire(const std::string& key) {
  if (per_second_ <= 0) return 0;
  Timestamp now = clock_.Now();
  std::lock_guard lock(mutex_);
  if (buckets_.size() > kPruneAbove) {
    // Buckets that would be full again carry no information: drop them.
    std::erase_if(buckets_, [&](const auto& entry) {
      double elapsed = std::chrono::duration<double>(now - entry.second.updated).count();
      return entry.second.tokens + elapsed * per_second_ >= burst_;
    });
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& bucket = it->second;
  double elapsed = std::max(0.0, std::chrono::duration<double>(now - bucket.updated).count());
  bucket.tokens = std::min(burst_, bucket.tokens + elapsed * per_second_);
  bucket.updated = now;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - bucket.tokens) / per_second_)));
}

}  // namespace bb::service
