#pragma once
// Token-bucket arithmetic, shared by the in-memory and the database-backed rate limiters: a key may
// spend `burst` actions at once and regains `per_minute` per minute. Pure functions on values.

#include "common/clock.h"

namespace bb::domain {

struct BucketPolicy {
  double per_second = 0;  // tokens regained per second; 0 or less disables limiting
  double burst = 1;       // the most tokens a bucket holds (at least 1)

  static BucketPolicy PerMinute(double per_minute, double burst);
};

struct TokenBucket {
  double tokens = 0;
  Timestamp updated{};
};

// A full bucket at `now`.
TokenBucket FullBucket(const BucketPolicy& policy, Timestamp now);

// Refills `bucket` up to `now` and spends one token. Returns 0 when spent (the bucket then holds
// one less), else the whole seconds until a token is available (at least 1; the bucket keeps what
// it had, refilled). A clock that went backwards refills nothing.
int SpendToken(TokenBucket& bucket, const BucketPolicy& policy, Timestamp now);

// When `bucket` will be full again if nothing is spent: after that it carries no information and
// may be forgotten.
Timestamp FullAgainAt(const TokenBucket& bucket, const BucketPolicy& policy);

}  // namespace bb::domain
