#pragma once
// Token-bucket rate limiting by key, in this process's memory, on the injected clock (arithmetic in
// domain/token_bucket.h). For limits that must hold across instances sharing a database, see
// SharedRateLimiter; this one is for the tracked link's per-address click limit, where a database
// write per click would cost more than the limit protects (docs/architecture.md).
//
// Thread-safety: all methods may be called concurrently.

#include <mutex>
#include <string>
#include <unordered_map>

#include "common/clock.h"
#include "domain/token_bucket.h"

namespace bb::service {

class RateLimiter {
 public:
  // per_minute == 0 disables the limiter (every action is allowed).
  RateLimiter(const Clock& clock, double per_minute, double burst);

  // Spends one token of `key`. Returns 0 when allowed, else the whole seconds until a token is
  // available (at least 1).
  int Acquire(const std::string& key);

 private:
  const Clock& clock_;
  const domain::BucketPolicy policy_;
  std::mutex mutex_;
  std::unordered_map<std::string, domain::TokenBucket> buckets_;
};

}  // namespace bb::service
