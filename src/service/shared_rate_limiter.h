#pragma once
// Token-bucket rate limiting by key, kept in the database so that every instance sharing it counts
// against the same buckets: the limits on sign-in, password resets and public forms hold whichever
// instance a request reaches. Each spend is one small write transaction (serialised per key on
// PostgreSQL, where two instances spending the same key at once retry); used on paths that are
// rare or expensive anyway. Keys are stored as SHA-256 hashes; full buckets are forgotten by
// PurgeFullBuckets (the maintenance job).
//
// Thread-safety: all methods may be called concurrently, from any instance.

#include <cstdint>
#include <initializer_list>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "domain/token_bucket.h"
#include "store/store.h"

namespace bb::service {

class SharedRateLimiter {
 public:
  // per_minute == 0 disables the limiter (every action is allowed, nothing is written).
  SharedRateLimiter(store::Store& store, const Clock& clock, double per_minute, double burst);

  // Spends one token of each key, in one transaction. Returns 0 when every key allowed it, else the
  // whole seconds until all would (at least 1), and then nothing is spent or written. A storage
  // failure is returned as is: the caller refuses the action (limits fail closed).
  Result<int> Acquire(std::initializer_list<std::string> keys);

  // Removes every limiter's buckets that are full again by now; returns how many.
  Result<std::int64_t> PurgeFullBuckets();

 private:
  store::Store& store_;
  const Clock& clock_;
  const domain::BucketPolicy policy_;
};

}  // namespace bb::service
