#pragma once
// What the server keeps for itself: idempotency records of answered requests, and settings (such
// as the key that signs cursors).
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/account.h"

namespace bb::store {

// Reads of this area (see store::Queries for the contract common to all reads).
class ServerStateReads {
 public:
  virtual ~ServerStateReads() = default;

  virtual Result<std::optional<domain::IdempotencyRecord>> FindIdempotencyRecord(std::string_view scope,
                                                                                 std::string_view key) = 0;
  virtual Result<std::optional<std::string>> GetSetting(std::string_view name) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class ServerStateWrites {
 public:
  virtual ~ServerStateWrites() = default;

  virtual Status InsertIdempotencyRecord(const domain::IdempotencyRecord& record) = 0;
  // Removes records whose expiry is at or before `now`; returns how many.
  virtual Result<std::int64_t> DeleteExpiredIdempotencyRecords(Timestamp now) = 0;
  virtual Status PutSetting(std::string_view name, std::string_view value) = 0;
};

}  // namespace bb::store
