#include "service/shared_rate_limiter.h"

#include <algorithm>
#include <vector>

#include "crypto/crypto.h"

namespace bb::service {

SharedRateLimiter::SharedRateLimiter(store::Store& store, const Clock& clock, double per_minute, double burst)
    : store_(store), clock_(clock), policy_(domain::BucketPolicy::PerMinute(per_minute, burst)) {}

Result<int> SharedRateLimiter::Acquire(std::initializer_list<std::string> keys) {
  if (policy_.per_second <= 0) return 0;
  std::vector<std::string> hashes;
  hashes.reserve(keys.size());
  for (const auto& key : keys) hashes.push_back(crypto::Sha256Hex(key));
  int wait = 0;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    wait = 0;
    Timestamp now = clock_.Now();
    std::vector<store::StoredRateBucket> spent;
    for (const auto& hash : hashes) {
      BB_ASSIGN_OR_RETURN(auto stored, tx.FindRateBucket(hash));
      domain::TokenBucket bucket = stored ? stored->bucket : domain::FullBucket(policy_, now);
      wait = std::max(wait, domain::SpendToken(bucket, policy_, now));
      spent.push_back(store::StoredRateBucket{hash, bucket, domain::FullAgainAt(bucket, policy_)});
    }
    // A refused attempt spends nothing and writes nothing: an attacker's flood costs no writes.
    if (wait > 0) return Ok();
    for (const auto& bucket : spent) BB_RETURN_IF_ERROR(tx.PutRateBucket(bucket));
    return Ok();
  }));
  return wait;
}

Result<std::int64_t> SharedRateLimiter::PurgeFullBuckets() {
  std::int64_t removed = 0;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(removed, tx.DeleteFullRateBuckets(clock_.Now()));
    return Ok();
  }));
  return removed;
}

}  // namespace bb::service
