#pragma once
// Token-bucket rate limiting by key (e.g. "login:" + email), in memory, on the injected clock.
// Each key may spend `burst` actions at once and regains `per_minute` per minute.
//
// Thread-safety: all methods may be called concurrently.

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/clock.h"

namespace bb::service {

class RateLimiter {
 public:
  // per_minute == 0 disables the limiter (every action is allowed).
  RateLimiter(const Clock& clock, double per_minute, double burst);

  // Spends one token of `key`. Returns 0 when allowed, else the whole seconds until a token is
  // available (at least 1).
  int Acquire(const std::string& key);

 private:
  struct Bucket {
    double tokens;
    Timestamp updated;
  };
  const Clock& clock_;
  const double per_second_;
  const double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace bb::service
