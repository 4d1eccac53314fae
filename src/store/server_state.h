#pragma once
// What the server keeps for itself: idempotency records of answered requests, settings (such as
// the key that signs cursors), the rate limits that hold across instances, and the leases by which
// one instance at a time runs a background job.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/account.h"
#include "domain/token_bucket.h"

namespace bb::store {

// A rate limiter's bucket, kept under a hash of its key (keys name addresses and emails).
struct StoredRateBucket {
  std::string key_hash;
  domain::TokenBucket bucket;
  Timestamp full_at{};  // when the bucket is full again; it may be forgotten after
};

// Reads of this area (see store::Queries for the contract common to all reads).
class ServerStateReads {
 public:
  virtual ~ServerStateReads() = default;

  virtual Result<std::optional<domain::IdempotencyRecord>> FindIdempotencyRecord(std::string_view scope,
                                                                                 std::string_view key) = 0;
  virtual Result<std::optional<std::string>> GetSetting(std::string_view name) = 0;
  virtual Result<std::optional<StoredRateBucket>> FindRateBucket(std::string_view key_hash) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class ServerStateWrites {
 public:
  virtual ~ServerStateWrites() = default;

  virtual Status InsertIdempotencyRecord(const domain::IdempotencyRecord& record) = 0;
  // Removes records whose expiry is at or before `now`; returns how many.
  virtual Result<std::int64_t> DeleteExpiredIdempotencyRecords(Timestamp now) = 0;
  virtual Status PutSetting(std::string_view name, std::string_view value) = 0;

  // Inserts or replaces the bucket with this key hash. Tokens are kept to a thousandth.
  virtual Status PutRateBucket(const StoredRateBucket& bucket) = 0;
  // Removes buckets full again at or before `now`; returns how many.
  virtual Result<std::int64_t> DeleteFullRateBuckets(Timestamp now) = 0;

  // Claims the lease on background job `job` for `holder` until `until`: true when the lease was
  // free, expired at or before `now`, or already `holder`'s (then extended); false when another
  // holder's lease runs past `now`, or another transaction is claiming it at this moment (on
  // PostgreSQL the row is read FOR UPDATE SKIP LOCKED, so a claim never waits for another).
  virtual Result<bool> ClaimJobLease(std::string_view job, std::string_view holder, Timestamp now, Timestamp until) = 0;
  // Ends `holder`'s lease on `job` at `now` (another holder may claim it at once); nothing when the
  // lease is someone else's.
  virtual Status ReleaseJobLease(std::string_view job, std::string_view holder, Timestamp now) = 0;
};

}  // namespace bb::store
