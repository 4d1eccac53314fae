#pragma once
// The outbox: side effects owed to the world, written with the change that causes them and
// delivered at least once (domain/outbox.h), and each attempt at delivering them.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/outbox.h"

namespace bb::store {

struct OutboxQuery {
  std::optional<domain::OutboxKind> kind;
  std::string target;  // "" for any
  std::optional<domain::OutboxState> state;
  std::string before_id;  // paging: newest first
  int limit = 50;
};

// The queue's figures for one kind, for /metrics.
struct OutboxKindStats {
  domain::OutboxKind kind = domain::OutboxKind::kWebhook;
  std::int64_t pending = 0;
  std::optional<Timestamp> oldest_pending;  // created_at of the oldest pending item
  std::int64_t dead = 0;
};

// The end of one attempt, reported by the worker that claimed the item.
struct OutboxAttemptReport {
  std::string outbox_id;
  std::string holder;  // the worker that claimed it
  int attempt = 0;     // the item's attempt count when claimed
  domain::OutboxAttempt record;
  domain::OutboxState state = domain::OutboxState::kPending;  // what the item becomes
  Timestamp next_attempt_at{};                                // when pending again: when it is due
};

// Reads of this area (see store::Queries for the contract common to all reads).
class OutboxReads {
 public:
  virtual ~OutboxReads() = default;

  virtual Result<std::optional<domain::OutboxItem>> FindOutboxItem(std::string_view id) = 0;
  virtual Result<std::vector<domain::OutboxItem>> ListOutboxItems(const OutboxQuery& query) = 0;
  // The attempts at one item, oldest first.
  virtual Result<std::vector<domain::OutboxAttempt>> ListOutboxAttempts(std::string_view outbox_id) = 0;
  // Whether any pending item is due at `now` (a cheap look before claiming).
  virtual Result<bool> AnyOutboxItemDue(Timestamp now) = 0;
  // One entry per kind that has pending or dead items.
  virtual Result<std::vector<OutboxKindStats>> GetOutboxStats() = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class OutboxWrites {
 public:
  virtual ~OutboxWrites() = default;

  virtual Status InsertOutboxItem(const domain::OutboxItem& item) = 0;
  // Claims up to `limit` pending items due at `now` (the earliest due are chosen) for `holder`
  // until `lease_until`: each is returned, in creation order, with its attempt count raised by one
  // and next_attempt_at set to `lease_until`. Concurrent claims never get the same item. On
  // PostgreSQL the rows are read FOR UPDATE SKIP LOCKED, so a claim skips rows another claim is
  // taking; one that meets a row another claim has just committed fails serialization and is run
  // again by the store (docs/architecture.md), which is why each instance claims from one thread.
  virtual Result<std::vector<domain::OutboxItem>> ClaimOutboxItems(std::string_view holder, Timestamp now,
                                                                   Timestamp lease_until, int limit) = 0;
  // Records an attempt and moves the item as `report` says. A delivery is recorded whenever the
  // item is still pending (a late success is still a success); a failure only while the item is
  // still the reporter's (same holder and attempt), so that a worker whose lease lapsed cannot undo
  // the newer attempt of another. Returns whether the item moved.
  virtual Result<bool> RecordOutboxAttempt(const OutboxAttemptReport& report) = 0;
  // Makes a dead or delivered item pending again, due at `now`, its lease cleared, beginning a new
  // series of attempts at `now`. Returns false when the item does not exist or is pending already.
  virtual Result<bool> ReplayOutboxItem(std::string_view id, Timestamp now) = 0;
  // Replaces the item's payload (an email's message removed once it was sent or given up).
  virtual Status SetOutboxPayload(std::string_view id, std::string_view payload) = 0;
  // Gives up every pending item of `target` (an endpoint deleted or disabled) at `now` with
  // `reason`; returns how many.
  virtual Result<std::int64_t> KillPendingOutboxItems(domain::OutboxKind kind, std::string_view target,
                                                      std::string_view reason, Timestamp now) = 0;
};

}  // namespace bb::store
