#pragma once
// The audit trail: appended in the transaction of the change it records, never changed.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/audit.h"

namespace bb::store {

// Audit events matching every filter that is set, newest first.
struct AuditQuery {
  std::string actor;
  std::string object_id;
  std::string kind;
  std::optional<Timestamp> from;    // inclusive
  std::optional<Timestamp> before;  // exclusive
  std::string before_id;
  int limit = 50;
};

// Reads of this area (see store::Queries for the contract common to all reads).
class AuditReads {
 public:
  virtual ~AuditReads() = default;

  virtual Result<std::vector<domain::AuditEvent>> ListAuditEvents(const AuditQuery& query) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class AuditWrites {
 public:
  virtual ~AuditWrites() = default;

  // Appends an audit event (the trail is never changed).
  virtual Status InsertAuditEvent(const domain::AuditEvent& event) = 0;
};

}  // namespace bb::store
