#include "domain/token_bucket.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace bb::domain {

BucketPolicy BucketPolicy::PerMinute(double per_minute, double burst) {
  return BucketPolicy{per_minute / 60.0, std::max(burst, 1.0)};
}

TokenBucket FullBucket(const BucketPolicy& policy, Timestamp now) { return TokenBucket{policy.burst, now}; }

int SpendToken(TokenBucket& bucket, const BucketPolicy& policy, Timestamp now) {
  if (policy.per_second <= 0) return 0;
  double elapsed = std::max(0.0, std::chrono::duration<double>(now - bucket.updated).count());
  bucket.tokens = std::min(policy.burst, bucket.tokens + elapsed * policy.per_second);
  bucket.updated = std::max(bucket.updated, now);
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - bucket.tokens) / policy.per_second)));
}

Timestamp FullAgainAt(const TokenBucket& bucket, const BucketPolicy& policy) {
  if (policy.per_second <= 0 || bucket.tokens >= policy.burst) return bucket.updated;
  double seconds = std::ceil((policy.burst - bucket.tokens) / policy.per_second);
  return bucket.updated + std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
}

}  // namespace bb::domain
