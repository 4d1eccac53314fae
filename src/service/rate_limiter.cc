#include "service/rate_limiter.h"

namespace bb::service {
namespace {
constexpr std::size_t kPruneAbove = 100000;
}

RateLimiter::RateLimiter(const Clock& clock, double per_minute, double burst)
    : clock_(clock), policy_(domain::BucketPolicy::PerMinute(per_minute, burst)) {}

int RateLimiter::Acquire(const std::string& key) {
  if (policy_.per_second <= 0) return 0;
  Timestamp now = clock_.Now();
  std::lock_guard lock(mutex_);
  if (buckets_.size() > kPruneAbove) {
    // Buckets that would be full again carry no information: drop them.
    std::erase_if(buckets_, [&](const auto& entry) { return domain::FullAgainAt(entry.second, policy_) <= now; });
  }
  auto [it, inserted] = buckets_.try_emplace(key, domain::FullBucket(policy_, now));
  return domain::SpendToken(it->second, policy_, now);
}

}  // namespace bb::service
